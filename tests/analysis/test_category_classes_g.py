"""Category rules for the mistake classes corpus part G showed (issue #17): each class on a small log in the
real tool's output format (sources cited per test). Each test fails when its rule is removed."""

from __future__ import annotations

from autoheal.analysis import analyze
from autoheal.analysis.tools import read_step

from .conftest import make_gh_log
from .tool_reading import numbered

# --- a formatter in a compiler's shape -----------------------------------------------------------------------


def _clang_format_log(step: str) -> str:
    # clang-format --dry-run --Werror (https://clang.llvm.org/docs/ClangFormat.html): one diagnostic per place,
    # the source line and a caret under it, nothing else (clang/tools/clang-format/ClangFormat.cpp).
    return make_gh_log(
        "src/main.cpp:1:1: error: code should be clang-formatted [-Wclang-format-violations]",
        '#include "app/application.h"',
        "^",
        "src/core/io.cpp:78:23: error: code should be clang-formatted [-Wclang-format-violations]",
        "          pair.legacy,",
        "                      ^",
        step=step,
    )


def test_clang_format_violations_are_lint():
    a = analyze(_clang_format_log("Run clang-format --dry-run -Werror src/*.cpp src/*/*.cpp"))
    assert a.category == "lint"
    assert a.tool == "formatter"
    assert a.specifics["locations"][0]["file"] == "src/main.cpp"


def test_clang_format_violations_behind_a_make_target_are_lint():
    # the command hides the formatter (a Makefile target): the compiler parser reads the diagnostic's shape
    a = analyze(_clang_format_log("Run make format-check"))
    assert a.category == "lint"


# --- the Android Gradle plugin's checks of the build's configuration -------------------------------------------


def _gradle_failure(task: str, *reason: str, before: tuple[str, ...] = ()) -> str:
    # Gradle's failure report (https://docs.gradle.org/current/userguide/troubleshooting.html), as real AGP 8 builds
    # print it under `flutter build apk` / `./gradlew assembleRelease`.
    return make_gh_log(
        *before,
        "",
        "FAILURE: Build failed with an exception.",
        "",
        "* What went wrong:",
        f"Execution failed for task '{task}'.",
        *reason,
        "",
        "* Try:",
        "> Run with --stacktrace option to get the stack trace.",
        "> Get more help at https://help.gradle.org.",
        "",
        "BUILD FAILED in 4m 8s",
        step="Run ./gradlew assembleDebug",
    )


def test_androidx_dependencies_without_use_androidx_are_invalid_config():
    # AGP's checkAarMetadata (https://developer.android.com/jetpack/androidx/migrate: android.useAndroidX)
    a = analyze(_gradle_failure(
        ":app:checkDebugAarMetadata",
        "> Configuration `:app:debugRuntimeClasspath` contains AndroidX dependencies, but the `android.useAndroidX` "
        "property is not enabled, which may cause runtime issues.",
        "  Set `android.useAndroidX=true` in the `gradle.properties` file and retry.",
        "  The following AndroidX dependencies are detected:",
        "  :app:debugRuntimeClasspath -> androidx.core:core:1.12.0",
    ))
    assert a.category == "invalid_config"
    assert "android.useAndroidX" in a.key_lines[0].text


def test_signing_keystore_not_found_is_invalid_config():
    # AGP's validateSigning<Variant> task (https://developer.android.com/studio/publish/app-signing)
    a = analyze(_gradle_failure(
        ":app:validateSigningRelease",
        "> Keystore file '/home/runner/work/app/app/android/app/upload.keystore' not found for signing config 'release'.",
    ))
    assert a.category == "invalid_config"
    assert a.key_lines[0].text.startswith("> Keystore file")


def test_r8_missing_classes_are_a_missing_dependency():
    # R8 under AGP's minify task (https://developer.android.com/build/shrink-code#troubleshoot)
    a = analyze(_gradle_failure(
        ":app:minifyReleaseWithR8",
        "> A failure occurred while executing com.android.build.gradle.internal.tasks.R8Task$R8Runnable",
        "   > Compilation failed to complete",
        before=(
            "ERROR: Missing classes detected while running R8. Please add the missing classes or apply additional "
            "keep rules that are generated in /home/runner/work/app/app/build/app/outputs/mapping/release/missing_rules.txt.",
            "ERROR: R8: Missing class com.google.android.play.core.tasks.Task (referenced from: void "
            "io.flutter.embedding.engine.deferredcomponents.PlayStoreDeferredComponentManager.installDeferredComponent(int, java.lang.String))",
        ),
    ))
    assert a.category == "missing_dependency"
    assert "Missing classes detected while running R8" in a.key_lines[0].text


