"""Running one benchmark measurement in its own interpreter, so its peak RSS is its own.

The parent starts the script again with the arguments that select a phase; the child prints
one marked JSON line with its result, which the parent reads back.
"""

from __future__ import annotations

import json
import platform
import resource
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["peak_rss_mib", "report", "run_phase", "save_summary", "OUT"]

OUT = Path(__file__).resolve().parent / "out"

RESULT_MARKER = "BENCH-RESULT "


def peak_rss_mib() -> float:
    """This process's peak resident set size so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def report(result: dict[str, Any]) -> None:
    """In the child: hand *result* to the parent."""
    print(RESULT_MARKER + json.dumps(result), flush=True)


def run_phase(script: str | Path, label: str, args: list[str]) -> dict[str, Any]:
    """In the parent: run *script* with *args* in a new interpreter and return what it reported."""
    proc = subprocess.run(
        [sys.executable, str(Path(script).resolve()), *args], stdout=subprocess.PIPE, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{label} failed with exit code {proc.returncode}")
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_MARKER):
            return dict(json.loads(line[len(RESULT_MARKER) :]))
    raise RuntimeError(f"{label} printed no result:\n{proc.stdout[-2000:]}")


def save_summary(filename: str, benchmark: str, results: dict[str, Any]) -> dict[str, Any]:
    """A run's summary, stamped with the date and the machine, written to ``out/<filename>``."""
    summary = {
        "benchmark": benchmark,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version()},
        **results,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / filename).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary
