from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hybridwatch.errors import InputError
from hybridwatch.ingest import Options, ingest
from hybridwatch.store import SQLiteStore

POSTS = [
    {
        "id": "a1",
        "account": "@glas",
        "created_at": "2025-03-14T18:00:00Z",
        "text": "Вучић: Србија неће признати Косово. https://Pravda.example/x?utm_source=tg#top",
        "likes": 5,
    },
    {
        "id": "a2",
        "account": "@glas",
        "created_at": "2025-03-14T18:01:00",
        "text": "Kosova është shtet i pavarur dhe NATO e mbështet.",
        "lang": "sq",
    },
    {
        "id": "a3",
        "account": "@ru",
        "created_at": "2031-01-01T00:00:00Z",
        "text": "Россия поставила Сербии ПВО.",
    },
    {
        "id": "a4",
        "account": "@old",
        "created_at": "1985-01-01T00:00:00Z",
        "text": "Archive item from long ago.",
    },
    {"id": "a5", "account": "@x", "created_at": "not a date", "text": "KFOR patrols near the Ibar bridge."},
]


def _write(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_counts_flags_and_normalised_fields(tmp_path: Path, store, lexical) -> None:
    lines = [json.dumps(p, ensure_ascii=False).encode() for p in POSTS] + [
        b"{oops",
        b'{"id": "e", "text": ""}',
    ]
    path = _write(tmp_path / "posts.jsonl", lines)
    report = ingest(store, [str(path)], identifier=lexical)
    assert (report.read, report.stored, report.duplicates, report.quarantined) == (7, 5, 0, 2)
    docs = {d.native_id: d for d in store.iter_documents()}
    a1 = docs["a1"]
    assert a1.source == "posts" and a1.source_kind == "jsonl"
    assert a1.language == "sr-Cyrl"
    assert a1.folded.startswith("vucic: srbija nece priznati kosovo")
    assert a1.links == ["https://pravda.example/x"]
    assert a1.engagement == {"likes": 5}
    assert a1.published_at is not None and a1.published_at.isoformat() == "2025-03-14T18:00:00+00:00"
    assert json.loads(a1.raw)["id"] == "a1"
    assert a1.position == f"{path}:line 1:byte 0"
    assert docs["a2"].flags == ["naive_timestamp"] and docs["a2"].language == "sq"
    assert docs["a3"].flags == ["date_in_future"]
    assert docs["a4"].flags == ["date_before_1990"]
    assert docs["a5"].flags == ["unparsed_date"] and docs["a5"].published_at is None
    assert report.flags["naive_timestamp"] == 1


def test_reingest_counts_duplicates(tmp_path: Path, store, lexical) -> None:
    path = _write(tmp_path / "p.jsonl", [json.dumps(p).encode() for p in POSTS])
    ingest(store, [str(path)], identifier=lexical)
    again = ingest(store, [str(path)], identifier=lexical)
    assert (again.read, again.stored, again.duplicates, again.quarantined) == (5, 0, 5, 0)
    assert store.count() == 5
    runs = store.stats()["runs"]
    assert [r["stored"] for r in runs] == [0, 5] and all(r["status"] == "completed" for r in runs)


def test_ids_without_native_id_come_from_content(tmp_path: Path, store, lexical) -> None:
    path = _write(
        tmp_path / "p.jsonl", [b'{"text": "same text"}', b'{"text": "same text"}', b'{"text": "other"}']
    )
    report = ingest(store, [str(path)], identifier=lexical)
    assert (report.stored, report.duplicates) == (2, 1)


def test_source_option_and_mapping(tmp_path: Path, store, lexical) -> None:
    path = _write(tmp_path / "p.jsonl", [b'{"body": "mapped text", "who": "@m"}'])
    ingest(
        store,
        [str(path)],
        options=Options(source="monitor-1", mapping={"text": "body", "author": "who"}),
        identifier=lexical,
    )
    (doc,) = store.iter_documents()
    assert (doc.source, doc.text, doc.author) == ("monitor-1", "mapped text", "@m")


def test_hostile_fields_are_cleaned_and_bounded(tmp_path: Path, store, lexical, monkeypatch) -> None:
    import hybridwatch.ingest.normalise as normalise

    monkeypatch.setattr(normalise, "MAX_TEXT_CHARS", 1000)
    lines = [
        json.dumps({"id": "1", "text": "nul\u0000byte and \ud800 lone surrogate"}).encode(),
        json.dumps({"id": "2", "text": "x" * 5000, "account": "@" + "a" * 1000}).encode(),
        json.dumps({"id": "3", "text": "<script>alert(1)</script><img src=x onerror=alert(2)>"}).encode(),
    ]
    report = ingest(store, [str(_write(tmp_path / "h.jsonl", lines))], identifier=lexical)
    assert report.stored == 3
    docs = {d.native_id: d for d in store.iter_documents()}
    assert "\x00" not in docs["1"].text and "invalid_unicode" in docs["1"].flags
    assert len(docs["2"].text) == 1000 and "text_truncated" in docs["2"].flags
    assert len(docs["2"].author or "") == 300 and "author_truncated" in docs["2"].flags
    assert docs["3"].text == "<script>alert(1)</script><img src=x onerror=alert(2)>"  # kept as text, verbatim


def test_missing_path_fails_before_any_work(store, lexical) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest(store, ["/nonexistent/file.jsonl"], identifier=lexical)
    assert store.stats()["runs"] == []


def test_unknown_format_of_named_file_is_quarantined(tmp_path: Path, store, lexical) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x00\x01\x02binary")
    report = ingest(store, [str(path)], identifier=lexical)
    assert report.quarantined == 1
    assert "unrecognised format" in store.quarantined()[0]["reason"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(st.binary(max_size=200), st.builds(lambda t: json.dumps({"text": t}).encode(), st.text())),
        max_size=30,
    )
)
def test_invariant_read_equals_stored_duplicates_quarantined(
    tmp_path: Path, lexical, lines: list[bytes]
) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines))
    with SQLiteStore(":memory:") as store:
        for _ in range(2):
            r = ingest(store, [str(path)], identifier=lexical)
            assert r.read == r.stored + r.duplicates + r.quarantined
            assert store.count() <= r.read or r.stored == 0


