"""``hybridwatch export …``: findings for other tools."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from hybridwatch.cli import (
    _since,
    cli,
    db_option,
    emit,
    empty_period_note,
    failing_cleanly,
    json_option,
    open_db,
    refuse_store_as_out,
)
from hybridwatch.console import echo

__all__ = ["export_group"]


@cli.group("export")
def export_group() -> None:
    """Export findings for threat-intelligence platforms (STIX 2.1)."""


@export_group.command("stix")
@click.option(
    "--since",
    default=None,
    help="Networks active and surges on or after this date (2024-01-01) or age (30d).",
)
@click.option(
    "--out", "out", type=click.Path(dir_okay=False), required=True, help="Where to write the bundle (JSON)."
)
@db_option
@json_option
def stix_cli(since: str | None, out: str, db: str | None, as_json: bool) -> None:
    """Write a STIX 2.1 bundle of coordination networks and surging narratives, with evidence.

    Campaigns, DISARM attack-patterns, accounts and outlets, notes and reports, and the
    relationships between them; MISP and OpenCTI import it.

    Example:
        hybridwatch export stix --since 30d --out bundle.json
    """
    refuse_store_as_out(db, Path(out))
    from hybridwatch.export.stix import stix_bundle

    with failing_cleanly(as_json), open_db(db) as store:
        bundle = stix_bundle(store, since=_since(since))
        Path(out).write_text(bundle.serialize(pretty=True), encoding="utf-8")
        counts = Counter(o.type for o in bundle.objects)
        # "--since 30d" on a corpus of last year: say where its data is
        note = empty_period_note(store) if set(counts) <= {"identity"} else ""
    if as_json:
        emit({"out": out, "bundle": bundle.id, "objects": len(bundle.objects), "by_type": dict(counts)})
        return
    kinds = ", ".join(f"{t} {n}" for t, n in counts.most_common())
    echo(f"wrote {out}: {len(bundle.objects)} objects ({kinds})")
    if note:
        echo(note, err=True)
