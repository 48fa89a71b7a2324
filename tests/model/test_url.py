from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hybridwatch.model.url import canonical_url, extract_urls


def test_canonical_url_strips_tracking_fragment_and_case() -> None:
    url = "HTTPS://WWW.Example.COM:443/a/b/?utm_source=x&b=2&a=1&fbclid=zz&gclid=q#frag"
    assert canonical_url(url) == "https://www.example.com/a/b?a=1&b=2"


def test_canonical_url_variants_collapse() -> None:
    variants = [
        "https://pravda-srbija.example/kfor-okupator?utm_source=tg&utm_medium=social",
        "https://PRAVDA-SRBIJA.example/kfor-okupator/#comments",
        "https://pravda-srbija.example/kfor-okupator?fbclid=IwAR3",
    ]
    assert len({canonical_url(v) for v in variants}) == 1


def test_canonical_url_rejects_non_http() -> None:
    assert canonical_url("javascript:alert(1)") is None
    assert canonical_url("ftp://example.com/x") is None
    assert canonical_url("") is None
    assert canonical_url("http://") is None
    assert canonical_url("http://x" + "a" * 10000) is None


def test_canonical_url_keeps_ipv6_and_ports() -> None:
    assert canonical_url("http://[::1]:8080/x") == "http://[::1]:8080/x"
    assert canonical_url("http://h.com:80/") == "http://h.com/"


def test_extract_urls_trims_punctuation() -> None:
    assert extract_urls("see https://a.example/x). and http://b.example/y, ok") == [
        "https://a.example/x",
        "http://b.example/y",
    ]


@given(st.text())
def test_canonical_url_never_raises_and_is_idempotent(text: str) -> None:
    once = canonical_url(text)
    if once is not None:
        assert canonical_url(once) == once


@given(st.text())
def test_canonical_url_of_generated_http_urls(path: str) -> None:
    url = "https://Example.org/" + path
    once = canonical_url(url)
    assert once is None or once.startswith("https://example.org/")


@given(
    st.text(alphabet="abcXYZ019._~-/=&?#%+:@", max_size=40),
    st.sampled_from(["http", "https", "HTTP"]),
    st.sampled_from(["example.org", "Example.ORG", "a-b.example", "x.example:80", "x.example:8080"]),
)
def test_fast_path_agrees_with_urllib_path(tail: str, scheme: str, host: str) -> None:
    from hybridwatch.model.url import _canonical

    url = f"{scheme}://{host}/{tail}"
    assert canonical_url(url) == _canonical(url)


def test_fast_path_examples() -> None:
    assert canonical_url("https://a.example/x?ref=twitter&id=3") == "https://a.example/x?id=3"
    assert canonical_url("https://a.example/x?xtor=RSS-1&__tn__=R") == "https://a.example/x"
    assert canonical_url("http://example.org/?==") == "http://example.org/?=%3D"  # hypothesis found it
    assert canonical_url("https://a.example/?t=a=b") == canonical_url("https://a.example/?t=a%3Db")
    assert canonical_url("https://a.example/x/?utm_source=t&b=2&a=&c") == "https://a.example/x?a=&b=2&c="
    assert canonical_url("https://a.example/?fbclid=1#top") == "https://a.example/"