# --- a manifest that declares what is not there -----------------------------------------------------------------


def test_flutter_asset_missing_from_the_checkout_is_invalid_config():
    # flutter_tools' asset bundler (lib/src/asset.dart; https://docs.flutter.dev/ui/assets/assets-and-images), under
    # Gradle's compileFlutterBuildRelease task: the task's name is not the cause
    a = analyze(_gradle_failure(
        ":app:compileFlutterBuildRelease",
        "> Process 'command '/opt/hostedtoolcache/flutter/stable-3.35.6-x64/bin/flutter'' finished with non-zero exit value 1",
        before=(
            "Error detected in pubspec.yaml:",
            "No file or variants found for asset: assets/config.json.",
            "",
            "Target aot_android_asset_bundle failed: Exception: Failed to bundle asset files.",
        ),
    ))
    assert a.category == "invalid_config"
    assert a.key_lines[0].text.startswith("No file or variants found for asset")


# --- CMake's compiler check: the configure step's inputs, before the errors it quotes ---------------------------


def test_cmake_compiler_check_that_cannot_link_is_invalid_config():
    # Modules/CMakeTestCCompiler.cmake's FATAL_ERROR, quoting the try-compile's output (CMake 3.31, real format)
    log = make_gh_log(
        "-- The C compiler identification is GNU 14.2.0",
        "-- Check for working C compiler: /usr/bin/gcc-14",
        "CMake Error at /usr/local/share/cmake-3.31/Modules/CMakeTestCCompiler.cmake:67 (message):",
        "  The C compiler",
        "",
        '    "/usr/bin/gcc-14"',
        "",
        "  is not able to compile a simple test program.",
        "",
        "  It fails with the following output:",
        "",
        "    Linking C executable cmTC_b684b",
        "    /usr/bin/ld: cannot find -lfoo: No such file or directory",
        "    collect2: error: ld returned 1 exit status",
        "    gmake[1]: *** [CMakeFiles/cmTC_b684b.dir/build.make:102: cmTC_b684b] Error 1",
        "",
        "  CMake will not be able to correctly generate this project.",
        "Call Stack (most recent call first):",
        "  CMakeLists.txt:8 (project)",
        "",
        "-- Check for working C compiler: /usr/bin/gcc-14 - broken",
        "-- Configuring incomplete, errors occurred!",
        step="Run cmake -B build -DCMAKE_EXE_LINKER_FLAGS=-lfoo",
    )
    a = analyze(log)
    assert a.category == "invalid_config"
    assert a.confidence < 70  # a broken compiler install (environment) reads the same


# --- the runner's toolchain ---------------------------------------------------------------------------------------


def test_dotnet_format_without_the_dotnet_cli_is_environment():
    # dotnet-format (https://github.com/dotnet/format) could not find the dotnet host; exit code 4
    log = make_gh_log(
        "Unable to locate dotnet CLI. Ensure that it is on the PATH.",
        step="Run dotnet format whitespace App.sln --verify-no-changes",
        exit_code=4,
    )
    assert analyze(log).category == "environment"


# --- a committed generated file that is out of date -----------------------------------------------------------------


def test_make_check_diffing_a_rebuilt_artifact_is_lint():
    # a Makefile check target rebuilds an artifact and compares it with the committed one (`diff -r`): GNU diff
    # names each differing pair, then the change in its default format ("216,219d215", POSIX diff)
    log = make_gh_log(
        "unzip -o build/lib.zip -d build/current",
        "unzip -o binaries/lib.zip -d build/rebuilt",
        "diff -r build/current build/rebuilt",
        "diff -r build/current/program build/rebuilt/program",
        "216,219d215",
        "< module Std.Ordinal {",
        "<   type BigOrdinal = int",
        "< }",
        "make[1]: *** [check-binary] Error 1",
        "make: *** [check-binaries] Error 2",
        step="Run make check-binaries",
        exit_code=2,
    )
    a = analyze(log)
    assert a.category == "lint"
    assert a.confidence < 70  # a golden-output test compares files the same way
    assert a.key_lines[0].text == "216,219d215"


