"""Mechanisms for whole GitHub Actions job logs (corpus part O, tests/data/corpus/README.md "Dev misses, by mechanism").

Each rule is stated for a tool or a message family, and each case here is the tool's real output (run on this machine:
GNU coreutils 9.1, bash 5.2, javac 17, CMake, RubyGems 3.3) or its documented wording (cited at the rule), wrapped in a
small synthetic job log - never a corpus log's text. Without its rule each case gets another category (`unknown`,
compile_error, rate_limited) or a confident wrong answer."""

from __future__ import annotations

import pytest

from autoheal.analysis import analyze
from autoheal.analysis.warnlists import noncritical_lines

from .conftest import make_gh_log

GRADLE_HEAD = ("FAILURE: Build failed with an exception.", "", "* What went wrong:")
GRADLE_TAIL = ("", "* Try:", "> Run with --stacktrace option to get the stack trace.", "", "BUILD FAILED in 21s")


def _gradle(*lines: str, task: str = ":app:compileDebugJavaWithJavac") -> str:
    return make_gh_log(f"> Task {task} FAILED", *GRADLE_HEAD, f"Execution failed for task '{task}'.", *lines,
                       *GRADLE_TAIL, step="Run ./gradlew assembleDebug --stacktrace")


# --- coreutils' "cannot access/stat" family: a run script names a path that is not there -> invalid_config --------

@pytest.mark.parametrize("lines", [
    # real output (coreutils 9.1, LANG=C.UTF-8)
    ("✓ Copied libraries", "ls: cannot access 'app/src/main/jniLibs/arm64-v8a/': No such file or directory"),
    ("mv: cannot stat 'app/build/outputs/apk/debug/app-debug.apk': No such file or directory",),
    ("cp: cannot stat 'dist/bundle.js': No such file or directory",),
    ("stat: cannot statx 'build/out.bin': No such file or directory",),
    # coreutils 8.22-8.24 quoted with U+2018/U+2019 in UTF-8 locales (as 9.1's mkdir still does)
    ("ls: cannot access \u2018dist/app\u2019: No such file or directory",),
])
def test_coreutils_missing_path_is_the_scripts_configuration(lines):
    a = analyze(make_gh_log(*lines, step="Run ls -lh app/src/main/jniLibs/arm64-v8a/", exit_code=2))
    assert a.category == "invalid_config"


def test_bash_cd_into_a_missing_directory_is_the_scripts_configuration():
    # real output of bash 5.2 (`bash -c 'cd nope'`); the runner's script file names the line
    a = analyze(make_gh_log("/home/runner/work/_temp/0b1c.sh: line 3: cd: android-companion: No such file or directory",
                            step="Run cd android-companion"))
    assert a.category == "invalid_config"


def test_coreutils_message_of_a_launched_program_is_not_the_scripts():
    # a launcher prefixes its children's output ("7-task-1-0/0 cp: ..."): the program's own file handling, which the
    # script did not name; and `cat x` of a missing file follows the command that should have made it
    a = analyze(make_gh_log("7-task-1-0/0 cp: cannot stat '.coverage': No such file or directory",
                            "cat: SHA256SUMS.txt: No such file or directory", step="Run ./release.sh"))
    assert a.category != "invalid_config"


# --- RubyGems / Jekyll: a gem that is not installed -> missing_dependency ------------------------------------------

def test_rubygems_missing_spec_names_the_gem():
    # real output of `ruby -e 'gem "jekyll-theme-nope"'` (RubyGems 3.3, rubygems/dependency.rb#to_specs)
    a = analyze(make_gh_log(
        "/usr/lib/ruby/vendor_ruby/rubygems/dependency.rb:311:in `to_specs': Could not find 'jekyll-theme-nope' (>= 0) "
        "among 107 total gem(s) (Gem::MissingSpecError)",
        "Checked in 'GEM_PATH=/root/.local/share/gem/ruby/3.1.0:/var/lib/gems/3.1.0' , execute `gem env` for more "
        "information",
        "\tfrom /usr/lib/ruby/vendor_ruby/rubygems/dependency.rb:323:in `to_spec'", step="Run jekyll build"))
    assert a.category == "missing_dependency"
    assert "jekyll-theme-nope" in a.specifics["modules"]


