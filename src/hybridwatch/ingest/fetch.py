"""The one HTTP client: timeouts, size caps, bounded redirects and a private-address guard.

Adversaries control the URLs we are pointed at (feeds link anywhere, redirects go anywhere).
Every connection is checked *after* DNS resolution, on the address actually connected to, so
a public name that resolves to 127.0.0.1, 10.x, 169.254.x (cloud metadata) or ::1 is refused
unless the user passes ``allow_private``. Redirects are followed by hand, each hop re-checked.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from hybridwatch import __version__
from hybridwatch.errors import FetchError

__all__ = ["FetchResult", "fetch", "post_json", "is_public_address", "FetchLimits"]


@dataclass(frozen=True)
class FetchLimits:
    """Bounds on one fetch."""

    timeout: float = 15.0  # per socket operation
    total_timeout: float = 60.0  # whole fetch, all redirects included
    max_bytes: int = 32 * 1024 * 1024
    max_redirects: int = 5


@dataclass
class FetchResult:
    """A fetched body (empty on 304 Not Modified) with the validators for the next poll."""

    url: str
    status: int
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304 to a conditional GET."""
        return self.status == 304


def is_public_address(address: str) -> bool:
    """True for globally routable unicast addresses only."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _LOCAL_USE_NAT64:  # RFC 8215: a local network's translator, the IPv4 anywhere inside
            return False
        embedded = _embedded_ipv4(ip)
        if embedded is not None:  # judged by the IPv4 address it reaches
            ip = embedded
    return bool(ip.is_global) and not ip.is_multicast


# IPv6 prefixes that carry an IPv4 address in their last 32 bits: NAT64's well-known prefix and
# IPv4-translated; a NAT64 gateway turns 64:ff9b::7f00:1 into 127.0.0.1
_V4_IN_LOW_BITS = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "::ffff:0:0:0/96", "::/96"))
_LOCAL_USE_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64, translated), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:  # 2002:7f00:1:: reaches 127.0.0.1 through a 6to4 relay
        return ip.sixtofour
    if any(ip in net for net in _V4_IN_LOW_BITS) and int(ip) & 0xFFFFFFFF:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


FETCH_HINT = "pass --allow-private to permit private, loopback and link-local addresses"


def _connect_checked(conn: _Guarded) -> socket.socket:
    """A socket to a public address of the connection's host, checked before connecting.

    Resolved once and connected by address, so a second lookup cannot rebind the name; a
    private address is refused before any packet is sent to it (a refusal after connecting told
    open ports from closed ones).
    """
    refused: list[str] = []
    failures: list[OSError] = []
    for family, kind, proto, _, address in socket.getaddrinfo(conn.host, conn.port, type=socket.SOCK_STREAM):
        if not conn.allow_private and not is_public_address(str(address[0])):
            refused.append(str(address[0]))
            continue
        per_operation = conn.timeout if conn.timeout is not None else FetchLimits.timeout
        left = conn.deadline - time.monotonic() if conn.deadline is not None else per_operation
        if left <= 0:  # unreachable addresses at 15 s each can use up the whole fetch's time
            raise FetchError(f"fetch took longer than its time limit, connecting to {conn.host}")
        sock = socket.socket(family, kind, proto)
        sock.settimeout(min(per_operation, left))
        try:
            sock.connect(address)
        except OSError as exc:
            sock.close()
            failures.append(exc)
            continue
        return sock
    if failures:
        raise failures[-1]
    raise FetchError(
        f"refused to connect to {conn.host}: it resolves to non-public address {', '.join(refused)} "
        f"({conn.private_hint})"
    )


class _Guarded(http.client.HTTPConnection):
    allow_private = False
    private_hint = FETCH_HINT
    deadline: float | None = None  # time.monotonic() by which the whole fetch must be done

    def connect(self) -> None:
        self.sock = _connect_checked(self)
        # the watchdog may have fired while no socket was there to end: it cannot end this one
        if self.deadline is not None and time.monotonic() >= self.deadline:
            self.sock.close()
            raise FetchError(f"fetch took longer than its time limit, connecting to {self.host}")


class _GuardedHTTPS(_Guarded):
    default_port = http.client.HTTPS_PORT

    def connect(self) -> None:
        super().connect()  # the raw socket, to a checked address, then TLS over it
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def _connection(
    url: str, limits: FetchLimits, allow_private: bool, private_hint: str = FETCH_HINT
) -> tuple[_Guarded, str]:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url!r}")
    cls = _GuardedHTTPS if parts.scheme == "https" else _Guarded
    try:  # an explicit default port: http.client reads a bare IPv6 literal's last group as one
        port = parts.port or cls.default_port
    except ValueError as exc:  # "example.com:99999", "[::ffff:a9fe:a9fe]" read as a port
        raise FetchError(f"not a valid URL: {url!r} ({exc})") from exc
    conn = cls(parts.hostname, port, timeout=limits.timeout)
    conn.allow_private, conn.private_hint = allow_private, private_hint
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return conn, path


def _read_capped(response: http.client.HTTPResponse, limits: FetchLimits, deadline: float) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"response of {declared} bytes exceeds the cap of {limits.max_bytes}")
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(65536)  # what has arrived: read() waits for all 64 KB, byte by byte
        if time.monotonic() > deadline:  # before the end: the watchdog ends a late body early
            raise FetchError(f"fetch took longer than {limits.total_timeout} s")
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"response exceeds the cap of {limits.max_bytes} bytes")
        chunks.append(chunk)


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: FetchLimits | None = None,
) -> FetchResult:
    """GET *url* safely, sending If-None-Match / If-Modified-Since when validators are given."""
    limits = limits or FetchLimits()
    deadline = time.monotonic() + limits.total_timeout
    with _Watchdog(limits.total_timeout) as watchdog:
        try:
            return _fetch(url, allow_private, etag, last_modified, limits, deadline, watchdog)
        except FetchError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise FetchError(f"could not fetch {url}: {exc}") from exc


class _Watchdog:
    """Ends the connection it watches when the whole fetch's time is up.

    Socket timeouts bound each operation, not their sum: a server sending one header line, or one
    byte, every few seconds would otherwise hold a fetch for hours.
    """

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._conn: http.client.HTTPConnection | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def watch(self, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            if self.expired:  # between two redirect hops, say: no connection was there to end
                raise FetchError("fetch took longer than its time limit")
            self._conn = conn

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sock = self._conn.sock if self._conn is not None else None
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def _fetch(
    url: str,
    allow_private: bool,
    etag: str | None,
    last_modified: str | None,
    limits: FetchLimits,
    deadline: float,
    watchdog: _Watchdog,
) -> FetchResult:
    redirects: list[str] = []
    current = url
    while True:
        conn, path = _connection(current, limits, allow_private)
        conn.deadline = deadline
        watchdog.watch(conn)
        headers = {
            "User-Agent": f"hybridwatch/{__version__}",
            "Accept-Encoding": "identity",
            "Accept": "application/rss+xml, application/atom+xml, text/html, application/json, */*;q=0.5",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            if response.status in {301, 302, 303, 307, 308}:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"redirect without Location from {current}")
                if len(redirects) >= limits.max_redirects:
                    raise FetchError(f"more than {limits.max_redirects} redirects from {url}")
                current = urljoin(current, location)
                redirects.append(current)
                continue
            if response.status == 304:
                return FetchResult(current, 304, etag=etag, last_modified=last_modified, redirects=redirects)
            if response.status >= 400:
                raise FetchError(f"HTTP {response.status} from {current}")
            body = _read_capped(response, limits, deadline)
            return FetchResult(
                current,
                response.status,
                body,
                response.getheader("Content-Type"),
                response.getheader("ETag"),
                response.getheader("Last-Modified"),
                redirects,
            )
        except (OSError, http.client.HTTPException) as exc:
            if watchdog.expired:
                raise FetchError(f"fetch took longer than {limits.total_timeout} s") from exc
            raise FetchError(f"could not fetch {current}: {exc}") from exc
        finally:
            conn.close()


def post_json(
    url: str,
    payload: bytes,
    *,
    allow_private: bool = False,
    limits: FetchLimits | None = None,
    private_hint: str = FETCH_HINT,
) -> int:
    """POST a JSON body to *url* with the same guard and bounds as ``fetch``; return the status.

    Redirects are not followed (a webhook that redirects is misconfigured); 4xx/5xx raise.
    """
    limits = limits or FetchLimits()
    conn, path = _connection(url, limits, allow_private, private_hint)
    headers = {"User-Agent": f"hybridwatch/{__version__}", "Content-Type": "application/json"}
    try:
        conn.request("POST", path, body=payload, headers=headers)
        response = conn.getresponse()
        response.read(65536)
        if response.status >= 300:
            raise FetchError(f"HTTP {response.status} from {url}")
        return response.status
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"could not post to {url}: {exc}") from exc
    finally:
        conn.close()
