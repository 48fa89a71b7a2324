from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from hybridwatch.cli import cli


def test_demo_runs_end_to_end_and_writes_a_safe_report(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", "--out", str(out), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    ingest = summary["ingest"]
    assert ingest["stored"] == 433 and ingest["quarantined"] == 10
    assert ingest["read"] == ingest["stored"] + ingest["duplicates"] + ingest["quarantined"]
    counts = {q: len(hits) for q, hits in summary["searches"].items()}
    assert counts["Приштина"] == counts["Priština"] == counts["Pristina"] > 0
    claims = summary["claims"]
    assert [f["stored"] for f in claims["factchecks_imported"]] == [24, 16, 6]
    assert claims["detect"]["sentences"] > claims["detect"]["checkworthy"] > 0
    assert claims["match"]["system"]["path"] == "hybrid" and claims["match"]["system"]["reranker"]
    # the planted copy-paste campaign (Serbian, both scripts) is matched to the English EUvsDisinfo case
    campaign = [
        m for m in claims["top_matches"] + _all_matches(out) if "kfor-is-an-occupation" in m["factcheck_id"]
    ]
    assert campaign and {m["language"] for m in campaign} & {"sr-Cyrl", "sr-Latn"}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Claims already known" in html
    duplicates = json.loads((out / "report.json").read_text())["campaigns"]
    assert duplicates["duplicate_clusters"] > 0 and "Copypasta" in html
    largest = duplicates["top_duplicates"][0]
    assert largest["size"] >= 8 and largest["n_accounts"] >= 5  # the planted copy-paste campaign
    # the planted surge (two posts a day for three weeks, then fourteen) and the planted coordination
    truth = json.loads((Path(__file__).parents[1] / "src/hybridwatch/sample/ground_truth.json").read_text())
    campaigns = json.loads((out / "report.json").read_text())["campaigns"]
    surges = [s for n in campaigns["surging"] for s in n["surges"] if s["day"] == truth["surge"]["day"]]
    assert surges and max(s["factor"] for s in surges) >= 3 and "Narratives and surges" in html
    network = campaigns["coordination"]["networks"][0]
    assert set(network["accounts"]) <= set(truth["coordinated_group"]["accounts"])
    knowledge = json.loads((out / "report.json").read_text())["knowledge"]
    assert knowledge["link"]["mentions"] > 1000 and knowledge["extract"]["events"] > 50
    assert "Security events" in html and "Who and what is named" in html
    assert "Content-Security-Policy" in html
    # hostile content from the sample appears escaped, never as live markup
    assert "<!ENTITY" not in html
    assert "&lt;!ENTITY" in html
    assert not re.search(r"<script", html, re.IGNORECASE)
    assert json.loads((out / "report.json").read_text())["ingest"]["stored"] == 433
    # the brief dates an alert by what it is about: the coordination alerts (fired today, about a
    # network co-sharing in May 2025) were left out; the most severe come first
    brief = json.loads((out / "brief.json").read_text())
    rules = [a["rule_id"] for a in brief["alerts"]]
    assert "watchlist-coordination" in rules and brief["n_alerts"] == len(rules)
    ranks = [("high", "medium", "low").index(a["severity"]) for a in brief["alerts"]]
    assert ranks == sorted(ranks)
    assert brief["narratives"][0]["surges"]  # the planted surge leads
    # a coordination alert's evidence is accounts and links, not documents ("0 evidence documents")
    brief_html = (out / "brief.html").read_text(encoding="utf-8")
    assert "0 evidence documents" not in brief_html and "accounts sharing" in brief_html
    # the sample rules are left beside the store, to read, edit and add (a first-time user found none)
    assert (out / "rules" / "nato-pfp-kosovo.yaml").is_file()
    # the stored claim matches, with their evidence, from the CLI (only the report showed them)
    db = str(out / "demo.db")
    listed = json.loads(
        CliRunner().invoke(cli, ["claims", "list", "--tier", "auto", "--db", db, "--json"]).stdout
    )
    scores = [m["score"] for m in listed["matches"]]
    assert listed["n_matches"] == 50 and scores == sorted(scores, reverse=True)
    assert all(m["tier"] == "auto" and m["factcheck_claim"] and m["explanation"] for m in listed["matches"])
    april = ["claims", "list", "--since", "2025-04-01", "--until", "2025-04-30", "--db", db, "--json"]
    dated = json.loads(CliRunner().invoke(cli, april).stdout)["matches"]
    assert dated and all("2025-04-01" <= m["published_at"][:10] <= "2025-04-30" for m in dated)
    moment = dated[0]["published_at"]  # "on or after" includes a claim published at that moment
    exact = ["claims", "list", "--since", moment, "--until", moment, "--db", db, "--json"]
    assert dated[0]["claim_id"] in {
        m["claim_id"] for m in json.loads(CliRunner().invoke(cli, exact).stdout)["matches"]
    }


def _all_matches(out: Path) -> list[dict]:
    from hybridwatch.analyse.claims.service import claim_matches
    from hybridwatch.store import SQLiteStore

    with SQLiteStore(out / "demo.db") as store:
        return claim_matches(store, limit=10_000)


def test_demo_is_repeatable_and_runs_without_the_model(tmp_path: Path) -> None:
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli, ["demo", "--out", str(tmp_path), "--no-model"], catch_exceptions=False)
        assert result.exit_code == 0
        assert "stored 433" in result.output
        assert "lexical path" in result.output
