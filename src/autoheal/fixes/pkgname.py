"""Package names as pip and npm compare them, read out of requirement strings.

"Is PyYAML already required?" must say yes for `pyyaml>=6`, `PyYAML[libyaml]==6.0.1; python_version<"3.13"`,
`py_yaml`, `-e git+https://…#egg=PyYAML` and a wheel URL alike, so every comparison goes through PEP 503
normalization of the name pip would see.
"""

from __future__ import annotations

import re

_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_SEPARATORS = re.compile(r"[-_.]+")
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_ARCHIVE = re.compile(r"([^/\\]+?)(?:\.tar\.gz|\.tar\.bz2|\.tar\.xz|\.zip|\.whl|\.tgz)(?:[#?].*)?$")
_VERSION = r"(?:===?|~=|!=|<=?|>=?)[ \t]*[A-Za-z0-9.*+!_-]+"
_PLAIN_REQUIREMENT = re.compile(
    r"(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)"
    r"(?:[ \t]*\[[ \t]*[A-Za-z0-9._-]+(?:[ \t]*,[ \t]*[A-Za-z0-9._-]+)*[ \t]*\])?"
    rf"(?:[ \t]*\(?[ \t]*{_VERSION}(?:[ \t]*,[ \t]*{_VERSION})*[ \t]*\)?)?"
    r"(?:[ \t]*;[ \t]*[A-Za-z0-9_.<>=!~'\" ()-]+)?"
)
_NPM_NAME = re.compile(r"(?:@[a-z0-9~-][a-z0-9._~-]*/)?[a-z0-9~-][a-z0-9._~-]*")


def normalize(name: str) -> str:
    """PEP 503: lower case, runs of `-_.` become one `-` (so `Py_YAML` == `py.yaml` == `py-yaml`)."""
    return _SEPARATORS.sub("-", name).lower()


def requirement_name(requirement: str) -> str | None:
    """The distribution a pip requirement line or PEP 508 string names, or None (options, paths, junk).

    Understands `name[extras] spec; markers`, `name @ url`, `#egg=name` fragments (with or without
    `-e`), and archive URLs or paths whose file name carries the distribution (`pkg-1.0-py3-none-any.whl`).
    """
    text = requirement.strip().lstrip("\ufeff")
    for flag in ("-e ", "--editable ", "--editable="):
        if text.startswith(flag):
            text = text[len(flag) :].strip()
            egg = _EGG.search(text)
            return egg.group(1) if egg else None
    if not text or text.startswith(("-", "#")):
        return None
    egg = _EGG.search(text)
    if egg:
        return egg.group(1)
    if _URL.match(text) or text.startswith((".", "/", "~")) or "\\" in text:
        return _archive_name(text)
    match = _NAME.match(text)
    return match.group(0) if match else None


def _archive_name(location: str) -> str | None:
    """`.../PyYAML-6.0.1-cp312-….whl` -> `PyYAML`; `.../foo-1.2.tar.gz` -> `foo`; else None."""
    match = _ARCHIVE.search(location)
    if not match:
        return None
    stem = match.group(1)
    if location.split("#")[0].split("?")[0].endswith(".whl"):
        return stem.split("-")[0]
    name = stem.rsplit("-", 1)[0] if "-" in stem else stem
    return name if _NAME.fullmatch(name) else None


def check_requirement(requirement: str) -> str:
    """The name of a requirement we are about to WRITE; ValueError unless it is a plain, one-line spec.

    A distribution comes from a data table, but a bug or a hostile log must never smuggle a second line,
    a comment, an option (`--index-url evil`) or a URL into somebody's manifest. Accepted: a name, extras,
    version clauses and an environment marker: `foo[bar]>=1,<2; python_version<"3.12"`.
    """
    match = _PLAIN_REQUIREMENT.fullmatch(requirement)
    if match is None:
        raise ValueError(f"refusing to write requirement {requirement!r}: not a plain one-line PEP 508 spec")
    return match.group("name")


def split_npm_spec(spec: str) -> tuple[str, str]:
    """`lodash` -> (`lodash`, `*`); `@babel/core@^7.24` -> (`@babel/core`, `^7.24`); ValueError if invalid."""
    at = spec.find("@", 1)
    name, version = (spec[:at], spec[at + 1 :]) if at > 0 else (spec, "*")
    if not _NPM_NAME.fullmatch(name) or not version or any(ch in version for ch in "\"\\\r\n"):
        raise ValueError(f"refusing to write npm dependency {spec!r}: not a valid package name and range")
    return name, version


def npm_package_of(specifier: str) -> str | None:
    """The npm package a `require()`/`import` specifier loads: `lodash/fp` -> `lodash`,
    `@scope/pkg/sub` -> `@scope/pkg`; None for relative or absolute paths and invalid names."""
    text = specifier.strip()
    if not text or text.startswith((".", "/", "~", "#")) or ":" in text or "\\" in text:
        return None
    parts = text.split("/")
    name = "/".join(parts[:2]) if text.startswith("@") else parts[0]
    return name if _NPM_NAME.fullmatch(name) else None
