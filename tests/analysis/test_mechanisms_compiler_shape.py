"""Blind-miss mechanism: a compiler's diagnostic SHAPE read as the compiler's verdict (docs/analysis.md, "Blind
misses by mechanism"). The generic reader of `file:line:col: error:` lines and of link errors was right 4 times in 8
blind (parts E and G, four repositories), every other parser 34 in 38: a checker's finding in that shape is lint, and
a link error does not say why a symbol is missing, so it stays below the PR gate.

The outputs below are real: cppcheck 2.10 and GNU gcc/ld 12 (Debian bookworm) run on two small C files here; the
other linkers' lines are quoted from their documented messages (cited per test)."""

from __future__ import annotations

from autoheal.analysis import analyze

from .conftest import make_gh_log

# `cppcheck --error-exitcode=1 --enable=all x.c` (cppcheck 2.10): its default template is
# `{file}:{line}:{column}: {severity}:{inconclusive:inconclusive: }{message} [{id}]` then the code and a caret.
CPPCHECK = (
    "Checking x.c ...",
    "x.c:4:4: error: Array 'a[10]' accessed at index 10, which is out of bounds. [arrayIndexOutOfBounds]",
    "  a[10] = n;",
    "   ^",
    "x.c:6:3: error: Memory leak: p [memleak]",
    "  return a[0];",
    "  ^",
    "x.c:5:11: style: Variable 'p' is assigned a value that is never used. [unreadVariable]",
    "  char *p = malloc(4);",
    "          ^",
)


def test_a_static_checkers_findings_in_a_compilers_shape_are_lint():
    a = analyze(make_gh_log(*CPPCHECK, step="Run ./ci/static-analysis.sh"))
    assert a.category == "lint"


def test_a_clang_tidy_check_of_any_module_is_lint():
    # clang-tidy names each finding by its check, `module-check` (https://clang.llvm.org/extra/clang-tidy/): a
    # project's own module (loaded with -load) reads like the bundled ones.
    log = make_gh_log(
        "src/store.cc:41:9: error: raw 'new' outside a factory [acme-no-raw-new,-warnings-as-errors]",
        "   41 |   p = new Store();",
        "      |         ^",
        "1 warning treated as error",
        step="Run ./tools/check.sh src",
    )
    assert analyze(log).category == "lint"


def test_a_compile_error_clang_tidy_reports_stays_a_compile_error():
    # clang-tidy runs clang's front end: a file that does not compile is reported as `[clang-diagnostic-error]`.
    log = make_gh_log(
        "src/store.cc:12:3: error: unknown type name 'Stor' [clang-diagnostic-error]",
        "   12 |   Stor s;",
        "      |   ^",
        "Found compiler error(s).",
        step="Run ./tools/check.sh src",
    )
    assert analyze(log).category == "compile_error"


def test_a_compilers_own_flag_in_brackets_stays_a_compile_error():
    # gcc closes a diagnostic with the option that controls it (`[-Werror=format=]`, `[-fpermissive]`).
    log = make_gh_log(
        "src/log.c:7:14: error: format '%d' expects argument of type 'int', but argument 2 has type 'long int' "
        "[-Werror=format=]",
        "src/log.c:9:5: error: invalid conversion from 'int' to 'char*' [-fpermissive]",
        "cc1: all warnings being treated as errors",
        "make: *** [Makefile:4: log.o] Error 1",
        step="Run make",
        exit_code=2,
    )
    assert analyze(log).category == "compile_error"


# --- a link error says that a symbol is missing, not why -------------------------------------------------------------

# `gcc m.c -o m` where m.c calls an undeclared-but-prototyped g() that nothing defines (gcc/binutils 2.40).
GNU_LD = (
    "/usr/bin/ld: /tmp/ccqBpYN4.o: in function `main':",
    "m.c:(.text+0x5): undefined reference to `g'",
    "collect2: error: ld returned 1 exit status",
)


def _link(*lines: str, step: str = "Run make") -> str:
    return make_gh_log(*lines, "make: *** [Makefile:3: m] Error 1", step=step, exit_code=2)


def test_a_gnu_link_error_is_a_compile_error_below_the_pr_gate():
    a = analyze(_link(*GNU_LD))
    assert a.category == "compile_error"
    assert 50 <= a.confidence < 70


def test_other_linkers_errors_are_not_confident_either():
    # ld64 (Xcode's linker) and LLVM's lld as they print an undefined symbol; MSVC's link.exe LNK2019/LNK1120
    # (https://learn.microsoft.com/cpp/error-messages/tool-errors/linker-tools-error-lnk2019).
    ld64 = _link('Undefined symbols for architecture arm64:', '  "_g", referenced from:',
                 "      _main in m-1a2b3c.o", "ld: symbol(s) not found for architecture arm64",
                 "clang: error: linker command failed with exit code 1 (use -v to see invocation)")
    lld = _link("ld.lld: error: undefined symbol: g", ">>> referenced by m.c", ">>>               m.o:(main)",
                "clang: error: linker command failed with exit code 1 (use -v to see invocation)")
    msvc = _link("m.obj : error LNK2019: unresolved external symbol g referenced in function main",
                 "m.exe : fatal error LNK1120: 1 unresolved externals", step="Run nmake")
    for log in (ld64, lld, msvc):
        a = analyze(log)
        assert a.category == "compile_error", log
        assert a.confidence < 70, log


def test_a_compile_error_next_to_a_link_error_stays_confident():
    # The compiler named the mistake (the symbol is undeclared in the code): that is a reading, not a symptom.
    a = analyze(_link("src/m.c:2:22: error: implicit declaration of function 'g' [-Werror=implicit-function-declaration]",
                      "    2 | int main(void){ return g(); }", "      |                      ^",
                      "cc1: all warnings being treated as errors", *GNU_LD))
    assert a.category == "compile_error"
    assert a.confidence >= 70
