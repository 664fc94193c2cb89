"""Every stage reads GitHub's times through one pair of functions: naive means UTC, aware is converted."""

from datetime import UTC, datetime, timedelta, timezone

from autoheal.stages.shared.timestamps import iso, parse_time, utc


def test_naive_is_taken_as_utc_and_aware_is_converted():
    assert utc(datetime(2026, 1, 5, 12, 0)) == datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    paris = datetime(2026, 1, 5, 13, 0, tzinfo=timezone(timedelta(hours=1)))
    assert utc(paris).tzinfo is UTC and utc(paris).hour == 12
    assert utc(None) is None


def test_parse_time_reads_githubs_form_and_refuses_junk():
    assert parse_time("2026-01-05T12:00:00Z") == datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    assert parse_time("2026-01-05T13:00:00+01:00").hour == 12
    assert parse_time(datetime(2026, 1, 5)) == datetime(2026, 1, 5, tzinfo=UTC)
    for junk in (None, "", "yesterday", 42):
        assert parse_time(junk) is None


def test_iso_writes_utc_with_z():
    assert iso(datetime(2026, 1, 5, 13, 0, tzinfo=timezone(timedelta(hours=1)))) == "2026-01-05T12:00:00Z"
    assert iso(datetime(2026, 1, 5, 12, 0)) == "2026-01-05T12:00:00Z"
