"""Record → Document: bound, clean, date, identify language, fold, canonicalise links, give an id."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from hybridwatch.analyse.language import LanguageIdentifier
from hybridwatch.model.dates import DAY_ONLY_FLAG, date_flags, parse_datetime
from hybridwatch.model.document import (
    MAX_RAW_CHARS,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    Document,
    Record,
    Rejected,
    document_id,
)
from hybridwatch.model.text import fold
from hybridwatch.model.url import canonical_url, extract_urls

__all__ = ["Normaliser", "clean_text", "native_document_id"]

MAX_LINKS = 200
MAX_NAME_CHARS = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str, limit: int, flags: list[str], name: str) -> str:
    """Remove control characters and lone surrogates, and bound the length (flagging each)."""
    if not value:
        return ""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = value.encode("utf-8", "replace").decode("utf-8")
            flags.append("invalid_unicode")
    if not value.isprintable() and _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    if len(value) > limit:
        value = value[:limit]
        flags.append(f"{name}_truncated")
    return value


def _visible(text: str) -> bool:
    """True when *text* shows something, not only spaces and invisible format characters.

    Zero-width spaces and a byte-order mark alone once passed for a post with an empty text.
    """
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


def _short(value: str | None, flags: list[str], name: str) -> str | None:
    if not value:
        return None
    value = clean_text(value.strip(), MAX_NAME_CHARS, flags, name)
    return value or None


def native_document_id(record: Record, source: str) -> str | None:
    """The id a record will get, if it has a native id: lets duplicates skip normalisation."""
    native_id = _short(record.native_id, [], "native_id")
    return document_id(record.id_scope or source, native_id) if native_id else None


class Normaliser:
    """Turns records of one run into documents; holds the run's clock and language identifier."""

    def __init__(self, identifier: LanguageIdentifier, collected_at: datetime) -> None:
        self.identifier = identifier
        self.collected_at = collected_at

    def __call__(self, record: Record, source: str) -> Document | Rejected:
        """Normalise one record of *source*.

        A record with no content is rejected; so is one that breaks a rule of ours (a bug), never
        the batch around it.
        """
        try:
            return self._document(record, source)
        except Exception as exc:  # noqa: BLE001 - one record's fault must not stop the run
            return Rejected.of(
                record.position, f"cannot normalise: {type(exc).__name__}: {str(exc)[:200]}", record.raw
            )

    def _document(self, record: Record, source: str) -> Document | Rejected:
        flags = list(record.flags)
        text = clean_text(record.text, MAX_TEXT_CHARS, flags, "text")
        title = clean_text(record.title, MAX_TITLE_CHARS, flags, "title")
        if not _visible(text) and not _visible(title):
            return Rejected.of(record.position, "no text: the record has neither text nor title", record.raw)
        published = parse_datetime(record.published)
        if published is None and record.published not in (None, ""):
            flags.append("unparsed_date")
        elif published is not None and published.naive:
            flags.append("naive_timestamp")
        if published is not None and published.day_only:
            flags.append(DAY_ONLY_FLAG)  # a day, no time: no second-level window may use it
        published_at = published.value if published else None
        flags.extend(date_flags(published_at, self.collected_at))
        raw = record.raw
        if len(raw) > MAX_RAW_CHARS:
            raw = raw[:MAX_RAW_CHARS]
            flags.append("raw_truncated")
        raw = clean_text(raw, MAX_RAW_CHARS, [], "raw")
        author = _short(record.author, flags, "author")
        native_id = _short(record.native_id, flags, "native_id")
        language = self.identifier.identify(f"{title}\n{text}" if title else text, record.language)
        return Document(
            id=document_id(
                (record.id_scope if native_id else None) or source,
                native_id,
                author,
                published_at.isoformat() if published_at else None,
                title,
                text,
            ),
            source=source,
            source_kind=record.kind,
            title=title,
            text=text,
            folded=fold(text),
            title_folded=fold(title),
            collected_at=self.collected_at,
            native_id=native_id,
            url=canonical_url(record.url) or _short(record.url, flags, "url"),
            author=author,
            author_name=_short(record.author_name, flags, "author_name"),
            published_at=published_at,
            language=language,
            links=self._links(record, text),
            shared_from=_short(record.shared_from, flags, "shared_from"),
            engagement=record.engagement,
            raw=raw,
            flags=sorted(set(flags)),
            position=str(record.position),
        )

    @staticmethod
    def _links(record: Record, text: str) -> list[str]:
        seen: dict[str, None] = {}
        candidates = record.links + (extract_urls(text) if "http" in text else [])
        for url in candidates:
            canonical = canonical_url(url)
            if canonical and canonical not in seen:
                seen[canonical] = None
                if len(seen) >= MAX_LINKS:
                    break
        return list(seen)
