"""Text for a terminal: stored content is hostile, so none of it reaches the screen as controls."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import click

__all__ = ["echo", "one_line", "json_text", "log_to_terminal"]

# all C0/C1 controls but tab and line feed, and the bidi controls that reorder what follows them
_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# what json.dumps(ensure_ascii=False) leaves raw but a terminal acts on (C1 controls, bidi)
_JSON_RAW_CONTROLS = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def echo(message: str = "", *, err: bool = False) -> None:
    """click.echo for text that may hold stored content: no terminal controls reach the screen.

    Stored text comes from adversaries: an archive member named with an escape sequence once set
    the terminal's title from `stats`, and a carriage return can overwrite what a line says.
    """
    click.echo(_TERMINAL_CONTROLS.sub("\ufffd", message), err=err)


def one_line(value: object) -> str:
    """A stored value inside a line of output: a line break in it would forge the next line."""
    return _LINE_CONTROLS.sub(" ", str(value))


def json_text(data: Any, **dumps: Any) -> str:
    """JSON of *data* with every control a terminal would act on written as a JSON escape.

    json.dumps escapes only C0 controls; a stored U+009B (a one-byte CSI) or U+202E reached the
    terminal raw through --json. Outside strings JSON is ASCII, so the escapes land in strings
    only and the JSON means the same.
    """
    text = json.dumps(data, ensure_ascii=False, **dumps)
    return _JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _TerminalLog(logging.Handler):
    """Warnings on the terminal's stderr (as Python's last-resort handler writes them), cleaned.

    Log messages name paths and URLs from the input: a file named with an escape sequence, skipped
    as a link out of its folder, set the terminal's title and cleared the screen.
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            echo(one_line(self.format(record)), err=True)
        except Exception:  # noqa: BLE001 - logging must never end the run
            self.handleError(record)


def log_to_terminal() -> None:
    """Route the package's warnings through :class:`_TerminalLog` (once per process)."""
    logger = logging.getLogger("hybridwatch")
    if not any(isinstance(h, _TerminalLog) for h in logger.handlers):
        handler = _TerminalLog(logging.WARNING)
        logger.addHandler(handler)
