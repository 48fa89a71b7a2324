"""``hybridwatch factchecks …``, ``claims …`` and ``eval …``: thin wrappers over the claims library."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import click

from hybridwatch.cli import (
    UNTIL_HELP,
    _period,
    cli,
    creating_db,
    db_option,
    echo_counts,
    emit,
    failing_cleanly,
    json_option,
    open_db,
    progress_bar,
)
from hybridwatch.console import echo, one_line
from hybridwatch.errors import InputError
from hybridwatch.ingest.factchecks import FORMATS, MAPPABLE
from hybridwatch.model.dates import parse_datetime

__all__ = ["factchecks_group", "claims_group", "eval_group"]

model_option = click.option(
    "--no-model", is_flag=True, help="Use the lexical path only (no embedding model)."
)


@cli.group("factchecks")
def factchecks_group() -> None:
    """Known fact-checks and debunked narratives that claims are matched against."""


def _not_blank(value: str | None, why: str) -> str | None:
    if value is not None and not value.strip():
        raise click.BadParameter(why)
    return value


def _column_mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    """--map FIELD=COLUMN pairs as a dict; a pair that names no field, or no column, is bad usage."""
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field = {"text": "claim"}.get(field.strip(), field.strip())
        if not sep or not column.strip():
            raise click.BadParameter(f"{pair!r}: expected FIELD=COLUMN")
        if field not in MAPPABLE:
            raise click.BadParameter(f"{pair!r}: the fields are {', '.join(MAPPABLE)}")
        mapping[field] = column.strip()
    return mapping


@factchecks_group.command("import")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="ClaimReview JSON-LD, EUvsDisinfo CSV, CheckThat! vclaims (folder, .tar.xz, .zip, TSV), CSV, JSONL.",
)
@click.option(
    "--collection",
    default=None,
    callback=lambda ctx, param, value: _not_blank(value, "a collection needs a name"),
    help="Name for this set of fact-checks [default: the file name].",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=COLUMN",
    callback=lambda ctx, param, value: _column_mapping(value),
    help="For csv/jsonl: which column holds id, claim, title, rating, publisher, date, url, language.",
)
@db_option
@json_option
def factchecks_import_cli(
    paths: tuple[str, ...],
    fmt: str,
    collection: str | None,
    mapping: dict[str, str],
    db: str | None,
    as_json: bool,
) -> None:
    """Import fact-checks from one or more files; re-importing the same records stores nothing new.

    A record the same collection stored before, changed (an edited claim, a new rating), replaces
    it ("updated"); a record reusing another claim's id is quarantined as an id conflict.

    Example:
        hybridwatch factchecks import claimreview.json --json
    """
    from hybridwatch.analyse.claims.service import import_factchecks

    done: list[tuple[str, Any]] = []  # (path, its report, or the error that stopped it)
    with failing_cleanly(as_json), creating_db(db) as store:
        for path in paths:
            try:
                done.append(
                    (path, import_factchecks(store, path, fmt=fmt, collection=collection, mapping=mapping))
                )
            except InputError as exc:
                if len(paths) == 1:
                    raise
                done.append((path, exc))  # one unreadable file does not stop the others
        if all(isinstance(result, InputError) for _, result in done):  # raised here, a new store goes
            raise InputError("no file could be read: " + "; ".join(str(e) for _, e in done))
    if len(paths) == 1 and not as_json:
        report = done[0][1]
        echo_counts(report, f" (of the stored, {report.updated} updated)" if report.updated else "")
        return
    _echo_imports(done, as_json)
    failed = [(path, result) for path, result in done if isinstance(result, InputError)]
    for path, error in failed:
        echo(f"error: {one_line(path)}: {one_line(error)}", err=True)
    if failed:
        sys.exit(1)


def _echo_imports(done: list[tuple[str, Any]], as_json: bool) -> None:
    """The totals, then each file's counts or why it could not be read.

    --json has one shape however many paths a glob gave: the totals, the quarantine reasons of all
    files, and "files"; with one path, that import's own report's keys (run_id) too.
    """
    reports = [r.as_dict() for _, r in done if not isinstance(r, InputError)]
    totals = {
        k: sum(r[k] for r in reports) for k in ("read", "stored", "updated", "duplicates", "quarantined")
    }
    files = [
        {"path": path, "error": str(r)} if isinstance(r, InputError) else {"path": path, **r.as_dict()}
        for path, r in done
    ]
    if as_json:
        merged: Counter[str] = Counter()
        for r in reports:
            merged.update(r.get("quarantine_reasons") or {})
        single = reports[0] if len(done) == 1 and reports else {}
        emit({**single, **totals, "quarantine_reasons": dict(merged), "files": files})
        return
    echo(" ".join(f"{k} {v}" for k, v in totals.items()) + f"  ({len(files)} files)")
    for f in files:
        counts = f.get("error") or " ".join(f"{k} {f[k]}" for k in totals)
        echo(f"  {one_line(f['path'])}: {one_line(counts)}")
        reasons: dict[str, int] = f.get("quarantine_reasons") or {}  # type: ignore[assignment]
        for reason, n in reasons.items():
            echo(f"    quarantined {n:>5}  {one_line(reason)}")


@factchecks_group.command("list")
@click.option(
    "--limit", default=20, show_default=True, type=click.IntRange(1, 1_000_000), help="Fact-checks to print."
)
@db_option
@json_option
def factchecks_list_cli(limit: int, db: str | None, as_json: bool) -> None:
    """List imported fact-checks.

    Example:
        hybridwatch factchecks list --limit 5 --json
    """
    with failing_cleanly(as_json), open_db(db) as store:
        rows: list[dict[str, str | None]] = []
        for fc in store.factchecks.iter():
            rows.append(
                {
                    "id": fc.id,
                    "collection": fc.collection,
                    "language": fc.language,
                    "rating": fc.rating,
                    "claim": fc.claim,
                    "publisher": fc.publisher,
                    "url": fc.url,
                }
            )
            if len(rows) >= limit:
                break
        total = store.factchecks.count()
    if as_json:  # the total beside the rows, as the text says it: --limit cuts the rows only
        emit({"n_factchecks": total, "factchecks": rows})
        return
    echo(f"{total} fact-checks" + (f"; showing {len(rows)} (--limit)" if total > len(rows) else ""))
    for row in rows:
        line = f"{(row['claim'] or '')[:100]}  ({row['rating'] or '-'}; {row['id']})"
        echo(f"  [{one_line(row['language'])}] {one_line(line)}")


@cli.group("claims")
def claims_group() -> None:
    """Find check-worthy claims and match them to known fact-checks, across languages and scripts."""


@claims_group.command("detect")
@model_option
@db_option
@json_option
def claims_detect_cli(no_model: bool, db: str | None, as_json: bool) -> None:
    """Split new documents into sentences and score each for check-worthiness.

    Example:
        hybridwatch claims detect --json
    """
    from hybridwatch.analyse.claims.service import detect_claims

    with failing_cleanly(as_json), open_db(db) as store:
        with progress_bar(not as_json, "documents") as tick:
            report = detect_claims(store, use_model=not no_model, progress=tick)
    if as_json:
        emit(report)
        return
    echo(
        f"{report['documents']} documents → {report['sentences']} sentences, "
        f"{report['checkworthy']} check-worthy ({report['method']}, threshold {report['threshold']:.2f})"
    )


def _claim_date(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise click.BadParameter(f"not a date: {value!r} (use 2024-06-01)")
    return parsed.value


def _claim_text(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not any(c.isalnum() for c in value):  # empty, or only marks, emoji, zero-width characters
        raise click.BadParameter("the claim is empty")
    return value


@claims_group.command("match")
@click.argument("text", callback=_claim_text)
@click.option(
    "--k", default=5, show_default=True, type=click.IntRange(1, 100), help="Matches per claim, best first."
)
@click.option(
    "--date",
    callback=_claim_date,
    help="When the claim was published (2024-06-01); default: a date at the end of TEXT, if any. "
    "Matching weighs each fact-check's date, and the dates its text names, against it.",
)
@model_option
@db_option
@json_option
def claims_match_cli(
    text: str, k: int, date: datetime | None, no_model: bool, db: str | None, as_json: bool
) -> None:
    """Is this claim already known? The best fact-checks, with tier and explanation.

    Example:
        hybridwatch claims match "KFOR је окупатор на Косову" --k 3 --json
    """
    from hybridwatch.analyse.claims.service import build_matcher

    with failing_cleanly(as_json), open_db(db) as store:
        matcher = build_matcher(store, use_model=not no_model, stored_signals=False)  # one claim
        matches = matcher.match(text, k=k, date=date)
    system = matcher.system()
    if as_json:  # stdout stays the list of matches; what fell back is said on stderr
        for note in system["fallbacks"]:
            echo(f"note: {note}", err=True)
        emit([m.as_dict() for m in matches])
        return
    echo(
        f"{system['factchecks']} fact-checks, {system['path']} path"
        + (f" ({system['model']})" if system["model"] else "")
        + "".join(f"\n  note: {f}" for f in system["fallbacks"])
    )
    if not matches:
        echo("no candidates")
    for m in matches:
        fc = m.factcheck
        tier = m.tier or "-"
        claim = one_line((fc.claim if fc else "")[:110])
        echo(f"{m.score:6.3f}  {tier:<8} [{fc.language if fc else '?'}] {claim}")
        details = m.explanation
        notes = [f"{k}: {', '.join(v)}" for k, v in details["overlap"].items() if v]  # type: ignore[attr-defined]
        notes += [f"downgrade: {d}" for d in details["downgrades"]]  # type: ignore[attr-defined]
        if notes:
            echo("          " + "; ".join(notes))


@claims_group.command("match-all")
@click.option(
    "--k", default=5, show_default=True, type=click.IntRange(1, 100), help="Matches per claim, best first."
)
@model_option
@db_option
@json_option
def claims_match_all_cli(k: int, no_model: bool, db: str | None, as_json: bool) -> None:
    """Match every new check-worthy claim in the store and keep the auto/suggest matches.

    Example:
        hybridwatch claims match-all --json
    """
    from hybridwatch.analyse.claims.service import match_all

    with failing_cleanly(as_json), open_db(db) as store:
        with progress_bar(not as_json, "matching") as tick:
            report = match_all(store, k=k, use_model=not no_model, progress=tick)
    if as_json:
        emit(report)
        return
    if report["system"]["path"] is None:  # nothing ran: no fact-checks yet
        echo(f"note: {report['note']}")
        return
    tiers = report["matches"]  # matches, not claims: a claim may have several
    found = ", ".join(f"{tier} {n}" for tier, n in tiers.items()) if tiers else "no auto or suggest match"
    echo(f"{report['claims']} claims compared; matches found: {found} ({report['system']['path']} path)")
    for note in [*report["system"]["fallbacks"], *([report["note"]] if report["note"] else [])]:
        echo(f"note: {note}")


@claims_group.command("list")
@click.option("--tier", type=click.Choice(["auto", "suggest"]), default=None, help="Only this tier.")
@click.option("--since", default=None, help="Claims of documents published on or after this date or age.")
@click.option("--until", default=None, help=UNTIL_HELP)
@click.option(
    "--limit", default=50, show_default=True, type=click.IntRange(1, 1_000_000), help="Matches to print."
)
@db_option
@json_option
def claims_list_cli(
    tier: str | None, since: str | None, until: str | None, limit: int, db: str | None, as_json: bool
) -> None:
    """List the stored claim matches (from match-all), surest first, with their evidence.

    Example:
        hybridwatch claims list --tier auto --since 2025-04-01 --json
    """
    from hybridwatch.analyse.claims.service import claim_matches, count_claim_matches

    start, end = _period(since, until)
    # claim_matches reads a period as (after, up to]: "on or after" starts a microsecond before
    after = (
        start - timedelta(microseconds=1) if start and start.year > 1 else datetime.min.replace(tzinfo=UTC)
    )
    published = (after.isoformat(), (end or datetime.max.replace(tzinfo=UTC)).isoformat())
    with failing_cleanly(as_json), open_db(db) as store:
        period = published if since or until else None
        matches = claim_matches(store, limit=limit, tier=tier, published=period)
        matching = count_claim_matches(store, tier=tier, published=period)
    if as_json:
        emit({"n_matches": len(matches), "n_matching": matching, "matches": matches})
        return
    if not matches:
        hint = "for these filters" if tier or since or until else "stored (run claims detect, then match-all)"
        echo(f"no claim matches {hint}")
    for m in matches:
        when = (m["published_at"] or "undated")[:10]
        claim, known = one_line((m["claim"] or "")[:100]), one_line((m["factcheck_claim"] or "")[:100])
        source = "; ".join(one_line(x or "-") for x in (m["rating"], m["factcheck_id"], m["source"]))
        language, its = one_line(m["language"]), one_line(m["factcheck_language"])
        echo(f"{m['score']:6.3f}  {m['tier']:<8} {when}  [{language}] {claim}")
        echo(f"        = [{its}] {known}")
        echo(f"          {source}  (doc {m['document_id'][:12]})")
    if matching > len(matches):
        echo(f"{len(matches)} of {matching} matches shown (--limit)")


def _input_notes(inputs: dict[str, Any]) -> list[str]:
    """What of an evaluation's input could not be used, in words (nothing when all could)."""
    said = {
        "queries_repeated": "query lines repeated an id (the first kept)",
        "vclaims_rejected": "vclaim records could not be read (quarantine reasons: factchecks import)",
        "vclaims_repeated_ids": "vclaims repeated an id (the first kept)",
        "gold_not_in_vclaims": "relevant vclaim ids are not in the collection (they count as missed)",
    }
    notes = [f"{inputs[key]} {text}" for key, text in said.items() if inputs[key]]
    if inputs["gold_not_in_vclaims"]:
        notes[-1] += f": {', '.join(inputs['gold_not_in_vclaims_examples'])}"
    return notes


