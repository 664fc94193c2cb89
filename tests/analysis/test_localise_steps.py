"""The failing command of a multi-line `run:` script (docs/analysis.md, "Localisation on unseen logs").

Formats: GitHub's `##[group]Run` echo of the script (each line in cyan) and `shell:` line; CMake's install script
prints "-- Install configuration: ..." then "-- Installing: <file>" / "-- Up-to-date: <file>" for each file before
anything else (https://cmake.org/cmake/help/latest/command/install.html, the generated cmake_install.cmake);
PowerShell continues a line with a backtick at its end (about_Parsing, "Line continuation"), cmd with a caret.
"""

from __future__ import annotations

from autoheal.analysis import analyze

TS = "2026-03-25T03:38:37.0000000Z "


def _step(script: list[str], output: list[str], shell: str = "/usr/bin/bash -e {0}", code: int = 2) -> bytes:
    lines = [TS + "##[group]Run " + script[0],
             *(TS + "\x1b[36;1m" + s + "\x1b[0m" for s in script),
             TS + "shell: " + shell,
             TS + "##[endgroup]",
             *(TS + o for o in output),
             TS + f"##[error]Process completed with exit code {code}."]
    return ("\n".join(lines) + "\n").encode()


BUILD = ["cmake -B build -DCMAKE_BUILD_TYPE=Release", "cmake --build build -j$(nproc)", "cmake --install build"]
COMPILE_ERROR = [
    "[ 42%] Building CXX object CMakeFiles/hyprctl.dir/main.cpp.o",
    "/home/runner/work/app/app/main.cpp:88:31: error: no match for 'operator+' (operand types are "
    "'std::string_view' and 'const char [2]')",
    "gmake[2]: *** [CMakeFiles/hyprctl.dir/build.make:76: CMakeFiles/hyprctl.dir/main.cpp.o] Error 1",
    "gmake[1]: *** [CMakeFiles/Makefile2:83: CMakeFiles/hyprctl.dir/all] Error 2",
    "gmake: *** [Makefile:136: all] Error 2",
]


def test_an_install_that_never_announced_itself_had_not_started():
    a = analyze(_step(BUILD, ["-- Configuring done", "-- Build files have been written to: build", *COMPILE_ERROR]))
    assert a.specifics["command"] == "cmake --build build -j$(nproc)"


def test_an_install_that_announced_itself_is_the_failing_command():
    out = ["-- Configuring done", "[100%] Built target hyprctl", '-- Install configuration: "Release"',
           "-- Installing: /opt/hypr/bin/hyprctl",
           "CMake Error at cmake_install.cmake:52 (file):",
           "  file INSTALL cannot copy file \"/home/runner/work/app/app/build/hyprctl\" to \"/opt/hypr/bin/hyprctl\":",
           "  Permission denied."]
    a = analyze(_step(BUILD, out, code=1))
    assert a.specifics["command"] == "cmake --install build"


def test_a_long_output_that_lost_its_middle_proves_nothing_about_an_install():
    # the kept text of a long step is its head and tail: an announcement may be in the part not kept
    filler = [f"[{i % 100:3d}%] Building CXX object CMakeFiles/app.dir/src/file{i:05d}.cpp.o " + "x" * 60
              for i in range(6000)]
    out = [*filler[:3000], '-- Install configuration: "Release"', *filler[3000:],
           "CMake Error at cmake_install.cmake:52 (file):", "  file INSTALL cannot find \"/home/x/build/app\"."]
    a = analyze(_step(BUILD, out, code=1))
    assert a.specifics["command"] == "cmake --install build"


def test_a_powershell_line_continued_with_a_backtick_is_one_command():
    script = ["msbuild App/App.csproj `", '  "/t:Restore;Publish" `', "  /p:Configuration=Release", 'Write-Host "done"']
    out = [r"D:\a\app\app\App\Api\Backup.cs(61,29): error CS0103: The name 'Util' does not exist in the current "
           r"context [D:\a\app\app\App\App.csproj]", "Build FAILED."]
    a = analyze(_step(script, out, shell='C:\\Program Files\\PowerShell\\7\\pwsh.EXE -command ". \'{0}\'"', code=1))
    assert a.specifics["command"] == 'msbuild App/App.csproj "/t:Restore;Publish" /p:Configuration=Release'


def test_a_cmd_line_continued_with_a_caret_is_one_command():
    script = ["call build.bat ^", "  --release ^", "  --target x64", "echo done"]
    out = ["build.c(12): fatal error C1083: Cannot open include file: 'zlib.h': No such file or directory"]
    a = analyze(_step(script, out, shell="C:\\Windows\\system32\\cmd.EXE /D /E:ON /V:OFF /S /C \"CALL \"{0}\"\"", code=1))
    assert a.specifics["command"] == "call build.bat --release --target x64"


def _web_copy(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_a_log_copied_from_the_web_page_names_its_failing_step_and_command():
    # GitHub's web page shows a step as `Run <first line>`, its script indented, `shell:`, then its output, and the
    # runner's verdict as `Error: Process completed with exit code N.`; no timestamps, no ##[group]
    a = analyze(_web_copy(
        "Run npm ci",
        "  npm ci",
        "  shell: /usr/bin/bash -e {0}",
        "added 812 packages in 14s",
        "Run npm run lint:check",
        "  npm run lint:check",
        "  shell: /usr/bin/bash -e {0}",
        "  env:",
        "    NODE_ENV: test",
        "",
        "> bucket-list-app@1.0.0 lint:check",
        "> eslint app/ --max-warnings=0",
        "",
        "Run ESLint with --fix to fix some problems.",
        "/home/runner/work/app/app/app/features/list/helpers.ts",
        "  307:26  error  Unexpected any. Specify a different type  @typescript-eslint/no-explicit-any",
        "",
        "✖ 1 problem (1 error, 0 warnings)",
        "Error: Process completed with exit code 1.",
    ))
    assert a.specifics["command"] == "npm run lint:check"
    assert a.specifics["exit_code"] == 1
    assert a.located
    assert all(k.line >= 11 for k in a.key_lines)  # nothing from the earlier step


def test_a_web_copy_of_a_multi_line_script_names_the_line_that_ran_a_tool():
    a = analyze(_web_copy(
        "Run set -euo pipefail",
        "  set -euo pipefail",
        "  cd frontend",
        "  npm run build",
        "  shell: /usr/bin/bash -e {0}",
        "> web@0.1.0 build",
        "> next build",
        "Failed to compile.",
        "./app/page.tsx:12:7",
        "Type error: Property 'title' does not exist on type 'Props'.",
        "Error: Process completed with exit code 1.",
    ))
    assert a.specifics["command"] == "npm run build"
