"""The accuracy benchmark's specifics matching is fair in both directions (benchmarks/accuracy_matching.py).

Each rule has a case where a right answer in another accepted form is accepted and one where a vague or
wrong answer is refused; the figures the project reports depend on both.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("accuracy_matching", ROOT / "benchmarks" / "accuracy_matching.py")
m = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(m)


def _loc(file, line=None):
    return [{"file": file, "line": line}]


# ---- file ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "file", "line"), [
    ("pkg/b.py", "pkg/b.py", None),
    ("b.py", "src/pkg/b.py", 3),                      # the label is the basename the log printed
    ("src/pkg/b.py:12", "pkg/b.py", 12),              # the log printed a shorter relative path
    ("src/index.ts:253:7", "/home/runner/work/x/x/src/index.ts", 253),
    ("tests/test_a.py:112", "tests\\test_a.py", 112),  # Windows separators
    ("../../features/a.feature:7", "../../features/a.feature", 7),
    ("variables.tf:82", "../../variables.tf", 82),
    ("Dockerfile.simple:16", "dockerfile.simple", 16),
])
def test_file_accepts_the_same_path_at_a_boundary(label, file, line):
    assert m.file_matches(label, _loc(file, line))


@pytest.mark.parametrize(("label", "file", "line"), [
    ("b.py", "pkg/ab.py", None),                      # suffix inside a name
    ("pkg/ab.py", "b.py", None),
    ("src/index.ts:253", "src/index.ts", 243),        # wrong line
    ("src/index.ts:253", "src/index.ts", None),       # the label has a line, the answer none
    ("login.ts:102", "generators/llm-generator.ts", 102),
    ("lib/a.py", "lib/", None),                      # a directory is not the file
    ("a.py", "", None),
])
def test_file_refuses_other_files_and_lines(label, file, line):
    assert not m.file_matches(label, _loc(file, line))


def test_file_label_without_line_accepts_any_line():
    assert m.file_matches("src/a.ts", _loc("src/a.ts", 9))


# ---- module -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "answer"), [
    ("eslint", "eslint"),
    ("@tailwindcss/forms", "@tailwindcss/forms"),
    ("neo4j storage adapter", "Neo4j Storage Adapter E2E"),   # the answer covers every label token
    ("lightningcss", "../lightningcss.linux-x64-gnu.node"),
    (":app", ":app"),
    ("KnowledgeGraphManager", "KnowledgeGraphManager - Extended Coverage"),
    ("gio-2.0", "gio-2.0"),
    # a version is not part of a module (LABELING.md), on either side
    ("phantomjs@1.9.20", "phantomjs"),
    ("@semantic-release/commit-analyzer", "@semantic-release/commit-analyzer@8.0.1"),
    ("@semantic-release/commit-analyzer@9.0.2", "@semantic-release/commit-analyzer@8.0.1"),
    ("org.apache.maven.wagon:wagon-ssh:2.2", "org.apache.maven.wagon:wagon-ssh"),
    ("org.x.ext:build-cache:1.0.0-SNAPSHOT", "org.x.ext:build-cache:jar:1.0.0-SNAPSHOT"),
    ("github.com/stretchr/testify@v1.9.0", "github.com/stretchr/testify"),
    ("requests==2.31.0", "requests"),
])
def test_module_accepts_an_answer_covering_the_label_tokens(label, answer):
    assert m.module_matches(label, [answer])


@pytest.mark.parametrize(("label", "answer"), [
    ("my-app", "app"),                               # 3-letter substring of the label
    ("npm-run-all", "npm"),
    ("@semantic-release/commit-analyzer@8.0.1", "semantic-release"),  # part of the label's tokens
    ("eslint", "eslintrc"),                          # not at a token boundary
    ("libwebkit2gtk-4.0-dev", "libwebkit2gtk-4.1-dev"),  # another version is another package
    ("app", ""),
    ("phantomjs@1.9.20", "phantom"),                  # dropping the version keeps the whole name
    ("org.x:core:1.0", "org.y:core:1.0"),             # the same artifact of another group
    ("gio-2.0", "gio"),                               # digits inside a name are not a version
])
def test_module_refuses_an_answer_short_of_the_label(label, answer):
    assert not m.module_matches(label, [answer])


@pytest.mark.parametrize(("module", "bare"), [
    ("phantomjs@1.9.20", "phantomjs"),
    ("@scope/pkg@^2.0.0", "@scope/pkg"),
    ("@scope/pkg", "@scope/pkg"),                     # a leading scope is not a version
    ("eslint@latest", "eslint"),
    ("golang.org/x/vuln@v1.1.4", "golang.org/x/vuln"),
    ("numpy>=1.26", "numpy"),
    ("g.id:art:pom:2.0.1-SNAPSHOT", "g.id:art"),
    ("g.id:art", "g.id:art"),
    (":exporters:otlp:common", ":exporters:otlp:common"),  # a Gradle project path has no version
    ("libwebkit2gtk-4.0-dev", "libwebkit2gtk-4.0-dev"),
    ("//:zetasketch", "//:zetasketch"),
])
def test_strip_version_drops_only_a_trailing_version(module, bare):
    assert m.strip_version(module) == bare


# ---- command ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "answer"), [
    ("npm run test:unit", "npm run test:unit"),
    ("cmake -B ./build -DMODULE=SmokeAPI ...", 'cmake -B "./build" -DMODULE=SmokeAPI -A x64'),  # quotes
    ("pytest  -q   -m 'not slow'", 'pytest -q -m "not slow"'),                                 # whitespace
    ("uv run pytest", "uv run pytest tests/unit"),         # the answer runs on with arguments
    ("./start.sh unittest", "if [[ 3.7 != 3.9 ]]; then ./start.sh unittest; fi"),  # `;` is a separator
    ("go build -v -o .../terraform-provider-x", "go build -v -o /home/r/work/terraform-provider-x"),
    ("docker run --rm ... golang:1.23 go test ./...", "docker run --rm -v a:/w golang:1.23 go test ./..."),
    ("docker/build-push-action", "docker/build-push-action@v5"),   # an action ref at any ref
    ("github/codeql-action/analyze", "github/codeql-action/analyze@v3"),
    ("actions/setup-java@v4", "actions/setup-java@v4"),
])
def test_command_accepts_the_same_command(label, answer):
    assert m.command_matches(label, answer)


@pytest.mark.parametrize(("label", "answer"), [
    ("npm run test:unit", "npm"),                     # a short answer inside the label
    ("npm ci && npm run build && npm test", "npm test"),
    ("make test", "make test-unit"),                  # not at a word boundary
    ("pytest", "python -m pytest_cov"),
    ("go test ./...", "go test ./pkg/a"),             # Go's ./... is literal, not an elision
    ("cmake -S . -B build ...", "cmake -S src -B build"),
    ("npm test", None),
    ("npm test", ""),
    ("docker/build-push-action", "docker/build-push-action-extra@v5"),  # another action
    ("docker/build-push-action", "docker/setup-buildx-action@v3"),
    ("actions/setup-java@v4", "actions/setup-java@v3"),  # a label with a ref wants that ref
    ("./scripts/verify.sh", "./scripts/verify.sh@x"),  # a path is not an action ref
])
def test_command_refuses_a_partial_or_other_command(label, answer):
    assert not m.command_matches(label, answer)


# ---- tests --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "answer"), [
    ("org.mock.VerificationAfterDelayTest.shouldStop", "org.mock.VerificationAfterDelayTest > shouldStop"),
    ("org.mock.VerificationAfterDelayTest > shouldStop", "org.mock.VerificationAfterDelayTest.shouldStop"),
    ("RetryInterceptorTest > connectTimeout()", "io.otel.RetryInterceptorTest.connectTimeout"),
    ("fr.x.LondonCalendarTest.ensureConsistency", "LondonCalendarTest.ensureConsistency"),  # Class.method
    ("UserEndpointTest > GetUserDetail > shouldFail()", "UserEndpointTest$GetUserDetail.shouldFail"),
    ("tests/test_a.py::TestX::test_y", "tests.test_a.TestX.test_y"),
    ("tests/test_a.py::test_y[1-2]", "test_a.py::test_y[1-2]"),
    ("test/a.test.ts > Suite > should work", "Suite > should work"),
    ("coordinated_shutdown_order", "runtime_tests::coordinated_shutdown_order"),
    ("spec/realworld/edgecases_spec.rb:43", "./spec/realworld/edgecases_spec.rb:43"),
    ("spec/app_spec.rb:11 Sinatra app loads homepage", "./spec/app_spec.rb:11"),   # rspec's rerun id
    ("test/rating_test.dart: Rating Perfect call should score 100",
     "/home/runner/work/h/h/test/rating_test.dart: Rating Perfect call should score 100"),
    ("scoreTask scores does not modify stats", "does not modify stats"),   # mocha title under its suites
    ("test/cli.test.js › output as stream when - is given", "output as stream when - is given"),
    # a runner's project tag is not part of the id, on either side
    ("|api| test/a.test.ts > Suite > should work", "test/a.test.ts > Suite > should work"),
    ("test/a.test.ts > Suite > should work", "|@scope/web| test/a.test.ts > Suite > should work"),
    ("[chromium] › tests/auth.spec.ts:125:5 › Login › works", "tests/auth.spec.ts:125:5 › Login › works"),
    ("tests/auth.spec.ts:125:5 › Login › works", "[webkit] › tests/auth.spec.ts:125:5 › Login › works"),
])
def test_tests_accepts_the_same_test_in_another_form(label, answer):
    assert m.test_matches(label, [answer])


@pytest.mark.parametrize(("label", "answer"), [
    ("pkg.Class.method", "method"),                   # a bare method name could be any class's
    ("pkg.Class.method", "pkg.Other.method"),
    ("Class > method", "Class > method2"),
    ("tests/test_a.py::test_y", "tests/test_a.py"),    # the file is not the test
    ("tests/test_a.py::test_y[1]", "tests/test_a.py::test_y[2]"),
    ("spec/app_spec.rb:11 Sinatra app loads homepage", "./spec/app_spec.rb:17"),
    ("Suite > should return correct statistics", "Suite > should return correct stats for populated graph"),
    ("Suite scores works", "works"),                  # a one- or two-word title is too vague alone
    ("|api| test/a.test.ts > Suite > should work", "|api| test/b.test.ts > Suite > should fail"),
    ("[chromium] › tests/a.spec.ts:1:1 › A › works", "[chromium] › tests/a.spec.ts:9:1 › B › fails"),
])
def test_tests_refuses_another_or_vaguer_test(label, answer):
    assert not m.test_matches(label, [answer])


def test_test_forms_read_rspec_and_vitest_ids():
    assert ["spec", "app_spec:11"] in m.test_forms("spec/app_spec.rb:11 Sinatra app loads homepage")
    assert ["spec", "app_spec", "sinatra app loads homepage"] in m.test_forms("spec/app_spec.rb:11 Sinatra app loads homepage")
    assert m.test_forms("test/a.test.ts > Suite > should work") == [["test", "a.test", "suite", "should work"]]


def test_tests_field_is_right_when_any_label_is_found():
    assert m.test_matches("A > b", ["C > d", "x.A.b"])
    assert not m.test_matches("A > b", ["C > d", "A > c"])
