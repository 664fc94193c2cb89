"""Whatever bytes a repository holds, a fix returns a FixResult (or a refusal) and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autoheal.fixes import FixResult
from autoheal.fixes.dependency import add_dependency, choose_target
from autoheal.fixes.timeout import increase_timeout
from autoheal.fixes.workflow_list import discover_workflows, sync_workflow_run_list

# Text built from the characters that matter to the parsers, so the search reaches their edge cases.
structural = st.text(alphabet=st.sampled_from(list(" \t\n\r:-#[]{},'\"\\=.*&!|>@ajobsnrwkflu0123") + ["\ufeff"]),
                     max_size=120)
prefixes = st.sampled_from([
    "", "jobs:\n  a:\n    ", "on:\n  workflow_run:\n    workflows:\n", "[project]\ndependencies = [",
    '{"dependencies": {', "requests\n",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=prefixes, body=structural)
def test_fixes_never_raise_on_arbitrary_text(prefix, body):
    text = prefix + body
    results = [
        increase_timeout("w.yml", text, "a"),
        sync_workflow_run_list("w.yml", text, ["CI", "Lint"]),
        add_dependency("requirements.txt", text, "PyYAML"),
        add_dependency("pyproject.toml", text, "PyYAML", group="test"),
        add_dependency("package.json", text, "lodash"),
    ]
    for result in results:
        assert isinstance(result, FixResult) and result.summary
        assert result.changed == (result.new != result.old)
    discover_workflows({".github/workflows/w.yml": text})
    choose_target({"pyproject.toml": text, "requirements.txt": text, "tox.ini": text}, dev=True)
