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
    assert ingest["stored"] == 377 and ingest["quarantined"] == 10
    assert ingest["read"] == ingest["stored"] + ingest["duplicates"] + ingest["quarantined"]
    counts = {q: len(hits) for q, hits in summary["searches"].items()}
    assert counts["Приштина"] == counts["Priština"] == counts["Pristina"] > 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html
    # hostile content from the sample appears escaped, never as live markup
    assert "<!ENTITY" not in html
    assert "&lt;!ENTITY" in html
    assert not re.search(r"<script", html, re.IGNORECASE)
    assert json.loads((out / "report.json").read_text())["ingest"]["stored"] == 377


def test_demo_is_repeatable(tmp_path: Path) -> None:
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli, ["demo", "--out", str(tmp_path)], catch_exceptions=False)
        assert result.exit_code == 0
        assert "stored 377" in result.output
