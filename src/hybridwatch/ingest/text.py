"""Plain-text and Markdown files: one document per file."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hybridwatch.ingest._base import Item, Options, Resource
from hybridwatch.ingest._decode import decode
from hybridwatch.model.document import MAX_RAW_CHARS, Position, Record, Rejected
from hybridwatch.model.url import extract_urls

__all__ = ["TextSource", "MAX_TEXT_FILE_BYTES"]

MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024
_MD_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_MD_MARKUP = re.compile(r"(^\s{0,3}#{1,6}\s+|^\s*[-*+]\s+|^\s*>\s?|\*\*|__|`)", re.MULTILINE)


def _title_and_body(text: str, markdown: bool) -> tuple[str, str]:
    lines = text.strip().splitlines()
    if not lines:
        return "", ""
    first = lines[0].strip()
    heading = _MD_HEADING.match(first) if markdown else None
    if heading:
        return heading.group(1), "\n".join(lines[1:]).strip()
    return (first[:200] if len(first) <= 200 else ""), text.strip()


class TextSource:
    """Reads ``.txt`` and ``.md`` files; Markdown links and headings are reduced to text."""

    kind = "text"
    extensions = (".txt", ".md", ".markdown", ".text")

    def sniff(self, name: str, head: bytes) -> float:
        """Text by extension; otherwise a weak guess for anything without NUL bytes."""
        if name.lower().endswith(self.extensions):
            return 0.9
        return 0.05 if head and b"\x00" not in head else 0.0

    def read(self, resource: Resource, options: Options) -> Iterator[Item]:
        """The whole file is one record; its first heading or line is the title."""
        with resource.opener() as stream:
            data = stream.read(MAX_TEXT_FILE_BYTES + 1)
        pos = Position(resource.location)
        if not data.strip():
            yield Rejected.of(pos, "empty file")
            return
        flags = []
        if len(data) > MAX_TEXT_FILE_BYTES:
            data = data[:MAX_TEXT_FILE_BYTES]
            flags.append("text_truncated")
        text, flag = decode(data)
        if flag:
            flags.append(flag)
        markdown = resource.name.lower().endswith((".md", ".markdown"))
        links = [m.group(2) for m in _MD_LINK.finditer(text)] if markdown else []
        body_src = _MD_LINK.sub(r"\1", text) if markdown else text
        title, body = _title_and_body(body_src, markdown)
        if markdown:
            body = _MD_MARKUP.sub("", body)
        links += [u for u in extract_urls(text) if u not in links]
        yield Record(
            position=pos,
            kind="markdown" if markdown else self.kind,
            title=title,
            text=body,
            links=links,
            raw=text[:MAX_RAW_CHARS],
            flags=flags,
        )
