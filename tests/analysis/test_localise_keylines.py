"""Key lines on output no parser reads (issue #17, "Localise even when unsure"; docs/analysis.md, "Localisation
on unseen logs"): the first error of an unknown tool leads, a repeat is reported where it first appeared, and a
wrapper's verdict follows the errors it wraps.

Formats: Zig's compile errors (`file:line:col: error: message` under the `zig build` step tree, ziglang.org/
documentation/master/#Compile-Errors), GNU make's recipe failure (`make: *** [Makefile:N: target] Error 1`,
https://www.gnu.org/software/make/manual/html_node/Error-Messages.html), MSBuild's console summary after
`Build FAILED.` that repeats every error (https://learn.microsoft.com/visualstudio/msbuild/obtaining-build-logs-with-msbuild),
Python's traceback (the quoted source line, then `ExceptionType: message`, docs.python.org/3/library/traceback.html).
"""

from __future__ import annotations

import importlib

import pytest

from autoheal.analysis import analyze
from autoheal.analysis.tools import read_step

from .conftest import make_gh_log

ZIG_ERRORS = [
    ("src/main.zig:12:5: error: use of undeclared identifier 'allocator'", "    allocator.free(buf);", "    ^~~~~~~~~"),
    ("src/main.zig:31:20: error: expected type 'u8', found 'i32'", "    return count;", "           ^~~~~"),
    ("src/parse.zig:7:9: error: local variable is never mutated", "    var n = 0;", "        ^"),
    ("src/parse.zig:44:13: error: unused local constant", "    const x = 1;", "          ^"),
]


def _zig_output() -> list[str]:
    out = ["install", "+- install app", "   +- zig build-exe app Debug native 4 errors"]
    for diag, code, caret in ZIG_ERRORS:
        out += [diag, code, caret]
    out += ["error: the following command failed with 4 compilation errors:",
            "/opt/zig/zig build-exe /home/runner/work/app/app/src/main.zig --name app --listen=-"]
    return out


@pytest.fixture
def no_parser(monkeypatch):
    """The analyzer as on a tool no parser knows: the step's tool report is empty (the generic fallback ranks)."""
    analyze_module = importlib.import_module("autoheal.analysis.analyze")
    monkeypatch.setattr(analyze_module, "read_step", lambda command, lines: read_step("", []))


def test_an_unknown_compilers_first_error_leads_not_its_last(no_parser):
    a = analyze(make_gh_log(*_zig_output(), step="Run ./scripts/build.sh"))
    assert a.tool is None
    first = ZIG_ERRORS[0][0]
    assert a.key_lines[0].text == first
    diagnostics = [k for k in a.key_lines if ": error: " in k.text and k.text.startswith("src/")]
    assert [k.line for k in diagnostics] == sorted(k.line for k in diagnostics)
    assert a.specifics["locations"][0] == {"file": "src/main.zig", "line": 12, "col": 5, "in_repo": True}
    assert a.located


def test_a_wrapper_verdict_follows_the_error_it_wraps(no_parser):
    log = make_gh_log(
        "zig build-exe src/main.zig",
        *ZIG_ERRORS[0],
        "make[1]: *** [Makefile:14: app] Error 1",
        "make: *** [Makefile:9: all] Error 2",
        step="Run make all",
    )
    a = analyze(log)
    assert a.key_lines[0].text == ZIG_ERRORS[0][0]
    make_lines = [i for i, k in enumerate(a.key_lines) if "*** [" in k.text]
    assert make_lines and min(make_lines) > 0


def test_a_gradle_wrapper_follows_a_task_error_no_parser_read(no_parser):
    # Flutter's Dart front end under Gradle (flutter build apk): the task failure and BUILD FAILED say THAT it failed
    log = make_gh_log(
        "lib/pages/chat_page.dart:91:26: Error: Member not found: 'unknown'.",
        "          type: FileType.unknown,",
        "                         ^^^^^^^",
        "Target kernel_snapshot_program failed: Exception",
        "",
        "FAILURE: Build failed with an exception.",
        "",
        "* What went wrong:",
        "Execution failed for task ':app:compileFlutterBuildRelease'.",
        "> Process 'command '/opt/flutter/bin/flutter'' finished with non-zero exit value 1",
        "",
        "BUILD FAILED in 4m 10s",
        step="Run flutter build apk --release",
    )
    a = analyze(log)
    assert "Member not found" in a.key_lines[0].text


