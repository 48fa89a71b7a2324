"""The bundled sample, ingested end to end, against its own ground truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hybridwatch.demo import sample_locations
from hybridwatch.ingest import ingest
from hybridwatch.store import SQLiteStore


@pytest.fixture(scope="module")
def ingested(sample_dir: Path, tmp_path_factory) -> tuple[SQLiteStore, object, dict]:
    store = SQLiteStore(tmp_path_factory.mktemp("sample") / "s.db")
    report = ingest(store, sample_locations(sample_dir))
    truth = json.loads((sample_dir / "ground_truth.json").read_text(encoding="utf-8"))
    return store, report, truth


def test_every_valid_item_stored_every_bad_one_quarantined(ingested) -> None:
    store, report, truth = ingested
    valid = sum(sum(langs.values()) for langs in truth["counts"].values())
    quarantine = [
        b for b in truth["bad_records"] if b["expected"] in {"quarantine", "refuse", "report_empty"}
    ]
    assert report.stored == valid == 433
    assert report.quarantined == len(quarantine) == 10
    assert report.read == report.stored + report.duplicates + report.quarantined


def test_quarantine_names_file_and_position(ingested) -> None:
    store, _, _ = ingested
    positions = {row["position"].split("/sample/")[-1]: row["reason"] for row in store.quarantined()}
    assert positions["social_posts.jsonl:line 17:byte 8236"].startswith("malformed JSON")
    assert positions["social_posts.jsonl:line 42:byte 19757"].startswith("expected a JSON object")
    assert positions["social_posts.jsonl:line 63:byte 31155"].startswith("no text")
    assert positions["crowdtangle_export.csv:line 55"].startswith("row has 9 fields, header has 31")
    assert positions["crowdtangle_export.csv:line 113"].startswith("malformed CSV row")
    assert positions["telegram/result.json:item 23"].startswith("message text has unsupported type int")
    assert positions["telegram/result.json:item 41"].startswith("message is not an object")
    assert positions["feeds/bad/billion_laughs.xml"].startswith("refused XML")
    assert positions["feeds/bad/external_entity.xml"].startswith("refused XML")
    assert positions["notes/empty.txt"] == "empty file"


def test_recovered_records_are_flagged(ingested) -> None:
    store, report, _ = ingested
    by_native = {d.native_id: d for d in store.iter_documents() if d.native_id}
    assert "decoded_as:windows-1251" in by_native["fb-100449"].flags
    assert "date_in_future" in by_native["tw-100518"].flags
    assert "date_before_1990" in by_native["tw-100609"].flags
    assert "naive_timestamp" in by_native["fb-100702"].flags
    assert by_native["fb-100449"].language == "sr-Cyrl"


def test_planted_campaign_links_canonicalise_to_one_url(ingested) -> None:
    store, _, truth = ingested
    group = set(truth["coordinated_group"]["accounts"])
    url = truth["coordinated_group"]["campaign_url"]
    sharers = {d.author for d in store.iter_documents() if url in d.links}
    assert group <= sharers


def test_injected_script_stays_text(ingested) -> None:
    store, _, _ = ingested
    (page,) = [d for d in store.iter_documents() if d.position.endswith("injected_script.html")]
    assert "alert(" not in page.text and "onerror" not in page.text
    assert "<b>not bold</b>" in page.text  # escaped markup in the source is text, decoded once


def test_every_kind_and_language_present(ingested) -> None:
    store, _, _ = ingested
    stats = store.stats()
    assert set(stats["by_kind"]) >= {"jsonl", "csv", "rss", "atom", "html", "telegram", "text", "markdown"}
    assert set(stats["by_language"]) >= {"en", "sr-Cyrl", "sr-Latn", "sq", "ru"}


def test_reingest_of_the_whole_sample_stores_nothing(ingested, sample_dir: Path) -> None:
    store, first, _ = ingested
    again = ingest(store, sample_locations(sample_dir))
    assert again.stored == 0 and again.duplicates == first.stored
