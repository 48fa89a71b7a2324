"""Canonical URLs, so that the same link shared with different tracking tails counts once."""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url", "extract_urls", "TRACKING_PARAMS"]

# Parameters that identify the click, not the resource. utm_* is matched by prefix.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref",  # ?ref=twitter: the referrer, as in courlan's tracker list
        "referrer",
        "referer",
        "ref_src",
        "ref_url",
        "xtor",  # AT Internet
        "__tn__",  # Facebook
        "_openstat",
        "s",
        "si",
        "spm",
        "vero_id",
        "wt_mc",
        "cmpid",
        "ocid",
        "share",
        "__twitter_impression",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmb_", "_ga", "ga_")
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_URL_RE = re.compile(r"""https?://[^\s<>"'\])}]+""", re.IGNORECASE)
_TRAILING = ".,;:!?…)»\"'"
MAX_URL_CHARS = 4096


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(_TRACKING_PREFIXES)


# The common case, already canonical in its characters: lower-case scheme and host, no port, no
# userinfo, unreserved characters in path and query. It is canonicalised with string operations;
# anything else takes the full urllib path. Both give the same result (tested).
_SIMPLE = re.compile(
    r"(https?)://([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(/[A-Za-z0-9._~/-]*)?(?:\?([A-Za-z0-9._~=&-]*))?(?:#.*)?"
)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def canonical_url(url: str | None) -> str | None:
    """Return the canonical form of an http(s) URL, or None if it is not one (see _canonical)."""
    if not url or len(url) > MAX_URL_CHARS:
        return None
    if not url.isascii():  # a lone surrogate cannot be percent-encoded: no URL names one
        url = _SURROGATE.sub("\ufffd", url)
    simple = _SIMPLE.fullmatch(url)
    if simple is not None and ".." not in simple.group(2):
        return _canonical_simple(*simple.groups())
    return _canonical(url)


def _canonical_simple(scheme: str, host: str, path: str | None, query: str | None) -> str:
    path = (path or "/").rstrip("/") or "/"
    if not query:
        return f"{scheme}://{host}{path}"
    pairs = []
    for pair in query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        if not _is_tracking(name):
            pairs.append((name, value))
    pairs.sort()
    tail = "&".join(f"{n}={v.replace('=', '%3D')}" for n, v in pairs)  # as urlencode writes a value's "="
    return f"{scheme}://{host}{path}?{tail}" if tail else f"{scheme}://{host}{path}"


@functools.lru_cache(maxsize=65_536)  # the same links recur across posts and shares
def _canonical(url: str) -> str | None:
    """Return the canonical form of an http(s) URL, or None if it is not one.

    Lower-cases scheme and host, drops default ports, fragments, credentials and tracking
    parameters (utm_*, fbclid, gclid, ...), sorts the remaining query, removes a trailing
    slash from non-root paths and percent-encodes consistently.
    """
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        host = host.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None or str(port) == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~%") or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def extract_urls(text: str) -> list[str]:
    """Find http(s) URLs in free text, trimming trailing punctuation."""
    return [m.group(0).rstrip(_TRAILING) for m in _URL_RE.finditer(text)]
