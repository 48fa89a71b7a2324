"""Stream the elements of a JSON array without trusting the input's depth or size.

ijson's own item builder recurses without bound (100,000 nested ``[`` exhaust memory), so
values are built here from ijson's flat event stream with an explicit depth limit. An
element nested deeper than the limit is skipped and reported; the stream goes on.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, Any

import ijson

from hybridwatch.ingest._base import AsUtf8

__all__ = ["TOO_DEEP", "MAX_DEPTH", "stream_array", "past_bom", "JSON_ERRORS", "oneline"]

MAX_DEPTH = 64
TOO_DEEP = object()  # stands in for an element that was nested too deeply
JSON_ERRORS = (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError, ValueError)
_OPEN = {"start_map", "start_array"}
_CLOSE = {"end_map", "end_array"}


def _seek_array(events: Iterator[tuple[str, Any]], key: str | tuple[str, ...] | None) -> bool:
    """Advance *events* to just inside the wanted array; False if it is not there.

    *key* names the array under the top-level object, or a path of keys through nested objects
    (("chats", "list") in Telegram's whole-account export); None wants a top-level array.
    """
    if key is None:
        for event, _ in events:
            return event == "start_array"
        return False
    path = (key,) if isinstance(key, str) else key
    depth, matched = 0, 0  # matched: how many keys of the path lead to where we are
    for event, value in events:
        if event in _OPEN:
            depth += 1
        elif event in _CLOSE:
            depth -= 1
            matched = min(matched, max(depth - 1, 0))
        elif event == "map_key" and depth == matched + 1 and value == path[matched]:
            if matched + 1 == len(path):
                event, _ = next(events, ("", None))
                return event == "start_array"
            event, _ = next(events, ("", None))
            if event != "start_map":
                return False
            depth, matched = depth + 1, matched + 1
    return False


class _Builder:
    """Builds one value from events, with containers on an explicit stack."""

    def __init__(self) -> None:
        self.stack: list[Any] = []
        self.keys: list[str | None] = []
        self.value: Any = None

    def _add(self, value: Any) -> None:
        if not self.stack:
            self.value = value
            return
        top = self.stack[-1]
        if isinstance(top, list):
            top.append(value)
        else:
            top[self.keys[-1]] = value

    def feed(self, event: str, value: Any) -> bool:
        """Consume one event; True when a complete value is ready."""
        if event == "map_key":
            self.keys[-1] = value
            return False
        if event in _OPEN:
            container: Any = {} if event == "start_map" else []
            self._add(container)
            self.stack.append(container)
            self.keys.append(None)
            return False
        if event in _CLOSE:
            self.stack.pop()
            self.keys.pop()
            return not self.stack
        self._add(value)
        return not self.stack


def stream_array(
    stream: IO[bytes], key: str | tuple[str, ...] | None = None, max_depth: int = MAX_DEPTH
) -> Iterator[tuple[int, Any]]:
    """Yield (index, element) for the top-level array, or the array under top-level *key*.

    Elements deeper than *max_depth* come out as :data:`TOO_DEEP`. Malformed JSON raises one
    of :data:`JSON_ERRORS` after every complete element before it has been yielded. The fast C
    parser refuses some valid JSON (an integer past 64 bits, an escaped lone surrogate): where it
    stops on those, a seekable stream is read again by ijson's pure-Python parser (about ten
    times slower) from the next element on.
    """
    stream, origin = past_bom(stream)  # Windows tools write UTF-8 with a BOM, which yajl refuses
    done = 0
    try:
        for index, element in _elements(ijson.basic_parse(stream, use_float=True), key, max_depth):
            yield index, element
            done = index + 1
    except JSON_ERRORS as exc:
        # a stray byte that is not UTF-8 (a windows-1251 string in a UTF-8 file): read again with
        # it replaced (U+FFFD), rather than lose every element after it
        bad_bytes = isinstance(exc, UnicodeDecodeError) or "invalid bytes in UTF8" in str(exc)
        refused = bad_bytes or "integer overflow" in str(exc)
        if not refused or not stream.seekable():  # malformed or cut short: no parser reads on
            raise
        stream.seek(origin)
        again = io.BufferedReader(AsUtf8(stream, "utf-8")) if bad_bytes else stream
        events = _PURE_PYTHON.basic_parse(again, use_float=True)
        yield from ((i, e) for i, e in _elements(events, key, max_depth) if i >= done)


_PURE_PYTHON = ijson.get_backend("python")
_BOM = b"\xef\xbb\xbf"


def past_bom(stream: IO[bytes]) -> tuple[IO[bytes], int]:
    """The stream past a UTF-8 byte-order mark, and the offset its JSON starts at."""
    if stream.seekable():
        start = stream.tell()
        skip = len(_BOM) if stream.read(len(_BOM)) == _BOM else 0
        stream.seek(start + skip)
        return stream, start + skip
    head = stream.read(len(_BOM))
    if head == _BOM:
        return stream, 0
    return io.BufferedReader(_Prefixed(head, stream)), 0


class _Prefixed(io.RawIOBase):
    """Bytes already read from a stream, then the rest of it."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head, self._rest = bytearray(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            del self._head[:size]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _elements(events_in: Any, key: str | tuple[str, ...] | None, max_depth: int) -> Iterator[tuple[int, Any]]:
    events = iter(events_in)
    if not _seek_array(events, key):
        return
    index = 0
    builder = _Builder()
    depth = 0
    skipping = False
    for event, value in events:
        if event == "end_array" and depth == 0:
            return
        if event in _OPEN:
            depth += 1
            if depth > max_depth:
                skipping = True
        elif event in _CLOSE:
            depth -= 1
        if skipping:
            if depth == 0:
                yield index, TOO_DEEP
                index += 1
                skipping = False
                builder = _Builder()
            continue
        if builder.feed(event, value):
            yield index, builder.value
            index += 1
            builder = _Builder()


def oneline(exc: BaseException, limit: int = 200) -> str:
    """A parser error as one short line (yajl's messages span several)."""
    return " ".join(str(exc).split())[:limit]
