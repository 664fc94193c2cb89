"""The list of workflows autoheal watches: discover them, and keep `on.workflow_run.workflows` in sync.

`workflow_run` triggers only for the workflows named in its `workflows:` list, so a workflow added
later is silently unwatched until someone edits the list. sync-workflows fixes that by rewriting just
that list (sorted, de-duplicated) in the consumer's autoheal workflow; every other byte stays put.
Names are what GitHub matches on: a workflow's `name:`, or, when it has none, its file path relative to
the repository root (`.github/workflows/ci.yml`), which is what GitHub then displays as its name.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from autoheal.fixes import yamledit
from autoheal.fixes.result import FixResult
from autoheal.fixes.textlines import line_end, line_start, newline_of

WORKFLOWS_DIR = ".github/workflows"
LIST_PATH = ("on", "workflow_run", "workflows")
STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class WorkflowInfo:
    """One workflow file as sync-workflows sees it; `error` is `file:line:col: problem` when unreadable."""

    name: str
    file: str
    triggers: tuple[str, ...] = ()
    error: str | None = None
    # `on.workflow_dispatch.inputs` that are required and have no default: autoheal cannot fill them in
    required_dispatch_inputs: tuple[str, ...] = ()

    @property
    def reusable_only(self) -> bool:
        """True for a workflow only ever called by others (`on: workflow_call`): it has no runs of its own."""
        return self.triggers == ("workflow_call",)


def discover_workflows(files: dict[str, str]) -> list[WorkflowInfo]:
    """Every workflow among `files` (path -> text), sorted by file; malformed ones carry an `error`.

    Only `*.yml`/`*.yaml` directly in `.github/workflows/` count (GitHub ignores subfolders); bare file
    names are taken to live there. A broken file never stops the others from being read.
    """
    found = []
    for raw_path, text in files.items():
        path = _workflow_path(raw_path)
        if path is not None:
            found.append(read_workflow(path, text))
    return sorted(found, key=lambda info: info.file)


def read_workflow(path: str, text: str) -> WorkflowInfo:
    """The name, triggers and (if any) the problem of one workflow file."""
    try:
        data = yamledit.load(text)
    except yaml.YAMLError as exc:
        return WorkflowInfo(name=path, file=path, error=f"{path}:{yamledit.describe_yaml_error(exc)}")
    if not isinstance(data, dict):
        return WorkflowInfo(name=path, file=path, error=f"{path}:1:1: a workflow must be a mapping")
    name = data.get("name")
    name = str(name).strip() if isinstance(name, str | int | float) and not isinstance(name, bool) else ""
    triggers = _triggers(data)
    error = None if triggers else f"{path}:{_line_of_key(text, 'on')}: no `on:` triggers"
    return WorkflowInfo(name=name or path, file=path, triggers=triggers, error=error,
                        required_dispatch_inputs=_required_dispatch_inputs(data))


def _required_dispatch_inputs(data: dict[Any, Any]) -> tuple[str, ...]:
    on = data.get(True, data.get("on"))  # YAML 1.1 reads a bare `on` key as True
    block = on.get("workflow_dispatch") if isinstance(on, dict) else None
    inputs = block.get("inputs") if isinstance(block, dict) else None
    if not isinstance(inputs, dict):
        return ()
    return tuple(str(name) for name, spec in inputs.items()
                 if isinstance(spec, dict) and spec.get("required") is True and spec.get("default") in (None, ""))


def excluded(name: str, patterns: Iterable[str]) -> bool:
    """True when `name` matches any glob in `patterns` (fnmatch syntax, case-insensitive)."""
    folded = name.casefold()
    return any(fnmatch.fnmatchcase(folded, pattern.casefold()) for pattern in patterns)


def canonical_names(names: Iterable[str]) -> list[str]:
    """The list as sync writes it: blank names dropped, duplicates removed, sorted case-insensitively."""
    unique = {name.strip(): None for name in names if name and name.strip()}
    return sorted(unique, key=lambda name: (name.casefold(), name))


def sync_workflow_run_list(path: str, text: str, names: list[str]) -> FixResult:
    """Rewrite `on.workflow_run.workflows` in `text` to `canonical_names(names)`, touching nothing else.

    Block lists keep each surviving item's line (its quoting and trailing comment) and the comments
    above it; flow lists keep their spacing. Returns changed=False when the list already matches, and
    with the reason when the file has no such list to edit or the list would be empty.
    """
    desired = canonical_names(names)
    try:
        root = yamledit.compose(text)
    except yamledit.YamlEditError as exc:
        return FixResult.unchanged(path, text, f"{path} is not valid YAML ({exc}); not edited")
    if not desired:
        return FixResult.unchanged(path, text, "no workflows to watch: an empty list would never trigger; not edited")
    workflow_run = yamledit.find(root, LIST_PATH[:2])
    if not isinstance(workflow_run, MappingNode):
        return FixResult.unchanged(
            path, text, f"{path} has no `on.workflow_run` mapping to hold a `workflows:` list; not edited"
        )
    pair = yamledit.get(workflow_run, "workflows")
    if pair is not None:
        key, value = pair
        if yamledit.is_alias_value(key, value):
            return FixResult.unchanged(path, text, "the `workflows:` list is an alias (*anchor); not edited")
        if _current_names(value) == desired:
            return FixResult.unchanged(path, text, f"workflow_run list already in sync ({len(desired)} workflows)")
        if not _is_name_list(value):
            return FixResult.unchanged(path, text, "the `workflows:` value is not a list of names; not edited")
    try:
        new_text = _rewrite(text, workflow_run, pair, desired)
        yamledit.check_only_change(text, new_text, lambda data: _set_list(data, desired))
    except yamledit.YamlEditError as exc:
        return FixResult.unchanged(path, text, f"refused to rewrite the workflow_run list: {exc}")
    old = set(_current_names(pair[1])) if pair else set()
    added = [n for n in desired if n not in old]
    removed = sorted(old - set(desired))
    summary = f"Synced the workflow_run list ({len(desired)} workflows: +{len(added)} -{len(removed)})"
    return FixResult.edited(path, text, new_text, summary)


# --- discovery helpers ----------------------------------------------------------------------------------


def _workflow_path(raw: str) -> str | None:
    """The repo-relative path of a workflow file, or None when the path is not one."""
    path = posixpath.normpath(raw.replace("\\", "/").lstrip("/"))
    if not path.endswith((".yml", ".yaml")):
        return None
    folder = posixpath.dirname(path)
    if folder == "":
        return f"{WORKFLOWS_DIR}/{path}"
    return path if folder == WORKFLOWS_DIR else None


def _triggers(data: dict) -> tuple[str, ...]:
    """Event names under `on:` (YAML 1.1 loads a bare `on` key as True; a quoted one stays "on")."""
    on = data.get(True, data.get("on"))
    if isinstance(on, str):
        return (on,)
    if isinstance(on, list):
        return tuple(str(event) for event in on)
    if isinstance(on, dict):
        return tuple(str(event) for event in on)
    return ()


def _line_of_key(text: str, key: str) -> int:
    """1-based line of a top-level key, or 1 when absent (errors still point somewhere useful)."""
    try:
        pair = yamledit.get(yamledit.compose(text), key)
    except yamledit.YamlEditError:
        return 1
    return pair[0].start_mark.line + 1 if pair else 1


# --- rewriting helpers ----------------------------------------------------------------------------------


def _is_name_list(value: Node) -> bool:
    """A value we know how to rewrite: a list (block or flow) or a single one-line string."""
    if isinstance(value, SequenceNode):
        return True
    return isinstance(value, ScalarNode) and value.style not in ("|", ">")


def _rewrite(text: str, workflow_run: MappingNode, pair: tuple[ScalarNode, Node] | None, desired: list[str]) -> str:
    """The text with the list replaced (or added), in the style of what is there."""
    if pair is None:
        return _insert_list(text, workflow_run, desired)
    key, value = pair
    if isinstance(value, SequenceNode) and value.flow_style:
        return _rewrite_flow(text, value, desired)
    if isinstance(value, SequenceNode) and value.value:
        return _rewrite_block(text, value, desired)
    return yamledit.replace_value(text, key, value, _flow_list(desired, _style(value)))


def _current_names(value: Node) -> list[str]:
    """The names a `workflows:` value holds now, as written (a single string counts as a list of one)."""
    if isinstance(value, ScalarNode):
        return [value.value] if value.value else []
    if isinstance(value, SequenceNode):
        return [item.value for item in value.value if isinstance(item, ScalarNode)]
    return []


def _style(node: Node) -> str | None:
    return node.style if isinstance(node, ScalarNode) and node.style in ("'", '"') else None


def _is_clean_string(item: Node) -> bool:
    """True for an item that loads as exactly its text (so keeping its bytes keeps its meaning)."""
    return isinstance(item, ScalarNode) and item.tag == STR_TAG and item.style not in ("|", ">")


def _new_item_style(items: list[Node]) -> str | None:
    """Quote new names like most existing ones; double quotes when there is nothing to copy."""
    return yamledit.quote_style(items) if items else '"'


def _rewrite_block(text: str, seq: SequenceNode, desired: list[str]) -> str:
    """Rebuild a block list from the existing item chunks (moved whole) and new item lines."""
    newline = newline_of(text)
    chunks: dict[str, str] = {}
    floor = seq.start_mark.index
    span_start = line_start(text, seq.start_mark.index)
    previous_end = span_start
    for item in seq.value:
        end = line_end(text, yamledit.content_end(text, item, floor))
        floor = end
        chunk = text[previous_end:end]
        previous_end = end
        if _is_clean_string(item) and item.value not in chunks:
            chunks[item.value] = chunk if chunk.endswith("\n") else chunk + newline
    span_end = previous_end
    first = seq.value[0]
    prefix = text[span_start : yamledit.scalar_token_span(text, first)[0]] if isinstance(first, ScalarNode) else None
    if prefix is None or prefix.strip() != "-":
        raise yamledit.YamlEditError(f"{first.start_mark.line + 1}: unusual list layout")
    style = _new_item_style(seq.value)
    body = "".join(chunks.get(name) or f"{prefix}{yamledit.render_string(name, style)}{newline}" for name in desired)
    if not text[span_start:span_end].endswith("\n"):
        body = body[: -len(newline)]  # the list ended the file without a newline; keep it that way
    return yamledit.splice(text, span_start, span_end, body)


def _rewrite_flow(text: str, seq: SequenceNode, desired: list[str]) -> str:
    """Rebuild `[a, b]` between its brackets, reusing the original spacing and kept items' text."""
    open_at, close_at = seq.start_mark.index + 1, seq.end_mark.index - 1
    items = seq.value
    spans = [yamledit.scalar_token_span(text, item) for item in items if isinstance(item, ScalarNode)]
    kept = {
        item.value: text[start:end]
        for item, (start, end) in zip(items, spans, strict=False)
        if _is_clean_string(item)
    }
    prefix, separator, suffix = "", ", ", ""
    if spans:
        prefix = text[open_at : spans[0][0]]
        suffix = text[spans[-1][1] : close_at]
        if len(spans) > 1:
            separator = text[spans[0][1] : spans[1][0]]
        elif "\n" in prefix:
            separator = "," + prefix
    if "#" in prefix + separator + suffix:
        prefix, separator, suffix = "", ", ", ""
    style = _new_item_style(items)
    rendered = [kept.get(name) or yamledit.render_string(name, style, flow=True) for name in desired]
    return yamledit.splice(text, open_at, close_at, prefix + separator.join(rendered) + suffix)


def _flow_list(names: list[str], style: str | None) -> str:
    return "[" + ", ".join(yamledit.render_string(name, style, flow=True) for name in names) + "]"


def _insert_list(text: str, workflow_run: MappingNode, desired: list[str]) -> str:
    """Add a `workflows:` block list to a `workflow_run:` mapping that has none."""
    if workflow_run.flow_style or not workflow_run.value:
        return yamledit.insert_key(text, workflow_run, "workflows: " + _flow_list(desired, '"'))
    newline = newline_of(text)
    indent = " " * (workflow_run.value[0][0].start_mark.column + 2)
    lines = [indent + "- " + yamledit.render_string(name, '"') for name in desired]
    entry = "workflows:" + newline + newline.join(lines)
    last_key = workflow_run.value[-1][0].value
    return yamledit.insert_key(text, workflow_run, entry, after=last_key)


def _set_list(data: dict, desired: list[str]) -> None:
    """Apply the intended change to loaded data (for the post-edit check)."""
    on = data[True] if True in data else data["on"]
    on["workflow_run"]["workflows"] = list(desired)
