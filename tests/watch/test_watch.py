from __future__ import annotations

import json
import socket
import threading
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from hybridwatch.analyse.campaigns.service import detect_coordination
from hybridwatch.analyse.language import LexicalIdentifier
from hybridwatch.analyse.narratives.service import update_narratives
from hybridwatch.cli import cli
from hybridwatch.demo import sample_locations
from hybridwatch.errors import InputError
from hybridwatch.ingest import ingest
from hybridwatch.store import SQLiteStore
from hybridwatch.watch.evaluate import add_rule, read_alerts
from hybridwatch.watch.rules import parse_rule, parse_window, read_rule
from hybridwatch.watch.service import run_watch


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"id": "bad id!", "when": {"keywords": ["x"]}}, "id 'bad id!'"),
        ({"id": "r", "when": {"keywords": ["x"]}, "colour": "red"}, "unknown keys ['colour']"),
        ({"id": "r", "when": {"mood": ["angry"]}}, "unknown conditions ['mood']"),
        ({"id": "r"}, "needs at least one condition"),
        (
            {"id": "r", "surge": {"narrative": ["x"]}, "coordination": {"accounts": ["@a"]}},
            "not surge and coordination",
        ),
        (
            {"id": "r", "when": {"keywords": ["x"]}, "threshold": {"count": 3}},
            "threshold needs count and window",
        ),
        (
            {"id": "r", "when": {"keywords": ["x"]}, "threshold": {"count": 3, "window": "soon"}},
            "not a time window",
        ),
        ({"id": "r", "when": {"keywords": ["x"]}, "notify": {"webhook": "ftp://x"}}, "http(s) URL"),
        ({"id": "r", "when": {"keywords": ["x"]}, "notify": {"email": ["a@b, c@d"]}}, "invalid address"),
        ({"id": "r", "when": {"keywords": ["x"]}, "severity": "apocalyptic"}, "severity must be"),
        (
            {"id": "r", "when": {"keywords": ["x"]}, "notify": {"webhook": "http://x.example:99999/"}},
            "usable URL",
        ),
        ({"id": "r", "surge": ["nato"]}, "surge must be a mapping"),
        (
            {"id": "r", "when": {"keywords": ["x"]}, "threshold": {"count": "many", "window": "1h"}},
            "positive whole",
        ),
        ({"id": "r", "when": {"keywords": ["x"]}, "name": ["not", "text"]}, "name must be text"),
        ({"id": "r", "surge": {"narrative": ["grain deal"]}}, "single words"),
        # found by an adversarial pass: a quoted "no" let a webhook reach a private address, an
        # empty keyword fired on every document, a window of 10^20 days broke every later run, a
        # number among the keys broke the error message itself
        (
            {
                "id": "r",
                "when": {"keywords": ["x"]},
                "notify": {"webhook": "http://127.0.0.1/", "allow_private": "no"},
            },
            "must be true or false",
        ),
        ({"id": "r", "when": {"keywords": ["nato", "  "]}}, "may not be empty"),
        (
            {
                "id": "r",
                "when": {"keywords": ["x"]},
                "threshold": {"count": 1, "window": "99999999999999999999d"},
            },
            "not a time window",
        ),
        ({"id": "r", "when": {"keywords": ["x"]}, 1: "x", "foo": "y"}, "unknown keys ['1', 'foo']"),
        ({"id": "r", "when": {"keywords": ["x"], 1: "x", "foo": "y"}}, "unknown conditions ['1', 'foo']"),
        # values no document carries: valid YAML, and a rule that never fires
        ({"id": "r", "when": {"event_types": ["atack"]}}, "unknown 'atack' (did you mean attack"),
        ({"id": "r", "when": {"claim_tiers": ["sure"]}}, "when.claim_tiers: unknown 'sure'"),
        ({"id": "r", "when": {"languages": ["Serbian"]}}, "is not a language code"),
        (
            {"id": "nlid\n", "when": {"keywords": ["x"]}},
            "must be 1-80 letters",
        ),  # `watch remove` failed on it
    ],
)
def test_bad_rules_are_refused_with_the_reason(rule: dict, message: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_rule(rule)
    assert message in str(raised.value)


def test_a_rule_with_several_mistakes_reports_them_all(tmp_path: Path) -> None:
    """A rule file is fixed once, not once per mistake: every problem is named in one reading."""
    path = tmp_path / "typos.yaml"
    path.write_text(
        "severity: urgent\n"
        "when: {keywords: [nato], event_types: [atack], mood: [angry], languages: [Serbian]}\n"
        "threshold: {count: 0, window: 1h}\n"
        "notify: {webhook: 'ftp://x', email: [nobody]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        read_rule(path)
    lines = str(raised.value).splitlines()
    expected = [
        "severity must be",
        "unknown conditions ['mood']",
        "when.event_types: unknown 'atack' (did you mean attack",
        "'Serbian' is not a language code",
        "threshold.count must be a positive whole number",
        "notify.webhook must be an http(s) URL",
        "notify.email holds an invalid address",
    ]
    assert len(lines) == len(expected), lines
    for line, message in zip(lines, expected, strict=True):
        assert line.startswith(f"{path} (typos):") or line.startswith(f"{path} (typos) "), line
        assert message in line
    # a kind given as a list is one problem, not also "needs a non-empty list"
    with pytest.raises(InputError) as raised:
        parse_rule({"id": "r", "surge": ["nato"]})
    assert str(raised.value) == "rule (r): surge must be a mapping (e.g. surge: {...})"


def test_a_rule_file_that_expands_like_a_yaml_bomb_is_refused(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{k}: &a{k} [{', '.join(['*a' + str(k - 1)] * 10)}]" for k in range(1, 8)]
    path = tmp_path / "bomb.yaml"
    path.write_text(
        "id: bomb\nwhen: {keywords: [x]}\ndescription:\n  " + "\n  ".join(levels) + "\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="expands far beyond"):
        read_rule(path)


def test_a_rule_that_refers_to_itself_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("when: {keywords: &k [*k]}\n", encoding="utf-8")
    with pytest.raises(InputError, match="refers to itself"):
        read_rule(path)


def test_rules_read_from_yaml_fold_their_keywords(tmp_path: Path) -> None:
    path = tmp_path / "bondsteel.yaml"
    path.write_text("when:\n  keywords: [Бондстил]\nthreshold: {count: 20, window: 6h}\n", encoding="utf-8")
    rule = read_rule(path)
    assert (rule.id, rule.kind, rule.when["keywords"], rule.window_seconds) == (
        "bondsteel", "threshold", ("bondstil",), 21600
    )  # fmt: skip
    assert parse_window("90s") == 90 and parse_window(30) == 30 and parse_window("2d") == 172800


@pytest.fixture(scope="module")
def sample_store(sample_dir: Path, tmp_path_factory) -> SQLiteStore:
    store = SQLiteStore(tmp_path_factory.mktemp("watch") / "w.db")
    ingest(store, sample_locations(sample_dir), options=None, workers=0)
    update_narratives(store)
    detect_coordination(store, "url")
    for path in sorted((sample_dir / "rules").glob("*.yaml")):
        add_rule(store, read_rule(path))
    run_watch(store)
    yield store
    store.close()


def test_every_sample_rule_fires_with_evidence(sample_store: SQLiteStore, sample_dir: Path) -> None:
    alerts = read_alerts(sample_store)
    by_rule: dict[str, list] = {}
    for alert in alerts:
        by_rule.setdefault(alert.rule_id, []).append(alert)
    assert set(by_rule) == {p.stem for p in (sample_dir / "rules").glob("*.yaml")}
    truth = json.loads((sample_dir / "ground_truth.json").read_text(encoding="utf-8"))
    # the NATO + Kosovo + PfP documents really name all three
    for alert in by_rule["nato-pfp-kosovo"]:
        (doc,) = alert.evidence["documents"]
        named = {
            r[0]
            for r in sample_store.conn.execute("SELECT entity_id FROM mentions WHERE document_id = ?", (doc,))
        }
        assert {"org:nato", "state:kosovo", "prog:pfp"} <= named
    surge = by_rule["nato-base-surge"]
    assert any(a.evidence["day"] == truth["surge"]["day"] and a.evidence["documents"] for a in surge)
    assert {a.evidence["account"] for a in by_rule["watchlist-coordination"]} == {
        "@srpski_glas",
        "@kim_istina",
    }
    burst = by_rule["kfor-volume"][0]
    assert burst.evidence["count"] > 5 and len(burst.evidence["documents"]) == burst.evidence["count"]
    assert run_watch(sample_store).alerts == []  # nothing new: no repeats


def test_rules_fire_on_ingest(sample_store: SQLiteStore, tmp_path: Path) -> None:
    before = len(read_alerts(sample_store))
    post = {
        "id": "new-1",
        "account": "@analyst",
        "created_at": "2025-07-01T10:00:00Z",
        "text": "NATO says Kosovo cannot join the Partnership for Peace while four allies do not recognise it.",
    }
    (tmp_path / "new.jsonl").write_text(json.dumps(post) + "\n", encoding="utf-8")
    db = sample_store.path
    result = CliRunner().invoke(
        cli, ["ingest", str(tmp_path / "new.jsonl"), "--db", db, "--no-model", "--json"]
    )
    summary = json.loads(result.output)
    assert summary["alerts"] == 1 and summary["watch_seconds"] > 0  # the ingest's seconds leave it out
    newest = read_alerts(sample_store)[0]
    assert len(read_alerts(sample_store)) == before + 1 and newest.rule_id == "nato-pfp-kosovo"
    listed = json.loads(CliRunner().invoke(cli, ["alerts", "list", "--db", db, "--unread", "--json"]).output)
    assert listed["alerts"][0]["id"] == newest.id and listed["alerts"][0]["evidence"]["documents"]
    # found by a first-time user: alerts were dated only by when the rule ran
    assert listed["alerts"][0]["happened_at"].startswith("2025-07-01T10:00")
    # found by a CLI audit: whether an alert was read showed nowhere, n_alerts was the count shown
    runner = CliRunner()
    page = json.loads(runner.invoke(cli, ["alerts", "list", "--db", db, "--limit", "1", "--json"]).output)
    assert page["n_alerts"] == 1 and page["n_matching"] == before + 1 and not page["alerts"][0]["read"]
    runner.invoke(cli, ["alerts", "list", "--db", db, "--limit", "1", "--mark-read"])
    again = json.loads(runner.invoke(cli, ["alerts", "list", "--db", db, "--limit", "2", "--json"]).output)
    assert [a["read"] for a in again["alerts"]] == [True, False]
    text = runner.invoke(cli, ["alerts", "list", "--db", db, "--limit", "1"]).output
    assert "(read)" in text and f"1 of {before + 1} alerts shown" in text
    assert text.lstrip().startswith("2025-07-01 10:00") and "(fired " in text
    rules = json.loads(runner.invoke(cli, ["watch", "list", "--db", db, "--json"]).output)["rules"]
    assert rules and all(r["severity"] in {"low", "medium", "high"} for r in rules)


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        self.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_webhook_and_email_delivery_on_loopback(tmp_path: Path, monkeypatch) -> None:
    from aiosmtpd.controller import Controller

    class Sink:
        def __init__(self) -> None:
            self.messages: list = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - the aiosmtpd API
            self.messages.append(envelope)
            return "250 OK"

    server = HTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sink, port = Sink(), _free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=port)
    smtp.start()
    monkeypatch.setenv("HYBRIDWATCH_SMTP", f"127.0.0.1:{port}")
    try:
        store = SQLiteStore(tmp_path / "d.db")
        (tmp_path / "p.jsonl").write_text(
            json.dumps(
                {
                    "id": "1",
                    "account": "@a",
                    "created_at": "2025-01-01T00:00:00Z",
                    "text": "KFOR patrols near Jarinje",
                }
            )
            + "\n",
            encoding="utf-8",
        )
        ingest(store, [str(tmp_path / "p.jsonl")], options=None, workers=0)
        hook = f"http://127.0.0.1:{server.server_address[1]}/hook"
        guarded = {"id": "guarded", "when": {"any_entities": ["org:kfor"]}, "notify": {"webhook": hook}}
        opened = {
            "id": "opened",
            "when": {"any_entities": ["org:kfor"]},
            "notify": {"webhook": hook, "allow_private": True, "email": ["analyst@example.org"]},
        }
        add_rule(store, parse_rule(guarded))
        add_rule(store, parse_rule(opened))
        run_watch(store)
        delivered = {a.rule_id: a.delivery for a in read_alerts(store)}
        assert (
            delivered["guarded"]["webhook"].startswith("failed")
            and "notify: {allow_private: true}" in delivered["guarded"]["webhook"]  # not --allow-private
        )
        assert delivered["opened"] == {"webhook": "sent", "email": "sent"}
        (body,) = _Hook.received
        assert body["rule"]["id"] == "opened" and body["alert"]["evidence"]["documents"]
        (envelope,) = sink.messages
        message = message_from_bytes(envelope.content)
        assert (
            envelope.rcpt_tos == ["analyst@example.org"] and "KFOR patrols near Jarinje" in message["Subject"]
        )
        store.close()
    finally:
        smtp.stop()
        server.shutdown()
        server.server_close()


def _posts(tmp_path: Path, posts: list[dict], name: str = "posts.jsonl") -> str:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in posts) + "\n", encoding="utf-8")
    return str(path)


def _burst_rule(store: SQLiteStore, window: str) -> None:
    rule = {"id": "burst", "when": {"keywords": ["kfor"]}, "threshold": {"count": 2, "window": window}}
    add_rule(store, parse_rule(rule))


def test_a_burst_raises_one_alert_and_absurd_dates_break_nothing(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "t.db")
    _burst_rule(store, "90m")
    add_rule(store, parse_rule({"id": "any-nato", "when": {"keywords": ["nato"]}}))
    times = ["2025-05-01T05:50:00Z", "2025-05-01T05:55:00Z", "2025-05-01T05:58:00Z", "2025-05-01T06:01:00Z"]
    posts = [
        {"id": f"k{i}", "account": "@a", "created_at": t, "text": f"KFOR convoy {i} near Jarinje"}
        for i, t in enumerate(times)
    ]
    posts += [
        {
            "id": "old",
            "account": "@a",
            "created_at": "0001-01-01T00:00:00Z",
            "text": "NATO and KFOR, an ancient post",
        },
        {
            "id": "far",
            "account": "@a",
            "created_at": "9999-12-31T12:00:00Z",
            "text": "KFOR will deploy tomorrow",
        },
    ]
    result = CliRunner().invoke(
        cli, ["ingest", _posts(tmp_path, posts), "--db", str(tmp_path / "t.db"), "--json"]
    )
    assert result.exit_code == 0, result.output
    alerts = read_alerts(store)
    bursts = [a for a in alerts if a.rule_id == "burst"]
    # three posts within 90 minutes cross "more than 2"; the fourth, minutes later, joins the burst
    assert len(bursts) == 1 and "within 90m" in bursts[0].title and bursts[0].evidence["count"] == 4
    assert "4 documents in a burst" in bursts[0].title
    assert [a.rule_id for a in alerts].count("any-nato") == 1  # the year-1 post still counts
    assert (
        store.conn.execute("SELECT count(*) FROM events WHERE date IS NOT NULL AND date > '9000'").fetchone()[
            0
        ]
        == 0
    )
    assert run_watch(store).alerts == [] and run_watch(store).errors == {}
    store.close()


def test_late_documents_of_a_burst_do_not_raise_it_again(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "late.db")
    _burst_rule(store, "1h")

    def post(i: int, when: str) -> dict:
        return {"id": f"p{i}", "account": "@a", "created_at": when, "text": f"KFOR patrol {i} near Jarinje"}

    first = [
        post(0, "2025-05-05T10:00:00Z"),
        post(1, "2025-05-05T10:05:00Z"),
        post(2, "2025-05-05T10:10:00Z"),
    ]
    first += [
        post(3, "2025-05-07T10:00:00Z"),
        post(4, "2025-05-07T10:05:00Z"),
        post(5, "2025-05-07T10:10:00Z"),
    ]
    ingest(store, [_posts(tmp_path, first)], options=None, workers=0)
    assert len(run_watch(store).alerts) == 2  # Monday and Wednesday
    late = [post(6, "2025-05-05T10:20:00Z"), post(7, "2025-05-05T10:25:00Z")]
    ingest(store, [_posts(tmp_path, late, "late.jsonl")], options=None, workers=0)
    assert run_watch(store).alerts == []  # Monday's burst, already raised
    # ... and its alert now counts the late documents too (it had frozen at the first three)
    monday = next(a for a in read_alerts(store) if a.evidence["until"].startswith("2025-05-05"))
    assert monday.evidence["count"] == 5 and len(monday.evidence["documents"]) == 5
    assert monday.evidence["last"] == "2025-05-05T10:25:00+00:00" and "5 documents in a burst" in monday.title
    wednesday = next(a for a in read_alerts(store) if a.evidence["until"].startswith("2025-05-07"))
    assert wednesday.evidence["count"] == 3
    store.close()


def test_two_runs_cannot_store_one_batch_twice(tmp_path: Path) -> None:
    from hybridwatch.analyse._incremental import advance, position
    from hybridwatch.store._sql import transaction

    store = SQLiteStore(tmp_path / "cas.db")
    with transaction(store.conn):
        assert advance(store.conn, "x", 0, 10)
    with transaction(store.conn):
        assert not advance(store.conn, "x", 0, 10)  # a second run read position 0 too: refused
    assert position(store.conn, "x") == 10
    store.close()


def test_a_rule_naming_what_the_pack_lacks_is_refused_and_sr_means_both_scripts(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "r.db")
    typo = parse_rule({"id": "r", "when": {"any_entities": ["org:natto"], "narratives": ["nar:nope"]}})
    with pytest.raises(InputError) as raised:
        add_rule(store, typo)
    assert "'org:natto' is not in the knowledge pack (did you mean org:nato" in str(raised.value)
    assert "when.narratives: 'nar:nope'" in str(raised.value)
    assert not store.conn.execute("SELECT count(*) FROM watch_rules").fetchone()[0]
    posts = [
        {
            "id": "1",
            "account": "@a",
            "created_at": "2025-03-14T18:00:00Z",
            "text": "КФОР патролира на северу Косова",
        },
        {
            "id": "2",
            "account": "@b",
            "created_at": "2025-03-14T19:00:00Z",
            "text": "KFOR patrolira na severu Kosova",
        },
        {
            "id": "3",
            "account": "@c",
            "created_at": "2025-03-14T20:00:00Z",
            "text": "KFOR patrols in the north of Kosovo",
        },
    ]
    (tmp_path / "p.jsonl").write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts), encoding="utf-8"
    )
    ingest(store, [str(tmp_path / "p.jsonl")], identifier=LexicalIdentifier(), options=None, workers=0)
    assert add_rule(store, parse_rule({"id": "sr", "when": {"languages": ["sr"], "keywords": ["kfor"]}}))
    alerts = run_watch(store).alerts
    assert (
        sorted(a.evidence["documents"][0] for a in alerts)
        == sorted(d.id for d in store.iter_documents() if d.language.startswith("sr"))
        and len(alerts) == 2
    )
    store.close()


