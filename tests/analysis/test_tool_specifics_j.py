"""Tool recognition and readings for the mistakes corpus part J showed (issue #17), on real output formats (sources
cited per test). Each test fails when its rule is removed."""

from __future__ import annotations

from autoheal.analysis.tools import read_step

from .tool_reading import numbered


def test_a_script_s_cross_mark_emoji_is_not_xcpretty():
    # scripts echo "❌ ..." all the time (a helm diagnostics step, corpus part J); xcpretty's error line is
    # "❌  /path/File.swift:12:5: message" (xcpretty lib/xcpretty/formatters/formatter.rb: ERROR = '❌ ')
    report = read_step('echo "❌ Helm release did not become ready. Dumping diagnostics …"',
                       numbered("❌ Helm release did not become ready. Dumping diagnostics …\nNAME   READY\n"))
    assert "xcodebuild" not in report.tools
    swift = read_step("./scripts/ci.sh", numbered(
        "❌  /Users/runner/work/app/App/View.swift:12:5: cannot find 'foo' in scope\n** BUILD FAILED **\n"))
    assert "xcodebuild" in swift.tools
