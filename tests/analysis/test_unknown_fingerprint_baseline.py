"""An unknown failure keeps one fingerprint whether or not a green baseline was found for it."""

from importlib import resources

from autoheal.analysis import analyze


def log(name: str) -> str:
    return resources.files("autoheal.demo").joinpath("data", "logs", name).read_text()


def test_baseline_adds_novel_lines_but_not_a_new_fingerprint():
    with_baseline = analyze(log("release-unknown.log"), baseline=log("release-green.log"), workflow="Release", job="publish")
    without = analyze(log("release-unknown.log"), workflow="Release", job="publish")
    assert with_baseline.category == without.category == "unknown"
    assert with_baseline.novel_lines and not without.novel_lines
    assert with_baseline.fingerprint == without.fingerprint
