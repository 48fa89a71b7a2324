from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from hybridwatch.analyse.claims.service import ImportReport, import_factchecks
from hybridwatch.errors import InputError
from hybridwatch.ingest.factchecks import read_factchecks
from hybridwatch.model.document import Rejected
from hybridwatch.model.factcheck import FactCheck

from ...conftest import FIXTURES, shared_data


def split(items: list) -> tuple[list[FactCheck], list[Rejected]]:
    return [i for i in items if isinstance(i, FactCheck)], [i for i in items if isinstance(i, Rejected)]


def test_claimreview_objects_graph_and_rejects() -> None:
    good, bad = split(list(read_factchecks(str(FIXTURES / "factchecks" / "claimreview.json"))))
    assert [f.id for f in good] == [
        "https://factcheck.example/kfor-occupier",
        "https://factcheck.example/s400",
    ]
    kfor = good[0]
    assert (kfor.claim, kfor.rating, kfor.publisher, kfor.language) == (
        "KFOR is an occupation force in Kosovo",
        "False",
        "Balkan Fact Desk (test)",
        "en",
    )
    assert kfor.title == "No, KFOR is not an occupation force"
    assert kfor.published_at is not None and kfor.published_at.year == 2024
    assert kfor.extra["claimant"] == "Some tabloid"
    assert good[1].rating == "Lažno"
    assert len(bad) == 1 and "without claim text" in bad[0].reason


def test_claimreview_inside_html(tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    page.write_text(
        '<html><script type="application/ld+json">{"@type": "ClaimReview", "url": "https://x.example/1",'
        ' "claimReviewed": "A claim"}</script></html>'
    )
    (fc,) = read_factchecks(str(page), fmt="claimreview")
    assert isinstance(fc, FactCheck) and fc.claim == "A claim"


def test_generic_jsonl_with_bad_lines() -> None:
    good, bad = split(list(read_factchecks(str(FIXTURES / "factchecks" / "generic.jsonl"))))
    assert [(f.id, f.language) for f in good] == [("g1", "en"), ("g2", "sr")]
    assert [b.position.line for b in bad] == [3, 4]


def test_checkthat_vclaims_archive(tmp_path: Path) -> None:
    archive = tmp_path / "vclaims.tar.xz"
    with tarfile.open(archive, "w:xz") as tf:
        for i in range(3):
            body = json.dumps(
                {
                    "title": f"T{i}",
                    "subtitle": "",
                    "author": "A",
                    "date": "25 February 2020",
                    "vclaim_id": f"vclaim-{i}",
                    "vclaim": f"claim number {i}",
                }
            ).encode()
            info = tarfile.TarInfo(f"vclaims/vclaim-{i}.json")
            info.size = len(body)
            tf.addfile(info, io.BytesIO(body))
    good, bad = split(list(read_factchecks(str(archive))))
    assert [f.id for f in good] == ["vclaim-0", "vclaim-1", "vclaim-2"] and not bad
    assert good[0].published_at is not None and good[0].published_at.month == 2


def test_checkthat_2020_tsv_with_multiline_quotes(tmp_path: Path) -> None:
    tsv = tmp_path / "verified_claims.docs.tsv"
    tsv.write_text('\tvclaim\ttitle\n0\t"A claim that\nspans lines"\tTitle 0\n1\tSecond claim\tTitle 1\n')
    good, _ = split(list(read_factchecks(str(tsv))))
    assert [(f.id, f.claim) for f in good] == [("0", "A claim that\nspans lines"), ("1", "Second claim")]


def test_euvsdisinfo_csv() -> None:
    path = shared_data("euvsdisinfo-cknabs", "posts.csv")
    good, bad = split(list(read_factchecks(str(path))))
    assert len(good) == 10_892 and not bad
    first = good[0]
    assert first.publisher == "EUvsDisinfo" and first.rating == "disinformation"
    assert first.url == first.id and first.extra["countries"] == ["Russia", "Germany"]


def test_import_counts_and_reimport(store) -> None:
    path = str(FIXTURES / "factchecks" / "generic.jsonl")
    first = import_factchecks(store, path)
    assert (first.read, first.stored, first.duplicates, first.quarantined) == (4, 2, 0, 2)
    again = import_factchecks(store, path)
    assert (again.stored, again.duplicates) == (0, 2)
    assert store.factchecks.count() == 2
    assert {row["position"].split("/")[-1] for row in store.quarantined()} >= {
        "generic.jsonl:line 3:byte 280"
    }


def test_an_id_naming_another_claim_is_a_conflict_not_a_duplicate(store, tmp_path: Path) -> None:
    """Two exports that both number from 1: the second's record 1 is quarantined, named, counted."""
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text('{"id": "1", "text": "KFOR troops are occupiers"}\n', encoding="utf-8")
    second.write_text(
        '{"id": "2", "text": "Bondsteel stores nuclear weapons"}\n'
        '{"id": "1", "text": "Serbia bought S-400 in 2019"}\n'
        '{"id": "1", "text": "KFOR TROOPS are occupiers"}\n',  # the same claim: a duplicate
        encoding="utf-8",
    )
    import_factchecks(store, str(first))
    report = import_factchecks(store, str(second))
    assert (report.read, report.stored, report.duplicates, report.quarantined) == (3, 1, 1, 1)
    assert report.quarantine_reasons == {"id conflict": 1}
    (row,) = [r for r in store.quarantined() if r["reason"].startswith("id conflict")]
    assert (
        row["position"].endswith("b.jsonl:line 2:byte 56")
        and "'1' already names another claim" in row["reason"]
    )
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "c.jsonl").write_text('{"id": "2", "text": "not the Bondsteel claim"}\n', encoding="utf-8")
    import_factchecks(store, str(folder))  # the file in the folder is named, with the record's line
    assert any(r["position"].endswith("exports/c.jsonl:line 1:byte 0") for r in store.quarantined())
    assert store.factchecks.get("1").claim == "KFOR troops are occupiers"  # the stored one stays


