"""Field mapping for tabular and JSON inputs: which key or column holds which Document field.

Defaults cover common exports (CrowdTangle CSV, Twitter/X and Telegram-like JSON, generic
post dumps); ``--map field=column`` overrides any of them. Dotted keys reach into nested
JSON (``user.screen_name``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from hybridwatch.model.document import Position, Record
from hybridwatch.model.url import extract_urls

__all__ = [
    "MappingCache",
    "DEFAULT_CANDIDATES",
    "ENGAGEMENT_KEYS",
    "resolve_mapping",
    "record_from_mapping",
    "parse_map_option",
]

DEFAULT_CANDIDATES: dict[str, tuple[str, ...]] = {
    "native_id": ("id", "post_id", "message_id", "tweet_id", "id_str", "guid", "Facebook Id+URL", "URL"),
    "text": (
        "text",
        "full_text",
        "message",
        "Message",
        "content",
        "body",
        "post_text",
        "caption",
        "Description",
    ),
    "title": ("title", "headline", "Link Text", "name_of_post"),
    "url": ("url", "post_url", "permalink", "link_to_post", "URL"),
    "author": (
        "account",
        "author",
        "username",
        "screen_name",
        "user.screen_name",
        "user_name",
        "User Name",
        "from_id",
        "account_id",
        "handle",
        "channel",
    ),
    "author_name": ("account_name", "author_name", "Account", "user.name", "name", "from"),
    "published": (
        "date_unixtime",  # Telegram's exact time, beside its "date" in the exporter's local time
        "published_at",
        "created_at",
        "date",
        "timestamp",
        "time",
        "published",
        "Post Created",
        "datetime",
        "pubDate",
    ),
    "language": ("lang", "language", "Language"),
    "links": ("urls", "links", "Link", "Final Link", "expanded_url", "entities.urls"),
    "shared_from": ("shared_from", "forwarded_from", "retweeted_from", "repost_of", "quoted_from"),
}
ENGAGEMENT_KEYS: dict[str, tuple[str, ...]] = {
    "shares": ("shares", "Shares", "retweet_count", "reposts", "forwards"),
    "likes": ("likes", "Likes", "favorite_count", "like_count", "reactions_count"),
    "comments": ("comments", "Comments", "reply_count", "replies"),
    "views": ("views", "Post Views", "Total Views", "view_count", "impressions"),
    "interactions": ("Total Interactions", "interactions"),
}
FIELDS = frozenset(DEFAULT_CANDIDATES) | frozenset(ENGAGEMENT_KEYS)
MAX_LINKS = 200


def parse_map_option(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Turn ``("text=Message", "author=User Name")`` into a mapping; unknown fields raise ValueError."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field = field.strip()
        if not sep or not column or field not in FIELDS:
            raise ValueError(
                f"bad --map {pair!r}: use FIELD=COLUMN with FIELD one of {', '.join(sorted(FIELDS))}"
            )
        mapping[field] = column
    return mapping


def _get(obj: Mapping[str, Any], key: str) -> Any:
    if key in obj:
        return obj[key]
    if "." in key:
        cur: Any = obj
        for part in key.split("."):
            if not isinstance(cur, Mapping) or part not in cur:
                return None
            cur = cur[part]
        return cur
    return None


def resolve_mapping(keys: Any, user: Mapping[str, str]) -> dict[str, str]:
    """Choose, for each field, the user's column or the first default candidate present in *keys*."""
    present = set(keys)
    chosen: dict[str, str] = {}
    for field, candidates in {**DEFAULT_CANDIDATES, **ENGAGEMENT_KEYS}.items():
        if field in user:
            chosen[field] = user[field]
            continue
        for cand in candidates:
            if cand in present or ("." in cand and cand.split(".")[0] in present):
                chosen[field] = cand
                break
    return chosen


class MappingCache:
    """Resolved mappings per key layout, so heterogeneous JSON lines each map correctly."""

    def __init__(self, user: Mapping[str, str]) -> None:
        self.user = user
        self._by_layout: dict[tuple[str, ...], dict[str, str]] = {}

    def __call__(self, obj: Mapping[str, Any]) -> dict[str, str]:
        """The mapping for an object with *obj*'s keys."""
        layout = tuple(obj)
        found = self._by_layout.get(layout)
        if found is None:
            if len(self._by_layout) > 10_000:  # adversarial key churn: stop caching
                return resolve_mapping(layout, self.user)
            found = self._by_layout[layout] = resolve_mapping(layout, self.user)
        return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _links(value: Any) -> list[str]:
    if isinstance(value, str):
        return extract_urls(value) or ([value] if value.startswith(("http://", "https://")) else [])
    if isinstance(value, list):
        out: list[str] = []
        for item in value[:MAX_LINKS]:
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, Mapping):
                url = item.get("expanded_url") or item.get("url") or item.get("href")
                if isinstance(url, str):
                    out.append(url)
        return out
    return []


def count_value(value: Any) -> int | None:
    """An engagement count as a non-negative integer SQLite can hold, or None (true, 1e30, "many")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 1 << 63 else None  # SQLite's integers end there
    if isinstance(value, float) and math.isfinite(value) and 0 <= value < 2**63:  # 1e999 is inf
        return int(value)
    if isinstance(value, str):
        digits = value.strip().replace(",", "").replace(" ", "")
        return int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 19 else None
    return None


def _when(value: Any) -> Any:
    """A date as a source gives it, text or a number; any other JSON value as text.

    Date parsing reads that text or flags it; a list nested 980 levels deep kept as it was could
    not travel to a normalisation worker.
    """
    if value is None or isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    return json.dumps(value, default=str)[:200] if _shallow(value) else "(nested value)"


def _shallow(value: Any, depth: int = 0) -> bool:
    if depth > 8:
        return False
    if isinstance(value, dict):
        return all(_shallow(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return all(_shallow(v, depth + 1) for v in value)
    return True


def record_from_mapping(
    obj: Mapping[str, Any], mapping: Mapping[str, str], *, position: Position, kind: str, raw: str
) -> Record:
    """Build a Record from one JSON object or CSV row using the resolved *mapping*."""
    values = {field: _get(obj, key) for field, key in mapping.items()}
    engagement = {}
    for field in ENGAGEMENT_KEYS:
        count = count_value(values.get(field))
        if count is not None:
            engagement[field] = count
    native = values.get("native_id")
    links = _links(values.get("links"))
    return Record(
        position=position,
        kind=kind,
        text=_text(values.get("text")),
        title=_text(values.get("title")),
        native_id=_text(native) or None,
        url=_text(values.get("url")) or None,
        author=_text(values.get("author")) or None,
        author_name=_text(values.get("author_name")) or None,
        published=_when(values.get("published")),
        language=_text(values.get("language")) or None,
        links=links,
        shared_from=_text(values.get("shared_from")) or None,
        engagement=engagement,
        raw=raw,
    )
