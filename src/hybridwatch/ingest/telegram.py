"""Telegram Desktop channel exports (``result.json``), read as a stream message by message."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import ijson

from hybridwatch.ingest._base import Item, Options, Resource
from hybridwatch.ingest._jsonstream import JSON_ERRORS, MAX_DEPTH, TOO_DEEP, past_bom, stream_array
from hybridwatch.ingest._jsonstream import oneline as _oneline
from hybridwatch.ingest.mapping import count_value
from hybridwatch.model.document import Position, Record, Rejected

__all__ = ["TelegramSource", "message_text"]

_LINK_TYPES = frozenset({"link", "text_link", "url"})


def message_text(value: Any) -> tuple[str, list[str]] | None:
    """Flatten Telegram's ``text`` (a string, or a list of strings and entity parts).

    Returns (text, links), or None when the value is of no known shape.
    """
    if isinstance(value, str):
        return value, []
    if not isinstance(value, list):
        return None
    parts: list[str] = []
    links: list[str] = []
    for part in value:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict):
            text = part.get("text")
            if isinstance(text, str):
                parts.append(text)
            kind = part.get("type")
            href = part.get("href") if kind == "text_link" else text if kind in _LINK_TYPES else None
            if isinstance(href, str) and href.startswith(("http://", "https://")):
                links.append(href)
    return "".join(parts), links


def _reactions(message: dict[str, Any]) -> int | None:
    reactions = message.get("reactions")
    if not isinstance(reactions, list):
        return None
    total = 0
    for r in reactions:
        count = count_value(r.get("count")) if isinstance(r, dict) else None
        if count is not None:
            total += count
    return count_value(total)  # each in SQLite's integers, and their sum too (10^30 was stored)


class TelegramSource:
    """One record per channel message; service messages (pins, joins) are not content."""

    kind = "telegram"
    extensions = ()

    def sniff(self, name: str, head: bytes) -> float:
        """A JSON object with a ``messages`` array, as Telegram Desktop writes it."""
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            return 0.0
        if b'"messages"' in head:
            return 0.95
        return 0.5 if name.lower().endswith("result.json") else 0.0

    def read(self, resource: Resource, options: Options) -> Iterator[Item]:
        """Yield one record per message, streaming; a truncated export keeps what came before."""
        channel, has_messages = self._channel(resource)
        if not has_messages:  # Telegram Desktop's whole-account export: chats.list[].messages
            yield from self._account(resource)
            return
        index = -1
        with resource.opener() as stream:
            try:
                for index, message in stream_array(stream, "messages"):
                    yield from self._one(message, Position(resource.location, index=index), channel)
            except JSON_ERRORS as exc:
                yield Rejected.of(
                    Position(resource.location, index=index + 1),
                    f"malformed Telegram export at message {index + 1}: {_oneline(exc)}",
                )
                return
        if index < 0:  # no messages where a channel has them: an account's export it could not tell
            yield from self._account(resource, empty_is_fine=True)

    def _one(self, message: Any, pos: Position, channel: dict[str, Any]) -> Iterator[Item]:
        if message is TOO_DEEP:
            yield Rejected.of(pos, f"message nested deeper than {MAX_DEPTH} levels")
            return
        item = self._message(message, pos, channel)
        if item is not None:
            yield item

    def _account(self, resource: Resource, *, empty_is_fine: bool = False) -> Iterator[Item]:
        """The chats of a whole-account export, one at a time, each with its own name.

        A chat is read whole (built without recursion), deeper than a message may be: a message
        too deep costs itself, not its chat. *empty_is_fine*: a channel with no messages yet is no error.
        """
        chats = 0
        with resource.opener() as stream:
            try:
                for number, body in stream_array(stream, ("chats", "list"), max_depth=CHAT_DEPTH):
                    chats += 1
                    pos = Position(resource.location, index=number)
                    if body is TOO_DEEP:
                        yield Rejected.of(pos, f"chat nested deeper than {CHAT_DEPTH} levels")
                        continue
                    if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
                        yield Rejected.of(pos, "chat without a messages list", json.dumps(body, default=str))
                        continue
                    info = {k: body[k] for k in CHANNEL_FIELDS if k in body}
                    for index, message in enumerate(body["messages"]):
                        where = Position(f"{resource.location}!chat {number}", index=index)
                        deep = _deeper(message, MAX_DEPTH)
                        yield from self._one(TOO_DEEP if deep else message, where, info)
            except JSON_ERRORS as exc:  # a cut export keeps the chats before the cut
                where = Position(resource.location, index=chats)
                yield Rejected.of(where, f"malformed Telegram export: {_oneline(exc)}")
                return
        if chats == 0 and not empty_is_fine:  # neither a channel's messages nor an account's chats
            yield Rejected.of(Position(resource.location), "no messages array: not a Telegram export")

    def _channel(self, resource: Resource) -> tuple[dict[str, Any], bool]:
        """Top-level name/id/type/username, and whether a top-level ``messages`` array is there.

        Telegram writes the channel's fields before ``messages``.
        """
        found: dict[str, Any] = {}
        messages = False
        depth, key = 0, None
        with resource.opener() as raw:
            stream, _ = past_bom(raw)
            try:
                events = ijson.basic_parse(stream, use_float=True)
                for event, value in events:
                    if event in {"start_map", "start_array"}:
                        depth += 1
                    elif event in {"end_map", "end_array"}:
                        depth -= 1
                    elif depth == 1 and event == "map_key":
                        key = value
                        if key == "chats":  # a whole account's export
                            break
                        if key == "messages":
                            event, _ = next(events, ("", None))
                            messages = event == "start_array"
                            break
                    elif depth == 1 and key in CHANNEL_FIELDS and event in {"string", "number"}:
                        found[key] = value
                    if depth > MAX_DEPTH:
                        break
            except JSON_ERRORS:  # a broken export: its reader says where it breaks
                messages = key != "chats"
        return found, messages

    def _message(self, message: Any, pos: Position, channel: dict[str, Any]) -> Item | None:
        raw = json.dumps(message, ensure_ascii=False, default=str)
        if not isinstance(message, dict):
            return Rejected.of(pos, f"message is not an object but {type(message).__name__}", raw)
        kind = message.get("type", "message")
        if not isinstance(kind, str):  # a list here was dropped uncounted
            return Rejected.of(pos, f"message type is not text but {type(kind).__name__}", raw)
        if kind != "message":  # service messages (pins, joins) are not content
            return None
        flat = message_text(message.get("text", ""))
        if flat is None:
            return Rejected.of(
                pos, f"message text has unsupported type {type(message.get('text')).__name__}", raw
            )
        text, links = flat
        name = channel.get("name")
        msg_id = message.get("id")
        chan_id = channel.get("id")
        published = message.get("date_unixtime") or message.get("date")
        engagement: dict[str, int] = {}
        reactions = _reactions(message)
        if reactions is not None:
            engagement["reactions"] = reactions
        views = count_value(message.get("views"))  # not true, not 10^30
        if views is not None:
            engagement["views"] = views
        return Record(
            position=pos,
            kind=self.kind,
            text=text,
            native_id=f"{chan_id}/{msg_id}" if msg_id is not None else None,
            url=_message_url(channel, msg_id),
            author=str(message.get("from_id") or (f"channel{chan_id}" if chan_id else "")) or None,
            author_name=str(message.get("from") or name or "") or None,
            published=published,
            links=links,
            shared_from=str(message["forwarded_from"]) if message.get("forwarded_from") else None,
            engagement=engagement,
            raw=raw,
            source=str(name) if name else None,
            # the channel's id, not its name, scopes its message ids: a renamed channel's messages
            # are the same documents (they came back as a second source, a fake copy-paste network)
            id_scope=f"telegram:{chan_id}" if isinstance(chan_id, int | str) and str(chan_id) else None,
        )


CHANNEL_FIELDS = ("name", "id", "type", "username")  # a channel's (or a chat's) own fields
CHAT_DEPTH = 1_000  # a chat's nesting, its messages' included; each message is held to MAX_DEPTH


def _deeper(value: Any, limit: int) -> bool:
    """Whether *value* nests lists and objects more than *limit* levels deep (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def _message_url(channel: dict[str, Any], msg_id: Any) -> str | None:
    username = channel.get("username")
    if isinstance(username, str) and username and isinstance(msg_id, int):
        return f"https://t.me/{username}/{msg_id}"
    return None