def test_an_import_that_cannot_read_on_is_recorded_as_failed(store) -> None:
    with pytest.raises(InputError):
        import_factchecks(store, "/nope/none.jsonl")
    (run,) = store.stats()["runs"]
    assert run["command"] == "factchecks import" and run["status"] == "failed"  # never left "running"


def test_unknown_path_and_format() -> None:
    with pytest.raises(InputError):
        list(read_factchecks("/nope/none.json"))
    with pytest.raises(InputError):
        list(read_factchecks(str(FIXTURES / "factchecks" / "generic.jsonl"), fmt="yaml"))


def test_hostile_fields_cost_one_record_never_the_import(store, tmp_path: Path) -> None:
    """Nesting, lone surrogates and odd claimReview shapes: each is one record, stored or
    quarantined, and the good records around it are all stored."""
    deep = "[" * 800 + '"x"' + "]" * 800
    lines = [json.dumps({"id": f"good-{i}", "text": f"good claim {i}"}) for i in range(3)]
    lines += [
        '{"id": ' + deep + ', "text": "an id nested 800 deep"}',
        '{"id": "t", "title": ' + deep + ', "text": "a title nested 800 deep"}',
        '{"id": "s\\ud800", "text": "a lone surrogate", "publisher": "p\\udc00", "title": "t\\ud800"}',
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_factchecks(store, str(path))
    assert (report.read, report.stored, report.quarantined) == (6, 5, 1)  # the nested id names no id
    assert report.quarantine_reasons == {"fact-check without an id": 1}
    odd = store.factchecks.get("s\ufffd")
    assert odd is not None and odd.publisher == "p\ufffd" and odd.title == "t\ufffd"
    api = tmp_path / "api.json"
    api.write_text(
        json.dumps(
            [
                {
                    "text": "single review",
                    "claimReview": {"url": "https://a.example/1", "textualRating": "False"},
                },
                {"text": "a number", "claimReview": 5},
                {"@type": {"x": 1}, "claimReview": True},
            ]
        ),
        encoding="utf-8",
    )
    good, bad = split(list(read_factchecks(str(api))))
    assert [f.id for f in good] == ["https://a.example/1"]
    assert [r.reason for r in bad] == ["claimReview not an object: int", "claimReview not an object: bool"]


def test_claimreview_markup_is_read_as_text(tmp_path: Path) -> None:
    page = tmp_path / "review.json"
    review = {
        "@type": "ClaimReview",
        "url": "https://a.example/x",
        "claimReviewed": "KFOR &amp; EULEX <b>left</b> Kosovo<script>alert(1)</script>",
        "name": "Fact check: &quot;left&quot;",
    }
    page.write_text(json.dumps(review), encoding="utf-8")
    (fc,) = read_factchecks(str(page))
    assert isinstance(fc, FactCheck)
    assert fc.claim == "KFOR & EULEX left Kosovo alert(1)" and fc.title == 'Fact check: "left"'


def test_archives_as_tar_writes_them_and_members_that_climb_out(tmp_path: Path) -> None:
    """`tar -C dir -cJf x.tar.xz .` names members ./x.json: they are records; ../x is refused, counted."""
    archive = tmp_path / "dot.tar.xz"
    with tarfile.open(archive, "w:xz") as tf:
        for name in ("./vclaim-1.json", "./sub/vclaim-2.json", "../../etc/evil.json", "./.hidden.json"):
            body = json.dumps({"vclaim_id": name, "vclaim": f"claim in {name}", "title": "t"}).encode()
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tf.addfile(info, io.BytesIO(body))
    good, bad = split(list(read_factchecks(str(archive), fmt="checkthat")))
    assert [f.id for f in good] == ["./vclaim-1.json", "./sub/vclaim-2.json"]
    assert [r.reason for r in bad] == ["archive member path leaves the archive (..)"]


def test_an_unbalanced_quote_costs_its_row_not_the_rows_after_it(tmp_path: Path) -> None:
    tsv = tmp_path / "vclaims.tsv"
    tsv.write_text(
        'vclaim_id\tvclaim\ttitle\n1\tfirst\tT1\n2\t"Unclosed quote claim\tT2\n3\tthird\tT3\n'
        '4\t"a quoted claim\nover two lines"\tT4\n5\tfifth "q" word\tT5\n6\t"runs to the end\tT6\n',
        encoding="utf-8",
    )
    good, bad = split(list(read_factchecks(str(tsv), fmt="checkthat")))
    assert [(f.id, f.claim) for f in good] == [
        ("1", "first"),
        ("3", "third"),
        ("4", "a quoted claim\nover two lines"),  # a real multi-line field stays one
        ("5", 'fifth "q" word'),
    ]
    assert [(str(r.position).rsplit(":", 1)[-1], r.reason.split(":")[0]) for r in bad] == [
        ("line 3", "malformed TSV row"),
        ("line 8", "malformed TSV row"),
    ]
    assert bad[0].snippet.startswith('2\t"Unclosed quote claim')  # the row itself, to read and fix


def test_a_column_mapping_that_names_nothing_is_bad_usage(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from hybridwatch.cli import cli

    path = tmp_path / "f.jsonl"
    path.write_text('{"key": "1", "body": "KFOR troops are occupiers"}\n', encoding="utf-8")
    db = str(tmp_path / "s.db")

    def run(*extra: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli, ["factchecks", "import", str(path), "--db", db, "--json", *extra])
        return result.exit_code, result.output

    for bad, why in (
        (["--map", "body"], "expected FIELD=COLUMN"),
        (["--map", "claim="], "expected FIELD=COLUMN"),
        (["--map", "body=key"], "the fields are id, claim"),
        (["--collection", " "], "a collection needs a name"),
    ):
        code, output = run(*bad)
        assert code == 2 and why in output, bad
    code, output = run("--map", "id=key", "--map", "text=body")  # "text" is the claim, as in JSONL
    assert code == 0 and json.loads(output)["stored"] == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-be"])
def test_a_json_array_of_records_in_any_unicode_encoding(tmp_path: Path, encoding: str) -> None:
    """A .json array of {"id", "text"} objects is records, as JSONL lines are; UTF-16 (with its
    byte-order mark, as Windows tools save it) is read, not quarantined line by line."""
    records = [{"id": "a", "text": "Косово је Србија"}, {"id": "b", "text": "KFOR occupies Kosovo"}, 5]
    path = tmp_path / "records.json"
    text = json.dumps(records, ensure_ascii=False, indent=2)
    path.write_bytes(("\ufeff" + text).encode(encoding) if encoding == "utf-16-be" else text.encode(encoding))
    good, bad = split(list(read_factchecks(str(path))))
    assert [(f.id, f.claim) for f in good] == [("a", "Косово је Србија"), ("b", "KFOR occupies Kosovo")]
    assert [r.reason for r in bad] == ["expected a JSON object, got int"]


def test_claims_without_a_word_and_inputs_that_never_end_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    lines = [{"id": "1", "text": "\u200b\u200b"}, {"id": "2", "text": "😀😀 !!!"}, {"id": "3", "text": "ok"}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    good, bad = split(list(read_factchecks(str(path))))
    assert [f.id for f in good] == ["3"] and [r.reason for r in bad] == ["fact-check without claim text"] * 2
    with pytest.raises(InputError, match="not a regular file"):
        list(read_factchecks("/dev/zero"))


def _tally(report: ImportReport) -> tuple[int, ...]:
    return report.read, report.stored, report.updated, report.duplicates, report.quarantined


def test_a_collection_re_exported_with_edits_replaces_its_records(store, tmp_path: Path) -> None:
    """An edited claim or a new rating under the same id, from the same collection, is a new
    version (stored anew, so claims are matched against it again); twice in one file, a conflict."""
    path = tmp_path / "checks.jsonl"

    def export(*records: dict[str, str]) -> None:
        path.write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
        )

    export(
        {"id": "3", "text": "Serbia bought the S-400"},
        {"id": "1", "text": "KFOR troops are occupiers", "rating": "false"},
        {"id": "2", "text": "Bondsteel stores nuclear weapons", "rating": "unproven"},  # the newest
    )
    import_factchecks(store, str(path))
    before = store.factchecks.latest()
    export(
        {"id": "1", "text": "KFOR troops are occupiers in Kosovo", "rating": "false"},  # edited claim
        {"id": "2", "text": "Bondsteel stores nuclear weapons", "rating": "false"},  # new rating
        {"id": "3", "text": "Serbia bought the S-400"},  # the same
        {"id": "3", "text": "Serbia bought the FK-3"},  # the same id again in one file
    )
    assert _tally(import_factchecks(store, str(path))) == (
        4,
        2,
        2,
        1,
        1,
    )  # read, stored, updated, dup., quar.
    assert store.factchecks.get("1").claim == "KFOR troops are occupiers in Kosovo"
    assert store.factchecks.get("2").rating == "false" and store.factchecks.count() == 3
    assert store.factchecks.latest() == before + 2  # the newest replaced too: match-all matches again
    (row,) = [r for r in store.quarantined() if r["reason"].startswith("id conflict")]
    assert "earlier in" in row["reason"]
    fts = "SELECT count(*) FROM factchecks_fts WHERE factchecks_fts MATCH ?"
    assert [store.conn.execute(fts, (w,)).fetchone()[0] for w in ("occupiers", "kosovo")] == [1, 1]


def test_a_record_rated_anew_later_in_one_file_is_its_newer_version(store, tmp_path: Path) -> None:
    """The same id and claim with a new rating, twice in one import, counted as a duplicate: the
    new rating was lost until the next import of the file."""
    path = tmp_path / "live.jsonl"
    records = [
        {"id": "7", "text": "Bondsteel stores nuclear weapons", "rating": "unproven"},
        {"id": "8", "text": "Serbia bought the S-400", "rating": "false"},
        {"id": "7", "text": "Bondsteel stores nuclear weapons", "rating": "false"},
        {"id": "7", "text": "Bondsteel stores nuclear weapons", "rating": "false"},  # the same again
        {"id": "8", "text": "Serbia bought the S-400", "rating": "misleading"},
        {"id": "8", "text": "Serbia bought the S-400", "rating": "false, retracted"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert _tally(import_factchecks(store, str(path))) == (
        6,
        5,
        2,
        1,
        0,
    )  # read, stored, updated, dup., quar.
    assert store.factchecks.get("7").rating == "false"
    assert store.factchecks.get("8").rating == "false, retracted" and store.factchecks.count() == 2


def test_generic_tables_with_tabs_and_blank_lines(tmp_path: Path) -> None:
    """A generic .tsv is a table (it was read as JSON Lines); blank lines are no records."""
    path = tmp_path / "checks.tsv"
    path.write_text(
        "id\tclaim\trating\n\n1\tKFOR troops are occupiers\tfalse\n\n2\tS-400 delivered\tfalse\n\n",
        encoding="utf-8",
    )
    good, bad = split(list(read_factchecks(str(path))))
    assert [(f.id, f.claim, f.rating) for f in good] == [
        ("1", "KFOR troops are occupiers", "false"),
        ("2", "S-400 delivered", "false"),
    ]
    assert bad == []


def test_one_pretty_printed_record_in_a_json_file(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"id": "x", "text": "KFOR troops are occupiers", "rating": "false"}, indent=2))
    good, bad = split(list(read_factchecks(str(path))))
    assert [(f.id, f.rating) for f in good] == [("x", "false")] and bad == []


def test_several_files_import_in_one_command(tmp_path: Path) -> None:
    """A first-time user expected what ingest does: several paths at once; one unreadable file
    does not stop the others, and the exit code says something could not be read."""
    from click.testing import CliRunner

    from hybridwatch.cli import cli

    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text('{"id": "a1", "text": "KFOR troops are occupiers"}\n', encoding="utf-8")
    b.write_text('{"id": "b1", "text": "Serbia bought the S-400"}\n{"id": "b2", "text": "Bondsteel grows"}\n')
    db = str(tmp_path / "f.db")
    args = ["factchecks", "import", str(a), str(tmp_path / "missing.json"), str(b), "--db", db, "--json"]
    result = CliRunner().invoke(cli, args)
    summary = json.loads(result.stdout)
    assert result.exit_code == 1 and (summary["read"], summary["stored"]) == (3, 3)
    assert [f.get("stored") for f in summary["files"]] == [1, None, 2] and "missing.json" in summary["files"][
        1
    ]["error"]
    single = json.loads(
        CliRunner().invoke(cli, ["factchecks", "import", str(a), "--db", db, "--json"]).stdout
    )
    # one shape however many paths a glob gives (a CLI audit); one path adds its run_id
    assert single["duplicates"] == 1 and len(single["files"]) == 1 and single["run_id"] > 0
    assert set(summary) | {"run_id"} <= set(single) | {"run_id"}
    assert "missing.json" in result.stderr  # the unreadable file is named, not only the exit code


def test_a_vclaims_tsv_header_names_its_columns(tmp_path: Path) -> None:
    """Found by an adversarial pass: a header was detected but the columns read by position, so
    "vclaim_id, title, vclaim" stored titles as claims and a PolitiFact-style file URLs as ids."""
    (tmp_path / "order.tsv").write_text(
        "vclaim_id\ttitle\tvclaim\nv1\tT1\tKFOR left Kosovo\n", encoding="utf-8"
    )
    (tmp_path / "pf.tsv").write_text(
        "url\tspeaker\tvclaim\tvclaim_id\nhttps://x.example/1\tJoe\tSerbia bought S-400\tpf-1\n",
        encoding="utf-8",
    )
    (got,) = read_factchecks(str(tmp_path / "order.tsv"), fmt="checkthat")
    assert isinstance(got, FactCheck) and (got.id, got.claim, got.title) == ("v1", "KFOR left Kosovo", "T1")
    (got,) = read_factchecks(str(tmp_path / "pf.tsv"), fmt="checkthat")
    assert isinstance(got, FactCheck) and (got.id, got.claim) == ("pf-1", "Serbia bought S-400")


def test_a_web_page_with_its_claimreview_after_long_markup(tmp_path: Path) -> None:
    """Found by an adversarial pass: past the first 64 KB the page was read as JSON lines (6,001
    quarantined 'malformed JSON', nothing stored)."""
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example/1",
        "claimReviewed": "KFOR is leaving Kosovo",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    style = "<style>\n" + ".c{color:red}\n" * 8000 + "</style>\n"
    page = (
        f"<html><head>{style}<script type='application/ld+json'>{json.dumps(review)}</script></head></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    items = list(read_factchecks(str(tmp_path / "page.html")))
    assert [type(i) for i in items] == [FactCheck] and items[0].claim == "KFOR is leaving Kosovo"


def test_a_folder_import_reads_fact_check_files_only(store, tmp_path: Path) -> None:
    """Found by an adversarial pass: `factchecks import .` read the store beside the records, and
    quarantined 403 binary slices of it as malformed JSON."""
    folder = tmp_path / "checks"
    folder.mkdir()
    (folder / "a.jsonl").write_text('{"id": "a", "text": "KFOR is leaving Kosovo"}\n', encoding="utf-8")
    for name in ("hybridwatch.db", "hybridwatch.db-wal", "hybridwatch.db-shm"):
        (folder / name).write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    report = import_factchecks(store, str(folder))
    assert (report.read, report.stored, report.quarantined) == (1, 1, 0)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("EN", "en"),
        ("en_US", "en-US"),
        ("English", "en"),
        ("srp", "sr"),
        ("sr_latn", "sr-Latn"),
        ({"@type": "Language", "name": "Serbian", "alternateName": "sr-Cyrl"}, "sr-Cyrl"),
        ({"@type": "Language", "name": "Albanian"}, "sq"),
        ("??", "und"),
    ],
)
def test_a_fact_checks_language_is_stored_as_a_canonical_tag(tmp_path: Path, given, stored: str) -> None:
    """Found by an adversarial pass: "EN", "en_US" and "English" were stored as given, so English
    claims met English fact-checks as a cross-lingual pair (lexical features shrunk)."""
    record = {"id": "a", "text": "KFOR is leaving Kosovo", "language": given}
    (tmp_path / "l.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (fc,) = read_factchecks(str(tmp_path / "l.jsonl"))
    assert isinstance(fc, FactCheck) and fc.language == stored


def test_a_mapping_to_a_column_the_file_lacks_is_an_error(tmp_path: Path) -> None:
    """Found by an adversarial pass: --map rating=verdct (a typo) emptied every rating, exit 0."""
    (tmp_path / "g.csv").write_text("id,claim,verdict\n1,KFOR leaves Kosovo,False\n", encoding="utf-8")
    with pytest.raises(InputError, match="verdct: no such column"):
        list(read_factchecks(str(tmp_path / "g.csv"), mapping={"rating": "verdct"}))
    (fc,) = read_factchecks(str(tmp_path / "g.csv"), mapping={"rating": "verdict"})
    assert isinstance(fc, FactCheck) and fc.rating == "False"


def test_the_same_claim_rated_anew_in_a_file_of_another_name_is_an_update(store, tmp_path: Path) -> None:
    """Found by an adversarial pass: a date-stamped re-export (checks-2025-05.json after
    checks-2025-04.json, a collection named after each file) with a new rating was counted a
    duplicate and the new rating lost."""
    record = {"id": "https://checks.example/1", "text": "KFOR is leaving Kosovo", "rating": "Unproven"}
    (tmp_path / "checks-2025-04.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "checks-2025-05.jsonl").write_text(
        json.dumps({**record, "rating": "False"}) + "\n", encoding="utf-8"
    )
    import_factchecks(store, str(tmp_path / "checks-2025-04.jsonl"))
    report = import_factchecks(store, str(tmp_path / "checks-2025-05.jsonl"))
    assert (report.stored, report.updated, report.duplicates) == (1, 1, 0)  # stored anew, as an update
    assert store.factchecks.get("https://checks.example/1").rating == "False"


def test_claimreview_variants_valid_json_ld_writes(tmp_path: Path) -> None:
    """Found by an adversarial pass: IRI and prefixed types vanished uncounted, @value dates became
    NULL, a Language object was stored as "Serbian", a rating array as ",", two URLs as one id; the
    Google Fact Check Tools API response (its "claims" wrapper) was not read, nor its titles."""
    reviews = [
        {"@type": "https://schema.org/ClaimReview", "url": "https://x.example/1", "claimReviewed": "Claim one"},
        {
            "@type": "schema:ClaimReview",
            "url": ["https://x.example/2a", "https://x.example/2b"],
            "claimReviewed": "Claim two",
            "datePublished": {"@value": "2024-02-03"},
            "inLanguage": {"@type": "Language", "name": "Serbian", "alternateName": "sr"},
            "reviewRating": [{"alternateName": "False"}, {"alternateName": "Lažno"}],
        },
        {"@type": "ClaimReview", "url": "https://x.example/3", "claimReviewed": "Claim three",
         "reviewRating": {"ratingValue": {"@value": 2}}},
    ]  # fmt: skip
    (tmp_path / "ld.json").write_text(json.dumps(reviews), encoding="utf-8")
    got = {fc.id: fc for fc in read_factchecks(str(tmp_path / "ld.json")) if isinstance(fc, FactCheck)}
    assert set(got) == {"https://x.example/1", "https://x.example/2a", "https://x.example/3"}
    two = got["https://x.example/2a"]
    assert (two.rating, two.language, str(two.published_at)[:10]) == ("False", "sr", "2024-02-03")
    assert got["https://x.example/3"].rating == "2"
    api = {
        "claims": [
            {
                "text": "KFOR is leaving Kosovo",
                "claimant": "Telegram channel",
                "claimReview": [
                    {"publisher": {"name": "AFP"}, "url": "https://afp.example/1", "title": "No, KFOR is not leaving",
                     "reviewDate": "2024-02-04T00:00:00Z", "textualRating": "False", "languageCode": "en"}
                ],
            }
        ],
        "nextPageToken": "abc",
    }  # fmt: skip
    (tmp_path / "gfc.json").write_text(json.dumps(api), encoding="utf-8")
    (fc,) = read_factchecks(str(tmp_path / "gfc.json"))
    assert isinstance(fc, FactCheck)
    assert (fc.claim, fc.title, fc.rating, fc.language) == (
        "KFOR is leaving Kosovo",
        "No, KFOR is not leaving",
        "False",
        "en",
    )


def test_factchecks_list_gives_the_total_beside_the_rows(tmp_path: Path) -> None:
    """Found by a CLI audit: the text said "46 fact-checks", the JSON was the rows alone."""
    from click.testing import CliRunner

    from hybridwatch.cli import cli

    lines = "".join(json.dumps({"id": str(n), "text": f"KFOR claim number {n}"}) + "\n" for n in range(3))
    (tmp_path / "f.jsonl").write_text(lines, encoding="utf-8")
    db = str(tmp_path / "f.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["factchecks", "import", str(tmp_path / "f.jsonl"), "--db", db]).exit_code == 0
    listed = json.loads(
        runner.invoke(cli, ["factchecks", "list", "--limit", "2", "--db", db, "--json"]).output
    )
    assert listed["n_factchecks"] == 3 and len(listed["factchecks"]) == 2
    assert (
        "3 fact-checks; showing 2"
        in runner.invoke(cli, ["factchecks", "list", "--limit", "2", "--db", db]).output
    )
