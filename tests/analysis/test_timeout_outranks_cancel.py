"""A job that ran out of time is also cancelled by the runner: the timeout is the cause, with high confidence."""

from autoheal.analysis import analyze

LOG = (
    "2026-01-05T10:00:00.0000000Z ##[group]Run ./scripts/e2e.sh\n"
    "2026-01-05T10:00:00.1000000Z starting browser suite\n"
    "2026-01-05T10:10:00.0000000Z ##[error]The job running on runner GitHub Actions 7 has exceeded the maximum execution time of 10 minutes.\n"
    "2026-01-05T10:10:00.1000000Z ##[error]The operation was canceled.\n"
)


def test_timeout_outranks_the_cancellation_it_causes():
    a = analyze(LOG, workflow="CI", job="e2e")
    assert a.category == "timeout"
    assert a.confidence >= 80  # above the default min_confidence for issues and PRs
    assert a.specifics.get("timeout_minutes") == 10


def test_a_plain_cancellation_is_still_cancelled():
    a = analyze("2026-01-05T10:00:00.0000000Z ##[error]The operation was canceled.\n")
    assert a.category == "cancelled"
