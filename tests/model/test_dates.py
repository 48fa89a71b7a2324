from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hybridwatch.model.dates import date_flags, parse_datetime


@pytest.mark.parametrize(
    ("value", "expected", "naive"),
    [
        ("2025-03-14T18:00:00Z", "2025-03-14T18:00:00+00:00", False),
        ("2025-03-14T19:00:00+01:00", "2025-03-14T18:00:00+00:00", False),
        ("2024-05-12 14:03:11 CEST", "2024-05-12T12:03:11+00:00", False),
        ("Fri, 14 Mar 2025 18:05:00 +0100", "2025-03-14T17:05:00+00:00", False),
        ("12.03.2025. 14:05", "2025-03-12T14:05:00+00:00", True),
        ("2025-03-14T19:02:11", "2025-03-14T19:02:11+00:00", True),
        ("1710000000", "2024-03-09T16:00:00+00:00", False),
        (1710000000123, "2024-03-09T16:00:00.123000+00:00", False),
    ],
)
def test_parse_datetime_formats(value: object, expected: str, naive: bool) -> None:
    parsed = parse_datetime(value)
    assert parsed is not None
    assert parsed.value.isoformat() == expected
    assert parsed.value.tzinfo is not None
    assert parsed.naive is naive


@pytest.mark.parametrize("value", ["garbage", "2024-02-30", "", None, True, "99999999999999999999999"])
def test_parse_datetime_unusable(value: object) -> None:
    assert parse_datetime(value) is None


def test_date_flags() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert date_flags(datetime(2031, 1, 1, tzinfo=UTC), now) == ["date_in_future"]
    assert date_flags(datetime(1985, 6, 1, tzinfo=UTC), now) == ["date_before_1990"]
    assert date_flags(datetime(2025, 6, 1, tzinfo=UTC), now) == []
    assert date_flags(None, now) == []


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True), st.datetimes()))
def test_parse_datetime_never_raises_and_is_utc(value: object) -> None:
    parsed = parse_datetime(value)
    if parsed is not None:
        assert parsed.value.utcoffset() is not None
        assert parsed.value.utcoffset().total_seconds() == 0
