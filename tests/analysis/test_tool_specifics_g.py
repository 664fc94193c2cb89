"""Tool parsers' readings added for corpus part G (issue #17): MSBuild on a Windows runner.

Formats: MSBuild's canonical diagnostic "Origin : Category Code : Text", where the origin is a file with
(line,col) or the reporting tool (https://learn.microsoft.com/visualstudio/msbuild/msbuild-diagnostic-format-for-tasks);
the console logger's summary after "Build FAILED." repeats every warning and error
(https://learn.microsoft.com/visualstudio/msbuild/obtaining-build-logs-with-msbuild).
"""

from __future__ import annotations

from autoheal.analysis import analyze
from autoheal.analysis.tools import read_step

from .conftest import make_gh_log
from .tool_reading import numbered

_PROJ = r"[D:\a\app\app\App\App.csproj]"
_FIRST = r"D:\a\app\app\App\Api\BackupController.cs(61,29): error CS0103: The name 'Util' does not exist in the current context " + _PROJ
_SECOND = r"D:\a\app\app\App\UI\Panel.xaml.cs(409,27): error CS0246: The type or namespace name 'Util' could not be found " + _PROJ


def test_msbuild_reads_a_windows_drive_path_as_the_file():
    report = read_step("msbuild App/App.csproj /t:Publish", numbered("##[error]" + _FIRST + "\n"))
    assert report.locations[0]["file"] == r"D:\a\app\app\App\Api\BackupController.cs"
    assert report.locations[0]["line"] == 61
    assert report.first_cause is not None and report.first_cause.category == "compile_error"


def test_msbuild_reads_a_tool_origin_diagnostic():
    line = r"CSC : error CS1555: Could not find 'App.Program' specified for Main method " + _PROJ
    report = read_step("msbuild App/App.csproj", numbered(line + "\n"))
    assert report.first_cause is not None and report.first_cause.line == 1
    assert report.categories().get("compile_error", 0) >= 0.85


def test_msbuild_first_errors_lead_over_the_trailing_summary():
    body = [r"D:\a\app\app\App\Game\Bot.cs(20,29): warning CS0649: Field 'Bot.x' is never assigned to " + _PROJ] * 30
    log = make_gh_log(
        *body[:15],
        "##[error]" + _FIRST,
        *body[15:],
        "##[error]" + _SECOND,
        "Build FAILED.",
        "",
        *("  " + b for b in body),
        "  " + _FIRST,
        "  " + _SECOND,
        "",
        "    30 Warning(s)",
        "    2 Error(s)",
        step="Run msbuild App/App.csproj /t:Publish /p:Configuration=Release",
    )
    a = analyze(log)
    assert a.category == "compile_error"
    assert a.specifics["locations"][0]["file"] == "App/Api/BackupController.cs"
    first_error_line = next(k.line for k in a.key_lines if "BackupController.cs(61,29)" in k.text)
    assert first_error_line < next(k.line for k in a.key_lines if k.text.strip() == "Build FAILED.")
    assert "BackupController.cs(61,29)" in a.key_lines[0].text