def test_utf16_files_are_read_not_quarantined_line_by_line(tmp_path, store, lexical) -> None:
    """Windows tools save text as UTF-16 with a byte-order mark; every line was once 'malformed JSON'."""
    lines = '{"id": "1", "text": "Косово је Србија"}\n{"id": "2", "text": "KFOR in Mitrovica"}\n'
    path = tmp_path / "posts.jsonl"
    path.write_bytes(lines.encode("utf-16"))
    report = ingest(store, [str(path)], identifier=lexical)
    assert (report.read, report.stored, report.quarantined) == (2, 2, 0)
    assert sorted(d.text for d in store.iter_documents()) == ["KFOR in Mitrovica", "Косово је Србија"]
    wider = tmp_path / "wider.jsonl"  # UTF-32's mark begins with UTF-16's: told apart
    wider.write_bytes('{"id": "3", "text": "Приштина"}\n'.encode("utf-32"))
    feeds = []
    for n, (encoding, declared) in enumerate((("utf-16", "UTF-16"), ("utf-32", "UTF-8"))):
        feed = tmp_path / f"feed{n}.xml"  # the declaration, right or not, is rewritten to UTF-8
        feed.write_bytes(
            f'<?xml version="1.0" encoding="{declared}"?><rss version="2.0"><channel><title>t</title>'
            f"<item><title>Вести</title><link>https://a.example/{n}</link><description>Митровица {n}"
            "</description></item></channel></rss>".encode(encoding)
        )
        feeds.append(str(feed))
    report = ingest(store, [str(wider), *feeds], identifier=lexical)
    assert (report.read, report.stored, report.quarantined) == (3, 3, 0)
    assert {"Приштина", "Митровица 0", "Митровица 1"} <= {d.text for d in store.iter_documents()}


def test_utf16_is_read_in_linear_time() -> None:
    """Large reads of a transcoded stream (a whole feed or page at once) once grew quadratically."""
    import time

    from hybridwatch.ingest._base import Resource, as_utf8

    data = ("Косово је Србија. " * 600_000).encode("utf-16")  # 21 MiB
    resource = as_utf8(Resource.from_bytes("big.txt", "big.txt", data))
    start = time.perf_counter()
    with resource.opener() as stream:
        text = stream.read(64 << 20)
    assert len(text.decode("utf-8")) == 18 * 600_000 and time.perf_counter() - start < 3.0


def test_a_lone_surrogate_in_a_link_costs_nothing(tmp_path, store, lexical) -> None:
    """A URL escape no URL can hold ("\\ud800") once crashed the run and lost its batch."""
    lines = [json.dumps({"id": str(i), "text": f"good post {i}"}) for i in range(20)]
    lines.append(
        '{"id": "bad", "text": "bad url", "url": "http://x.org/\\ud800", "links": ["http://a.example/\\udc00"]}'
    )
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest(store, [str(path)], identifier=lexical)
    assert (report.read, report.stored, report.quarantined) == (21, 21, 0)
    odd = next(d for d in store.iter_documents() if d.native_id == "bad")
    assert odd.url == "http://x.org/%EF%BF%BD" and odd.links == ["http://a.example/%EF%BF%BD"]


def test_a_post_of_invisible_characters_is_no_text(tmp_path, store, lexical) -> None:
    path = tmp_path / "posts.jsonl"
    lines = ['{"id": "1", "text": "   \\u200b\\u200b\\u00a0 \\ufeff "}', '{"id": "2", "text": "😀😀"}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest(store, [str(path)], identifier=lexical)
    assert (report.stored, report.quarantined) == (1, 1)  # emoji are content; zero-width is not
    assert report.quarantine_reasons == {"no text": 1}
