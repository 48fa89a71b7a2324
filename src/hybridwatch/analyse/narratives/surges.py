"""Surges: a day on which a narrative's count jumps well above its trailing baseline.

For each day, the baseline is the mean count over the ``baseline_days`` before it (days without
documents count as zero, from the narrative's first day), and at least one document in those
days (1/14 a day: a narrative new or silent has no mean to divide by). A day surges when it has at least
``min_count`` documents, at least ``min_factor`` times the baseline, and a count that a Poisson
process at the baseline rate (never below ``min_rate`` a day: a quiet narrative's baseline is
uncertain) would reach with probability at most ``max_p``. The z-score against the baseline is
reported beside the factor. Many narratives are tested every day, so ``max_p`` is strict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

__all__ = ["SurgeParams", "Surge", "find_surges", "daily_series", "poisson_tail", "describe_surge"]


@dataclass(frozen=True)
class SurgeParams:
    """When a day counts as a surge."""

    baseline_days: int = 14
    min_count: int = 5
    min_factor: float = 3.0
    max_p: float = 1e-4
    min_rate: float = 0.5


@dataclass(frozen=True)
class Surge:
    """One surging day and by how much."""

    day: str
    count: int
    baseline: float
    factor: float
    z: float
    p: float
    before: int = 0  # documents in the days the baseline was taken over
    days: int = 0  # how many days that was (fewer than baseline_days for a young narrative)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape."""
        return asdict(self)


def daily_series(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Counts per day from the first to the last, with the empty days filled in as zero."""
    if not counts:
        return []
    first, last = date.fromisoformat(min(counts)), date.fromisoformat(max(counts))
    days = (first + timedelta(days=k) for k in range((last - first).days + 1))
    return [(d.isoformat(), counts.get(d.isoformat(), 0)) for d in days]


def poisson_tail(k: int, rate: float) -> float:
    """P(X >= k) for X ~ Poisson(rate), summed from the upper side (no cancellation)."""
    term = math.exp(-rate + k * math.log(rate) - math.lgamma(k + 1))
    total, n = 0.0, k
    while term > 1e-300 and (n == k or term > total * 1e-16):
        total += term
        n += 1
        term *= rate / n
    return min(total, 1.0)


def find_surges(counts: Mapping[str, int], params: SurgeParams | None = None) -> list[Surge]:
    """Every surging day of a daily series given as {YYYY-MM-DD: count}, earliest first."""
    params = params or SurgeParams()
    series = daily_series(counts)
    surges = []
    for k, (day, count) in enumerate(series):
        if k == 0 or count < params.min_count:
            continue
        window = [c for _, c in series[max(0, k - params.baseline_days) : k]]
        mean = sum(window) / len(window)
        spread = math.sqrt(sum((c - mean) ** 2 for c in window) / len(window))
        z = (count - mean) / max(spread, math.sqrt(mean), 1.0)
        # a quiet narrative's baseline is at least one document in the window: the factor and the
        # baseline reported are the same numbers ("210x its usual 0.0 a day" could not be true)
        baseline = max(mean, 1.0 / params.baseline_days)
        factor = count / baseline
        if factor < params.min_factor:
            continue
        p = poisson_tail(count, max(mean, params.min_rate))
        if p <= params.max_p:
            surges.append(
                Surge(
                    day,
                    count,
                    round(baseline, 3),
                    round(factor, 2),
                    round(z, 2),
                    float(f"{p:.3g}"),
                    before=sum(window),
                    days=len(window),
                )
            )
    return surges


def describe_surge(surge: Mapping[str, Any]) -> str:
    """A surge (its stored payload) in words, with the counts its factor stands on.

    "168x" alone reads as a landslide; "12 documents, none in the 14 days before" says what it is.
    Surges stored before ``before`` and ``days`` were kept are described by their factor alone.
    """
    count, factor, baseline = surge["count"], surge["factor"], surge["baseline"]
    days, before = surge.get("days"), surge.get("before")
    if not days:
        return f"{count} documents, {factor:g}x the baseline {baseline:g}/day"
    span = f"the {days} day{'s' if days != 1 else ''} before"
    if before:
        return f"{count} documents against {before} in {span} ({factor:g}x their daily rate)"
    return f"{count} documents, none in {span} ({factor:g}x a floor of {baseline:g} a day)"
