from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from .helpers import read_bytes, records, rejected


def _export(messages: list) -> bytes:
    return json.dumps(
        {"name": "Balkan Front", "type": "public_channel", "id": 777, "messages": messages},
        ensure_ascii=False,
    ).encode()


def test_telegram_text_parts_links_forwards_dates() -> None:
    msgs = [
        {"id": 1, "type": "service", "date": "2025-03-14T19:00:00", "action": "pin_message"},
        {
            "id": 2,
            "type": "message",
            "date": "2025-03-14T19:02:11",
            "date_unixtime": "1741978931",
            "from": "Balkan Front",
            "from_id": "channel777",
            "forwarded_from": "Pravda SR",
            "text": [
                "KFOR ",
                {"type": "bold", "text": "okupator"},
                " ",
                {"type": "text_link", "text": "ovde", "href": "https://pravda.example/x"},
                " ",
                {"type": "link", "text": "https://b.example/y"},
            ],
            "reactions": [{"type": "emoji", "count": 12, "emoji": "👍"}, {"type": "emoji", "count": 3}],
        },
        {"id": 3, "type": "message", "date": "2025-03-15T08:00:00", "text": "plain string"},
    ]
    items = read_bytes("result.json", _export(msgs))
    recs = records(items)
    assert len(items) == 2  # the service message is not content
    first = recs[0]
    assert first.text == "KFOR okupator ovde https://b.example/y"
    assert first.links == ["https://pravda.example/x", "https://b.example/y"]
    assert first.shared_from == "Pravda SR"
    assert first.native_id == "777/2"
    assert first.published == "1741978931"
    assert first.engagement == {"reactions": 15}
    assert first.source == "Balkan Front"
    assert recs[1].text == "plain string" and recs[1].published == "2025-03-15T08:00:00"


def test_telegram_bad_messages_rejected_with_index() -> None:
    msgs = [{"id": 1, "text": "ok"}, "not an object", {"id": 3, "text": 42}, {"id": 4, "text": "also ok"}]
    items = read_bytes("result.json", _export(msgs))
    assert [r.text for r in records(items)] == ["ok", "also ok"]
    assert [b.position.index for b in rejected(items)] == [1, 2]


def test_telegram_truncated_export_keeps_messages_before() -> None:
    data = _export([{"id": 1, "text": "one"}, {"id": 2, "text": "two"}])[:-12]
    items = read_bytes("result.json", data)
    assert [r.text for r in records(items)] == ["one"]
    assert "malformed Telegram export" in rejected(items)[0].reason


def test_telegram_deeply_nested_message_skipped() -> None:
    deep = b"[" * 50_000 + b"]" * 50_000
    data = (
        b'{"name": "x", "messages": [{"id": 1, "text": "before"}, ' + deep + b', {"id": 3, "text": "after"}]}'
    )
    items = read_bytes("result.json", data)
    assert [r.text for r in records(items)] == ["before", "after"]
    assert "deeper than" in rejected(items)[0].reason


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.dictionaries(
                st.sampled_from(["id", "type", "date", "text", "from", "forwarded_from", "reactions"]),
                st.one_of(
                    st.text(),
                    st.integers(),
                    st.none(),
                    st.lists(
                        st.one_of(
                            st.text(), st.dictionaries(st.sampled_from(["type", "text", "href"]), st.text())
                        )
                    ),
                ),
            ),
            st.text(),
            st.integers(),
        ),
        max_size=15,
    )
)
def test_telegram_never_raises(messages: list) -> None:
    items = read_bytes("result.json", _export(messages))
    assert len(items) <= len(messages)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=500))
def test_telegram_arbitrary_bytes(data: bytes) -> None:
    read_bytes("result.json", b'{"messages": [' + data, fmt="telegram")


def test_an_export_with_a_utf8_byte_order_mark() -> None:
    """Found by an adversarial pass: a BOM (Windows tools write one) rejected the whole export."""
    message = {"id": 1, "type": "message", "date_unixtime": "1740830400", "text": "KFOR u Zvečanu"}
    items = read_bytes("result.json", b"\xef\xbb\xbf" + _export([message]))
    assert [(r.text, r.source) for r in records(items)] == [("KFOR u Zvečanu", "Balkan Front")]


def test_a_json_array_with_a_byte_order_mark_seekable_or_not() -> None:
    import io

    from hybridwatch.ingest._jsonstream import stream_array

    data = b'\xef\xbb\xbf[{"text": "one"}, {"text": "two"}]'
    assert [e["text"] for _, e in stream_array(io.BytesIO(data))] == ["one", "two"]

    class Pipe(io.RawIOBase):  # an archive member or a socket: no seeking back
        def __init__(self, data: bytes) -> None:
            self.data = data

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            size = min(len(buffer), len(self.data), 2)  # short reads, as pipes give
            buffer[:size], self.data = self.data[:size], self.data[size:]
            return size

    for raw in (data, data[3:]):  # with and without the mark
        assert [e["text"] for _, e in stream_array(io.BufferedReader(Pipe(raw)))] == ["one", "two"]
    items = read_bytes("posts.json", data)
    assert [r.text for r in records(items)] == ["one", "two"] and not rejected(items)


