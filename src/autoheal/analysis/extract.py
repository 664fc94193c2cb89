"""Specifics: the names and places a fix (or a human) needs, pulled from key lines.

Pattern-level extraction comes from the named groups in kb.yml (module, test,
minutes, stage, ...); this module adds what is generic across tools: file:line:col
locations (made relative to the checkout), exit codes and failing commands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..lazyre import lazy_re

MAX_ITEMS = 20
MAX_TEXT = 300

# A file path with an extension, as the place forms below write it. In every form a drive letter is one only before a
# separator: "name:file.py:12" (pytest's log format "%(name)s:%(filename)s:%(lineno)d") names file.py, not a drive
# "e:"; "root:Program.cs(12,5)" names Program.cs. A drive letter is a word of its own: in a file URL (a V8 stack
# frame of an ES module, "at file:///home/runner/work/r/r/x.js:1:2", https://nodejs.org/api/esm.html#urls) the "e:"
# ending "file:" is no drive, and the scheme itself is not part of the path ("file:///D:/a/..." keeps its drive).
_DRIVE = r"(?:(?<![\w])[A-Za-z]:(?=[\\/]))?"
_FILE = r"(?:\bfile://(?=/))?(?P<file>" + _DRIVE + r"[\w./\\@+$-]{0,400}\.[A-Za-z][A-Za-z0-9]{0,9})"
_LOCATIONS = [
    re.compile(r'File "(?P<file>[^"]{1,400})", line (?P<line>\d+)'),
    # a .NET stack frame: "   at Ns.Class.Method() in /path/File.cs:line 12" (System.Diagnostics.StackTrace's text)
    re.compile(r" in (?P<file>" + _DRIVE + r"[\w./\\@+$-]{0,400}\.(?:cs|fs|vb|cshtml|razor)):line (?P<line>\d+)"),
    re.compile(_FILE + r":\[(?P<line>\d+)(?:,(?P<col>\d+))?\]"),
    # MSVC and MSBuild: "path(line,col): error C1234: ..." or "path(line): error ..." (GitHub's msvc problem matcher)
    re.compile(_FILE + r"\((?P<line>\d+)(?:,(?P<col>\d+))?\)(?=: )"),
    re.compile(_FILE + r"\((?P<line>\d+),(?P<col>\d+)\)"),
    # (not a number run on into a path or a unit: `registry.example.com:5005/group/image` is a host, its port and
    # a path - a registry's image reference, a URL without its scheme -, and GitLab runner's `(manager.go:237:0s)`
    # is the runner's own Go source and an elapsed time; a Ruby frame's `app.rb:12:in` stays a place)
    re.compile(_FILE + r":(?P<line>\d+)(?::(?P<col>\d+))?(?![\w/]|:\d+[A-Za-z])"),
]
_WORKSPACE = lazy_re(
    r"^(?:file://)?(?:"
    # (not the runner's own folders beside the checkouts: _tool (the tool cache setup-* actions install
    # into), _temp, _actions — https://docs.github.com/en/actions/reference/variables-reference RUNNER_TOOL_CACHE/RUNNER_TEMP)
    r"/home/runner/work/(?!_tool/|_temp/|_actions/)[^/]+/[^/]+/|/github/workspace/|/__w/(?!_tool/|_temp/|_actions/)[^/]+/[^/]+/|"
    r"[A-Za-z]:[\\/]a[\\/](?!_tool[\\/]|_temp[\\/]|_actions[\\/])[^\\/]+[\\/][^\\/]+[\\/]|"
    r"/(?:var/lib/jenkins|home/jenkins|builds|var/jenkins_home)(?:/[^/]+)*?/workspace/[^/]+/|"
    r"/builds/[^/]+/[^/]+/|/home/travis/build/[^/]+/[^/]+/|/home/circleci/project/|/workspace/|\./)"
)
# Where other runners check the repository out, beyond the Linux/Windows hosted runners' folders above: macOS hosted
# runners (/Users/runner/work/<repo>/<repo>/) and self-hosted runners (<runner dir>/_work/<repo>/<repo>/, the
# runner's default work folder; https://docs.github.com/actions/hosting-your-own-runners).
_OTHER_RUNNERS = lazy_re(
    r"^(?:/Users/runner/work/(?!_tool/|_temp/|_actions/)[^/]+/[^/]+/|"
    r"(?:/[\w.-]+)+/_work/(?!_tool/|_temp/|_actions/)[^/]+/[^/]+/)"
)
_OUTSIDE = lazy_re(
    r"(?:^/|^\.\./|^[A-Za-z]:[\\/]|site-packages|dist-packages|node_modules|/go/pkg/mod/|"
    r"\.m2/repository|\.cargo/registry|/usr/|/opt/hostedtoolcache|<[^>]*>)"
)
# JVM stack frames (`at pkg.Class.method(File.java:N)`) name only the file: tell the runtime's and the
# test/build frameworks' frames (never the project's code) by their package.
_LIBRARY_FRAME = lazy_re(
    r"^\s*(?:\[\w+\]\s*)?at (?:java|javax|jdk|sun|com\.sun|kotlin|kotlinx|scala|groovy|org\.junit|junit|"
    r"org\.testng|org\.hamcrest|org\.assertj|org\.mockito|org\.apache\.maven|org\.gradle|worker\.org\.gradle|"
    r"org\.codehaus\.groovy|org\.spockframework|org\.opentest4j)\.[\w$.<>]+\("
)
# A host name (no path, a top-level domain for an extension) before ":port" in a connection error.
_HOST = lazy_re(r"^(?:[A-Za-z0-9-]+\.)+(?:com|org|net|io|dev|edu|gov|info|biz|co|uk|de|fr|cn|jp|ru|us|eu|cloud|app|ai|me|xyz)$", re.I)
_EXIT = lazy_re(
    # (`exited with code '1'`: Azure Pipelines' task verdict; `exited with status 4`: Buildkite's agent)
    r"(?:did not complete successfully: exit code:|exit code|exit status|exited with (?:code|status)|"
    r"returned non-zero exit status|"
    r"returned a non-zero code:?|status code)\s*'?(-?\d+)",
    re.I,
)
_COMMAND = [
    re.compile(r"Command '(?P<command>[^']{1,300})' returned non-zero exit status"),
    re.compile(r'Command "(?P<command>[^"]{1,300})" returned status code'),
    re.compile(r"The process '(?P<command>[^']{1,300})' failed with exit code"),
    re.compile(r"make(?:\[\d+\])?: \*\*\* \[(?:[^\]:]+:\d+: )?(?P<command>[^\]]{1,200})\] Error \d+"),
    re.compile(r"npm ERR! command (?P<command>.{1,300})"),
    # BuildKit's failed RUN step (moby/buildkit executor): `process "/bin/sh -c <shell form>" did not complete
    # successfully: exit code: 1`; an exec-form RUN is quoted without the shell
    re.compile(r'\bprocess "(?:/bin/(?:ba)?sh -c )?(?P<command>(?:[^"\\]|\\.){1,300})" did not complete successfully'),
    re.compile(r"lerna ERR! (?P<command>.{1,300}?) exited -?\d+ in '"),  # lerna run: the package script that failed
]
_DURATION = lazy_re(r"(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>[\d.]+)s)?")


@dataclass
class Specifics:
    """The extracted details; see the schema in analysis.schema.json."""

    modules: list[str] = field(default_factory=list)
    locations: list[dict] = field(default_factory=list)
    tests: list[str] = field(default_factory=list)
    exit_code: int | None = None
    timeout_minutes: float | None = None
    docker_stage: str | None = None
    command: str | None = None
    versions: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    project: str | None = None

    def to_dict(self) -> dict:
        return {
            "modules": self.modules,
            "locations": self.locations,
            "tests": self.tests,
            "exit_code": self.exit_code,
            "timeout_minutes": self.timeout_minutes,
            "docker_stage": self.docker_stage,
            "command": self.command,
            "versions": self.versions,
            "inputs": self.inputs,
            "project": self.project,
        }


def _add(items: list, value: str) -> None:
    value = value.strip().strip("'\"`,;")[:MAX_TEXT]
    if value and value not in items and len(items) < MAX_ITEMS * 2:
        items.append(value)


def repo_relative(path: str) -> tuple[str, bool]:
    """Strip the runner's checkout prefix; say whether the path is inside the repo."""
    path = path.strip().replace("\\", "/") if re.match(r"^[A-Za-z]:\\", path) else path.strip()
    rel = _WORKSPACE.sub("", path, count=1)
    inside = not _OUTSIDE.search(rel) and "://" not in rel and bool(rel)
    return rel, inside


