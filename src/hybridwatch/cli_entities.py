"""``hybridwatch entities …``: the knowledge pack's entities and where documents name them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from hybridwatch.cli import (
    cli,
    db_option,
    echo_tally,
    emit,
    failing_cleanly,
    json_option,
    open_db,
    progress_bar,
)
from hybridwatch.console import echo, one_line
from hybridwatch.knowledge.pack import ENTITY_TYPES
from hybridwatch.store import default_db_path

__all__ = ["entities_group"]

F = TypeVar("F", bound=Callable[..., Any])


def knowledge_option(func: F) -> F:
    """``--knowledge PATH``: extra pack files or folders (repeatable)."""
    return click.option(
        "--knowledge",
        "knowledge",
        multiple=True,
        type=click.Path(exists=True),
        help="Extra knowledge-pack YAML file or folder (repeatable; also $HYBRIDWATCH_KNOWLEDGE).",
    )(func)


@cli.group("entities")
def entities_group() -> None:
    """Entities of the Western Balkans knowledge pack, and their mentions in the store."""


@entities_group.command("list")
@click.option("--type", "kind", type=click.Choice(sorted(ENTITY_TYPES)), help="Only entities of this type.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Entities to print.")
@knowledge_option
@db_option
@json_option
def list_cli(kind: str | None, limit: int, knowledge: tuple[str, ...], db: str | None, as_json: bool) -> None:
    """List entities, most mentioned first (run: hybridwatch entities link, to count mentions).

    Example:
        hybridwatch entities list --type military_system --json
    """
    from hybridwatch.analyse.entities.service import entity_listing
    from hybridwatch.knowledge import load_pack

    with failing_cleanly(as_json):
        pack = load_pack(knowledge)
        path = db or default_db_path()
        # without a store the pack is still listed (no mentions counted), but a --db that does not
        # exist is a mistake, which "0 mentions" everywhere would hide
        store = open_db(db) if db or Path(path).exists() else None
        listing = entity_listing(store, pack, kind=kind)
        if store is not None:
            store.close()
    _warn(pack.warnings)
    if as_json:
        emit(
            {
                "pack": {"name": pack.name, "version": pack.version},
                "warnings": pack.warnings,
                "n_entities": len(listing),
                "entities": listing[:limit],
            }
        )
        return
    echo(f"{len(listing)} entities ({pack.name} {pack.version}); showing {min(limit, len(listing))}")
    for e in listing[:limit]:
        echo(f"  {e['mentions']:>6}  {e['id']:<36} {one_line(e['name'])}")


@entities_group.command("link")
@click.option("--relink", is_flag=True, help="Forget earlier mentions and link every document again.")
@knowledge_option
@db_option
@json_option
def link_cli(relink: bool, knowledge: tuple[str, ...], db: str | None, as_json: bool) -> None:
    """Find the pack's entities in the documents stored since the last run; store each mention's span.

    Example:
        hybridwatch entities link --json
    """
    from hybridwatch.analyse.entities.service import link_entities
    from hybridwatch.knowledge import load_pack

    with failing_cleanly(as_json):
        pack = load_pack(knowledge)
        with open_db(db) as store, progress_bar(not as_json, "linking") as tick:
            run = link_entities(store, pack, relink=relink, progress=tick)
    _warn(pack.warnings)
    for note in run.notes:
        echo(f"note: {note}", err=True)
    if as_json:
        emit({**run.as_dict(), "warnings": pack.warnings})
        return
    echo(
        f"{run.mentions} mentions in {run.documents} new documents "
        f"({run.seconds:.1f} s, pack {run.pack_version})"
    )
    echo_tally(run.by_type)


def _warn(warnings: list[str]) -> None:
    """What looked wrong in the knowledge files, on stderr (a replaced entity loses its spellings)."""
    for warning in warnings:
        echo(f"warning: {warning}", err=True)
