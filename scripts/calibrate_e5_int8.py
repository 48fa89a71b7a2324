#!/usr/bin/env python3
"""Calibrate the onnx engine's int8 products: src/hybridwatch/analyse/models/e5-int8.npz.

    python scripts/calibrate_e5_int8.py

Reads the largest activation per channel entering each smoothed int8 product over a calibration
corpus (CheckThat! 2022 2A train tweets, CheckThat! 2022 1A Bulgarian train tweets, the texts of
the bundled sample's posts and fact-checks), four fifths of it; the smoothing strength is the one
whose vectors are closest to the float engine's on the fifth held out (so the figures printed for
it are those of the set it was chosen on). No test split and no label is read: calibration only
makes the int8 numbers follow the float ones. (The sample's tier benchmark scores the same
sample's texts against their labels.) Texts are read as queries ("query: "). Takes two minutes.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SAMPLE = ROOT / "src" / "hybridwatch" / "sample"
ALPHAS = (0.5, 0.6, 0.7, 0.8)


def corpus() -> list[str]:
    """The calibration texts: English and Bulgarian train tweets, the multilingual sample."""
    from hybridwatch.eval.checkworthiness import load_split
    from hybridwatch.eval.claim_retrieval import read_qrels, read_queries

    t2a = DATA / "clef2022-t2a-en"
    queries = read_queries(t2a / "CT2022-Task2A-EN-Train-Dev_Queries.tsv")
    train = read_qrels(t2a / "CT2022-Task2A-EN-Train_QRELs.tsv")
    texts = [queries[i] for i in sorted(train) if i in queries]
    bulgarian = DATA / "clef2022-t1" / "subtasks-bulgarian" / "CT22_bulgarian_1A_checkworthy.zip"
    texts += [e.text for e in load_split(bulgarian, "train")]
    for name in ("social_posts.jsonl", "surge_posts.jsonl", "factchecks/extra.jsonl"):
        for line in (SAMPLE / name).read_text(encoding="utf-8", errors="replace").splitlines():
            try:  # the sample holds broken records on purpose
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                texts += [record[k] for k in ("text", "title") if isinstance(record.get(k), str)]
    return texts


def main() -> int:
    from hybridwatch.analyse.e5_int8 import CALIBRATION, Smoothing, model_fingerprint
    from hybridwatch.analyse.e5_onnx import E5Onnx

    if not DATA.exists():
        print(f"needs ../shared/data beside the project ({DATA})", file=sys.stderr)
        return 2
    texts = corpus()
    held_out: list[str] = []
    calibration: list[str] = []
    for text in texts:  # a fifth held out, by a hash of the text: the same split on every run
        (held_out if hashlib.sha256(text.encode()).digest()[0] % 5 == 0 else calibration).append(text)
    exact = E5Onnx()
    print(f"{len(calibration)} calibration texts, {len(held_out)} held out", file=sys.stderr)
    amax = exact.activation_maxima(calibration)
    reference = exact.encode(held_out)
    fingerprint = model_fingerprint(exact.model)
    best: tuple[float, Smoothing] | None = None
    for alpha in ALPHAS:
        smoothing = Smoothing(alpha, amax, fingerprint)
        cosine = (E5Onnx(smoothing=smoothing).encode(held_out) * reference).sum(axis=1)
        print(f"alpha {alpha}: cosine to float {cosine.mean():.6f} (min {cosine.min():.6f})", file=sys.stderr)
        if best is None or cosine.mean() > best[0]:
            best = (float(cosine.mean()), smoothing)
    assert best is not None
    CALIBRATION.parent.mkdir(parents=True, exist_ok=True)
    best[1].save(CALIBRATION)
    print(f"alpha {best[1].alpha} -> {CALIBRATION.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
