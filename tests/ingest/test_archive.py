from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hybridwatch.ingest import ingest
from hybridwatch.ingest._base import Resource
from hybridwatch.ingest.archive import ArchiveLimits, expand


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


POSTS = b'{"id": "1", "text": "Post one about KFOR"}\n{"id": "2", "text": "Post two about NATO"}\n'


def test_zip_with_nested_zip_and_gz(tmp_path: Path, store, lexical) -> None:
    inner = _zip({"deep/posts.jsonl": POSTS})
    archive = _zip(
        {
            "a.jsonl": POSTS.replace(b'"1"', b'"9"').replace(b'"2"', b'"8"'),
            "inner.zip": inner,
            "c.jsonl.gz": gzip.compress(b'{"id": "g", "text": "gzipped"}\n'),
            "img.png": b"\x89PNG\x00\x00",
        }
    )
    path = tmp_path / "bundle.zip"
    path.write_bytes(archive)
    report = ingest(store, [str(path)], identifier=lexical)
    assert report.stored == 5
    assert report.quarantined == 1  # the png: a named member of unknown format
    positions = {d.position for d in store.iter_documents()}
    assert str(path) + "!inner.zip!deep/posts.jsonl:line 1:byte 0" in positions


def test_zip_bomb_member_refused() -> None:
    bomb = _zip({"bomb.jsonl": b"{" + b" " * (50 * 1024 * 1024) + b"}", "ok.jsonl": POSTS})
    assert len(bomb) < 200_000
    items = list(expand(Resource.from_bytes("b.zip", "b.zip", bomb), ArchiveLimits()))
    refused = [i for i in items if not isinstance(i, Resource)]
    assert len(refused) == 1 and "zip bomb" in refused[0].reason
    assert [i.name for i in items if isinstance(i, Resource)] == ["ok.jsonl"]


def test_gzip_bomb_refused() -> None:
    bomb = gzip.compress(b"\x00" * (60 * 1024 * 1024))
    (item,) = expand(Resource.from_bytes("b.jsonl.gz", "b.jsonl.gz", bomb), ArchiveLimits())
    assert "gzip bomb" in item.reason


def test_nesting_depth_bounded() -> None:
    data = _zip({"p.jsonl": POSTS})
    for level in range(5):
        data = _zip({f"level{level}.zip": data})
    items = list(expand(Resource.from_bytes("top.zip", "top.zip", data), ArchiveLimits(max_depth=3)))
    assert len(items) == 1 and "nested deeper" in items[0].reason


def test_tar_xz_members() -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:xz") as tf:
        body = json.dumps({"id": 1, "text": "x"}).encode()
        info = tarfile.TarInfo("vclaims/1.json")
        info.size = len(body)
        tf.addfile(info, io.BytesIO(body))
    (item,) = expand(Resource.from_bytes("v.tar.xz", "v.tar.xz", buf.getvalue()), ArchiveLimits())
    assert isinstance(item, Resource) and item.name == "vclaims/1.json"


def test_a_member_that_cannot_be_read_costs_itself_only() -> None:
    """An encrypted member (RuntimeError) or a bad CRC (BadZipFile) once abandoned the archive."""
    data = bytearray(_zip({"a.jsonl": POSTS, "b.jsonl": POSTS, "c.jsonl": POSTS}, zipfile.ZIP_STORED))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # b's local and central headers
        header = data.find(signature, data.find(signature) + 1)
        data[header + flag_at] |= 0x1  # "encrypted"
    last = data.rfind(b"Post two")
    data[last] = ord("p")  # c's data no longer matches its CRC
    items = list(expand(Resource.from_bytes("x.zip", "x.zip", bytes(data)), ArchiveLimits()))
    assert [i.name for i in items if isinstance(i, Resource)] == ["a.jsonl"]
    reasons = [
        (str(i.position), i.reason.split(":")[1].strip()) for i in items if not isinstance(i, Resource)
    ]
    assert reasons == [("x.zip!b.jsonl", "RuntimeError"), ("x.zip!c.jsonl", "BadZipFile")]