def test_a_whole_account_export_reads_each_chat_under_its_own_name() -> None:
    """Found by an adversarial pass: Telegram Desktop's "export all data" (chats.list[].messages)
    and an export whose messages are no array yielded nothing, not even a rejection."""
    message = {"id": 1, "type": "message", "date_unixtime": "1740830400", "text": "KFOR u Zvečanu"}
    account = {
        "about": "Here is the data you requested.",
        "personal_information": {"first_name": "A"},
        "chats": {
            "about": "chats",
            "list": [
                {"name": "Kanal A", "type": "public_channel", "id": 1, "messages": [message]},
                {"name": "Kanal B", "type": "public_channel", "id": 2, "messages": [{**message, "id": 2}]},
                {"name": "broken", "id": 3, "messages": "none"},
            ],
        },
    }
    items = read_bytes("result.json", json.dumps(account).encode())
    assert [r.source for r in records(items)] == ["Kanal A", "Kanal B"]
    assert [r.reason for r in rejected(items)] == ["chat without a messages list"]
    odd = read_bytes("result.json", json.dumps({"name": "C", "messages": {"1": message}}).encode())
    assert not records(odd) and "no messages array" in rejected(odd)[0].reason
    empty = read_bytes("result.json", _export([]))  # a channel with no messages is no error
    assert empty == []


def test_engagement_counts_and_message_types_are_checked() -> None:
    """Found by an adversarial pass: "views": true was stored as true and reactions of 10^30 as
    they came; a message whose type is a list was dropped uncounted."""
    base = {"type": "message", "date_unixtime": "1740830400", "text": "KFOR"}
    messages = [
        {**base, "id": 1, "views": True, "reactions": [{"count": 10**30}, {"count": 5}]},
        {**base, "id": 2, "views": 120, "reactions": [{"count": 3}, {"count": "7"}]},
        {**base, "id": 3, "type": ["message"]},
    ]
    items = read_bytes("result.json", _export(messages))
    first, second = records(items)
    assert first.engagement == {"reactions": 5} and second.engagement == {"reactions": 10, "views": 120}
    assert "type is not text" in rejected(items)[0].reason


def test_a_renamed_channel_keeps_its_messages_ids(tmp_path, store, lexical) -> None:
    """Found by an adversarial pass: ids hashed the channel's display name, so a renamed channel's
    export stored every message again, as a second source (a fake two-source copy-paste network)."""
    from hybridwatch.ingest import ingest

    messages = [
        {"id": n, "type": "message", "date_unixtime": "1740830400", "text": f"message {n}"} for n in (1, 2)
    ]
    for name, title in (("before.json", "Kanal A"), ("after.json", "Kanal A (renamed)")):
        export = {"name": title, "type": "public_channel", "id": 1234, "messages": messages}
        (tmp_path / name).write_text(json.dumps(export), encoding="utf-8")
    assert ingest(store, [str(tmp_path / "before.json")], identifier=lexical).stored == 2
    again = ingest(store, [str(tmp_path / "after.json")], identifier=lexical)
    assert (again.stored, again.duplicates) == (0, 2)


def test_a_store_of_messages_ided_by_the_channel_name_still_knows_them(
    tmp_path, store, lexical, monkeypatch
) -> None:
    """Messages stored before ids were scoped by the channel's id are still duplicates, not twice."""
    import dataclasses

    from hybridwatch.ingest import ingest, telegram

    message = {"id": 1, "type": "message", "date_unixtime": "1740830400", "text": "message one"}
    export = {"name": "Kanal A", "type": "public_channel", "id": 1234, "messages": [message]}
    (tmp_path / "result.json").write_text(json.dumps(export), encoding="utf-8")
    real = telegram.TelegramSource._message

    def unscoped(self, *args):  # the reader before ids were scoped
        item = real(self, *args)
        return dataclasses.replace(item, id_scope=None) if item is not None else None

    with monkeypatch.context() as patch:
        patch.setattr(telegram.TelegramSource, "_message", unscoped)
        assert ingest(store, [str(tmp_path / "result.json")], identifier=lexical).stored == 1
    again = ingest(store, [str(tmp_path / "result.json")], identifier=lexical)
    assert (again.stored, again.duplicates) == (0, 1)


def test_a_damaged_account_export_keeps_what_it_can() -> None:
    """Found in review: a whole-account export cut short lost every chat, one with a stray byte
    before "chats" lost everything without a word, and one message too deep rejected its chat."""
    message = {"id": 1, "type": "message", "date_unixtime": "1740830400", "text": "KFOR u Zvečanu"}
    chats = [{"name": f"Kanal {n}", "id": n, "messages": [{**message, "id": n}]} for n in range(1, 4)]
    deep: dict = {"text": "x"}
    for _ in range(80):
        deep = {"nested": deep}
    chats[1]["messages"].append({**message, "id": 99, "extra": deep})
    account = json.dumps({"about": "data", "chats": {"about": "chats", "list": chats}}).encode()
    whole = read_bytes("result.json", account)
    assert [r.source for r in records(whole)] == ["Kanal 1", "Kanal 2", "Kanal 3"]
    assert [r.reason for r in rejected(whole)] == ["message nested deeper than 64 levels"]
    cut = read_bytes("result.json", account[: account.index(b"Kanal 3")])
    assert [r.source for r in records(cut)] == ["Kanal 1", "Kanal 2"] and rejected(cut)
    stray = read_bytes("result.json", account.replace(b'"about": "data"', b'"about": "d\xffta"'))
    assert len(records(stray)) == 3
