"""Cosine of a few queries against every row of a large matrix of unit vectors, fast and approximately.

Scoring one claim against 100,000 fact-checks (claim and title vectors) reads 300 MB of float32:
about 12 ms here, memory-bound, however it is multiplied. The same rows as int8 (one scale per
row) are a quarter of that, and ONNX Runtime multiplies them as 8-bit integers: the scan takes
about 2 ms. Each score is then off by a few thousandths, so callers use the scan only to choose a
pool of rows and score that pool exactly in float32 (:func:`exact_scores`).

Rows are quantised to +-63, not +-127: on x86 CPUs without VNNI, ONNX Runtime adds neighbouring
uint8 x int8 products in 16 bits, which clamp at 32,767; 255 x 63 x 2 never reaches it, 255 x
127 x 2 does (errors of 0.05 were seen in an emulation). Below ``EXACT_BELOW`` rows, or without
ONNX Runtime, the scan is the exact float32 product.
"""

from __future__ import annotations

import logging

import numpy as np
import numpy.typing as npt

from hybridwatch.analyse._onnx import session

__all__ = [
    "VectorScan",
    "exact_scores",
    "EXACT_BELOW",
    "ROW_LEVELS",
    "int8_rows",
    "quantise_rows",
    "quantise_queries",
]

log = logging.getLogger(__name__)
F32 = npt.NDArray[np.float32]
EXACT_BELOW = 20_000  # rows; below this the float32 product takes under 2 ms
ROW_LEVELS = 63  # int8 rows in -63..63: no 16-bit overflow in any of ONNX Runtime's x86 kernels
QUERY_ZERO = 128  # queries are uint8 around this zero point, in 1..255
_CHUNK = 65_536  # rows quantised at a time: no float temporary of the whole matrix


def exact_scores(matrix: F32, rows: npt.NDArray[np.int64], query: F32) -> F32:
    """Exact float32 dot products of *query* with the given *rows* of *matrix*.

    einsum, not ``@``: a product this size wakes OpenBLAS's thread pool, whose threads then spin
    on the second core while the next embedding needs it (the next query's model run took 6 ms
    longer). einsum runs on the calling thread.
    """
    return np.asarray(np.einsum("ij,j->i", matrix[rows], query), dtype=np.float32)


def int8_rows(matrix: F32, levels: int) -> tuple[npt.NDArray[np.int8], F32]:
    """Each row of a float32 matrix as integers in -levels..levels, and its scale (max |value| / levels)."""
    scales = (np.maximum(np.abs(matrix).max(axis=1), 1e-12) / levels).astype(np.float32)
    return np.clip(np.rint(matrix / scales[:, None]), -levels, levels).astype(np.int8), scales


def quantise_rows(matrix: F32) -> tuple[npt.NDArray[np.int8], F32]:
    """The rows as one int8 [dim, rows] matrix (the layout ONNX Runtime reads fastest) and their scales."""
    out = np.empty((matrix.shape[1], len(matrix)), dtype=np.int8)
    scales = np.empty(len(matrix), dtype=np.float32)
    for start in range(0, len(matrix), _CHUNK):
        end = min(start + _CHUNK, len(matrix))
        levels, scales[start:end] = int8_rows(matrix[start:end], ROW_LEVELS)
        out[:, start:end] = levels.T
    return out, scales


def quantise_queries(queries: F32) -> tuple[npt.NDArray[np.uint8], F32]:
    """Queries as uint8 around QUERY_ZERO (1..255), one scale per query ([queries, 1])."""
    levels, scales = int8_rows(queries, 127)
    return (levels.astype(np.int16) + QUERY_ZERO).astype(np.uint8), scales[:, None]


class VectorScan:
    """Approximate dot products of queries with every row of a matrix of unit vectors, in one pass.

    ``engine`` says what runs: ``int8-onnx`` or ``float32-numpy`` (exact); ``fallback`` why the
    int8 scan is not running where it should. Memory: the int8 rows (a quarter of the float rows)
    as ONNX Runtime holds and prepacks them, and the buffers of the largest batch; the scan keeps
    no reference to the float rows once its int8 session runs.
    """

    max_error = 0.02  # bound for unit vectors, tested; measured errors are below 0.005

    def __init__(self, matrix: F32, *, exact_below: int | None = None) -> None:
        self.matrix: F32 | None = matrix  # kept for the exact product only: the int8 session has its own copy
        self.engine = "float32-numpy"
        self.fallback: str | None = None
        self._session = None
        if len(matrix) and len(matrix) >= (EXACT_BELOW if exact_below is None else exact_below):
            try:
                self._session = _int8_session(*quantise_rows(matrix))
                self.engine = "int8-onnx"
                self.matrix = None
            except Exception as exc:  # noqa: BLE001 - no ONNX Runtime here: the exact product still works
                log.warning("int8 vector scan unavailable, using float32: %s", exc)
                self.fallback = f"int8 vector scan unavailable: {type(exc).__name__}: {exc}"

    def scores(self, queries: F32) -> F32:
        """[queries, rows] scores; *queries* is [queries, dim] (unit vectors)."""
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        if self._session is None:
            assert self.matrix is not None
            if len(queries) == 1:  # one query: on the calling thread (see exact_scores)
                return np.asarray(np.einsum("ij,j->i", self.matrix, queries[0])[None], dtype=np.float32)
            return np.asarray(queries @ self.matrix.T, dtype=np.float32)
        quantised, scale = quantise_queries(queries)
        (out,) = self._session.run(["scores"], {"q": quantised, "q_scale": scale})
        return np.asarray(out, dtype=np.float32)


def _int8_session(rows: npt.NDArray[np.int8], row_scale: F32):  # type: ignore[no-untyped-def]
    """A session computing (q - 128) @ rows x row scales x query scale.

    The rows travel inside the serialised model (protobuf's 2 GB limit: about 5 million vectors;
    above that the session fails and the scan says so in ``fallback``). ONNX Runtime keeps a run's
    buffers for the next one (its arena: three [queries, rows] float32 intermediates, 150 MB for a
    batch of 64 against 200,000 vectors); returning them after each run made a scan 1.5-2x slower.
    """
    from onnx import TensorProto, helper, numpy_helper

    dim, total = rows.shape
    nodes = [
        helper.make_node("MatMulInteger", ["q", "rows", "zero"], ["dots"]),
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
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["queries", total])],
        [
            numpy_helper.from_array(rows, "rows"),
            numpy_helper.from_array(np.array(QUERY_ZERO, dtype=np.uint8), "zero"),
            numpy_helper.from_array(row_scale, "row_scale"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    return session(model.SerializeToString())
