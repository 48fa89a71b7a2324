from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from .helpers import read_bytes, records, rejected

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Srbija Danas (test)</title><language>sr</language>
<item><title>KFOR u Mitrovici</title><link>https://sd.example/a1</link><guid>sd-1</guid>
<pubDate>Fri, 14 Mar 2025 18:05:00 +0100</pubDate><dc:creator>Pera Perić</dc:creator>
<description>short</description>
<content:encoded><![CDATA[<p>Пун текст о <b>КФОР</b>-у.</p><script>alert(1)</script><a href="https://x.example/y">x</a>]]></content:encoded></item>
<item><title>Only a title</title><link>https://sd.example/a2</link><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sq"><title>Kosova Sot (test)</title>
<entry><title>Kurti takon Osmanin</title><id>urn:ks:1</id><link rel="alternate" href="https://ks.example/1"/>
<link rel="enclosure" href="https://ks.example/1.mp3"/>
<published>2025-03-14T10:00:00Z</published><updated>2025-03-14T11:00:00Z</updated>
<author><name>Arta Krasniqi</name></author><content type="html">&lt;p&gt;Kryeministri tha se&lt;/p&gt;</content></entry>
</feed>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title></item></channel></rss>"""


def test_rss_items() -> None:
    items = read_bytes("feed.xml", RSS.encode())
    first, second = records(items)
    assert first.title == "KFOR u Mitrovici"
    assert first.text == "Пун текст о КФОР-у.\nx"
    assert "alert" not in first.text
    assert first.native_id == "sd-1"
    assert first.url == "https://sd.example/a1"
    assert first.author == "Pera Perić"
    assert first.published == "Fri, 14 Mar 2025 18:05:00 +0100"
    assert first.language == "sr"
    assert first.links == ["https://sd.example/a1", "https://x.example/y"]
    assert first.source == "Srbija Danas (test)"
    assert second.title == "Only a title" and second.text == ""


def test_atom_entries() -> None:
    (entry,) = records(read_bytes("feed.atom", ATOM.encode()))
    assert entry.kind == "atom"
    assert entry.title == "Kurti takon Osmanin"
    assert entry.url == "https://ks.example/1"
    assert entry.native_id == "urn:ks:1"
    assert entry.author == "Arta Krasniqi"
    assert entry.published == "2025-03-14T10:00:00Z"
    assert entry.text == "Kryeministri tha se"
    assert entry.language == "sq"


def test_entity_expansion_refused() -> None:
    (bad,) = read_bytes("bomb.xml", BILLION_LAUGHS)
    assert "refused XML" in bad.reason
    assert "lollol" not in bad.snippet.replace("&lol;", "")


def test_external_entity_refused() -> None:
    (bad,) = read_bytes("xxe.xml", XXE)
    assert "refused XML" in bad.reason
    assert "root:" not in bad.snippet


def test_malformed_feed_salvages_good_items() -> None:
    broken = RSS.replace("<title>Only a title</title>", "<title>Only <b>a title</title>")
    items = read_bytes("feed.xml", broken.encode())
    assert [r.title for r in records(items)] == ["KFOR u Mitrovici"]
    assert "malformed feed item" in rejected(items)[0].reason


def test_empty_feed_file() -> None:
    (bad,) = read_bytes("feed.rss", b"  \n", fmt="rss")
    assert bad.reason == "empty file"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=1500))
def test_feed_parser_never_raises(data: bytes) -> None:
    read_bytes("fuzz.xml", b"<rss>" + data, fmt="rss")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40), max_size=8))
def test_feed_titles_round_trip(titles: list[str]) -> None:
    from xml.sax.saxutils import escape

    body = "".join(f"<item><title>{escape(t)}</title><description>d</description></item>" for t in titles)
    items = read_bytes("f.xml", f"<rss><channel>{body}</channel></rss>".encode(), fmt="rss")
    assert [r.title for r in records(items)] == [" ".join(t.split()) for t in titles]


def test_an_item_never_closed_costs_itself_only() -> None:
    """Found by an adversarial pass: an item without </item> swallowed the next good item (neither
    stored nor counted), and 40,000 unclosed items took 91 s to salvage (a quadratic regex)."""
    item = "<item><title>{}</title><guid>g{}</guid><description>text {}</description></item>"
    broken = "<item><title>Broken</title><guid>gb</guid><description>no close tag"
    body = item.format("First", 1, 1) + broken + item.format("Third", 3, 3) + item.format("Fourth", 4, 4)
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'
    items = read_bytes("feed.xml", feed.encode())
    assert [r.title for r in records(items)] == ["First", "Third", "Fourth"]
    (lost,) = rejected(items)
    assert "no closing tag" in lost.reason and "Third" not in lost.snippet
    import time

    flood = "<rss><channel>" + item.format("Good", 0, 0) + "<item><title>x</title>" * 40_000
    started = time.monotonic()
    items = read_bytes("flood.xml", flood.encode())
    assert len(records(items)) == 1 and len(rejected(items)) == 40_000
    assert time.monotonic() - started < 10  # was 91 s


def test_a_utf8_feed_that_declares_a_legacy_encoding_is_read_as_utf8() -> None:
    """Found by an adversarial pass: UTF-8 Cyrillic declaring windows-1251 was stored as mojibake
    ("РќР°СЃР»РѕРІ"), with no flag; a real windows-1251 feed must still read as declared."""
    body = (
        '<rss version="2.0"><channel><title>Вести</title>'
        "<item><title>Наслов вести</title><guid>1</guid><description>КФОР у Звечану</description></item>"
        "</channel></rss>"
    )
    lying = b'<?xml version="1.0" encoding="windows-1251"?>' + body.encode("utf-8")
    honest = b'<?xml version="1.0" encoding="windows-1251"?>' + body.encode("cp1251")
    for data in (lying, honest):
        (record,) = records(read_bytes("feed.rss", data))
        assert (record.title, record.source) == ("Наслов вести", "Вести")


def test_atom_xhtml_content_keeps_its_paragraphs_apart() -> None:
    """Found by an adversarial pass: type="xhtml" content was read as its text nodes run together
    ("njoftoi sotParagrafi i dytë"), so neither word could be searched."""
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>1</id><title>Lajm</title>'
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Qeveria njoftoi sot</p>'
        "<p>Paragrafi i dytë flet për KFOR-in</p><ul><li>pika një</li><li>pika dy</li></ul></div>"
        "</content></entry></feed>"
    )
    (record,) = records(read_bytes("feed.atom", feed.encode()))
    words = record.text.split()
    assert "sot" in words and "Paragrafi" in words and "KFOR-in" in words and "pika" in words
