"""ONNX Runtime sessions as hybridwatch runs them: CPU only, quiet, and polite to each other."""

from __future__ import annotations

from typing import Any

__all__ = ["session"]


def session(model: bytes, *, threads: int | None = None) -> Any:
    """An inference session over a serialised ONNX *model*.

    Each session has its own thread pool. By default its threads go on spinning after a run,
    waiting for more work; on two cores they then starve whatever runs next (the vector scan's
    pool, OpenBLAS's, the re-ranker): a match took twice as long. Not spinning at all makes each of
    the model's ~80 operators wait for a thread to wake (3 ms a tweet, embedding alone). So threads
    spin within a run and stop when it ends (on a whole match, within this machine's noise of not
    spinning at all).
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "1")
    options.add_session_config_entry("session.force_spinning_stop", "1")
    options.log_severity_level = 3  # warnings about unused initialisers are noise here
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
