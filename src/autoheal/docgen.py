"""Keeps the inputs/outputs tables in docs/stages/<stage>.md equal to the stage specs.

Each stage page holds the region `<!-- autoheal:inputs -->` … `<!-- autoheal:end-inputs -->` (and the
same for outputs); `python -m autoheal.docgen` rewrites those regions from the specs, and the test suite
fails when a page is out of date, so the docs and every action.yml always agree.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .spec import StageSpec
from .stages import all_specs, load_spec


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def inputs_table(spec: StageSpec) -> str:
    rows = ["| input | CLI | default | description |", "|---|---|---|---|"]
    for item in spec.inputs:
        if not item.in_action:
            continue
        default = item.action_default if item.action_default is not None else item.default
        rows.append(f"| `{item.name}` | `--{item.name}` | {('`' + default + '`') if default not in (None, '') else '—'} "
                    f"| {_cell(item.description)} |")
    return "\n".join(rows)


def outputs_table(spec: StageSpec) -> str:
    rows = ["| output | description |", "|---|---|"]
    rows += [f"| `{o.name}` | {_cell(o.description)} |" for o in spec.outputs]
    return "\n".join(rows)


def page_path(root: Path, spec: StageSpec) -> Path:
    return root / "docs" / "stages" / f"{'heal' if spec.name == 'heal' else spec.name}.md"


def update(text: str, spec: StageSpec) -> str:
    for kind, table in (("inputs", inputs_table(spec)), ("outputs", outputs_table(spec))):
        pattern = re.compile(rf"(<!-- autoheal:{kind} -->\n)(?:.*?\n)?(<!-- autoheal:end-{kind} -->)", re.S)
        if not pattern.search(text):
            raise ValueError(f"missing the <!-- autoheal:{kind} --> region")
        text = pattern.sub(lambda m: m.group(1) + table + "\n" + m.group(2), text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autoheal.docgen", description=__doc__)
    parser.add_argument("--root", default=".")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    root, bad = Path(args.root), []
    for spec in all_specs() + [load_spec("heal")]:
        path = page_path(root, spec)
        if not path.exists():
            bad.append(f"{path}: missing")
            continue
        text = path.read_text(encoding="utf-8")
        try:
            new = update(text, spec)
        except ValueError as exc:
            bad.append(f"{path}: {exc}")
            continue
        if new != text:
            if args.check:
                bad.append(f"{path}: out of date (run `python -m autoheal.docgen`)")
            else:
                path.write_text(new, encoding="utf-8")
                print(f"wrote {path}")
    for line in bad:
        print(line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
