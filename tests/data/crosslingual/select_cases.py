"""Deterministic case selection for the cross-lingual claim-retrieval set (stdlib only).

Usage: python select_cases.py [PATH/TO/posts.csv] > selection.tsv

Prints ``case_id, date, url, title_en, group`` (group = balkan | other) in the final order, and a
summary on stderr. The rule is described in README.md ("How the cases were selected").
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

DEFAULT_POSTS = Path(__file__).resolve().parents[4] / "shared/data/euvsdisinfo-cknabs/posts.csv"
TARGET_TOTAL = 170
MIN_WORDS = 4

# Western Balkans: matched in title, countries or keywords (case-insensitive).
BALKAN = re.compile(
    r"kosov|serbia|\bserbs?\b|bosnia|herzegovina|montenegr|macedonia|fyrom|albania|croatia|\bkfor\b"
    r"|\bbalkans?\b|belgrade|pristina|prishtin|sarajevo|srpska|vu[cč]i[cć]|dodik|kara[dđ][zž]i[cć]"
    r"|milo[sš]evi[cć]",
    re.IGNORECASE,
)
# "Yugoslavia" counts as Balkan only when it is in the title (as a country tag it is often incidental).
YUGOSLAVIA_IN_TITLE = re.compile(r"yugoslav", re.IGNORECASE)
# Dropped after selection: truncated headlines ("…") cut before any main verb, so they state no claim.
DROPPED = {
    "https://euvsdisinfo.eu/report/the-international-criminal-tribunal-for-the-former-yugoslavia-in-the/",
    "https://euvsdisinfo.eu/report/to-exemplify-how-nato-interventions-work-a-picture-of-dead/",
    "https://euvsdisinfo.eu/report/the-possibility-to-obtain-passports-issued-by-the-authorities-of/",
}


def is_balkan(row: dict[str, str]) -> bool:
    """Return True when the row belongs to the Western Balkans group."""
    text = " | ".join((row["title"], row["countries"], row["keywords"]))
    return bool(BALKAN.search(text) or YUGOSLAVIA_IN_TITLE.search(row["title"]))


def select(rows: list[dict[str, str]]) -> tuple[list[tuple[dict[str, str], str]], dict[str, int]]:
    """Apply the selection rule; return the ordered selection and counters."""
    stats = {"rows": len(rows), "skipped_short": 0, "skipped_short_other": 0, "skipped_dup_title": 0}
    seen_titles: set[str] = set()
    balkan: list[dict[str, str]] = []
    pool: list[dict[str, str]] = []
    for row in rows:  # file order: newest first
        short = len(row["title"].split()) < MIN_WORDS
        if is_balkan(row):
            if short:
                stats["skipped_short"] += 1
            elif row["title"] in seen_titles:
                stats["skipped_dup_title"] += 1
            else:
                seen_titles.add(row["title"])
                balkan.append(row)
        elif short:
            stats["skipped_short_other"] += 1
        else:
            pool.append(row)
    # The filler pool excludes titles already selected and keeps the first row of each title.
    filler_pool: list[dict[str, str]] = []
    pool_titles: set[str] = set()
    for row in pool:
        if row["title"] in seen_titles or row["title"] in pool_titles:
            continue
        pool_titles.add(row["title"])
        filler_pool.append(row)
    need = max(0, TARGET_TOTAL - len(balkan))
    others: list[dict[str, str]] = []
    if need:
        step = len(filler_pool) // need
        others = [filler_pool[i * step + step // 2] for i in range(need)]
    stats.update(balkan=len(balkan), filler_pool=len(filler_pool), others=len(others))
    stats["step"] = len(filler_pool) // need if need else 0
    chosen = [(r, "balkan") for r in balkan] + [(r, "other") for r in others]
    kept = [(r, g) for r, g in chosen if r["id"] not in DROPPED]
    stats["dropped_no_claim"] = len(chosen) - len(kept)
    return kept, stats


def main() -> None:
    """Print the selection as TSV."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_POSTS
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    chosen, stats = select(rows)
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
    for n, (row, group) in enumerate(chosen, start=1):
        out.writerow([f"euvs-{n:04d}", row["date"], row["id"], row["title"], group])
    print(stats, file=sys.stderr)


if __name__ == "__main__":
    main()
