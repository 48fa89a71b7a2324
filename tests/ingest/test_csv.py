from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from .helpers import read_bytes, records, rejected

CT_HEADER = "Account,User Name,Facebook Id,Page Category,Post Created,Type,Likes,Comments,Shares,Post Views,URL,Message,Link"


def test_crowdtangle_columns_map_without_configuration() -> None:
    row = (
        "Srpski Glas,srpskiglas,1001,NEWS,2024-05-12 14:03:11 CEST,Link,120,4,33,0,"
        'https://www.facebook.example/1001/posts/9,"KFOR, again: ""occupier"" talk\nsecond line",'
        "https://pravda.example/a?utm_source=fb"
    )
    (rec,) = read_bytes("export.csv", f"{CT_HEADER}\n{row}\n".encode())
    assert rec.author == "srpskiglas"
    assert rec.author_name == "Srpski Glas"
    assert rec.text == 'KFOR, again: "occupier" talk\nsecond line'
    assert rec.published == "2024-05-12 14:03:11 CEST"
    assert rec.url == "https://www.facebook.example/1001/posts/9"
    assert rec.native_id == "https://www.facebook.example/1001/posts/9"
    assert rec.links == ["https://pravda.example/a?utm_source=fb"]
    assert rec.engagement == {"likes": 120, "comments": 4, "shares": 33, "views": 0}


def test_csv_wrong_width_row_rejected_neighbours_kept() -> None:
    data = b"id,text,author\n1,first,a\n2,broken\n3,third,c\n"
    items = read_bytes("x.csv", data)
    assert [r.text for r in records(items)] == ["first", "third"]
    (bad,) = rejected(items)
    assert bad.position.line == 3
    assert "2 fields, header has 3" in bad.reason


def test_csv_unterminated_quote_at_end_rejected() -> None:
    data = b'id,text\n1,fine\n2,"never closed\n'
    items = read_bytes("x.csv", data)
    assert [r.text for r in records(items)] == ["fine"]
    assert len(rejected(items)) == 1
    assert rejected(items)[0].position.line == 3


def test_csv_semicolon_and_tab_dialects() -> None:
    assert records(read_bytes("x.csv", b"id;text\n1;hello\n"))[0].text == "hello"
    assert records(read_bytes("x.tsv", b"id\ttext\n1\thello, world\n"))[0].text == "hello, world"


def test_csv_mixed_encoding_rows_flagged() -> None:
    data = "id,text\n1,Приштина\n".encode() + "2,Приштина\n".encode("cp1251")
    recs = records(read_bytes("x.csv", data))
    assert [r.text for r in recs] == ["Приштина", "Приштина"]
    assert recs[0].flags == [] and recs[1].flags == ["decoded_as:windows-1251"]


def test_csv_empty_file_reported() -> None:
    (bad,) = read_bytes("x.csv", b"")
    assert "empty" in bad.reason


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=1500))
def test_csv_never_raises(data: bytes) -> None:
    read_bytes("fuzz.csv", data)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=80)), max_size=20))
