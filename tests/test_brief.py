from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from hybridwatch.analyse.campaigns.service import detect_coordination, detect_duplicates
from hybridwatch.analyse.entities.service import link_entities
from hybridwatch.analyse.events.service import extract_events
from hybridwatch.analyse.narratives.service import update_narratives
from hybridwatch.cli import cli
from hybridwatch.demo import sample_locations
from hybridwatch.ingest import ingest
from hybridwatch.report.brief import weekly_brief, write_brief
from hybridwatch.store import SQLiteStore


def test_the_brief_shows_the_periods_surge_campaigns_and_events(tmp_path: Path, sample_dir: Path) -> None:
    store = SQLiteStore(tmp_path / "b.db")
    ingest(store, sample_locations(sample_dir), options=None, workers=0)
    link_entities(store)
    extract_events(store)
    update_narratives(store)
    detect_duplicates(store)
    detect_coordination(store, "url")
    truth = json.loads((sample_dir / "ground_truth.json").read_text(encoding="utf-8"))
    april = weekly_brief(
        store, start=datetime(2025, 4, 1, tzinfo=UTC), until=datetime(2025, 4, 30, tzinfo=UTC)
    )
    surging = [n for n in april["narratives"] if n["surges"]]
    assert surging and surging[0]["surges"][0]["day"] == truth["surge"]["day"]  # surges lead the brief
    assert april["narratives"][0] is surging[0] and surging[0]["examples"]
    assert april["documents"] > 50 and april["events"] and april["entities"]
    assert all("2025-04-01" < e["published_at"] <= "2025-04-30T" for e in april["events"])
    march = weekly_brief(
        store, start=datetime(2025, 3, 10, tzinfo=UTC), until=datetime(2025, 3, 20, tzinfo=UTC)
    )
    assert any("okupaciona" in c["first"]["text"] for c in march["copypasta"])  # the planted campaign started
    assert march["networks"] and set(march["networks"][0]["accounts"]) <= set(
        truth["coordinated_group"]["accounts"]
    )
    html = write_brief(april, tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "Surged on 2025-04-22" in html and "Content-Security-Policy" in html
    planted = surging[0]["surges"][0]  # the counts the factor stands on, not the factor alone
    assert (
        planted["days"] == 14
        and f"{planted['count']} documents against {planted['before']} in the 14" in html
    )
    assert not re.search(r"<script", html, re.IGNORECASE)
    assert json.loads((tmp_path / "brief.json").read_text())["period"]["start"].startswith("2025-04-01")
    # the default period ends with the newest document that is not in the future (the sample has one)
    latest = weekly_brief(store)
    assert latest["period"]["end"].startswith("2025-06") and latest["period"]["days"] == 7
    store.close()
    result = CliRunner().invoke(
        cli,
        [
            "report",
            "--since",
            "30d",
            "--out",
            str(tmp_path / "w.html"),
            "--db",
            str(tmp_path / "b.db"),
            "--json",
        ],
    )
    summary = json.loads(result.output)
    assert result.exit_code == 0 and summary["period"]["days"] == 30 and (tmp_path / "w.html").exists()
    # found by a CLI audit: counts were capped at what the brief shows (25 events), alerts were not
    for kind in ("narratives", "claims", "events", "alerts"):
        assert summary[kind] >= summary["shown"][kind], kind
    assert summary["shown"]["events"] <= 25 and summary["shown"]["claims"] <= 12
    assert summary["events"] > summary["shown"]["events"] or summary["events"] < 25
    assert summary["narratives"] > summary["shown"]["narratives"] == 8  # 24 active, 8 shown (review)


def test_report_options_at_the_edges_fail_cleanly(tmp_path: Path) -> None:
    """Found by an adversarial pass: each was a traceback, or a brief overwritten by its own data."""
    db = str(tmp_path / "edge.db")
    SQLiteStore(db).close()

    def report(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli, ["report", *args, "--db", db])
        return result.exit_code, result.output

    for since in ("0001-01-01", "99999999999d"):  # "since ever": from the first moment there is
        code, output = report("--since", since, "--out", str(tmp_path / "ever.html"))
        assert code == 0 and "0001-01-01" in output, since
    code, output = report("--out", str(tmp_path / "brief.json"))
    assert code == 1 and "use .html" in output and not (tmp_path / "brief.json").exists()
    code, output = report("--out", str(tmp_path / "no" / "such" / "dir.html"))
    assert code == 1 and output.startswith("error:")
    # an inverted period wrote an empty brief in silence; ages other than whole days were dates
    inverted = ("--since", "2025-05-01", "--until", "2025-04-01", "--out", str(tmp_path / "inv.html"))
    code, output = report(*inverted)
    assert code == 2 and "not before --until" in output and not (tmp_path / "inv.html").exists()
    code, output = report("--since", "0d", "--out", str(tmp_path / "z.html"))
    assert code == 2 and "empty period" in output  # it wrote a brief of -518 days
    code, output = report("--since", "9999-01-01", "--out", str(tmp_path / "z.html"))
    assert code == 1 and "not before its end" in output
    code, output = report(
        "--since", "12h", "--until", "2025-04-22", "--out", str(tmp_path / "h.html"), "--json"
    )
    assert code == 0 and json.loads(output)["period"]["days"] == 0.5


def test_the_brief_counts_every_alert_and_shows_the_most_severe(tmp_path: Path) -> None:
    """A chatty rule's 20 newest alerts stood for all ("20 alerts fired" of 127), the high ones gone."""
    from hybridwatch.watch.evaluate import add_rule
    from hybridwatch.watch.rules import parse_rule
    from hybridwatch.watch.service import run_watch

    store = SQLiteStore(tmp_path / "a.db")
    posts = tmp_path / "p.jsonl"
    posts.write_text(
        "".join(
            json.dumps(
                {"id": str(k), "account": f"@a{k}", "created_at": f"2025-05-{1 + k % 28:02d}T10:00:00Z",
                 "text": f"Mitrovica bridge protest {k}" + (" S-400" if k < 2 else "")}
            ) + "\n"
            for k in range(40)
        ),
        encoding="utf-8",
    )  # fmt: skip
    ingest(store, [str(posts)], options=None, workers=0)
    add_rule(store, parse_rule({"id": "sam", "severity": "high", "when": {"keywords": ["s-400"]}}))
    add_rule(store, parse_rule({"id": "chatty", "severity": "low", "when": {"keywords": ["mitrovica"]}}))
    run_watch(store)
    brief = weekly_brief(
        store, start=datetime(2025, 4, 30, tzinfo=UTC), until=datetime(2025, 5, 31, tzinfo=UTC)
    )
    assert brief["n_alerts"] == 42 and len(brief["alerts"]) == 20
    assert [a["rule_id"] for a in brief["alerts"][:2]] == ["sam", "sam"]
    html = write_brief(brief, tmp_path / "a.html").read_text(encoding="utf-8")
    assert "42 alerts fired (the 20 most severe shown)" in html
    store.close()


def test_an_empty_period_says_where_the_documents_are(tmp_path: Path, sample_dir: Path) -> None:
    """Found by a first-time user: `export stix --since 30d` on last year's corpus wrote one object
    and `report --since 7d --until 2d` an empty brief, with no word of why."""
    db = tmp_path / "e.db"
    store = SQLiteStore(db)
    ingest(store, sample_locations(sample_dir), workers=0)
    store.close()
    runner = CliRunner()
    for command in (["export", "stix", "--since", "30d"], ["report", "--since", "7d", "--until", "2d"]):
        result = runner.invoke(cli, [*command, "--out", str(tmp_path / "x.out"), "--db", str(db)])
        assert result.exit_code == 0 and "nothing in this period" in result.stderr, command
        assert "to 2025-06-30" in result.stderr  # the newest not ahead of the clock (2031 is)
