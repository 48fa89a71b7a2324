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
    arrays: dict[str, np.ndarray] = {"model": np.array(embedder.name)}
    for lang in REFERENCE_LANGUAGES:
        texts = [text for _, case, tag, text in rows if tag == lang and reference_cases(case)]
        for kind in ("query", "passage"):
            arrays[f"{kind}/{lang}"] = embedder.embed(texts, kind=kind).mean(axis=0).astype(np.float32)
        print(f"{lang}: {len(texts)} claims")
    np.savez_compressed(OUT, **arrays)  # type: ignore[arg-type]
    print(f"wrote {OUT} ({embedder.name}, engine {getattr(embedder, 'engine', '?')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
