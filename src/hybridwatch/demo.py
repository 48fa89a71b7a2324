"""``hybridwatch demo``: the whole pipeline on the bundled synthetic sample, end to end."""

from __future__ import annotations

import contextlib
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from hybridwatch.analyse.campaigns.service import detect_coordination, detect_duplicates
from hybridwatch.analyse.claims.service import claim_matches, detect_claims, import_factchecks, match_all
from hybridwatch.analyse.entities.service import entity_listing, link_entities
from hybridwatch.analyse.events.service import extract_events, list_events
from hybridwatch.analyse.narratives.service import list_narratives, update_narratives
from hybridwatch.export.stix import stix_bundle
from hybridwatch.ingest import ingest
from hybridwatch.knowledge import load_pack
from hybridwatch.report.brief import weekly_brief, write_brief
from hybridwatch.report.corpus import corpus_summary, write_report
from hybridwatch.store import SQLiteStore
from hybridwatch.watch.evaluate import add_rule, read_alerts
from hybridwatch.watch.rules import read_rule
from hybridwatch.watch.service import run_watch

__all__ = ["run_demo", "format_summary", "sample_locations", "DEMO_QUERIES"]

# One query in several scripts and spellings: folding makes them find the same documents.
DEMO_QUERIES = ("Приштина", "Priština", "Pristina", "KFOR Mitrovica", "Вучић", "S-400")


@contextlib.contextmanager
def _sample_dir() -> Iterator[Path]:
    with resources.as_file(resources.files("hybridwatch") / "sample") as path:
        yield Path(path)


NOT_INPUT = frozenset({"README.md", "ground_truth.json", "factchecks", "rules"})


def sample_locations(folder: Path) -> list[str]:
    """Every input in the sample folder except its documentation and ground truth."""
    return [
        str(p) for p in sorted(folder.iterdir()) if p.name not in NOT_INPUT and not p.name.startswith(".")
    ]


