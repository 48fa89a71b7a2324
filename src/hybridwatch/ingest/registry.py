"""Which source reads which resource: by ``--format`` name, else by sniffing name and content."""

from __future__ import annotations

from hybridwatch.errors import InputError
from hybridwatch.ingest._base import Resource, Source
from hybridwatch.plugins import ensure_plugins_loaded, pm

__all__ = ["sources", "source_for", "FORMAT_NAMES"]

# --format names and the source kind that serves each ("atom" is read by the feed source).
FORMAT_NAMES = {
    "jsonl": "jsonl",
    "json": "jsonl",
    "csv": "csv",
    "rss": "rss",
    "atom": "rss",
    "html": "html",
    "telegram": "telegram",
    "text": "text",
    "markdown": "text",
}
MIN_CONFIDENCE = 0.25


def sources() -> dict[str, Source]:
    """All registered sources by kind; the first registration of a kind wins."""
    ensure_plugins_loaded()
    found: dict[str, Source] = {}
    for batch in pm.hook.register_sources():
        for source in batch:
            found.setdefault(source.kind, source)
    return found


def source_for(resource: Resource, fmt: str = "auto") -> Source | None:
    """The source for *resource*: the named format, or the most confident sniffer (None if none)."""
    available = sources()
    if fmt != "auto":
        kind = FORMAT_NAMES.get(fmt, fmt)
        if kind not in available:
            raise InputError(f"unknown format {fmt!r}; choose from auto, {', '.join(sorted(FORMAT_NAMES))}")
        return available[kind]
    head = resource.head()
    scored = sorted(((s.sniff(resource.name, head), s.kind) for s in available.values()), reverse=True)
    if not scored or scored[0][0] < MIN_CONFIDENCE:
        served = _served_as(resource.content_type)  # a page that opens with a comment, say
        return available.get(served) if served else None
    return available[scored[0][1]]


# what an HTTP Content-Type says a body is, where its first bytes do not say so themselves
_SERVED = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "rss",
    "application/atom+xml": "rss",
    "application/json": "jsonl",
    "application/x-ndjson": "jsonl",
    "text/csv": "csv",
}


def _served_as(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return _SERVED.get(content_type.split(";", 1)[0].strip().lower())
