"""kb.yml, read fast: its parsed data and each pattern's prefilter literals, kept as JSON beside it.

kb.yml is the one file people edit. Parsing it needs PyYAML (~10 ms to import, ~6 ms to parse with
libyaml) and deriving the prefilter's literals from ~350 patterns takes ~9 ms: together most of a
small analysis's start-up (#21). ``kb.generated.json`` holds both, stamped with kb.yml's SHA-256.
It is used only while that stamp matches the kb.yml next to it; otherwise kb.yml is parsed as
before, so a stale file costs time, never a different result. Regenerate it after editing kb.yml:

    python -m autoheal.analysis.kbcache

(tests/analysis/test_kb_cache.py fails, naming this command, while it is out of date.)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..digest import sha256

KB_FILE = "kb.yml"
CACHE_FILE = "kb.generated.json"
_HERE = Path(__file__).resolve().parent
NOTE = f"Generated from {KB_FILE} by `python -m autoheal.analysis.kbcache`. Do not edit: edit {KB_FILE} and rerun it."


def source() -> bytes:
    return (_HERE / KB_FILE).read_bytes()


def parse_yaml(text: bytes) -> dict[str, Any]:
    import yaml

    # libyaml's loader when PyYAML has it: the pure-Python one takes ~0.4 s on kb.yml.
    return yaml.load(text.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def builtin_regexes(data: dict[str, Any]) -> list[str]:
    """The knowledge base's own patterns, in the order load_kb adds them (noise is not prefiltered)."""
    regexes = [g["regex"] for g in data.get("generic", [])]
    for spec in data["categories"].values():
        regexes.extend(p["regex"] for p in spec.get("patterns", []))
    return regexes


def render(text: bytes) -> str:
    """The cache file's content for this kb.yml text."""
    from .rules import STRUCTURE_PATTERNS, prefilter_parts

    data = parse_yaml(text)
    if json.loads(json.dumps(data)) != data:  # e.g. a YAML date or a non-string key
        raise ValueError(f"{KB_FILE} holds a value JSON cannot carry unchanged")
    regexes = [rx for rx in builtin_regexes(data) + list(STRUCTURE_PATTERNS) if isinstance(rx, str) and rx]
    doc = {
        "note": NOTE,
        "kb_sha256": sha256(text).hexdigest(),
        "prefilter_parts": {rx: prefilter_parts(rx) for rx in dict.fromkeys(regexes)},
        "data": data,
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def load() -> tuple[dict[str, Any], dict[str, list[str]]]:
    """kb.yml's data, and the prefilter literals of its patterns (empty when the cache is stale)."""
    text = source()
    try:
        doc = json.loads((_HERE / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        doc = None
    if isinstance(doc, dict) and doc.get("kb_sha256") == sha256(text).hexdigest():
        return doc["data"], doc["prefilter_parts"]
    return parse_yaml(text), {}


def main(argv: list[str] | None = None) -> int:
    """Write kb.generated.json (``--check``: only say whether it is up to date)."""
    argv = sys.argv[1:] if argv is None else argv
    want = render(source())
    path = _HERE / CACHE_FILE
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if "--check" in argv:
        print(f"{path}: {'up to date' if current == want else 'OUT OF DATE: run python -m autoheal.analysis.kbcache'}")
        return 0 if current == want else 1
    if current != want:
        path.write_text(want, encoding="utf-8")
        print(f"wrote {path}")
    else:
        print(f"{path}: up to date")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
