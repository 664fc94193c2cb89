"""``autoheal validate-config [FILE...]``: report every problem in config files.

The top-level CLI parses arguments and calls ``validate_config_main``; keeping the work
here lets tests call it directly and the output format live next to the validator.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from .loader import DEFAULT_SOURCE, migration_notices
from .problems import Problem
from .validate import check_text


def validate_file(path: str, *, missing_ok: bool = False) -> tuple[list[Problem], list[str]]:
    """(problems, notices) for one file. A missing file is a problem unless ``missing_ok``."""
    file = Path(path)
    if not file.exists():
        if missing_ok:
            return [], [f"{path}: not found; autoheal uses the defaults"]
        return [Problem(path, None, None, "", "file not found")], []
    if file.is_dir():
        return [Problem(path, None, None, "", "expected a file, got a directory")], []
    try:
        data = file.read_bytes()
    except OSError as exc:
        return [Problem(path, None, None, "", f"cannot read: {exc.strerror or exc}")], []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [Problem(path, None, None, "", f"expected UTF-8 text ({exc.reason} at byte {exc.start})")], []
    checked = check_text(text, path)
    notices = [] if checked.problems else migration_notices(checked.migration, path)
    return checked.problems, notices


def validate_config_main(paths: list[str], *, json_output: bool, out: TextIO | None = None) -> int:
    """Validate ``paths`` (default: ``.github/autoheal.yml``, which may be absent). Exit 0 ok, 1 problems.

    Text output: one ``file:line:col: path: message (hint)`` line per problem, then a count.
    JSON output: ``{"ok": bool, "files": [{"file", "ok", "problems": [...], "notices": [...]}]}``.
    """
    out = out or sys.stdout
    missing_ok = not paths
    paths = list(paths) or [DEFAULT_SOURCE]
    report, total = [], 0
    for path in paths:
        problems, notices = validate_file(path, missing_ok=missing_ok)
        total += len(problems)
        report.append({"file": path, "ok": not problems,
                       "problems": [p.to_dict() for p in problems], "notices": notices})
        if not json_output:
            for line in notices:
                print(f"note: {line}", file=out)
            for problem in problems:
                print(str(problem), file=out)
            if not problems:
                print(f"{path}: ok", file=out)
    if json_output:
        json.dump({"ok": total == 0, "files": report}, out, indent=2)
        out.write("\n")
    elif total:
        print(f"{total} problem{'s' if total != 1 else ''} found", file=out)
    return 0 if total == 0 else 1


def main(argv: list[str] | None = None) -> int:
    """``python -m autoheal.config.cli [--json] [FILE...]`` (the same as ``autoheal validate-config``)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="autoheal validate-config",
        description="Check autoheal config files and list every problem as file:line:col: key: message. "
        "Exit 0 when valid, 1 when there are problems.",
    )
    parser.add_argument("files", nargs="*", help=f"config files (default: {DEFAULT_SOURCE})")
    parser.add_argument("--json", action=argparse.BooleanOptionalAction, default=False, help="print a JSON report")
    args = parser.parse_args(argv)
    return validate_config_main(args.files, json_output=args.json)


if __name__ == "__main__":
    raise SystemExit(main())
