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


# --- a service the job started that is not up: the connection refused is its symptom ---------------------------


def _health_wait(host: str) -> str:
    # a compose smoke test polling the service under `timeout 120` (curl's exit 7 = "Failed to connect to host",
    # https://curl.se/docs/manpage.html#EXIT), then coreutils timeout's exit 124
    lines = []
    for _ in range(6):
        lines += [
            "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current",
            f"curl: (7) Failed to connect to {host} port 8080 after 0 ms: Couldn't connect to server",
        ]
    return make_gh_log(*lines, step="Run timeout 120 bash -c 'until curl -f http://localhost:8080/health; do sleep 2; done'",
                       exit_code=124)


def test_connection_refused_by_localhost_is_not_a_certain_network_failure():
    a = analyze(_health_wait("localhost"))
    assert a.category == "network"
    assert a.confidence < 70


def test_connection_refused_by_a_remote_host_stays_a_network_failure():
    # the same failure against a remote host is the network's: the symptom rule is only for this machine
    remote = analyze(_health_wait("api.example.com"))
    local = analyze(_health_wait("localhost"))
    assert remote.category == "network"
    assert remote.confidence > local.confidence


def test_spring_boot_application_failed_to_start_is_crash():
    # Spring Boot's FailureAnalysisReporter banner, printed by `docker compose up` (service-prefixed) in the
    # failing step
    log = make_gh_log(
        "backend-1  | 2026-05-10T13:22:49.613Z ERROR 1 --- [main] o.s.b.d.LoggingFailureAnalysisReporter   : ",
        "backend-1  | ",
        "backend-1  | ***************************",
        "backend-1  | APPLICATION FAILED TO START",
        "backend-1  | ***************************",
        "backend-1  | ",
        "backend-1  | Description:",
        "backend-1  | Parameter 0 of constructor in com.example.Service required a bean of type "
        "'com.example.Repo' that could not be found.",
        "backend-1 exited with code 1",
        step="Run docker compose up --abort-on-container-exit",
    )
    a = analyze(log)
    assert a.category == "crash"
    assert any("APPLICATION FAILED TO START" in k.text for k in a.key_lines[:5])


# --- git push refused: the failing command's own statement outweighs earlier steps' output ----------------------


def _push_rejected_log(reason: str) -> str:
    # an earlier step printed an application's own HTTP 429 lines (it exited 0); the commit-and-push step then
    # fails with git push's output (https://git-scm.com/docs/git-push#_output)
    head = [
        "2026-01-05T10:00:00.0000000Z ##[group]Run python scripts/ingest.py",
        "2026-01-05T10:00:00.1000000Z \x1b[36;1mpython scripts/ingest.py\x1b[0m",
        "2026-01-05T10:00:00.2000000Z ##[endgroup]",
    ] + [
        f"2026-01-05T10:00:01.{i:07d}Z Error streaming document https://data.example.org/doc{i}.txt: 429, "
        "message='Too Many Requests'" for i in range(8)
    ]
    push = make_gh_log(
        "[main a547227] chore: update data",
        " 3 files changed, 40 insertions(+)",
        "To https://github.com/octo/app",
        f" ! [rejected]        main -> main ({reason})",
        "error: failed to push some refs to 'https://github.com/octo/app'",
        "hint: Updates were rejected because the tip of your current branch is behind",
        step="Run git add data && git commit -m 'chore: update data' && git push",
    )
    return "\n".join(head) + "\n" + push


def test_git_push_rejected_is_not_read_from_earlier_429_lines():
    for reason in ("non-fast-forward", "fetch first"):
        a = analyze(_push_rejected_log(reason))
        assert a.category != "rate_limited", reason
        assert a.confidence < 70
        assert "[rejected]" in a.key_lines[0].text


# --- Yarn 1's lockfile parser on a lockfile it cannot read ---------------------------------------------------------


def test_yarn_lockfile_parser_unknown_token_is_dependency_conflict_not_syntax_error():
    # @yarnpkg/lockfile (yarn 1's src/lockfile/parse.js) reading a Yarn 4 (YAML) lockfile under a tool that uses it
    log = make_gh_log(
        "SyntaxError: Unknown token: { line: 3, col: 2, type: 'INVALID', value: undefined } 3:2 in lockfile",
        "    at Parser.unexpected (/home/runner/work/app/app/node_modules/@yarnpkg/lockfile/index.js:5064:11)",
        "    at Parser.parse (/home/runner/work/app/app/node_modules/@yarnpkg/lockfile/index.js:5193:14)",
        "    at loadTree (/home/runner/work/app/app/node_modules/@lavamoat/allow-scripts/src/index.js:270:59)",
        step="Run yarn allow-scripts",
    )
    a = analyze(log)
    assert a.category == "dependency_conflict"
    assert a.confidence < 70


