"""Registers the built-in sources through the plugin hooks (a plugin may override them)."""

from __future__ import annotations

from typing import Any

from hybridwatch.hookspecs import hookimpl
from hybridwatch.ingest.csv import CsvSource
from hybridwatch.ingest.feeds import FeedSource
from hybridwatch.ingest.html import HtmlSource
from hybridwatch.ingest.jsonl import JsonlSource
from hybridwatch.ingest.telegram import TelegramSource
from hybridwatch.ingest.text import TextSource


@hookimpl(trylast=True)
def register_sources() -> list[Any]:
    """The formats hybridwatch reads out of the box."""
    return [JsonlSource(), CsvSource(), FeedSource(), HtmlSource(), TelegramSource(), TextSource()]
