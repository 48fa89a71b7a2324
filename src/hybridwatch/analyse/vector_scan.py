"""Cosine of a few queries against every row of a large matrix of unit vectors, fast and approximately.

Scoring one claim against 100,000 fact-checks (claim and title vectors) reads 300 MB of float32:
about 12 ms here, memory-bound, however it is multiplied. The same rows as int8 (one scale per
row) are a quarter of that, and ONNX Runtime multiplies int8 with the CPU's integer dot-product
instructions: the scan takes about 2 ms. Each score is then off by at most a few thousandths, so
callers use the scan only to choose a pool of rows and score that pool exactly in float32
(:func:`exact_scores`); no approximate number ever reaches a feature or an analyst.

Below ``EXACT_BELOW`` rows, or without ONNX Runtime, the scan is the exact float32 product.
"""

from __future__ import annotations

import logging

import numpy as np
import numpy.typing as npt

from hybridwatch.analyse._onnx import session

__all__ = ["VectorScan", "exact_scores", "EXACT_BELOW"]

log = logging.getLogger(__name__)
F32 = npt.NDArray[np.float32]
EXACT_BELOW = 20_000  # rows; below this the float32 product takes under 2 ms


def exact_scores(matrix: F32, rows: npt.NDArray[np.int64], query: F32) -> F32:
    """Exact float32 dot products of *query* with the given *rows* of *matrix*.

    einsum, not ``@``: a product this size wakes OpenBLAS's thread pool, whose threads then spin
    on the second core while the next embedding needs it (the next query's model run took 6 ms
    longer). einsum runs on the calling thread.
    """
    return np.asarray(np.einsum("ij,j->i", matrix[rows], query), dtype=np.float32)


class VectorScan:
    """Approximate dot products of queries with every row of one or more matrices, in one pass.

    ``engine`` says what runs: ``int8-onnx`` or ``float32-numpy`` (exact). The worst absolute error of
    the int8 scan is bounded by ``max_error`` (tested). Several matrices (a fact-check's claim and
    title vectors) are scanned as one: one call, one read of memory.
    """

    max_error = 0.01  # a generous bound for unit vectors: measured errors are about 0.002

    def __init__(self, *matrices: F32, exact_below: int | None = None) -> None:
        self.matrices = matrices
        self.engine = "float32-numpy"
        self._session = None
        rows = sum(len(m) for m in matrices)
        if rows and rows >= (EXACT_BELOW if exact_below is None else exact_below):
            try:
                self._session = _int8_session(matrices)
                self.engine = "int8-onnx"
            except Exception as exc:  # noqa: BLE001 - no ONNX Runtime here: the exact product still works
                log.warning("int8 vector scan unavailable, using float32: %s", exc)

    def scores(self, queries: F32) -> list[F32]:
        """For each matrix, its [queries, rows] scores; *queries* is [queries, dim] (unit vectors)."""
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        if self._session is None:
            return [np.asarray(queries @ m.T, dtype=np.float32) for m in self.matrices]
        scale = np.maximum(np.abs(queries).max(axis=1, keepdims=True), 1e-12) / 127
        quantised = (np.clip(np.rint(queries / scale), -127, 127) + 128).astype(np.uint8)
        (out,) = self._session.run(["scores"], {"q": quantised, "q_scale": scale.astype(np.float32)})
        bounds = np.cumsum([len(m) for m in self.matrices])[:-1]
        return [np.asarray(part, dtype=np.float32) for part in np.split(out, bounds, axis=1)]


def _int8_session(matrices: tuple[F32, ...]):  # type: ignore[no-untyped-def]
    """An ONNX Runtime session computing (q - 128) @ rows_int8.T x row scales x query scale."""
    from onnx import TensorProto, helper, numpy_helper

    scales = [np.maximum(np.abs(m).max(axis=1), 1e-12) / 127 for m in matrices]
    row_scale = np.concatenate(scales).astype(np.float32)
    quantised = np.vstack(
        [
            np.clip(np.rint(m / s[:, None]), -127, 127).astype(np.int8)
            for m, s in zip(matrices, scales, strict=True)
        ]
    )
    rows, dim = quantised.shape
    nodes = [
        helper.make_node("MatMulInteger", ["q", "rows_t", "zero"], ["dots"]),
        helper.make_node("Cast", ["dots"], ["dots_f"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["dots_f", "row_scale"], ["scaled"]),
        helper.make_node("Mul", ["scaled", "q_scale"], ["scores"]),
    ]
    graph = helper.make_graph(
        nodes,
        "int8-scan",
        [
            helper.make_tensor_value_info("q", TensorProto.UINT8, ["queries", dim]),
            helper.make_tensor_value_info("q_scale", TensorProto.FLOAT, ["queries", 1]),
        ],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["queries", rows])],
        [
            numpy_helper.from_array(
                np.ascontiguousarray(quantised.T), "rows_t"
            ),  # [dim, rows]: the fast layout
            numpy_helper.from_array(np.array(128, dtype=np.uint8), "zero"),
            numpy_helper.from_array(row_scale, "row_scale"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    return session(model.SerializeToString())
