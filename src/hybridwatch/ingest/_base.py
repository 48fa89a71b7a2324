"""The Source contract: read one resource, yield records or rejections, never raise for bad data."""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Any, Protocol, runtime_checkable

from hybridwatch.model.document import Position, Record, Rejected

__all__ = [
    "Resource",
    "Source",
    "Options",
    "Item",
    "read_whole",
    "as_utf8",
    "wide_encoding",
    "WIDE_BOMS",
    "with_line_feeds",
    "AsUtf8",
]

Item = Record | Rejected


@dataclass(frozen=True)
class Options:
    """What the user told the ingest run about the input."""

    mapping: dict[str, str] = field(default_factory=dict)  # our field -> their column/key
    source: str | None = None
    allow_private: bool = False


@dataclass
class Resource:
    """A named stream of bytes: a file, an archive member or a fetched URL body."""

    name: str  # file name or URL, used for format detection
    location: str  # shown in positions: path, "archive.zip!member" or URL
    opener: Callable[[], IO[bytes]]
    content_type: str | None = None

    @classmethod
    def from_bytes(cls, name: str, location: str, data: bytes, content_type: str | None = None) -> Resource:
        """A resource over bytes already in memory (fetched bodies, archive members)."""
        return cls(name, location, lambda: io.BytesIO(data), content_type)

    def head(self, size: int = 4096) -> bytes:
        """The first *size* bytes, for format sniffing."""
        with self.opener() as stream:
            return stream.read(size)


class AsUtf8(io.RawIOBase):
    """A byte stream in *encoding* read as UTF-8, a chunk at a time; what does not decode is U+FFFD.

    UTF-16 and UTF-32 files (with their byte-order marks); UTF-8 with stray bytes, repaired.
    """

    def __init__(self, raw: IO[bytes], encoding: str) -> None:
        self._text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        self._pending = bytearray()
        self._started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._pending:  # one decoded chunk per call: a short read, as raw streams may give
            chunk = self._text.read(1 << 16)
            if not self._started:  # an XML declaration names the encoding: now UTF-8
                chunk, self._started = _XML_ENCODING.sub(r"\g<1>UTF-8\g<2>", chunk, count=1), True
            self._pending += chunk.encode("utf-8", "replace")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        del self._pending[:size]
        return size

    def close(self) -> None:
        self._text.close()
        super().close()


_XML_ENCODING = re.compile(r"""^(\ufeff?\s*<\?xml\s[^>]{0,200}?\bencoding\s*=\s*["'])[^"']{0,40}(["'])""")

WIDE_BOMS = (  # UTF-32's first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def wide_encoding(head: bytes) -> str | None:
    """The wide encoding ("utf-16", "utf-32") whose byte-order mark *head* starts with, if any."""
    return next((name for bom, name in WIDE_BOMS if head.startswith(bom)), None)


def as_utf8(resource: Resource) -> Resource:
    """The resource, read as UTF-8 when it starts with a UTF-16 or UTF-32 byte-order mark.

    Windows tools save text so; every reader here splits lines on UTF-8 bytes, and an XML
    parser reads the declaration at the start, whose encoding is rewritten to UTF-8.
    """
    encoding = wide_encoding(resource.head(4))
    if encoding is None:
        return resource
    return replace(resource, opener=lambda: io.BufferedReader(AsUtf8(resource.opener(), encoding)))


_SWAP_CR_LF = bytes.maketrans(b"\r\n", b"\n\r")


class _CrAsLf(io.RawIOBase):
    """A byte stream whose lines end in a carriage return alone, read with line feeds.

    A line feed inside a CSV cell, as Excel writes one, becomes a carriage return: still in the
    cell; in JSON a raw line feed can only be white space, as a carriage return is.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._raw.read(len(buffer)).translate(_SWAP_CR_LF)
        buffer[: len(chunk)] = chunk
        return len(chunk)


def with_line_feeds(resource: Resource, raw: IO[bytes]) -> IO[bytes]:
    """*raw*, the resource opened, read with line feeds if its lines end in carriage returns alone.

    Classic Mac line ends (Excel for Mac); a stream is returned as it is otherwise. Byte offsets
    stay the file's.
    """
    head = resource.head(1 << 16)
    if b"\r\n" not in head and head.count(b"\r") > head.count(b"\n"):
        return io.BufferedReader(_CrAsLf(raw))
    return raw


def read_whole(resource: Resource, limit: int, what: str) -> bytes | Rejected:
    """The resource's bytes, or a rejection when it is empty or larger than *limit* (a page, a feed)."""
    with resource.opener() as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        return Rejected.of(Position(resource.location), f"{what} larger than {limit} bytes", data[:2000])
    if not data.strip():
        return Rejected.of(Position(resource.location), "empty file")
    return data


@runtime_checkable
class Source(Protocol):
    """A connector for one input format."""

    kind: str  # "jsonl", "csv", "rss", "html", "telegram", "text"
    extensions: tuple[str, ...]

    def sniff(self, name: str, head: bytes) -> float:
        """How sure this source is that it can read the resource (0 = no, 1 = certainly)."""
        ...

    def read(self, resource: Resource, options: Options) -> Iterator[Item]:
        """Yield one Record per good item and one Rejected per bad one, in input order."""
        ...