def test_a_repeated_error_is_reported_where_it_first_appeared(no_parser):
    proj = r"[D:\a\app\app\App\App.csproj]"
    first = r"D:\a\app\app\App\Api\BackupController.cs(61,29): error CS0103: The name 'Util' does not exist " + proj
    second = r"D:\a\app\app\App\UI\Panel.xaml.cs(409,27): error CS0246: The type 'Util' could not be found " + proj
    warning = r"D:\a\app\app\App\Game\Bot.cs(20,29): warning CS0649: Field 'Bot.x' is never assigned to " + proj
    log = make_gh_log(
        first, *[warning] * 12, second, "", "Build FAILED.", "", "  " + warning, "  " + first, "  " + second, "",
        "    1 Warning(s)", "    2 Error(s)", step="Run dotnet build App.sln -c Release",
    )
    a = analyze(log)
    assert "BackupController.cs(61,29)" in a.key_lines[0].text
    assert a.key_lines[0].line == 10 + 0  # the first output line (line 10 of the log), not the summary's copy
    assert [k.line for k in a.key_lines if "error CS" in k.text] == [10, 23]
    assert a.specifics["locations"][0]["file"] == "App/Api/BackupController.cs"


def test_a_tracebacks_quoted_raise_follows_the_exception_it_raised(no_parser):
    log = make_gh_log(
        "Traceback (most recent call last):",
        '  File "/home/runner/work/app/app/tools/release.py", line 88, in <module>',
        "    main()",
        '  File "/home/runner/work/app/app/tools/release.py", line 40, in main',
        "    raise ValueError(f'version {v} does not match the tag')",
        "ValueError: version 1.2.0 does not match the tag",
        step="Run python tools/release.py",
    )
    a = analyze(log)
    texts = [k.text for k in a.key_lines]
    exc = texts.index("ValueError: version 1.2.0 does not match the tag")
    raised = next(i for i, t in enumerate(texts) if t.lstrip().startswith("raise ValueError"))
    assert exc < raised


def test_a_scripts_own_error_leads_over_makes_trailer(no_parser):
    log = make_gh_log(
        "./scripts/check-version.sh",
        "ERROR: version in package.json (1.2.0) does not match the tag (1.3.0)",
        "make: *** [Makefile:12: check-version] Error 1",
        step="Run make release-check",
    )
    a = analyze(log)
    assert a.key_lines[0].text.startswith("ERROR: version in package.json")


def test_many_errors_of_one_compiler_stay_in_log_order_past_the_recent_ones(no_parser):
    # more errors than the recency window (the last 10 evidence lines before the exit): the first still leads
    errors = [f"src/mod{i}.zig:{10 + i}:5: error: use of undeclared identifier 'v{i}'" for i in range(14)]
    a = analyze(make_gh_log(*[x for e in errors for x in (e, "    v();", "    ^")], step="Run ./build.sh"))
    assert [k.text for k in a.key_lines[:2]] == errors[:2]


def test_a_quoted_raise_of_the_same_exception_class_follows_the_exception_line(no_parser):
    # both lines name the exception class (the same patterns read them): the log order must not hand the
    # exception line's rank to the quoted code above it
    log = make_gh_log(
        "Traceback (most recent call last):",
        '  File "/home/runner/work/app/app/tools/deploy.py", line 12, in <module>',
        "    creds, project = google.auth.default()",
        '  File "/opt/hostedtoolcache/Python/3.12.1/x64/lib/python3.12/site-packages/google/auth/_default.py", '
        "line 691, in default",
        "    raise exceptions.DefaultCredentialsError(_CLOUD_SDK_MISSING_CREDENTIALS)",
        "google.auth.exceptions.DefaultCredentialsError: Your default credentials were not found.",
        step="Run python tools/deploy.py",
    )
    a = analyze(log)
    assert a.key_lines[0].text.startswith("google.auth.exceptions.DefaultCredentialsError: Your default")


