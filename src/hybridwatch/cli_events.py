"""``hybridwatch events …``: security events extracted from the store's documents."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from hybridwatch.analyse.events.lexicon import ACTIONS
from hybridwatch.cli import (
    UNTIL_HELP,
    _period,
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

if TYPE_CHECKING:
    from hybridwatch.knowledge.pack import KnowledgePack

__all__ = ["events_group"]


@cli.group("events")
def events_group() -> None:
    """Security events: who did what to whom, when and where."""


@events_group.command("extract")
@db_option
@json_option
def extract_cli(db: str | None, as_json: bool) -> None:
    """Extract events from the documents stored since the last run (rules over linked entities).

    Example:
        hybridwatch events extract --json
    """
    from hybridwatch.analyse.events.service import extract_events

    with failing_cleanly(as_json), open_db(db) as store, progress_bar(not as_json, "extracting") as tick:
        run = extract_events(store, progress=tick)
    if as_json:
        emit(run.as_dict())
        return
    echo(
        f"{run.events} events in {run.sentences} sentences of {run.documents} new documents "
        f"({run.seconds:.1f} s)"
    )
    echo_tally(run.by_action)


@events_group.command("list")
@click.option("--since", default=None, help="Published on or after this date (2024-01-01) or age (7d).")
@click.option("--until", default=None, help=UNTIL_HELP)
@click.option(
    "--actor", default=None, help="An entity id (state:serbia) or a name in any spelling (Srbija, Србија)."
)
@click.option("--action", type=click.Choice(sorted(ACTIONS)), default=None, help="Only this action.")
@click.option("--negated", "only_negated", is_flag=True, help="Only denied or negated events.")
@click.option(
    "--with-negated", is_flag=True, help="Events that happened and denied or negated ones together."
)
@click.option(
    "--limit", type=click.IntRange(1, 1_000_000), default=50, show_default=True, help="Events shown."
)
@db_option
@json_option
def list_cli(
    since: str | None,
    until: str | None,
    actor: str | None,
    action: str | None,
    only_negated: bool,
    with_negated: bool,
    limit: int,
    db: str | None,
    as_json: bool,
) -> None:
    """List extracted events, newest first, on a timeline of their documents.

    Example:
        hybridwatch events list --since 30d --actor state:russia --json
    """
    from hybridwatch.analyse.events.service import EventFilters, count_events, list_events
    from hybridwatch.knowledge import load_pack
    from hybridwatch.watch.rules import did_you_mean

    if only_negated and with_negated:
        raise click.UsageError("--negated shows denied events only, --with-negated adds them: give one")
    start, end = _period(since, until)
    negated = None if with_negated else only_negated
    pack = load_pack() if actor else None
    if pack is not None and actor and re.fullmatch(r"[a-z_]+:[\w.-]+", actor) and actor not in pack.entities:
        # "state:rusia" answered "no events match"; watch rules suggest the id meant
        hint = did_you_mean(actor, pack.entities)
        raise click.BadParameter(f"{actor!r} is not in the knowledge pack{hint}", param_hint="--actor")
    which = EventFilters(since=start, until=end, actor=actor, action=action, negated=negated, pack=pack)
    with failing_cleanly(as_json), open_db(db) as store:
        events = list_events(store, **which, limit=limit)
        matching = count_events(store, **which)
    if as_json:
        emit({"n_events": len(events), "n_matching": matching, "events": events})
        return
    if not events:
        filtered = since or until or actor or action or only_negated
        echo("no events match" if filtered else "no events (run: hybridwatch events extract)")
        hint = _spelling_hint(pack, actor) if pack is not None and actor else ""
        if hint:  # "Russsia": a name no entity spells, close to one that does
            echo(hint, err=True)
    for e in events:
        when = (e["published_at"] or "undated")[:10]
        # who → whom as the brief writes it: a target alone read as the actor ("Косова · Београду")
        roles = f"{e['actor'] or '?'}" + (f" → {e['target']}" if e["target"] else "")
        labelled = (("with", e["object"]), ("in", e["place"]), ("when", e["date"]))
        extra = ", ".join(f"{name} {value}" for name, value in labelled if value)
        flag = " (negated)" if e["negated"] else ""
        story = (
            f"  [narrative: {' · '.join(e['narrative_label_text'][:3])}]" if e["narrative_label_text"] else ""
        )
        line = f"{roles}{'; ' + extra if extra else ''}{flag}{story}"
        echo(f"  {when}  {e['document_id'][:12]}  {e['action']:<20} {one_line(line)}")
    if matching > len(events):
        echo(f"{len(events)} of {matching} events shown (--limit)")


def _spelling_hint(pack: KnowledgePack, name: str) -> str:
    """A "did you mean" for a name that no entity spells but one nearly does; empty otherwise."""
    import difflib

    from hybridwatch.model.text import fold

    spellings = {fold(a): (a, e.id) for e in pack.entities.values() for a in e.all_aliases()}
    if fold(name) in spellings:  # an entity spells it (named_entities' test, on the same folding)
        return ""
    close = difflib.get_close_matches(fold(name), list(spellings), n=3, cutoff=0.8)
    named = ", ".join(f"{spellings[c][0]} ({spellings[c][1]})" for c in close)
    return f"did you mean {named}?" if close else ""
