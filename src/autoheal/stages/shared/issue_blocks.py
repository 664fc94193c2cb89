"""The hidden JSON blocks an autoheal issue carries in its body (`<!-- autoheal:analysis` / `occurrences`).

open-issue writes them; draft-pr reads the analysis back. The JSON is safe inside an HTML comment: `<`,
`>` and `&` are escaped, so no value can close the comment or forge a marker. Pure: text in, data out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

_BLOCK = re.compile(r"<!-- autoheal:(analysis|occurrences)\n(.*?)\n-->", re.DOTALL)


def encode_block(name: str, data: Mapping[str, Any]) -> str:
    """`<!-- autoheal:<name>\\n{json}\\n-->` with every character that could end the comment escaped."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"), default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"<!-- autoheal:{name}\n{text}\n-->"


def decode_blocks(body: str | None) -> dict[str, dict[str, Any]]:
    """{name: data} for each readable block; a block a human broke is left out (never an exception)."""
    found: dict[str, dict[str, Any]] = {}
    for name, text in _BLOCK.findall(body or ""):
        if name in found:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        if isinstance(data, dict):
            found[name] = data
    return found


def analysis_from_issue_body(body: str | None) -> dict[str, Any] | None:
    """The analysis essentials open-issue stored in an issue body (same field names as the analysis
    JSON), or None for an issue autoheal did not file. This is draft-pr's way to read an issue."""
    return decode_blocks(body).get("analysis")
