"""Article pages: title, byline, date and main text, with navigation and boilerplate removed.

Main-text extraction is trafilatura's (a published, evaluated extractor); metadata it misses
comes from the page's own markup (meta tags, ``<time>``, byline classes). Scripts are never
executed and never kept: the stored text is plain text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from hybridwatch.ingest._base import Item, Options, Resource, read_whole
from hybridwatch.ingest._decode import codec_name, decode
from hybridwatch.ingest._htmltext import html_to_text, page_facts
from hybridwatch.model.document import MAX_RAW_CHARS, Position, Record, Rejected

__all__ = ["HtmlSource", "extract_article", "MAX_HTML_BYTES"]

MAX_HTML_BYTES = 16 * 1024 * 1024
log = logging.getLogger(__name__)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9._-]+)""", re.IGNORECASE)


# trafilatura's time grows with the square of a page's elements (10,000 linked paragraphs 1.8 s,
# 40,000 21 s, a 6 MB page 285 s): past this many tags a page is kept as its plain text
MAX_EXTRACT_TAGS = 40_000


def _main_text(markup: str) -> str | None:
    if markup.count("<") > MAX_EXTRACT_TAGS:
        return None
    try:
        import trafilatura
    except ImportError as exc:  # a hard dependency; if it breaks, keep the page as plain text and say so
        log.warning("trafilatura unavailable (%s): article text falls back to plain page text", exc)
        return None
    try:
        return (
            trafilatura.extract(
                markup, include_comments=False, include_tables=True, favor_precision=True, deduplicate=False
            )
            or None
        )
    except Exception:  # noqa: BLE001 - extractor failure on hostile markup: fall back to plain text
        return None


def extract_article(
    markup: str,
) -> tuple[str, str, str | None, str | None, str | None, list[str], str | None]:
    """Return (title, text, author, published, canonical url, links, language) of a page."""
    facts = page_facts(markup)
    text = _main_text(markup)
    plain, all_links = html_to_text(markup)
    if not text:
        text = plain
    title = facts.h1 or facts.title
    if text.startswith(title):
        text = text[len(title) :].lstrip()
    return (
        title,
        text,
        facts.author,
        facts.published,
        facts.canonical,
        facts.links or all_links,
        facts.language,
    )


_SERVED_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._-]+)""", re.IGNORECASE)


def _served_charset(content_type: str | None) -> str | None:
    """The charset an HTTP Content-Type names ("text/html; charset=koi8-r"), if any.

    Valid UTF-8 is read as UTF-8 whatever a header or a page declares.
    """
    match = _SERVED_CHARSET_RE.search(content_type or "")
    return match.group(1) if match else None


class HtmlSource:
    """One record per HTML page."""

    kind = "html"
    extensions = (".html", ".htm", ".xhtml")

    def sniff(self, name: str, head: bytes) -> float:
        """HTML by extension or by a doctype/html tag."""
        if name.lower().endswith(self.extensions):
            return 0.9
        low = head[:1024].lstrip().lower()
        return 0.8 if low.startswith((b"<!doctype html", b"<html")) else 0.0

    def read(self, resource: Resource, options: Options) -> Iterator[Item]:
        """Extract the article of the page."""
        data = read_whole(resource, MAX_HTML_BYTES, "page")
        if isinstance(data, Rejected):
            yield data
            return
        pos = Position(resource.location)
        declared = _CHARSET_RE.search(data[:4096])
        # as browsers do: the HTTP header's charset before the page's own <meta> declaration
        served = codec_name(_served_charset(resource.content_type))  # "charset=None", "utf8mb4": no label
        charset = served or (declared.group(1).decode("ascii") if declared else None)
        markup, flag = decode(data, charset)
        title, text, author, published, canonical, links, lang = extract_article(markup)
        url = canonical or (
            resource.location if resource.location.startswith(("http://", "https://")) else None
        )
        record = Record(
            position=pos,
            kind=self.kind,
            title=title,
            text=text,
            url=url,
            author=author,
            published=published,
            language=lang,
            links=links,
            raw=markup[:MAX_RAW_CHARS],
            native_id=url,
        )
        if flag:
            record.flags.append(flag)
        if len(markup) > MAX_RAW_CHARS:
            record.flags.append("raw_truncated")
        yield record
