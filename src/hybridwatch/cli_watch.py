"""``hybridwatch watch …`` and ``hybridwatch alerts …``: rules and the alerts they raise."""

from __future__ import annotations

import click

from hybridwatch.cli import cli, creating_db, db_option, emit, failing_cleanly, json_option, open_db
from hybridwatch.console import echo, one_line

__all__ = ["watch_group", "alerts_group"]


@cli.group("watch")
def watch_group() -> None:
    """Watch rules (YAML): entities, keywords, languages, sources, events, claim tiers, thresholds."""


@watch_group.command("add")
@click.argument("rule_file", type=click.Path(dir_okay=False))
@db_option
@json_option
def add_cli(rule_file: str, db: str | None, as_json: bool) -> None:
    """Add (or replace) a rule from RULE_FILE; it is run over everything stored, then on each ingest.

    Example:
        hybridwatch watch add rules/nato-pfp-kosovo.yaml
    """
    from hybridwatch.knowledge import load_pack
    from hybridwatch.watch.evaluate import add_rule
    from hybridwatch.watch.rules import read_rule
    from hybridwatch.watch.service import run_watch

    with failing_cleanly(as_json):
        pack = load_pack()
        rule = read_rule(rule_file, (pack.entities, pack.narratives))  # every problem in one reading
        with creating_db(db) as store:
            new = add_rule(store, rule, pack)
            run = run_watch(store)
    if as_json:
        emit({"rule": rule.id, "kind": rule.kind, "added": new, **run.as_dict()})
        return
    echo(f"{'added' if new else 'replaced'} rule {rule.id} ({rule.kind}); {len(run.alerts)} new alerts")
    for rule_id, error in run.errors.items():
        echo(f"warning: rule {rule_id} failed: {error}", err=True)


@watch_group.command("list")
@db_option
@json_option
def list_cli(db: str | None, as_json: bool) -> None:
    """List the stored rules with their kind and severity.

    Example:
        hybridwatch watch list --json
    """
    from hybridwatch.watch.evaluate import list_rules

    with failing_cleanly(as_json), open_db(db) as store:
        rules = list_rules(store)
    if as_json:
        emit(
            {
                "rules": [
                    {"id": r.id, "name": r.name, "kind": r.kind, "severity": r.severity, "rule": r.source}
                    for r, _ in rules
                ]
            }
        )
        return
    if not rules:
        echo("no watch rules (add one: hybridwatch watch add RULE.yaml)")
    for rule, _ in rules:
        echo(f"  {rule.id:<30} {rule.kind:<13} {rule.severity:<7} {one_line(rule.name)}")


@watch_group.command("remove")
@click.argument("rule_id")
@db_option
@json_option
def remove_cli(rule_id: str, db: str | None, as_json: bool) -> None:
    """Remove a rule (its alerts stay in the inbox); exit code 1 when there is no such rule.

    Example:
        hybridwatch watch remove kfor-volume
    """
    from hybridwatch.watch.evaluate import remove_rule

    with failing_cleanly(as_json), open_db(db) as store:
        removed = remove_rule(store, rule_id)
    if as_json:
        emit({"rule": rule_id, "removed": removed})
    elif not removed:
        echo(f"no rule {rule_id}", err=True)
    else:
        echo(f"removed rule {rule_id} (its alerts stay in the inbox)")
    if not removed:
        raise SystemExit(1)


@watch_group.command("run")
@db_option
@json_option
def run_cli(db: str | None, as_json: bool) -> None:
    """Evaluate every rule now over what it has not seen (ingest does this by itself).

    Run it after ``narratives update`` or ``campaigns coordination`` for surge and network rules.

    Example:
        hybridwatch watch run --json
    """
    from hybridwatch.watch.service import run_watch

    with failing_cleanly(as_json), open_db(db) as store:
        run = run_watch(store)
    if as_json:
        emit(run.as_dict())
        return
    echo(f"{run.rules} rules; {len(run.alerts)} new alerts")
    for rule_id, error in run.errors.items():
        echo(f"warning: rule {rule_id} failed: {error}", err=True)
    for alert in run.alerts:
        echo(f"  [{alert.severity}] {one_line(alert.title)}")


@cli.group("alerts")
def alerts_group() -> None:
    """The alert inbox: what the watch rules raised, with evidence and delivery."""


@alerts_group.command("list")
@click.option("--unread", is_flag=True, help="Only alerts not yet marked read.")
@click.option("--mark-read", is_flag=True, help="Mark the listed alerts read.")
@click.option(
    "--limit", type=click.IntRange(1, 1_000_000), default=50, show_default=True, help="Alerts shown."
)
@db_option
@json_option
def alerts_list_cli(unread: bool, mark_read: bool, limit: int, db: str | None, as_json: bool) -> None:
    """List alerts, newest first, with their rule, evidence and delivery.

    Example:
        hybridwatch alerts list --unread --json
    """
    from hybridwatch.watch.evaluate import count_alerts, read_alerts

    with failing_cleanly(as_json), open_db(db) as store:
        alerts = read_alerts(store, unread=unread, limit=limit)
        matching = count_alerts(store, unread=unread)
        if mark_read and alerts:
            store.conn.executemany("UPDATE alerts SET read = 1 WHERE id = ?", ((a.id,) for a in alerts))
    if as_json:
        emit({"n_alerts": len(alerts), "n_matching": matching, "alerts": [a.as_dict() for a in alerts]})
        return
    if not alerts:
        echo("no alerts")
    for alert in alerts:
        sent = ", ".join(f"{k}: {v}" for k, v in alert.delivery.items())
        line = f"{alert.title}{'  (' + sent + ')' if sent else ''}{'  (read)' if alert.read else ''}"
        # when it happened first: the rule may have run long after ("fired" is when it did)
        when = (alert.happened_at or "")[:16].replace("T", " ") or "undated"
        echo(f"  {when:<16}  [{alert.severity}] {one_line(line)}  (fired {alert.fired_at[:16]})")
        documents = alert.evidence.get("documents") or []
        if documents:
            echo(f"      evidence: {one_line(', '.join(documents[:5]))}{' …' if len(documents) > 5 else ''}")
    if matching > len(alerts):
        echo(f"{len(alerts)} of {matching} alerts shown (--limit)")
