"""The release: one version, tags vX.Y.Z and vX on a commit whose actions name the image by digest.

scripts/release.py (what release.yml runs after pushing the image) is tried on a scratch clone with a
real local "origin" (a bare repository), so tags, the moving major tag and the refusal to re-cut a
release are checked with git itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

import yaml

import autoheal
from autoheal import actiongen

ROOT = Path(__file__).resolve().parents[2]
VERSION = re.search(r'__version__ = "(.+)"', (ROOT / "src/autoheal/_version.py").read_text())[1]
MAJOR = f"v{VERSION.split('.')[0]}"
DIGEST = "sha256:" + "ab" * 32
IMAGE = "ghcr.io/acme/autoheal"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def run_release(clone: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "release.py"), "--root", str(clone), *args],
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "HOME": str(clone.parent)})


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of a repository holding pyproject.toml and the generated action files, with a bare origin."""
    origin = tmp_path / "origin.git"
    work = tmp_path / "work"
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(origin))
    git(tmp_path, "clone", "--quiet", str(origin), str(work))
    shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")
    (work / "src/autoheal").mkdir(parents=True)
    shutil.copy(ROOT / "src/autoheal/_version.py", work / "src/autoheal/_version.py")
    assert actiongen.main(["--root", str(work)]) == 0
    for args in (("add", "."), ("-c", "user.name=t", "-c", "user.email=t@x", "commit", "--quiet", "-m", "main"),
                 ("push", "--quiet", "origin", "HEAD:main")):
        git(work, *args)
    return work


def remote_tag_commit(clone: Path, tag: str) -> str:
    out = git(clone, "ls-remote", "origin", f"refs/tags/{tag}^{{}}")
    return out.split()[0] if out else ""


def action_images(tree_root: Path) -> set[str]:
    files = [tree_root / "action.yml", *tree_root.glob("actions/*/action.yml")]
    assert len(files) >= 9
    return {yaml.safe_load(p.read_text())["runs"]["image"] for p in files}


def test_release_tags_a_digest_pinned_commit_and_moves_the_major_tag(clone: Path, tmp_path: Path):
    base = git(clone, "rev-parse", "HEAD")
    # An older release already holds the major tag: it must move.
    git(clone, "tag", MAJOR, base)
    git(clone, "push", "--quiet", "origin", f"refs/tags/{MAJOR}")
    proc = run_release(clone, "--image", IMAGE, "--digest", DIGEST, "--remote", "origin", "--push")
    assert proc.returncode == 0, proc.stderr
    full = remote_tag_commit(clone, f"v{VERSION}")
    assert full and full != base
    assert remote_tag_commit(clone, MAJOR) == full, "the major tag was not moved to the release commit"
    assert git(clone, "rev-parse", f"{full}^") == base, "the release commit sits right on the released commit"
    check = tmp_path / "check"
    git(tmp_path, "clone", "--quiet", "--branch", f"v{VERSION}", str(tmp_path / "origin.git"), str(check))
    assert action_images(check) == {f"docker://{IMAGE}@{DIGEST}"}
    # main itself is untouched: it keeps the tag form.
    assert git(clone, "ls-remote", "origin", "refs/heads/main").split()[0] == base
    assert f"v{VERSION}" in proc.stdout and MAJOR in proc.stdout


def test_a_release_is_never_recut(clone: Path):
    assert run_release(clone, "--image", IMAGE, "--digest", DIGEST, "--push").returncode == 0
    git(clone, "reset", "--quiet", "--hard", "HEAD^")
    git(clone, "tag", "--delete", f"v{VERSION}")  # gone locally, still on origin
    again = run_release(clone, "--image", IMAGE, "--digest", "sha256:" + "cd" * 32, "--push")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert again.stderr.count("\n") == 1, "one line, no traceback"


@pytest.mark.parametrize("image, digest, says", [
    (IMAGE, "sha256:abc", "--digest"),
    (IMAGE, "latest", "--digest"),
    (f"{IMAGE}:v1", DIGEST, "--image"),
    ("Autoheal", DIGEST, "--image"),
])
def test_bad_image_or_digest_is_refused_before_anything_changes(clone: Path, image, digest, says):
    before = git(clone, "rev-parse", "HEAD")
    proc = run_release(clone, "--image", image, "--digest", digest)
    assert proc.returncode == 1 and says in proc.stderr
    assert git(clone, "rev-parse", "HEAD") == before and not git(clone, "tag", "--list")


def test_the_version_lives_in_one_place():
    from importlib.metadata import version

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "autoheal._version.__version__"}
    assert autoheal.__version__ == VERSION
    assert version("autoheal") == VERSION, "reinstall (pip install -e .): the installed metadata is stale"
    assert f"autoheal:v{VERSION}" in actiongen.IMAGE
    assert subprocess.run([sys.executable, str(ROOT / "scripts/release.py"), "--print-version"],
                          capture_output=True, text=True).stdout.strip() == VERSION


def test_every_uses_ref_is_the_major_tag_a_release_creates():
    """Templates, scaffold, docs and README say `@vN`; vN must be the tag release.py creates for this version."""
    pages = [*ROOT.glob("templates/**/*.yml"), *ROOT.glob("src/autoheal/scaffold/**/*.yml"),
             *ROOT.glob("docs/**/*.md"), ROOT / "README.md", *ROOT.glob(".github/workflows/autoheal*.yml")]
    refs = {}
    for page in pages:
        for ref in re.findall(r"autoheal-dev/autoheal/[\w./-]+@(v[\w.]+)", page.read_text(encoding="utf-8")):
            refs.setdefault(ref, page.relative_to(ROOT).as_posix())
    assert refs, "no `uses: autoheal-dev/autoheal/...@vN` found (is the scan broken?)"
    assert set(refs) == {MAJOR}, f"refs other than {MAJOR}: {refs}"


def test_release_workflow_runs_the_script_with_the_pushed_digest():
    doc = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text())
    jobs = doc["jobs"]
    assert jobs["image"]["outputs"]["digest"] == "${{ steps.push.outputs.digest }}"
    tag_job = next(j for j in jobs.values() if j.get("needs") == "image")
    assert tag_job["permissions"] == {"contents": "write"}
    script = "\n".join(s.get("run", "") for s in tag_job["steps"])
    env = {k: v for s in tag_job["steps"] for k, v in (s.get("env") or {}).items()}
    assert "scripts/release.py" in script and "--push" in script
    assert env["DIGEST"] == "${{ needs.image.outputs.digest }}"


def test_the_wheel_is_ready_for_pypi(tmp_path: Path):
    """The built wheel carries the version, licence, readme, classifiers and project URLs (PyPI's page)."""
    import zipfile

    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                           "--wheel-dir", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("autoheal-*.whl"))
    assert wheel.name.startswith(f"autoheal-{VERSION}-")
    with zipfile.ZipFile(wheel) as whl:
        names = whl.namelist()
        meta = whl.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert any(n.endswith("LICENSE") for n in names)
    assert f"Version: {VERSION}" in meta and "Classifier: License :: OSI Approved :: MIT License" in meta
    assert "Project-URL: Changelog," in meta and "Description-Content-Type: text/markdown" in meta
    assert "Requires-Python: >=3.11" in meta
    assert any(n.endswith("scaffold/workflows/autoheal.yml") for n in names), "init's templates ship in the wheel"
    assert any(n.endswith("scaffold/vscode/autoheal-simulator.yml") for n in names)
