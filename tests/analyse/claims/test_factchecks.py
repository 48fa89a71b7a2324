from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from hybridwatch.analyse.claims.service import import_factchecks
from hybridwatch.errors import InputError
from hybridwatch.ingest.factchecks import read_factchecks
from hybridwatch.model.document import Rejected
from hybridwatch.model.factcheck import FactCheck

from ...conftest import FIXTURES, shared_data


def split(items: list) -> tuple[list[FactCheck], list[Rejected]]:
    return [i for i in items if isinstance(i, FactCheck)], [i for i in items if isinstance(i, Rejected)]


def test_claimreview_objects_graph_and_rejects() -> None:
    good, bad = split(list(read_factchecks(str(FIXTURES / "factchecks" / "claimreview.json"))))
    assert [f.id for f in good] == [
        "https://factcheck.example/kfor-occupier",
        "https://factcheck.example/s400",
    ]
    kfor = good[0]
    assert (kfor.claim, kfor.rating, kfor.publisher, kfor.language) == (
        "KFOR is an occupation force in Kosovo",
        "False",
        "Balkan Fact Desk (test)",
        "en",
    )
    assert kfor.title == "No, KFOR is not an occupation force"
    assert kfor.published_at is not None and kfor.published_at.year == 2024
    assert kfor.extra["claimant"] == "Some tabloid"
    assert good[1].rating == "Lažno"
    assert len(bad) == 1 and "without claim text" in bad[0].reason


def test_claimreview_inside_html(tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    page.write_text(
        '<html><script type="application/ld+json">{"@type": "ClaimReview", "url": "https://x.example/1",'
        ' "claimReviewed": "A claim"}</script></html>'
    )
    (fc,) = read_factchecks(str(page), fmt="claimreview")
    assert isinstance(fc, FactCheck) and fc.claim == "A claim"


def test_generic_jsonl_with_bad_lines() -> None:
    good, bad = split(list(read_factchecks(str(FIXTURES / "factchecks" / "generic.jsonl"))))
    assert [(f.id, f.language) for f in good] == [("g1", "en"), ("g2", "sr")]
    assert [b.position.line for b in bad] == [3, 4]


def test_checkthat_vclaims_archive(tmp_path: Path) -> None:
    archive = tmp_path / "vclaims.tar.xz"
    with tarfile.open(archive, "w:xz") as tf:
        for i in range(3):
            body = json.dumps(
                {
                    "title": f"T{i}",
                    "subtitle": "",
                    "author": "A",
                    "date": "25 February 2020",
                    "vclaim_id": f"vclaim-{i}",
                    "vclaim": f"claim number {i}",
                }
            ).encode()
            info = tarfile.TarInfo(f"vclaims/vclaim-{i}.json")
            info.size = len(body)
            tf.addfile(info, io.BytesIO(body))
    good, bad = split(list(read_factchecks(str(archive))))
    assert [f.id for f in good] == ["vclaim-0", "vclaim-1", "vclaim-2"] and not bad
    assert good[0].published_at is not None and good[0].published_at.month == 2


def test_checkthat_2020_tsv_with_multiline_quotes(tmp_path: Path) -> None:
    tsv = tmp_path / "verified_claims.docs.tsv"
    tsv.write_text('\tvclaim\ttitle\n0\t"A claim that\nspans lines"\tTitle 0\n1\tSecond claim\tTitle 1\n')
    good, _ = split(list(read_factchecks(str(tsv))))
    assert [(f.id, f.claim) for f in good] == [("0", "A claim that\nspans lines"), ("1", "Second claim")]


def test_euvsdisinfo_csv() -> None:
    path = shared_data("euvsdisinfo-cknabs", "posts.csv")
    good, bad = split(list(read_factchecks(str(path))))
    assert len(good) == 10_892 and not bad
    first = good[0]
    assert first.publisher == "EUvsDisinfo" and first.rating == "disinformation"
    assert first.url == first.id and first.extra["countries"] == ["Russia", "Germany"]


def test_import_counts_and_reimport(store) -> None:
    path = str(FIXTURES / "factchecks" / "generic.jsonl")
    first = import_factchecks(store, path)
    assert (first.read, first.stored, first.duplicates, first.quarantined) == (4, 2, 0, 2)
    again = import_factchecks(store, path)
    assert (again.stored, again.duplicates) == (0, 2)
    assert store.factchecks.count() == 2
    assert {row["position"].split("/")[-1] for row in store.quarantined()} >= {
        "generic.jsonl:line 3:byte 280"
    }


def test_an_id_naming_another_claim_is_a_conflict_not_a_duplicate(store, tmp_path: Path) -> None:
    """Two exports that both number from 1: the second's record 1 is quarantined, named, counted."""
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text('{"id": "1", "text": "KFOR troops are occupiers"}\n', encoding="utf-8")
    second.write_text(
        '{"id": "2", "text": "Bondsteel stores nuclear weapons"}\n'
        '{"id": "1", "text": "Serbia bought S-400 in 2019"}\n'
        '{"id": "1", "text": "KFOR TROOPS are occupiers"}\n',  # the same claim: a duplicate
        encoding="utf-8",
    )
    import_factchecks(store, str(first))
    report = import_factchecks(store, str(second))
    assert (report.read, report.stored, report.duplicates, report.quarantined) == (3, 1, 1, 1)
    assert report.quarantine_reasons == {"id conflict": 1}
    (row,) = [r for r in store.quarantined() if r["reason"].startswith("id conflict")]
    assert row["position"].endswith("b.jsonl:item 2") and "'1' already names another claim" in row["reason"]
    assert store.factchecks.get("1").claim == "KFOR troops are occupiers"  # the stored one stays


def test_an_import_that_cannot_read_on_is_recorded_as_failed(store) -> None:
    with pytest.raises(InputError):
        import_factchecks(store, "/nope/none.jsonl")
    (run,) = store.stats()["runs"]
    assert run["command"] == "factchecks import" and run["status"] == "failed"  # never left "running"


def test_unknown_path_and_format() -> None:
    with pytest.raises(InputError):
        list(read_factchecks("/nope/none.json"))
    with pytest.raises(InputError):
        list(read_factchecks(str(FIXTURES / "factchecks" / "generic.jsonl"), fmt="yaml"))
