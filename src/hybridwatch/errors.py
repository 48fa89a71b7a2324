"""One exception tree for the whole package.

::

    HybridwatchError
     ├── InputError        the run cannot proceed: unreadable path, unknown format name
     │    └── FetchError   a URL could not be fetched safely (refused, too big, timed out)
     ├── StoreError        the store cannot be opened or written
     │    └── StoreLocked  another process holds the write lock
     └── NotInstalled      an optional dependency is missing; says what to install

Bad *records* are never exceptions: sources yield ``Rejected`` items and the run goes on.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "HybridwatchError",
    "InputError",
    "FetchError",
    "StoreError",
    "StoreLocked",
    "NotInstalled",
    "error_body",
]


class HybridwatchError(Exception):
    """Root of every error hybridwatch raises on purpose."""


class InputError(HybridwatchError):
    """The input as a whole cannot be read.

    *problems*: when several things are wrong at once (a rule file with two mistakes), each one;
    the message holds them all, a line each.
    """

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class FetchError(InputError):
    """A URL could not be fetched within the safety rules."""


class StoreError(HybridwatchError):
    """The store cannot be opened or written."""


class StoreLocked(StoreError):
    """Another writer holds the database lock beyond the busy timeout."""


class NotInstalled(HybridwatchError):
    """An optional extra is needed: ``pip install hybridwatch[NAME]``."""


def error_body(message: str, *, status: int = 400, errors: list[str] | None = None) -> dict[str, Any]:
    """The one JSON error shape for CLI ``--json`` output and the API."""
    return {"ok": False, "error": message, "errors": errors or [message], "status": status}
