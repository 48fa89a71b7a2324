"""``hybridwatch narratives …``: thin wrappers over narrative tracking."""

from __future__ import annotations

import click

from hybridwatch.cli import (
    Fraction,
    cli,
    db_option,
    emit,
    failing_cleanly,
    json_option,
    open_db,
    progress_bar,
)
from hybridwatch.console import echo, one_line

__all__ = ["narratives_group"]


@cli.group("narratives")
def narratives_group() -> None:
    """Narratives over time: stable groups of documents, their daily counts and surges."""


@narratives_group.command("update")
@click.option(
    "--threshold",
    type=Fraction(),
    default=0.3,
    show_default=True,
    help="TF-IDF cosine at which a document joins a narrative.",
)
@db_option
@json_option
def update_cli(threshold: float, db: str | None, as_json: bool) -> None:
    """Place the documents stored since the last update into narratives (incremental).

    Each new document joins the most similar narrative, or opens one with a similar document
    that fitted nothing before; converging narratives merge into the older. Labels (c-TF-IDF)
    and surges of the narratives that changed are refreshed and surges stored as findings.

    Example:
        hybridwatch narratives update --json
    """
    from hybridwatch.analyse.narratives.service import update_narratives
    from hybridwatch.analyse.narratives.tracking import NarrativeParams

    with failing_cleanly(as_json), open_db(db) as store:
        with progress_bar(not as_json, "placing") as tick:
            result = update_narratives(store, NarrativeParams(threshold=threshold), progress=tick)
    if as_json:
        emit(result.as_dict())
        return
    echo(
        f"{result.documents} new documents in {result.seconds:.1f} s: {result.joined} placed, "
        f"{result.opened} narratives opened, {result.merged} merged; {result.active} active, "
        f"{result.pending} documents waiting for a match"
    )
    if result.copies:
        echo(f"  {result.copies} repeated an earlier text (placed; counted once in word frequencies)")
    if result.skipped:
        echo("  left out: " + ", ".join(f"{reason} ×{n}" for reason, n in result.skipped.items()))
    if result.surging:
        echo(f"  surging: {', '.join(result.surging)}  (hybridwatch narratives list --surging)")


@narratives_group.command("list")
@click.option("--surging", is_flag=True, help="Only narratives with a surge, strongest first.")
@click.option(
    "--min-size", type=click.IntRange(min=1), default=3, show_default=True, help="Smallest narrative."
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Narratives to print."
)
@db_option
@json_option
def list_cli(surging: bool, min_size: int, limit: int, db: str | None, as_json: bool) -> None:
    """List narratives: label, size, first and last seen, daily series and surges.

    Example:
        hybridwatch narratives list --surging --json
    """
    from hybridwatch.analyse.narratives.service import list_narratives

    with failing_cleanly(as_json), open_db(db) as store:
        narratives = list_narratives(store, surging=surging, min_size=min_size, limit=limit)
        matching = len(narratives)
        if matching == limit:  # cut by --limit: count them all
            matching = len(list_narratives(store, surging=surging, min_size=min_size, written=False))
    if as_json:
        emit({"narratives": narratives, "n_narratives": len(narratives), "n_matching": matching})
        return
    if not narratives:
        echo("no narratives" + (" with a surge" if surging else "") + " (run: hybridwatch narratives update)")
    for n in narratives:
        echo(
            f"  {n['narrative_id']}  {n['size']:>5} docs  {n['first_seen'] or '?'} → {n['last_seen'] or '?'}"
        )
        echo(f"      {one_line(' · '.join(n['label_text']))}")
        for s in n["surges"][-3:]:
            echo(f"      surge on {s['day']}: {s['text']}")
    if matching > len(narratives):
        echo(f"{len(narratives)} of {matching} narratives shown (--limit)")
