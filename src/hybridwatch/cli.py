"""The ``hybridwatch`` command line: thin wrappers that parse options, call the library, print.

Exit codes: 0 the command completed (an ingest with quarantined records completes);
1 the run could not proceed (unreadable input, refused URL, locked or broken store);
2 bad usage (click's own).
"""

from __future__ import annotations

import inspect
import math
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click

from hybridwatch import __version__
from hybridwatch.console import echo, json_text, log_to_terminal, one_line
from hybridwatch.errors import HybridwatchError, StoreError, error_body
from hybridwatch.ingest import Options, ingest
from hybridwatch.ingest.mapping import parse_map_option
from hybridwatch.ingest.registry import FORMAT_NAMES
from hybridwatch.model.dates import parse_datetime
from hybridwatch.plugins import ensure_plugins_loaded, pm
from hybridwatch.store import SQLiteStore, default_db_path, open_store

__all__ = [
    "cli",
    "main",
    "echo_counts",
    "db_option",
    "json_option",
    "emit",
    "failing_cleanly",
    "open_db",
    "progress_bar",
]

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    """The ``--db`` option every store command takes."""
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False),
        default=None,
        envvar="HYBRIDWATCH_DB",
        help="SQLite store file [default: $HYBRIDWATCH_DB or ./hybridwatch.db].",
    )(func)


def json_option(func: F) -> F:
    """The ``--json`` flag every printing command takes."""
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")(func)


def _json_default(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def emit(data: Any) -> None:
    """Print *data* as JSON on stdout (timestamps as ISO 8601)."""
    click.echo(json_text(data, indent=2, default=_json_default))


def echo_counts(report: Any, suffix: str = "") -> None:
    """The one-line count summary of an ingest or import, then its quarantine reasons."""
    echo(
        f"read {report.read}  stored {report.stored}  duplicates {report.duplicates}  "
        f"quarantined {report.quarantined}{suffix}"
    )
    for reason, count in report.quarantine_reasons.most_common():
        echo(f"  quarantined {count:>5}  {one_line(reason)}")


def echo_tally(counts: Mapping[str, int]) -> None:
    """One indented line per label, most frequent first."""
    for label, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        echo(f"  {n:>6}  {one_line(label)}")


@contextmanager
def failing_cleanly(as_json: bool) -> Iterator[None]:
    """Turn a HybridwatchError into a one-line error (and a JSON error body) with exit code 1.

    An OSError too: an --out path that cannot be written.
    """
    try:
        yield
    except (HybridwatchError, OSError) as exc:  # OSError: an --out path that cannot be written
        if as_json:
            emit(error_body(str(exc), status=1, errors=getattr(exc, "problems", None)))
        echo(f"error: {exc}", err=True)
        sys.exit(1)


class Fraction(click.FloatRange):
    """A number from 0 to 1; NaN is refused (click's range lets it through: no comparison fails)."""

    name = "fraction"

    def __init__(self) -> None:
        super().__init__(0.0, 1.0)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f"{value!r} is not a number from 0 to 1", param, ctx)
        return number


def refuse_store_as_out(db: str | None, *outs: Path) -> None:
    """Exit 2 when an output file would overwrite the store (or its journal) it is made from."""
    store = Path(db or default_db_path()).resolve()
    guarded = {store, *(store.with_name(store.name + tail) for tail in ("-wal", "-shm", "-journal"))}
    for out in outs:
        if out.resolve() in guarded:
            raise click.BadParameter(
                f"{out} is the store itself: writing it would destroy the store", param_hint="--out"
            )


def open_db(db: str | None) -> SQLiteStore:
    """The store at --db, $HYBRIDWATCH_DB or ./hybridwatch.db, which must exist.

    A search or a list on a mistyped --db would otherwise leave an empty store behind and answer
    "nothing found", which reads as a finding. Commands that add data use :func:`creating_db`.
    """
    path = db or default_db_path()
    if str(path) != ":memory:" and not Path(path).exists():
        raise StoreError(
            f"no store at {path}: ingest something first, or name the store with --db or $HYBRIDWATCH_DB"
        )
    return open_store(path)


