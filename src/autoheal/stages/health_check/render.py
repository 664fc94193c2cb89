"""health-check's texts: the dashboard report (markdown with a mermaid chart) and the alert digest."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta

from ...markers import marker
from ...render import render
from .metrics import (
    WorkflowHealth,
)


def mermaid_label(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9 _./:-]", "", text)[:40] or "?"


def report_markdown(healths: list[WorkflowHealth], overall: WorkflowHealth, alert_map: dict[str, str],
                    categories: Counter, analyzed: int, own: dict, *, start: datetime, end: datetime,
                    window_days: int) -> str:
    top = sorted((h for h in healths if h.daily_success), key=lambda h: -h.runs)[:5]
    days = sorted({d for h in top for d in h.daily_success})
    series = [[h.daily_success.get(d, 0) for d in days] for h in top]
    return render(
        "health_dashboard.md.j2", workflows=healths, overall=overall, alerts=alert_map, window_days=window_days,
        window_start=start.date().isoformat(), window_end=(end - timedelta(seconds=1)).date().isoformat(),
        chart_days=[f'"{d[5:]}"' for d in days], chart_series=series, chart_names=[h.name for h in top],
        categories=[(mermaid_label(k), v) for k, v in categories.most_common(8)], analyzed=analyzed, own=own,
        pct=lambda v: "—" if v is None else f"{v:.1f}%", num=lambda v: "—" if v is None else f"{v:g}",
        dur=lambda v: "—" if v is None else (f"{v / 60:.1f} min" if v >= 60 else f"{v:.0f} s"),
    )



DIGEST_KEY = "digest"
DIGEST_TITLE = "autoheal alert: workflows below their health thresholds"


def digest_body(alert_map: dict[str, str], healths: list[WorkflowHealth]) -> str:
    """The one alert issue's body: every workflow in alert, sorted (an unchanged state, an unchanged body).
    Workflow names go through the rendering gate (no live mention, link, reference or HTML)."""
    by_name = {h.name: h for h in healths}
    rows = [{"name": name, "why": alert_map[name], "runs": by_name[name].runs, "failures": by_name[name].failures,
             "flaky_shas": by_name[name].flaky_shas} for name in sorted(alert_map, key=str.lower)]
    return render("health_alert.md.j2", alerts=rows, marker=marker("alert", DIGEST_KEY))
