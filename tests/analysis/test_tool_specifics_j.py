"""Tool recognition and readings for the mistakes corpus part J showed (issue #17), on real output formats (sources
cited per test). Each test fails when its rule is removed."""

from __future__ import annotations

from autoheal.analysis.tools import read_step

from .tool_reading import numbered


def test_a_script_s_cross_mark_emoji_is_not_xcpretty():
    # scripts echo "❌ ..." all the time (a helm diagnostics step, corpus part J); xcpretty's error line is
    # "❌  /path/File.swift:12:5: message" (xcpretty lib/xcpretty/formatters/formatter.rb: ERROR = '❌ ')
    report = read_step('echo "❌ Helm release did not become ready. Dumping diagnostics …"',
                       numbered("❌ Helm release did not become ready. Dumping diagnostics …\nNAME   READY\n"))
    assert "xcodebuild" not in report.tools
    swift = read_step("./scripts/ci.sh", numbered(
        "❌  /Users/runner/work/app/App/View.swift:12:5: cannot find 'foo' in scope\n** BUILD FAILED **\n"))
    assert "xcodebuild" in swift.tools


def test_golangci_lint_typecheck_is_the_compiler_s_error_not_a_finding():
    # golangci-lint's FAQ: typecheck is not a linter, it reports the code's compilation errors
    # (https://golangci-lint.run/welcome/faq/#why-do-you-have-typecheck-errors-in-your-output)
    report = read_step("golangci-lint run --timeout=10m", numbered(
        "pkg/config/kubernetes_secrets_example.go:79:24: undefined: NewSecretManager (typecheck)\n"
        "cmd/api/main.go:12:2: Error return value of `f.Close` is not checked (errcheck)\n"))
    assert [f.category for f in report.findings if f.kind == "cause"] == ["compile_error", "lint"]


def test_a_golangci_lint_run_of_typecheck_errors_answers_compile_error():
    from autoheal.analysis import analyze

    from .conftest import make_gh_log
    a = analyze(make_gh_log(
        "##[error]pkg/config/kubernetes_secrets_example.go:79:24: undefined: NewSecretManager (typecheck)",
        "##[error]cmd/llm-processor/main_test.go:191:46: cannot use &cfg (value of type *Config) as int64 value in "
        "argument to NewLimiter (typecheck)",
        "##[error]cmd/llm-processor/service_manager_test.go:447:14: undefined: Config (typecheck)",
        "##[error]issues found",
        step="Run golangci/golangci-lint-action@v6", exit_code=None))
    assert a.category == "compile_error"
