from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from hybridwatch.ingest._base import Options

from .helpers import read_bytes, records, rejected


def test_jsonl_maps_common_fields() -> None:
    line = {
        "id": "tw-1",
        "account": "@glas",
        "account_name": "Glas",
        "created_at": "2025-03-14T18:00:00Z",
        "text": "KFOR patrol in Mitrovica",
        "lang": "en",
        "urls": ["https://a.example/x?utm_source=t"],
        "shares": 4,
        "likes": "1,204",
        "comments": 2,
        "shared_from": "@other",
    }
    (rec,) = read_bytes("posts.jsonl", json.dumps(line).encode())
    assert rec.native_id == "tw-1"
    assert rec.author == "@glas" and rec.author_name == "Glas"
    assert rec.text == "KFOR patrol in Mitrovica"
    assert rec.language == "en"
    assert rec.links == ["https://a.example/x?utm_source=t"]
    assert rec.engagement == {"shares": 4, "likes": 1204, "comments": 2}
    assert rec.shared_from == "@other"


def test_jsonl_bad_lines_are_rejected_with_line_and_offset() -> None:
    data = b'{"id": "1", "text": "ok one"}\n{broken\n[1, 2]\n\n{"id": "2", "text": "ok two"}\n'
    items = read_bytes("x.jsonl", data)
    assert [r.text for r in records(items)] == ["ok one", "ok two"]
    bad = rejected(items)
    assert [(b.position.line, b.position.offset) for b in bad] == [(2, 30), (3, 38)]
    assert "malformed JSON" in bad[0].reason
    assert "expected a JSON object" in bad[1].reason
    assert bad[0].snippet == "{broken"


def test_jsonl_invalid_utf8_line_recovered_and_flagged() -> None:
    cyr = "Вучић у Приштини".encode("cp1251")
    data = b'{"id": "1", "text": "' + cyr + b'"}\n'
    (rec,) = records(read_bytes("x.jsonl", data))
    assert rec.text == "Вучић у Приштини"
    assert rec.flags == ["decoded_as:windows-1251"]


def test_a_stray_byte_in_utf8_text_is_replaced_not_read_as_a_legacy_codepage() -> None:
    """One bad byte in a Cyrillic UTF-8 line once turned the whole line into windows-1251 mojibake."""
    line = "Косово је Србија, каже".encode()
    data = b'{"id": "1", "text": "' + line[:10] + b"\xff" + line[10:] + b'"}\n'
    (rec,) = records(read_bytes("x.jsonl", data))
    assert rec.text == "Косов\ufffdо је Србија, каже"
    assert rec.flags == ["decoded_as:utf-8-replaced"]
    (plain,) = records(read_bytes("x.jsonl", b'{"id": "2", "text": "caf\xe9 in Pri\xb9tina"}\n'))
    assert plain.flags == ["decoded_as:windows-1250"]  # no valid multi-byte character: a codepage


def test_jsonl_oversized_line_is_rejected_without_losing_next(monkeypatch) -> None:
    import hybridwatch.ingest.jsonl as jsonl

    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1000)
    data = b'{"text": "' + b"a" * 5000 + b'"}\n{"text": "after"}\n'
    items = read_bytes("x.jsonl", data)
    assert [r.text for r in records(items)] == ["after"]
    assert "longer than" in rejected(items)[0].reason


def test_jsonl_deep_nesting_is_rejected() -> None:
    data = b"[" * 100_000 + b"]" * 100_000 + b'\n{"text": "fine"}\n'
    items = read_bytes("x.jsonl", data)
    assert [r.text for r in records(items)] == ["fine"]
    assert len(rejected(items)) == 1


def test_json_array_of_objects() -> None:
    data = json.dumps([{"id": 1, "text": "one"}, "junk", {"id": 2, "text": "two"}]).encode()
    items = read_bytes("dump.json", data)
    assert [r.text for r in records(items)] == ["one", "two"]
    assert rejected(items)[0].position.index == 1


def test_json_array_truncated_keeps_earlier_items() -> None:
    data = b'[{"id": 1, "text": "one"}, {"id": 2, "text": "two"}, {"id": 3, "te'
    items = read_bytes("dump.json", data)
    assert [r.text for r in records(items)] == ["one", "two"]
    assert "malformed JSON array" in rejected(items)[0].reason


def test_jsonl_user_mapping_overrides_defaults() -> None:
    data = json.dumps({"body": "main text", "text": "not this", "who": "@x"}).encode()
    (rec,) = read_bytes("x.jsonl", data, options=Options(mapping={"text": "body", "author": "who"}))
    assert rec.text == "main text" and rec.author == "@x"