def test_jekyll_theme_not_found_names_the_theme():
    # jekyll/theme.rb (Jekyll 4.2): raise MissingDependencyException, "The #{name} theme could not be found."
    a = analyze(make_gh_log(
        "Configuration file: /srv/jekyll/_config.yml",
        "/usr/gem/gems/jekyll-4.2.0/lib/jekyll/theme.rb:82:in `rescue in gemspec': The jekyll-theme-foo theme could "
        "not be found. (Jekyll::Errors::MissingDependencyException)",
        "\tfrom /usr/gem/gems/jekyll-4.2.0/lib/jekyll/theme.rb:79:in `gemspec'", step="Run jekyll build --future"))
    assert a.category == "missing_dependency"
    assert "jekyll-theme-foo" in a.specifics["modules"]


# --- AAPT2 resource linking -> compile_error (a Material/AppCompat style stays missing_dependency) -----------------

def test_aapt2_resource_not_found_is_the_apps_resources():
    a = analyze(_gradle(
        "> A failure occurred while executing com.android.build.gradle.internal.res.LinkApplicationAndroidResourcesTask"
        "$TaskAction",
        "   > Android resource linking failed",
        "     com.example.app-mergeDebugResources-60:/layout/activity_main.xml:47: error: resource drawable/ic_assistant "
        "(aka com.example.app:drawable/ic_assistant) not found.",
        "     com.example.app-main-63:/menu/main_menu.xml:15: error: resource drawable/ic_history (aka "
        "com.example.app:drawable/ic_history) not found.", task=":app:processDebugResources"))
    assert a.category == "compile_error"
    assert "error: resource drawable/ic_assistant" in a.key_lines[0].text


def test_aapt2_material_style_not_found_stays_a_missing_library():
    a = analyze(_gradle(
        "   > Android resource linking failed",
        "     com.example.app-main-3:/values/themes.xml:3: error: resource style/Theme.Material3.DayNight.NoActionBar "
        "(aka com.example.app:style/Theme.Material3.DayNight.NoActionBar) not found.", task=":app:processDebugResources"))
    assert a.category == "missing_dependency"


# --- CMake add_subdirectory of a directory without CMakeLists.txt -> invalid_config -------------------------------

def test_cmake_add_subdirectory_without_cmakelists_is_configuration():
    # real output of CMake 3.25 (an empty submodule directory libs/dep)
    a = analyze(make_gh_log(
        "-- Detecting CXX compile features - done",
        "CMake Error at CMakeLists.txt:3 (add_subdirectory):",
        "  The source directory",
        "",
        "    /home/runner/work/app/app/libs/dep",
        "",
        "  does not contain a CMakeLists.txt file.",
        "",
        "",
        "-- Configuring incomplete, errors occurred!", step="Run cmake .."))
    assert a.category == "invalid_config"
    assert any(loc["file"] == "CMakeLists.txt" and loc.get("line") == 3 for loc in a.specifics["locations"])


# --- the Kotlin Gradle plugin's JVM-target check -> invalid_config ------------------------------------------------

def test_kotlin_inconsistent_jvm_target_is_build_configuration():
    # https://kotlinlang.org/docs/gradle-configure-project.html#check-for-jvm-target-compatibility-of-related-compile-tasks
    a = analyze(_gradle(
        "> Inconsistent JVM-target compatibility detected for tasks 'compileDebugJavaWithJavac' (21) and "
        "'compileDebugKotlin' (17).", "", "  Consider using JVM Toolchain: https://kotl.in/gradle/jvm/toolchain",
        task=":plugin:compileDebugKotlin"))
    assert a.category == "invalid_config"


def test_a_maven_coordinate_naming_animal_sniffer_is_not_a_lint_finding():
    # Gradle --info resolving a library's annotations is not the Animal Sniffer check (animal-sniffer-maven-plugin)
    a = analyze(make_gh_log(
        "Resource missing. [HTTP HEAD: https://dl.google.com/dl/android/maven2/org/codehaus/mojo/"
        "animal-sniffer-annotations/1.23/animal-sniffer-annotations-1.23.pom]",
        "Found locally available resource with matching checksum: [https://repo.maven.apache.org/maven2/org/codehaus/"
        "mojo/animal-sniffer-parent/1.23/animal-sniffer-parent-1.23.pom]",
        *GRADLE_HEAD, "Execution failed for task ':app:bundleRelease'.", *GRADLE_TAIL,
        step="Run ./gradlew bundleRelease --info"))
    assert a.category != "lint"


