"""Fingerprints: one id per distinct failure, stable across re-runs and commits.

Built from workflow + job + category + normalized key evidence. Normalization
drops what changes between runs (numbers, hashes, paths under temp dirs) in the
evidence only: workflow and job names keep their digits (`shard-1` and `shard-2`,
`Python 3.11` and `Python 3.12` are different jobs). The job's matrix suffix
(`test (3.12)`) is dropped so a failure shared by a matrix files one issue.
Everything is redacted first (autoheal.redact), so a credential that changes
between runs changes neither the fingerprint nor what is published.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..digest import sha256
from ..redact import redact
from .normalize import normalize

VERSION = "v1"
_MATRIX = re.compile(r"\s*\([^()]*\)\s*$")


def job_key(job: str) -> str:
    """The job name without its matrix suffix, e.g. ``test (ubuntu, 3.12)`` -> ``test``."""
    return _MATRIX.sub("", job or "").strip()


def fingerprint(workflow: str, job: str, category: str, evidence: Iterable[str]) -> str:
    """A 16-hex-digit id; order of ``evidence`` does not matter."""
    items = sorted({normalize(redact(e))[:300] for e in evidence if e and e.strip()})
    material = "\n".join([VERSION, _name(workflow), _name(job_key(job)), category, *items[:10]])
    return sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _name(name: str | None) -> str:
    """A workflow or job name as it identifies the failure: redacted, whitespace collapsed, digits kept."""
    return " ".join(redact(name or "").split())
