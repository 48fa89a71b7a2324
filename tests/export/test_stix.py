from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
import stix2
from click.testing import CliRunner
from stix2validator import validate_string

from hybridwatch.analyse.campaigns.coordination import CoordinationParams
from hybridwatch.analyse.campaigns.service import detect_coordination
from hybridwatch.analyse.entities.service import link_entities
from hybridwatch.analyse.narratives.service import update_narratives
from hybridwatch.cli import cli
from hybridwatch.demo import sample_locations
from hybridwatch.export.stix import stix_bundle
from hybridwatch.ingest import ingest
from hybridwatch.store import SQLiteStore


def _valid(bundle: stix2.Bundle) -> dict:
    text = bundle.serialize()
    result = validate_string(text)
    assert result.is_valid, [str(e) for o in result.object_results for e in o.errors][:5]
    parsed = stix2.parse(text, allow_custom=False)  # round trip through the library
    assert sorted(o.id for o in parsed.objects) == sorted(o.id for o in bundle.objects)
    return json.loads(text)


@pytest.fixture(scope="module")
def sample_store(sample_dir: Path, tmp_path_factory) -> SQLiteStore:
    store = SQLiteStore(tmp_path_factory.mktemp("stix") / "s.db")
    ingest(store, sample_locations(sample_dir), options=None, workers=0)
    link_entities(store)
    update_narratives(store)
    detect_coordination(store, "url")
    yield store
    store.close()


def test_the_sample_exports_as_a_valid_bundle_that_round_trips(
    sample_store: SQLiteStore, sample_dir: Path
) -> None:
    bundle = stix_bundle(sample_store)
    data = _valid(bundle)
    kinds = Counter(o["type"] for o in data["objects"])
    assert kinds["campaign"] >= 3 and kinds["report"] == kinds["campaign"] == kinds["note"]
    assert kinds["attack-pattern"] >= 1 and kinds["relationship"] >= 8
    surging = [o for o in data["objects"] if o["type"] == "campaign" and o["name"].startswith("Surging")]
    # the planted surge's narrative, its words as the posts write them (they read "kosovu" before)
    assert any("Косову" in o["description"] for o in surging), [o["description"] for o in surging]
    objects = {o["id"]: o for o in data["objects"]}
    network = next(o for o in data["objects"] if o["type"] == "campaign" and "Coordinated" in o["name"])
    truth = json.loads((sample_dir / "ground_truth.json").read_text(encoding="utf-8"))["coordinated_group"]
    members = {
        objects[r["source_ref"]]["name"]
        for r in data["objects"]
        if r["type"] == "relationship" and r["target_ref"] == network["id"]
    }
    assert members and members <= set(truth["accounts"])
    uses = [r for r in data["objects"] if r["type"] == "relationship" and r["relationship_type"] == "uses"]
    pattern = objects[uses[0]["target_ref"]]
    assert pattern["external_references"][0]["source_name"] == "DISARM"
    assert pattern["external_references"][0]["external_id"].startswith("T0")
    report = next(o for o in data["objects"] if o["type"] == "report" and network["id"] in o["object_refs"])
    note = objects[next(r for r in report["object_refs"] if r.startswith("note--"))]
    assert json.loads(note["content"])["evidence"]  # the co-share pairs travel with the campaign
    assert {o.id for o in stix_bundle(sample_store).objects} == set(objects)  # stable ids


