"""Tool readings for the mistake classes corpus part F showed (issue #17). Each test fails when its rule is removed."""

from __future__ import annotations

from autoheal.analysis import analyze

from .conftest import make_gh_log


def test_clippy_step_with_rustc_coded_errors_is_compile_error():
    # cargo clippy compiles the crate first: rustc's coded errors (https://doc.rust-lang.org/error_codes/) are the
    # code not compiling; clippy's own lints carry no code
    log = make_gh_log(
        "    Checking app v0.1.0 (/home/runner/work/app/app)",
        "error[E0560]: struct `routing::Edge` has no field named `score`",
        "  --> crates/app/src/graph.rs:41:13",
        "   |",
        "41 |             score: 0.0,",
        "   |             ^^^^^ `routing::Edge` does not have this field",
        "",
        "error[E0425]: cannot find value `limit` in this scope",
        "  --> crates/app/src/graph.rs:57:20",
        "",
        "error: could not compile `app` (lib) due to 2 previous errors",
        step="Run cargo clippy --all-targets -- -D warnings",
    )
    a = analyze(log)
    assert a.category == "compile_error"
    assert a.tool == "clippy"


def test_clippy_lint_stays_lint():
    log = make_gh_log(
        "    Checking app v0.1.0 (/home/runner/work/app/app)",
        "error: this `if` has identical blocks",
        "  --> src/lib.rs:10:5",
        "   |",
        "   = help: for further information visit https://rust-lang.github.io/rust-clippy/master/index.html#if_same_then_else",
        "   = note: `#[deny(clippy::if_same_then_else)]` on by default",
        "",
        "error: could not compile `app` (lib) due to 1 previous error",
        step="Run cargo clippy --all-targets -- -D warnings",
    )
    assert analyze(log).category == "lint"


def _eslint_log(*findings: str, summary: str, max_warnings: bool) -> str:
    # ESLint's stylish formatter (https://eslint.org/docs/latest/use/formatters/#stylish): the file, then
    # `line:col  severity  message  rule`; `--max-warnings` adds "ESLint found too many warnings (maximum: N)."
    return make_gh_log(
        "> eslint app/ --max-warnings=0",
        "",
        "/home/runner/work/app/app/app/lib/api.ts",
        *findings,
        "",
        summary,
        *(["", "ESLint found too many warnings (maximum: 0)."] if max_warnings else []),
        step="Run npx eslint app/ --max-warnings=0",
    )


def test_eslint_max_warnings_keys_the_warning_lines():
    a = analyze(_eslint_log(
        "  307:26  warning  Unexpected any. Specify a different type  @typescript-eslint/no-explicit-any",
        summary="\u2716 1 problem (0 errors, 1 warning)", max_warnings=True,
    ))
    assert a.category == "lint"
    assert "Unexpected any" in a.key_lines[0].text
    assert a.specifics["locations"][0]["line"] == 307


def test_eslint_errors_are_keyed_before_warnings():
    a = analyze(_eslint_log(
        "  12:5   warning  Unexpected console statement  no-console",
        "  40:10  error    'x' is assigned a value but never used  no-unused-vars",
        summary="\u2716 2 problems (1 error, 1 warning)", max_warnings=False,
    ))
    assert a.category == "lint"
    assert "never used" in a.key_lines[0].text
    assert all("console" not in k.text for k in a.key_lines[:1])
    assert a.specifics["locations"][0]["line"] == 40


# --- the generic fallback's key lines (no rule fired) ----------------------------------------------------------------


def test_fallback_keys_the_failing_commands_last_error_over_earlier_generic_lines():
    # three unrelated lines with a failure word, then the command's own last words before the exit
    log = make_gh_log(
        "Loading dataset ... failed to read cache, rebuilding",
        "Fetching fixtures: lookup failed, retrying",
        "Scoring run: error budget 5%",
        "Error: Evaluation failed.",
        step="Run evalkit run --config eval.yaml",
    )
    a = analyze(log)
    assert a.category == "unknown"
    assert a.key_lines[0].text == "Error: Evaluation failed."


def test_fallback_puts_a_loggers_warnings_below_the_commands_error():
    # Python logging's `%(asctime)s - %(name)s:%(levelname)s` lines that mention an error, then the CLI's verdict
    log = make_gh_log(
        "23:11:47 - LiteLLM:WARNING: common_utils.py:979 - litellm: could not pre-load bedrock-runtime response "
        "stream shape. Error: No module named 'botocore'",
        "23:11:48 - LiteLLM:WARNING: common_utils.py:24 - litellm: could not pre-load sagemaker-runtime response "
        "stream shape. Error: No module named 'botocore'",
        "agents-cli v1.0.0",
        "Error: Evaluation failed.",
        step="Run agents-cli eval run",
    )
    a = analyze(log)
    assert a.key_lines[0].text == "Error: Evaluation failed."
    assert all("LiteLLM" not in k.text for k in a.key_lines[:2])