def test_errors_listed_one_per_line_under_their_place_keep_their_order(no_parser):
    # dart2js (flutter build web) prints each error's place on one line and `Error: …` on the next; the first one
    # leads, not the last (messages no knowledge-base pattern reads: only the generic word `Error` matches)
    messages = ["Final field 'onTabChange' is not initialized.", "No named parameter with the name 'onTabChange'.",
                "Too many positional arguments: 1 allowed, but 2 found.", "Can't assign to the final variable 'x'.",
                "A value of type 'int' can't be assigned to a variable of type 'String'."] * 3
    out = ["Compiling lib/main.dart for the Web..."]
    for i, message in enumerate(messages):
        out += [f"lib/features/f{i}/presentation/page{i}.dart:{10 + i}:3:", f"Error: {message}", "  build();", "  ^"]
    a = analyze(make_gh_log(*out, step="Run flutter build web --release"))
    assert a.key_lines[0].text == "Error: Final field 'onTabChange' is not initialized."
    assert a.key_lines[0].line == 12


def test_the_commands_last_error_stays_among_the_first_five(no_parser):
    # a scraper logged the server's 429s (a rate-limit pattern reads them strongly), then the script's `git push`
    # was refused (git's documented output): what the command said when it stopped is still quoted
    throttled = [f"Error streaming document https://www.sec.gov/Archives/edgar/data/{n}.txt: 429, "
                 "message='Too Many Requests', url='https://www.sec.gov/'" for n in range(1000, 1012)]
    log = make_gh_log(
        *throttled,
        "Saved 118 filings to data/8K/",
        "[main 3f2a1c9] chore: update 8-K cybersecurity disclosures",
        " 3 files changed, 120 insertions(+)",
        "To https://github.com/octo/edgar",
        " ! [rejected]        main -> main (non-fast-forward)",
        "error: failed to push some refs to 'https://github.com/octo/edgar'",
        "hint: Updates were rejected because the tip of your current branch is behind",
        step="Run python scrape.py && git add data && git commit -m update && git push",
    )
    a = analyze(log)
    assert any(k.text.startswith("error: failed to push some refs") for k in a.key_lines[:5])


def test_the_message_under_gradles_what_went_wrong_leads_over_its_verdicts(no_parser):
    # Gradle's failure report (docs.gradle.org, command line interface): the reason is under `* What went wrong:`
    log = make_gh_log(
        "FAILURE: Build failed with an exception.",
        "",
        "* Where:",
        "Script '/home/runner/work/app/app/gradle/init.gradle' line: 21",
        "",
        "* What went wrong:",
        "A problem occurred evaluating script.",
        "> https://repo.example.org/releases/biz.aQute.bnd-latest.jar",
        "",
        "* Try:",
        "> Run with --stacktrace option to get the stack trace.",
        "",
        "BUILD FAILED in 10s",
        step="Run ./ci/build.sh",
    )
    a = analyze(log)
    assert a.key_lines[0].text in ("A problem occurred evaluating script.",
                                   "> https://repo.example.org/releases/biz.aQute.bnd-latest.jar")
    assert {k.text for k in a.key_lines[:3]} >= {"A problem occurred evaluating script.",
                                                 "> https://repo.example.org/releases/biz.aQute.bnd-latest.jar"}


def test_the_message_under_an_rlang_error_heading_is_a_key_line(no_parser):
    # rlang's error report (rlang.r-lib.org, abort()): an `Error in `f()`:` heading, the message on the lines below
    log = make_gh_log(
        "Error in `read_site_config()`:",
        "! Can't read the site configuration in `_site.yml`.",
        "i The file lists 3 navbar entries but 2 pages.",
        "Backtrace:",
        "    x",
        " 1. quarto::quarto_render()",
        "Execution halted",
        step="Run Rscript -e 'quarto::quarto_render()'",
    )
    a = analyze(log)
    assert "! Can't read the site configuration in `_site.yml`." in [k.text for k in a.key_lines[:2]]


def test_gradles_advice_is_not_part_of_the_headed_message(no_parser):
    # an excerpt of Gradle's report without its `* Try:` header: the advice lines are not the message (they would
    # push the command's own error lines out of the first five, and the failure would not read as located)
    log = make_gh_log(
        "FAILURE: Build failed with an exception.",
        "",
        "* What went wrong:",
        "Build was configured to prefer settings repositories over project repositories but repository "
        "'MavenRepo' was added by build file 'build.gradle.kts'",
        "> Run with --info or --debug option to get more log output.",
        "> Get more help at https://help.gradle.org.",
        "",
        "BUILD FAILED in 10s",
        step="Run ./gradlew -p build/starter compileKotlin",
    )
    a = analyze(log)
    assert a.key_lines[0].text.startswith("Build was configured to prefer settings repositories")
    assert not any(k.text.startswith("> Run with --info") for k in a.key_lines)
    assert a.located
