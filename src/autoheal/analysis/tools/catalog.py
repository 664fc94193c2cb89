"""The tools autoheal knows by their command line and output, and how each reports a failure.

Each :class:`Tool` names the command it runs as (``command``), the lines only its output
has (``signature``), and line rules: a regex (Python ``re``, fixed by us, applied only to
the failing step's kept lines, after an RE2 set has picked the candidates) with the
category one matching line is evidence for and how specific it is. Named groups feed
the specifics: ``test``, ``cls`` (joined before ``test``), ``file``, ``line``, ``col``,
``module``, ``code``.

Formats are those the tools print today; sources are cited per tool (the tools' own
docs, or GitHub's problem matchers published by actions/setup-python, setup-node,
setup-go, setup-java, setup-dotnet, which encode the formats CI users rely on).
"""

from __future__ import annotations

# Families: what kind of tool failed (decides the default category of its errors).
TEST = "test"
COMPILE = "compile"
TYPECHECK = "typecheck"
LINT = "lint"
PACKAGE = "package"
DOCKER = "docker"
IAC = "iac"
RUNNER = "runner"

# A lock file out of sync with its manifest (`npm ci`'s "not in sync", pnpm's ERR_PNPM_OUTDATED_LOCKFILE under
# --frozen-lockfile, Yarn's YN0028, poetry/uv "lock ... needs to be updated"): the repository's two files disagree
# and the fix is to regenerate and commit the lock file, not to relax version constraints (dependency_conflict's
# fix). Two corpus labelers reading unseen logs independently (parts M and N) named it invalid_config.
LOCK_OUT_OF_SYNC = "invalid_config"


class _Frozen:
    """Immutable, compared and hashed by value over ``_FIELDS``, like ``@dataclass(frozen=True)``. Written out:
    a frozen dataclass compiles five methods when it is created, ~1 ms of every start (#21)."""

    __slots__ = ()
    _FIELDS: tuple[str, ...] = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, f) for f in self._FIELDS)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in self._FIELDS) + ")"


class Rule(_Frozen):
    __slots__ = _FIELDS = ("regex", "category", "weight", "kind", "cap")

    def __init__(self, regex: str, category: str | None, weight: float, kind: str = "error", cap: float = 0.0):
        put = object.__setattr__
        put(self, "regex", regex)
        put(self, "category", category)  # None: the tool's own category; "" : localises, votes for nothing
        put(self, "weight", weight)
        put(self, "kind", kind)  # error | test | summary | cause | id (names a failing test, but is not evidence)
        put(self, "cap", cap)  # when > 0: the knowledge base's patterns on this line weigh at most this


class Tool(_Frozen):
    __slots__ = _FIELDS = ("name", "family", "category", "command", "signature", "rules")

    def __init__(self, name: str, family: str, category: str, command: str, signature: str,
                 rules: tuple[Rule, ...] = ()):
        put = object.__setattr__
        put(self, "name", name)
        put(self, "family", family)
        put(self, "category", category)
        put(self, "command", command)  # regex on the failing step's command (or step name)
        put(self, "signature", signature)  # regex on a line only this tool prints ("" = none)
        put(self, "rules", rules)


def R(regex: str, category: str | None = None, weight: float = 0.85, kind: str = "error", cap: float = 0.0) -> Rule:
    return Rule(regex, category, weight, kind, cap)


# A compiler-style diagnostic `path:line[:col]: [fatal] error: msg` (gcc/clang, javac, mypy,
# swiftc; GitHub's gcc matcher in actions/setup-* and the `tsc`/`eslint-compact` matchers of
# actions/setup-node use the same shape).
_EXT = r"(?:c|cc|cpp|cxx|h|hh|hpp|m|mm|go|rs|java|kt|kts|scala|swift|ts|tsx|mts|cts|js|jsx|mjs|cjs|py|pyi|cs|fs|vb|rb|php|zig|d|f90|cu)"
# Ant prefixes the compiler's lines with its task name ("    [javac] /path/File.java:73: error: ...").
DIAG = rf"^\s*(?:\[\w+\] )?(?P<file>[^\s:'\"(][^:'\"(]*\.{_EXT}):(?P<line>\d+)(?::(?P<col>\d+))?:? (?:fatal )?error(?: ?\[?[\w-]*\]?)?: (?P<msg>.+)$"
# Parser-stage diagnostics (labeling guide, tie-break 10: "parse errors are syntax_error whatever the tool"): the
# source does not parse, so later errors of the same compile follow from it. The messages are the compilers' own
# parser/lexer texts: javac's compiler.properties (compiler.err.expected* "';' expected", "<identifier> expected",
# illegal.start.of.expr/type/stmt, premature.eof "reached end of file while parsing", unclosed.str.lit/char.lit/comment/
# text.block, illegal.char, not.stmt, else.without.if, catch/finally.without.try, try.without.catch.finally.or.resource.decls,
# orphaned, empty.char.lit, illegal.line.end.in.char.lit, malformed.fp.lit, illegal.esc.char, invalid.meth.decl.ret.type.req,
# expected4 "class, interface, enum, or record expected"), kotlinc's parser (KotlinParsing/KotlinExpressionParsing: every
# message starting "Expecting ", "Unexpected tokens (use ';' to separate expressions on the same line)", the lexer's
# "Unclosed comment"). C and C++ "expected ';'" errors are left to compile_error: they follow preprocessing and most often
# mean an unknown type or macro (a missing include), not text that cannot parse.
PARSER_MESSAGE = (
    r"^(?:'[^']{1,12}'(?: or '[^']{1,12}')*(?:, '[^']{1,12}')* expected|<identifier> expected|illegal start of (?:expression|type|statement|definition)"
    r"|reached end of file while parsing|unclosed (?:string|character|char) literal|unclosed comment|unclosed text block"
    r"|illegal character: |not a statement$|'else' without 'if'|'(?:catch|finally)' without 'try'"
    r"|'try' without 'catch', 'finally' or resource declarations|orphaned (?:case|default)|empty character literal"
    r"|illegal line end in character literal|malformed floating-point literal|illegal escape character"
    r"|invalid method declaration; return type required|class, interface,(?: enum,)? or (?:enum|record) expected"
    r"|Expecting |Unexpected tokens \(use ';' to separate|Unclosed comment)"
)
# Roslyn's (C#) parser errors by code (https://learn.microsoft.com/dotnet/csharp/misc/cs1002 ...): CS1001 "Identifier
# expected", CS1002 "; expected", CS1003 "Syntax error, 'x' expected", CS1010 "Newline in constant", CS1012 "Too many
# characters in character literal", CS1022 "Type or namespace definition, or end-of-file expected", CS1026 ") expected",
# CS1039 "Unterminated string literal", CS1513 "} expected", CS1514 "{ expected", CS1519 "Invalid token in class,
# record, struct, or interface member declaration", CS1525 "Invalid expression term", CS1733 "Expected expression".
PARSER_CODES = frozenset({"CS1001", "CS1002", "CS1003", "CS1010", "CS1012", "CS1022", "CS1026", "CS1039", "CS1513",
                          "CS1514", "CS1519", "CS1525", "CS1733"})
RUST_ERR = r"^error(?:\[(?P<code>E\d{4})\])?: (?P<msg>.+)$"
# cargo (clap 4) refusing its command line: "error: unexpected argument '--x' found" (clap_builder's UnknownArgument),
# "error: unrecognized subcommand 'x'": the workflow's invocation, not a diagnostic of the code
CLAP_UNKNOWN_ARG = r"^error: (?:unexpected argument '[^']+' found|unrecognized subcommand '[^']+')"
# cargo cannot read the manifest the workflow points it at: "error: failed to parse manifest at `/x/Cargo.toml`"
# (then "Caused by:" and the TOML/schema error), "error: could not find `Cargo.toml` in `/x` or any parent directory"
CARGO_MANIFEST = r"^error: (?:failed to parse manifest at `(?P<file>[^`]+)`|could not find `Cargo\.toml` in )"
# cargo older than the lock file ("error: failed to parse lock file at: /x/Cargo.lock", "Caused by:", "  lock file version
# 4 requires `-Znext-lockfile-bump`"): the reason under it decides, the heading only localises
CARGO_LOCK_HEAD = r"^error: failed to parse lock file at"
# cargo refusing to change Cargo.lock under --locked/--frozen: "error: cannot update the lock file /x/Cargo.lock because
# --locked was passed to prevent this" (cargo >= 1.84), "error: the lock file /x/Cargo.lock needs to be updated but
# --locked was passed to prevent this" (older): the lock file is out of sync with Cargo.toml (LOCK_OUT_OF_SYNC)
CARGO_LOCKED = (r"^error: (?:cannot update the lock file \S+ because|the lock file \S+ needs to be updated but) "
                r"--(?:locked|frozen) was passed")
ARROW = r"^\s*--> (?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+)\s*$"
# A JVM build's repository answering a download with an HTTP status, in the words of Gradle ("Could not GET 'URL'.
# Received status code 403 from server: Forbidden"; with --info "Failed to get resource: GET. [HTTP HTTP/1.1 403
# Forbidden: URL]") and Maven ("Could not transfer artifact g:a:pom:v from/to central (URL): status code: 403, reason
# phrase: Forbidden (403)"; Maven <= 3.6 "Return code is: 501 , ReasonPhrase:HTTPS Required."; 3.8 "authentication
# failed for URL, status: 401 Unauthorized"). The status decides (docs/analysis.md, step 5):
#   5xx (not 501) -> network: the repository failed; a retry or a mirror fixes it, not the build file.
#   403 from a public repository (Maven Central, Google's Maven, the Gradle plugin portal, JCenter, Sonatype OSS)
#       -> network: they answer 403 to clients they block (a runner's address range, an outdated TLS client), which
#       no credential and no build-file change fixes. 403 elsewhere stays the knowledge base's permission_denied.
#   401 -> missing_secret: the repository wants credentials the job did not send (a private repository's token).
#   501 "HTTPS Required" -> invalid_config: the build names a repository by http:// (refused since 2020-01-15).
_JVM_STATUS = r"(?:Received status code |status code: |Return code is: |\[HTTP HTTP/1\.[01] |status: )"
_PUBLIC_REPO = r"(?:repo1?\.maven\.org|repo\.maven\.apache\.org|maven\.google\.com|dl\.google\.com|plugins\.gradle\.org|jcenter\.bintray\.com|oss\.sonatype\.org)"
# A test process that died instead of reporting (docs/analysis.md, step 5, "a test process that died"): killed by
# SIGKILL / exit 137 (the kernel's OOM killer, most often) -> out_of_memory; any other death (a segfault, an abort,
# System.exit, a worker that exited) -> crash. Both rest on the runner's words about the death, which do not say why
# (scoring.SYMPTOMS: below the PR gate; a specific cause printed with it, an OutOfMemoryError, decides).
DIED_SIGKILL = (r"Process Exit Code: 137\b|finished with non-zero exit value 137\b|"
                r"was terminated by another process: signal=SIGKILL")
DIED = (r"The forked VM terminated without (?:properly )?saying (?:properly )?goodbye|"
        r"Process 'Gradle Test Executor \d+' finished with non-zero exit value \d+|"
        r"Jest worker process \(pid=\d+\) was terminated by another process|"
        r"Jest worker encountered \d+ child process exceptions, exceeding retry limit|^\s*Call retries were exceeded|"
        r"Error: Worker exited unexpectedly|Worker (?:forks|threads) emitted error|"
        r"^\[gw\d+\] node down: Not properly terminated|worker '?gw\d+'? crashed while running|"
        r"TestRunFailedError: Test run failed with code \d+|^Extension host test runner error\b")
TEST_DIED_RULES = (
    R(DIED_SIGKILL, "out_of_memory", 0.85, "cause"),
    # pytest-xdist names the test its worker was running ("worker 'gw0' crashed while running 'tests/x.py::test_y'")
    R(r"worker '?gw\d+'? crashed while running '(?P<test>[^']+)'", "crash", 0.9, "test"),
    R(DIED, "crash", 0.88, "cause"),
)
_JEST_BADGE = r"^\s*(?:PASS|FAIL)  \S+\.[cm]?[jt]sx?(?: \([\d.]+ m?s\))?\s*$"
# A coverage gate a test runner ran after its tests (its own category: the tests passed, the total is too low).
COVERAGE_GATE_RULES = (
    R(r"^(?:FAIL )?Required test coverage of [\d.]+% not reached\.", "coverage", 0.95),
    R(r"^(?:ERROR: )?Coverage failure: total of [\d.]+ is less than fail-under=[\d.]+", "coverage", 0.95),
)
JVM_REPO_RULES = (
    R(_JVM_STATUS + r"(?:50[02-9]|5[1-9]\d)\b", "network", 0.9, "cause"),
    R(_PUBLIC_REPO + r"\S*.*?" + _JVM_STATUS + r"403\b|" + _JVM_STATUS + r"403\b[^\]]*?" + _PUBLIC_REPO, "network", 0.88, "cause"),
    R(_JVM_STATUS + r"401\b", "missing_secret", 0.88, "cause"),
    R(_JVM_STATUS + r"501\b.*HTTPS Required|ReasonPhrase: ?HTTPS Required", "invalid_config", 0.9, "cause"),
)

# sbt's task key with a subproject axis: "core / Compile / " (sbt 1.x), "core/compile:" (sbt 0.13)
_SBT_PROJECT = r"(?:(?P<project>[\w.-]+)\s?/\s?(?=[A-Za-z]+\s?/\s?\w+\)|[a-z]+:\w+\)))?"

