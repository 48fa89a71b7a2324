from __future__ import annotations

from pathlib import Path

from hybridwatch.ingest._base import Item, Options, Resource
from hybridwatch.ingest.registry import source_for
from hybridwatch.model.document import Record, Rejected


def read_bytes(name: str, data: bytes, fmt: str = "auto", options: Options | None = None) -> list[Item]:
    resource = Resource.from_bytes(name, name, data)
    source = source_for(resource, fmt)
    assert source is not None, f"no source for {name}"
    return list(source.read(resource, options or Options()))


def read_file(path: Path, fmt: str = "auto") -> list[Item]:
    return read_bytes(path.name, path.read_bytes(), fmt)


def records(items: list[Item]) -> list[Record]:
    return [i for i in items if isinstance(i, Record)]


def rejected(items: list[Item]) -> list[Rejected]:
    return [i for i in items if isinstance(i, Rejected)]
