"""The package a failed resolution or install names (``specifics.modules``), for the fix that pins, adds or fixes it:
cargo's requirement no version satisfies, Composer's root requirement, the package whose `engines` npm refuses,
pkg-config's missing library, SwiftPM's missing product, PubGrub's package without a fitting version (dart pub).

Formats: real output of cargo 1.95 (`cargo generate-lockfile` with a path dependency's version unmet), Composer 2
(`composer install`, a path repository's version unmet), npm 11 (`npm install --engine-strict` of a package whose
engines exclude this node), pkg-config / pkgconf (`pkg-config --cflags nosuchlib`), run on this machine; SwiftPM's
and pub's messages as their sources print them.
"""

from __future__ import annotations

from autoheal.analysis import analyze

TS = "2026-03-25T03:38:37.0000000Z "


def _step(command: str, output: list[str], code: int = 1) -> bytes:
    lines = [TS + "##[group]Run " + command, TS + "\x1b[36;1m" + command + "\x1b[0m",
             TS + "shell: /usr/bin/bash -e {0}", TS + "##[endgroup]",
             *(TS + o for o in output), TS + f"##[error]Process completed with exit code {code}."]
    return ("\n".join(lines) + "\n").encode()


def _modules(command: str, output: list[str]) -> list[str]:
    return list(analyze(_step(command, output)).specifics.get("modules") or [])


def test_cargo_names_the_requirement_no_version_satisfies():
    out = ['error: failed to select a version for the requirement `dep = "^99"`',
           "candidate versions found which didn't match: 0.1.0",
           "location searched: /home/runner/work/r/r/dep",
           "required by package `app v0.1.0 (/home/runner/work/r/r)`"]
    assert "dep" in _modules("cargo build --locked", out)


def test_composer_names_the_root_requirement_it_could_not_meet():
    out = ["Loading composer repositories with package information", "Updating dependencies",
           "Your requirements could not be resolved to an installable set of packages.", "", "  Problem 1",
           "    - Root composer.json requires acme/lib ^2.0, found acme/lib[1.0.0] but it does not match the constraint."]
    assert "acme/lib" in _modules("composer install --no-interaction", out)


def test_npm_names_the_package_whose_engines_it_refuses():
    out = ["npm error code EBADENGINE", "npm error engine Unsupported engine",
           "npm error engine Not compatible with your version of node/npm: @acme/dep@1.2.3",
           "npm error notsup Not compatible with your version of node/npm: @acme/dep@1.2.3",
           'npm error notsup Required: {"node":">=99"}', 'npm error notsup Actual:   {"node":"v20.20.2","npm":"11.19.1"}']
    assert _modules("npm ci", out)[:1] == ["@acme/dep"]


def test_pkg_config_names_the_library_it_has_no_pc_file_of():
    out = ["  --- stderr", "  Package nosuchlib was not found in the pkg-config search path.",
           "  Perhaps you should add the directory containing `nosuchlib.pc'",
           "  to the PKG_CONFIG_PATH environment variable", "  Package 'nosuchlib', required by 'virtual:world', not found"]
    assert "nosuchlib" in _modules("cargo build", out)
    assert "libfoo" in _modules("./configure", ["checking for libfoo... no", "No package 'libfoo' found"])


def test_swiftpm_names_the_product_it_could_not_find():
    out = ["error: product 'Nope' required by package 'app' target 'App' not found."]
    assert "Nope" in _modules("swift build", out)


def test_pubgrub_names_the_package_without_a_fitting_version():
    exists = ["Resolving dependencies...", "Because app depends on nosuch any which doesn't exist (could not find "
              "package nosuch at https://pub.dev), version solving failed."]
    assert "nosuch" in _modules("dart pub get", exists)
    versions = ["Resolving dependencies...",
                "Because app depends on http ^9.0.0 which doesn't match any versions, version solving failed."]
    assert "http" in _modules("flutter pub get", versions)


# ---- what a failed fetch was fetching (network, rate limit, permission) ------------------------------------------------

def test_a_failed_fetch_names_the_package_by_its_registry_url():
    npm = ["npm error code ECONNRESET",
           "npm error network request to https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz failed, reason: read ECONNRESET",
           "npm error network This is a problem related to network connectivity."]
    assert _modules("npm ci", npm) == ["lodash"]
    scoped = ["npm error code E429", "npm error 429 Too Many Requests - GET https://registry.npmjs.org/@babel%2fcore"]
    assert _modules("npm ci", scoped) == ["@babel/core"]
    pnpm = [" ERR_PNPM_META_FETCH_FAIL  GET https://registry.npmjs.org/vite: request to https://registry.npmjs.org/vite "
            "failed, reason: read ECONNRESET"]
    assert _modules("pnpm install", pnpm) == ["vite"]


def test_a_failed_clone_names_the_repository():
    # git 2.43 (real output, host renamed): "fatal: unable to access '<url>': ..."
    out = ["Cloning into 'tools'...",
           "fatal: unable to access 'https://github.com/acme/tools.git/': Could not resolve host: github.com"]
    assert _modules("git clone https://github.com/acme/tools.git", out) == ["acme/tools"]
    ssh = ["Cloning into 'htsjdk'...", "git@github.com: Permission denied (publickey).",
           "fatal: Could not read from remote repository."]
    # the host alone ("git@github.com:") names no repository
    assert _modules("git clone git@github.com:samtools/htsjdk.git", ssh) == []


def test_a_failed_download_names_the_artifact_file_its_url_ends_with():
    # Gradle evaluating a build script that downloads a jar (Gradle 2's report of the failed GET)
    out = ["FAILURE: Build failed with an exception.", "", "* What went wrong:",
           "A problem occurred evaluating script.",
           "> Could not GET 'https://ci.example.org/job/tool/lastSuccessfulBuild/artifact/dist/tool-latest.jar'. "
           "Received status code 502 from server: Bad Gateway"]
    assert "tool-latest.jar" in _modules("./gradlew --continue", out)