@contextmanager
def creating_db(db: str | None) -> Iterator[SQLiteStore]:
    """The store at --db, created if need be.

    A store this command created and left empty when it failed ("ingest missing.jsonl --db
    typo.db") is removed again, so that the next command still says there is no store there.
    """
    path = db or default_db_path()
    fresh = str(path) != ":memory:" and not Path(path).exists()
    store = open_store(path)
    try:
        yield store
    except BaseException:
        empty = fresh and _holds_nothing(store)
        store.close()
        if empty:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    store.close()


def _holds_nothing(store: SQLiteStore) -> bool:
    tables = ("documents", "factchecks", "watch_rules", "quarantine")
    return not any(store.conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in tables)


class _Command(click.Command):
    """A command whose --help keeps its example lines as written.

    click rewraps paragraphs: the example after "Example:" ran into one line with it, and could
    not be copied.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _keeping_examples(self.help)


class _Group(click.Group):
    """A group whose commands and subgroups are :class:`_Command` and :class:`_Group`."""

    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _keeping_examples(self.help)


_Group.group_class = _Group


def _keeping_examples(text: str | None) -> str | None:
    """*text* dedented, its "Example:" paragraph marked for click to leave unwrapped."""
    if not text:
        return text
    return re.sub(r"\n\nExample:", "\n\n\b\nExample:", inspect.cleandoc(text))


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
)
@click.version_option(__version__, prog_name="hybridwatch")
def cli() -> None:
    """Monitor hybrid threats in the information space of the Western Balkans.

    Ingest news, feeds, Telegram exports and social posts in English, Serbian (both scripts),
    Albanian, Russian and neighbouring languages into one local store, then search and analyse.
    """
    log_to_terminal()


@cli.command("ingest")
@click.argument("locations", nargs=-1, required=True)
@click.option("--source", default=None, help="Source name for every record [default: from the input].")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", *sorted(FORMAT_NAMES)]),
    default="auto",
    show_default=True,
    help="Input format; auto detects by name and content.",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Column/key for a field of CSV/JSON input, e.g. --map text=Message (repeatable).",
)
@click.option(
    "--allow-private", is_flag=True, help="Allow fetching URLs on private, loopback or link-local addresses."
)
@click.option("--no-model", is_flag=True, help="Identify languages lexically, without the fastText model.")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Extra processes that normalise large inputs [default: cores - 1; 0: none].",
)
@db_option
@json_option
def ingest_cli(
    locations: tuple[str, ...],
    source: str | None,
    fmt: str,
    mapping: tuple[str, ...],
    allow_private: bool,
    no_model: bool,
    workers: int | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Ingest files, folders, .zip/.gz archives and http(s) URLs into the store.

    Bad records are quarantined with their position and reason; the run still completes.

    Example:
        hybridwatch ingest posts.jsonl feeds/ https://example.org/rss.xml --json
    """
    from hybridwatch.analyse.language import default_identifier

    with failing_cleanly(as_json):
        try:
            options = Options(mapping=parse_map_option(mapping), source=source, allow_private=allow_private)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--map") from exc
        with creating_db(db) as store, progress_bar(not as_json, "ingesting") as tick:
            report = ingest(
                store,
                list(locations),
                fmt=fmt,
                options=options,
                progress=tick,
                identifier=default_identifier(use_model=not no_model),
                workers=workers,
            )
            watched = _watch_after_ingest(store)
    if as_json:
        alerts, seconds = watched or (0, 0.0)  # the same keys with or without rules
        emit({**report.as_dict(), "alerts": alerts, "watch_seconds": seconds})
        return
    echo_counts(
        report, f"  ({report.seconds:.1f} s, run {report.run_id}, languages by {report.language_identifier})"
    )
    for url in report.not_modified:
        echo(f"  not modified since last poll: {one_line(url)}")
    if report.skipped_files:
        echo(f"  skipped {len(report.skipped_files)} files of unknown format")
    if watched:
        alerts, seconds = watched
        echo(f"  {alerts} new alerts from watch rules ({seconds:.1f} s; hybridwatch alerts list)")