def test_jsonl_nested_keys() -> None:
    data = json.dumps({"id_str": "9", "full_text": "hi there", "user": {"screen_name": "abc"}}).encode()
    (rec,) = read_bytes("x.jsonl", data)
    assert rec.author == "abc" and rec.native_id == "9"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_jsonl_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    items = read_bytes("fuzz.jsonl", data, fmt="jsonl")
    head = data[: 1 << 16]  # lines end in carriage returns alone where those outnumber line feeds
    cr = b"\r\n" not in head and head.count(b"\r") > head.count(b"\n")
    non_blank = sum(1 for line in data.split(b"\r" if cr else b"\n") if line.strip())
    assert len(items) <= max(non_blank, 1)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["id", "text", "title", "account", "created_at", "urls", "likes"]),
            st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text(), max_size=3)),
        )
    )
)
def test_jsonl_one_item_per_line(objs: list[dict]) -> None:
    data = "\n".join(json.dumps(o) for o in objs).encode()
    items = read_bytes("fuzz.jsonl", data, fmt="jsonl")
    assert len(items) == len(objs)
    assert not rejected(items)


def test_unicode_digits_in_counts_do_not_crash() -> None:
    (rec,) = records(
        read_bytes("x.jsonl", '{"text": "t", "likes": "²", "shares": "٣", "comments": "7"}'.encode())
    )
    assert rec.engagement == {"comments": 7}


def test_valid_json_the_fast_parser_refuses_loses_nothing() -> None:
    """Integers past 64 bits, an escaped lone surrogate, 1e999: once the end of a file or array."""
    lines = b'{"id": "1", "text": "one", "likes": 1e999}\n{"id": "2", "text": "two", "likes": 18446744073709551616}\n'
    assert [r.native_id for r in records(read_bytes("x.jsonl", lines))] == ["1", "2"]
    for element in (
        '{"id": "b", "from_id": 18446744073709551616, "text": "y"}',
        '{"id": "b", "text": "\\udfff"}',
    ):
        array = f'[{{"id": "a", "text": "x"}}, {element}, {{"id": "c", "text": "z"}}]'.encode()
        assert "\\udfff" in array.decode() or "184467" in array.decode()  # the JSON escape itself
        items = read_bytes("x.json", array)
        assert [r.native_id for r in records(items)] == ["a", "b", "c"] and rejected(items) == []


def test_jsonl_with_lines_ending_in_carriage_returns() -> None:
    """Found by an adversarial pass: classic Mac line ends made three good records one bad one
    (CSV read them; JSON Lines split on line feeds only)."""
    data = b'{"id": "1", "text": "one"}\r{"id": "2", "text": "two"}\r{"id": "3", "text": "three"}\r'
    items = read_bytes("posts.jsonl", data)
    assert [r.text for r in records(items)] == ["one", "two", "three"] and not rejected(items)
    assert [r.position.offset for r in records(items)] == [0, 27, 54]  # the file's byte offsets


def test_telegram_lines_are_dated_by_their_exact_time() -> None:
    """Found by an adversarial pass: the naive local "date" was taken before "date_unixtime", so a
    message was off by the exporter's UTC offset and flagged naive."""
    line = {"id": 1, "date": "2025-03-01T13:00:00", "date_unixtime": "1740830400", "text": "Poruka"}
    (record,) = records(read_bytes("tg.jsonl", json.dumps(line).encode()))
    assert record.published == "1740830400"  # 12:00 UTC


def test_a_date_given_as_nested_json_is_text_to_parse() -> None:
    """Found by an adversarial pass: a date nested 980 levels deep (valid JSON) was kept as it was
    and could not be pickled to a normalisation worker."""
    deep = "[" * 400 + "]" * 400
    data = f'{{"id": "d", "text": "deep date", "created_at": {deep}}}\n{{"id": "m", "text": "x", "created_at": ["2025", 1]}}'
    first, second = records(read_bytes("posts.jsonl", data.encode()))
    assert first.published == "(nested value)" and second.published == '["2025", 1]'


def test_a_stray_byte_in_a_json_array_costs_no_element_after_it() -> None:
    """Found by an adversarial pass: one windows-1251 string in a UTF-8 array lost every element
    after it, uncounted (yajl stops at the byte; the retry covered other refusals only)."""
    parts = [json.dumps({"id": str(n), "text": f"post {n}"}).encode() for n in range(10)]
    parts[3] = b'{"id": "3", "text": "' + "Приштина".encode("cp1251") + b'"}'
    got = read_bytes("posts.json", b"[" + b",".join(parts) + b"]")
    texts = [r.text for r in records(got)]
    assert len(texts) == 10 and texts[9] == "post 9" and "\ufffd" in texts[3] and not rejected(got)
