"""ONNX Runtime sessions as hybridwatch runs them: CPU only, quiet, and polite to each other."""

from __future__ import annotations

from typing import Any

__all__ = ["session"]


def session(model: bytes, *, threads: int | None = None) -> Any:
    """An inference session over a serialised ONNX *model*.

    Each session has its own thread pool whose threads, by default, spin for a while after each run
    waiting for more work. That makes one embedding 3 ms faster here, but on two cores spinning
    threads starve everything else that runs between two embeddings (the vector scan's pool,
    OpenBLAS's): a match took twice as long. Here they sleep.
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # warnings about unused initialisers are noise here
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