@cli.command("report")
@click.option(
    "--since",
    default="7d",
    show_default=True,
    help="The period: an age back from its end (7d) or a start date (2025-04-01).",
)
@click.option(
    "--until",
    default=None,
    help="End of the period: a date (2025-06-30: all of that day) or an age back from now (2d) "
    "[default: the newest document up to now].",
)
@click.option(
    "--out", "out", type=click.Path(dir_okay=False), required=True, help="Where to write the brief (HTML)."
)
@db_option
@json_option
def report_cli(since: str, until: str | None, out: str, db: str | None, as_json: bool) -> None:
    """Write a brief for a person: top narratives and surges, known claims, campaigns, events, alerts.

    The data it reads is what the analyses stored (run them first); its JSON is written beside it.

    Example:
        hybridwatch report --since 7d --out brief.html
    """
    from hybridwatch.report.brief import weekly_brief, write_brief

    if not Path(out).name:  # "" or "/": nowhere to write a file
        raise click.BadParameter(f"{out!r} names no file", param_hint="--out")
    refuse_store_as_out(db, Path(out), Path(out).with_suffix(".json"))
    age = _age(since)
    if age is not None and age <= timedelta(0):
        raise click.BadParameter(f"{since} is an empty period", param_hint="--since")
    start = None if age is not None else _since(since)
    end = _until(until)
    if start is not None and end is not None and start >= end:
        raise click.BadParameter(f"--since {since} is not before --until {until}", param_hint="--until")
    with failing_cleanly(as_json), open_db(db) as store:
        brief = weekly_brief(store, days=age / timedelta(days=1) if age else 7.0, start=start, until=end)
        path = write_brief(brief, Path(out))
        note = "" if brief["documents"] else empty_period_note(store)
    if as_json:
        emit(
            {
                "out": str(path),
                "period": brief["period"],
                # how many the period holds; the brief shows the first of each ("shown")
                **{k: brief[f"n_{k}"] for k in ("narratives", "claims", "events", "alerts")},
                "shown": {k: len(brief[k]) for k in ("narratives", "claims", "events", "alerts")},
                "documents": brief["documents"],
            }
        )
        return
    period = brief["period"]
    echo(
        f"wrote {path} ({period['start'][:10]} – {period['end'][:10]}, {brief['documents']} documents, "
        f"{brief['n_alerts']} alerts)"
    )
    if note:
        echo(note, err=True)


def empty_period_note(store: SQLiteStore) -> str:
    """What to say when a period holds nothing: where the store's documents are in time."""
    ahead = (datetime.now(UTC) + FUTURE_SKEW).isoformat()  # a post dated 2031 is no guide
    first, last = store.conn.execute(
        "SELECT min(published_at), max(published_at) FROM documents WHERE published_at <= ?", (ahead,)
    ).fetchone()
    if not last:
        return "note: the store holds no dated document"
    return f"note: nothing in this period; the store's documents are dated {first[:10]} to {last[:10]}"


def _watch_after_ingest(store: SQLiteStore) -> tuple[int, float] | None:
    """Watch rules are evaluated on ingest: (new alerts, seconds it took), or None without rules.

    The ingest's own ``seconds`` ends when the documents are stored; linking and extraction for
    the rules can take as long again, so they are timed apart.
    """
    from hybridwatch.watch.service import has_rules, run_watch

    if not has_rules(store):
        return None
    started = time.perf_counter()
    try:
        run = run_watch(store)
    except Exception as exc:  # the documents are stored; a watch failure must not fail the ingest
        echo(f"warning: watch rules could not run: {type(exc).__name__}: {exc}", err=True)
        return 0, round(time.perf_counter() - started, 3)
    for rule, error in run.errors.items():
        echo(f"warning: watch rule {rule} failed: {error}", err=True)
    return len(run.alerts), round(time.perf_counter() - started, 3)


