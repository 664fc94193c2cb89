"""autoheal.digest: hashlib's SHA-256 without loading OpenSSL, so a small analysis does not pay for it."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from autoheal.analysis.fingerprint import fingerprint
from autoheal.digest import sha256


def test_same_digest_as_hashlib():
    for data in (b"", b"abc", "gr\u00fc\u00dfe \U0001f600".encode(), bytes(range(256)) * 400):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_fingerprint_is_the_sha256_of_its_material():
    material = "\n".join(["v1", "CI", "test", "lint", "e: boom"])
    assert fingerprint("CI", "test (3.12)", "lint", ["e: boom"]) == hashlib.sha256(material.encode()).hexdigest()[:16]


def test_a_small_offline_analysis_does_not_load_openssl(tmp_path):
    log = tmp_path / "job.log"
    log.write_text("Run make test\nerror: cannot find module 'left-pad'\nProcess completed with exit code 1.\n")
    code = ("import sys\nfrom autoheal.cli import main\n"
            f"main(['analyze-failure', '--log', {str(log)!r}, '--analysis-file', {str(tmp_path / 'a.json')!r}])\n"
            "print('@@', '_hashlib' in sys.modules, 'hashlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert out.rsplit("@@", 1)[-1].split() == ["False", "False"]
    assert (tmp_path / "a.json").exists()