TOOLS: tuple[Tool, ...] = (
    # ---- test runners -------------------------------------------------------------------
    # pytest: https://docs.pytest.org/en/stable/how-to/output.html (short test summary info)
    Tool("pytest", TEST, "test_failure", r"\bpytest\b|\btox\b|\bnox\b|-m pytest", r"=+ (?:test session starts|short test summary info|FAILURES|ERRORS) =+|^(?:FAILED|ERROR) \S+\.py::\S", (
        *TEST_DIED_RULES,
        R(r"^(?:FAILED|ERROR) (?P<test>\S+\.py::[^\s]+(?: \S+\])?)(?: - .*)?$", None, 0.96, "test"),
        # a collection error names the module or directory that could not be collected ("ERROR tests/pkg - KeyError: 'x'"):
        # its id, but no vote: no test ran, the error above it (an import error, ...) says why
        R(r"^ERROR (?P<test>[\w.-]*/[\w./-]*|[\w.-]+\.py)(?: - .+)?$", "", 0.8, "test"),
        R(r"^(?P<test>\S+\.py::\S+) (?:FAILED|ERROR)\b", None, 0.9, "test"),
        # pytest-xdist's -v progress: "[gw2] [  7%] FAILED tests/x.py::test_y" (https://pytest-xdist.readthedocs.io)
        R(r"^\[gw\d+\] \[\s*\d+%\] (?:FAILED|ERROR) (?P<test>\S+\.py::\S+)", None, 0.9, "test"),
        # -v progress cut by faulthandler's crash report: the test that was running crashed the interpreter
        R(r"^(?P<test>\S+\.py::\S+) Fatal Python error: ", "crash", 0.9, "cause"),
        # the exception pytest shows under a failing test: an import of a module that does not exist names it
        R(r"^E\s{2,}(?P<msg>(?:ModuleNotFoundError|ImportError): No module named '(?P<module>[\w.]+)'.*)$", None, 0.75),
        R(r"^E\s{2,}(?P<msg>\S.*)$", None, 0.75),
        # a traceback entry of the code (pytest prints the interpreter's and installed packages' files with absolute paths)
        R(r"^(?P<file>(?!\S*site-packages/)(?!\S*dist-packages/)(?!\S*/lib/python\d)[\w./-]+\.py):(?P<line>\d+): (?:in \w+|\w*(?:Error|Exception|Exit)\b)", None, 0.7),
        R(r"^=+ (?:.*\b\d+ (?:failed|errors?)\b.*) in [\d.]+s.* =+$", None, 0.85, "summary"),
        R(r"^ERROR collecting (?P<file>\S+)", None, 0.8),
        R(r"^=+ no tests ran in", "", 0.5, "summary"),
        # a coverage gate run by pytest: pytest-cov's --cov-fail-under ("FAIL Required test coverage of 85% not
        # reached. Total coverage: 75.98%", https://pytest-cov.readthedocs.io/en/latest/config.html) and coverage.py's
        # own report ("Coverage failure: total of 76 is less than fail-under=85", coverage/cmdline.py)
        *COVERAGE_GATE_RULES,
    )),
    # unittest: https://docs.python.org/3/library/unittest.html (FAIL:/ERROR: blocks, "FAILED (failures=N)")
    Tool("unittest", TEST, "test_failure", r"-m unittest\b|\bunittest\b|manage\.py test\b", r"^Ran \d+ tests? in [\d.]+s$|^(?:FAIL|ERROR): \w+ \([\w.]+\)", (
        R(r"^(?:FAIL|ERROR): (?P<test>[\w.]+) \((?P<cls>[\w.]+)\)", None, 0.95, "test"),
        # nose/nose2 name a module-level test function by its dotted path ("FAIL: test.mod_test.test_x")
        R(r"^(?:FAIL|ERROR): (?P<test>\w+(?:\.\w+)+)$", None, 0.93, "test"),
        R(r"^FAILED \((?:failures|errors)=\d+", None, 0.85, "summary"),
        R(r"^\w*(?:Error|Exception): .+$", None, 0.6),
    )),
    # jest: https://jestjs.io/docs/cli (reporter prints "FAIL path", "● Suite › test", "Tests: N failed")
    # With colours, jest's status is a padded badge (jest-reporters' utils: chalk.inverse(` FAIL `), then ` ` and the
    # path): stripped of its colours it reads " FAIL  src/x.test.js" (two spaces, the path alone or with its time;
    # vitest's " FAIL  file > test" goes on with the test's name).
    Tool("jest", TEST, "test_failure", r"\bjest\b", r"^\s*(?:PASS|FAIL) \S+\.[cm]?[jt]sx?\b|" + _JEST_BADGE + r"|^\s*Tests:\s+\d+ failed", (
        # "● describe › test", or "● test" for a test outside any describe block (not jest's own
        # "● Console" and "● Test suite failed to run" headings)
        *TEST_DIED_RULES,
        # jest-validate's "● Validation Error:" then what is wrong in jest's configuration ("Module ts-jest in the
        # transform option was not found."): no test ran, the runner's configuration is the cause
        R(r"^\s*● Validation Error:$", "invalid_config", 0.95, "cause"),
        R(r"^\s*● (?P<test>(?!Console$)(?!Test suite failed to run$)(?!Validation Error:$)(?!Validation Warning:$)\S.*?)$", None, 0.95, "test"),
        # a failing suite: its file is the id `jest <file>` reruns; the badge says which file failed, the "● test"
        # lines under it say what failed and lead (the badge localises, like a progress line)
        R(r"^\s*FAIL (?P<test>\S+\.[cm]?[jt]sx?)\b|^\s*FAIL  (?P<file>\S+\.[cm]?[jt]sx?)(?: \([\d.]+ m?s\))?\s*$", "", 0.7),
        R(r"^\s*Tests:\s+\d+ failed", None, 0.85, "summary"),
        R(r"^\s*Test Suites:\s+\d+ failed", None, 0.8, "summary"),
        # coverageThreshold (https://jestjs.io/docs/configuration#coveragethreshold-object):
        # 'Jest: "global" coverage threshold for lines (80%) not met: 75.5%'
        R(r'^Jest: "[^"]+" coverage threshold for \w+ \([\d.]+%\) not met', "coverage", 0.95),
    )),
    # vitest: https://vitest.dev/guide/reporters (default reporter: "FAIL file > suite > test", "Test Files N failed")
    Tool("vitest", TEST, "test_failure", r"\bvitest\b", r"^\s*Test Files\s+\d+ failed|^\s*(?:FAIL|×)\s+\S+\.(?:test|spec)\.[cm]?[jt]sx? > ", (
        *TEST_DIED_RULES,
        R(r"^\s*(?:FAIL|×|✗)\s+(?P<test>\S+\.(?:test|spec)\.[cm]?[jt]sx? > .+?)(?: \d+m?s)?$", None, 0.95, "test"),
        R(r"^\s*Tests\s+\d+ failed", None, 0.85, "summary"),
        R(r"^\s*(?:Assertion|Type|Reference)Error: .+", None, 0.7),
        # the stack under an error: " ❯ src/index.ts:253:11" or " ❯ fn src/x.ts:3:9" (frames in node_modules are not the code's)
        R(r"^\s*❯ (?:\S+ )?(?P<file>(?!node_modules/)[\w.@-][^\s:]*\.[cm]?[jt]sx?):(?P<line>\d+):(?P<col>\d+)$", "", 0.4),
    )),
    # mocha: https://mochajs.org/#spec (default reporter: "N passing", "N failing", "1) suite\n test:")
    Tool("mocha", TEST, "test_failure", r"\bmocha\b", r"^\s+\d+ failing$", (
        R(r"^\s+\d+ failing$", None, 0.85, "summary"),
        R(r"^\s+\d+\) (?P<test>\S.+?):?$", None, 0.8, "test"),
        R(r"^\s+(?:Assertion|Type|Reference)Error(?: \[\w+\])?: .+", None, 0.75),
    )),
    # node --test: https://nodejs.org/api/test.html#test-reporters (spec: "✖ name (1.2ms)", tap: "not ok 1 - name")
    Tool("node-test", TEST, "test_failure", r"\bnode\b.*--test\b", r"^\s*(?:ℹ|#) fail [1-9]|^\s*not ok \d+ - |^✖ failing tests:", (
        R(r"^\s*not ok \d+ - (?P<test>.+?)(?: # .*)?$", None, 0.92, "test"),
        R(r"^\s*✖ (?P<test>(?!failing tests:).+?)(?: \([\d.]+m?s\))?$", None, 0.92, "test"),
        R(r"^\s*(?:ℹ|#) fail [1-9]\d*$", None, 0.85, "summary"),
        R(r"^\s*(?:error: |\s*)(?:Assertion|Type|Reference)Error(?: \[\w+\])?: .+", None, 0.7),
    )),
    # go test: https://pkg.go.dev/cmd/go#hdr-Test_packages ("--- FAIL: TestX (0.00s)", "FAIL\tpkg\t0.1s")
    Tool("go-test", TEST, "test_failure", r"\bgo test\b|gotestsum", r"^\s*--- FAIL: \S+|^FAIL\s+\S+\s+[\d.]+s$|^=== FAIL: \S+ \S+", (
        R(r"^\s*--- FAIL: (?P<test>\S+)", None, 0.96, "test"),
        # gotestsum (https://github.com/gotestyourself/gotestsum#output-format): "=== FAIL: <pkg> <TestName> (0.00s)",
        # the package relative to the module ("." for its root)
        R(r"^=== FAIL: (?P<project>\S+) (?P<test>\S+)(?: \([\d.]+s\))?$", None, 0.96, "test"),
        # "FAIL<TAB>example.com/pkg<TAB>0.1s": the package whose tests failed is the build module
        R(r"^FAIL\s+(?P<project>\S+)\s+[\d.]+s$", None, 0.85, "summary"),
        R(r"^\s+(?P<file>[\w./-]+_test\.go):(?P<line>\d+): .+", None, 0.75),
        R(r"^panic: .+", "crash", 0.6),
    )),
    # cargo test: https://doc.rust-lang.org/cargo/commands/cargo-test.html ("test x ... FAILED", "test result: FAILED")
    Tool("cargo-test", TEST, "test_failure", r"\bcargo (?:\+\S+ )?(?:test|nextest)\b", r"^test result: FAILED|^test \S+ \.\.\. FAILED$|^[\w:]+ --- FAILED$|^\S+\.rs - .*\(line \d+\) --- FAILED$", (
        # a doc test is named "src/lib.rs - add (line 3)" (rustdoc); it panics in its own binary's thread 'main'
        R(r"^test (?P<test>\S+?(?: - [^()]*?\(line \d+\)(?: - compile(?: fail)?)?)?) \.\.\. FAILED$|"
          r"^(?P<test2>[\w:]+|\S+\.rs - [^()]*?\(line \d+\)(?: - compile(?: fail)?)?) --- FAILED$|"
          r"^---- (?P<test3>[\w:]+|\S+\.rs - [^()]*?\(line \d+\)(?: - compile(?: fail)?)?) stdout ----$", None, 0.96, "test"),
        R(r"thread '(?:main|(?P<test>[^']+))'(?: \(\d+\))? panicked at (?P<file>[^:\s]+):(?P<line>\d+)(?::(?P<col>\d+))?", None, 0.8),
        R(r"^test result: FAILED", None, 0.85, "summary"),
        # "error: test failed, to rerun pass `-p my-crate --lib`" names the workspace member (cargo's ops/cargo_test.rs)
        R(r"^error: test failed, to rerun pass(?: `(?:-p|--package) (?P<project>[\w.-]+))?", None, 0.8, "summary"),
    )),
    # Maven Surefire/Failsafe: https://maven.apache.org/surefire/maven-surefire-plugin/ ("Tests run: .. <<< FAILURE!")
    Tool("surefire", TEST, "test_failure", r"\bmvnw?\b.*\b(?:test|verify|install|package)\b", r"Tests run: \d+, Failures: \d+, Errors: \d+|There are test failures|T E S T S", (
        *TEST_DIED_RULES,
        R(r"^\[ERROR\] (?P<test>\w+)\((?P<cls>[\w.$]+)\)\s+Time elapsed.*<<< (?:FAILURE|ERROR)!", None, 0.95, "test"),
        R(r"^\[ERROR\] (?P<test>[\w.$]+\.\w+)(?:\(\))?\s+Time elapsed.*<<< (?:FAILURE|ERROR)!", None, 0.95, "test"),
        R(r"^\[ERROR\]\s{2,}(?P<test>[\w$]+\.[\w$]+)(?::\d+)?\b", None, 0.85, "test"),
        # Surefire 2.x printed its per-test lines bare; Surefire 3's "[ERROR] " lines above are the evidence,
        # these only name the tests (the "Results :" summary below them leads the key lines)
        R(r"^(?P<test>\w+)\((?P<cls>[\w.$]+)\)\s+Time elapsed.*<<< (?:FAILURE|ERROR)!|^(?P<test2>[\w.$]+\.\w+)(?:\(\))?\s+Time elapsed.*<<< (?:FAILURE|ERROR)!", "", 0.0, "id"),
        # Surefire 2.x's "Results :" lists, bare: JUnit 4 "Failed tests:   testBar(pkg.FooTest): msg" / "Tests in error: "
        # then "  testBaz(pkg.FooTest): msg"; since 2.19 "  FooTest.testBar:12 expected..." / "  FooTest.testBaz:20 » NullPointer"
        R(r"^(?:Failed tests:|Tests in error:)?\s+(?P<test>[a-z_]\w*)\((?P<cls>[\w.$]+)\)(?::|$)", "", 0.0, "id"),
        R(r"^ {2}(?P<test>(?:[a-z_][\w$]*\.)*[A-Z][\w$]*\.[a-z_]\w*)(?::\d+ | » )", "", 0.0, "id"),
        # Ant's junit task: "[junit] Test pkg.FooTest FAILED" (https://ant.apache.org/manual/Tasks/junit.html)
        R(r"^\s*\[junit\] Test (?P<test>[\w.$]+) FAILED", None, 0.9, "test"),
        R(r"Tests run: \d+, Failures: [1-9]\d*|Tests run: \d+, Failures: \d+, Errors: [1-9]", None, 0.85, "summary"),
        R(r"There are test failures", None, 0.8, "summary"),
    )),
    # Gradle tests: "ClassName > method FAILED" (JUnit 4), "ClassName > method() FAILED" (JUnit 5; nested classes as
    # "Outer > Inner > method()"), "> There were failing tests" (https://docs.gradle.org/current/userguide/java_testing.html).
    # The id is kept as Gradle prints it, as Surefire's is ("pkg.Class.method"): that is what a reader finds in the log.
    Tool("gradle-test", TEST, "test_failure", r"\bgradlew?\b.*\b(?:test|check|build)\b", r"^\S+ > .+ FAILED$|There were failing tests", (
        *TEST_DIED_RULES,
        R(r"^(?P<test>[\w.$]+ > .+?) FAILED$", None, 0.95, "test"),
        R(r"There were failing tests", None, 0.85, "summary"),
        R(r"^\d+ tests completed, \d+ failed", None, 0.85, "summary"),
    )),
    # RSpec: https://rspec.info/features/3-12/rspec-core/command-line/ ("rspec ./spec/x_spec.rb:12 # desc")
    # A spec file that fails to load (rspec-core's "An error occurred while loading ./spec/x_spec.rb." then the
    # exception, and "0 examples, 0 failures, 1 error occurred outside of examples"): the file is what failed, as a
    # pytest collection error names its module
    Tool("rspec", TEST, "test_failure", r"\brspec\b|\brake spec\b", r"^rspec \./\S+:\d+ # |^\d+ examples?, [1-9]\d* failures?|^An error occurred while loading \S+_spec\.rb|errors? occurred outside of examples$", (
        R(r"^rspec (?P<file>\./\S+?):(?P<line>\d+) # (?P<test>.+)$", None, 0.95, "test"),
        R(r"^An error occurred while loading (?:\./)?(?P<test>\S+?\.rb)\.?$", None, 0.9, "test"),
        R(r"^\d+ examples?, [1-9]\d* failures?", None, 0.85, "summary"),
        R(r"^\d+ examples?, \d+ failures?(?:, \d+ pending)?, [1-9]\d* errors? occurred outside of examples$", None, 0.85, "summary"),
    )),
    # minitest: https://docs.seattlerb.org/minitest/ ("  1) Failure:", "Klass#test_x [file.rb:9]:", "N runs, N assertions, N failures")
    # minitest 5 "Klass#test_x [file:9]:"; minitest 4 and Ruby's test-unit "test_x(Klass) [file:9]:" under "  1) Failure:"
    # / "test_x(Klass):" under "  2) Error:", test-unit 3 "Failure: test_x(Klass)"; summaries "N runs, ..." (minitest
    # 5) or "N tests, N assertions, N failures, N errors" (minitest 4, test-unit)
    Tool("minitest", TEST, "test_failure", r"\brake test\b|\bminitest\b|\brails test\b|\btestrb\b", r"^\d+ (?:runs|tests), \d+ assertions, \d+ failures, \d+ errors", (
        R(r"^(?P<test>[\w:]+#test_\S.*?) \[(?P<file>[^\]:]+):(?P<line>\d+)\]:?$", None, 0.93, "test"),
        R(r"^(?:(?:Failure|Error): )?(?P<test>test_?\w*[?!]?)\((?P<cls>[A-Z][\w:]*)\)(?: \[(?P<file>[^\]:]+):(?P<line>\d+)\])?:?(?: \S.*)?$", None, 0.93, "test"),
        R(r"^\d+ (?:runs|tests), \d+ assertions, (?:[1-9]\d* failures|\d+ failures, [1-9]\d* errors)", None, 0.88, "summary"),
    )),
    # PHPUnit: https://docs.phpunit.de/ ("1) Class::method", "FAILURES!", "Tests: N, Assertions: N, Failures: N")
    # Pest and `php artisan test` print through Collision (https://pestphp.com/docs/cli-api-reference): " FAILED  Tests\Unit\
    # ParserTest > it parses empty input   ExpectationFailedException", "Tests:    1 failed, 2 passed (3 assertions)"
    Tool("phpunit", TEST, "test_failure", r"\bphpunit\b|\bpest\b|\bartisan test\b",
         r"^FAILURES!$|^ERRORS!$|^Tests: \d+, Assertions: \d+, (?:Failures|Errors)|^\s*(?:FAILED|ERROR)\s+[A-Z][\w\\]* > ", (
        R(r"^\d+\) (?P<test>[\w\\]+::\w+)", None, 0.95, "test"),
        R(r"^\s*(?:FAILED|ERROR)\s+(?P<test>[A-Z][\w\\]* > .+?)(?:\s{2,}[\w\\]+(?:Exception|Error))?\s*$", None, 0.95, "test"),
        R(r"^\s*Tests:\s+[1-9]\d* (?:failed|errors?)\b", None, 0.85, "summary"),
        R(r"^Tests: \d+, Assertions: \d+, (?:Failures|Errors): \d+", None, 0.85, "summary"),
    )),
    # dotnet test: https://learn.microsoft.com/dotnet/core/tools/dotnet-test ("Failed Name [12 ms]", "Failed!  - Failed: 1")
    Tool("dotnet-test", TEST, "test_failure", r"\bdotnet test\b", r"^\s*Failed!\s+- Failed:\s+\d+|^\s*Failed \S+ \[[\d.< ]+m?s\]", (
        # a theory's case is shown with its arguments ("Failed Ns.Class.Method(sql: \"SELECT …\"···) [5 ms]"): the
        # test is the method (the id `dotnet test --filter` selects; xUnit cuts long arguments, so they name nothing)
        R(r"^\s*Failed (?P<test>[\w.`<>]+)(?:\(.*\))? \[[\d.< ]+m?s\]$", None, 0.95, "test"),
        R(r"^\s*Failed!\s+- Failed:\s+[1-9]", None, 0.85, "summary"),
    )),
    # CTest: https://cmake.org/cmake/help/latest/manual/ctest.1.html ("N/M Test #N: name ....***Failed",
    # "The following tests FAILED:" then "\t  N - name (Failed)", "90% tests passed, 1 tests failed out of 10")
    Tool("ctest", TEST, "test_failure", r"\bctest\b", r"^The following tests FAILED:|tests passed, [1-9]\d* tests? failed out of \d+", (
        # a test process that died of a signal (CTest's statuses: SEGFAULT, Subprocess aborted, ILLEGAL, BUS_ERROR, ...;
        # cmCTestRunTest.cxx) is a crash of that test, not an assertion that failed
        R(r"^\s*\d+ - (?P<test>\S+) \((?:SEGFAULT|Subprocess aborted|Child aborted|ILLEGAL|BUS_ERROR|OTHER_FAULT|NUMERICAL)[^)]*\)$", "crash", 0.95, "test"),
        R(r"^\s*\d+/\d+ Test +#\d+: (?P<test>\S+) \.*\s*(?:\*{3})?(?:Exception: (?:SegFault|Illegal|Numerical|Other)|SEGFAULT|Subprocess aborted|Child aborted)", "crash", 0.9, "test"),
        R(r"^\s*\d+ - (?P<test>\S+) \((?:Failed|Timeout|SEGFAULT|Subprocess aborted|Child aborted|Exception|ILLEGAL|BUS_ERROR|OTHER_FAULT|NUMERICAL|Not Run)[^)]*\)$", None, 0.95, "test"),
        R(r"^\s*\d+/\d+ Test +#\d+: (?P<test>\S+) \.*\s*(?:\*{3})?(?:Failed|Timeout|SEGFAULT|Subprocess aborted|Child aborted|Exception|\*\*\*Not Run)", None, 0.9, "test"),
        R(r"^\d+% tests passed, [1-9]\d* tests? failed out of \d+", None, 0.85, "summary"),
        R(r"^The following tests FAILED:", None, 0.8, "summary"),
    )),
    # GoogleTest run as a program: https://google.github.io/googletest/primer.html ("[ RUN      ] Suite.Case",
    # "path:line: Failure", "[  FAILED  ] Suite.Case (N ms)", then "[  FAILED  ] N test(s), listed below:", each
    # "[  FAILED  ] Suite.Case", " N FAILED TEST(S)"; a parameterised case "Inst/Suite.Case/0, where GetParam() = 1")
    Tool("gtest", TEST, "test_failure", r"\bgtest\b|--gtest_", r"^\[  FAILED  \] [A-Za-z_][\w/]*\.\w|^ ?[1-9]\d* FAILED TESTS?$", (
        R(r"^\[  FAILED  \] (?P<test>[A-Za-z_]\w*(?:/\w+)?\.[A-Za-z_]\w*(?:/\w+)?)(?: \(\d+ ms\)|, where .*)?$", None, 0.95, "test"),
        R(r"^(?P<file>[^\s:][^:]*\.(?:c|cc|cpp|cxx|h|hh|hpp|cu)):(?P<line>\d+): Failure$", None, 0.8),
        R(r"^ ?[1-9]\d* FAILED TESTS?$", None, 0.85, "summary"),
    )),
    # testthat (R): https://testthat.r-lib.org/reference/test_dir.html, 3rd edition reporter ("── Failure
    # ('test-x.R:12:3'): name ──", "── Error ('test-x.R:5:1'): name ──", "[ FAIL 1 | WARN 0 | SKIP 0 | PASS 3 ]"), the
    # 2nd edition's "── 1. Failure: name (@test-x.R#12) ──"; R CMD check quotes the same lines from tests/testthat.Rout.fail
    Tool("testthat", TEST, "test_failure", r"testthat::|devtools::test|test_check\(|rcmdcheck::rcmdcheck|R CMD check|check-r-package",
         r"^\s*\[ FAIL [1-9]\d* \| WARN \d+ \| SKIP \d+ \| PASS \d+ \]|^\s*── (?:Failure|Error) \('[^']+\.[Rr]:\d+", (
        R(r"^\s*── (?:Failure|Error) \('(?P<file>[^':]+\.[Rr]):(?P<line>\d+)(?::\d+)?'\): (?P<test>.+?)(?: ─+)?$", None, 0.95, "test"),
        R(r"^\s*── \d+\. (?:Failure|Error): (?P<test>.+?) \(@(?P<file>[^#()]+\.[Rr])#(?P<line>\d+)\)(?: ─+)?$", None, 0.95, "test"),
        R(r"^\s*\[ FAIL [1-9]\d* \| WARN \d+ \| SKIP \d+ \| PASS \d+ \]", None, 0.85, "summary"),
    )),
    # bats: https://bats-core.readthedocs.io/en/stable/usage.html (pretty: " ✗ name" then "   (in test file
    # test/x.bats, line 8)"; --tap / --formatter tap: "not ok 2 name", TAP's description without the optional "- ")
    Tool("bats", TEST, "test_failure", r"\bbats\b", r"^\s*#?\s*\(in test file [^,]+\.bats, line \d+\)", (
        # (the pretty formatter redraws its line with cursor moves: "   name<ESC>[77G2/2<ESC>[1G ✗ name" once they are gone)
        R(r"^(?:.*?\d+/\d+)?\s*✗ (?P<test>\S.*?)(?: \[\d+\])?$", None, 0.93, "test"),
        R(r"^not ok \d+ (?!- )(?P<test>\S.*?)(?: # .*)?$", None, 0.93, "test"),
        R(r"^\s*#?\s*\(in test file (?P<file>[^,]+\.bats), line (?P<line>\d+)\)", "", 0.5),
    )),
    # Karma (Angular's `ng test`): https://karma-runner.github.io/latest/config/configuration-file.html, the default
    # "progress" reporter: "<Browser> <version> (<OS>) <suite> <spec> FAILED", "<Browser> ...: Executed 3 of 3 (1 FAILED)",
    # "TOTAL: 1 FAILED, 2 SUCCESS"; the spec's id is Jasmine's fullName (the describe and it titles joined by spaces)
    Tool("karma", TEST, "test_failure", r"\bkarma\b|\bng test\b", r"^TOTAL: [1-9]\d* FAILED, \d+ SUCCESS|\): Executed \d+ of \d+ \([1-9]\d* FAILED\)", (
        R(r"^\s*[A-Z][\w]*(?: [A-Z][\w]*)* [\d.]+ \([^)]*\) (?P<test>(?!Executed )\S.*?) FAILED$", None, 0.95, "test"),
        R(r"^TOTAL: [1-9]\d* FAILED, \d+ SUCCESS", None, 0.85, "summary"),
    )),
    # Julia's Test stdlib (https://docs.julialang.org/en/v1/stdlib/Test/): "<testset>: Test Failed at /path/x.jl:12",
    # "<testset>: Error During Test at /path/x.jl:5", the "Test Summary:" table, then Pkg.test's "ERROR: LoadError: Some
    # tests did not pass: 10 passed, 1 failed, 0 errored, 0 broken."; the innermost test set names the failing test
    Tool("julia-test", TEST, "test_failure", r"julia-runtest|\bPkg\.test\b|runtests\.jl",
         r"(?:Test Failed|Error During Test) at \S+\.jl:\d+$|Some tests did not pass: \d+ passed, \d+ failed", (
        R(r"^(?P<test>\S.*?): (?:Test Failed|Error During Test) at (?P<file>\S+\.jl):(?P<line>\d+)$", None, 0.95, "test"),
        R(r"^(?:Test Failed|Error During Test) at (?P<file>\S+\.jl):(?P<line>\d+)$", None, 0.9),
        R(r"Some tests did not pass: \d+ passed, \d+ failed, \d+ errored", None, 0.85, "summary"),
    )),
    # ScalaTest under sbt (https://www.scalatest.org/user_guide/using_scalatest_with_sbt): "[info] - should parse *** FAILED
    # ***", then sbt's "[error] Failed tests:" list, "[error] \tpkg.FooSpec" (https://www.scala-sbt.org/1.x/docs/Testing.html)
    Tool("scalatest", TEST, "test_failure", r"\bscalatest\b", r"^\[info\] (?:- )+.+ \*\*\* FAILED \*\*\*|^\[error\] Failed tests:$", (
        R(r"^\[info\] (?:- )+(?P<test>\S.*?) \*\*\* FAILED \*\*\*", None, 0.9, "test"),
        R(r"^\[error\]\s+(?P<test>(?:[a-z_]\w*\.)+[A-Z]\w*)$", "", 0.0, "id"),
        R(r"^\[error\] Failed tests?:", None, 0.85, "summary"),
    )),
    # Catch2's console reporter (https://github.com/catchorg/Catch2/blob/devel/docs/reporters.md): each failing test case
    # under a rule of dashes, "<name>" (then its sections), the rule, "path:line", dots, then "path:line: FAILED:";
    # "test cases: 3 | 2 passed | 1 failed" (MSVC-built: "path(line): FAILED:")
    Tool("catch2", TEST, "test_failure", r"\bcatch2\b", r"^test cases:\s*\d+ \|\s*\d+ passed \|\s*[1-9]\d* failed", (
        R(r"^(?P<file>[^\s:(][^:(]*\.(?:c|cc|cpp|cxx|h|hh|hpp)):(?P<line>\d+): FAILED:$", None, 0.85),
        R(r"^(?P<file>[^\s(][^(]*\.(?:c|cc|cpp|cxx|h|hh|hpp))\((?P<line>\d+)\): FAILED:$", None, 0.85),
        R(r"^test cases:\s*\d+ \|\s*\d+ passed \|\s*[1-9]\d* failed", None, 0.85, "summary"),
    )),
    # Jasmine's default reporter (https://jasmine.github.io/setup/nodejs.html): "Failures:", "1) <full name>", "  Message:",
    # "3 specs, 1 failure"
    Tool("jasmine", TEST, "test_failure", r"\bjasmine\b", r"^\d+ specs?, [1-9]\d* failures?", (
        R(r"^\d+\) (?P<test>\S.*?)\s*$", None, 0.93, "test"),
        R(r"^\d+ specs?, [1-9]\d* failures?", None, 0.85, "summary"),
    )),
    # AVA (https://github.com/avajs/ava/blob/main/docs/05-command-line.md): "✘ [fail]: file › title" (4+), "✘ file › title"
    # (3), "1 test failed"
    Tool("ava", TEST, "test_failure", r"\bava\b", r"^\s*[1-9]\d* tests? failed$", (
        R(r"^\s*✘ (?:\[fail\]: )?(?P<test>\S.*?)(?: \(?[\d.]+m?s\)?)?$", None, 0.93, "test"),
        R(r"^\s*[1-9]\d* tests? failed$", None, 0.85, "summary"),
    )),
    # TAP (https://testanything.org/tap-version-13-specification.html): "not ok 2 - description" ("- " optional) from
    # tape, prove, node-tap and the like: the description names the failing test
    Tool("tap", TEST, "test_failure", r"\btape\b|\bprove\b|\btap-(?:spec|dot|min|nyan|difflet|summary|mocha-reporter)\b|\bnode-tap\b|\btap (?:run|test)\b", r"^not ok \d+\b", (
        # (a "# TODO" or "# SKIP" directive marks a failure the suite expects: not a failing test)
        R(r"^not ok \d+(?!.* # [Tt][Oo][Dd][Oo]\b)(?!.* # [Ss][Kk][Ii][Pp]\b)(?: -)? (?P<test>\S.*?)(?: # .*)?$", None, 0.9, "test"),
        R(r"^# fail +[1-9]\d*$", None, 0.85, "summary"),
        # Perl's Test::More under the failure: "#   Failed test 'lowercases'" then "#   at t/basic.t line 6." (the place)
        R(r"^#\s+at (?P<file>\S+\.(?:t|pm|pl)) line (?P<line>\d+)\.$", "", 0.5),
    )),
    # Bazel's test summary (https://bazel.build/docs/user-manual#test-summary): "FAIL: //pkg:my_test (see
    # /.../testlogs/pkg/my_test/test.log)" as the test ends, then "//pkg:my_test    FAILED in 0.5s" and
    # "Executed 2 out of 2 tests: 1 test passes and 1 fails locally." (the target is the test's name and module)
    Tool("bazel-test", TEST, "test_failure", r"\bbazel(?:isk)? (?:test|coverage)\b", r"^FAIL: //\S* \(see |^//\S+\s+FAILED in (?:\d|\d+ out of)", (
        R(r"^FAIL: (?P<test>//[\w/.+@-]*:[\w/.+@-]+) \(see ", None, 0.95, "test"),
        R(r"^(?P<test>//[\w/.+@-]*:[\w/.+@-]+)\s+FAILED in (?:\d|\d+ out of)", None, 0.9, "test"),
        R(r"^Executed \d+ out of \d+ tests?: .*\b\d+ fails? (?:locally|remotely)", None, 0.85, "summary"),
    )),
    # deno test (https://docs.deno.com/runtime/fundamentals/testing/): "name ... FAILED (3ms)", then under " ERRORS " and
    # " FAILURES " each failing test as "name => ./math_test.ts:5:6" (a step: "outer ... inner => ..."), and
    # "FAILED | 1 passed | 1 failed (20ms)"
    Tool("deno-test", TEST, "test_failure", r"\bdeno (?:task )?test\b", r"^FAILED \| \d+ passed(?: \(\d+ steps?\))? \| [1-9]\d* failed", (
        R(r"^(?P<name>\S.*?) => (?P<file>\S+?\.[cm]?[jt]sx?):(?P<line>\d+):\d+$", None, 0.93, "test"),
        R(r"^FAILED \| \d+ passed(?: \(\d+ steps?\))? \| [1-9]\d* failed", None, 0.85, "summary"),
    )),
    # bun test: https://bun.sh/docs/cli/test ("(fail) suite > test [0.19ms]", "error: expect(received)...",
    # "      at <anonymous> (/path/x.test.ts:6:20)", " 1 fail"; real bun 1.4 output in tests/data/toollogs)
    Tool("bun-test", TEST, "test_failure", r"\bbun (?:run )?test\b", r"^\(fail\) .+ \[[\d.]+m?s\]$|^\d+ tests? failed:$", (
        R(r"^\(fail\) (?P<test>.+?)(?: \[[\d.]+m?s\])?$", None, 0.95, "test"),
        R(r"^error: (?P<msg>expect\(.+)$", None, 0.75),
        R(r"^\s+at .*\((?!\S*node_modules/)(?P<file>[^()\s]+\.[cm]?[jt]sx?):(?P<line>\d+):(?P<col>\d+)\)$", "", 0.4),
        R(r"^\s*[1-9]\d* fail$|^\d+ tests? failed:$", None, 0.85, "summary"),
    )),
    # XCTest (swift test, xcodebuild test): "Test Case '-[AppTests.FooTests testBar]' failed (0.001 seconds)." (macOS),
    # "Test Case 'FooTests.testBar' failed (0.001 seconds)" (Linux), the assertion as an Xcode diagnostic
    # ("/path/FooTests.swift:12: error: -[AppTests.FooTests testBar] : XCTAssertEqual failed: ...": a failing test,
    # not a compile error), "Executed 10 tests, with 1 failure (0 unexpected) in 0.005 (0.006) seconds"; swift-testing
    # ("✘ Test doesThing() failed after 0.001 seconds with 1 issue.", "✘ Test run with 5 tests failed after ...")
    Tool("xctest", TEST, "test_failure", r"\bswift test\b|\bxcodebuild\b.*\btest\b|\bxctest\b", r"^Test Case '.+' failed \(|^\s*Executed \d+ tests?, with [1-9]\d* failures?|^✘ Test run with \d+ tests?", (
        R(r"^Test Case '(?:-\[(?P<cls>[\w.]+) (?P<test>\w+)\]|(?P<test2>[\w.]+))' failed \(", None, 0.95, "test"),
        R(r"^(?P<file>\S+\.swift):(?P<line>\d+): error: (?:-\[[\w.]+ \w+\]|[\w.]+) : (?P<msg>.+)$", None, 0.9),
        # swift-testing names a test by its function ("a()") or by its display name in quotes ("\"Parses empty input\"")
        R(r"^✘ Test (?!run with )(?:\"(?P<test2>[^\"]+)\"|(?P<test>.+?)) (?:failed|recorded an issue)\b", None, 0.9, "test"),
        R(r"^\s*Executed \d+ tests?, with [1-9]\d* failures?|^✘ Test run with \d+ tests? failed", None, 0.85, "summary"),
    )),
    # ExUnit (mix test): "  1) test greets the world (HelloTest)", "     test/hello_test.exs:5", then the assertion;
    # "Finished in 0.03 seconds ...", "1 doctest, 3 tests, 1 failure" (ExUnit.CLIFormatter)
    Tool("exunit", TEST, "test_failure", r"\bmix test\b", r"^\s+\d+\) (?:test|doctest|property) .+ \([\w.]+\)$|^(?:\d+ doctests?, )?(?:\d+ propert(?:y|ies), )?\d+ tests?, [1-9]\d* failures?", (
        R(r"^\s+\d+\) (?:test|doctest|property) (?P<test>.+) \((?P<cls>[\w.]+)\)$", None, 0.95, "test"),
        R(r"^\s+(?P<file>test/\S+\.exs):(?P<line>\d+)$", "", 0.5),
        R(r"^(?:\d+ doctests?, )?(?:\d+ propert(?:y|ies), )?\d+ tests?, [1-9]\d* failures?", None, 0.85, "summary"),
    )),
    # dart/flutter test (package:test, https://pub.dev/packages/test#reporters): the `github` reporter (the default on
    # GitHub Actions) groups each test under "❌ path: name (failed)" and ends "N tests passed, N failed, N skipped." as an
    # error annotation; the `expanded` one prints "00:02 +3 -1: path: name [E]" and "Some tests failed.". A failure's
    # stack (package:stack_trace's terse form): "test/x_test.dart 195:7   main.<fn>.<fn>".
    Tool("dart-test", TEST, "test_failure", r"\b(?:dart|flutter|fvm flutter) test\b", r"^(?:##\[group\])?❌ .+ \(failed\)$|^\d+:\d\d \+\d+(?: ~\d+)? -\d+: .+ \[E\]$", (
        R(r"^(?:##\[group\])?❌ (?P<test>.+?) \(failed\)$", None, 0.95, "test"),
        R(r"^\d+:\d\d \+\d+(?: ~\d+)? -\d+: (?P<test>.+?) \[E\]$", None, 0.93, "test"),
        R(r"^\d+ tests? passed, [1-9]\d* failed|^Some tests failed\.$", None, 0.85, "summary"),
        R(r"^(?P<file>(?!package:)(?!dart:)[\w./-]+_test\.dart) (?P<line>\d+):(?P<col>\d+)\s+\S", "", 0.5),
    )),
    # Playwright: https://playwright.dev/docs/test-reporters#list-reporter ("  4 failed" then
    # "    [chromium] › tests/a.spec.ts:506:5 › title"; Windows consoles may show "›" as "ΓÇ║")
    Tool("playwright", TEST, "test_failure", r"\bplaywright\b", r"^\s+(?:\d+\) )?\[[^\]]+\] (?:›|ΓÇ║) \S+:\d+:\d+ (?:›|ΓÇ║) ", (
        R(r"^\s+(?:\d+\) )?\[[^\]]+\] (?:›|ΓÇ║) (?P<test>(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+) (?:›|ΓÇ║) .+?)\s*─*\s*$", None, 0.93, "test"),
        R(r"^\s+\d+ failed$", None, 0.85, "summary"),
    )),
    # behave: "Failing scenarios:" then "  features/x.feature:3  Scenario name" (real behave 1.2 output)
    Tool("behave", TEST, "test_failure", r"\bbehave\b", r"^Failing scenarios:$|^\d+ features? passed, \d+ failed", (
        R(r"^\s+(?P<file>\S+\.feature):(?P<line>\d+)\s{2,}(?P<name>\S.*)$", None, 0.93, "test"),
        R(r"^\d+ scenarios? passed, [1-9]\d* failed|^Failing scenarios:$", None, 0.85, "summary"),
    )),
    # Pester 5: "[-] Describe.It name 85ms (83ms|1ms)", "at <ScriptBlock>, /path/x.Tests.ps1:223",
    # "Tests Passed: 149, Failed: 2" (https://pester.dev/docs/usage/output)
    # (Pester 4 prints "[-] name 12ms" without the "(10ms|2ms)" split of Pester 5's Detailed output)
    # Cucumber (https://cucumber.io/docs/cucumber/reporting/, the "pretty"/"progress" summary): Ruby's "Failing
    # Scenarios:" list, "cucumber features/x.feature:12 # Scenario: name"; the JVM's "Failed scenarios:", then
    # "classpath:features/x.feature:12 # Scenario: name" (or the file path); cucumber-js' "1) Scenario: name #
    # features/x.feature:12"; each run ends "3 scenarios (1 failed, 2 passed)". The id reads "file:line name", as
    # behave's does.
    Tool("cucumber", TEST, "test_failure", r"\bcucumber(?:-js)?\b", r"^(?:Failing|Failed) [Ss]cenarios:$|^\d+ scenarios? \((?:\d+ \w+, )*[1-9]\d* failed", (
        R(r"^(?:cucumber(?: -p \S+)? )?(?:classpath:|file:)?(?P<file>[^\s:#]+\.feature):(?P<line>\d+)(?::\d+)* # (?:Scenario(?: Outline)?: )?(?P<name>\S.*?)\s*$", None, 0.93, "test"),
        R(r"^\s*\d+\) Scenario(?: Outline)?: (?P<name>\S.*?) # (?P<file>[^\s:#]+\.feature):(?P<line>\d+)\s*$", None, 0.93, "test"),
        R(r"^\d+ scenarios? \((?:\d+ \w+, )*[1-9]\d* failed", None, 0.85, "summary"),
    )),
    Tool("pester", TEST, "test_failure", r"\bInvoke-Pester\b|\bpester\b", r"^\s*\[-\] .+ \d+m?s(?: \(\d+m?s\|\d+m?s\))?$", (
        R(r"^\s*\[-\] (?P<test>.+?) \d+(?:\.\d+)?m?s(?: \(\d+(?:\.\d+)?m?s\|\d+(?:\.\d+)?m?s\))?$", None, 0.93, "test"),
        R(r"^\s*at <ScriptBlock>, (?P<file>[^,]+\.ps1):(?P<line>\d+)$", "", 0.5),
        R(r"^\s*Tests Passed: \d+, Failed: [1-9]", None, 0.85, "summary"),
    )),
    # ---- compilers and type checkers ----------------------------------------------------------
    # tsc: https://www.typescriptlang.org/docs/handbook/compiler-options.html (--pretty false: file(l,c): error TSnnnn)
    Tool("tsc", TYPECHECK, "type_error", r"\btsc\b|vue-tsc|type-?check", r"error TS\d{4,5}:", (
        R(r"^(?P<file>\S+\.(?:ts|tsx|mts|cts|vue|js))\((?P<line>\d+),(?P<col>\d+)\): error (?P<code>TS\d{4,5}): (?P<msg>.+)$", None, 0.95, "cause"),
        R(r"^(?P<file>\S+\.(?:ts|tsx|mts|cts|vue|js)):(?P<line>\d+):(?P<col>\d+) - error (?P<code>TS\d{4,5}): (?P<msg>.+)$", None, 0.95, "cause"),
        R(r"^Found \d+ errors? in", None, 0.8, "summary"),
    )),
    # tsd (type definition tests): "  index.test-d.ts:19:0" then "  ✖  19:0  Parameter type any is not identical ..."
    Tool("tsd", TYPECHECK, "type_error", r"\btsd\b|test-typings|test:types", r"^\s*✖\s+\d+:\d+\s+\S", (
        R(r"^\s*✖\s+(?P<line>\d+):(?P<col>\d+)\s+(?P<msg>.+?)\s*$", None, 0.9, "cause"),
        R(r"^\s+(?P<file>\S+\.ts):(?P<line>\d+):(?P<col>\d+)$", None, 0.7),
    )),
    # mypy: https://mypy.readthedocs.io/en/stable/error_codes.html ("file.py:12: error: msg  [code]")
    Tool("mypy", TYPECHECK, "type_error", r"\bmypy\b", r"^\S+\.pyi?:\d+(?::\d+)?: error: .+\[[\w-]+\]$|^Found \d+ errors? in \d+ files? \(checked", (
        # mypy's parser errors carry the code [syntax] ("Found 2 errors in 1 file (errors prevented further checking)")
        R(r"^(?P<file>\S+\.pyi?):(?P<line>\d+)(?::(?P<col>\d+))?: error: (?P<msg>.+?)\s+\[syntax\]$", "syntax_error", 0.95, "cause"),
        R(r"^(?P<file>\S+\.pyi?):(?P<line>\d+)(?::(?P<col>\d+))?: error: (?P<msg>.+)$", None, 0.95, "cause"),
        R(r"^Found \d+ errors? in \d+ files?", None, 0.8, "summary"),
    )),
    # pyright: https://microsoft.github.io/pyright/#/command-line ("  /path/file.py:3:5 - error: msg")
    Tool("pyright", TYPECHECK, "type_error", r"\b(?:based)?pyright\b", r"^\s*\S+\.pyi?:\d+:\d+ - error: |^\d+ errors?, \d+ warnings?, \d+ (?:informations|notes)", (
        # the parser's messages (pyright's localization, en.json: "(" was not closed, Expected expression, Expected
        # indented block, Unindent not expected, ...): the file does not parse (no checker rule is named under them)
        R(r"^\s*(?P<file>\S+\.pyi?):(?P<line>\d+):(?P<col>\d+) - error: (?P<msg>\"[(\[{]\" was not closed|Expected expression|"
          r"Expected indented block|Unindent not expected|Unexpected indentation|Statements must be separated by newlines or semicolons|"
          r"Expected \":\")$", "syntax_error", 0.95, "cause"),
        R(r"^\s*(?P<file>\S+\.pyi?):(?P<line>\d+):(?P<col>\d+) - error: (?P<msg>.+)$", None, 0.95, "cause"),
    )),
    # rustc / cargo build: https://doc.rust-lang.org/rustc/json.html (human format: "error[E0308]: msg" then " --> file:l:c")
    Tool("rustc", COMPILE, "compile_error", r"\brustc\b|\bcargo (?:\+\S+ )?(?:build|check|run|install|doc)\b|\bwasm-pack\b", r"^error\[E\d{4}\]: |^error: could not compile|^error: .+\n\s*--> \S+:\d+:\d+|^\s+Compiling [\w-]+ v\d+\.\d+", (
        R(CLAP_UNKNOWN_ARG, "invalid_config", 0.93, "cause"),
        R(CARGO_MANIFEST, "invalid_config", 0.93, "cause"),
        R(CARGO_LOCK_HEAD, "", 0.6),
        R(CARGO_LOCKED, LOCK_OUT_OF_SYNC, 0.93, "cause"),
        R(RUST_ERR, None, 0.95, "cause"),
        R(ARROW, None, 0.7),
        R(r"^error: could not compile `(?P<module>[^`]+)`", None, 0.8, "summary"),
    )),
    # clippy (lints are rustc diagnostics "error: ..." with a clippy:: lint name)
    Tool("clippy", LINT, "lint", r"\bcargo (?:\+\S+ )?clippy\b|clippy-driver", r"clippy::\w+", (
        R(RUST_ERR, None, 0.95, "cause"),
        R(ARROW, None, 0.7),
        R(r"^error: could not compile `(?P<module>[^`]+)`", None, 0.8, "summary"),
    )),
    # go vet (https://pkg.go.dev/cmd/vet): static analysis, so its findings are lint: "# pkg" then
    # "./x.go:12:2: fmt.Printf format %d has arg s of wrong type string", or with the tool's own prefix
    # "vet: ./x.go:5:2: ..." (golang/go#34142). A package vet could not type-check is the code's compile
    # error ("./x.go:294:30: undeclared name: gomod" ... "vet: typecheck failures", golang/go#26236).
    Tool("go-vet", LINT, "lint", r"\bgo (?:tool )?vet\b", r"^vet: ", (
        R(r"^(?:vet: )?\s*(?P<file>\.{0,2}/?[\w./-]+\.go):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>(?:undefined|undeclared name|"
          r"cannot use|declared and not used|declared but not used|imported and not used|\S+ redeclared|missing return|"
          r"not enough arguments|too many arguments|invalid operation|expected )\b.*)$", "compile_error", 0.9, "cause"),
        R(r"^(?:vet: )?\s*(?P<file>\.{0,2}/?[\w./-]+\.go):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+)$", None, 0.9, "cause"),
        R(r"^vet: typecheck failures", "compile_error", 0.8, "summary"),
    )),
    # go build: "./main.go:5:2: undefined: x" (setup-go's problem matcher: ^\s*(\.{0,2}[\/\\].+\.go):(?:(\d+):(\d+):)? (.*))
    Tool("go-build", COMPILE, "compile_error", r"\bgo (?:build|install|run|generate)\b", r"^#\s+[\w./-]+$", (
        R(r"^\S+\.go:\d+:\d+: (?P<module>[\w.-]+\.[\w.-]+/\S+?)@\S+: (?:Get|reading) \"?https?://", "network", 0.9, "cause"),
        R(r"^\s*(?P<file>\.{0,2}/?[\w./-]+\.go):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$", None, 0.9, "cause"),
    )),
    # gcc/clang/javac/kotlinc/swiftc/nvcc: the compiler diagnostic shape above; linker errors; make
    Tool("cc", COMPILE, "compile_error", r"\b(?:gcc|g\+\+|clang(?!-format)\+?\+?|cc|c\+\+|make|cmake|ninja|meson|javac|kotlinc|swiftc?|nvcc|scons|bazel)\b", r"^\s*(?:\[\w+\] )?[^\s:]+\.\w{1,4}:\d+(?::\d+)?: (?:fatal )?error: |undefined reference to|ld returned \d+ exit status|^\[ERROR\] COMPILATION ERROR", (
        R(DIAG, None, 0.95, "cause"),
        R(r"^e: (?:file://)?(?P<file>\S+\.kts?):(?P<line>\d+):(?P<col>\d+) (?P<msg>.+)$", None, 0.95, "cause"),
        # GNU ld naming a shared library as the place of an undefined reference ("/usr/bin/ld: libfoo.so.1: undefined
        # reference to `bar'"; an object file's would read "foo.o: in function `f': foo.c:(.text+0x1): undefined ...")
        # links an executable against a library that was built fine but needs a symbol no library on the link path
        # has: most often another dependency's older version than the headers it was compiled with, else the library's
        # own missing source. Both readings are likely: a dependency_conflict reading that keeps the answer below 70.
        R(r"^(?:\S*/)?ld(?:\.\w+)?: [^\s:]+\.so(?:\.\d+)*: undefined reference to [`'](?P<msg>[^'`]+)'", "dependency_conflict", 0.7, "cause", 0.5),
        R(r"undefined reference to [`'](?P<msg>[^'`]+)'", None, 0.9, "cause"),
        R(r"ld returned \d+ exit status|linker command failed", None, 0.85),
        R(r"^\[ERROR\] (?P<file>\S+\.(?:java|kt|scala|groovy)):\[(?P<line>\d+),(?P<col>\d+)\] (?P<msg>.+)$", None, 0.95, "cause"),
        R(r"^\[ERROR\] COMPILATION ERROR", None, 0.85, "summary"),
        R(r"make(?:\[\d+\])?: \*\*\* .*Error \d+", "", 0.5, "summary"),
    )),
    # MSBuild / dotnet build: the canonical diagnostic "file(l,c): error CS0023: msg [/path/Proj.csproj]"
    # (https://learn.microsoft.com/visualstudio/msbuild/msbuild-diagnostic-format-for-tasks); BuildKit may prefix "#19 11.02 "
    Tool("msbuild", COMPILE, "compile_error", r"\bdotnet (?:build|publish|pack|run|msbuild)\b|\bmsbuild\b", r": error [A-Z]{2,}\d{4}: .*\[[^\]]+\.(?:cs|fs|vb|vcx)proj\]$", (
        # the origin is a file, with a Windows drive on Windows runners ("D:\a\repo\repo\src\File.cs(61,29)"), also as
        # the annotation setup-dotnet's problem matcher makes of it ("##[error]D:\a\...\File.cs(61,29): error CS0103: ...")
        # MSBuild told to build what is not there (https://learn.microsoft.com/visualstudio/msbuild/errors/): MSB1003
        # "Specify a project or solution file", MSB1009 "Project file does not exist.", MSB1011 more than one project
        # file, MSB4025 "The project file could not be loaded.", MSB4057 'The target "X" does not exist in the
        # project.', MSB4126 an invalid solution configuration; NETSDK1004 "Assets file ... not found. Run a NuGet
        # package restore" (a --no-restore build without a restore step): the workflow's command, not the code
        R(r"error (?P<code>MSB(?:1003|1009|1011|4025|4057|4126)|NETSDK1004): (?P<msg>.+?)(?: \[(?P<project>[^\]]+?\.(?:cs|fs|vb|vcx)proj)\])?$", "invalid_config", 0.93, "cause"),
        R(r"(?:^|\s|^##\[error\])(?P<file>(?:[A-Za-z]:)?[^\s(:]*[\w/\\.-]+\.(?:cs|fs|vb|razor|xaml|cshtml))\((?P<line>\d+),(?P<col>\d+)\): error (?P<code>[A-Z]{2,}\d{4}): (?P<msg>.+?)(?: \[(?P<project>[^\]]+?\.(?:cs|fs|vb|vcx)proj)\])?$", None, 0.95, "cause"),
        # MSVC's cl.exe under MSBuild, in the same canonical format, the .vcxproj in the suffix ("D:\a\r\r\src\x.cpp(28,5):
        # error C2679: binary '=': no operator found ... [D:\a\r\r\src\Plugin.vcxproj]"; C/C++ build errors,
        # https://learn.microsoft.com/cpp/error-messages/compiler-errors-1/c-cpp-build-errors): the project is the module
        R(r"(?:^|\s|^##\[error\])(?P<file>(?:[A-Za-z]:)?[^\s(:]*[\w/\\.-]+\.(?:c|cc|cpp|cxx|h|hh|hpp|hxx|inl|ixx))\((?P<line>\d+)(?:,(?P<col>\d+))?\) ?: (?:fatal )?error (?P<code>C\d{4}): (?P<msg>.+?)(?: \[(?P<project>[^\]]+?\.vcxproj)\])?$", None, 0.95, "cause"),
        # or the tool that reported it ("CSC : error CS1555: Could not find 'App.Program' specified for Main method [x.csproj]",
        # "MSBUILD : error MSB1009: Project file does not exist.": the format's "Origin : Category Code : Text")
        R(r"^(?:##\[error\])?\s*(?:CSC|VBC|MSBUILD|EXEC|LINK) : (?:fatal )?error (?P<code>[A-Z]{2,}\d{4}): (?P<msg>.+?)(?: \[(?P<project>[^\]]+?\.(?:cs|fs|vb|vcx)proj)\])?$", None, 0.9, "cause"),
        R(r"^\s*(?:Build FAILED\.|\d+ Error\(s\))$", None, 0.7, "summary"),
    )),
    # xcodebuild (via xcpretty/fastlane): "❌ /path/File.swift:12:5: msg", GitHub annotations, "** BUILD FAILED **"
    Tool("xcodebuild", COMPILE, "compile_error", r"\bxcodebuild\b|\bfastlane\b|\bswift build\b|\bxcpretty\b|\bgym\b", r"^\s*(?:\[[\d:]+\]: )?(?:▸ )?(?:❌\s+\S+\.(?:swift|m|mm|c|cc|cpp|h):\d+|::error file=\S+\.(?:swift|m|mm))|\*\* (?:BUILD|ARCHIVE) FAILED \*\*", (
        R(r"::error file=(?P<file>[^,]+\.(?:swift|m|mm|c|cc|cpp|h)),line=(?P<line>\d+)(?:,col=(?P<col>\d+))?::(?P<msg>.+)", None, 0.9, "cause"),
        R(r"❌\s+(?P<file>\S+\.(?:swift|m|mm|c|cpp|h)):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)", None, 0.9, "cause"),
        R(DIAG, None, 0.93, "cause"),
        R(r"\*\* (?:BUILD|ARCHIVE) FAILED \*\*", None, 0.8, "summary"),
        # "The following build commands failed:" lists each with its target:
        # "\tCompileSwift normal arm64 (in target 'Kit' from project 'Kit')": the target is the build's module
        R(r"^\s+\S.* \(in target '(?P<project>[^']+)' from project '[^']+'\)$", "", 0.5, "summary"),
    )),
    # sbt: "[error] /path/File.scala:12:5: msg", "[error] (Compile / compileIncremental) Compilation failed"
    Tool("sbt", COMPILE, "compile_error", r"\bsbt\b", r"^\[error\] \S+\.(?:scala|java|sc):\d+|^\[error\] \([^)]*\) Compilation failed", (
        R(r"^\[error\] (?P<file>\S+\.(?:scala|java|sc|html)):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+)", None, 0.93, "cause"),
        # the task's key names the subproject that failed: "(core / Compile / compileIncremental)" (sbt 1.x slash
        # syntax), "(core/compile:compileIncremental)" (0.13); the root project's key has none ("(Compile / compile…)")
        R(r"^\[error\] \(" + _SBT_PROJECT + r"[^)]*\) Compilation failed", None, 0.85, "summary"),
        R(r"^\[error\] Failed tests?:|^\[error\] \(" + _SBT_PROJECT + r"[^)]*\) sbt\.TestsFailedException", "test_failure", 0.9,
          "summary"),
    )),
    # ---- linters and formatters ----------------------------------------------------------------
    # ruff: https://docs.astral.sh/ruff/settings/#output-format (full: "F401 [*] msg" then " --> file:l:c"; concise: "file:l:c: F401 msg")
    # ruff >= 0.12 names a file that does not parse "invalid-syntax" (full: "invalid-syntax: Expected `)`, found
    # newline" then " --> src/app.py:1:8"; concise: "src/app.py:1:8: invalid-syntax: ..."; before: "SyntaxError: ...")
    Tool("ruff", LINT, "lint", r"\bruff\b", r"^(?:[A-Z]{1,4}\d{2,4}) (?:\[\*\] )?\S|^\S+\.pyi?:\d+:\d+: [A-Z]{1,4}\d{2,4} |^Would reformat: |^unformatted: File would be reformatted|^Found \d+ errors?\.|^invalid-syntax: ", (
        R(r"^invalid-syntax: (?P<msg>.+)$", "syntax_error", 0.93, "cause"),
        R(r"^(?P<file>\S+\.pyi?):(?P<line>\d+):(?P<col>\d+): (?:invalid-syntax|SyntaxError): (?P<msg>.+)$", "syntax_error", 0.95, "cause"),
        R(r"^(?P<code>[A-Z]{1,4}\d{2,4}) (?:\[\*\] )?(?P<msg>\S.*)$", None, 0.93, "cause"),
        R(ARROW, None, 0.75),
        R(r"^(?P<file>\S+\.pyi?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{1,4}\d{2,4}) (?P<msg>.+)$", None, 0.95, "cause"),
        R(r"^Would reformat: (?P<file>\S+)|^unformatted: File would be reformatted", None, 0.9, "cause"),
        R(r"^Found \d+ errors?\.|^\d+ files? would be reformatted", None, 0.8, "summary"),
    )),
    # flake8/pycodestyle/pylint: "file.py:l:c: E501 msg" (setup-python's flake8 problem matcher)
    # pylint's default (text) format: "file.py:l:c: C0303: Trailing whitespace (trailing-whitespace)", its score line
    # "Your code has been rated at 9.98/10" (https://pylint.readthedocs.io/en/stable/user_guide/usage/output.html)
    Tool("flake8", LINT, "lint", r"\b(?:flake8|pycodestyle|pyflakes|pylint|pydocstyle|bandit)\b", r"^\S+\.py:\d+:\d+: [A-Z]\d{3,4}:? |^Your code has been rated at -?[\d.]+/10|^>> Issue: \[B\d{3}:", (
        R(r"^(?P<file>\S+\.py):(?P<line>\d+):(?P<col>\d+): (?P<code>E999) (?P<msg>\w*Error: .+)$", "syntax_error", 0.95, "cause"),
        # bandit's report: ">> Issue: [B602:subprocess_popen_with_shell_equals_true] subprocess call with shell=True
        # identified, security issue." then "   Location: src/app.py:5:11": a security finding in the code
        R(r"^>> Issue: \[(?P<code>B\d{3}):\w+\] (?P<msg>.+)$", "security_scan", 0.9, "cause"),
        R(r"^\s+Location: (?P<file>[^\s:]+\.py):(?P<line>\d+):(?P<col>\d+)$", "", 0.5),
        R(r"^(?P<file>\S+\.py):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d{3,4}) (?P<msg>.+)$", None, 0.93, "cause"),
        R(r"^(?P<file>\S+\.py):(?P<line>\d+):(?P<col>\d+): (?P<code>[CRWEFI]\d{4}): (?P<msg>.+)$", None, 0.93, "cause"),
    )),
    # Linters of other languages and files, in their default output formats (each tool's docs):
    # RuboCop ("app/x.rb:3:3: C: [Correctable] Style/StringLiterals: Prefer ...", "12 files inspected, 1 offense detected")
    Tool("rubocop", LINT, "lint", r"\brubocop\b|\bstandardrb\b", r"^\d+ files? inspected, [1-9]\d* offenses? detected", (
        R(r"^(?P<file>\S+\.(?:rb|rake|gemspec|ru)|\S*Gemfile|\S*Rakefile):(?P<line>\d+):(?P<col>\d+): [CWEFR]: (?:\[Correctable\] )?(?P<code>[A-Z]\w+/\w+): (?P<msg>.+)$", None, 0.93, "cause"),
        R(r"^\d+ files? inspected, [1-9]\d* offenses? detected", None, 0.85, "summary"),
    )),
    # hadolint ("Dockerfile:3 DL3008 warning: Pin versions in apt get install. ...")
    Tool("hadolint", LINT, "lint", r"\bhadolint\b", r"^\S*Dockerfile\S*:\d+ DL\d{4} ", (
        R(r"^(?P<file>\S*Dockerfile\S*|\S+\.dockerfile):(?P<line>\d+) (?P<code>(?:DL|SC)\d{4}) (?:error|warning|info|style): (?P<msg>.+)$", None, 0.93, "cause"),
    )),
    # yamllint: parsable "x.yml:3:1: [error] wrong indentation: expected 2 but found 0 (indentation)"; standard: the file
    # on a line of its own, then "  3:1       error    wrong indentation: expected 2 but found 0  (indentation)"
    Tool("yamllint", LINT, "lint", r"\byamllint\b", r"^\S+\.ya?ml:\d+:\d+: \[(?:error|warning)\] ", (
        # (its findings are style, not a YAML file the program could not load: the knowledge base's invalid_config
        # reading of "wrong indentation" / "syntax error" weighs at most 0.5 on these lines)
        R(r"^(?P<file>\S+\.ya?ml):(?P<line>\d+):(?P<col>\d+): \[error\] (?P<msg>.+)$", None, 0.93, "cause", 0.5),
        R(r"^\s+(?P<line>\d+):(?P<col>\d+)\s+error\s+(?P<msg>.+?)\s+\((?P<code>[\w-]+)\)$", None, 0.9, "cause", 0.5),
    )),
    # SwiftLint: Xcode-shaped violations ("App.swift:12:1: error: Line Length Violation: ... (line_length)", then
    # "Done linting! Found 1 violation, 1 serious in 2 files."); run by xcodebuild, the scorer reads them as lint too
    Tool("swiftlint", LINT, "lint", r"\bswiftlint\b", r"^Done linting! Found [1-9]\d* violations?|: (?:error|warning): .+ Violation: .+ \(\w+\)$", (
        R(r"^(?P<file>\S+\.swift):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+ Violation: .+) \((?P<code>\w+)\)$", None, 0.93, "cause"),
        R(r"^Done linting! Found [1-9]\d* violations?, [1-9]\d* serious", None, 0.85, "summary"),
    )),
    # markdownlint-cli ("README.md:12:81 MD013/line-length Line length [Expected: 80; Actual: 120]"), markdownlint-cli2
    # ("README.md:12:81 error MD013/line-length ...")
    Tool("markdownlint", LINT, "lint", r"\bmarkdownlint", r"^\S+\.(?:md|markdown):\d+(?::\d+)? (?:error )?MD\d{3}/", (
        R(r"^(?P<file>\S+\.(?:md|markdown)):(?P<line>\d+)(?::(?P<col>\d+))? (?:error )?(?P<code>MD\d{3})/[\w/-]+ (?P<msg>.+)$", None, 0.93, "cause"),
    )),
    # codespell ("./src/x.py:12: teh ==> the")
    Tool("codespell", LINT, "lint", r"\bcodespell\b", r"^\S+:\d+: \S+ ==> \S", (
        R(r"^(?P<file>[^\s:]+):(?P<line>\d+): (?P<msg>\S+ ==> \S.*)$", None, 0.9, "cause"),
    )),
    # ktlint ("src/main/kotlin/A.kt:12:1: Unexpected blank line(s) before \"}\" (standard:no-blank-line-before-rbrace)")
    Tool("ktlint", LINT, "lint", r"\bktlint", r"^\S+\.kts?:\d+:\d+:? .+ \((?:standard|experimental):[\w-]+\)$", (
        R(r"^(?P<file>\S+\.kts?):(?P<line>\d+):(?P<col>\d+):? (?P<msg>.+) \((?P<code>(?:standard:|experimental:)?[\w-]+)\)$", None, 0.93, "cause"),
    )),
    # black / isort / prettier check mode; `terraform fmt -check` (lists the files that differ, one bare name a line,
    # and exits 3: internal/command/fmt.go; hashicorp/setup-terraform's wrapper then prints "Error: Terraform exited
    # with code 3."); `mix format --check-formatted` ("** (Mix) mix format failed due to --check-formatted." and
    # "The following files were not formatted:" then "  * lib/a.ex", Mix.Tasks.Format)
    Tool("formatter", LINT, "lint", r"\bblack\b|\bisort\b|\bprettier\b|\bgofmt\b|cargo fmt|\bclang-format\b|\bdprint\b|\bbiome\b|\b(?:terraform|tofu|terragrunt)(?:-bin)? (?:hcl)?fmt\b.*-check|\bmix format\b.*--check-formatted", r"^would reformat |^Oh no! .* files? would be reformatted|^\[warn\] Code style issues|^ERROR: .* Imports are incorrectly sorted|^Diff in |: code should be clang-formatted \[-Wclang-format-violations\]$|^\s*Error: Terraform exited with code 3\.$|^\*\* \(Mix\) mix format failed due to --check-formatted", (
        # a file the formatter cannot parse: black ("error: cannot format src/a.py: Cannot parse for target version
        # Python 3.12: 1:6: def f(:", black >= 25 "error: cannot parse: /x/src/a.py:1:6"), prettier ("[error] src/a.js:
        # SyntaxError: Unexpected token, expected "," (2:7)"): the code does not parse (SYNTAX_RULES)
        R(r"^error: cannot (?:format (?P<file>\S+?\.pyi?): Cannot parse\b.*?: (?P<line>\d+):(?P<col>\d+):|parse: (?P<file2>\S+?\.pyi?):(?P<line2>\d+):(?P<col2>\d+))", "syntax_error", 0.93, "cause"),
        R(r"^\[error\] (?P<file>[^\s:]+\.\w+): SyntaxError: .*?\((?P<line>\d+):(?P<col>\d+)\)$", "syntax_error", 0.93, "cause"),
        R(r"^would reformat (?P<file>\S+)", None, 0.93, "cause"),
        # clang-format --dry-run --Werror (https://clang.llvm.org/docs/ClangFormat.html), one diagnostic per place:
        # "src/a.cpp:12:5: error: code should be clang-formatted [-Wclang-format-violations]" ("warning" without -Werror)
        R(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?:error|warning): code should be clang-formatted \[-Wclang-format-violations\]$", None, 0.93, "cause"),
        R(r"^\[warn\] (?P<file>\S+\.\w+)$", None, 0.85, "cause"),
        R(r"^\[warn\] Code style issues", None, 0.85, "summary"),
        R(r"^ERROR: (?P<file>\S+) Imports are incorrectly sorted", None, 0.93, "cause"),
        R(r"^Diff in (?P<file>\S+?)(?: at line (?P<line>\d+))?:", None, 0.9, "cause"),
        R(r"files? would be reformatted", None, 0.85, "summary"),
        R(r"^\s*Error: Terraform exited with code 3\.$", None, 0.85, "summary"),
        # bare names: `terraform fmt -check` without setup-terraform's wrapper prints nothing else (tools._listing_only)
        R(r"^\s*(?P<file>[\w.-]+(?:/[\w.-]+)*\.(?:tf|tfvars|hcl))$", "", 0.5),
        R(r"^\*\* \(Mix\) mix format failed due to --check-formatted", None, 0.9, "summary"),
        R(r"^\s+\* (?P<file>[\w.-]+(?:/[\w.-]+)*\.(?:ex|exs|heex|eex|leex))$", "", 0.5),
    )),
    # eslint stylish: "/path/file.js" then "  3:7  error  msg  rule" then "✖ N problems (N errors, ...)"
    Tool("eslint", LINT, "lint", r"\beslint\b|\bnext lint\b", r"^(?:\S+ [\w:.-]+: )?✖ \d+ problems? \(\d+ errors?", (
        # the parser's refusal at a place in the file ("2:7  error  Parsing error: Unexpected token ."): the file does
        # not parse. At 0:0 the parser refused the file itself, a configuration matter (typescript-eslint's "Parsing
        # error: "parserOptions.project" has been provided for @typescript-eslint/parser. The file was not found in
        # any of the provided project(s)"): not a syntax error
        R(r"^(?:\S+ [\w:.-]+: )?\s+(?P<line>[1-9]\d*):(?P<col>\d+)\s+error\s+(?P<msg>Parsing error: .+?)\s*$", "syntax_error", 0.93, "cause"),
        R(r"^(?:\S+ [\w:.-]+: )?\s+(?P<line>\d+):(?P<col>\d+)\s+error\s+(?P<msg>.+?)(?:\s{2,}(?P<code>[\w@/-]+))?$", None, 0.93, "cause"),
        R(r"^(?:\S+ [\w:.-]+: )?✖ \d+ problems? \([1-9]\d* errors?", None, 0.85, "summary"),
        # `--max-warnings N` (https://eslint.org/docs/latest/use/command-line-interface#--max-warnings): more
        # warnings than N fail the run ("ESLint found too many warnings (maximum: 0)."), so the warnings are the
        # findings; read below an error (a run with errors fails because of them). GitHub's web UI prefixes an
        # annotated line with "Warning: ".
        R(r"^(?:\S+ [\w:.-]+: |Warning: )?\s+(?P<line>\d+):(?P<col>\d+)\s+warning\s+(?P<msg>.+?)(?:\s{2,}(?P<code>[\w@/-]+))?$",
          None, 0.6, "cause"),
        R(r"ESLint found too many warnings \(maximum: \d+\)", None, 0.85, "summary"),
    )),
    # golangci-lint: "file.go:l:c: msg (linter)"
    Tool("golangci-lint", LINT, "lint", r"golangci-lint|staticcheck|\brevive\b", r"^\S+\.go:\d+:\d+: .+ \(\w+\)$", (
        # `typecheck` is not a linter: golangci-lint reports the go/types errors of code that does not compile under
        # that name (https://golangci-lint.run/welcome/faq/#why-do-you-have-typecheck-errors-in-your-output)
        R(r"^(?P<file>\S+\.go):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+) \((?P<code>typecheck)\)$", "compile_error", 0.93, "cause"),
        R(r"^(?P<file>\S+\.go):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+) \((?P<code>[\w-]+)\)$", None, 0.93, "cause"),
        R(r"^level=error msg=", "", 0.6),
    )),
    # shellcheck: https://github.com/koalaman/shellcheck ("In f.sh line 3:" .. "^-- SC2086 (info): msg"; gcc format "f.sh:3:5: warning: msg [SC2086]")
    # Workflow checkers. actionlint (https://github.com/rhysd/actionlint): ".github/workflows/ci.yml:10:16: shell name
    # "bashh" is invalid. available names are ... [shell-name]": the workflow itself is invalid (invalid_config, as
    # tests/data/logs labels it); zizmor
    # (https://docs.zizmor.sh), a security auditor of them: "error[template-injection]: code injection via template
    # expansion" then " --> .github/workflows/ci.yml:8:14" (its errors fail the run; warnings alone do not)
    Tool("actionlint", LINT, "invalid_config", r"\bactionlint\b", r"^\S+\.ya?ml:\d+:\d+: .+ \[[a-z][\w-]*\]$", (
        R(r"^(?P<file>\S+\.ya?ml):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+) \[(?P<code>[a-z][\w-]*)\]$", None, 0.9, "cause"),
    )),
    Tool("zizmor", LINT, "security_scan", r"\bzizmor\b", r"^error\[[a-z][\w-]*\]: |^\d+ findings? \(", (
        R(r"^error\[(?P<code>[a-z][\w-]*)\]: (?P<msg>.+)$", None, 0.9, "cause"),
        R(r"^warning\[(?P<code>[a-z][\w-]*)\]: (?P<msg>.+)$", None, 0.5),
        R(r"^\s*--> (?P<file>\S+\.ya?ml):(?P<line>\d+):(?P<col>\d+)$", "", 0.5),
    )),
    # JavaScript bundlers that cannot resolve an import: esbuild ('✘ [ERROR] Could not resolve "x"', then the place
    # "    src/main.js:1:21:"), vite/Rollup ('[vite]: Rollup failed to resolve import "x" from "/w/src/main.js".',
    # Rollup's '[!] RollupError: Could not resolve "./x" from "src/main.js"'). A package name is a missing
    # dependency; a relative path is the code's own mistake (as tsc's relative TS2307)
    Tool("js-bundler", COMPILE, "compile_error", r"\bvite\b|\besbuild\b|\brollup\b", r"^✘ \[ERROR\] |\[vite\]: Rollup failed to resolve import|^\[!\] RollupError: ", (
        R(r"^✘ \[ERROR\] Could not resolve \"(?P<file>(?:\.{1,2})?/[^\"]+)\"|"
          r"(?:\[vite\]: Rollup failed to resolve import|RollupError: Could not resolve) \"(?P<file2>(?:\.{1,2})?/[^\"]+)\"", "compile_error", 0.9, "cause"),
        R(r"^✘ \[ERROR\] Could not resolve \"(?P<module>[^\"]+)\"|"
          r"(?:\[vite\]: Rollup failed to resolve import|RollupError: Could not resolve) \"(?P<module2>[^\"]+)\"", "missing_dependency", 0.9, "cause"),
        R(r"^✘ \[ERROR\] (?P<msg>.+)$", None, 0.85, "cause"),
        R(r"^\s+(?P<file>[\w.@/-]+\.[cm]?[jt]sx?):(?P<line>\d+):(?P<col>\d+):$", "", 0.5),
    )),
    # documentation builds that fail on warnings: sphinx-build -W ("docs/index.rst:4: WARNING: undefined label:
    # 'x' [ref.ref]", then "build finished with problems, 3 warnings (with warnings treated as errors)."; before
    # Sphinx 8 "Warning, treated as error:" above the first), mkdocs build --strict ("WARNING -  Doc file 'index.md'
    # contains a link 'setup.md', but the target is not found among documentation files.", then "Aborted with 2
    # warnings in strict mode!"): the warnings are the findings, the first leads; mkdocs' own configuration errors
    # ("ERROR    -  Config value 'nav': ...") are invalid_config
    Tool("docs-build", LINT, "lint", r"\bsphinx-build\b|\bsphinx\b|\bmkdocs\b|make (?:-C docs )?html\b", r"with warnings treated as errors|^Warning, treated as error:|^Aborted with \d+ warnings? in strict mode!", (
        R(r"^(?P<file>[^\s:]+\.(?:rst|md|txt|py|ipynb)):(?P<line>\d+): (?:WARNING|ERROR): (?P<msg>.+)$", None, 0.85, "cause"),
        R(r"^ERROR\s+-\s+Config value '(?P<msg>[\w.]+)'", "invalid_config", 0.9, "cause"),
        R(r"^WARNING\s+-\s+(?P<msg>.+)$", None, 0.8, "cause"),
        R(r"build finished with problems, \d+ warnings? \(with warnings treated as errors\)|^Warning, treated as error:|"
          r"^Aborted with \d+ warnings? in strict mode!", None, 0.8, "summary"),
    )),
    # spell checkers a CI runs as linters: typos (crate-ci/typos: "error: `recieve` should be `receive`" then the place,
    # "  ╭▸ src/app.py:1:5" since 1.3x, "  --> src/app.py:1:5" before) and cspell ("src/app.py:1:5 - Unknown word
    # (recieve) fix: (receive)", then "CSpell: Files checked: 2, Issues found: 1 in 1 file.")
    Tool("spelling", LINT, "lint", r"\btypos\b|\bcspell\b", r"^error: `[^`]+` should be `|^CSpell: Files checked: \d+, Issues found: [1-9]|^\S+:\d+:\d+ - Unknown word \(", (
        R(r"^error: `(?P<msg>[^`]+)` should be `", None, 0.9, "cause"),
        R(r"^\s*(?:╭▸|-->) (?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)$", "", 0.6),
        R(r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+) - Unknown word \((?P<msg>[^)]+)\)", None, 0.9, "cause"),
        R(r"^CSpell: Files checked: \d+, Issues found: [1-9]\d*", None, 0.85, "summary"),
    )),
    # commitlint (https://commitlint.js.org): "⧗   input: Fixed the bug", then per broken rule "✖   subject may not be
    # empty [subject-empty]", then "✖   found 2 problems, 0 warnings": a commit message breaks the project's rules
    Tool("commitlint", LINT, "lint", r"\bcommitlint\b", r"^✖\s+found [1-9]\d* problems?, \d+ warnings?$|^⧗\s+input: ", (
        R(r"^✖\s+(?P<msg>(?!found \d).+?) \[(?P<code>[\w-]+)\]$", None, 0.9, "cause"),
        R(r"^✖\s+found [1-9]\d* problems?, \d+ warnings?$", None, 0.85, "summary"),
    )),
    Tool("shellcheck", LINT, "lint", r"\bshellcheck\b", r"\bSC\d{4}\b", (
        R(r"^In (?P<file>\S+) line (?P<line>\d+):$", None, 0.85, "cause"),
        R(r"\^-+ SC\d{4} \((?:error|warning|info|style)\): (?P<msg>.+)", None, 0.85),
        R(r"^(?P<file>\S+):(?P<line>\d+):(?P<col>\d+): (?:error|warning|note|style): .+\[SC\d{4}\]$", None, 0.9, "cause"),
    )),
    # pre-commit: https://pre-commit.com ("hook name.........Failed", "- hook id: x", "- exit code: 1")
    Tool("pre-commit", LINT, "lint", r"\bpre-commit\b|\bprek\b", r"\.{3,}(?:\([^)]*\))?Failed$", (
        R(r"^(?P<msg>\S.*?)\.{3,}(?:\([^)]*\))?Failed$", None, 0.95, "cause"),
        R(r"^- hook id: (?P<code>\S+)$", None, 0.6),
        R(r"^- files were modified by this hook$", None, 0.8),
    )),
    # ---- package managers ---------------------------------------------------------------------
    # npm: https://docs.npmjs.com/cli/v10/using-npm/logging ("npm error code E404", older "npm ERR! code E404")
    Tool("npm", PACKAGE, "missing_dependency", r"\bnpm\b|\bnpx\b", r"^npm (?:ERR!|error) ", (
        R(r"^npm (?:ERR!|error) code (?:E404|ETARGET|ENOVERSIONS)$", "missing_dependency", 0.9, "cause"),
        R(r"^npm (?:ERR!|error) 404 .*'(?P<module>[^']+?)(?:@[^'@]*)?' is not in (?:this|the npm) registry", "missing_dependency", 0.95, "cause"),
        R(r"^npm (?:ERR!|error) 404 Not Found - GET https?://\S+/(?P<module>(?:@[\w.-]+(?:/|%2[fF]))?[\w.-]+)$", "missing_dependency", 0.93, "cause"),
        R(r"^npm (?:ERR!|error) 404\s+The requested resource '(?P<module>(?:@[\w.-]+/)?[\w.-]+)(?:@[^']*)?' could not be found", "missing_dependency", 0.9),
        R(r"^npm (?:ERR!|error) notarget No matching version found for (?P<module>\S+?)(?:@\S*)?\.?$", "missing_dependency", 0.95, "cause"),
        # ERESOLVE: "Found: react@17.0.2" is the installed side of the conflict ("While resolving:" may be the root project)
        R(r"^npm (?:ERR!|error) (?:Found: |Conflicting peer dependency: )(?P<module>(?:@[\w.-]+/)?[\w.-]+)@", "dependency_conflict", 0.9, "cause"),
        R(r"^npm (?:ERR!|error) code ERESOLVE$|^npm (?:ERR!|error) (?:ERESOLVE|Could not resolve dependency:|Conflicting peer dependency)", "dependency_conflict", 0.93, "cause"),
        # EUSAGE is any misuse of the command; the line under it says which: a lock file out of sync with
        # package.json (invalid_config, see LOCK_OUT_OF_SYNC) or none at all ("The `npm ci` command can only install with an existing
        # package-lock.json or npm-shrinkwrap.json with lockfileVersion >= 1", npm/lib/commands/ci.js): the workflow
        # runs `npm ci` in a project that commits no lock file
        R(r"^npm (?:ERR!|error) (?:`npm ci` can only install packages when your package\.json and package-lock\.json|Missing: \S+ from lock file|Invalid: lock file)", LOCK_OUT_OF_SYNC, 0.9, "cause"),
        R(r"^npm (?:ERR!|error) The `npm ci` command can only install with an existing package-lock\.json", "invalid_config", 0.9, "cause"),
        R(r"^npm (?:ERR!|error) code EUSAGE$", "", 0.5),
        R(r"^npm (?:ERR!|error) code (?:ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ERR_SOCKET_TIMEOUT)$|^npm (?:ERR!|error) (?:network|errno E(?:CONNRESET|TIMEDOUT|AI_AGAIN))", "network", 0.93, "cause"),
        R(r"^npm (?:ERR!|error) code (?:EACCES|EPERM)$", "permission_denied", 0.9, "cause"),
        R(r"^npm (?:ERR!|error) code E(?:401|403)$|^npm (?:ERR!|error) 40[13] ", "permission_denied", 0.85, "cause"),
        R(r"^npm (?:ERR!|error) code EBADENGINE$|^npm (?:ERR!|error) notsup Unsupported engine", "environment", 0.9, "cause"),
        # the package whose `engines` the runtime fails: "npm error engine Not compatible with your version of node/npm:
        # @nuxt/kit@3.9.0" (npm 7+), "npm ERR! notsup Not compatible with your version of node/npm: x@1.0.0"
        R(r"^npm (?:ERR!|error) (?:engine|notsup) Not compatible with your version of node/npm: (?P<module>(?:@[\w.-]+/)?[\w.-]+)@", "", 0.6),
        R(r"^npm (?:ERR!|error) code EJSONPARSE$", "invalid_config", 0.9, "cause"),
        R(r"^npm (?:ERR!|error) Missing script: ", "invalid_config", 0.9, "cause"),
        R(r"^npm (?:ERR!|error) (?:code ELIFECYCLE|Lifecycle script `[^`]+` failed|command failed|[\w@/.-]+ \w+: `.+`$)", "", 0.5),
        R(r"^npm (?:ERR!|error) code (?P<code>E[A-Z0-9_]+)$", "", 0.55),
        # a package script whose program is not installed: "sh: 1: jest: not found" (dash), "sh: jest: command not found"
        # (bash as sh): the program names what is missing (a dev dependency not installed, or a tool the runner
        # lacks); the line localises, the knowledge base decides the category
        R(r"^(?:sh|bash): (?:line )?(?:\d+: )?(?P<module>[\w.@/-]+): (?:command )?not found$", "", 0.6),
    )),
    # pnpm: https://pnpm.io/errors (ERR_PNPM_*)
    Tool("pnpm", PACKAGE, "missing_dependency", r"\bpnpm\b", r"ERR_PNPM_\w+", (
        # "ERR_PNPM_FETCH_404  GET https://registry.npmjs.org/@scope%2Fname: Not Found - 404",
        # "ERR_PNPM_NO_MATCHING_VERSION  No matching version found for name@^1.2.3"
        R(r"ERR_PNPM_(?:NO_MATCHING_VERSION|FETCH_404|NO_VERSIONS)\b(?:.*? GET https?://[^/\s]+/(?P<module>(?:@[\w.-]+(?:/|%2[fF]))?[\w.-]+?)(?:/-/|:|\s|$)|.*? for (?P<module2>(?:@[\w.-]+/)?[\w.-]+)@)?", "missing_dependency", 0.93, "cause"),
        # pnpm 12 reports in miette's shape: "Error: ERR_PNPM_FETCH_404", "  × installing dependencies", "  ╰─▶ Failed to
        # resolve dependency tree: GET https://registry.npmjs.org/x: Not Found - 404", "  help: x is not in the npm
        # registry, or you have no permission to fetch it.": the package is named below the code
        R(r"Failed to resolve dependency tree: GET https?://[^/\s]+/(?P<module>(?:@[\w.-]+(?:/|%2[fF]))?[\w.-]+?)(?:/-/|:|\s|$).*\b404\b|"
          r"^\s*help: (?P<module2>(?:@[\w.-]+/)?[\w.-]+) is not in the npm registry", "missing_dependency", 0.9),
        R(r"ERR_PNPM_(?:OUTDATED_LOCKFILE|LOCKFILE_CONFIG_MISMATCH|FROZEN_LOCKFILE\w*)\b", LOCK_OUT_OF_SYNC, 0.93, "cause"),
        R(r"ERR_PNPM_(?:PEER_DEP_ISSUES|LOCKFILE_MISSING_DEPENDENCY)\b", "dependency_conflict", 0.93, "cause"),
        R(r"ERR_PNPM_(?:META_FETCH_FAIL|FETCH_(?:5\d\d|ECONN\w+)|ENOTFOUND|ECONNRESET)\b", "network", 0.9, "cause"),
        R(r"ERR_PNPM_(?:UNSUPPORTED_ENGINE|BAD_PM_VERSION)\b", "environment", 0.9, "cause"),
        R(r"ERR_PNPM_(?:NO_SCRIPT|NO_IMPORTER_MANIFEST_FOUND)\b", "invalid_config", 0.85, "cause"),
        R(r"ERR_PNPM_(?:RECURSIVE_RUN_FIRST_FAIL|RECURSIVE_EXEC_FIRST_FAIL)\b|ELIFECYCLE", "", 0.5),
    )),
    # yarn: classic "error Couldn't find package", berry "YN0000" codes (https://yarnpkg.com/advanced/error-codes)
    Tool("yarn", PACKAGE, "missing_dependency", r"\byarn\b", r"^error (?:Couldn't find|An unexpected error|Command failed)|\bYN\d{4}\b", (
        R(r"^error Couldn't find (?:package|any versions for) \"(?P<module>[^\"]+)\"", "missing_dependency", 0.93, "cause"),
        R(r"\bYN0035\b|\bYN0082\b", "missing_dependency", 0.9, "cause"),
        # yarn berry prints the lock file's would-be diff under YN0028 ("➤ YN0028: │ +"is-number@npm:7.0.0":"): those
        # lines show the change; the statement under them ("The lockfile would have been modified by this install,
        # which is explicitly forbidden.") says what failed
        R(r"\bYN0028: (?:│ )?[+-]", "", 0.3),
        R(r"\bYN0028\b|Your lockfile needs to be updated|The lockfile would have been (?:modified|created)", LOCK_OUT_OF_SYNC, 0.93, "cause"),
        R(r"^error An unexpected error occurred: .*(?:ENOTFOUND|ETIMEDOUT|ECONNRESET|ECONNREFUSED|EAI_AGAIN|socket hang up)", "network", 0.93, "cause"),
        # "error @nuxt/kit@3.0.0: The engine "node" is incompatible with this module." (yarn 1's engine check): the package
        R(r"^error (?:(?P<module>@?[^\s@:]+(?:/[^\s@:]+)?)@[^\s:]*|.*): The engine \"\w+\" is incompatible", "environment", 0.9, "cause"),
        R(r"^error Command failed with exit code \d+", "", 0.5),
    )),
    # pip: https://pip.pypa.io/en/stable/topics/secure-installs/ (hash-checking mode), resolver errors
    Tool("pip", PACKAGE, "missing_dependency", r"\bpip3?\b|\buv pip\b|-m pip\b|\bpipenv\b", r"^ERROR: (?:Could not|No matching|THESE PACKAGES|Cannot install|ResolutionImpossible|Failed building)", (
        # a package whose wheel failed to build (pip 23-25, real output and pip's issue reports): "  ERROR: Failed building
        # wheel for x" (indented under "Building wheels for collected packages"), "Failed to build x y", "ERROR: Could
        # not build wheels for x, which is required to install pyproject.toml-based projects" (pip < 24.1), "ERROR:
        # (ERROR: )Failed to build installable wheels for some pyproject.toml based projects (x, y)" (pip 24.1-25.0)
        R(r"^\s+ERROR: Failed building wheel for (?P<module>[^\s,]+)", "", 0.6),
        R(r"^(?:ERROR: )+(?:Could not build wheels for |Failed to build installable wheels for some pyproject\.toml based "
          r"projects \()(?P<module>[A-Za-z0-9][\w.-]*)", "", 0.6),
        R(r"^Failed to build (?P<module>[A-Za-z0-9][\w.-]*)(?: [A-Za-z0-9][\w.-]*)*$", "", 0.6),
        R(r"THESE PACKAGES DO NOT MATCH THE HASHES|Hashes are required in --require-hashes mode|^\s+Expected sha256 \w+", "dependency_conflict", 0.95, "cause"),
        R(r"^ERROR: Could not find a version that satisfies the requirement (?P<module>[^\s(<>=!~;]+)", "missing_dependency", 0.9),
        R(r"^ERROR: No matching distribution found for (?P<module>[^\s(<>=!~;]+)", "missing_dependency", 0.9),
        R(r"^ERROR: (?:Cannot install .* because these package versions have conflicting dependencies|ResolutionImpossible)", "dependency_conflict", 0.93, "cause"),
        # under "The conflict is caused by:", one requirement a line: "    liba 1.0 depends on libb<2" (and "    The
        # user requested libb==2.0"): the package they disagree on (pip's resolver, factory.py's conflict report)
        R(r"^\s{2,}(?!The user requested)[A-Za-z0-9][\w.-]* \S+ depends on (?P<module>[A-Za-z0-9][\w.-]*)", "dependency_conflict", 0.85),
        # (not a traceback's quoted source line, `    raise ReadTimeoutError(` / `    except SSLError:`: the code that can
        # raise it, not what happened)
        R(r"^(?!\s+raise\b|\s+except\b|\s+from\b|\s+import\b|\s+if\b|\s+elif\b|\s+return\b)[^\n]*?(?:NewConnectionError|ConnectTimeoutError|ReadTimeoutError|ProtocolError|ConnectionResetError|SSLError|Temporary failure in name resolution|Connection refused|Max retries exceeded)", "network", 0.9, "cause"),
        R(r"^ERROR: Package '(?P<module>[^']+)' requires a different Python", "environment", 0.9, "cause"),
        # `pip install -r <file>` naming a file the checkout lacks (pip's req_file.py): the workflow's path is wrong
        R(r"^ERROR: Could not open requirements file: \[Errno 2\] No such file or directory: '(?P<file>[^']+)'", "invalid_config", 0.9, "cause"),
        R(r"^ERROR: Failed building wheel for (?P<module>\S+)|^error: subprocess-exited-with-error", "", 0.6),
    )),
    # uv / poetry resolvers. Both explain a failed resolution the PubGrub way, one "Because ..." derivation a line
    # (uv: "error: No solution found when resolving dependencies" then "  cause: Because pytest==8.0.0 depends on
    # pluggy>=1.3.0 and your project depends on pluggy==1.0.0, we can conclude that ..." ("╰─▶" for "cause:" on a
    # terminal); poetry 2: "Because app depends on pytest (8.0.0) which depends on pluggy (>=1.3.0,<2.0), pluggy is
    # required." then "So, because app depends on pluggy (1.0.0), version solving failed."). The package the last
    # derivation's requirement names is the one in conflict; a version that does not exist ("there is no version
    # of packaging==99.0", "packaging (99.0) which doesn't match any versions") is a missing package, as pip's "No
    # matching distribution found" is, and the heading above it yields (tools._pubgrub_reason).
    Tool("uv-poetry", PACKAGE, "dependency_conflict", r"\buv\b|\bpoetry\b|\bpdm\b|\bhatch\b", r"No solution found when resolving|SolverProblemError|poetry\.lock|uv\.lock", (
        R(r"\bBecause there is no version of (?P<module>[A-Za-z0-9][\w.-]*)|\bdepends on (?P<module2>[A-Za-z0-9][\w.-]*) \([^)]*\) which doesn't match any versions", "missing_dependency", 0.95, "cause", cap=0.5),
        R(r"\b[Bb]ecause .*\bdepends on (?:both )?(?P<module>[A-Za-z0-9][\w.-]*)(?:[<>=!~(\s][^,]*)?, (?:we can conclude that|version solving failed)", "dependency_conflict", 0.93, "cause"),
        R(r"No solution found when resolving|SolverProblemError|version solving failed", "dependency_conflict", 0.93, "cause"),
        R(r"pyproject\.toml changed significantly since poetry\.lock|The lockfile at `uv\.lock` needs to be updated|poetry\.lock is not consistent", LOCK_OUT_OF_SYNC, 0.93, "cause"),
        R(r"Because (?P<module>[\w.-]+) was not found in the package registry", "missing_dependency", 0.93, "cause"),
        R(r"error: Failed to fetch: .*|Failed to download distribution|error sending request for url", "network", 0.85, "cause"),
    )),
    # go modules: https://go.dev/ref/mod#go-mod-download (errors are "go: module@version: ...")
    Tool("go-mod", PACKAGE, "missing_dependency", r"\bgo (?:mod|get|build|test|vet|install|run|generate|list)\b", r"^go: |missing go\.sum entry|no required module provides package|^diff current/go\.(?:mod|sum) tidy/", (
        # A module download that failed mid-build: "x.go:19:2: example.com/m@v1.2: Get \"https://proxy...\": ..."
        R(r"^(?:\S+\.go:\d+:\d+: )?(?:go: )?(?P<module>[\w.-]+\.[\w.-]+/\S+?)@\S+: (?:Get|reading) \"?https?://", "network", 0.9, "cause"),
        R(r"missing go\.sum entry for module providing package (?P<module>\S+)|no required module provides package (?P<module2>\S+?);?", "missing_dependency", 0.93, "cause"),
        R(r"^go: (?:downloading )?(?P<module>[\w.-]+\.[\w.-]+/\S+)@\S+: (?:reading .*: 404|invalid version|unknown revision|module .* not found)", "missing_dependency", 0.93, "cause"),
        # "requires go >= 1.23.0 (running go 1.21.13; GOTOOLCHAIN=local)" stops; "requires go >= 1.23.0; switching to
        # go1.23.11" is the toolchain switch's notice (https://go.dev/doc/toolchain#switch): go goes on
        R(r"go\.mod file indicates go [\d.]+, but maximum|requires go >= [\w.-]+(?:\s*$|\s+\()", "dependency_conflict", 0.9, "cause"),
        # -mod=readonly (the default since go 1.16) refusing to edit go.mod/go.sum: "go: updates to go.mod needed; to
        # update it:\n\tgo mod tidy" (cmd/go/internal/modload): the committed files are out of sync with the imports,
        # like `go mod tidy -diff` below (LOCK_OUT_OF_SYNC)
        R(r"^go: updates to go\.(?:mod|sum) needed", LOCK_OUT_OF_SYNC, 0.9, "cause"),
        R(r"verifying \S+: checksum mismatch|SECURITY ERROR", "dependency_conflict", 0.9, "cause"),
        R(r"^go: errors parsing go\.mod|go\.mod:\d+: ", "invalid_config", 0.85, "cause"),
        # `go mod tidy -diff` (go >= 1.23) prints the changes tidy would make and exits 1: "diff current/go.mod
        # tidy/go.mod", then a unified diff (cmd/go/internal/modcmd/tidy.go): go.mod/go.sum out of sync with the code
        R(r"^diff current/(?P<file>go\.(?:mod|sum)) tidy/go\.(?:mod|sum)$", LOCK_OUT_OF_SYNC, 0.9, "cause"),
        R(r"dial tcp .*: (?:i/o timeout|connection refused)|proxy\.golang\.org.*: (?:dial|EOF|50\d)", "network", 0.9, "cause"),
    )),
    # cargo dependency resolution
    Tool("cargo", PACKAGE, "missing_dependency", r"\bcargo\b", r"^error: (?:failed to select a version|no matching package named|failed to get `|the lock file .* needs to be updated|cannot update the lock file)", (
        R(CLAP_UNKNOWN_ARG, "invalid_config", 0.93, "cause"),
        R(CARGO_MANIFEST, "invalid_config", 0.93, "cause"),
        R(CARGO_LOCK_HEAD, "", 0.6),
        R(r"^error: no matching package named `(?P<module>[^`]+)` found", "missing_dependency", 0.93, "cause"),
        # "failed to select a version for the requirement `tokio = \"^99\"`", "failed to select a version for `openssl-sys`."
        R(r"^error: failed to select a version for(?: the requirement)?(?: `(?P<module>[\w-]+))?", "dependency_conflict", 0.93, "cause"),
        R(CARGO_LOCKED, LOCK_OUT_OF_SYNC, 0.93, "cause"),
        R(r"^error: failed to get `(?P<module>[^`]+)` as a dependency", "missing_dependency", 0.8),
        R(r"(?:spurious network error|failed to download from|Couldn't resolve host name)", "network", 0.9, "cause"),
    )),
    # Maven dependency resolution
    Tool("maven", PACKAGE, "missing_dependency", r"\bmvnw?\b", r"^\[ERROR\] Failed to execute goal|^\[INFO\] BUILD FAILURE", (
        # A connection failure named inside a resolution failure is its cause.
        R(r"PKIX path building failed|SSLHandshakeException|No subject alternative (?:DNS )?names? matching|doesn't match any of the subject alternative names|Connection refused|Connection reset|UnknownHostException|connect timed out|Read timed out|Network is unreachable", "network", 0.9, "cause"),
        *JVM_REPO_RULES,  # the repository's answer, named inside the resolution failure, is its cause
        *TEST_DIED_RULES,
        R(r"Could not resolve dependencies for project|Could not find artifact (?P<module>\S+)|Non-resolvable (?:parent POM|import POM)|Plugin (?P<module2>\S+) or one of its dependencies could not be resolved", "missing_dependency", 0.9, "cause"),
        R(r"Could not transfer artifact .* (?:Connection|connect timed out|Read timed out|Remote host terminated)", "network", 0.92, "cause"),
        R(r"invalid target release: \S+|release version \d+ not supported|has been compiled by a more recent version of the Java Runtime|UnsupportedClassVersionError", "environment", 0.9, "cause"),
        R(r"Failed to execute goal .* on project (?P<project>[\w.-]+): Compilation failure", "compile_error", 0.85),
        R(r"Failed to execute goal .*(?:checkstyle|spotless|pmd|spotbugs|enforcer|formatter|license)", "lint", 0.85),
        R(r"^\[ERROR\] Failed to execute goal .* on project (?P<project>[\w.-]+)|^\[ERROR\] Failed to execute goal", "", 0.6),
    )),
    # Gradle: "FAILURE: Build failed with an exception." + "* Where: Build file '...' line: N" + "* What went wrong:"
    Tool("gradle", PACKAGE, "invalid_config", r"\bgradlew?\b", r"^FAILURE: Build (?:failed|completed) with|^\* What went wrong:|^BUILD FAILED in ", (
        # "* Where:" then "Build file '...' line: N" (also Settings file, Initialization script, Script)
        R(r"^(?:Build file|Settings file|Initialization script|Script) '(?P<file>[^']+)' line: (?P<line>\d+)$", "invalid_config", 0.9, "cause"),
        R(r"^A problem occurred (?:evaluating|configuring) (?:root )?(?:project|settings|script)|^Could not compile (?:build|settings) file|^Plugin \[id: '[^']+'.*\] was not found", "invalid_config", 0.9, "cause"),
        R(r"^Could not resolve all (?:files|dependencies|artifacts|task dependencies) for configuration|^\s*> Could not find (?P<module>[\w.-]+:[\w.-]+(?::[\w.-]+)?)\.?$|^\s*> Could not resolve (?P<module2>[\w.-]+:[\w.-]+:[\w.+-]+)\.?$", "missing_dependency", 0.9, "cause"),
        # A task's name (compileDebugNdk) is a weak hint; the "> reason" lines below it say why.
        R(r"^Execution failed for task '(?:(?P<project>:[\w:.-]+):)?:?(?P<code>[\w-]+)'\.$", "", 0.6, "error", 0.6),
        R(r"^e: (?:file://)?(?P<file>\S+\.kts?):(?P<line>\d+):(?P<col>\d+) (?P<msg>.+)$", "compile_error", 0.93, "cause"),
        # kotlinc prints every error-severity message with `e: ` (warnings `w: `), placed or not: a compiler plugin's
        # or KSP's processor error has no place ("e: [ksp] [Hilt] …", "e: Error occurred in KSP, check log for
        # detail"; Kotlin's MessageRenderer.PLAIN_*, https://kotlinlang.org/docs/ksp-overview.html)
        R(r"^e: (?!file://|\S+\.kts?:\d)(?P<msg>\S.{2,})$", "compile_error", 0.85, "cause"),
        R(r"^> Compilation failed; see the compiler error output|^Compilation error\. See log", "compile_error", 0.85),
        R(r"Connection (?:refused|timed out)|Read timed out", "network", 0.88, "cause"),
        *JVM_REPO_RULES,
        *TEST_DIED_RULES,
        # A script that downloads a URL (`new URL(...).withInputStream`) fails with java.io.FileNotFoundException, whose
        # message Gradle shows as the reason is the URL alone ("> https://host/path/x.jar"): the download failed.
        R(r"^> https?://\S+$", "network", 0.85, "cause"),
        # The Android Gradle plugin's checks of the build's own configuration, as "> reason" under a task:
        # AndroidX libraries on a classpath without `android.useAndroidX=true` in gradle.properties (checkAarMetadata;
        # https://developer.android.com/jetpack/androidx/migrate), a signing config whose keystore file is not there
        # (validateSigning; https://developer.android.com/studio/publish/app-signing#secure-shared-keystore).
        R(r"^> Configuration `[^`]+` contains AndroidX dependencies, but the `android\.useAndroidX` property is not enabled", "invalid_config", 0.9, "cause"),
        R(r"^> Keystore file '[^']+' not found for signing config '[^']+'", "invalid_config", 0.88, "cause"),
        # AAPT2's resource linking (processDebugResources: "Android resource linking failed", then "error: resource
        # style/Theme.Material3.DayNight (aka app:style/Theme.Material3.DayNight) not found."; aapt2 link/ReferenceLinker)
        # naming a style of a library's namespace - Material Components' Theme/Widget/TextAppearance/ShapeAppearance
        # .Material3 / .MaterialComponents (com.google.android.material:material), AppCompat's (androidx.appcompat): the
        # library that defines it is not a dependency of the module (or too old a version of it).
        R(r"^\s*(?:\S+:\d+: )?error: resource (?:style|attr)/(?:Theme|Widget|TextAppearance|ShapeAppearance|ThemeOverlay)\."
          r"(?:Material3|MaterialComponents|AppCompat)\b\S* \(aka [^)]+\) not found\.?$", "missing_dependency", 0.88, "cause"),
        # Any other resource AAPT2 cannot link (aapt2 link's ReferenceLinker: "error: resource drawable/ic_x (aka
        # app.id:drawable/ic_x) not found.", "error: attribute android:x (aka ...) not found.", "error: style attribute
        # 'attr/x (aka ...)' not found."; AGP < 7 prefixed "ERROR:<file>:<line>: AAPT: error: ..."), under "Android
        # resource linking failed": the app's own resources reference what they do not define, a build of its code
        # (resource compilation), not a dependency to add.
        R(r"^\s*(?:ERROR: ?)?(?:\S+:\d+: )?(?:AAPT: )?error: (?:resource \S+|attribute \S+|style attribute '[^']+') \(aka [^)]+\)'? not found\.?$", "compile_error", 0.85, "cause"),
        R(r"^\s*(?:> )?Android resource linking failed$", "compile_error", 0.75),
        # Android lint's text report (lint's TextReporter, https://developer.android.com/studio/write/lint#commandline:
        # "path/MainActivity.kt:23: Error: Upgrade Fragment version to at least 1.3.0. [InvalidFragmentVersionForActivity
        # Result from androidx.activity]"; Warning: lines do not fail the build): the tool's own finding, which the
        # lintVital/lint task's "Execution failed" and "Lint found fatal errors" lines only relay.
        R(r"^(?P<file>[^\s:][^:]*\.(?:kt|kts|java|xml|gradle|toml|json|png|webp)):(?P<line>\d+): Error: (?P<msg>.+?) \[(?P<code>\w+)(?: from [\w.-]+)?\]$", "lint", 0.9, "cause"),
        # The Kotlin Gradle plugin's check of related compile tasks (https://kotlinlang.org/docs/gradle-configure-project.html
        # #check-for-jvm-target-compatibility-of-related-compile-tasks: "Inconsistent JVM-target compatibility detected
        # for tasks 'compileJava' (17) and 'compileKotlin' (21)."): the build file's jvmTarget/toolchain settings
        # disagree, a configuration fix (jvmToolchain, compileOptions), not the code.
        R(r"Inconsistent JVM-target compatibility detected for tasks ", "invalid_config", 0.93, "cause"),
        # checkAarMetadata: a library's AAR metadata asks for a higher compileSdk than the module's build file sets
        # ("1.  Dependency 'androidx.core:core:1.13.0' requires libraries and applications that depend on it to compile
        # against version 34 or later of the Android APIs."; https://developer.android.com/build/releases/past-releases/
        # agp-7-0-0-release-notes, "AAR metadata"; AGP wraps the message after "that"); and a manifest without android:exported for a component with an
        # intent filter, required when targeting Android 12 (https://developer.android.com/about/versions/12/behavior-changes-12#exported)
        R(r"^(?:> )?\s*(?:\d+\.\s+)?Dependency '(?P<module>[^']+)' requires libraries and applications that(?: depend on it to compile against version \d+\b|$)", "invalid_config", 0.85, "cause"),
        R(r"Manifest merger failed : Apps targeting Android 12 and higher are required to specify an explicit value for `android:exported`", "invalid_config", 0.9, "cause"),
        # R8 (AGP's minify task) refuses classes the app's code references but no dependency provides
        # (https://developer.android.com/build/shrink-code#troubleshoot: "Missing classes detected while running R8",
        # each as "Missing class a.b.C (referenced from: ...)"): a library to add, or keep rules to write.
        R(r"^(?:ERROR: )?Missing classes detected while running R8\b", "missing_dependency", 0.85, "cause"),
        R(r"^(?:ERROR: )?(?:R8: )?Missing class [\w.$]+ \(referenced from: ", "", 0.6),
    )),
    # bundler / composer
    # A Gemfile changed without its Gemfile.lock under BUNDLE_DEPLOYMENT / BUNDLE_FROZEN (bundler 2.3: "You are trying
    # to install in deployment mode after changing your Gemfile." then "The dependencies in your gemfile changed";
    # bundler >= 2.5: "The dependencies in your gemfile changed, but the lockfile can't be updated because frozen mode
    # is set", bundler/definition.rb): the lock file is out of sync (LOCK_OUT_OF_SYNC)
    Tool("bundler", PACKAGE, "missing_dependency", r"\bbundle(?:r)?\b|\bgem install\b", r"^Could not find gem |^Bundler could not find compatible versions|^Your bundle is locked to|^You are trying to install in deployment mode after changing|because frozen mode is set", (
        R(r"^You are trying to install in deployment mode after changing|lockfile can't be updated because frozen mode is set", LOCK_OUT_OF_SYNC, 0.93, "cause"),
        R(r"^Could not find gem '(?P<module>[^' ]+)", "missing_dependency", 0.93, "cause"),
        R(r"^Bundler could not find compatible versions|^Your bundle is locked to|^The gemspecs? for .* (?:were|was) not found", "dependency_conflict", 0.9, "cause"),
    )),
    Tool("composer", PACKAGE, "dependency_conflict", r"\bcomposer\b", r"Your requirements could not be resolved|Your lock file does not contain a compatible set|is not present in the lock file", (
        # composer.json names a package composer.lock lacks ("- Required package "psr/log" is not present in the lock
        # file.", Installer.php), under "Warning: The lock file is not up to date with the latest changes in
        # composer.json": the two files disagree (LOCK_OUT_OF_SYNC); the warning alone does not stop an install
        R(r"Required package \"(?P<module>[\w.-]+/[\w.-]+)\" is not present in the lock file", LOCK_OUT_OF_SYNC, 0.93, "cause"),
        R(r"The lock file is not up to date with the latest changes in composer\.json", LOCK_OUT_OF_SYNC, 0.7),
        R(r"Your requirements could not be resolved to an installable set of packages|Your lock file does not contain a compatible set", "dependency_conflict", 0.93, "cause"),
        R(r"Package (?P<module>[\w.-]+/[\w.-]+) (?:could not be found|has no version)|Root composer\.json requires (?P<module2>[\w.-]+/[\w.-]+)[^,]*, it could not be found", "missing_dependency", 0.9, "cause"),
        # the solver's problems (Composer's DependencyResolver/Problem.php): "  Problem 1", then "    - vendor/pkg is locked
        # to version 3.2.0 and an update of this package was not requested.", "    - vendor/pkg 3.2.0 requires php ^8.3 -> ..."
        R(r"^\s+- (?P<module>[\w.-]+/[\w.-]+)(?: is locked to version \S+ and an update| v?\d\S* requires )", "", 0.7),
        # "    - Root composer.json requires acme/lib ^2.0, found acme/lib[1.0.0, 1.1.0] but it does not match the constraint."
        R(r"^\s+- Root composer\.json requires (?P<module>[\w.-]+/[\w.-]+) [^,]*, found ", "", 0.7),
    )),
    # apt/dnf/brew/choco: "E: Unable to locate package x" (apt), "Error: No available formula with the name" (brew)
    Tool("system-packages", PACKAGE, "missing_dependency", r"\bapt(?:-get)?\b|\bbrew\b|\bdnf\b|\byum\b|\bapk\b|\bchoco\b|\bwinget\b", r"^E: Unable to locate package |^E: Package '[^']+' has no installation candidate|^(?:Error: )?No (?:available formula|formulae or casks found)|^No match for argument: |^ERROR: unable to select packages:", (
        R(r"^E: Unable to locate package (?P<module>\S+)|^E: Package '(?P<module2>[^']+)' has no installation candidate|^No match for argument: (?P<module3>\S+)", "missing_dependency", 0.93, "cause"),
        R(r"^(?:Error: )?No (?:available formula with the name|formulae or casks found for) \"?(?P<module>[\w@./+-]*[\w@+-])", "missing_dependency", 0.93, "cause"),
        R(r"^E: Failed to fetch |^Err:\d+ \S+ .* (?:Could not resolve|Connection failed|404 +Not Found)|^W: Failed to fetch", "network", 0.85, "cause"),
        R(r"^E: (?:Could not get lock|Unable to acquire the dpkg frontend lock)", "environment", 0.85, "cause"),
    )),
    # CMake: "CMake Error at CMakeLists.txt:12 (find_package):", "Could NOT find X (missing: ...)"
    Tool("cmake", COMPILE, "environment", r"\bcmake\b|\bctest\b|\bcolcon\b", r"^CMake Error|^-- Configuring incomplete, errors occurred!", (
        R(r"Could NOT find (?P<module>[\w:+-]+)|Could not find a package configuration file provided by \"(?P<module2>[^\"]+)\"|No CMAKE_\w+_COMPILER could be found", "environment", 0.88, "cause"),
        R(r"(?:HTTP response code said error|returned error: (?:4|5)\d\d|Timeout was reached|Could not resolve host|status_code: [45]\d\d)", "network", 0.88, "cause"),
        # CMake's compiler check (Modules/CMakeTestCCompiler.cmake, CMakeTestCXXCompiler.cmake: "The C compiler
        # "/usr/bin/cc" is not able to compile a simple test program. It fails with the following output: ...",
        # then "-- Check for working C compiler: /usr/bin/cc - broken"): the try-compile of an empty program failed,
        # so the compiler, flags or linker flags the configure step was given are wrong (CMAKE_<LANG>_FLAGS, LDFLAGS,
        # a toolchain file), not the project's code. The compiler errors it quotes are that check's symptom.
        R(r"^\s*is not able to compile a simple test program\.|^-- Check for working (?:C|CXX|CUDA|Fortran|OBJC|OBJCXX|HIP|Swift) compiler: .* - broken$", "invalid_config", 0.9, "cause"),
        # A configure-time error is most often a missing tool or library on the runner.
        # the configuration itself is wrong: a command CMake does not have ('Unknown CMake command "x".', a typo or a
        # module not included), or no CMakeLists.txt where the workflow points -S ("CMake Error: The source directory
        # \"/x\" does not appear to contain CMakeLists.txt.")
        R(r"^\s*Unknown CMake command \"[^\"]+\"", "invalid_config", 0.93, "cause"),
        R(r"^CMake Error: The source directory \".*\" does not (?:appear to contain CMakeLists\.txt|exist)", "invalid_config", 0.95, "cause"),
        # add_subdirectory() of a directory without a CMakeLists.txt ("CMake Error at CMakeLists.txt:23 (add_subdirectory):
        # The source directory /x/libs/dep does not contain a CMakeLists.txt file.", cmAddSubDirectoryCommand.cxx; or
        # "add_subdirectory given source \"x\" which is not an existing directory."): most often a git submodule the
        # checkout left empty (actions/checkout's `submodules:` defaults to false) or a wrong path: the workflow's or
        # the build file's configuration, not a tool the runner lacks.
        R(r"^CMake Error at (?P<file>[^:\s]+):(?P<line>\d+) \(add_subdirectory\):", "invalid_config", 0.8, "cause"),
        R(r"^\s*does not contain a CMakeLists\.txt file\.$|add_subdirectory given source \"[^\"]*\" which is not an existing directory", "invalid_config", 0.9, "cause"),
        R(r"^CMake Error at (?P<file>[^:\s]+):(?P<line>\d+)", None, 0.7, "cause"),
        R(r"^-- Configuring incomplete, errors occurred!", "", 0.6, "summary"),
    )),
    # ---- docker, terraform ------------------------------------------------------------------------
    # BuildKit: https://docs.docker.com/build/ ("#8 [build 3/5] RUN ...", "ERROR: failed to solve: process ... did not complete successfully")
    Tool("docker", DOCKER, "docker_build", r"\bdocker\b|\bbuildx\b|\bpodman\b|build-push-action|\bbuildah\b|\bkaniko\b", r"^#\d+ \[|failed to solve:|^Step \d+/\d+ : ", (
        # BuildKit finds no Dockerfile where the build points it ("ERROR: failed to solve: failed to read dockerfile:
        # open Dockerfile: no such file or directory"): the workflow's context/file inputs, not the image's build
        R(r"failed to read dockerfile: open (?P<file>\S+): no such file or directory", "invalid_config", 0.95, "cause"),
        R(r"failed to solve: (?:process \"(?P<command>[^\"]+)\" did not complete successfully: exit code: (?P<code>\d+))?", None, 0.95, "cause"),
        R(r"^#\d+ ERROR: ", None, 0.85),
        R(r"^\s*(?:ERROR|> )\[(?P<stage>[^\]]+)\] ", None, 0.85),
        R(r"The command '/bin/sh -c .*' returned a non-zero code: \d+", None, 0.95, "cause"),
        # BuildKit's error report quotes the failing instruction under its place (the -f file's base name):
        # "Dockerfile.simple:16", "--------------------", "  16 | >>> RUN npm run build" (real buildx 0.x output)
        R(r"^(?P<file>[\w./-]*(?:Dockerfile|Containerfile)[\w.-]*|[\w./-]+\.(?:[Dd]ockerfile|[Cc]ontainerfile)):(?P<line>\d+)$", "", 0.5, "summary"),
    )),
    # terraform: "│ Error: Summary" then "│   on main.tf line 3, in resource ..."
    Tool("terraform", IAC, "invalid_config", r"\bterraform\b|\btofu\b|\bterragrunt\b", r"^[│╷]\s*Error: |^Terraform (?:v\d|has been successfully|used the selected)|^Initializing provider plugins", (
        R(r"^[│\s]*Error: (?:Invalid|Unsupported|Missing required|Reference to undeclared|Duplicate|Unexpected|Argument or block definition required|Incorrect attribute|Unclosed|Module not installed)", "invalid_config", 0.93, "cause"),
        R(r"^[│\s]*Error: (?:Failed to query available provider packages|Failed to install provider|Incompatible provider version|Inconsistent dependency lock file)", "dependency_conflict", 0.85, "cause"),
        R(r"^[│\s]*Error: .*(?:403|AccessDenied|Unauthorized|not authorized|permission)", "permission_denied", 0.85, "cause"),
        R(r"^[│\s]*Error: ", None, 0.6, "cause"),  # most `terraform validate/plan` errors are the configuration's
        R(r"^[│\s]*on (?P<file>\S+\.tf(?:vars)?) line (?P<line>\d+)", "", 0.6),
        R(r"^(?P<file>\S+\.tf)$", "", 0.1),
    )),
    # PowerShell's error records. pwsh 7's ConciseView (real, from GitHub's pwsh steps): "Cmdlet: D:\a\_temp\x.ps1:3",
    # "Line |", "   3 |  code", "     |  ~~~~", "     | message"; Windows PowerShell's NormalView: "At C:\x.ps1:3 char:1";
    # $_.ScriptStackTrace: "at <ScriptBlock>, C:\x.ps1: line 3". They place the error; what it means is the message's.
    # tox 4 / nox: they run the tests (whose own tools say why those failed) in environments of their own making, and
    # fail by themselves when an environment cannot be made. tox: "py38: failed with could not find python interpreter
    # matching any of the specs py38", then its report "  py38: FAIL code 1 (0.64 seconds)" and "  evaluation failed :(
    # (0.73 seconds)" (tox/session/cmd/run/common.py); nox: "nox > Session tests-3.8 failed: Python interpreter 3.8 not
    # found." (nox/sessions.py; an error on CI, where error_on_missing_interpreters defaults to true).
    Tool("tox-nox", RUNNER, "", r"\btox\b|\bnox\b", r"^\s*[\w.-]+: (?:FAIL|OK) code \d+ \(|^\s*evaluation failed :\(|^nox > Session \S+ (?:failed|was successful)", (
        R(r"^\s*[\w.-]+: failed with could not find python interpreter|^nox > Session \S+ failed: Python interpreter \S+ not found", "environment", 0.93, "cause"),
        R(r"^\s*[\w.-]+: FAIL code \d+ \(|^nox > Session \S+ failed\.$", "", 0.5),
        R(r"^\s*evaluation failed :\(", "", 0.4),
    )),
    Tool("pwsh", RUNNER, "", r"\bpwsh\b|\bpowershell\b|\.ps1\b|Invoke-Pester", r"^Line \|$|^At \S.*\.ps[dm]?1:\d+ char:\d+$", (
        R(r"^[\w-]+: (?P<file>(?:[A-Za-z]:)?[^:|]+\.ps[dm]?1):(?P<line>\d+)$", "", 0.5),
        R(r"^\s{4,}\| (?P<msg>(?!\s*~)[^\s|].*)$", "", 0.6),
        R(r"^At (?P<file>(?:[A-Za-z]:)?[^:]+\.ps[dm]?1):(?P<line>\d+) char:(?P<col>\d+)$", "", 0.5),
        R(r"\bat (?:<ScriptBlock>|[\w-]+)(?:<\w+>)?, (?P<file>(?:[A-Za-z]:)?[^:<>]+\.ps[dm]?1): line (?P<line>\d+)$", "", 0.4),
    )),
    # CodeQL's autobuild (github/codeql-action/autobuild, or analyze with build-mode autobuild) could not build the
    # code: "We were unable to automatically build your code. Please change the build mode for this language to
    # manual and specify build steps for your project." (https://docs.github.com/en/code-security/code-scanning/
    # troubleshooting-code-scanning/automatic-build-failed). The fix is the workflow's build mode/steps (invalid_config)
    # unless the build it traced (behind `[date] [build-stdout] `, analysis.wrappers) says why, more strongly. Known
    # by that message alone: the step (a saved failed-step dump, a renamed step) need not name CodeQL.
    Tool("codeql", RUNNER, "invalid_config", r"", r"^We were unable to automatically build your code\b", (
        R(r"^We were unable to automatically build your code\b", "invalid_config", 0.6),
    )),
    # Node killed by an uncaught exception (node's src/node_errors.cc; real node 20 output): "path:line", the source
    # line and a caret, "TypeError: msg", the stack, then "Node.js v20.20.2". Known by that footer alone (a `node`
    # command whose script logs an error and exits is not a crash); its place: tools/_node_uncaught_place.
    Tool("node", RUNNER, "crash", r"", r"^Node\.js v\d+\.\d+\.\d+$", (
        R(r"^Error \[ERR_MODULE_NOT_FOUND\]: Cannot find (?:package|module) '(?P<module>(?:@[\w.-]+/)?\w[\w.-]*)(?:/[^']*)?'", "missing_dependency", 0.9, "cause"),
        R(r"^(?P<msg>SyntaxError: .+)$", "syntax_error", 0.85, "cause"),
        R(r"^(?P<msg>(?!Error: Cannot find module)(?:Reference|Type|Range|Eval|URI|Aggregate|Internal)?Error(?: \[\w+\])?: .+)$", None, 0.85, "cause"),
    )),
    # the runner and shells: a command that is not there, PowerShell's CommandNotFound
    Tool("shell", RUNNER, "environment", r"", r"", (
        R(r"The term '(?P<command>[^']+)' is not recognized as (?:the )?(?:a )?name of a cmdlet", "environment", 0.93, "cause"),
        R(r"'(?P<command>[^']+)' is not recognized as an internal or external command", "environment", 0.93, "cause"),
        R(r"^(?:/\S+: )?(?:line \d+: )?(?P<command>[\w.-]+): (?:command not found|not found)$", "environment", 0.9, "cause"),
        R(r"\b(?:permission denied|Permission denied)\b", "permission_denied", 0.8),
        # a Rust program's panic (real rustc 1.95 output: "thread 'main' (30692) panicked at src/main.rs:3:21:"): its place
        R(r"^thread '[^']+'(?: \(\d+\))? panicked at (?P<file>[^:\s]+\.rs):(?P<line>\d+):(?P<col>\d+):?$", "", 0.6),
        R(r"^No output has been received in the last \d+ ?m", "timeout", 0.95, "cause"),
        *TEST_DIED_RULES,
        # Node's resolver (https://nodejs.org/api/modules.html): a package, not a relative path, that is not installed;
        # also inside a BuildKit step ("#15 42.79 Error: Cannot find module '@scope/pkg'")
        R(r"\bError: Cannot find module '(?P<module>(?:@[\w.-]+/)?[\w][\w.-]*)(?:/[^']*)?'", "missing_dependency", 0.9, "cause"),
        # Python's own report of an import that failed: the last line of its traceback, or the same line as pytest
        # shows it (`E   ModuleNotFoundError: ...`) under any command; the project's own module is sorted out by the
        # scorer (a module that lacks a name, a package of the checkout).
        R(r"^(?:E\s+)?(?:ModuleNotFoundError|ImportError): No module named '(?P<module>[\w.]+)'", "missing_dependency", 0.85, "cause"),
        R(r"Unable to process file command '\w+' successfully|Invalid format '[^']*'|The `set-output` command is disabled", "invalid_config", 0.85, "cause"),
        # GitHub refusing the job before its steps run ("Set up job"): a retired version of an artifact/cache action
        # ("This request has been automatically failed because it uses a deprecated version of `actions/upload-
        # artifact: v3`", https://github.blog/changelog/2024-04-16-deprecation-notice-v3-of-the-artifact-actions/),
        # GHES lacking the action ("Missing download info for actions/x@v4"), a container action on a Windows or
        # macOS runner ("Container action is only supported on Linux"): the runner's own words, one cause each
        R(r"This request has been automatically failed because it uses a deprecated version of `?(?P<module>[\w.-]+/[\w./-]+)|Missing download info for [\w.-]+/[\w./-]+@\S+", "invalid_config", 0.93, "cause"),
        R(r"Container action is only supported on Linux", "environment", 0.93, "cause"),
        # a required input the workflow does not pass (@actions/core getInput's "Input required and not supplied: path")
        # whose name is no credential (those are missing_secret's, kb.yml): the step's `with:` is incomplete. Below the
        # PR gate: an action may name a secret input otherwise (a webhook URL, a username, a DSN are excluded)
        R(r"Input required and not supplied: (?![\w.-]*[Tt][Oo][Kk][Ee][Nn])(?![\w.-]*[Kk][Ee][Yy])(?![\w.-]*[Ss][Ee][Cc][Rr][Ee][Tt])"
          r"(?![\w.-]*[Pp][Aa][Ss][Ss])(?![\w.-]*[Cc][Rr][Ee][Dd])(?![\w.-]*[Aa][Uu][Tt][Hh])"
          r"(?![\w.-]*[Uu][Ss][Ee][Rr])(?![\w.-]*[Ww][Ee][Bb][Hh][Oo][Oo][Kk])(?![\w.-]*[Dd][Ss][Nn])(?P<input>[\w.-]+)", "invalid_config", 0.75, "cause"),
        # GitHub's own answer to the job's token (an action calling the API): the workflow's `permissions:` lack a scope
        # (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#resource-not-accessible)
        R(r"Resource not accessible by integration", "permission_denied", 0.93, "cause"),
        R(r"^(?:Required )?ruby-\S+ is not installed|^RVM is not a function|^RVM version \S+ (?:\(\S+\) )?is installed yet \S+ (?:\(\S+\) )?is loaded|^rbenv: version `[^`]+' is not installed|^pyenv: version `[^`]+' is not installed|requires (?:Python|Ruby|Node(?:\.js)?|PHP|Java) (?:version )?[<>=~^]|^Error running '__rvm_\w+", "environment", 0.85, "cause"),
        R(r"^Exception in thread \S+ (?P<msg>[\w.$]+(?:Exception|Error)\b.*)|^(?:> |Caused by: )?java\.lang\.(?:NullPointerException|IllegalStateException|IllegalArgumentException|ClassCastException|ArrayIndexOutOfBoundsException|StackOverflowError)\b|^(?:Segmentation fault|Aborted)(?: \(core dumped\))?$", "crash", 0.8, "cause"),
        # An uncaught Python exception ending a script: its last line, "Class: message" (or the bare class name when the
        # exception carries no message: "StopIteration"). The builtin runtime errors that name no category of their own
        # (https://docs.python.org/3/library/exceptions.html, the hierarchy under Exception: ArithmeticError's and
        # LookupError's families, the Unicode errors - a Windows console's cp1252 "'charmap' codec can't encode" -,
        # NotImplementedError, StopIteration, EOFError, SystemError, ...) and json's JSONDecodeError, printed by its
        # qualified name ("json.decoder.JSONDecodeError: Expecting value", also requests'/simplejson's subclasses).
        # Those with a category of their own keep it (kb.yml: ImportError, SyntaxError, MemoryError, PermissionError,
        # the ConnectionError family); OSError/FileNotFoundError, AssertionError, TimeoutError, KeyboardInterrupt and
        # subprocess.CalledProcessError say what failed, not how, and are left to the lines around them. ReferenceError
        # (weakref's) is left out: JavaScript's ReferenceError has the same form and is read by node's parser.
        R(r"^(?:(?:TypeError|AttributeError|KeyError|ValueError|IndexError|NameError|RuntimeError|UnboundLocalError|"
          r"RecursionError|ZeroDivisionError|Unicode(?:Encode|Decode|Translate)?Error|LookupError|NotImplementedError|"
          r"OverflowError|ArithmeticError|FloatingPointError|Stop(?:Async)?Iteration|EOFError|SystemError|"
          r"BufferError|(?:[a-z_]\w*\.)*JSONDecodeError)(?:: \S|$))", "crash", 0.6),
        R(r"::error(?: file=(?P<file>[^,:]+)(?:,line=(?P<line>\d+))?(?:,(?:end)?col(?:umn)?=(?P<col>\d+))?[^:]*)?::(?P<msg>.+)", "", 0.75, "cause"),
        R(r"\bERROR 404: Not Found\.|\bERROR 50\d: |^curl: \((?:6|7|28|35|56)\) ", "network", 0.8, "cause"),
        R(r"^curl: \(22\) The requested URL returned error: 404", "network", 0.75, "cause"),
        R(r"Could not find or load main class org\.gradle\.wrapper\.GradleWrapperMain|No connected devices!|NDK not configured|SDK location not found|^Error: Invalid --(?:target|abi)\b|PANIC: Missing emulator engine", "environment", 0.9, "cause"),
        # The Android SDK lacks what the job asks of it (android/avdmanager, the Android Gradle plugin): a target or
        # system image that is not installed, build tools or a platform not found, licences not accepted.
        R(r"^Error: Target id is not valid\b|^Error: Package path is not valid\b|Failed to find target with hash string '[^']+'|"
          r"Failed to find Build Tools revision \S+|No installed build tools found|Failed to install the following Android SDK "
          r"packages as some licen[cs]es have not been accepted", "environment", 0.88, "cause"),
        R(r"^No Rakefile found|Could not find \.travis\.yml|^Could not locate Gemfile", "invalid_config", 0.85, "cause"),
        R(r"^Error: Process completed with exit code|^##\[error\](?!Process completed)(?P<msg>.+)$", "", 0.55),
        # A diff printed by the failing command: a check that regenerates or reformats files and compares them with the
        # committed ones (`git diff --exit-code`, `diff -r built/ committed/`). git's header "diff --git a/x b/x"
        # (https://git-scm.com/docs/git-diff#_generating_patch_text_with_p) and diff's default format's change
        # command "216,219d215" (POSIX diff, "Diff Default Output Format": "%d%s%d" with a, c or d) name no tool, so
        # they stay weak (a golden-output test compares files the same way): a lint reading below any tool's. A change
        # command without a comma that is 7 characters or more reads as well as a short commit hash ("1234a56"): not read.
        R(r"^diff --git a/(?P<file>\S+) b/\S+$", "lint", 0.6),
        R(r"^(?![0-9a-f]{7,}$)\d+(?:,\d+)?[acd]\d+(?:,\d+)?$", "lint", 0.55),
        # A standard utility's diagnostic, "utility: [operand: ]message" on stderr (POSIX, XBD 12.1 / the
        # "STDERR" sections of the utilities; GNU coreutils' wording): the script's failing line. It localises
        # the failure and votes for no category (a missing file may be the cause or an earlier step's symptom).
        R(r"^(?P<command>mv|cp|cat|rm|ln|mkdir|rmdir|chmod|chown|touch|tar|unzip|ls|find|sha256sum|sha1sum|md5sum|"
          r"install|realpath|readlink|stat|head|tail|wc|sort|cut|tr|tee|xargs|dirname|basename|cd|source|\.): .*(?:"
          r"No such file or directory|cannot (?:stat|create|remove|access|open|move|overwrite|read|write|"
          r"change|set)\b|Not a directory|Is a directory|File exists|Directory not empty|not found)", "", 0.6),
    )),
)

TOOL_BY_NAME = {t.name: t for t in TOOLS}