def _fresh(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    db = out / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


BRIEF_DAYS = 90  # the sample spans months; its planted surge is two months before its newest post
FACTCHECK_FILES = ("claimreview.json", "euvsdisinfo_cases.csv", "extra.jsonl")


def run_demo(
    out: Path, *, progress: Callable[[str], None] | None = None, use_model: bool = True
) -> dict[str, Any]:
    """Ingest the sample into ``out/demo.db``, run the analyses, write ``out/report.html`` and ``.json``.

    *progress* is told each step as it starts (the whole takes half a minute).
    """
    step = progress or (lambda _: None)
    store = SQLiteStore(_fresh(out))
    step("ingesting the sample")
    with _sample_dir() as folder:
        report = ingest(store, sample_locations(folder))
        imported = [
            import_factchecks(store, str(folder / "factchecks" / name)).as_dict() for name in FACTCHECK_FILES
        ]
        rules = [read_rule(path) for path in sorted((folder / "rules").glob("*.yaml"))]
        # the sample rules beside the store, to edit and add again: an installed package has no
        # src/hybridwatch/sample/rules to point at
        shutil.copytree(folder / "rules", out / "rules", dirs_exist_ok=True)
    step("finding and matching claims")
    detected = detect_claims(store, use_model=False)  # lexical detection of every sentence: fast
    matched = match_all(store, use_model=use_model)  # embeddings only for the check-worthy claims
    summary = corpus_summary(store, report, queries=DEMO_QUERIES)
    summary["claims"] = {
        "factchecks_imported": imported,
        "detect": detected,
        "match": matched,
        "top_matches": claim_matches(store, limit=25),
    }
    step("finding campaigns and narratives")
    clusters = detect_duplicates(store).clusters
    summary["campaigns"] = {
        "duplicate_clusters": len(clusters),
        "duplicate_documents": sum(len(c.members) for c in clusters),
        "top_duplicates": [c.as_dict(member_limit=10) for c in clusters[:8]],
        "coordination": detect_coordination(store, "url").as_dict(limit=5),
        "narratives_update": update_narratives(store).as_dict(),
        "narratives": list_narratives(store, limit=8),
        "surging": list_narratives(store, surging=True, limit=5),
    }
    step("linking entities and extracting events")
    pack = load_pack()
    linked, extracted = link_entities(store, pack), extract_events(store, pack)
    summary["knowledge"] = {
        "pack": {"name": pack.name, "version": pack.version},
        "link": linked.as_dict(),
        "top_entities": [
            {k: e[k] for k in ("id", "type", "name", "mentions", "documents")}
            for e in entity_listing(store, pack)[:15]
        ],
        "extract": extracted.as_dict(),
        "events": list_events(store, limit=20),
    }
    step("running the watch rules; writing the report, the brief and STIX")
    for rule in rules:
        add_rule(store, rule)
    run_watch(store, pack)
    summary["alerts"] = [a.as_dict() for a in read_alerts(store, limit=30)]
    summary["report_html"], summary["report_json"] = (str(p) for p in write_report(summary, out))
    brief = weekly_brief(store, days=BRIEF_DAYS, pack=pack)
    summary["brief_html"] = str(write_brief(brief, out / "brief.html"))
    bundle = stix_bundle(store, pack)
    (out / "bundle.stix.json").write_text(bundle.serialize(pretty=True), encoding="utf-8")
    summary["stix_bundle"] = {"path": str(out / "bundle.stix.json"), "objects": len(bundle.objects)}
    summary["db"] = str(out / "demo.db")
    store.close()
    return summary


def format_summary(summary: dict[str, Any]) -> str:
    """A few lines a person reads at the end of the demo."""
    ing = summary["ingest"]
    claims = summary["claims"]
    detector = claims["detect"]["method"]
    coordination = summary["campaigns"]["coordination"]
    lines = [
        "hybridwatch demo — bundled synthetic sample",
        f"  ingest: read {ing['read']}, stored {ing['stored']}, duplicates {ing['duplicates']}, "
        f"quarantined {ing['quarantined']} (languages by {ing['language_identifier']})",
        "  languages: " + ", ".join(f"{k} {v}" for k, v in summary["stats"]["by_language"].items()),
        "  kinds: " + ", ".join(f"{k} {v}" for k, v in summary["stats"]["by_kind"].items()),
        "  quarantine: " + ", ".join(f"{k} ×{v}" for k, v in summary["stats"]["quarantine_reasons"].items()),
        f"  claims: {summary['claims']['detect']['checkworthy']} check-worthy of "
        f"{summary['claims']['detect']['sentences']} sentences (by the {detector} detector: fast; "
        "`claims detect` uses the model), compared with "
        f"{sum(f['stored'] for f in summary['claims']['factchecks_imported'])} fact-checks: "
        + (
            ", ".join(f"{n} {tier}" for tier, n in summary["claims"]["match"]["matches"].items())
            + " matches (up to 5 a claim)"
            if summary["claims"]["match"]["matches"]
            else "no match"
        )
        + f" ({claims['match']['system']['path']} path)",
        f"  copypasta: {summary['campaigns']['duplicate_clusters']} near-duplicate clusters holding "
        f"{summary['campaigns']['duplicate_documents']} documents; coordinated link sharing: "
        + (
            ", ".join(f"{n['size']} accounts on {n['n_objects']} links" for n in coordination["networks"])
            or "none"
        ),
        f"  narratives: {summary['campaigns']['narratives_update']['active']} tracked; surging: "
        + (
            "; ".join(
                f"{' '.join(n['label_text'][:3])} ({s['day']}: {s['count']} documents, "
                f"{s['before']} in the {s['days']} days before)"
                for n in summary["campaigns"]["surging"]
                for s in n["surges"][-1:]
            )
            or "none"
        ),
        f"  knowledge: {summary['knowledge']['link']['mentions']} entity mentions "
        f"(pack {summary['knowledge']['pack']['version']}); {summary['knowledge']['extract']['events']} "
        "security events: "
        + ", ".join(
            f"{a} {n}"
            for a, n in sorted(summary["knowledge"]["extract"]["by_action"].items(), key=lambda kv: -kv[1])[
                :5
            ]
        ),
        f"  alerts: {len(summary['alerts'])} from the watch rules in {Path(summary['db']).parent / 'rules'}: "
        + ", ".join(
            f"{rule} {n}" for rule, n in sorted(Counter(a["rule_id"] for a in summary["alerts"]).items())
        ),
        "  search across scripts: " + ", ".join(f"{q!r}→{len(h)}" for q, h in summary["searches"].items()),
        f"  report: {summary['report_html']}; brief ({BRIEF_DAYS} days): {summary['brief_html']}",
        f"  STIX 2.1 bundle: {summary['stix_bundle']['path']} ({summary['stix_bundle']['objects']} objects)",
        f"  store:  {summary['db']}  (try: hybridwatch search Приштина --db {summary['db']})",
    ]
    return "\n".join(lines)
