"""analyze-failure's text: the step summary of an analysis."""

from __future__ import annotations

from typing import Any

from ...markdown import fence, inline_code, neutralize, truncate_line


def summary_markdown(doc: dict[str, Any]) -> str:
    lines = [f"### autoheal: {neutralize(doc['category'])} ({doc['confidence']}% confidence)", ""]
    where = " / ".join(inline_code(x) for x in (doc.get("workflow"), doc.get("failed_job"), doc.get("failed_step")) if x)
    if where:
        lines += [f"Failing: {where}", ""]
    key = "\n".join(f"{k['line']:>6}  {truncate_line(k['text'], 240)}" for k in doc.get("key_lines", [])[:20])
    if key:
        lines += ["**Key lines**", "", fence(key), ""]
    novel = "\n".join(f"{k['line']:>6}  {truncate_line(k['text'], 240)}" for k in doc.get("novel_lines", [])[:20])
    if novel:
        lines += ["**New since the last green run**", "", fence(novel), ""]
    if doc.get("suggested_fix"):
        lines += [f"**Suggested fix:** {neutralize(truncate_line(doc['suggested_fix'], 500))}", ""]
    return "\n".join(lines)
