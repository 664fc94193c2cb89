"""Runs one stage: inputs -> config -> context -> stage -> outputs, summary, exit code.

This is where errors become exactly one readable line (an `::error::` annotation in Actions) and an
exit code; a traceback is printed only for unexpected exceptions and only with RUNNER_DEBUG=1.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable, Mapping

from .errors import AutohealError, InputError, NotImplementedYet
from .runtime import Runtime
from .spec import StageSpec
from .stages.shared.context import StageContext, StageResult

if TYPE_CHECKING:
    from datetime import datetime

CONFIG_PATH_IN_REPO = ".github/autoheal.yml"


def run_stage(
    spec: StageSpec,
    cli_values: Mapping[str, str | None],
    rt: Runtime,
    *,
    clock: Callable[[], datetime] | None = None,
    gateway_factory: Callable[[dict[str, Any]], Any] | None = None,
) -> int:
    """Run `spec` and return the process exit code. Never raises."""
    try:
        ctx = build_context(spec, cli_values, rt, clock=clock, gateway_factory=gateway_factory)
        result = spec.run(ctx)
        if not isinstance(result, StageResult):
            raise TypeError(f"stage {spec.name} returned {type(result).__name__}, not StageResult")
        report(spec, ctx, result)
        return result.exit_code
    except AutohealError as exc:
        rt.annotate("error", str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        rt.annotate("error", f"autoheal {spec.name} was interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, no traceback by default
        rt.annotate("error", f"autoheal {spec.name} failed unexpectedly: {type(exc).__name__}: {exc}")
        if rt.debug:
            import traceback

            rt.stderr.write(rt.scrub(traceback.format_exc()))
        else:
            rt.stderr.write("(set RUNNER_DEBUG=1 for the traceback)\n")
        return 1


def build_context(
    spec: StageSpec,
    cli_values: Mapping[str, str | None],
    rt: Runtime,
    *,
    clock: Callable[[], datetime] | None = None,
    gateway_factory: Callable[[dict[str, Any]], Any] | None = None,
) -> StageContext:
    inputs = rt.resolve_inputs(list(spec.inputs), cli_values)
    rt.json_stdout = bool(inputs.get("json"))
    given = {i.name for i in spec.inputs if cli_values.get(i.name) is not None or rt.raw_input(i) is not None}
    check_write_flags(spec, inputs, given)

    def make_gateway() -> Any:
        if not inputs.get("token"):
            raise InputError("token", "no GitHub token: set GITHUB_TOKEN or pass --token / the `token` input")
        if not inputs.get("repo"):
            raise InputError("repo", "no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY")
        if gateway_factory is not None:
            return gateway_factory(inputs)
        from .gateway import Gateway

        return Gateway(token=inputs["token"], api_url=inputs.get("api-url") or "https://api.github.com", repo=inputs["repo"])

    needs_github = spec.needs_github(inputs) if callable(spec.needs_github) else spec.needs_github
    if needs_github:
        if not inputs.get("token"):
            raise InputError("token", "no GitHub token: set GITHUB_TOKEN or pass --token / the `token` input")
        repo = inputs.get("repo")
        if not repo or repo.count("/") != 1 or not all(repo.split("/")):
            raise InputError("repo", f"expected OWNER/NAME, got {repo!r}", "pass --repo OWNER/NAME or set GITHUB_REPOSITORY")

    if spec.run is None:
        raise NotImplementedYet(f"autoheal {spec.name} is not implemented yet", "track progress in the project's issues")

    ctx = StageContext(
        stage=spec.name,
        inputs=inputs,
        rt=rt,
        config=None,
        event=rt.event(),
        event_name=rt.event_name(),
        workspace=rt.workspace,
        make_gateway=make_gateway,
        clock=clock,
    )
    ctx.config = load_stage_config(ctx, remote=needs_github)
    from .stages.shared.context import share_trusted_identities

    share_trusted_identities(ctx)
    return ctx


def check_write_flags(spec: StageSpec, inputs: Mapping[str, Any], given: set[str]) -> None:
    """A stage that writes only with `--apply` (stand-down) refuses flags that contradict it or do nothing.

    `--apply --dry-run` would otherwise leave the reader guessing which one won; `--dry-run false`
    without `--apply` reads like "really do it" but is still a dry run. Both are errors, before any request.
    """
    names = {i.name for i in spec.inputs}
    if not {"apply", "dry-run"} <= names:
        return
    if inputs.get("apply") and inputs.get("dry-run"):
        raise InputError("dry-run", "--apply and --dry-run contradict each other",
                         f"run `autoheal {spec.name}` alone to see the plan, then `autoheal {spec.name} --apply` to do it")
    if "dry-run" in given and not inputs.get("dry-run") and not inputs.get("apply"):
        raise InputError("dry-run", f"--dry-run false does nothing without --apply: {spec.name} writes only with --apply",
                         "add --apply to make the changes, or drop --dry-run false to see the plan")


def load_stage_config(ctx: StageContext, *, remote: bool) -> Any:
    """The config file from the workspace, else from the repository's default branch, else defaults.

    Every stage validates it before doing anything: a broken config stops the run with every problem
    listed (file:line:col), rather than half-applying defaults.
    """
    from .config import ConfigError, load_config

    path_input = ctx.inputs.get("config") or CONFIG_PATH_IN_REPO
    local = ctx.workspace_path(path_input)
    text: str | None = None
    source = path_input
    if local.is_file():
        text = local.read_text(encoding="utf-8")
    elif remote and ctx.repo:
        from .stages.shared.repo import read_repo_file

        text = read_repo_file(ctx.gw, path_input)
        source = f"{ctx.repo}:{path_input}"
    elif path_input != CONFIG_PATH_IN_REPO:
        raise InputError("config", f"file not found: {local}")
    try:
        config = load_config(text, source=source)
    except ConfigError as exc:
        for problem in exc.problems:
            ctx.rt.annotate("error", f"{problem.path}: {problem.message}" + (f" ({problem.hint})" if problem.hint else ""),
                            file=problem.file, line=problem.line, col=problem.col)
        raise AutohealError(f"the config {source} has {len(exc.problems)} problem(s)",
                            "fix them (run `autoheal validate-config` locally to see them all)") from None
    for notice in getattr(config, "notices", []) or []:
        ctx.rt.annotate("notice", notice)
    return config


def report(spec: StageSpec, ctx: StageContext, result: StageResult) -> None:
    """Write outputs, summary and log lines; refuse outputs the action does not declare (no drift)."""
    rt = ctx.rt
    declared = {o.name for o in spec.outputs}
    unknown = set(result.outputs) - declared
    if unknown:
        raise AssertionError(f"stage {spec.name} wrote undeclared outputs {sorted(unknown)}")
    if ctx.dry_run and result.plan is not None:
        rt.info("dry run: " + result.plan.render())
    for note in (result.plan.notes if result.plan is not None else []):
        rt.info(note)
    for name, value in result.outputs.items():
        rt.set_output(name, value)
    if result.summary:
        rt.summary(result.summary)
    if result.message:
        rt.info(result.message)
    if ctx.has_gateway:
        usage = ctx.gw.usage
        rt.info(f"API requests: {usage.requests} ({usage.writes} writes, {usage.retries} retries)")
    if ctx.inputs.get("json"):
        payload = result.data or {"stage": spec.name, "outputs": result.outputs,
                                  "plan": [w.__dict__ for w in result.plan] if result.plan else []}
        rt.stdout.write(rt.scrub(json.dumps(payload, indent=2, default=str)) + "\n")
        rt.stdout.flush()