# A container run with the checkout bind-mounted (`docker run -v "${GITHUB_WORKSPACE}:/var/lib/jenkins/workspace"`,
# `--volume=$(pwd):/src`, `-v ${{ github.workspace }}:/work:ro`; https://docs.docker.com/engine/storage/bind-mounts/):
# inside it, the mount point is the checkout, whatever convention the image follows.
_CHECKOUT_MOUNT = lazy_re(
    r"(?:^|\s)(?:-v|--volume)(?:\s+|=)[\"']?(?:\$\{?GITHUB_WORKSPACE\}?|\$\{\{\s*github\.workspace\s*\}\}|"
    r"\$\(pwd\)|`pwd`|\$\{?PWD\}?|\.|/home/runner/work/[^/:\s]+/[^/:\s]+)/?:(?P<mount>/[\w./-]*[\w-])[\"']?(?::[\w,]+)?[\"']?(?:\s|$)"
)


def checkout_mounts(script: Iterable[str]) -> tuple[str, ...]:
    """The container paths the checkout is bind-mounted at by the failing step's script."""
    found: list[str] = []
    for line in script:
        for m in _CHECKOUT_MOUNT.finditer(line):
            if m.group("mount") not in found:
                found.append(m.group("mount"))
    return tuple(found)


def checkout_relative(path: str, mounts: tuple[str, ...] = ()) -> tuple[str, bool]:
    """``repo_relative`` that also knows macOS and self-hosted runners' checkouts, and the container paths the
    step mounted the checkout at: what the specifics report (``repo_relative`` itself, as the scorer's own-module
    test reads it, is left as it was)."""
    bare = path.strip()
    for mount in mounts:
        if bare.startswith(mount + "/"):
            rel = bare[len(mount) + 1:]
            return rel, not _OUTSIDE.search(rel) and bool(rel)
    rel, inside = repo_relative(path)
    if rel == path.strip() or rel == path.strip().replace("\\", "/"):
        m = _OTHER_RUNNERS.match(rel)
        if m:
            rel = rel[m.end():]
            inside = not _OUTSIDE.search(rel) and bool(rel)
    return rel, inside