def test_javascript_syntax_error_stays_syntax_error():
    log = make_gh_log(
        "/home/runner/work/app/app/src/index.js:3",
        "  const x = {;",
        "             ^",
        "SyntaxError: Unexpected token ';'",
        step="Run node src/index.js",
    )
    assert analyze(log).category == "syntax_error"


def test_r_download_with_a_libcurl_error_is_network():
    # R's download.file() over libcurl reports libcurl's error text as the status
    # (https://curl.se/libcurl/c/libcurl-errors.html)
    log = make_gh_log(
        "trying URL 'https://cloud.r-project.org/src/contrib/foo_1.0.tar.gz'",
        "Error in download.file(url, destfile, method, mode = \"wb\", ...) : ",
        "  cannot open URL 'https://cloud.r-project.org/src/contrib/foo_1.0.tar.gz'",
        "In addition: Warning message:",
        "In download.file(url, destfile, method, mode = \"wb\", ...) :",
        "  URL 'https://cloud.r-project.org/src/contrib/foo_1.0.tar.gz': status was 'SSL connect error'",
        "Execution halted",
        step="Run Rscript -e 'download.file(u, \"foo.tar.gz\")'",
    )
    a = analyze(log)
    assert a.category == "network"
    assert any("SSL connect error" in k.text for k in a.key_lines[:3])


def _smoke_then_logs(*service_log: str) -> str:
    # the health wait fails (exit 124); an `if: failure()` step then prints the service's log
    # (`docker compose logs backend`, each line prefixed with the service's name)
    wait = _health_wait("localhost").split("\n")
    wait = [w for w in wait if w and "Post job cleanup" not in w and "Cleaning up orphan" not in w]
    later = [
        "2026-01-05T10:00:06.0000000Z ##[group]Run docker compose logs backend",
        "2026-01-05T10:00:06.1000000Z \x1b[36;1mdocker compose logs backend\x1b[0m",
        "2026-01-05T10:00:06.2000000Z ##[endgroup]",
    ] + [f"2026-01-05T10:00:07.{i:07d}Z backend-1  | {t}" for i, t in enumerate(service_log)] + [
        "2026-01-05T10:00:08.0000000Z Post job cleanup.",
    ]
    return "\n".join(wait + later) + "\n"


def test_service_that_failed_to_start_outranks_the_refused_connections():
    a = analyze(_smoke_then_logs(
        "***************************",
        "APPLICATION FAILED TO START",
        "***************************",
        "Description:",
        "Parameter 0 of constructor in com.example.Service required a bean of type 'com.example.Repo' that could "
        "not be found.",
    ))
    assert a.category == "crash"
    assert a.confidence < 70
    assert any("APPLICATION FAILED TO START" in k.text for k in a.key_lines[:5])


def test_refused_connections_stay_network_when_the_service_log_says_nothing():
    a = analyze(_smoke_then_logs("Started Application in 4.2 seconds", "Tomcat started on port 8080"))
    assert a.category == "network"


# --- next build: `> Build error occurred` wraps the bundler's own error --------------------------------------------


def test_turbopack_missing_export_is_compile_error():
    log = make_gh_log(
        "   Creating an optimized production build ...",
        "",
        "> Build error occurred",
        "Error: Turbopack build failed with 1 errors:",
        "./components/layout/app-shell.tsx:11:1",
        "Export useSessionContext doesn't exist in target module",
        "   9 | import { cn } from '@/lib/utils';",
        "> 11 | import { useSessionContext } from '@/components/providers/session-provider';",
        "     | ^^^^^^^^",
        "",
        "The export useSessionContext was not found in module [project]/components/providers/session-provider.tsx.",
        "Did you mean to import useSession?",
        step="Run npm run build",
    )
    a = analyze(log)
    assert a.category == "compile_error"
    assert any("doesn't exist in target module" in k.text for k in a.key_lines[:3])


def test_webpack_export_not_found_is_compile_error():
    log = make_gh_log(
        "Failed to compile.",
        "",
        "./app/page.tsx",
        "Attempted import error: export 'Button' (imported as 'Button') was not found in './ui' (possible exports: "
        "Card, Input)",
        "",
        "> Build failed because of webpack errors",
        step="Run npm run build",
    )
    assert analyze(log).category == "compile_error"
