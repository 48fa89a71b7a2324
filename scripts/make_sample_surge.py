#!/usr/bin/env python3
# ruff: noqa: E501 -- the posts are Serbian text, kept one sentence a line
"""Add a SYNTHETIC surging narrative to hybridwatch's bundled sample.

Writes ``src/hybridwatch/sample/surge_posts.jsonl``: posts of one narrative ("NATO is building a
new base in the north of Kosovo", modelled on the base-expansion narratives of ../shared/context.md)
at two a day for three weeks, then fourteen on one day, in Serbian Latin and Cyrillic, by invented
accounts. Each post puts the claim (one of three phrasings) after one of twelve openers, with a
place or a time and mostly the campaign's hashtag, so they are one narrative without being copies
of one text. Records the planted surge
in ``ground_truth.json`` (key ``surge``) and the file's language counts (key ``counts``).

Usage::

    python scripts/make_sample_surge.py

Deterministic (fixed seed; uses hybridwatch's own Latin-to-Cyrillic table); run after ``make_sample.py`` (which rewrites ground_truth.json).
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hybridwatch.eval.synthetic import lat2cyr

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "hybridwatch" / "sample"
START = datetime(2025, 4, 1, tzinfo=UTC)
BASE_DAYS, PER_DAY, SURGE_COUNT = 21, 2, 14

OPENERS = (
    "Beograd ćuti dok",
    "Meštani kod Jarinja javljaju da",
    "Mediji prećutkuju da",
    "Kamioni noću prolaze kroz Zubin Potok jer",
    "Posle Bondstila sada",
    "Srbi sa severa ne žele ovo, ali",
    "Niko nas nije pitao, a",
    "Helikopteri nadleću Jarinje jer",
    "Podelite pre nego što obrišu:",
    "Priština i Amerikanci su se tajno dogovorili i",
    "Ovo je priprema za rat protiv Srbije:",
    "Dok svi gledaju na drugu stranu,",
)
CLAIMS = (
    "niče nova NATO baza na severu Kosova",
    "NATO gradi novu bazu na severu Kosova",
    "nova baza NATO-a na severu Kosova raste iz dana u dan",
)
DETAILS = (
    "u Leposaviću",
    "u Zvečanu",
    "kod Rudara",
    "jutros",
    "sinoć oko ponoći",
    "u Zubinom Potoku",
    "na Brnjaku",
    "danas popodne",
)
TAGS = ("#NATObazaNaSeveru", "#NATObazaNaSeveru #KiM", "#NATObazaNaSeveru", "#Jarinje", "")
ACCOUNTS = tuple(
    f"@{name}"
    for name in (
        "sever_danas",
        "glas_jarinja",
        "kim_info",
        "srbin_sa_severa",
        "leposavic_live",
        "zvecan_vesti",
        "ibar_news",
        "kosovka_devojka",
        "obicni_gradjanin",
        "pravoslavni_kim",
    )
)


def main() -> None:
    rng = random.Random(20250422)
    posts, ids = [], []
    days = [(d, PER_DAY) for d in range(BASE_DAYS)] + [(BASE_DAYS, SURGE_COUNT)]
    counts = {"en": 0, "sr-Cyrl": 0, "sr-Latn": 0, "sq": 0, "ru": 0}
    for day, n in days:
        for _ in range(n):
            when = START + timedelta(days=day, seconds=rng.randrange(6 * 3600, 23 * 3600))
            text = f"{rng.choice(OPENERS)} {rng.choice(CLAIMS)} {rng.choice(DETAILS)}. {rng.choice(TAGS)}".strip()
            cyrillic = rng.random() < 0.4
            if cyrillic:
                text = lat2cyr(text)
            post_id = f"tw-9{len(posts):04d}"
            posts.append(
                {
                    "id": post_id,
                    "platform": "x",
                    "account": rng.choice(ACCOUNTS),
                    "created_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "text": text,
                    "urls": [],
                    "shares": rng.randrange(200),
                    "likes": rng.randrange(500),
                    "synthetic": True,
                }
            )
            counts["sr-Cyrl" if cyrillic else "sr-Latn"] += 1
            ids.append(post_id)
    posts.sort(key=lambda p: p["created_at"])
    (SAMPLE / "surge_posts.jsonl").write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts), encoding="utf-8"
    )
    truth_path = SAMPLE / "ground_truth.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    truth["counts"]["surge_posts.jsonl"] = counts
    truth["surge"] = {
        "narrative": "NATO is building a new base in the north of Kosovo (synthetic)",
        "file": "surge_posts.jsonl",
        "day": (START + timedelta(days=BASE_DAYS)).date().isoformat(),
        "baseline_per_day": PER_DAY,
        "count_on_the_day": SURGE_COUNT,
        "factor": SURGE_COUNT / PER_DAY,
        "posts": ids,
    }
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
