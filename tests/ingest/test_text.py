from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from .helpers import read_bytes, records


def test_markdown_title_links_and_markup() -> None:
    md = b"# Field note: Mitrovica\n\n- **KFOR** patrols doubled\n- see [the report](https://r.example/x)\n"
    (rec,) = read_bytes("note.md", md)
    assert rec.title == "Field note: Mitrovica"
    assert rec.kind == "markdown"
    assert "KFOR patrols doubled" in rec.text and "**" not in rec.text
    assert "the report" in rec.text
    assert rec.links == ["https://r.example/x"]


def test_plain_text_first_line_title() -> None:
    (rec,) = read_bytes("t.txt", "Transkript emisije\nVučić je rekao...\n".encode())
    assert rec.title == "Transkript emisije"
    assert rec.text.startswith("Transkript emisije\nVučić")


def test_empty_text_file_rejected() -> None:
    (bad,) = read_bytes("empty.txt", b"")
    assert bad.reason == "empty file"


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=1000))
def test_text_never_raises(data: bytes) -> None:
    items = read_bytes("f.txt", data, fmt="text")
    assert len(items) == 1
    if data.strip():
        assert records(items)
