"""CSV rows read strictly, so that an unbalanced quote costs its own row and not the rows after it.

A quoted field may hold line breaks, so one row may take several physical lines. Read leniently,
a stray quote opens a field that swallows every row until the next quote; read strictly, the row
fails where the quoting breaks, and its first line is rejected and the lines after it are read
again as rows of their own. A row may take MAX_ROW_LINES lines and MAX_FIELD_CHARS characters;
past that it is rejected whole (a long legitimate field must not come back as rows of its lines).
Each line is read again at most once, which bounds what a file of stray quotes can cost.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from hybridwatch.ingest._base import Resource
from hybridwatch.ingest._decode import decode
from hybridwatch.ingest.jsonl import iter_lines

__all__ = ["CsvRow", "csv_rows", "MAX_FIELD_CHARS", "MAX_ROW_LINES"]

MAX_FIELD_CHARS = 8 * 1024 * 1024
MAX_ROW_LINES = 10_000
csv.field_size_limit(MAX_FIELD_CHARS)


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One row as read: its cells, or why it could not be read (cells None)."""

    line: int  # its first physical line
    cells: list[str] | None
    error: str
    text: str  # its physical lines, as read
    flags: frozenset[str]  # decoding fallbacks of its lines


class _RowTooLong(Exception):
    """A quoted field that ran on past the bounds."""


class _Lines:
    """Decoded physical lines for csv.reader, noting the ones each row takes.

    Lines handed back after a row that could not be read are read again.
    """

    def __init__(self, lines: Iterator[tuple[int, int, bytes | None]]) -> None:
        self._lines = lines
        self.pending: deque[tuple[int, str, str | None]] = deque()
        self.span: list[tuple[int, str, str | None]] = []
        self.chars = 0
        self.too_far = False  # the span ran past the bounds: rejected whole
        self.too_long: list[int] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if len(self.span) >= MAX_ROW_LINES:
            raise _RowTooLong(f"row spans more than {MAX_ROW_LINES} lines")
        if self.chars > MAX_FIELD_CHARS:
            raise _RowTooLong(f"row holds more than {MAX_FIELD_CHARS} characters")
        item = self.pending.popleft() if self.pending else self._read()
        self.span.append(item)
        self.chars += len(item[1])
        return item[1] + "\n"

    def swallow_open_field(self) -> None:
        """Take into the span the lines up to the one that closes the open quoted field.

        The field closes where the span's quotes come to an even count; none of its lines is
        then read as a row.
        """
        self.too_far = True
        quotes = sum(text.count('"') for _, text, _ in self.span)
        while quotes % 2:
            try:
                item = self.pending.popleft() if self.pending else self._read()
            except StopIteration:
                return
            self.span.append(item)
            quotes += item[1].count('"')

    def _read(self) -> tuple[int, str, str | None]:
        number, _, raw = next(self._lines)
        if raw is None:  # over the line limit: reported after the rows, read as an empty line
            self.too_long.append(number)
            return number, "", None
        text, flag = decode(raw, strip_bom=number == 1)
        return number, text, flag

    def next_row(self) -> None:
        """Start a new row's span."""
        self.span, self.chars, self.too_far = [], 0, False


class _CrAsLf(io.RawIOBase):
    """A byte stream whose lines end in a carriage return alone, read with line feeds."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._raw.read(len(buffer)).replace(b"\r", b"\n")
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _width_alone(line: str, delimiter: str) -> int:
    """How many fields *line* holds as a row by itself (-1 when it is no row by itself)."""
    try:
        return len(next(csv.reader([line], delimiter=delimiter, strict=True), []))
    except csv.Error:
        return -1


_NO_FLAGS: frozenset[str] = frozenset()


def csv_rows(resource: Resource, delimiter: str = ",", width: int | None = None) -> Iterator[CsvRow]:
    """Every row of *resource*, the header row too; lines over the size limit come last.

    After a row that could not be read, the lines after its first are read again as rows of
    their own, each line at most once (so a file of stray quotes costs at most twice a clean
    one). Two exceptions: a quote left open at the end of the file is one bad record (a record
    cut short) unless one of the lines it took is a row of *width* fields by itself (default: as
    many as the first row), and a row over the bounds is rejected whole, up to the line that
    closes its quoted field (a long field must not come back as rows of its lines).
    """
    head = resource.head(1 << 16)
    carriage_returns = b"\r" in head and b"\n" not in head  # classic Mac line ends (Excel for Mac)
    with resource.opener() as raw:
        stream: IO[bytes] = io.BufferedReader(_CrAsLf(raw)) if carriage_returns else raw
        lines = _Lines(iter_lines(stream))
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        reread_upto = 0  # the last line handed back to be read again: none is handed back twice
        while True:
            lines.next_row()
            try:
                cells, error = next(reader), ""
            except StopIteration:
                if not lines.span:
                    break
                cells, error = None, "unexpected end of data"
            except csv.Error as exc:
                cells, error = None, str(exc)
                if error.startswith("field larger than field limit"):
                    lines.swallow_open_field()
            except _RowTooLong as exc:
                lines.swallow_open_field()
                cells, error = None, str(exc)
            span = lines.span
            if cells is not None:
                text = span[0][1] if len(span) == 1 else "\n".join(t for _, t, _ in span)
                flags = frozenset(f for _, _, f in span if f) if any(f for _, _, f in span) else _NO_FLAGS
                yield CsvRow(span[0][0], cells, "", text, flags)
                width = len(cells) if width is None else width
                continue
            again = [line for line in span[1:] if line[0] > reread_upto]
            if lines.too_far or (
                error.startswith("unexpected end of data")
                and not any(_width_alone(text, delimiter) == width for _, text, _ in again)
            ):
                again = []
            text = "\n".join(t for _, t, _ in span)
            flags = frozenset(f for _, _, f in span if f)
            yield CsvRow(span[0][0] if span else 0, None, f"{error} (unbalanced quote?)", text, flags)
            if again:
                lines.pending.extendleft(reversed(again))
                reread_upto = again[-1][0]
        for number in lines.too_long:
            yield CsvRow(number, None, "line longer than the size limit", "", _NO_FLAGS)