# --- parser-stage diagnostics -> syntax_error, whatever the compiler (labeling guide, tie-break 10) ---------------

@pytest.mark.parametrize("line", [
    # real javac 17 output
    "/home/runner/work/app/app/src/main/java/com/ex/A.java:2: error: unclosed string literal",
    "/home/runner/work/app/app/src/main/java/com/ex/D.java:1: error: ';' expected",
    "/home/runner/work/app/app/src/main/java/com/ex/B.java:3: error: reached end of file while parsing",
    "/home/runner/work/app/app/src/main/java/com/ex/C.java:2: error: class, interface, enum, or record expected",
    "/home/runner/work/app/app/src/main/java/com/ex/B.java:2: error: not a statement",
])
def test_javac_parser_errors_are_syntax_errors(line):
    a = analyze(_gradle("> Compilation failed; see the compiler error output for details.").replace(
        "> Task :app:compileDebugJavaWithJavac FAILED", line + "\n2026-01-05T10:00:02.9Z 1 error\n"
        "2026-01-05T10:00:02.95Z > Task :app:compileDebugJavaWithJavac FAILED"))
    assert a.category == "syntax_error"


def test_javac_parser_error_relayed_by_maven_is_a_syntax_error():
    # maven-compiler-plugin relays javac's message as "[ERROR] /path/A.java:[2,16] unclosed string literal"
    a = analyze(make_gh_log(
        "[INFO] --- maven-compiler-plugin:3.11.0:compile (default-compile) @ app ---", "[ERROR] COMPILATION ERROR : ",
        "[ERROR] /home/runner/work/app/app/src/main/java/com/ex/A.java:[2,16] unclosed string literal", "[INFO] 1 error",
        "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.11.0:compile (default-compile) "
        "on project app: Compilation failure", step="Run mvn -B package"))
    assert a.category == "syntax_error"


def test_kotlinc_older_placement_of_a_parser_message_is_a_syntax_error():
    # kotlinc < 1.8: "e: /path/A.kt: (12, 5): Expecting ')'"
    a = analyze(_gradle("> Compilation error. See log for more details", task=":app:compileDebugKotlin").replace(
        "> Task :app:compileDebugKotlin FAILED",
        "e: /home/runner/work/app/app/src/main/java/com/ex/A.kt: (12, 5): Expecting ')'\n"
        "2026-01-05T10:00:02.95Z > Task :app:compileDebugKotlin FAILED"))
    assert a.category == "syntax_error"


def test_javac_attribution_errors_stay_compile_errors():
    a = analyze(_gradle("> Compilation failed; see the compiler error output for details.").replace(
        "> Task :app:compileDebugJavaWithJavac FAILED",
        "/home/runner/work/app/app/src/main/java/com/ex/A.java:7: error: cannot find symbol\n"
        "2026-01-05T10:00:02.95Z > Task :app:compileDebugJavaWithJavac FAILED"))
    assert a.category == "compile_error"


def test_kotlinc_expecting_is_a_syntax_error_before_the_resolution_errors_it_causes():
    # kotlinc's parser ("Expecting 'catch' or 'finally'", KotlinExpressionParsing) and resolution errors that follow
    a = analyze(_gradle(
        "> Compilation error. See log for more details",
        task=":app:compileDebugKotlin").replace(
        "> Task :app:compileDebugKotlin FAILED",
        "e: file:///home/runner/work/app/app/src/main/java/com/ex/MainActivity.kt:1213:10 Expecting 'catch' or "
        "'finally'\n"
        "2026-01-05T10:00:02.91Z e: file:///home/runner/work/app/app/src/main/java/com/ex/MainActivity.kt:281:17 "
        "Unresolved reference: chatRecyclerView\n"
        "2026-01-05T10:00:02.95Z > Task :app:compileDebugKotlin FAILED"))
    assert a.category == "syntax_error"


