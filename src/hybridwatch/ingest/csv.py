"""CSV/TSV exports (CrowdTangle-style social exports work without a mapping)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hybridwatch.ingest._base import Item, Options, Resource
from hybridwatch.ingest._csvrows import MAX_FIELD_CHARS, CsvRow, csv_rows
from hybridwatch.ingest._decode import decode
from hybridwatch.ingest.mapping import record_from_mapping, resolve_mapping
from hybridwatch.model.document import Position, Rejected

__all__ = ["CsvSource", "MAX_FIELD_CHARS", "csv_delimiter"]


def csv_delimiter(resource: Resource) -> str:
    """The delimiter its header row uses most: comma, semicolon, tab or bar (comma when none)."""
    first = re.split(r"\r\n?|\n", decode(resource.head(65536))[0], maxsplit=1)[0]  # CR alone: Mac
    delimiter = max(",;\t|", key=first.count)
    return delimiter if first.count(delimiter) else ","


class CsvSource:
    """Reads a header row, then one record per row; rows of the wrong width are quarantined."""

    kind = "csv"
    extensions = (".csv", ".tsv")

    def sniff(self, name: str, head: bytes) -> float:
        """CSV by extension only: content sniffing of CSV is too eager."""
        return 0.9 if name.lower().endswith(self.extensions) else 0.0

    def read(self, resource: Resource, options: Options) -> Iterator[Item]:
        """Yield one record per data row."""
        header: list[str] | None = None
        mapping: dict[str, str] = {}
        for row in csv_rows(resource, csv_delimiter(resource)):
            pos = Position(resource.location, line=row.line)
            if row.cells is None and header is None:  # a data row must not pass for the header
                yield Rejected.of(pos, f"header row unreadable: {row.error}", row.text)
                return
            if row.cells is None:
                yield Rejected.of(pos, row_error(row), row.text)
                continue
            if header is None:
                header = [h.strip().lstrip("\ufeff") for h in row.cells]
                mapping = resolve_mapping(header, options.mapping)
                continue
            if not any(cell.strip() for cell in row.cells):
                continue
            raw = row.text  # as received: its own delimiter and quoting (it was written back with commas)
            if len(row.cells) != len(header):
                yield Rejected.of(pos, f"row has {len(row.cells)} fields, header has {len(header)}", raw)
                continue
            record = record_from_mapping(
                dict(zip(header, row.cells, strict=True)), mapping, position=pos, kind=self.kind, raw=raw
            )
            record.flags.extend(sorted(row.flags))
            yield record
        if header is None:
            yield Rejected.of(Position(resource.location), "empty file: no header row")


def row_error(row: CsvRow, what: str = "CSV") -> str:
    """Why a row could not be read, as quarantine reasons say it."""
    return row.error if row.error.startswith("line longer") else f"malformed {what} row: {row.error}"
