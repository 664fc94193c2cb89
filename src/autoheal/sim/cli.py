"""`autoheal sim serve --port N --token T [--scenario FILE]`: run the simulator until interrupted.

The first line printed is `base_url=http://127.0.0.1:N` (flushed), so scripts can start the server,
read one line and talk to it. The token T has every permission (kind "user", login "octocat").
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Sequence

from .model import ALL_PERMISSIONS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autoheal sim", description="The embedded GitHub simulator.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the simulator over HTTP until interrupted")
    serve.add_argument("--port", type=int, default=0, help="TCP port on the host (0 picks a free one)")
    serve.add_argument("--token", required=True, help="a token with every permission (kind user, login octocat)")
    serve.add_argument("--scenario", help="YAML scenario to load at start (see docs/simulator.md)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; nothing else is safe)")
    serve.add_argument("--clock", help="start of the fake clock (ISO 8601), before the scenario's own")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point the project CLI calls; returns the process exit code."""
    try:
        args = build_parser().parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # argparse already printed the usage error
        return int(exc.code or 0)
    if args.command == "serve":
        return serve(args)
    return 2  # pragma: no cover - argparse enforces the command


def serve(args: argparse.Namespace) -> int:
    from .clock import DEFAULT_START
    from .scenario import ScenarioError
    from .simulator import start

    if not 0 <= args.port <= 65535:
        print(f"error: --port {args.port} is not a TCP port", file=sys.stderr)
        return 2
    try:
        sim = start(args.port, args.host, clock_start=args.clock or DEFAULT_START)
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        sim.add_token(args.token, login="octocat", kind="user", permissions={p: "write" for p in ALL_PERMISSIONS})
        if args.scenario:
            try:
                sim.load_scenario(args.scenario)
            except (ScenarioError, OSError) as exc:
                print(f"error: scenario {args.scenario}: {exc}", file=sys.stderr)
                return 1
        stop = threading.Event()
        if threading.current_thread() is threading.main_thread():  # before announcing: no lost SIGTERM
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
        print(f"base_url={sim.base_url}", flush=True)
        try:
            while not stop.wait(0.2):
                pass
        except KeyboardInterrupt:
            pass
        return 0
    finally:
        sim.stop()
