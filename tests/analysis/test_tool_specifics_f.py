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