def test_a_rule_file_giving_a_key_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text("id: twice\nwhen: {keywords: [nato]}\nwhen: {keywords: [kfor]}\n", encoding="utf-8")
    with pytest.raises(InputError, match="the key 'when' is given twice"):
        read_rule(path)  # the second `when` silently replaced the first
    merged = tmp_path / "merged.yaml"  # a key that overrides a merged (<<) one is no repeat
    merged.write_text(
        "id: merged\nseverity: high\nwhen:\n  <<: &base {keywords: [nato], languages: [sr]}\n  keywords: [kfor]\n",
        encoding="utf-8",
    )
    assert read_rule(merged).when == {"keywords": ("kfor",), "languages": ("sr",)}


def test_surge_words_match_whole_words_or_stems_of_four_letters() -> None:
    from hybridwatch.watch.evaluate import _names

    assert _names(("baza",), "baza") and _names(("kosov",), "kosovu")
    assert not _names(("a",), "albanski") and not _names(("nat",), "nato")  # "a" fired on every label
    # found by a first-time user: "kosovo" never fired on labels holding "kosovu" and "kosova"
    assert _names(("kosovo",), "kosovu") and _names(("kosovo",), "kosova") and _names(("kosovo",), "kosovom")
    assert not _names(("kosovo",), "kosovskih") and not _names(
        ("baza",), "bazi"
    )  # other words; short ones whole


def test_alerts_list_keeps_each_alert_on_its_line(tmp_path: Path) -> None:
    """Found by a review: a post's line breaks reached `alerts list` and forged an alert line."""
    post = {
        "id": "f",
        "account": "@x",
        "text": "Kosovo vijesti danas\n  2026-01-01T00:00:00+00:00  [high] FORGED",
    }
    (tmp_path / "p.jsonl").write_text(json.dumps(post) + "\n", encoding="utf-8")
    db = str(tmp_path / "a.db")
    runner = CliRunner()
    runner.invoke(cli, ["ingest", str(tmp_path / "p.jsonl"), "--db", db, "--no-model"])
    (tmp_path / "r.yaml").write_text("id: kosovo\nwhen: {keywords: [kosovo]}\n", encoding="utf-8")
    assert runner.invoke(cli, ["watch", "add", str(tmp_path / "r.yaml"), "--db", db]).exit_code == 0
    output = runner.invoke(cli, ["alerts", "list", "--db", db]).output
    assert "FORGED" in output and not any(
        line.lstrip().startswith("2026-01-01") for line in output.splitlines()
    )


def test_watch_add_lists_each_problem_in_its_json_errors(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text("severity: urgent\nwhen: {event_types: [atack]}\n", encoding="utf-8")
    db = str(tmp_path / "a.db")
    result = CliRunner().invoke(cli, ["watch", "add", str(tmp_path / "r.yaml"), "--db", db, "--json"])
    body = json.loads(result.stdout)
    assert result.exit_code == 1 and body["ok"] is False
    assert len(body["errors"]) == 2
    assert "severity must be" in body["errors"][0] and "unknown 'atack'" in body["errors"][1]
    assert body["error"] == "\n".join(body["errors"])
    assert not Path(db).exists()  # a refused first rule leaves no empty store behind


def test_event_entities_ties_an_entity_to_the_event_not_the_document(tmp_path: Path) -> None:
    """Found in the demo: an S-400 rule fired on MiG-29 deliveries in documents that deny S-400s."""
    store = SQLiteStore(tmp_path / "e.db")
    rule = {
        "id": "s400-deliveries",
        "when": {"event_types": ["supply_weapons"], "event_entities": ["system:s400"]},
    }
    document_level = {
        "id": "s400-anywhere",
        "when": {"event_types": ["supply_weapons"], "any_entities": ["system:s400"]},
    }
    add_rule(store, parse_rule(rule))
    add_rule(store, parse_rule(document_level))
    posts = [
        {"id": "delivered", "account": "@a", "text": "Russia delivered S-400 systems to Serbia."},
        {
            "id": "mig",
            "account": "@a",
            "text": "Serbia received 14 MiG-29 jets from Russia. The S-400 story was never confirmed.",
        },
        {"id": "talk", "account": "@a", "text": "Analysts discussed the S-400 at a conference in Belgrade."},
    ]
    ingest(store, [_posts(tmp_path, posts)], options=None, workers=0)
    run_watch(store)
    fired: dict[str, set[str]] = {}
    for alert in read_alerts(store):
        fired.setdefault(alert.rule_id, set()).update(alert.evidence["documents"])
    ids = {native: doc for native, doc in store.conn.execute("SELECT native_id, id FROM documents")}
    assert fired["s400-deliveries"] == {ids["delivered"]}
    assert fired["s400-anywhere"] == {ids["delivered"], ids["mig"]}  # the looser condition, as before
    with pytest.raises(InputError, match=r"when.event_entities: 'system:s4000' is not in the knowledge pack"):
        add_rule(store, parse_rule({"id": "x", "when": {"event_entities": ["system:s4000"]}}))


def test_a_document_is_counted_in_one_burst_only(tmp_path: Path) -> None:
    """Found by a review: documents joining a burst were counted again by the next one (9 for 7)."""
    store = SQLiteStore(tmp_path / "two.db")
    _burst_rule(store, "1h")
    minutes = [0, 10, 20, 60, 70, 80, 90, 100, 110]
    posts = [
        {
            "id": f"p{i}",
            "account": "@a",
            "created_at": f"2025-05-05T{10 + m // 60:02d}:{m % 60:02d}:00Z",
            "text": f"KFOR patrol {i} near Jarinje",
        }
        for i, m in enumerate(minutes)
    ]
    ingest(store, [_posts(tmp_path, posts)], options=None, workers=0)
    run_watch(store)
    bursts = sorted(
        (a for a in read_alerts(store) if a.rule_id == "burst"), key=lambda a: a.evidence["until"]
    )
    counted = [d for a in bursts for d in a.evidence["documents"]]
    assert len(counted) == len(set(counted)) == sum(a.evidence["count"] for a in bursts)
    # 10:00-10:20 cross "more than 2", 11:00 and 11:10 join them; 11:20-11:50 are a burst of their own
    assert [a.evidence["count"] for a in bursts] == [5, 4]
    store.close()


def test_unknown_pack_ids_are_reported_with_the_other_problems(tmp_path: Path) -> None:
    """Found by a review: an unknown entity id came only after the severity was fixed."""
    (tmp_path / "r.yaml").write_text(
        "severity: urgent\nwhen: {any_entities: [org:natto], narratives: [nar:nope]}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli, ["watch", "add", str(tmp_path / "r.yaml"), "--db", str(tmp_path / "a.db"), "--json"]
    )
    errors = json.loads(result.stdout)["errors"]
    assert result.exit_code == 1 and len(errors) == 3, errors
    assert "severity must be" in errors[0]
    assert "when.any_entities: 'org:natto' is not in the knowledge pack (did you mean org:nato" in errors[1]
    assert "when.narratives: 'nar:nope'" in errors[2]
    assert all(e.startswith(f"{tmp_path / 'r.yaml'} (r)") for e in errors)
