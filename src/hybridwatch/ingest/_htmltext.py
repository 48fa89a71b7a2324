"""Plain text and metadata out of untrusted HTML, with the standard library's tolerant parser.

Script, style and template contents are dropped (never executed, never kept as markup);
block elements become line breaks; entities are decoded once. Used for feed item bodies
and as the fallback when article extraction finds nothing.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text", "PageFacts", "page_facts"]

_SKIP = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "head"})
_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer blockquote pre hr".split()
)
MAX_LINKS = 500


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        if tag == "a" and len(self.links) < MAX_LINKS:
            href = dict(attrs).get("href")
            if href and href.startswith(("http://", "https://")):
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# a "<" that opens no tag is text, as browsers read it; written as "&lt;" before parsing, since
# html.parser looks ahead from each for a tag's end (4 MiB of "<" took 30 s, growing faster than
# its length)
_LONE_ANGLE = re.compile(r"<(?![A-Za-z/!?])")


def _parseable(markup: str) -> str:
    return _LONE_ANGLE.sub("&lt;", markup) if "<" in markup else markup


def html_to_text(markup: str) -> tuple[str, list[str]]:
    """Return (visible text, absolute links) of an HTML fragment or page."""
    parser = _TextParser()
    try:
        parser.feed(_parseable(markup))
        parser.close()
    except (AssertionError, ValueError):  # pathological markup: keep what was read
        pass
    return _tidy("".join(parser.parts)), parser.links


class PageFacts(HTMLParser):
    """Title, byline, date, canonical URL and article links from a page's markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1 = ""
        self.author: str | None = None
        self.published: str | None = None
        self.canonical: str | None = None
        self.language: str | None = None
        self.links: list[str] = []
        self._capture: str | None = None
        self._byline_depth = 0
        self._byline: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.language = a["lang"]
        elif tag == "title" and not self.title:
            self._capture = "title"
        elif tag == "h1" and not self.h1:
            self._capture = "h1"
        elif tag == "meta":
            self._meta(a)
        elif tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.canonical = a["href"]
        elif tag == "time" and a.get("datetime") and not self.published:
            self.published = a["datetime"]
        elif tag == "article":
            self._in_article += 1
        elif tag == "a" and self._in_article and len(self.links) < MAX_LINKS:
            href = a.get("href", "")
            if href.startswith(("http://", "https://")):
                self.links.append(href)
        classes = (a.get("class", "") + " " + a.get("rel", "") + " " + a.get("itemprop", "")).lower()
        if self.author is None and any(k in classes for k in ("byline", "author")):
            self._byline_depth += 1

    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
        content = a.get("content", "").strip()
        if not content:
            return
        if key in {"author", "article:author", "dc.creator", "parsely-author"} and not self.author:
            self.author = content
        elif (
            key
            in {
                "article:published_time",
                "datepublished",
                "dc.date",
                "pubdate",
                "date",
                "og:published_time",
                "parsely-pub-date",
            }
            and not self.published
        ):
            self.published = content
        elif key == "og:url" and not self.canonical:
            self.canonical = content
        elif key == "og:title" and not self.title:
            self.title = content

    def handle_endtag(self, tag: str) -> None:
        if tag in {"title", "h1"}:
            self._capture = None
        elif tag == "article":
            self._in_article = max(0, self._in_article - 1)
        if self._byline_depth and tag in {"span", "div", "p", "a", "address"}:
            self._byline_depth -= 1
            if not self._byline_depth and self._byline and self.author is None:
                self.author = " ".join("".join(self._byline).split()) or None

    def handle_data(self, data: str) -> None:
        if self._capture == "title":
            self.title += data
        elif self._capture == "h1":
            self.h1 += data
        if self._byline_depth:
            self._byline.append(data)


def page_facts(markup: str) -> PageFacts:
    """Parse page metadata; never raises on bad markup."""
    facts = PageFacts()
    try:
        facts.feed(_parseable(markup))
        facts.close()
    except (AssertionError, ValueError):
        pass
    facts.title = " ".join(facts.title.split())
    facts.h1 = " ".join(facts.h1.split())
    if facts.author:
        facts.author = facts.author.removeprefix("By ").removeprefix("by ").strip()[:200] or None
    return facts