def test_kotlinc_resolution_errors_stay_compile_errors():
    a = analyze(_gradle("> Compilation error. See log for more details", task=":app:compileDebugKotlin").replace(
        "> Task :app:compileDebugKotlin FAILED",
        "e: file:///home/runner/work/app/app/src/main/java/com/ex/MainActivity.kt:281:17 Unresolved reference: x\n"
        "2026-01-05T10:00:02.95Z > Task :app:compileDebugKotlin FAILED"))
    assert a.category == "compile_error"


@pytest.mark.parametrize("code, msg, want", [
    ("CS1002", "; expected", "syntax_error"),  # https://learn.microsoft.com/dotnet/csharp/misc/cs1002
    ("CS1513", "} expected", "syntax_error"),
    ("CS0103", "The name 'x' does not exist in the current context", "compile_error"),
])
def test_roslyn_parser_codes_are_syntax_errors(code, msg, want):
    a = analyze(make_gh_log(
        f"/home/runner/work/app/app/src/App/Program.cs(12,31): error {code}: {msg} [/home/runner/work/app/app/src/App/"
        "App.csproj]", "", "Build FAILED.", step="Run dotnet build -c Release"))
    assert a.category == want


# --- a tool's own list of non-critical warnings does not decide -----------------------------------------------------

_CHECKER = (
    "Scanning ....",
    "Found 599 markdown files",
    "WARNINGS (non-critical):",
    "",
    "\u26a0 631 warnings (external URLs)",
    "  \u26a0 CLAUDE.md: Invalid URL: http://localhost:8080 (HTTP 404)",
    "  \u26a0 docs/refs.md: Invalid URL: https://scholar.google.com/scholar?q=x (HTTP 429)",
    "  ... and 621 more warnings",
)


def test_http_429_inside_a_non_critical_warning_list_is_not_the_cause():
    a = analyze(make_gh_log(*_CHECKER, step="Run python scripts/link-checker.py --root .", exit_code=2))
    assert a.category != "rate_limited"
    assert a.confidence < 70


def test_http_429_outside_such_a_list_still_reads_as_rate_limited():
    # the control: the same entry without the tool's heading is evidence
    lines = [t for t in _CHECKER if "non-critical" not in t]
    a = analyze(make_gh_log(*lines, step="Run python scripts/link-checker.py --root .", exit_code=2))
    assert a.category == "rate_limited"


def test_noncritical_list_spans_its_entries_only():
    lines = [(i + 1, t) for i, t in enumerate((
        "WARNINGS (non-critical):", "", "\u0393\u00dc\u00e1 2 warnings", "  - a (HTTP 429)", "... and 1 more",
        "ERROR: 3 broken internal links", "  - b.md"))]
    assert noncritical_lines(lines) == {2, 3, 4, 5}
    assert noncritical_lines([(1, "Non-fatal errors:"), (2, "  x (HTTP 503)"), (3, "Done")]) == {2}
    assert noncritical_lines([(1, "Warnings:"), (2, "  x (HTTP 429)")]) == set()  # no word saying they do not count


# --- the tool's own diagnostic before the build tool's relay: Android lint under Gradle -----------------------------

def test_android_lint_finding_leads_the_gradle_relay():
    # lint's TextReporter ("file:line: Error: message [IssueId from library]"), then the lintVital task's failure
    a = analyze(make_gh_log(
        "> Task :app:lintVitalAnalyzeRelease",
        "/home/runner/work/app/app/app/src/main/java/com/ex/MainActivity.kt:23: Error: Upgrade Fragment version to at "
        "least 1.3.0. [InvalidFragmentVersionForActivityResult from androidx.activity]",
        "",
        "    private val launcher = registerForActivityResult(",
        "                           ^",
        "> Task :app:lintVitalRelease FAILED",
        *GRADLE_HEAD, "Execution failed for task ':app:lintVitalRelease'.",
        "> Lint found fatal errors while assembling a release target.", "",
        "  Lint found 55 errors, 0 warnings. First failure:",
        "org.gradle.api.tasks.TaskExecutionException: Execution failed for task ':app:lintVitalRelease'.",
        "Caused by: java.lang.RuntimeException: Lint found fatal errors while assembling a release target.",
        *GRADLE_TAIL, step="Run gradle assembleRelease --no-daemon --stacktrace"))
    assert a.category == "lint"
    assert "Error: Upgrade Fragment version" in a.key_lines[0].text
    assert a.specifics["locations"][0]["file"] == "app/src/main/java/com/ex/MainActivity.kt"


