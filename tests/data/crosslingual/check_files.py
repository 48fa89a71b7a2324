"""Validate claims.tsv, queries.tsv and qrels.tsv against posts.csv (stdlib only).

Usage: python check_files.py [PATH/TO/posts.csv]    (exit code 1 and a list of problems on failure)
"""

from __future__ import annotations

import collections
import csv
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import select_cases  # noqa: E402

LANGS = ("sr-Cyrl", "sr-Latn", "sq", "ru", "en", "mk", "hr", "bs")
CYRILLIC_LANGS = ("sr-Cyrl", "ru", "mk")
LATIN_LANGS = ("sr-Latn", "sq", "en", "hr", "bs")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
RUSSIAN_ONLY = re.compile(r"[ыэъёйщьюяЫЭЪЁЙЩЬЮЯ]")  # letters neither Serbian nor Macedonian writes
SERBIAN_ONLY = re.compile(r"[ђјљњћџЂЈЉЊЋЏ]")
NOT_MACEDONIAN = re.compile(r"[ђћЂЋ]")  # Serbian letters Macedonian lacks (it writes ѓ ќ)


def read_tsv(path: Path) -> list[list[str]]:
    """Read a TSV file written without quoting."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def norm(text: str) -> str:
    """Fold case, typography and punctuation for a near-identity comparison."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


def main() -> int:
    """Run every check; print a summary and return the exit code."""
    posts_path = Path(sys.argv[1]) if len(sys.argv) > 1 else select_cases.DEFAULT_POSTS
    with posts_path.open(encoding="utf-8", newline="") as fh:
        posts = list(csv.DictReader(fh))
    by_url = {r["id"]: r for r in posts}
    by_title: dict[str, list[str]] = collections.defaultdict(list)
    for r in posts:
        by_title[r["title"]].append(r["id"])
    problems: list[str] = []

    claims = read_tsv(HERE / "claims.tsv")
    if claims[0] != ["case_id", "date", "url", "title_en"]:
        problems.append(f"claims.tsv header {claims[0]}")
    expected, _ = select_cases.select(posts)
    if len(claims) - 1 != len(expected):
        problems.append(f"claims.tsv has {len(claims) - 1} cases, selection rule gives {len(expected)}")
    case_url: dict[str, str] = {}
    for n, (row, (exp, _group)) in enumerate(zip(claims[1:], expected, strict=False), start=1):
        if len(row) != 4:
            problems.append(f"claims.tsv bad row {row}")
            continue
        cid, date, url, title = row
        case_url[cid] = url
        if cid != f"euvs-{n:04d}" or url != exp["id"]:
            problems.append(f"claims.tsv {cid}: not the selection rule's case {n}")
        post = by_url.get(url)
        if post is None or post["date"] != date or post["title"] != title:
            problems.append(f"claims.tsv {cid}: date/url/title differ from posts.csv")

    queries = read_tsv(HERE / "queries.tsv")
    if queries[0] != ["query_id", "case_id", "lang", "text"]:
        problems.append(f"queries.tsv header {queries[0]}")
    per_lang: collections.Counter[str] = collections.Counter()
    query_case: dict[str, str] = {}
    for row in queries[1:]:
        if len(row) != 4:
            problems.append(f"queries.tsv bad row {row}")
            continue
        qid, cid, lang, text = row
        per_lang[lang] += 1
        if qid in query_case:
            problems.append(f"duplicate query id {qid}")
        query_case[qid] = cid
        if qid != f"{cid}-{lang}" or cid not in case_url or lang not in LANGS:
            problems.append(f"queries.tsv {qid}: bad id/case/lang")
        if not text.strip() or text != text.strip():
            problems.append(f"{qid}: empty text or stray whitespace")
        if '"' in text:
            problems.append(f"{qid}: ASCII double quote (breaks naive TSV readers)")
        has_cyr = bool(CYRILLIC.search(text))
        if lang in CYRILLIC_LANGS and not has_cyr:
            problems.append(f"{qid}: no Cyrillic")
        if lang in LATIN_LANGS and has_cyr:
            problems.append(f"{qid}: Cyrillic in a Latin-script row")
        if lang in ("sr-Cyrl", "mk") and RUSSIAN_ONLY.search(text):
            problems.append(f"{qid}: Russian-only letter in {lang}")
        if lang == "mk" and NOT_MACEDONIAN.search(text):
            problems.append(f"{qid}: Serbian-only letter in Macedonian")
        if lang == "ru" and SERBIAN_ONLY.search(text):
            problems.append(f"{qid}: Serbian-only letter in Russian")
        if lang in ("sr-Latn", "hr", "bs") and re.search(r"[ëç]", text):
            problems.append(f"{qid}: Albanian letter in {lang}")
        if lang == "sq" and re.search(r"[čćšžđ]", text):
            problems.append(f"{qid}: Serbian letter in Albanian")
        if lang == "en" and cid in case_url and norm(text) == norm(by_url[case_url[cid]]["title"]):
            problems.append(f"{qid}: English paraphrase equals the title")
    if len(set(per_lang.values())) != 1 or set(per_lang) != set(LANGS):
        problems.append(f"unequal counts per language {dict(per_lang)}")
    if per_lang and next(iter(per_lang.values())) != len(case_url):
        problems.append("queries per language != number of cases")

    qrels: dict[str, set[str]] = collections.defaultdict(set)
    for row in read_tsv(HERE / "qrels.tsv"):
        if len(row) != 4 or row[1] != "0" or row[3] != "1":
            problems.append(f"qrels.tsv bad row {row}")
            continue
        qid, _, url, _ = row
        if qid not in query_case:
            problems.append(f"qrels.tsv unknown query {qid}")
        if url not in by_url:
            problems.append(f"qrels.tsv URL not in posts.csv: {url}")
        qrels[qid].add(url)
    for qid, cid in query_case.items():
        url = case_url.get(cid, "")
        want = set(by_title[by_url[url]["title"]]) if url in by_url else set()
        if not qrels.get(qid):
            problems.append(f"{qid}: no qrel")
        elif qrels[qid] != want:
            problems.append(f"{qid}: qrels {sorted(qrels[qid])} != case + identical titles {sorted(want)}")

    extra = sum(len(v) - 1 for v in qrels.values())
    print(f"posts.csv rows: {len(posts)}; cases: {len(case_url)}; queries per language: {dict(per_lang)}")
    print(f"qrels lines: {sum(len(v) for v in qrels.values())} ({extra} for identical-title duplicates)")
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
