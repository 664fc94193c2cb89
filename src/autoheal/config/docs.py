"""Generate the defaults reference in ``docs/configuration.md`` from the packaged schema.

``python -m autoheal.config.docs`` rewrites the part of the page between the GENERATED
markers and copies the schema to ``docs/autoheal.schema.json``; ``--check`` only reports
whether they are current (exit 1 if not). Generating the table means the docs cannot
promise a default the code does not use.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .schema import schema_text, shared_schema

BEGIN = "<!-- BEGIN GENERATED: defaults (python -m autoheal.config.docs) -->"
END = "<!-- END GENERATED: defaults -->"
DOC_PATH = Path("docs/configuration.md")
SCHEMA_COPY_PATH = Path("docs/autoheal.schema.json")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(value) -> str:
    return "`" + json.dumps(value, ensure_ascii=False) + "`"


def type_words(node: dict) -> str:
    """A short human description of what a schema node accepts."""
    if "x-accepts" in node:
        return node["x-accepts"]
    if "const" in node:
        return f"always {_code(node['const'])}"
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    if "anyOf" in node:
        return " or ".join(dict.fromkeys(type_words(branch) for branch in node["anyOf"]))
    if node.get("format") == "date":
        return "date `YYYY-MM-DD`"
    if node.get("format") == "date-time":
        return "date-time `YYYY-MM-DDTHH:MM:SSZ`"
    if node.get("type") == "null":
        return "`null`"
    types = node.get("type", "any")
    types = [types] if isinstance(types, str) else list(types)
    nullable = "null" in types
    types = [t for t in types if t != "null"]
    base = {"boolean": "boolean", "integer": "integer", "number": "number", "string": "text",
            "array": "list", "object": "mapping"}.get(types[0] if types else "any", types[0] if types else "any")
    if base == "list":
        item = node.get("items", {})
        base = "list of " + ("one of " + ", ".join(f"`{v}`" for v in item["enum"]) if "enum" in item else "text")
    if base == "mapping" and "enum" in node.get("propertyNames", {}):
        base = "mapping of " + ", ".join(f"`{v}`" for v in node["propertyNames"]["enum"]) + " to boolean"
    lo, hi = node.get("minimum"), node.get("maximum")
    if lo is not None and hi is not None:
        base += f" {lo}–{hi}"
    elif lo is not None:
        base += f" ≥ {lo}"
    return base + (" or `null`" if nullable else "")


def _rows(prefix: str, props: dict) -> list[str]:
    rows = []
    for key, node in props.items():
        default = _code(node["default"]) if "default" in node else "(required)"
        rows.append(f"| `{prefix}{key}` | {_cell(type_words(node))} | {default} | {_cell(node.get('description', ''))} |")
    return rows


def render_defaults() -> str:
    """The generated Markdown (without markers): one table per section."""
    schema = shared_schema()
    head = ["| key | accepts | default | what it does |", "|---|---|---|---|"]
    current = {k: v for k, v in schema["properties"].items() if not v.get("deprecated")}
    top = {k: v for k, v in current.items() if "properties" not in v}
    out = ["### Top level", "", *head, *_rows("", top), ""]
    for section, node in current.items():
        if "properties" in node:
            out += [f"### `{section}`", "", _cell(node.get("description", "")), "", *head,
                    *_rows(f"{section}.", node["properties"]), ""]
        elif section == "categories":
            fields = node["additionalProperties"]["properties"]
            out += ["### `categories`", "", _cell(node["description"]), "", *head,
                    *_rows("categories.<id>.", fields), ""]
    return "\n".join(out).rstrip() + "\n"


def render_page(current: str) -> str:
    """``current`` with the generated block replaced; ValueError when the markers are missing."""
    start, end = current.find(BEGIN), current.find(END)
    if start < 0 or end < start:
        raise ValueError(f"markers not found: the page needs {BEGIN!r} ... {END!r}")
    return current[: start + len(BEGIN)] + "\n\n" + render_defaults() + "\n" + current[end:]


def stale_outputs(root: Path) -> list[str]:
    """Which generated files under ``root`` differ from what the schema says (empty: current)."""
    stale = []
    doc, copy = root / DOC_PATH, root / SCHEMA_COPY_PATH
    if not doc.exists() or render_page(doc.read_text(encoding="utf-8")) != doc.read_text(encoding="utf-8"):
        stale.append(str(DOC_PATH))
    if not copy.exists() or copy.read_text(encoding="utf-8") != schema_text():
        stale.append(str(SCHEMA_COPY_PATH))
    return stale


def write_outputs(root: Path) -> list[str]:
    """Regenerate the table and the schema copy under ``root``; return the files changed."""
    changed = []
    doc = root / DOC_PATH
    old = doc.read_text(encoding="utf-8")
    new = render_page(old)
    if new != old:
        doc.write_text(new, encoding="utf-8")
        changed.append(str(DOC_PATH))
    copy = root / SCHEMA_COPY_PATH
    if not copy.exists() or copy.read_text(encoding="utf-8") != schema_text():
        copy.write_text(schema_text(), encoding="utf-8")
        changed.append(str(SCHEMA_COPY_PATH))
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autoheal.config.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".", help="project root (default: current directory)")
    parser.add_argument("--check", action="store_true", help="only report stale files; exit 1 if any")
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        if args.check:
            stale = stale_outputs(root)
            for name in stale:
                print(f"{name}: out of date; run python -m autoheal.config.docs", file=sys.stderr)
            return 1 if stale else 0
        for name in write_outputs(root):
            print(f"wrote {name}")
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
