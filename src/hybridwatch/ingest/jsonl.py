"""JSON Lines (and JSON arrays of objects): one social post or item per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from hybridwatch.ingest._base import Item, Options, Resource, with_line_feeds
from hybridwatch.ingest._decode import decode
from hybridwatch.ingest._jsonstream import JSON_ERRORS, MAX_DEPTH, TOO_DEEP, stream_array
from hybridwatch.ingest._jsonstream import oneline as _oneline
from hybridwatch.ingest.mapping import MappingCache, record_from_mapping
from hybridwatch.model.document import Position, Rejected

__all__ = ["JsonlSource", "iter_lines", "json_objects", "array_objects", "starts_an_array", "MAX_LINE_BYTES"]

MAX_LINE_BYTES = 16 * 1024 * 1024


def iter_lines(stream: IO[bytes], limit: int | None = None) -> Iterator[tuple[int, int, bytes | None]]:
    """Yield (line number, byte offset, line) with the line ending removed.

    A line longer than *limit* is yielded as None (and skipped to its end), so one huge line
    cannot exhaust memory.
    """
    limit = limit or MAX_LINE_BYTES
    offset = 0
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        start = offset
        offset += len(line)
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drain the rest of the oversized line
                more = stream.readline(1 << 20)
                offset += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield number, start, None
            continue
        if line.endswith(b"\n"):
            line = line[:-2] if line.endswith(b"\r\n") else line[:-1]
        yield number, start, line


JsonLine = tuple[Position, dict[str, Any], str, str | None]


def json_objects(resource: Resource) -> Iterator[JsonLine | Rejected]:
    """(position, object, decoded line, decoding flag) per JSON Lines record; bad lines rejected."""
    with resource.opener() as raw:
        for number, offset, line in iter_lines(with_line_feeds(resource, raw)):
            pos = Position(resource.location, line=number, offset=offset)
            if line is None:
                yield Rejected.of(pos, f"line longer than {MAX_LINE_BYTES} bytes")
                continue
            if not line.strip():
                continue
            text, flag = decode(line)
            if not text.strip():  # a byte-order mark alone
                continue
            try:
                obj = json.loads(text)
            except (ValueError, RecursionError) as exc:
                yield Rejected.of(pos, f"malformed JSON: {str(exc)[:200]}", line)
                continue
            if not isinstance(obj, dict):
                yield Rejected.of(pos, f"expected a JSON object, got {type(obj).__name__}", line)
                continue
            yield pos, obj, text, flag


class JsonlSource:
    """Reads ``.jsonl``/``.ndjson`` line by line, and ``.json`` arrays of objects item by item."""

    kind = "jsonl"
    extensions = (".jsonl", ".ndjson", ".jsonlines")

    def sniff(self, name: str, head: bytes) -> float:
        """JSONL by extension; a JSON array or object-per-line by content."""
        if name.lower().endswith(self.extensions):
            return 0.9
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if text.startswith(b"{") and b"\n{" in text:
            return 0.6
        if text.startswith(b"[") and b'"messages"' not in head:
            return 0.4
        return 0.0

    def read(self, resource: Resource, options: Options) -> Iterator[Item]:
        """Yield one record per line (or array item)."""
        if not resource.name.lower().endswith(self.extensions) and starts_an_array(resource):
            yield from self._read_array(resource, options)
        else:
            yield from self._read_lines(resource, options)

    def _read_lines(self, resource: Resource, options: Options) -> Iterator[Item]:
        mapping = MappingCache(options.mapping)
        for item in json_objects(resource):
            if isinstance(item, Rejected):
                yield item
                continue
            pos, obj, text, flag = item
            try:
                record = record_from_mapping(obj, mapping(obj), position=pos, kind=self.kind, raw=text)
            except (TypeError, ValueError, RecursionError, OverflowError) as exc:
                yield Rejected.of(pos, f"cannot map record: {exc}", text)
                continue
            if flag:
                record.flags.append(flag)
            yield record

    def _read_array(self, resource: Resource, options: Options) -> Iterator[Item]:
        mapping = MappingCache(options.mapping)
        for item in array_objects(resource):
            if isinstance(item, Rejected):
                yield item
            else:
                pos, obj, raw, _ = item
                yield record_from_mapping(obj, mapping(obj), position=pos, kind=self.kind, raw=raw)


def starts_an_array(resource: Resource) -> bool:
    """True when the resource's JSON is an array (of objects, one record each), not lines."""
    with resource.opener() as stream:
        return stream.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"["


def array_objects(resource: Resource) -> Iterator[JsonLine | Rejected]:
    """(position, object, its JSON, None) per item of a JSON array, read as a stream.

    A bad item is rejected; a malformed array is rejected from the item where it breaks.
    """
    index = -1
    with resource.opener() as stream:
        try:
            for index, obj in stream_array(stream):
                pos = Position(resource.location, index=index)
                if obj is TOO_DEEP:
                    yield Rejected.of(pos, f"JSON nested deeper than {MAX_DEPTH} levels")
                elif not isinstance(obj, dict):
                    yield Rejected.of(pos, f"expected a JSON object, got {type(obj).__name__}", str(obj))
                else:
                    yield pos, obj, _dumps(obj), None
        except JSON_ERRORS as exc:
            yield Rejected.of(
                Position(resource.location, index=index + 1),
                f"malformed JSON array at item {index + 1}: {_oneline(exc)}",
            )


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)
