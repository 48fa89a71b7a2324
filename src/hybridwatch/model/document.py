"""The one normalised document every source becomes, and the records sources yield on the way."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

__all__ = [
    "Brief",
    "Document",
    "Record",
    "Rejected",
    "Position",
    "document_id",
    "MAX_TEXT_CHARS",
    "MAX_RAW_CHARS",
]

MAX_TEXT_CHARS = 200_000  # a field longer than this is cut and flagged "text_truncated"
MAX_TITLE_CHARS = 2_000
MAX_RAW_CHARS = 400_000  # the raw record is kept as received up to this bound
SNIPPET_CHARS = 2_000  # quarantine keeps this much of a rejected record


class _Compact:
    """Pickles as the constructor and its positional values.

    About a third less than the default costs, which counts when batches travel to and from
    normalisation workers.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), tuple(getattr(self, name) for name in _field_names(type(self)))


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


@dataclass(frozen=True, slots=True)
class Position(_Compact):
    """Where a record sits in its input: file (and archive member), line, byte offset or index."""

    location: str
    line: int | None = None
    offset: int | None = None
    index: int | None = None

    def __str__(self) -> str:
        parts = [self.location]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.index is not None:
            parts.append(f"item {self.index}")
        if self.offset is not None:
            parts.append(f"byte {self.offset}")
        return ":".join(parts)


@dataclass(slots=True)
class Record(_Compact):
    """A source's reading of one input item, before normalisation. Fields are raw values."""

    position: Position
    kind: str
    text: str = ""
    title: str = ""
    native_id: str | None = None
    url: str | None = None
    author: str | None = None
    author_name: str | None = None
    published: object = None
    language: str | None = None
    links: list[str] = field(default_factory=list)
    shared_from: str | None = None
    engagement: dict[str, int] = field(default_factory=dict)
    raw: str = ""
    flags: list[str] = field(default_factory=list)
    source: str | None = None  # a name the input itself declares (feed title, Telegram channel)
    # what native_id is unique within, when that is not the source's name: a Telegram channel's id
    # ("telegram:1234"), so that a renamed channel's messages keep their ids
    id_scope: str | None = None


def _storable(text: str) -> str:
    """*text* with any lone surrogate written out as an escape: UTF-8, and so the store, has none."""
    return text if text.isascii() else text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True, slots=True)
class Rejected(_Compact):
    """A record that could not be used, with where it was and why. Kept in quarantine."""

    position: Position
    reason: str
    snippet: str = ""
    source: str | None = None

    @classmethod
    def of(cls, position: Position, reason: str, raw: bytes | str = b"") -> Rejected:
        """Build a rejection with a bounded, printable snippet of the raw input."""
        if isinstance(raw, bytes):
            raw = raw[: SNIPPET_CHARS * 4].decode("utf-8", errors="backslashreplace")
        return cls(position, _storable(reason), _storable(raw[:SNIPPET_CHARS]))


@dataclass(slots=True)
class Document(_Compact):
    """One normalised item: a post, an article, a feed entry, a message, a note."""

    id: str
    source: str
    source_kind: str
    title: str
    text: str
    folded: str
    title_folded: str
    collected_at: datetime
    native_id: str | None = None
    url: str | None = None
    author: str | None = None
    author_name: str | None = None
    published_at: datetime | None = None
    language: str = "und"
    links: list[str] = field(default_factory=list)
    shared_from: str | None = None
    engagement: dict[str, int] = field(default_factory=dict)
    raw: str = ""
    flags: list[str] = field(default_factory=list)
    position: str = ""


@dataclass(frozen=True, slots=True)
class Brief:
    """The parts of a stored document that campaign analysis reads: light enough for millions."""

    id: str
    native_id: str | None
    source: str
    author: str | None
    published_at: datetime | None
    language: str
    folded: str  # folded title and text, one space apart
    links: tuple[str, ...] = ()
    shared_from: str | None = None
    timed: bool = True  # False when the source gave a day without a time (midnight is no time)


def document_id(source: str, native_id: str | None, *content: str | None) -> str:
    """Stable id: from source + native id when the input has one, else from source + content."""
    h = hashlib.blake2b(digest_size=16)
    h.update(source.encode("utf-8", "surrogatepass"))
    if native_id:
        h.update(b"\x1fid\x1f" + native_id.encode("utf-8", "surrogatepass"))
    else:
        for part in content:
            h.update(b"\x1f" + (part or "").encode("utf-8", "surrogatepass"))
    return h.hexdigest()