def locations_in(texts: Iterable[str], mounts: tuple[str, ...] = ()) -> list[dict]:
    """file/line/col places mentioned in ``texts``, deduplicated, in order (``mounts``: see checkout_mounts)."""
    found: list[dict] = []
    seen: set[tuple] = set()
    for text in texts:
        if "://" in text and not re.search(r"file://", text):
            text = re.sub(r"\bhttps?://\S+", " ", text)
        for rx in _LOCATIONS:
            for m in rx.finditer(text):
                raw = m.group("file")
                if _HOST.match(raw):
                    continue  # "repo.example.org:443": a host and its port, not a file and its line
                if not re.search(r"[A-Za-z]", raw) or raw.startswith("."):
                    if not raw.startswith(("./", "../")):
                        continue
                rel, inside = checkout_relative(raw, mounts)
                if inside and _LIBRARY_FRAME.match(text):
                    inside = False  # a JVM stack frame of the runtime or a test/build framework
                line = int(m.group("line"))
                col = m.groupdict().get("col")
                key = (rel, line)
                if key in seen or line == 0 or line > 10_000_000:
                    continue
                seen.add(key)
                loc = {"file": rel[:MAX_TEXT], "line": line, "in_repo": inside}
                if col:
                    loc["col"] = int(col)
                found.append(loc)
            if len(found) >= MAX_ITEMS:
                return found
    return found


def exit_code_in(texts: Iterable[str]) -> int | None:
    """The last exit status mentioned in ``texts``."""
    code = None
    for text in texts:
        for m in _EXIT.finditer(text):
            code = int(m.group(1))
    return code


def command_in(texts: Iterable[str]) -> str | None:
    """The failing command named by a tool's own error message, if any."""
    for text in texts:
        for rx in _COMMAND:
            m = rx.search(text)
            if m:
                return m.group("command").strip()[:MAX_TEXT]
    return None


def minutes_from(groups: dict[str, str]) -> float | None:
    """Timeout in minutes from a pattern's ``minutes`` or Go-style ``duration`` group."""
    if groups.get("minutes"):
        return float(groups["minutes"])
    duration = groups.get("duration")
    if duration:
        m = _DURATION.fullmatch(duration.strip().rstrip("."))
        if m and any(m.groupdict().values()):
            h, mi, s = (float(m.group(k) or 0) for k in ("h", "m", "s"))
            return round(h * 60 + mi + s / 60, 2)
    return None


def collect(specifics: Specifics, groups: dict[str, str]) -> None:
    """Fold one pattern match's named groups into ``specifics``."""
    if groups.get("module"):
        _add(specifics.modules, groups["module"])
    if groups.get("test"):
        _add(specifics.tests, groups["test"])
    if groups.get("version"):
        _add(specifics.versions, groups["version"])
    if groups.get("input"):
        _add(specifics.inputs, groups["input"])
    if groups.get("stage") and not specifics.docker_stage:
        specifics.docker_stage = groups["stage"].strip()[:MAX_TEXT]
    if groups.get("command") and not specifics.command:
        specifics.command = groups["command"].strip()[:MAX_TEXT]
    minutes = minutes_from(groups)
    if minutes is not None and specifics.timeout_minutes is None:
        specifics.timeout_minutes = minutes


def finish(specifics: Specifics) -> Specifics:
    """Cap the lists so the document stays small."""
    specifics.modules = specifics.modules[:MAX_ITEMS]
    specifics.tests = specifics.tests[:MAX_ITEMS * 2]
    specifics.locations = specifics.locations[:MAX_ITEMS]
    specifics.versions = specifics.versions[:MAX_ITEMS]
    specifics.inputs = specifics.inputs[:MAX_ITEMS]
    return specifics
