"""`autoheal <command>`: parse options and hand over to the runner. Nothing else lives here.

Each stage's options are generated from its `StageSpec`, so `--foo-bar` always matches the action
input `foo-bar` (and `INPUT_FOO-BAR` in the container).
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING, Sequence

from . import __version__
from .stages import CHAINS, STAGES, load_spec

if TYPE_CHECKING:
    import argparse

    from .spec import StageSpec

# Commands that are not stages: module path of a `main(argv) -> int`, and their help line.
TOOLS: dict[str, tuple[str, str]] = {
    "validate-config": ("autoheal.config.cli", "Validate an autoheal config file and list every problem."),
    "init": ("autoheal.init", "Write autoheal's workflows and config into a repository."),
    "stand-down": ("autoheal.stages.stand_down.stage", "Roll back: disable autoheal and close its open draft PRs (dry-run first)."),
    "demo": ("autoheal.demo", "Run the whole chain offline on the embedded GitHub simulator."),
    "sim": ("autoheal.sim.cli", "The embedded GitHub simulator (`autoheal sim serve`)."),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole CLI, or with ``only`` just that stage's options (importing only that stage)."""
    import argparse  # here, not at the top: `--version` builds no parser

    parser = argparse.ArgumentParser(
        prog="autoheal",
        description="Heal CI: analyze failed runs, file one deduplicated issue, open a draft fix PR, hand it to Copilot.",
    )
    parser.add_argument("--version", action="version", version=f"autoheal {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [only] if only else list(STAGES) + list(CHAINS):
        spec = load_spec(name)
        add_stage_parser(sub, spec)
    for name, (_, help_line) in ({} if only else TOOLS).items():
        tool = sub.add_parser(name, help=help_line, description=help_line, add_help=False)
        tool.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def add_stage_parser(sub: argparse._SubParsersAction, spec: StageSpec) -> argparse.ArgumentParser:
    import argparse

    from .cli_options import BoolFlag, add_short_forms

    help_line = spec.description + ("" if spec.run else " [not implemented yet]")
    p = sub.add_parser(spec.name, help=help_line, description=spec.description + "\n\n" + spec.extra_help,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    for item in spec.inputs:
        kwargs: dict = {"dest": item.name, "default": None, "help": _option_help(item)}
        if item.kind == "bool":  # --x / --no-x (cli_options.py: one boolean style everywhere)
            kwargs.update(action=BoolFlag)
        elif item.kind == "choice":
            kwargs.update(metavar="|".join(item.choices))
        else:
            kwargs.update(metavar=item.kind.upper() if item.kind != "str" else "TEXT")
        p.add_argument(f"--{item.name}", **kwargs)
    add_short_forms(p, spec.name)
    return p


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    import argparse

    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices  # noqa: SLF001


def _option_help(item) -> str:
    text = item.description.replace("%", "%%")
    if item.default not in (None, ""):
        text += f" (default: {item.default})"
    if item.env_fallback:
        text += f" (env: {', '.join(item.env_fallback)})"
    return text


def main(argv: Sequence[str] | None = None) -> int:
    # What start-up allocates (modules, classes, compiled patterns) lives as long as the process: the cyclic
    # collector's passes over it while a stage's modules import are ~4 % of a small analysis's instructions
    # (#21). As the process's entry point (argv from sys.argv), collection pauses until the stage is imported;
    # then those objects are frozen out of its sight (_stage_ready). Called with argv (tests), nothing changes.
    paused = argv is None and gc.isenabled()
    argv = list(sys.argv[1:] if argv is None else argv)
    if paused:
        _PAUSED.append(True)
        gc.disable()
    try:
        return _main(argv)
    finally:
        if paused and _PAUSED:
            _PAUSED.clear()
            gc.enable()


_PAUSED: list[bool] = []


def _stage_ready() -> None:
    """The command's code is imported: freeze what exists and let the collector run again."""
    if _PAUSED:
        _PAUSED.clear()
        gc.freeze()
        gc.enable()


def _main(argv: list[str]) -> int:
    # A command imports only what it runs: `--version` nothing, a stage its own module, a tool its own.
    if argv == ["--version"]:
        print(f"autoheal {__version__}")
        return 0
    if argv and argv[0] in TOOLS:
        return run_tool(argv[0], argv[1:])
    if not argv or not (argv[0] in STAGES or argv[0] in CHAINS):
        parser = build_parser()
        if not argv:
            parser.print_help()
            return 0
        parser.parse_args(argv)  # --help, or an unknown command: argparse answers and exits
        return 2  # pragma: no cover - parse_args exits first
    from .cli_options import bool_options, legacy_bool_values

    # The stage's own parser reads its options, so a usage error shows that command's usage.
    stage_parser = _subcommands(build_parser(argv[0]))[argv[0]]
    args = stage_parser.parse_args(legacy_bool_values(argv[1:], bool_options(stage_parser)))
    spec = load_spec(argv[0])
    values = {item.name: getattr(args, item.name) for item in spec.inputs}
    from .runner import run_stage
    from .runtime import Runtime

    _stage_ready()
    return run_stage(spec, values, Runtime())


def run_tool(name: str, argv: list[str]) -> int:
    import importlib

    from .runtime import Runtime

    module_name, _ = TOOLS[name]
    rt = Runtime()
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            rt.annotate("error", f"autoheal {name} is not implemented yet")
            return 2
        raise
    _stage_ready()
    entry = getattr(module, "main", None)
    if entry is None:
        rt.annotate("error", f"autoheal {name} is not implemented yet")
        return 2
    return int(entry(argv) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