@contextmanager
def progress_bar(enabled: bool, label: str) -> Iterator[Callable[[int], None] | None]:
    """A tqdm bar on stderr when it is a terminal; yields its update function (or None)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(desc=label, unit=" records", file=sys.stderr, leave=False) as bar:
        yield bar.update


_AGE = re.compile(r"(\d{1,12}(?:\.\d{1,6})?)([hdw])")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}
FUTURE_SKEW = timedelta(days=1)  # how far ahead of this clock a post of "the last 7 days" may be dated


def _age(value: str) -> timedelta | None:
    """An age such as 7d, 1.5d, 12h or 2w; None when *value* is not one."""
    age = _AGE.fullmatch(value.strip())
    if age is None:
        return None
    try:
        return timedelta(**{_UNITS[age.group(2)]: float(age.group(1))})
    except OverflowError:  # longer than timedelta holds: since ever
        return timedelta.max


def _until(value: str | None) -> datetime | None:
    """The end an option names: a date (a day without a time: its end), or an age back from now."""
    moment = _moment(value, "--until")
    if moment is None:
        return None
    when, day_only = moment
    return when + timedelta(days=1) - timedelta(microseconds=1) if day_only else when  # "until 21 May"


def _since(value: str | None, option: str = "--since") -> datetime | None:
    """The start an option names: a date, or an age back from now."""
    moment = _moment(value, option)
    return moment[0] if moment else None


def _moment(value: str | None, option: str) -> tuple[datetime, bool] | None:
    """(the moment an option names, whether it named a day and no time); an age counts back from now."""
    if not value:
        return None
    age = _age(value)
    if age is not None:
        try:
            return datetime.now(UTC) - age, False
        except OverflowError:  # an age past year 1 ("99999999999d"): since ever
            return datetime.min.replace(tzinfo=UTC), False
    parsed = parse_datetime(value.strip())
    if parsed is None:
        raise click.BadParameter(f"not a date: {value!r} (use 2024-01-01 or 7d)", param_hint=option)
    return parsed.value, parsed.day_only


def _period(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """(start, end) of --since and --until; an age ends now: a post dated 9999 is not of "the last 7 days"."""
    start = _since(since)
    end = _until(until)
    if end is None and since and _age(since) is not None:
        end = datetime.now(UTC) + FUTURE_SKEW
    if start is not None and end is not None and start > end:
        raise click.BadParameter(f"--since {since} is after --until {until}", param_hint="--until")
    return start, end


UNTIL_HELP = "Published on or before this date (2025-01-31) or age (1d) [default: no end; now with an age]."


@cli.command("search")
@click.argument("query")
@click.option("--lang", default=None, help="Language code; 'sr' matches sr-Cyrl and sr-Latn.")
@click.option("--since", default=None, help="Published on or after this date (2024-01-01) or age (7d).")
@click.option("--until", default=None, help=UNTIL_HELP)
@click.option("--source", default=None, help="Only this source.")
@click.option(
    "--limit", default=20, show_default=True, type=click.IntRange(1, 10_000), help="Documents to print."
)
@db_option
@json_option
def search_cli(
    query: str,
    lang: str | None,
    since: str | None,
    until: str | None,
    source: str | None,
    limit: int,
    db: str | None,
    as_json: bool,
) -> None:
    """Full-text search in any script: Приштина, Priština and Pristina find the same documents.

    Example:
        hybridwatch search "KFOR Митровица" --lang sr --since 2025-01-01 --json
    """
    start, end = _period(since, until)
    with failing_cleanly(as_json), open_db(db) as store:
        hits = store.search(query, language=lang, since=start, until=end, source=source, limit=limit)
    if as_json:
        emit(
            [
                {
                    "id": h.document.id,
                    "score": round(h.score, 4),
                    "source": h.document.source,
                    "language": h.document.language,
                    "published_at": h.document.published_at,
                    "author": h.document.author,
                    "title": h.document.title,
                    "url": h.document.url,
                    "snippet": h.snippet,
                }
                for h in hits
            ]
        )
        return
    if not hits:
        echo("no matches")
    for h in hits:
        d = h.document
        when = d.published_at.strftime("%Y-%m-%d") if d.published_at else "----------"
        echo(f"{h.score:6.2f}  {when}  {d.language:<7} {one_line(d.source[:20]):<20} {d.id[:12]}")
        echo(f"        {one_line(h.snippet)}")


@cli.command("stats")
@db_option
@json_option
def stats_cli(db: str | None, as_json: bool) -> None:
    """Counts of documents by source, kind and language; flags; recent runs; quarantine reasons.

    Example:
        hybridwatch stats --json
    """
    with failing_cleanly(as_json), open_db(db) as store:
        stats = store.stats()
    if as_json:
        emit(stats)
        return
    echo(
        f"documents  {stats['documents']}   quarantined {stats['quarantined']}   "
        f"published {stats['published_span']['first']} … {stats['published_span']['last']}"
    )
    for key in ("by_language", "by_kind", "by_source", "flags", "quarantine_reasons"):
        if stats[key]:
            echo(f"{key.replace('_', ' ')}:")
            for name, count in stats[key].items():
                echo(f"  {count:>7}  {one_line(name)}")
    if stats["runs"]:  # errors point here for run ids ("quarantine list --run")
        echo("recent runs:")
        for r in stats["runs"]:
            echo(
                f"  run {r['id']:<5} {one_line(r['command'])} {r['started_at'][:19]}  {r['status']}: "
                f"read {r['read']}, stored {r['stored']}, duplicates {r['duplicates']}, "
                f"quarantined {r['quarantined']}"
            )


@cli.group("quarantine")
def quarantine_group() -> None:
    """Inspect records that were rejected, with their position and reason."""


@quarantine_group.command("list")
@click.option(
    "--run", "run_id", type=click.IntRange(1, 2**63 - 1), default=None, help="Only this ingest run."
)
@click.option(
    "--limit", default=100, show_default=True, type=click.IntRange(1, 1_000_000), help="Records to print."
)
@db_option
@json_option
def quarantine_list_cli(run_id: int | None, limit: int, db: str | None, as_json: bool) -> None:
    """List quarantined records, newest first.

    Example:
        hybridwatch quarantine list --json
    """
    with failing_cleanly(as_json), open_db(db) as store:
        rows = store.quarantined(run_id=run_id, limit=limit)
    if as_json:
        emit(rows)
        return
    if not rows:
        echo("quarantine is empty" if run_id is None else f"run {run_id} quarantined nothing")
    for row in rows:
        snippet = " ".join(row["snippet"].split())[:100]
        position, reason = one_line(row["position"]), one_line(row["reason"])
        echo(f"[run {row['run_id']}] {position}\n    {reason}\n    {snippet!r}")


@cli.command("show")
@click.argument("document_id")
@db_option
@json_option
def show_cli(document_id: str, db: str | None, as_json: bool) -> None:
    """Show one stored document with its raw record as received.

    Example:
        hybridwatch show 3f2a9c1b04e7 --json
    """
    with failing_cleanly(as_json), open_db(db) as store:
        doc = store.get(document_id)
        if doc is None:  # the short id `search` prints, when it names one document
            candidates = store.ids_starting(document_id.strip().lower())
            if len(candidates) > 1:
                raise HybridwatchError(
                    f"{document_id} begins several ids ({', '.join(candidates)}): give more"
                )
            doc = store.get(candidates[0]) if candidates else None
        if doc is None:
            raise HybridwatchError(f"no document with id {document_id}")
    data = {k: getattr(doc, k) for k in doc.__dataclass_fields__}
    if as_json:
        emit(data)
        return
    for key, value in data.items():
        echo(f"{key:>13}: {value if key in ('text', 'raw') else one_line(value)}")  # text keeps its lines


@cli.command("demo")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="hybridwatch-demo",
    show_default=True,
    help="Folder for the demo store and report (recreated).",
)
@click.option("--no-model", is_flag=True, help="Run the lexical paths only (no embedding model): faster.")
@json_option
def demo_cli(out: str, no_model: bool, as_json: bool) -> None:
    """Ingest the bundled synthetic sample, run the analyses, print a summary and write a report.

    Example:
        hybridwatch demo && open hybridwatch-demo/report.html
    """
    from hybridwatch.demo import run_demo

    with failing_cleanly(as_json):
        steps = None if as_json or not sys.stderr.isatty() else lambda what: echo(f"  … {what}", err=True)
        summary = run_demo(Path(out), progress=steps, use_model=not no_model)
    if as_json:
        emit(summary)
        return
    from hybridwatch.demo import format_summary

    echo(format_summary(summary))


def _register_plugin_commands() -> None:
    ensure_plugins_loaded()
    pm.hook.register_commands(cli=cli)


def main() -> None:
    """Console-script entry point."""
    _register_plugin_commands()
    cli()


# Command groups that live in their own modules register themselves on `cli` when imported.
from hybridwatch import (  # noqa: E402,F401
    cli_campaigns,
    cli_claims,
    cli_entities,
    cli_events,
    cli_export,
    cli_narratives,
    cli_watch,
)
