"""The leave-one-part-out procedure of benchmarks/blind_calibration.py (docs/analysis.md, Confidence).

A calibration rule is judged by how it does on a corpus part it was not fitted on: for each part, the rule is fitted
on the other parts' blind answers only and applied to this part's answers at >= 70. These tests pin that procedure
on synthetic answers, so that the figures the docs report cannot silently include the tested part in the fit.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("blind_calibration", ROOT / "benchmarks" / "blind_calibration.py")
bc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bc)


def _row(part: str, got: str, right: bool, conf: int = 80, **extra) -> dict:
    return {"part": part, "got": got, "strict": right, "alt": right, "confidence": conf, "today": conf,
            "kind": extra.pop("kind", "parser"), **extra}


# lint was wrong in parts a and b and right in c; test_failure right everywhere
ROWS = [
    _row("a", "lint", False), _row("a", "test_failure", True),
    _row("b", "lint", False), _row("b", "test_failure", True),
    _row("c", "lint", True), _row("c", "test_failure", True),
]


def test_the_rule_is_fitted_without_the_part_it_is_tested_on():
    seen: dict[str, set[str]] = {}

    def fit(train):
        parts = {r["part"] for r in train}
        return lambda r: seen.setdefault(r["part"], parts) is None  # records the fit's parts, caps nothing

    out = bc.leave_one_part_out(ROWS, fit)
    assert set(out) == {"a", "b", "c"}
    assert all(part not in parts for part, parts in seen.items())
    assert seen["c"] == {"a", "b"}


def test_a_class_wrong_on_the_other_parts_is_capped_on_this_one():
    out = bc.leave_one_part_out(ROWS, bc.fit_low_precision(lambda r: r["got"], 0.75, 2))
    # part c: lint was 0 of 2 right on a and b, so c's (right) lint answer is taken below 70: the rule's cost
    assert out["c"] == {"kept": 1, "strict": 1, "alt": 1, "wrong_off": 0, "right_off": 1}
    # part a: lint was 1 of 2 right on b and c (below 75 %), so a's wrong lint answer is taken below 70
    assert out["a"] == {"kept": 1, "strict": 1, "alt": 1, "wrong_off": 1, "right_off": 0}
    # too few answers to judge a class: nothing is capped
    fewer = bc.leave_one_part_out(ROWS, bc.fit_low_precision(lambda r: r["got"], 0.75, 3))
    assert all(v["wrong_off"] == v["right_off"] == 0 for v in fewer.values())


def test_a_key_without_a_record_on_the_other_parts_is_capped():
    rows = ROWS + [_row("c", "dependency_conflict", False)]
    out = bc.leave_one_part_out(rows, bc.fit_without_record(lambda r: r["got"], 0.75))
    assert out["c"]["wrong_off"] == 1  # dependency_conflict was never answered on a or b
    assert out["c"]["right_off"] == 1  # lint's record on a and b is 0 of 2


def test_exempt_answers_and_answers_below_the_gate_are_not_touched():
    rows = ROWS + [_row("c", "lint", True, conf=60), _row("c", "timeout", False)]
    out = bc.leave_one_part_out(rows, bc.fixed(lambda r: True), exempt=lambda r: r["got"] == "timeout")
    assert out["c"] == {"kept": 1, "strict": 0, "alt": 0, "wrong_off": 0, "right_off": 2}


def test_the_reader_of_an_answer():
    assert bc.reader_of({"features": {"readers": ["pytest"], "marked": ["pytest"]}}) == "pytest"
    assert bc.reader_of({"features": {"readers": [], "marked": ["eslint"]}}) == "marked:eslint"
    assert bc.reader_of({"features": {}, "kind": "pattern"}) == "pattern"