def test_state_media_whose_links_a_network_pushed_are_threat_actors(tmp_path: Path) -> None:
    posts = [
        {"id": f"p{o}{k}", "account": f"@bot{k}", "created_at": f"2025-05-0{o + 1}T10:00:{10 * k:02d}Z",
         "text": f"Pročitajte ovo https://sputnikportal.rs/vesti/{o}", "urls": [f"https://sputnikportal.rs/vesti/{o}"]}
        for o in range(4)
        for k in range(3)
    ]  # fmt: skip
    (tmp_path / "p.jsonl").write_text("\n".join(json.dumps(p) for p in posts) + "\n", encoding="utf-8")
    store = SQLiteStore(tmp_path / "t.db")
    ingest(store, [str(tmp_path / "p.jsonl")], options=None, workers=0)
    detect_coordination(store, "url", CoordinationParams(window=60))
    data = _valid(stix_bundle(store))
    (actor,) = [o for o in data["objects"] if o["type"] == "threat-actor"]
    assert actor["name"] == "Sputnik Srbija" and actor["threat_actor_types"] == ["nation-state"]
    assert any(r.get("target_ref") == actor["id"] for r in data["objects"] if r["type"] == "relationship")
    late = stix_bundle(store, since=datetime(2030, 1, 1, tzinfo=UTC))
    assert [o.type for o in late.objects] == ["identity"]  # only the producer
    store.close()


def test_export_command_writes_the_bundle(sample_store: SQLiteStore, tmp_path: Path) -> None:
    out = tmp_path / "bundle.json"
    result = CliRunner().invoke(
        cli, ["export", "stix", "--db", sample_store.path, "--out", str(out), "--json"]
    )
    summary = json.loads(result.output)
    assert result.exit_code == 0 and summary["objects"] == len(json.loads(out.read_text())["objects"])
    assert validate_string(out.read_text()).is_valid


def test_a_re_export_after_the_analyses_ran_again_keeps_every_created(
    tmp_path: Path, sample_dir: Path
) -> None:
    """STIX 2.1: `created` may not change between versions of one id; every re-export moved it."""
    store = SQLiteStore(tmp_path / "v.db")
    ingest(store, sample_locations(sample_dir), options=None, workers=0)
    link_entities(store)
    update_narratives(store)
    detect_coordination(store, "url")
    first = {o["id"]: o for o in _valid(stix_bundle(store))["objects"]}
    detect_coordination(store, "url")  # the findings are stored again, with a later ran_at
    again = {o["id"]: o for o in _valid(stix_bundle(store))["objects"]}
    assert set(first) == set(again)
    assert all(again[k]["created"] == first[k]["created"] for k in first)
    assert all(o["modified"] >= o["created"] for o in again.values())
    narrower = {
        o["id"]: o for o in _valid(stix_bundle(store, since=datetime(2025, 4, 1, tzinfo=UTC)))["objects"]
    }
    assert 0 < len(narrower) < len(again)  # an export of fewer findings: the shared ids agree (review)
    assert all(narrower[k]["created"] == again[k]["created"] for k in narrower)
    network = next(o for o in again.values() if o["type"] == "campaign" and "Coordinated" in o["name"])
    assert network["created"].replace(".000Z", "Z") == network["first_seen"]  # when it began, not exported
    store.close()


def test_a_narrative_surging_twice_is_one_campaign_created_once(tmp_path: Path) -> None:
    """Found by a review: each surge stamped the narrative's one campaign with its own day, so an
    export --since between them changed `created` under the same id."""
    store = SQLiteStore(tmp_path / "s.db")
    store.conn.execute(
        "INSERT INTO narratives (analyser, id, first_document, first_seen, last_seen, size, centroid, terms, "
        "label, updated_at) VALUES ('a', 'n-1', 'd', '2025-04-01T00:00:00+00:00', '2025-05-20T00:00:00+00:00', "
        "50, '[]', '{}', '[\"kosovo\"]', '2025-05-21')"
    )
    for day in ("2025-05-01", "2025-05-15"):
        payload = {"day": day, "count": 20, "factor": 10, "baseline": 1, "z": 3, "p": 0.001}
        store.findings.add(
            [
                {
                    "analyser": "x",
                    "kind": "narrative_surge",
                    "subject": "n-1",
                    "object": day,
                    "payload": payload,
                }
            ]
        )
    created = [
        {o.id: o.created for o in stix_bundle(store, since=since).objects if o.type == "campaign"}
        for since in (None, datetime(2025, 5, 10, tzinfo=UTC))
    ]
    assert created[0] == created[1] and list(created[0].values())[0] == datetime(2025, 4, 1, tzinfo=UTC)
    store.close()
