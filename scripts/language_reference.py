#!/usr/bin/env python3
"""Write the language reference the claim matcher uses to compare cosines across languages.

    python scripts/language_reference.py   # writes analyse/claims/models/language-reference.npz

For each language of the cross-lingual set (tests/data/crosslingual/queries.tsv: en, sr-Cyrl,
sr-Latn, sq, ru, mk, hr, bs), the mean of the e5 vectors of the odd-numbered cases' renderings (84
claims, the same ones in every language), embedded both as e5 queries and as passages. The even-numbered cases
are left for measuring the shift (benchmarks/claims.py mixed). Deterministic for one engine; the
engines agree to cosine 0.999, which moves these means by far less than the gaps they measure.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "crosslingual" / "queries.tsv"
CLAIMS = ROOT / "tests" / "data" / "crosslingual" / "claims.tsv"
OUT = ROOT / "src" / "hybridwatch" / "analyse" / "claims" / "models" / "language-reference.npz"


def reference_cases(case_id: str) -> bool:
    """The cases the reference is built from: odd-numbered (euvs-0001, euvs-0003, ...)."""
    return int(case_id.rsplit("-", 1)[1]) % 2 == 1


def main() -> int:
    from hybridwatch.analyse.claims.language_shift import REFERENCE_LANGUAGES
    from hybridwatch.analyse.embed import load_embedder

    embedder, why = load_embedder()
    if embedder is None:
        print(f"no embedding model: {why}", file=sys.stderr)
        return 1
    rows = [line.split("\t") for line in QUERIES.read_text(encoding="utf-8").splitlines()[1:] if line]
    titles = [line.split("\t") for line in CLAIMS.read_text(encoding="utf-8").splitlines()[1:] if line]
    cases = [case for case, *_ in titles if reference_cases(case)]
    text = {(case, tag): text for _, case, tag, text in rows}
    arrays: dict[str, np.ndarray] = {"model": np.array(embedder.name)}
    queries = {
        lang: embedder.embed([text[case, lang] for case in cases], kind="query")
        for lang in REFERENCE_LANGUAGES
    }
    arrays["spread_languages"] = np.array(REFERENCE_LANGUAGES)
    for kind in ("query", "passage"):
        found = {
            lang: embedder.embed([text[case, lang] for case in cases], kind=kind)
            for lang in REFERENCE_LANGUAGES
        }
        for lang in REFERENCE_LANGUAGES:
            arrays[f"{kind}/{lang}"] = found[lang].mean(axis=0).astype(np.float32)
        # the spread of a claim in one language against fact-checks in another: how far the same
        # claim's cosine stands above the other claims' (the English row's own: paraphrase to title)
        english_titles = embedder.embed([title for case, _, _, title in titles if case in cases], kind=kind)
        spread = np.zeros((len(REFERENCE_LANGUAGES), len(REFERENCE_LANGUAGES)), dtype=np.float32)
        for i, query_lang in enumerate(REFERENCE_LANGUAGES):
            for j, lang in enumerate(REFERENCE_LANGUAGES):
                same = query_lang == lang
                if same and lang != "en":
                    continue  # a rendering against itself says nothing: only English has a paraphrase
                cos = queries[query_lang] @ (english_titles if same else found[lang]).T
                other = ~np.eye(len(cos), dtype=bool)
                spread[i, j] = float(np.diag(cos).mean() - cos[other].mean())
        arrays[f"spread/{kind}"] = spread
        pairs = spread[~np.eye(len(spread), dtype=bool)]  # languages apart
        print(f"{kind}: spread in English {spread[0, 0]:.3f}, across {pairs.min():.3f}-{pairs.max():.3f}")
    print(f"{len(cases)} claims in each of {', '.join(REFERENCE_LANGUAGES)}")
    np.savez_compressed(OUT, **arrays)  # type: ignore[arg-type]
    print(f"wrote {OUT} ({embedder.name}, engine {getattr(embedder, 'engine', '?')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