def test_csv_round_trips_rows(rows: list[tuple[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "text"])
    writer.writerows(rows)
    items = read_bytes("fuzz.csv", out.getvalue().encode())
    assert not rejected(items)
    expected = [r for r in rows if any(c.strip() for c in r)]
    got = [(r.native_id or "", r.text) for r in records(items)]
    normalise = [(a.replace("\r\n", "\n"), b.replace("\r\n", "\n")) for a, b in expected]
    assert [(a, b) for a, b in got] == [(a, b) for a, b in normalise]


def test_an_unbalanced_quote_costs_its_row_and_a_long_field_stays_one() -> None:
    """Read leniently, a stray quote swallowed every row after it; a quoted field over many lines
    is one record, not a record per line; a quote left open by the last record is one bad record."""
    rows = ["id,text,date", "1,first,2024-01-01", '2,"unbalanced quote here,2024-01-02']
    rows += [f"{i},row {i},2024-01-0{i}" for i in range(3, 8)]
    long_text = "\n".join(f"point {i}, detail {i}" for i in range(60))
    rows += [f'8,"{long_text}",2024-01-08', '9,"cut short at the end,2024-01-09', "and its last line"]
    items = read_bytes("posts.csv", ("\n".join(rows) + "\n").encode())
    assert [r.native_id for r in records(items)] == ["1", "3", "4", "5", "6", "7", "8"]
    assert records(items)[-1].text == long_text
    assert [(b.position.line, b.reason.split(":")[0]) for b in rejected(items)] == [
        (3, "malformed CSV row"),
        (69, "malformed CSV row"),
    ]
    assert rejected(items)[0].snippet.startswith('2,"unbalanced quote here')


def test_classic_mac_line_ends() -> None:
    """Excel for Mac saves "CSV (Macintosh)" with carriage returns alone: once one bad row."""
    data = b'id,text\r1,first post\r2,"quoted\rover two lines"\r3,third\r'
    assert [(r.native_id, r.text) for r in records(read_bytes("mac.csv", data))] == [
        ("1", "first post"),
        ("2", "quoted\nover two lines"),
        ("3", "third"),
    ]


def test_rows_after_a_stray_quote_are_read_however_many_and_however_long() -> None:
    """300 rows after a stray quote, and a real multi-line row right after it, are all read."""
    rows = ["id,text", '1,"stray', '2,"multi\nline"', *[f"{i},row {i}" for i in range(3, 303)]]
    items = read_bytes("posts.csv", ("\n".join(rows) + "\n").encode())
    assert [r.native_id for r in records(items)] == [str(i) for i in range(2, 303)]
    assert records(items)[0].text == "multi\nline"
    (bad,) = rejected(items)
    assert bad.position.line == 2 and bad.snippet.startswith('1,"stray')


def test_past_the_bounds_a_long_field_is_one_bad_record_and_a_stray_quote_s_rows_come_back(
    monkeypatch,
) -> None:
    """A field of prose over the bounds is rejected whole, its lines never read as rows; when the
    lines it took are rows of the table (a stray quote with no quote after it), they are read."""
    import hybridwatch.ingest._csvrows as rows_module

    monkeypatch.setattr(rows_module, "MAX_ROW_LINES", 50)
    prose = "\n".join(f"line {i} of a very long statement" for i in range(80))
    items = read_bytes("posts.csv", f'id,text\n1,"{prose}"\n2,after\n'.encode())
    assert [r.native_id for r in records(items)] == ["2"]
    first, *rest = rejected(items)
    assert first.position.line == 2 and "more than 50 lines" in first.reason
    assert rest and all("row has 1 fields" in b.reason for b in rest)  # the field's leftover lines
    rows = "\n".join(f"{i},row {i}" for i in range(2, 120))
    items = read_bytes("posts.csv", f'id,text\n1,"oops\n{rows}\n200,"quoted"\n'.encode())
    assert [r.native_id for r in records(items)] == [str(i) for i in range(2, 120)] + ["200"]


def test_a_file_of_stray_quotes_costs_each_line_at_most_twice() -> None:
    import time

    block = "\n".join(['a",b,"c'] * 199 + ['z"q,1,2'])
    data = ("h1,h2,h3\n" + "\n".join([block] * 100) + "\n").encode()  # 20,000 lines of stray quotes
    start = time.perf_counter()
    read_bytes("hostile.csv", data)
    hostile = time.perf_counter() - start
    clean = ("h1,h2,h3\n" + "\n".join(["a,b,c"] * 20_000) + "\n").encode()
    start = time.perf_counter()
    read_bytes("clean.csv", clean)
    assert hostile < 10 * (time.perf_counter() - start) + 0.5  # was about 47 times


def test_classic_mac_line_ends_with_another_delimiter() -> None:
    data = b"id;text;author\r1;Well, he said, that this, and that, is so;bob\r2;two;ann\r"
    assert [(r.native_id, r.author) for r in records(read_bytes("mac.csv", data))] == [
        ("1", "bob"),
        ("2", "ann"),
    ]


def test_rows_after_two_nearby_stray_quotes_and_an_oversized_unquoted_field_are_read() -> None:
    data = (
        b"id,size,product,review\n"
        b'1,"15,laptop,ok\n2,27",monitor,"Great screen.\n3,24,monitor,fine\n4,32,tv,"ok"\n5,40,tv,good\n'
    )
    assert [r.native_id for r in records(read_bytes("reviews.csv", data))] == ["3", "4", "5"]
    huge = b'id,text\n1,27" ' + b"x" * (9 << 20) + b"\n2,ok\n3,fine\n"  # over the field limit, an inch mark
    assert [r.native_id for r in records(read_bytes("big.csv", huge))] == ["2", "3"]


def test_an_unreadable_header_rejects_the_table_rather_than_promote_a_row() -> None:
    items = read_bytes("posts.csv", b'id,"text,date\n1,first claim,2024-01-01\n2,second,2024-01-02\n')
    assert records(items) == [] and [b.reason.split(":")[0] for b in rejected(items)] == [
        "header row unreadable"
    ]


def test_classic_mac_line_ends_with_a_line_feed_inside_a_cell() -> None:
    data = b'id,text\r1,"first line\nsecond line"\r2,c\r'
    assert [(r.native_id, r.text) for r in records(read_bytes("mac.csv", data))] == [
        ("1", "first line\nsecond line"),
        ("2", "c"),
    ]


def test_a_rows_raw_record_is_its_lines_as_received() -> None:
    """Found by an adversarial pass: a semicolon row was stored as raw written back with commas
    and other quoting, so show's "raw record as received" was not what was received."""
    data = 'id;text;author\n1;Prvi, drugi i "treći";@a\n'.encode()
    (record,) = records(read_bytes("posts.csv", data))
    assert record.raw == '1;Prvi, drugi i "treći";@a' and record.text == 'Prvi, drugi i "treći"'
