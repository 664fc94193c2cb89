"""The unit a failing build names as the one that failed (``specifics.modules`` / ``specifics.project``): the package
whose wheel pip could not build and the native extension setuptools was building, the sbt subproject of a failed task key, the MSBuild project of an MSVC diagnostic,
the Haskell package cabal or Stack failed to build.

Formats: pip's is real (pip 23.2 building a package whose C extension does not compile, run on this machine; the
pip 24.1+ summary line as pip's issue reports quote it); sbt's task keys as sbt 1.x (`core / Compile /
compileIncremental`) and 0.13 (`core/compile:compileIncremental`) print them; MSBuild's canonical diagnostic with the
project appended (https://learn.microsoft.com/visualstudio/msbuild/msbuild-diagnostic-format-for-tasks); cabal-install's
"Failed to build <pkg>-<version>" and Stack's "While building package <pkg>-<version>".
"""

from __future__ import annotations

from autoheal.analysis import analyze

TS = "2026-03-25T03:38:37.0000000Z "


def _step(command: str, output: list[str], code: int = 1) -> bytes:
    lines = [TS + "##[group]Run " + command, TS + "\x1b[36;1m" + command + "\x1b[0m",
             TS + "shell: /usr/bin/bash -e {0}", TS + "##[endgroup]",
             *(TS + o for o in output), TS + f"##[error]Process completed with exit code {code}."]
    return ("\n".join(lines) + "\n").encode()


def _units(a) -> list[str]:
    return list(a.specifics.get("modules") or []) + [a.specifics.get("project")]


PIP_WHEEL = [  # pip 23.2.1, `pip install .` of a package whose extension does not compile (real output, path shortened)
    "Processing /home/runner/work/r/r",
    "  Preparing metadata (setup.py): started",
    "  Preparing metadata (setup.py): finished with status 'done'",
    "Building wheels for collected packages: mypkg",
    "  Building wheel for mypkg (setup.py): started",
    "  Building wheel for mypkg (setup.py): finished with status 'error'",
    "  error: subprocess-exited-with-error",
    "  ",
    "  × python setup.py bdist_wheel did not run successfully.",
    "  │ exit code: 1",
    "  ╰─> [18 lines of output]",
    "      running bdist_wheel",
    "      running build_ext",
    "      building 'mypkg._native' extension",
    "      gcc -Wsign-compare -DNDEBUG -g -fwrapv -O3 -Wall -fPIC -c native.c -o build/temp/native.o",
    "      native.c: In function ‘f’:",
    "      native.c:1:21: error: ‘x’ undeclared (first use in this function)",
    "      error: command '/usr/bin/gcc' failed with exit code 1",
    "      [end of output]",
    "  ",
    "  note: This error originates from a subprocess, and is likely not a problem with pip.",
    "  ERROR: Failed building wheel for mypkg",
    "  Running setup.py clean for mypkg",
    "Failed to build mypkg",
    "ERROR: Could not build wheels for mypkg, which is required to install pyproject.toml-based projects",
]


def test_pip_names_the_package_whose_wheel_failed_to_build():
    a = analyze(_step("pip install .", PIP_WHEEL))
    assert "mypkg" in a.specifics["modules"]
    # and setuptools names the native extension it was building when the compiler failed (the guide's `pkg._native`)
    assert a.specifics["project"] == "mypkg._native"


def test_the_extension_named_is_the_one_being_built_when_the_compiler_failed():
    out = ["      building 'mypkg._speedups' extension", "      gcc -c src/speedups.c -o build/speedups.o",
           "      building 'mypkg._native' extension", "      gcc -c src/native.c -o build/native.o",
           "      src/native.c:1:21: error: 'x' undeclared (first use in this function)",
           "      error: command '/usr/bin/gcc' failed with exit code 1"]
    assert analyze(_step("python setup.py build_ext --inplace", out)).specifics["project"] == "mypkg._native"


def test_pip_24_names_the_packages_of_its_wheel_summary():
    out = ["Building wheels for collected packages: finalytics",
           "  Building wheel for finalytics (pyproject.toml) ... error",
           "Failed to build finalytics",
           "ERROR: ERROR: Failed to build installable wheels for some pyproject.toml based projects (finalytics)"]
    assert "finalytics" in analyze(_step("pip install -r requirements.txt", out)).specifics["modules"]


def test_sbt_names_the_subproject_of_the_failed_task_key():
    out = ["[error] /home/runner/work/r/r/core/src/main/scala/A.scala:3:5: not found: value x",
           "[error] (core / Compile / compileIncremental) Compilation failed", "[error] Total time: 3 s"]
    assert "core" in _units(analyze(_step("sbt test", out)))
    old = ["[error] /home/runner/work/r/r/api/src/main/scala/A.scala:3: not found: value x",
           "[error] (api-server/compile:compileIncremental) Compilation failed"]
    assert "api-server" in _units(analyze(_step("sbt compile", old)))
    # the root project's key names no subproject (not the configuration "Compile")
    root = ["[error] /home/runner/work/r/r/src/main/scala/A.scala:3:5: not found: value x",
            "[error] (Compile / compileIncremental) Compilation failed"]
    assert "Compile" not in _units(analyze(_step("sbt compile", root)))


def test_msbuild_names_the_project_of_an_msvc_diagnostic():
    out = [r"D:\a\r\r\src\foo.cpp(3,5): error C2065: 'x': undeclared identifier [D:\a\r\r\build\mylib.vcxproj]"]
    assert "mylib" in _units(analyze(_step("cmake --build build --config Release", out)))


def test_cabal_and_stack_name_the_package_they_failed_to_build():
    cabal = ["src/A.hs:3:5: error:", "    Variable not in scope: x",
             "cabal: Failed to build mypkg-0.1.0 (which is required by exe:app from app-0.1)."]
    assert "mypkg" in _units(analyze(_step("cabal build", cabal)))
    stack = ["mypkg> /home/runner/work/r/r/src/A.hs:3:5: error:", "mypkg>     Variable not in scope: x",
             "--  While building package mypkg-0.1.0 (scroll up to its section to see the error) using:",
             "Process exited with code: ExitFailure 1"]
    assert "mypkg" in _units(analyze(_step("stack build", stack)))
