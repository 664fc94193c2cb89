"""Every error or warning message autoheal can print, found by reading its source (AST, no import).

docs/troubleshooting.md promises "every error message autoheal can print, with its fix"; this scan is
how a test keeps that promise when someone adds a new error. A message is recognised where it is
made, not where it is printed:

- `InputError(name, message, hint)`, `AutohealError` / `GitHubAPIError` / `MissingPermission` /
  `BudgetExhausted` / `NotImplementedYet` `(message, hint, ...)`;
- `Problem(file, line, col, path, message, hint)` and workflow-auto-fix-shape `mistakes.append((path, message, ...))`
  in `autoheal/config/` (the problems `validate-config` and every stage print);
- `.annotate("error" | "warning", message, ...)` and `.warn(message)`;
- the two errors other code relays word for word: `RuleError(key, message)` (a bad custom category,
  "config <key>: <message>") and `AnalysisFileError(message)` (a bad `analysis-file`);
- a helper that hands its `message` parameter to one of the above (config's `at_value(message, ...)`):
  its call sites.

The simulator (`autoheal/sim/`) is test equipment, not something a user of autoheal sees, so it is left out.

A message is usually an f-string; what the page must contain is its longest *literal* fragment (the
text between placeholders), which is what a user searching the page for their error would type.
Messages whose literal text is all shorter than `MIN_FRAGMENT` characters ("{x}: {y}") are reported
as `fragment=None`: they only relay another message, which is documented where it is made.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

MIN_FRAGMENT = 12

# class name -> index of the message among the positional arguments
ERROR_CLASSES = {
    "InputError": 1,
    "AutohealError": 0,
    "GitHubAPIError": 0,
    "MissingPermission": 0,
    "BudgetExhausted": 0,
    "NotImplementedYet": 0,
    "RuleError": 1,
    "AnalysisFileError": 0,
}
ANNOTATE_LEVELS = ("error", "warning")
PROBLEM_MESSAGE_SLOT = 4  # Problem(file, line, col, path, message, hint)
STARRED_WIDTH = 2  # config code spreads `*where` (line, col) into Problem(...)


@dataclass(frozen=True)
class Message:
    """One place in the source that makes a message a user can see."""

    file: str  # relative to src/, e.g. "autoheal/runner.py"
    line: int
    kind: str  # "InputError", "annotate:warning", "Problem", ...
    fragments: tuple[str, ...]  # literal pieces of the message, in source order
    source: str  # the message expression as written (for failure output)

    @property
    def fragment(self) -> str | None:
        """The longest literal piece of at least MIN_FRAGMENT characters (stripped), if any."""
        best = max((f.strip() for f in self.fragments), key=len, default="")
        return best if len(best) >= MIN_FRAGMENT else None

    def where(self) -> str:
        return f"src/{self.file}:{self.line}"


def literal_fragments(node: ast.AST | None, assignments: dict[str, list[ast.AST]] | None = None) -> list[str]:
    """The literal text pieces of a message expression.

    f-strings give the text between their placeholders; `a + b` both sides; `x if c else y` both
    branches; `"...".format(...)` / `"...".join(...)` the receiver; `d.get(k, "...")` the default; a local name whose only
    assignments in the same function are messages, those assignments.
    """
    if node is None:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return literal_fragments(node.left, assignments) + literal_fragments(node.right, assignments)
    if isinstance(node, ast.IfExp):
        return literal_fragments(node.body, assignments) + literal_fragments(node.orelse, assignments)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return literal_fragments(node.func.value, assignments)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        return literal_fragments(node.args[1] if len(node.args) > 1 else None, assignments)
    if isinstance(node, ast.Name) and assignments and node.id in assignments:
        out: list[str] = []
        for value in assignments[node.id]:
            out += literal_fragments(value, None)  # one level: no chains of names
        return out
    return []


def _callee_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _positional(call: ast.Call, slot: int) -> ast.AST | None:
    """The argument that lands in positional `slot`, counting a `*starred` argument as STARRED_WIDTH."""
    position = 0
    for arg in call.args:
        width = STARRED_WIDTH if isinstance(arg, ast.Starred) else 1
        if position == slot and not isinstance(arg, ast.Starred):
            return arg
        position += width
        if position > slot:
            return None
    return None


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _function_assignments(func: ast.AST) -> dict[str, list[ast.AST]]:
    """name -> values assigned to it anywhere in `func` (for messages built in a variable first)."""
    out: dict[str, list[ast.AST]] = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            out.setdefault(node.target.id, []).append(node.value)
    return out


def _message_node(call: ast.Call, in_config: bool) -> tuple[str, ast.AST | None] | None:
    """(kind, message expression) when `call` makes a user-visible message, else None."""
    name = _callee_name(call)
    if name in ERROR_CLASSES and isinstance(call.func, ast.Name | ast.Attribute):
        if isinstance(call.func, ast.Attribute) and call.func.attr != name:
            return None
        return name, _keyword(call, "message") or _positional(call, ERROR_CLASSES[name])
    if name == "annotate" and isinstance(call.func, ast.Attribute) and call.args:
        level = call.args[0]
        if isinstance(level, ast.Constant) and level.value in ANNOTATE_LEVELS:
            return f"annotate:{level.value}", _keyword(call, "message") or _positional(call, 1)
        return None
    if name == "warn" and isinstance(call.func, ast.Attribute) and call.args:
        return "annotate:warning", call.args[0]
    if in_config and name == "Problem":
        return "Problem", _keyword(call, "message") or _positional(call, PROBLEM_MESSAGE_SLOT)
    if in_config and name == "append" and isinstance(call.func, ast.Attribute):
        owner = call.func.value
        if isinstance(owner, ast.Attribute) and owner.attr == "mistakes" and call.args:
            item = call.args[0]
            if isinstance(item, ast.Tuple) and len(item.elts) >= 2:
                return "Problem", item.elts[1]
    return None


def _is_definition_site(path: Path) -> bool:
    return path.name == "errors.py" and path.parent.name == "autoheal"


def _params(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    return [a.arg for a in func.args.posonlyargs + func.args.args]


def _scan_file(path: Path, rel: Path) -> list[Message]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    in_config = rel.parts[1] == "config"
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    enclosing: dict[int, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for func in sorted(functions, key=lambda f: f.lineno):  # inner functions come later: nearest wins
        for node in ast.walk(func):
            enclosing[id(node)] = func
    assignments = {id(func): _function_assignments(func) for func in functions}
    found: list[Message] = []
    forwarders: dict[str, tuple[int, str, str]] = {}  # helper name -> (parameter index, parameter, kind)

    def record(call: ast.Call, kind: str, expr: ast.AST | None) -> None:
        func = enclosing.get(id(call))
        names = assignments[id(func)] if func is not None else None
        found.append(Message(rel.as_posix(), call.lineno, kind, tuple(literal_fragments(expr, names)),
                             ast.unparse(expr) if expr is not None else "<no message argument>"))

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        made = _message_node(node, in_config)
        if made is None:
            continue
        kind, expr = made
        func = enclosing.get(id(node))
        if (isinstance(expr, ast.Name) and func is not None and expr.id in _params(func)
                and expr.id not in assignments[id(func)]):
            params = _params(func)
            forwarders[func.name] = (params.index(expr.id) - (1 if params[:1] == ["self"] else 0), expr.id, kind)
            continue  # the helper's call sites carry the text
        record(node, kind, expr)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in forwarders:
            index, param, kind = forwarders[node.func.id]
            record(node, kind, _keyword(node, param) or _positional(node, index))
    return found


def scan(src_dir: Path) -> list[Message]:
    """Every message-making call under `src_dir/autoheal` except the simulator, in file/line order."""
    package = src_dir / "autoheal"
    found: list[Message] = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(src_dir)
        if rel.parts[1] == "sim" or _is_definition_site(path):
            continue
        found += _scan_file(path, rel)
    return sorted(found, key=lambda m: (m.file, m.line))


def schema_messages(src_dir: Path) -> list[Message]:
    """The `x-expected` texts of the packaged config schema: validate-config prints them as the
    message for a value that breaks a pattern or has the wrong shape ("expected a label name: ...")."""
    path = src_dir / "autoheal" / "config" / "autoheal.schema.json"
    texts: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("x-expected"), str):
                texts.add(node["x-expected"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(json.loads(path.read_text(encoding="utf-8")))
    rel = path.relative_to(src_dir).as_posix()
    return [Message(rel, 0, "schema", (text,), repr(text)) for text in sorted(texts)]


def _main() -> None:  # pragma: no cover - a listing for whoever updates the page
    here = Path(__file__).resolve()
    src = here.parents[2] / "src"
    for message in scan(src) + schema_messages(src):
        print(f"{message.where():45} {message.kind:18} {message.fragment!r}\n{'':45} {message.source}")


if __name__ == "__main__":  # pragma: no cover
    _main()
