"""CSV rows read strictly, so that an unbalanced quote costs its own row and not the rows after it.

A quoted field may hold line breaks, so one row may take several physical lines. Read leniently,
a stray quote opens a field that swallows every row until the next quote; read strictly, the row
fails where the quoting breaks, and its first line is rejected and the lines after it are read
again as rows of their own. A row may take MAX_ROW_LINES lines and MAX_FIELD_CHARS characters.
Each line is read again at most once, which bounds what a file of stray quotes can cost.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from hybridwatch.ingest._base import Resource, with_line_feeds
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

    def _read(self) -> tuple[int, str, str | None]:
        number, _, raw = next(self._lines)
        if raw is None:  # over the line limit: reported after the rows, read as an empty line
            self.too_long.append(number)
            return number, "", None
        text, flag = decode(raw, strip_bom=number == 1)
        return number, text, flag

    def next_row(self) -> None:
        """Start a new row's span."""
        self.span, self.chars = [], 0


def _alone(line: str, delimiter: str) -> list[str] | None:
    """The cells of *line* read as a row by itself; None when it is no row by itself."""
    try:
        return next(csv.reader([line], delimiter=delimiter, strict=True), [])
    except csv.Error:
        return None


def _width_alone(line: str, delimiter: str) -> int:
    """How many fields *line* holds as a row by itself (-1 when it is no row by itself)."""
    cells = _alone(line, delimiter)
    return -1 if cells is None else len(cells)


_NO_FLAGS: frozenset[str] = frozenset()


def csv_rows(resource: Resource, delimiter: str = ",", width: int | None = None) -> Iterator[CsvRow]:
    """Every row of *resource*, the header row too; lines over the size limit come last.

    After a row that could not be read, the lines after its first are read again as rows of
    their own, each line at most once (so a file of stray quotes costs at most twice a clean
    one); a line that would come round a second time is read as a row by itself. A quote left
    open at the end of the file, or a row past the bounds, is one bad record, unless one of the
    lines it took is a row of *width* fields by itself (default: as many as the first row): a
    record cut short, or a long field, must not come back as rows of its lines; a stray quote's
    rows must.
    """
    with resource.opener() as raw:
        stream = with_line_feeds(resource, raw)
        carriage_returns = stream is not raw
        lines = _Lines(iter_lines(stream))
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        reread_upto = 0  # the last line handed back to be read again: none is handed back twice
        while True:
            lines.next_row()
            open_ended = False  # a quote still open where the row had to stop
            try:
                cells, error = next(reader), ""
            except StopIteration:
                if not lines.span:
                    break
                cells, error, open_ended = None, "unexpected end of data (unbalanced quote?)", True
            except csv.Error as exc:
                cells, error = None, str(exc)
                open_ended = error.startswith("unexpected end of data")
            except _RowTooLong as exc:
                cells, error, open_ended = None, f"{exc} (unbalanced quote?)", True
            span = lines.span
            if cells is not None:
                if carriage_returns:  # a line feed inside a cell came through as a carriage return
                    cells = [cell.replace("\r", "\n") for cell in cells]
                text = span[0][1] if len(span) == 1 else "\n".join(t for _, t, _ in span)
                flags = frozenset(f for _, _, f in span if f) if any(f for _, _, f in span) else _NO_FLAGS
                yield CsvRow(span[0][0], cells, "", text, flags)
                width = len(cells) if width is None else width
                continue
            text = "\n".join(t for _, t, _ in span)
            yield CsvRow(span[0][0] if span else 0, None, error, text, frozenset(f for _, _, f in span if f))
            rest = span[1:]
            if open_ended and not any(_width_alone(line, delimiter) == width for _, line, _ in rest):
                continue  # a record cut short, or one long field: one bad record
            for number, line, flag in (item for item in rest if item[0] <= reread_upto):
                alone = _alone(line, delimiter)  # its second time round: read by itself
                if alone is not None and any(cell.strip() for cell in alone):
                    yield CsvRow(number, alone, "", line, frozenset([flag]) if flag else _NO_FLAGS)
                elif alone is None:
                    yield CsvRow(number, None, "no row by itself after a stray quote", line, _NO_FLAGS)
            again = [item for item in rest if item[0] > reread_upto]
            if again:
                lines.pending.extendleft(reversed(again))
                reread_upto = again[-1][0]
        for number in lines.too_long:
            yield CsvRow(number, None, "line longer than the size limit", "", _NO_FLAGS)
