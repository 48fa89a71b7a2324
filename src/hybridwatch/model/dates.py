"""Timestamps from any source as timezone-aware UTC, with flags for what was guessed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime

__all__ = [
    "ParsedDate",
    "parse_datetime",
    "date_flags",
    "EARLIEST_PLAUSIBLE",
    "plausible_time",
    "DAY_ONLY_FLAG",
]

EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)
DAY_ONLY_FLAG = "date_without_time"  # the ingest flag of a date that named a day and no time

# Zone abbreviations that social exports (CrowdTangle, feeds) print instead of offsets.
_ZONES = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "UT": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_ZONE_SUFFIX = re.compile(r"\s+([A-Z]{1,5})$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})\.?(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %B %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%b %d, %Y",
    "%B %d %Y",
)


class ParsedDate:
    """A parsed instant, and how much of it the input gave.

    ``naive``: its timezone was assumed (naive input taken as UTC); ``day_only``: it named a day
    and no time ("2025-03-01": midnight stands for a time nobody gave).
    """

    __slots__ = ("value", "naive", "day_only")

    def __init__(self, value: datetime, naive: bool, day_only: bool = False) -> None:
        self.value = value
        self.naive = naive
        self.day_only = day_only


def _from_epoch(number: float) -> datetime | None:
    if number > 1e11:  # milliseconds
        number /= 1000.0
    try:
        return datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _parse_text(text: str) -> tuple[datetime, bool] | None:
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        value = datetime.fromisoformat(iso)
        return value, value.tzinfo is None
    except ValueError:
        pass
    zone = _ZONE_SUFFIX.search(text)
    if zone and zone.group(1) in _ZONES:
        inner = _parse_text(text[: zone.start()])
        if inner is not None:
            tz = timezone(timedelta(hours=_ZONES[zone.group(1)]))
            return inner[0].replace(tzinfo=tz), False
    try:
        value = parsedate_to_datetime(text)
        return value, value.tzinfo is None
    except (TypeError, ValueError, IndexError):
        pass
    match = _DMY.match(text)
    if match:
        d, m, y, hh, mm, ss = match.groups()
        try:
            return datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0)), True
        except ValueError:
            return None
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt), True
        except ValueError:
            continue
    return None


def parse_datetime(value: object) -> ParsedDate | None:
    """Parse ISO 8601, RFC 2822, "12.03.2025. 14:05", "2024-05-12 14:03:11 CEST" or Unix time.

    Returns None for anything unusable; never raises.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        dt = _from_epoch(float(value))
        return ParsedDate(dt, False) if dt else None
    if isinstance(value, datetime):
        parsed: tuple[datetime, bool] | None = (value, value.tzinfo is None)
    else:
        text = str(value).strip()[:100]
        if not text:
            return None
        if text.isdigit() and len(text) >= 9:
            dt = _from_epoch(float(text))
            return ParsedDate(dt, False) if dt else None
        parsed = _parse_text(text)
    if parsed is None:
        return None
    dt, naive = parsed
    day_only = isinstance(value, str) and ":" not in value and dt.time() == time(0)
    try:
        dt = dt.replace(tzinfo=UTC) if naive else dt.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return ParsedDate(dt, naive, day_only)


def date_flags(published: datetime | None, collected: datetime) -> list[str]:
    """Flags for implausible timestamps: in the future, or before 1990."""
    if published is None:
        return []
    if published > collected + FUTURE_TOLERANCE:
        return ["date_in_future"]
    if published < EARLIEST_PLAUSIBLE:
        return ["date_before_1990"]
    return []


ANALYSIS_YEARS = (1950, 2100)  # outside: kept and flagged at ingest; unknown to analyses


def plausible_time(value: str | datetime | None, *, ahead: bool = False) -> datetime | None:
    """A stored timestamp as an aware datetime, or None when absent, unreadable or implausible.

    Ingest keeps a document dated in year 1 or 9999 (flagged): the date is evidence of
    something. Analyses that compute with dates (time windows, daily series, relative dates,
    who posted first) treat such a date as unknown, so one bad record cannot overflow or stretch
    them, and so does a date ahead of this clock by more than ``FUTURE_TOLERANCE``: eight posts
    dated 2099 once made a narrative surge in 2099. *ahead*: keep such a date (for a caller that
    counts them apart).
    """
    if value is None:
        return None
    try:
        when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except ValueError:
        return None
    if not ANALYSIS_YEARS[0] <= when.year <= ANALYSIS_YEARS[1]:
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return None if not ahead and when > datetime.now(UTC) + FUTURE_TOLERANCE else when