@cli.group("eval")
def eval_group() -> None:
    """Measure analyses on labelled public data (CheckThat! formats)."""


@eval_group.command("claim-retrieval")
@click.option(
    "--queries",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="TSV iclaim_id<TAB>iclaim (header optional).",
)
@click.option(
    "--qrels",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Lines 'iclaim_id 0 vclaim_id 1'.",
)
@click.option(
    "--vclaims",
    required=True,
    type=click.Path(exists=True),
    help="Folder or .tar.xz/.zip of vclaim JSON files, or a TSV vclaim_id<TAB>vclaim<TAB>title.",
)
@click.option(
    "--k",
    default=5,
    show_default=True,
    type=click.IntRange(1, 100),
    help="Cut-off of the confidence intervals (MAP@k) and of the tier counts (the top k).",
)
@click.option(
    "--model",
    "reranker",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="Re-ranker JSON [default: the shipped 2A one; CheckThat! 2020 test needs models/rerank-2020.json].",
)
@click.option(
    "--vclaims-format",
    default="checkthat",
    show_default=True,
    type=click.Choice(FORMATS),
    help="Format of --vclaims (as factchecks import reads it).",
)
@model_option
@db_option
@json_option
def eval_claim_retrieval_cli(
    queries: str,
    qrels: str,
    vclaims: str,
    k: int,
    reranker: str | None,
    vclaims_format: str,
    no_model: bool,
    db: str | None,
    as_json: bool,
) -> None:
    """Evaluate claim matching against a BM25 baseline measured in the same run.

    The store (--db) serves as the embedding cache: a second run embeds nothing.

    Example:
        hybridwatch eval claim-retrieval --queries q.tsv --qrels r.tsv --vclaims vclaims.tar.xz --json
    """
    from hybridwatch.analyse.claims.rerank import load_reranker
    from hybridwatch.analyse.embed import load_embedder
    from hybridwatch.eval.claim_retrieval import evaluate

    with failing_cleanly(as_json), creating_db(db) as store:
        embedder, why = load_embedder(use_model=not no_model)
        with progress_bar(not as_json, "embedding") as tick:
            result = evaluate(
                queries,
                qrels,
                vclaims,
                embedder=embedder,
                why_no_model=why,
                cache=store.embeddings,
                reranker=load_reranker(reranker),
                k=k,
                vclaims_format=vclaims_format,
                progress=tick,
            )
    result.pop("rankings")
    result.pop("tiered")
    if as_json:
        emit(result)
        return
    m, b = result["metrics"], result["baseline_metrics"]
    echo(
        f"{result['n_queries']} queries, {result['n_vclaims']} vclaims, {result['system']['path']} path "
        f"({result['system']['model'] or 'no model'}; re-ranker {result['system']['reranker'] or 'none'})"
    )
    echo(f"{'metric':<8} {'system':>8} {'BM25':>8}")
    for key in m:
        echo(f"{key:<8} {m[key]:>8.4f} {b[key]:>8.4f}")
    ci = result["confidence"]

    def span(key: str) -> str:
        return "{:.4f}-{:.4f}".format(*ci[key])

    echo(
        f"MAP@{k} {ci['level']:.0%} interval (bootstrap over queries): system {span(f'MAP@{k}')}, "
        f"BM25 {span(f'baseline_MAP@{k}')}, system minus BM25 {span(f'difference_MAP@{k}')}"
    )
    auto, suggest = result["tiers"]["auto"], result["tiers"]["suggest"]
    echo(
        f"tiers: auto first on {auto['queries']} queries, {auto['correct']} right; "
        f"suggest or better: {suggest['results']} results, {suggest['correct']} right"
    )
    for note in result["system"]["fallbacks"] + _input_notes(result["inputs"]):
        echo(f"note: {note}")
