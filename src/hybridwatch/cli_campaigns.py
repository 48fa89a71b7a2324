"""``hybridwatch campaigns …``: thin wrappers over the campaign-detection library."""

from __future__ import annotations

import click

from hybridwatch.cli import Fraction, cli, db_option, emit, failing_cleanly, json_option, open_db
from hybridwatch.console import echo, one_line

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
    type=Fraction(),
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

    with failing_cleanly(as_json), open_db(db) as store:
        params = DuplicateParams(threshold=threshold, min_words=min_words, min_size=min_size)
        run = detect_duplicates(store, params)
    if as_json:
        emit(run.as_dict(limit))
        return
    clusters = run.clusters
    documents = sum(len(c.members) for c in clusters)
    echo(
        f"{len(clusters)} clusters, {documents} of {run.documents} documents "
        f"(showing {min(limit, len(clusters))})"
    )
    if run.skipped:
        echo("  left out: " + ", ".join(f"{reason} ×{n}" for reason, n in run.skipped.most_common()))
    for c in clusters[:limit]:
        first = c.first
        when = first.published_at.isoformat(timespec="minutes") if first.published_at else "undated"
        echo(
            f"  {c.id}  {len(c.members):>4} docs  {len(c.sources)} sources  {len(c.accounts)} accounts  "
            f"first {one_line(first.author or first.source)} at {when}"
        )
        echo(f"      {one_line(c.text_of(first)[:100])}")


@campaigns_group.command("coordination")
@click.option(
    "--by",
    type=click.Choice(["url", "text", "forward"]),
    default="url",
    show_default=True,
    help="The same object: a canonical URL, a near-duplicate text cluster, or a forwarded message.",
)
@click.option(
    "--window",
    default="auto",
    show_default=True,
    help="Seconds within which shares count as co-shares, or 'auto' to estimate it (CooRnet).",
)
@click.option("--quantile", type=Fraction(), default=0.1, show_default=True, help="CooRnet's q.")
@click.option("--proportion", type=Fraction(), default=0.5, show_default=True, help="CooRnet's p.")
@click.option(
    "--edge-percentile",
    type=Fraction(),
    default=0.9,
    show_default=True,
    help="Keep edges whose weight reaches this percentile of all edge weights.",
)
@click.option(
    "--min-repeat",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Co-shared objects an edge needs.",
)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Networks to print.")
@db_option
@json_option
def coordination_cli(
    by: str,
    window: str,
    quantile: float,
    proportion: float,
    edge_percentile: float,
    min_repeat: int,
    limit: int,
    db: str | None,
    as_json: bool,
) -> None:
    """Find accounts that share the same objects within seconds of each other, repeatedly.

    Builds the weighted account graph and reports each network: accounts, Louvain communities,
    objects shared, time span, edge weights and evidence pairs (A, B, object, t_A, t_B).

    Example:
        hybridwatch campaigns coordination --by url --window auto --json
    """
    from hybridwatch.analyse.campaigns.coordination import CoordinationParams
    from hybridwatch.analyse.campaigns.service import detect_coordination

    params = CoordinationParams(
        window=_window_seconds(window),
        quantile=quantile,
        proportion=proportion,
        edge_percentile=edge_percentile,
        min_repeat=min_repeat,
    )
    with failing_cleanly(as_json), open_db(db) as store:
        result = detect_coordination(store, by, params)
    if as_json:
        emit(result.as_dict(limit))
        return
    mode = "estimated" if result.window_estimated else "fixed"
    echo(
        f"{len(result.networks)} networks from {result.shares} shares by {by}; window {result.window:.0f} s "
        f"({mode}), edge weight cut {result.weight_cut:g}"
    )
    for warning in result.warnings:
        echo(f"  warning: {warning}")
    if result.skipped:
        echo("  left out: " + ", ".join(f"{reason} ×{n}" for reason, n in result.skipped.most_common()))
    for network in result.networks[:limit]:
        heaviest = network.edges[0]
        echo(
            f"  {network.id}  {len(network.accounts)} accounts ({len(network.core)} core)  "
            f"{len(network.objects)} objects  "
            f"strongest {one_line(heaviest[0])}–{one_line(heaviest[1])} ×{heaviest[2]}"
        )
        echo(f"      {one_line(', '.join(network.accounts[:12]))}")


def _window_seconds(window: str) -> float | None:
    """``--window``: None for "auto", else a positive number of seconds."""
    if window == "auto":
        return None
    try:
        seconds = float(window)
    except ValueError as exc:
        raise click.BadParameter("a number of seconds or 'auto'", param_hint="--window") from exc
    if not 0 < seconds < float("inf"):  # also refuses nan; inf once reached --json as Infinity
        raise click.BadParameter("must be a positive, finite number of seconds", param_hint="--window")
    return seconds
