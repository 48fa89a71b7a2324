"""Folders, ``.zip``, ``.gz`` and tar archives, opened with bounds against bombs.

Archives are read in place (nothing is extracted to disk, so member names cannot escape a
directory). Limits: members per archive, bytes per member, bytes in total per archive,
compression ratio and nesting depth. A member over a limit is quarantined, not the archive.
"""

from __future__ import annotations

import gzip
import io
import logging
import lzma
import os
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from hybridwatch.ingest._base import Resource
from hybridwatch.model.document import Position, Rejected

__all__ = ["ArchiveLimits", "expand", "is_archive"]

# What reading one member may raise besides OSError: an encrypted member (RuntimeError), one
# compressed by a method Python lacks (NotImplementedError), a bad CRC (BadZipFile), broken data.
MEMBER_ERRORS = (
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    zipfile.BadZipFile,
    tarfile.TarError,
    zlib.error,
    lzma.LZMAError,
)

log = logging.getLogger(__name__)

ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".tar.xz", ".txz", ".tar.bz2")


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds that stop zip bombs and archive recursion."""

    max_members: int = 20_000
    max_member_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 1024 * 1024 * 1024
    max_ratio: float = 200.0  # uncompressed / compressed, checked for members over 1 MiB
    max_depth: int = 3


def is_archive(name: str) -> bool:
    """True if the name has an archive suffix."""
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def _read_bounded(stream: IO[bytes], cap: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > cap:
            return None
        chunks.append(chunk)


def expand(resource: Resource, limits: ArchiveLimits, depth: int = 0) -> Iterator[Resource | Rejected]:
    """Yield the resources inside an archive resource (recursively), or rejections."""
    pos = Position(resource.location)
    if depth >= limits.max_depth:
        yield Rejected.of(pos, f"archive nested deeper than {limits.max_depth} levels")
        return
    name = resource.name.lower()
    try:
        if name.endswith(".zip"):
            inner = _zip_members(resource, limits)
        elif name.endswith((".tar", ".tgz", ".tar.gz", ".tar.xz", ".txz", ".tar.bz2")):
            inner = _tar_members(resource, limits)
        else:
            inner = _gz_member(resource, limits)
        for item in inner:
            if isinstance(item, Resource) and is_archive(item.name):
                yield from expand(item, limits, depth + 1)
            else:
                yield item
    except (*MEMBER_ERRORS, gzip.BadGzipFile) as exc:
        yield Rejected.of(pos, f"unreadable archive: {exc}")


SKIP = "skip"


def _member_verdict(name: str) -> str | None:
    """What to do with an archive member, by its name: None to read it.

    SKIP for one that is no record (a hidden file, macOS's ``__MACOSX`` forks); a reason to refuse
    one whose path climbs out (``../``): read in place it cannot escape, but no honest archive
    names one.
    """
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in parts:
        return "archive member path leaves the archive (..)"
    if any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return SKIP
    return None


def _member(resource: Resource, member: str, data: bytes) -> Resource:
    return Resource.from_bytes(member, f"{resource.location}!{member}", data)


def _expansion_budget(
    compressed: int, limits: ArchiveLimits, *, floor: int = 16 << 20, ceiling: int | None = None
) -> int:
    """How far an archive may expand: max_ratio times its size, at least *floor*, at most *ceiling*.

    The defaults bound a whole zip or tar (16 MiB to max_total_bytes); a gzip member has its own.
    """
    top = limits.max_total_bytes if ceiling is None else ceiling
    return min(top, max(floor, int(compressed * limits.max_ratio)))


def _zip_members(resource: Resource, limits: ArchiveLimits) -> Iterator[Resource | Rejected]:
    with resource.opener() as raw:
        # members of a megabyte each pass the per-member ratio check: a 1.1 MB zip of 1,000 such
        # expanded to a gigabyte; the whole archive has a budget, as a tar does
        budget = _expansion_budget(raw.seek(0, io.SEEK_END), limits)
        raw.seek(0)
        yield from _zip_read(resource, raw, limits, budget)


def _zip_read(
    resource: Resource, raw: IO[bytes], limits: ArchiveLimits, budget: int
) -> Iterator[Resource | Rejected]:
    with zipfile.ZipFile(raw) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > limits.max_members:
            yield Rejected.of(
                Position(resource.location), f"archive has {len(infos)} members, limit {limits.max_members}"
            )
            infos = infos[: limits.max_members]
        total = 0
        for info in infos:
            pos = Position(f"{resource.location}!{info.filename}")
            if verdict := _member_verdict(info.filename):
                if verdict != SKIP:
                    yield Rejected.of(pos, verdict)
                continue
            ratio = info.file_size / max(1, info.compress_size)
            if info.file_size > limits.max_member_bytes or (
                info.file_size > 1 << 20 and ratio > limits.max_ratio
            ):
                yield Rejected.of(
                    pos, f"archive member refused: {info.file_size} bytes, ratio {ratio:.0f} (zip bomb?)"
                )
                continue
            if total + info.file_size > budget:
                yield Rejected.of(
                    pos, f"archive expands past {budget} bytes, {limits.max_ratio:g}x its size (zip bomb?)"
                )
                return
            try:
                with zf.open(info) as stream:
                    body = _read_bounded(stream, limits.max_member_bytes)
            except MEMBER_ERRORS as exc:  # this member only: encrypted, Deflate64, a bad CRC
                yield Rejected.of(pos, f"unreadable archive member: {type(exc).__name__}: {exc}")
                continue
            if body is None:
                yield Rejected.of(pos, "archive member larger than declared (zip bomb?)")
                continue
            total += len(body)
            yield _member(resource, info.filename, body)


def _tar_members(resource: Resource, limits: ArchiveLimits) -> Iterator[Resource | Rejected]:
    with resource.opener() as raw:
        compressed = raw.seek(0, io.SEEK_END)
        raw.seek(0)
        # a compressed tar holds no member table with sizes to check first, as a zip does: the
        # whole archive may expand to max_ratio times its size (and at least 16 MiB), no more
        yield from _tar_read(resource, raw, limits, _expansion_budget(compressed, limits))


def _tar_read(
    resource: Resource, raw: IO[bytes], limits: ArchiveLimits, budget: int
) -> Iterator[Resource | Rejected]:
    with tarfile.open(fileobj=raw, mode="r:*") as tf:
        total = 0
        for count, info in enumerate(tf):
            if count >= limits.max_members:
                yield Rejected.of(
                    Position(resource.location), f"archive has more than {limits.max_members} members"
                )
                return
            if not info.isfile():
                continue
            pos = Position(f"{resource.location}!{info.name}")
            if verdict := _member_verdict(info.name):
                if verdict != SKIP:
                    yield Rejected.of(pos, verdict)
                continue
            if info.size > limits.max_member_bytes or total + info.size > budget:
                yield Rejected.of(
                    pos,
                    f"archive member refused: {info.size} bytes over the limit "
                    f"({budget} bytes for this archive; tar bomb?)",
                )
                continue
            try:
                stream = tf.extractfile(info)
                if stream is None:
                    continue
                body = _read_bounded(stream, min(limits.max_member_bytes, budget - total))
            except MEMBER_ERRORS as exc:
                yield Rejected.of(pos, f"unreadable archive member: {type(exc).__name__}: {exc}")
                return  # a tar stream broken in a member cannot be read past it
            if body is None:
                yield Rejected.of(pos, "archive member larger than declared")
                continue
            total += len(body)
            yield _member(resource, info.name, body)


def _gz_member(resource: Resource, limits: ArchiveLimits) -> Iterator[Resource | Rejected]:
    inner_name = resource.name[: -len(".gz")] if resource.name.lower().endswith(".gz") else resource.name
    with resource.opener() as raw:
        compressed_size = raw.seek(0, io.SEEK_END)
        raw.seek(0)
        cap = _expansion_budget(compressed_size, limits, floor=1 << 20, ceiling=limits.max_member_bytes)
        body, damage = _gunzip(raw, cap)
    if body is None:
        yield Rejected.of(
            Position(resource.location), "gzip member too large or compression ratio too high (gzip bomb?)"
        )
        return
    if damage:  # a download cut short, or bytes after the end: the tail only is lost
        yield Rejected.of(Position(resource.location), f"damaged gzip: {damage}")
        if not body:
            return
    yield _member(resource, os.path.basename(inner_name), body)


def _gunzip(raw: IO[bytes], cap: int) -> tuple[bytes | None, str | None]:
    """(what a gzip stream holds, what was wrong at its end); None when it would pass *cap*.

    Decompressed incrementally, so that a truncated file (a cut download) or one with garbage
    after its end keeps everything before the damage, as the gzip tool does; further gzip
    members (a concatenated file) are read on.
    """
    chunks: list[bytes] = []
    size = 0
    inflater = zlib.decompressobj(wbits=31)
    carried = b""  # the start of a next member's header, cut off by the end of a read
    while True:
        more = raw.read(1 << 20)
        if not more:
            if carried:
                return b"".join(chunks), f"{len(carried)}+ bytes after its end ignored"
            break
        data, carried = carried + more, b""
        while data:
            if inflater.eof:  # one member ended: what follows is another member, or garbage
                if not data.strip(b"\x00"):
                    break
                if len(data) < 2 and data == b"\x1f"[: len(data)]:
                    carried = data
                    break
                if not data.startswith(b"\x1f\x8b"):
                    return b"".join(chunks), f"{len(data)}+ bytes after its end ignored"
                inflater = zlib.decompressobj(wbits=31)
            try:
                out = inflater.decompress(data, cap + 1 - size)
            except zlib.error as exc:
                return b"".join(chunks), f"{exc} after {size} bytes"
            size += len(out)
            if size > cap:
                return None, None
            chunks.append(out)
            data = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
    if not inflater.eof:
        return b"".join(chunks), f"cut short after {size} bytes"
    return b"".join(chunks), None


def walk_folder(folder: Path) -> Iterator[Path]:
    """Files under *folder*, recursively, in a stable order.

    Symlinked folders are not followed, nor a symlinked file that leads out of *folder*: a folder
    of exports must not become a way to read (and quarantine snippets of) /etc/passwd. Pipes and
    devices are skipped.
    """
    inside = folder.resolve()
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith("."):
                continue
            try:
                target = path.resolve() if path.is_symlink() else path
            except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
                log.warning("skipped %s: a link that leads nowhere (a loop)", path)
                continue
            if path.is_symlink() and not target.is_relative_to(inside):
                log.warning("skipped %s: a link out of %s", path, folder)
                continue
            if not path.is_file():  # a pipe or a device would never end (or block)
                log.warning("skipped %s: not a regular file", path)
                continue
            yield path