def test_tar_bomb_member_refused_before_it_is_read() -> None:
    """A tar has no member table to check first, as a zip has: the archive may expand to max_ratio
    times its size (at least 16 MiB), and a member past that is refused, the rest read."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:xz") as tf:
        for name, body in (("ok.jsonl", POSTS), ("bomb.jsonl", b"\x00" * (40 << 20)), ("after.jsonl", POSTS)):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tf.addfile(info, io.BytesIO(body))
    assert len(buf.getvalue()) < 100_000
    items = list(expand(Resource.from_bytes("b.tar.xz", "b.tar.xz", buf.getvalue()), ArchiveLimits()))
    assert [i.name for i in items if isinstance(i, Resource)] == ["ok.jsonl", "after.jsonl"]
    (refused,) = [i for i in items if not isinstance(i, Resource)]
    assert "tar bomb" in refused.reason and "bomb.jsonl" in str(refused.position)


def test_folder_walk_never_follows_a_link_out_of_the_folder(tmp_path: Path) -> None:
    from hybridwatch.ingest.archive import walk_folder

    outside = tmp_path / "secret.json"
    outside.write_text('{"id": "s", "text": "not for import"}', encoding="utf-8")
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(POSTS)
    (folder / "b.jsonl").symlink_to(folder / "a.jsonl")  # a link inside the folder is a file of it
    (folder / "passwd.json").symlink_to(outside)
    os.mkfifo(folder / "pipe.jsonl")  # reading it would block forever
    assert [p.name for p in walk_folder(folder)] == ["a.jsonl", "b.jsonl"]


def test_corrupt_archive_quarantined(tmp_path: Path, store, lexical) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    report = ingest(store, [str(path)], identifier=lexical)
    assert report.quarantined == 1 and report.stored == 0
    assert "unreadable archive" in store.quarantined()[0]["reason"]


def test_folder_walk_skips_unknown_files(tmp_path: Path, store, lexical) -> None:
    root = tmp_path / "input"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "p.jsonl").write_bytes(POSTS)
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\x00binary")
    (root / "note.md").write_text("# Title\n\nBody text about Niš.")
    report = ingest(store, [str(root)], identifier=lexical)
    assert report.stored == 3
    assert report.skipped_files == [str(root / "photo.jpg")]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["x.zip", "x.gz", "x.tar", "x.tar.xz"]))
def test_archive_reader_never_raises(data: bytes, name: str) -> None:
    for item in expand(Resource.from_bytes(name, name, data), ArchiveLimits()):
        assert isinstance(item, Resource) or item.reason


def test_member_names_hidden_forks_and_climbers_in_ingest_too(tmp_path: Path, store, lexical) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name in ("./a.jsonl", "../b.jsonl", ".hidden.jsonl", "__MACOSX/._a.jsonl"):
            info = tarfile.TarInfo(name)
            info.size = len(POSTS)
            tf.addfile(info, io.BytesIO(POSTS))
    path = tmp_path / "names.tar"
    path.write_bytes(buf.getvalue())
    report = ingest(store, [str(path)], identifier=lexical)
    assert (report.read, report.stored, report.quarantined) == (3, 2, 1)
    assert report.quarantine_reasons == {"archive member path leaves the archive (..)": 1}


def test_a_link_loop_in_a_folder_is_skipped(tmp_path: Path) -> None:
    """Found by an adversarial pass: two links pointing at each other ended ingest and fact-check
    import with a traceback (RuntimeError: symlink loop), and the paths after it were never read."""
    from hybridwatch.ingest.archive import walk_folder

    (tmp_path / "posts.jsonl").write_text('{"id": 1, "text": "x"}\n', encoding="utf-8")
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert [p.name for p in walk_folder(tmp_path)] == ["posts.jsonl"]


def test_a_zip_of_many_megabyte_members_has_a_budget_as_a_whole(
    tmp_path: Path, store, lexical, monkeypatch
) -> None:
    """Found by an adversarial pass: members of exactly 1 MiB pass the per-member ratio check, and a
    1.1 MB zip of 1,000 such (one long record each) took more than 3 GB and ended in MemoryError:
    the archive now has a budget as a whole, and batches are bounded by size as well as count."""
    from hybridwatch.ingest import pipeline

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in range(24):
            zf.writestr(f"m{n}.jsonl", json.dumps({"id": str(n), "text": "a" * ((1 << 20) - 40)}) + "\n")
    (tmp_path / "bomb.zip").write_bytes(buffer.getvalue())
    assert len(buffer.getvalue()) < 100_000  # 24 MiB inside
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 4 << 20)
    batches: list[int] = []
    add = store.add_documents
    monkeypatch.setattr(
        store, "add_documents", lambda docs, run_id=None: batches.append(len(docs)) or add(docs, run_id)
    )
    report = ingest(store, [str(tmp_path / "bomb.zip")], identifier=lexical, workers=0)
    assert 16 <= report.stored < 24 and report.quarantined == 1  # 16 MiB at least, then refused
    (reason,) = [r["reason"] for r in store.quarantined()]
    assert "expands past" in reason
    assert max(batches) <= 4  # two megabytes a record (text and raw): two records a batch


def test_a_damaged_gzip_keeps_what_comes_before_the_damage(tmp_path: Path, store, lexical) -> None:
    """Found by an adversarial pass: a cut download, or bytes after the end, lost every record of
    the .gz (the gzip tool recovers them)."""
    lines = "".join(json.dumps({"id": f"g{n}", "text": f"KFOR record {n}"}) + "\n" for n in range(100))
    whole = gzip.compress(lines.encode())
    (tmp_path / "trailing.jsonl.gz").write_bytes(whole + b"garbage")
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) * 2 // 3])
    (tmp_path / "two.jsonl.gz").write_bytes(whole + gzip.compress(b'{"id": "x", "text": "one more"}\n'))
    report = ingest(store, [str(tmp_path / "trailing.jsonl.gz")], identifier=lexical)
    assert report.stored == 100 and report.quarantined == 1
    report = ingest(store, [str(tmp_path / "two.jsonl.gz")], identifier=lexical)
    assert report.stored == 101 and report.quarantined == 0  # a second gzip member is read on
    report = ingest(store, [str(tmp_path / "cut.jsonl.gz")], identifier=lexical)
    assert report.stored > 40 and any("cut short" in r["reason"] for r in store.quarantined())


def test_a_gzip_member_whose_next_header_straddles_a_read() -> None:
    """Found in review: when a member ended one byte before a 1 MiB read did, the next member's
    header was cut in two and the rest was ignored as garbage."""
    from hybridwatch.ingest.archive import _gunzip

    first = gzip.compress(b"x" * 1_048_000, compresslevel=0)
    pad = (1 << 20) - 1 - len(first)  # the first member ends one byte before the first read does
    first = gzip.compress(b"x" * (1_048_000 + pad), compresslevel=0)
    assert len(first) == (1 << 20) - 1
    body, damage = _gunzip(io.BytesIO(first + gzip.compress(b"second")), 1 << 24)
    assert damage is None and body is not None and body.endswith(b"second")
    assert _gunzip(io.BytesIO(gzip.compress(b"abc") + b"\x1f"), 1 << 20) == (
        b"abc",
        "1+ bytes after its end ignored",
    )
