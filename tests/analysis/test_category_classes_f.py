"""Category rules for the mistake classes corpus part F showed (issue #17): each class on a small log in the
real tool's output format (sources cited per test). Each test fails when its rule is removed."""

from __future__ import annotations

from autoheal.analysis import analyze

from .conftest import make_gh_log

# --- NuGet restore errors (https://learn.microsoft.com/nuget/reference/errors-and-warnings/) --------------------


def test_nuget_nu1101_unknown_package_is_missing_dependency():
    log = make_gh_log(
        "  Determining projects to restore...",
        r"D:\a\App\App\App\App.csproj : error NU1101: Unable to find package Contoso.Utils. No packages exist with "
        r"this id in source(s): Microsoft Visual Studio Offline Packages, nuget.org [D:\a\App\App\App.sln]",
        r"  Failed to restore D:\a\App\App\App\App.csproj (in 1.2 sec).",
        step="Run dotnet restore",
    )
    a = analyze(log)
    assert a.category == "missing_dependency"
    assert a.specifics["modules"] == ["Contoso.Utils"]


def test_nuget_nu1102_missing_version_is_missing_dependency():
    log = make_gh_log(
        "/home/runner/work/app/app/src/App.csproj : error NU1102: Unable to find package Newtonsoft.Json with "
        "version (>= 99.0.0)",
        "  - Found 80 version(s) in nuget.org [ Nearest version: 13.0.3 ]",
        step="Run dotnet restore",
    )
    assert analyze(log).category == "missing_dependency"


def test_nuget_nu1605_downgrade_is_dependency_conflict():
    log = make_gh_log(
        "/home/runner/work/app/app/src/App.csproj : error NU1605: Warning As Error: Detected package downgrade: "
        "System.Text.Json from 8.0.0 to 6.0.0. Reference the package directly from the project to select a "
        "different version.",
        step="Run dotnet restore",
    )
    assert analyze(log).category == "dependency_conflict"


def test_nuget_nu1202_incompatible_framework_is_dependency_conflict():
    log = make_gh_log(
        "/home/runner/work/app/app/src/App.csproj : error NU1202: Package Foo.Bar 3.0.0 is not compatible with "
        "net6.0 (.NETCoreApp,Version=v6.0). Package Foo.Bar 3.0.0 supports: net8.0 (.NETCoreApp,Version=v8.0)",
        step="Run dotnet restore",
    )
    assert analyze(log).category == "dependency_conflict"


# --- R ----------------------------------------------------------------------------------------------------------


def test_r_loadnamespace_no_package_is_missing_dependency_below_certain():
    # base R's loadNamespace() message (quotes are U+2018/U+2019 in a UTF-8 locale); Rscript ends with
    # "Execution halted". In CI it is often an earlier install step's symptom: the answer stays below 70.
    log = make_gh_log(
        "##[error]Error in loadNamespace(x) : there is no package called \u2018pak\u2019",
        "Calls: loadNamespace -> withRestarts -> withOneRestart -> doWithOneRestart",
        "Execution halted",
        step="Run pak::repo_status()",
    )
    a = analyze(log)
    assert a.category == "missing_dependency"
    assert a.specifics["modules"] == ["pak"]
    assert a.confidence < 70


def test_r_pak_solver_failure_is_dependency_conflict_below_certain():
    # r-lib/actions setup-r-dependencies -> pak::lockfile_create(): pak's error chain
    log = make_gh_log(
        "Error: ",
        "! error in pak subprocess",
        "Caused by error: ",
        "! Could not solve package dependencies:",
        "* any::foo: Can't find package called foo.",
        "* any::bar: dependency conflict",
        "---",
        "Backtrace:",
        "1. pak::lockfile_create(c(deps, extra_deps), lockfile = \".github/pkg.lock\", &",
        "Execution halted",
        step="Run # Dependency resolution",
    )
    a = analyze(log)
    assert a.category in {"dependency_conflict", "missing_dependency"}
    assert a.category != "unknown"
    assert a.confidence < 70
    assert any("Could not solve package dependencies" in k.text or "Can't find package" in k.text for k in a.key_lines)


# --- a library's own "not provided" check of its environment (missing_secret) -----------------------------------


def test_connection_string_not_provided_is_missing_secret():
    # @neondatabase/serverless's neon() check, under next build's page-data collection
    log = make_gh_log(
        "   Collecting page data using 3 workers ...",
        "Error: No database connection string was provided to `neon()`. Perhaps an environment variable has not "
        "been set?",
        "    at neon (.next/server/chunks/db_index.js:14:8522)",
        "",
        "> Build error occurred",
        "Error: Failed to collect page data for /api/admin/blog",
        step="Run npm run build",
    )
    a = analyze(log)
    assert a.category == "missing_secret"
    assert a.confidence < 70
    assert "connection string" in a.key_lines[0].text


def test_no_api_key_provided_is_missing_secret():
    log = make_gh_log(
        "Traceback (most recent call last):",
        '  File "scripts/sync.py", line 4, in <module>',
        "RuntimeError: No API key provided. Set the SERVICE_API_KEY environment variable.",
        step="Run python scripts/sync.py",
    )
    assert analyze(log).category == "missing_secret"


# --- Dart's front end under flutter build web / dart compile ------------------------------------------------------


def test_dart2js_type_not_found_is_compile_error():
    # flutter build web: flutter_tools' `Target dart2js failed`, then the CFE's messages (location on its own
    # line), then `Error: Compilation failed.`
    log = make_gh_log(
        "Compiling lib/main.dart for the Web...",
        "Target dart2js failed: ProcessException: Process exited abnormally with exit code 1:",
        "lib/pages/admin_page.dart:91:62:",
        "Error: Type 'AppUserModel' not found.",
        "  void _show(BuildContext context, AppUserModel user) {",
        "                                   ^^^^^^^^^^^^",
        "Error: Compilation failed.",
        "  Command: /opt/flutter/bin/cache/dart-sdk/bin/dart compile js --no-source-maps",
        "Error: Failed to compile application for the Web.",
        step="Run flutter build web --release",
    )
    a = analyze(log)
    assert a.category == "compile_error"
    assert any("Type 'AppUserModel' not found" in k.text for k in a.key_lines[:5])


def test_dart_cfe_one_line_diagnostic_is_compile_error():
    # dart compile exe / dart run: `file.dart:L:C: Error: message` on one line
    log = make_gh_log(
        "bin/main.dart:12:3: Error: Method not found: 'runApp'.",
        "  runApp(App());",
        "  ^^^^^^",
        step="Run dart compile exe bin/main.dart",
    )
    a = analyze(log)
    assert a.category == "compile_error"
    assert a.specifics["locations"][0]["file"] == "bin/main.dart"
