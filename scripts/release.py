#!/usr/bin/env python3
"""Cut a release: pin the actions to the pushed image's digest in a release commit, tag it vX.Y.Z and vX.

Why a release commit: the action files on main name the image by tag (`docker://…:vX.Y.Z`), and a tag
can be pushed again. Consumers who pin `uses: OWNER/autoheal/actions/<stage>@<sha>` must get exactly the
image that was tested, so the commit the release tags point at names the image by DIGEST. The commit sits
on top of the released main commit and is reachable only through the tags (main keeps the tag form).

Usage (release.yml runs it after pushing the image; you can run it on a clone to rehearse):
  python scripts/release.py --image ghcr.io/OWNER/autoheal --digest sha256:<64 hex> [--remote origin] [--push]

Steps, each refused with a one-line reason when it cannot be done safely:
  1. the version is src/autoheal/_version.py's (the one place it lives) -> tags vX.Y.Z and vX;
  2. vX.Y.Z must not exist yet, locally or on the remote (a release is never re-cut; bump the version);
  3. `python -m autoheal.actiongen --image docker://IMAGE@DIGEST` rewrites every action.yml;
  4. one commit of those files, annotated tag vX.Y.Z on it, vX moved to it;
  5. with --push: push vX.Y.Z, then force-push vX (the moving major tag).
A token for the push comes from the environment (GH_TOKEN) as an HTTP header, never on the command line.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import subprocess
import sys
from pathlib import Path

DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
IMAGE = re.compile(r"[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)+")
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


class ReleaseError(Exception):
    """A reason not to release, printed as one line."""


VERSION_FILE = "src/autoheal/_version.py"


def version_of(root: Path) -> str:
    """`__version__` of src/autoheal/_version.py, read without importing anything."""
    text = (root / VERSION_FILE).read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    version = found[1] if found else ""
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise ReleaseError(f"{VERSION_FILE}: version {version!r} is not X.Y.Z; a release needs a plain semver version")
    return version


def tags_for(version: str) -> tuple[str, str]:
    """('vX.Y.Z', 'vX')."""
    return f"v{version}", f"v{version.split('.')[0]}"


def git(root: Path, *args: str, env: dict | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise ReleaseError(f"git {args[0]} failed: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc.stdout.strip()


def push_env() -> dict:
    """git's environment with GH_TOKEN (if set) as a basic-auth header for github.com pushes."""
    env = dict(os.environ)
    token = env.get("GH_TOKEN", "")
    if token:
        basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
        count = int(env.get("GIT_CONFIG_COUNT", "0"))
        env.update({"GIT_CONFIG_COUNT": str(count + 1), f"GIT_CONFIG_KEY_{count}": "http.extraheader",
                    f"GIT_CONFIG_VALUE_{count}": f"AUTHORIZATION: basic {basic}"})
    return env


def tag_exists(root: Path, tag: str, remote: str | None) -> bool:
    if git(root, "tag", "--list", tag):
        return True
    if remote:
        return bool(git(root, "ls-remote", "--tags", remote, f"refs/tags/{tag}", env=push_env()))
    return False


def release(root: Path, image: str, digest: str, remote: str | None, push: bool) -> list[str]:
    """Do the release; returns what it did, one line each."""
    image = image.removeprefix("docker://")
    if not IMAGE.fullmatch(image):
        raise ReleaseError(f"--image {image!r} is not a registry path like ghcr.io/OWNER/autoheal (no tag, no digest)")
    if not DIGEST.fullmatch(digest):
        raise ReleaseError(f"--digest {digest!r} is not sha256:<64 lowercase hex digits> (docker/build-push-action's digest output)")
    version = version_of(root)
    full, major = tags_for(version)
    if tag_exists(root, full, remote if push else None):
        raise ReleaseError(f"tag {full} already exists: a release is never re-cut; raise the version in src/autoheal/_version.py")
    if git(root, "status", "--porcelain", "--untracked-files=no"):
        raise ReleaseError("the working tree has uncommitted changes; release from a clean checkout")
    pinned = f"docker://{image}@{digest}"
    gen = subprocess.run([sys.executable, "-m", "autoheal.actiongen", "--root", str(root), "--image", pinned],
                         cwd=root, capture_output=True, text=True)
    if gen.returncode != 0:
        raise ReleaseError(f"python -m autoheal.actiongen failed: {gen.stderr.strip()}")
    changed = git(root, "status", "--porcelain", "--untracked-files=no")
    if not changed:
        raise ReleaseError("pinning the digest changed no action.yml (are they generated with the default image?)")
    base = git(root, "rev-parse", "HEAD")
    name, email = BOT
    ident = ["-c", f"user.name={name}", "-c", f"user.email={email}"]
    git(root, "add", "--update", "--", "action.yml", "actions")
    git(root, *ident, "commit", "--quiet", "-m", f"Release {full}\n\nThe actions run {pinned}.\nReleased from {base}.")
    commit = git(root, "rev-parse", "HEAD")
    git(root, *ident, "tag", "--annotate", full, "-m", f"autoheal {version}\n\nImage: {pinned}")
    git(root, *ident, "tag", "--force", "--annotate", major, "-m", f"autoheal {version} (moving major tag)")
    done = [f"release commit {commit} on {base}: actions run {pinned}", f"tagged {full} and {major}"]
    if push:
        env = push_env()
        git(root, "push", "--quiet", remote or "origin", f"refs/tags/{full}", env=env)
        git(root, "push", "--quiet", "--force", remote or "origin", f"refs/tags/{major}", env=env)
        done.append(f"pushed {full} and moved {major} on {remote or 'origin'}")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/release.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--image", help="image name without tag, e.g. ghcr.io/OWNER/autoheal (required to release)")
    parser.add_argument("--digest", help="the pushed image's digest, sha256:… (required to release)")
    parser.add_argument("--print-version", action="store_true", help="print the version to release and exit")
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1]), help="repository root")
    parser.add_argument("--remote", default="origin", help="remote to push the tags to (default: origin)")
    parser.add_argument("--push", action=argparse.BooleanOptionalAction, default=False,
                        help="push the tags (default: only create them locally)")
    args = parser.parse_args(argv)
    if not args.print_version and not (args.image and args.digest):
        parser.error("--image and --digest are required to release")
    try:
        if args.print_version:
            print(version_of(Path(args.root)))
            return 0
        for line in release(Path(args.root), args.image, args.digest, args.remote, args.push):
            print(line)
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
