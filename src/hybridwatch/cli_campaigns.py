"""``hybridwatch campaigns …``: thin wrappers over the campaign-detection library."""

from __future__ import annotations

import click

from hybridwatch.cli import cli, db_option, emit, failing_cleanly, json_option, open_db

__all__ = ["campaigns_group"]


@cli.group("campaigns")
def campaigns_group() -> None:
    """Influence operations: copy-paste networks and coordinated sharing."""


@campaigns_group.command("duplicates")
@click.option(
    "--min-size", type=click.IntRange(min=2), default=3, show_default=True, help="Smallest cluster."
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=0.6,
    show_default=True,
    help="Estimated Jaccard similarity of word shingles that joins two texts.",
)
@click.option(
    "--min-words", type=click.IntRange(min=1), default=6, show_default=True, help="Ignore shorter texts."
)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Clusters to print.")
@db_option
@json_option
def duplicates_cli(
    min_size: int, threshold: float, min_words: int, limit: int, db: str | None, as_json: bool
) -> None:
    """Find near-duplicate clusters ("copypasta") across all stored documents, and store them.

    Texts match across Serbian Cyrillic and Latin, with or without diacritics, and through
    small edits (MinHash LSH over 3-word shingles of the folded text).

    Example:
        hybridwatch campaigns duplicates --min-size 5 --json
    """
    from hybridwatch.analyse.campaigns.duplicates import DuplicateParams
    from hybridwatch.analyse.campaigns.service import detect_duplicates

    with failing_cleanly(as_json):
        store = open_db(db)
        params = DuplicateParams(threshold=threshold, min_words=min_words, min_size=min_size)
        run = detect_duplicates(store, params)
        store.close()
    if as_json:
        emit(run.as_dict(limit))
        return
    clusters = run.clusters
    documents = sum(len(c.members) for c in clusters)
    click.echo(
        f"{len(clusters)} clusters, {documents} of {run.documents} documents "
        f"(showing {min(limit, len(clusters))})"
    )
    if run.skipped:
        click.echo("  left out: " + ", ".join(f"{reason} ×{n}" for reason, n in run.skipped.most_common()))
    for c in clusters[:limit]:
        first = c.first
        when = first.published_at.isoformat(timespec="minutes") if first.published_at else "undated"
        click.echo(
            f"  {c.id}  {len(c.members):>4} docs  {len(c.sources)} sources  {len(c.accounts)} accounts  "
            f"first {first.author or first.source} at {when}"
        )
        click.echo(f"      {first.text[:100]}")
