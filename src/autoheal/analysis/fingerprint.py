"""Fingerprints: one id per distinct failure, stable across re-runs and commits.

Built from workflow + job + category + normalized key evidence. Normalization
drops what changes between runs (numbers, hashes, paths under temp dirs); the
job's matrix suffix (`test (3.12)`) is dropped so a failure shared by a matrix
files one issue.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from .normalize import normalize

VERSION = "v1"
_MATRIX = re.compile(r"\s*\([^()]*\)\s*$")


def job_key(job: str) -> str:
    """The job name without its matrix suffix, e.g. ``test (ubuntu, 3.12)`` -> ``test``."""
    return _MATRIX.sub("", job or "").strip()


def fingerprint(workflow: str, job: str, category: str, evidence: Iterable[str]) -> str:
    """A 16-hex-digit id; order of ``evidence`` does not matter."""
    items = sorted({normalize(e)[:300] for e in evidence if e and e.strip()})
    material = "\n".join([VERSION, normalize(workflow or ""), normalize(job_key(job)), category, *items[:10]])
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:16]