# --- specifics: .NET test frames and MSBuild's project suffix --------------------------------------------------------

def test_dotnet_failing_test_place_is_its_checkout_frame_repo_relative():
    # `dotnet test` (VSTest console logger) on a Windows runner; the assertion library's frames have no source place
    a = analyze(make_gh_log(
        "[xUnit.net 00:00:02.01]     App.Tests.ParserTests.ParsesEmpty [FAIL]",
        "  Failed App.Tests.ParserTests.ParsesEmpty [111 ms]",
        "  Error Message:",
        "   Expected markers to contain 3 item(s), but found 0: {empty}.",
        "  Stack Trace:",
        "     at FluentAssertions.Execution.LateBoundTestFramework.Throw(String message)",
        "   at FluentAssertions.Collections.GenericCollectionAssertions`3.HaveCount(Int32 expected, String because, "
        "Object[] becauseArgs)",
        "   at App.Tests.ParserTests.ParsesEmpty() in D:\\a\\app\\app\\App.Tests\\ParserTests.cs:line 46",
        "   at System.Reflection.MethodBaseInvoker.InterpretedInvoke_Method(Object obj, IntPtr* args)",
        "",
        "Failed!  - Failed:     1, Passed:   230, Skipped:     0, Total:   231, Duration: 2 s - App.Tests.dll (net10.0)",
        step="Run dotnet test App.Tests/App.Tests.csproj -c Release"))
    assert a.category == "test_failure"
    assert a.specifics["locations"][0]["file"] == "App.Tests/ParserTests.cs"
    assert a.specifics["locations"][0]["line"] == 46


def test_msvc_error_under_msbuild_names_its_vcxproj_as_the_module():
    # MSBuild's canonical diagnostic of cl.exe, the project file in brackets
    a = analyze(make_gh_log(
        "D:\\a\\sb\\sb\\Plugin\\SoundBoardPlugin.cpp(28,5): error C2679: binary '=': no operator found which takes a "
        "right-hand operand of type 'CVarWrapper' (or there is no acceptable conversion) "
        "[D:\\a\\sb\\sb\\Plugin\\SoundBoardPlugin.vcxproj]",
        "  (compiling source file '/SoundBoardPlugin.cpp')",
        step="Run msbuild SoundBoardPlugin.vcxproj /p:Configuration=Release /m /v:minimal"))
    assert a.category == "compile_error"
    assert a.specifics["project"] == "SoundBoardPlugin"
    assert a.specifics["locations"][0]["file"] == "Plugin/SoundBoardPlugin.cpp"


# --- a git error the step went on after was tolerated ---------------------------------------------------------------

_DUBIOUS = ("fatal: detected dubious ownership in repository at '/github/workspace'",
            "To add an exception for this directory, call:", "",
            "\tgit config --global --add safe.directory /github/workspace")


def test_git_error_a_container_action_went_on_after_is_not_the_cause():
    # git's message (git 2.35.2+, setup.c) inside an action's container, then the action builds and Ruby ends it with an
    # exception nothing rescued (real output of ruby 3.1: "site.rb:2:in `build': undefined method ... (NoMethodError)")
    a = analyze(make_gh_log(
        *_DUBIOUS, "Resolving dependencies...", "Configuration file: /github/workspace/./_config.yml",
        "/usr/local/lib/ruby/2.7.0/forwardable.rb:233:in `yaml_file?': undefined method `yaml_file?' for "
        "#<Jekyll::Page @name=\"index.md\"> (NoMethodError)",
        "\tfrom /usr/local/bundle/gems/jekyll-3.9.5/lib/jekyll/excerpt.rb:91:in `render_with_liquid?'",
        step="Run actions/jekyll-build-pages@v1"))
    assert a.category != "permission_denied"
    assert a.category == "crash"
    assert "(NoMethodError)" in a.key_lines[0].text


def test_git_error_that_ends_the_step_still_decides():
    a = analyze(make_gh_log(*_DUBIOUS, step="Run git describe --tags", exit_code=128))
    assert a.category == "permission_denied"