def test_git_diff_exit_code_after_regeneration_is_lint():
    # `git diff --exit-code` after a generator (https://git-scm.com/docs/git-diff: --exit-code, patch headers)
    log = make_gh_log(
        "diff --git a/src/generated/api.ts b/src/generated/api.ts",
        "index 3b18e51..a9c4f0d 100644",
        "--- a/src/generated/api.ts",
        "+++ b/src/generated/api.ts",
        "@@ -12,3 +12,4 @@ export interface User {",
        "   id: string;",
        "+  email: string;",
        " }",
        step="Run npm run generate && git diff --exit-code",
    )
    a = analyze(log)
    assert a.category == "lint"
    assert a.key_lines[0].text.startswith("diff --git a/src/generated/api.ts")


def test_a_short_commit_hash_is_not_a_diff_change_command():
    # `git rev-parse --short HEAD` prints 7+ hex characters; "1234a56" has the shape of diff's "1234a56" but is a hash
    log = make_gh_log("1234a56", "1,3c1,4", step="Run ./scripts/check.sh")
    report = read_step("./scripts/check.sh", numbered("1234a56\n1,3c1,4\n"))
    assert [f.text for f in report.findings if f.category == "lint"] == ["1,3c1,4"]
    assert analyze(log).category == "lint"


def test_aar_metadata_asking_for_a_higher_compile_sdk_is_invalid_config():
    # AGP's checkAarMetadata (https://developer.android.com/build/releases/past-releases/agp-7-0-0-release-notes)
    a = analyze(_gradle_failure(
        ":app:checkDebugAarMetadata",
        "> A failure occurred while executing com.android.build.gradle.internal.tasks.CheckAarMetadataWorkAction",
        "   > 1 issue was found when checking AAR metadata:",
        "",
        "       1.  Dependency 'androidx.core:core:1.13.0' requires libraries and applications that",
        "           depend on it to compile against version 34 or later of the",
        "           Android APIs.",
        "",
        "       :app is currently compiled against android-33.",
    ))
    assert a.category == "invalid_config"
    assert a.specifics["modules"] == ["androidx.core:core:1.13.0"]


def test_manifest_without_android_exported_is_invalid_config():
    # https://developer.android.com/about/versions/12/behavior-changes-12#exported
    a = analyze(_gradle_failure(
        ":app:processDebugMainManifest",
        "> Manifest merger failed : Apps targeting Android 12 and higher are required to specify an explicit value for "
        "`android:exported` when the corresponding component has an intent filter defined.",
    ))
    assert a.category == "invalid_config"
    assert "android:exported" in a.key_lines[0].text


# --- GNU ld: an undefined reference inside a shared library -----------------------------------------------------------


def _link_log(ld_line: str) -> str:
    return make_gh_log(
        "[ 87%] Linking CXX shared library libwidget.so",
        "[ 87%] Built target widget",
        "[ 96%] Linking CXX executable demo",
        ld_line,
        "collect2: error: ld returned 1 exit status",
        "gmake[2]: *** [CMakeFiles/demo.dir/build.make:114: demo] Error 1",
        "gmake: *** [Makefile:146: all] Error 2",
        step="Run cmake --build build",
        exit_code=2,
    )


def test_undefined_reference_inside_a_shared_library_is_not_a_confident_compile_error():
    # GNU ld names the shared library that needs the symbol (binutils' ld: "libwidget.so.1: undefined reference to
    # `sym'"): the library built, a library it needs lacks the symbol (another version than its headers) - or the
    # library misses its own source; both likely, so the answer stays below the PR gate
    a = analyze(_link_log("/usr/bin/ld: libwidget.so.1: undefined reference to `input_device_get_id_bustype'"))
    assert a.category in ("dependency_conflict", "compile_error")
    assert a.confidence < 70
    assert "libwidget.so.1: undefined reference" in a.key_lines[0].text or "libwidget.so.1" in a.key_lines[1].text


def test_undefined_reference_in_an_object_file_stays_a_compile_error():
    # ... but not a confident one: a link error names the symbol, not why it is missing (a library not installed or
    # not linked, another version of it, the build's flags, or code never written). Every dev log with a link error
    # lists alternatives in its label, and blind (parts E-G) one such answer at 85 was wrong: below the PR gate.
    a = analyze(_link_log("/usr/bin/ld: CMakeFiles/demo.dir/main.cpp.o: in function `main': "
                          "main.cpp:(.text+0x1d): undefined reference to `widget_init'"))
    assert a.category == "compile_error"
    assert 50 <= a.confidence < 70
