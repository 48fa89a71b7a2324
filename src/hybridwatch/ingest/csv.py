"""CSV/TSV exports (CrowdTangle-style social exports work without a mapping)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from hybridwatch.ingest._base import Item, Options, Resource
from hybridwatch.ingest._decode import decode
from hybridwatch.ingest.jsonl import iter_lines
from hybridwatch.ingest.mapping import record_from_mapping, resolve_mapping
from hybridwatch.model.document import Position, Rejected

__all__ = ["CsvSource", "MAX_FIELD_CHARS"]

MAX_FIELD_CHARS = 8 * 1024 * 1024
MAX_ROW_LINES = 10_000  # a quoted field may span lines, but not forever
csv.field_size_limit(MAX_FIELD_CHARS)


class _Lines:
    """Decoded physical lines for the csv module, remembering numbers and decoding flags."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.line = 0
        self.offset = 0
        self.flags: dict[int, str] = {}
        self.too_long: list[int] = []

    def __iter__(self) -> Iterator[str]:
        with self.resource.opener() as stream:
            for number, offset, raw in iter_lines(stream):
                self.line, self.offset = number, offset
                if raw is None:
                    self.too_long.append(number)
                    yield "\n"
                    continue
                text, flag = decode(raw, strip_bom=number == 1)
                if flag:
                    self.flags[number] = flag
                yield text + "\n"


class _Dialect(csv.excel):
    """RFC 4180 quoting with the delimiter found in the header row."""


def _dialect(head: str) -> type[csv.Dialect]:
    first = head.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first.count)
    return type("Sniffed", (_Dialect,), {"delimiter": delimiter if first.count(delimiter) else ","})


class CsvSource:
    """Reads a header row, then one record per row; rows of the wrong width are quarantined."""

    kind = "csv"
    extensions = (".csv", ".tsv")

    def sniff(self, name: str, head: bytes) -> float:
        """CSV by extension only: content sniffing of CSV is too eager."""
        return 0.9 if name.lower().endswith(self.extensions) else 0.0

    def read(self, resource: Resource, options: Options) -> Iterator[Item]:
        """Yield one record per data row."""
        head, _ = decode(resource.head(65536))
        lines = _Lines(resource)
        reader = csv.reader(lines, _dialect(head), strict=True)
        header: list[str] | None = None
        mapping: dict[str, str] = {}
        start = 1
        while True:
            start = lines.line + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield Rejected.of(Position(resource.location, line=start), f"malformed CSV row: {exc}")
                continue
            pos = Position(resource.location, line=start)
            if lines.line - start > MAX_ROW_LINES:
                yield Rejected.of(pos, f"row spans more than {MAX_ROW_LINES} lines (unclosed quote?)")
                continue
            if header is None:
                header = [h.strip().lstrip("\ufeff") for h in row]
                mapping = resolve_mapping(header, options.mapping)
                continue
            raw = _row_text(row)
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield Rejected.of(pos, f"row has {len(row)} fields, header has {len(header)}", raw)
                continue
            record = record_from_mapping(
                dict(zip(header, row, strict=True)), mapping, position=pos, kind=self.kind, raw=raw
            )
            record.flags.extend(sorted({f for n, f in lines.flags.items() if start <= n <= lines.line}))
            yield record
        for number in lines.too_long:
            yield Rejected.of(Position(resource.location, line=number), "line longer than the size limit")
        if header is None:
            yield Rejected.of(Position(resource.location), "empty file: no header row")


def _row_text(row: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(row)
    return out.getvalue().rstrip("\r\n")
