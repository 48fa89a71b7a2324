from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from hybridwatch.cli import cli

POSTS = (
    '{"id": "1", "account": "@a", "created_at": "2025-03-14T18:00:00Z", "text": "Протест у Приштини због КФОР-а"}\n'
    '{"id": "2", "account": "@b", "created_at": "2025-03-15T18:00:00Z", "text": "Protest in Pristina over KFOR"}\n'
    "{not json\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    path = tmp_path / "posts.jsonl"
    path.write_text(POSTS, encoding="utf-8")
    return path


def run(runner: CliRunner, *args: str) -> click.testing.Result:
    return runner.invoke(cli, list(args), catch_exceptions=False)


def test_ingest_json_keys_and_invariant(runner, posts, tmp_path) -> None:
    db = str(tmp_path / "h.db")
    result = run(runner, "ingest", str(posts), "--db", db, "--json", "--no-model")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("read", "stored", "duplicates", "quarantined"):
        assert isinstance(data[key], int)
    assert (data["read"], data["stored"], data["duplicates"], data["quarantined"]) == (3, 2, 0, 1)
    assert data["language_identifier"] == "lexical.v1"
    again = json.loads(run(runner, "ingest", str(posts), "--db", db, "--json", "--no-model").output)
    assert (again["stored"], again["duplicates"]) == (0, 2)


def test_search_stats_quarantine_show(runner, posts, tmp_path) -> None:
    db = str(tmp_path / "h.db")
    run(runner, "ingest", str(posts), "--db", db, "--no-model")
    hits = json.loads(run(runner, "search", "Приштина", "--db", db, "--json").output)
    assert [h["language"] for h in hits] == ["en"]  # "Приштини" is another grammatical case: no stemming
    hits = json.loads(run(runner, "search", "pristin*", "--db", db, "--json").output)
    assert {h["language"] for h in hits} == {"sr-Cyrl", "en"}
    assert {"id", "score", "source", "language", "published_at", "author", "title", "url", "snippet"} <= set(
        hits[0]
    )
    limited = json.loads(run(runner, "search", "kfor", "--db", db, "--json", "--limit", "1").output)
    assert len(limited) == 1
    since = json.loads(run(runner, "search", "kfor", "--db", db, "--json", "--since", "2025-03-15").output)
    assert [h["author"] for h in since] == ["@b"]
    stats = json.loads(run(runner, "stats", "--db", db, "--json").output)
    assert stats["documents"] == 2 and stats["quarantined"] == 1
    rows = json.loads(run(runner, "quarantine", "list", "--db", db, "--json").output)
    assert rows[0]["position"].endswith("posts.jsonl:line 3:byte 242")
    shown = json.loads(run(runner, "show", hits[0]["id"], "--db", db, "--json").output)
    assert shown["id"] == hits[0]["id"] and "raw" in shown
    text = run(runner, "search", "kfor", "--db", db).output
    assert "KFOR" in text or "КФОР" in text


def test_db_from_environment(runner, posts, tmp_path, monkeypatch) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("HYBRIDWATCH_DB", str(db))
    assert run(runner, "ingest", str(posts), "--no-model").exit_code == 0
    assert db.exists()


def test_missing_input_exit_code_and_one_line_error(runner, tmp_path) -> None:
    result = runner.invoke(cli, ["ingest", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "h.db")])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "no such file" in result.stderr


def test_json_error_body(runner, tmp_path) -> None:
    result = runner.invoke(
        cli, ["ingest", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "h.db"), "--json"]
    )
    body = json.loads(result.stdout)
    assert body["ok"] is False and body["status"] == 1 and "no such file" in body["error"]


def test_bad_map_is_usage_error(runner, posts, tmp_path) -> None:
    result = runner.invoke(cli, ["ingest", str(posts), "--map", "nonsense", "--db", str(tmp_path / "h.db")])
    assert result.exit_code == 2


def test_locked_store_exit_code_in_a_real_process(posts, tmp_path) -> None:
    db = tmp_path / "h.db"
    subprocess.run(  # the first ingest creates the store
        [sys.executable, "-m", "hybridwatch", "ingest", str(posts), "--db", str(db), "--no-model"],
        check=True,
        capture_output=True,
    )
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "hybridwatch", "ingest", str(posts), "--db", str(db), "--no-model"],
            capture_output=True,
            text=True,
            env={"HYBRIDWATCH_BUSY_TIMEOUT_MS": "200", "PATH": "/usr/bin:/bin"},
            timeout=60,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert proc.returncode == 1
    assert "locked" in proc.stderr and proc.stderr.strip().count("\n") == 0


def _commands(
    group: click.Group, prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    out = []
    for name, command in group.commands.items():
        out.append(((*prefix, name), command))
        if isinstance(command, click.Group):
            out.extend(_commands(command, (*prefix, name)))
    return out


@pytest.mark.parametrize(
    ("path", "command"), _commands(cli), ids=lambda p: " ".join(p) if isinstance(p, tuple) else ""
)
def test_every_command_has_help_and_json(runner, path, command) -> None:
    result = run(runner, *path, "--help")
    assert result.exit_code == 0 and len(command.help or "") > 20
    if not isinstance(command, click.Group):
        assert "Example:" in (command.help or ""), "every command documents an example"
        assert "--json" in result.output, "every command that prints results takes --json"


@pytest.mark.slow
def test_ingest_in_parallel_from_the_real_command(tmp_path: Path) -> None:
    """The installed command, the bundled model and two workers: one more batch than fits in one."""
    texts = [
        "KFOR je pojačao patrole u blizini prelaza Jarinje posle incidenta na severu.",
        "Косовска полиција је затворила прелаз Јариње због протеста грађана.",
        "Policia e Kosovës mbylli pikën kufitare për shkak të protestave.",
        "НАТО усилил патрули на севере Косова после инцидента на границе.",
        "NATO increased patrols in northern Kosovo after the border incident.",
    ]
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(4500):
            post = {"id": str(i), "account": f"@a{i % 50}", "text": f"{texts[i % 5]} #{i}"}
            out.write(json.dumps(post, ensure_ascii=False) + "\n")
        out.write("{broken\n")
    command = [sys.executable, "-m", "hybridwatch", "ingest", str(path), "--db", str(tmp_path / "p.db")]
    done = subprocess.run([*command, "--workers", "2", "--json"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["workers"] == 2
    assert (report["read"], report["stored"], report["quarantined"]) == (4501, 4500, 1)
    assert report["by_language"] == {"sr-Latn": 900, "sr-Cyrl": 900, "sq": 900, "ru": 900, "en": 900}
    assert "fasttext" in report["language_identifier"]


def test_campaigns_duplicates_on_the_sample(runner, tmp_path, sample_dir) -> None:
    db = str(tmp_path / "c.db")
    run(runner, "ingest", str(sample_dir), "--db", db, "--no-model")
    stored = json.loads(run(runner, "stats", "--db", db, "--json").output)["documents"]
    result = json.loads(run(runner, "campaigns", "duplicates", "--db", db, "--json").output)
    assert result["documents"] == stored and result["skipped"]  # short posts are left out, and counted
    clusters = result["clusters"]
    assert clusters and all(c["size"] >= 3 for c in clusters)
    assert {
        "cluster_id",
        "size",
        "first",
        "first_seen",
        "span_seconds",
        "accounts",
        "sources",
        "members",
    } <= set(clusters[0])
    planted = "@srpski_glas @kim_istina @vidovdan_vesti @orlovi_sa_severa @patriota_rs".split()
    kfor = [c for c in clusters if "okupaciona vojska" in c["first"]["text"]]
    assert kfor and set(planted) & set(kfor[0]["accounts"])  # the planted group's copypasta
    text = run(runner, "campaigns", "duplicates", "--db", db, "--min-size", "50").output
    assert text.startswith("0 clusters")


def test_campaigns_coordination_finds_the_planted_group(runner, tmp_path, sample_dir) -> None:
    db = str(tmp_path / "k.db")
    run(runner, "ingest", str(sample_dir), "--db", db, "--no-model")
    truth = json.loads((sample_dir / "ground_truth.json").read_text(encoding="utf-8"))["coordinated_group"]
    for window in ("auto", "60"):
        result = json.loads(
            run(runner, "campaigns", "coordination", "--db", db, "--window", window, "--json").output
        )
        assert result["window"] == ("estimated" if window == "auto" else "fixed")
        found = {a for n in result["networks"] for a in n["accounts"]}
        planted = set(truth["accounts"])
        assert (
            found and len(found & planted) / len(found) >= 0.9 and len(found & planted) / len(planted) >= 0.5
        )
        evidence = result["networks"][0]["evidence"][0]
        assert {"a", "b", "object", "t_a", "t_b"} <= set(evidence)
    for bad in ("soon", "inf", "1e309", "nan", "-5"):  # inf once came out as Infinity in --json
        assert run(runner, "campaigns", "coordination", "--db", db, "--window", bad).exit_code == 2, bad


def test_an_age_is_a_window_that_ends_now(runner, tmp_path) -> None:
    """A post dated in 9999 matched every --since 7d; --since 1.5d worked only in `report`."""
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    posts = tmp_path / "dated.jsonl"
    dates = {
        "fresh": now - timedelta(hours=30),
        "old": now - timedelta(days=30),
        "future": "9999-12-31T00:00:00Z",
    }
    posts.write_text(
        "".join(
            json.dumps(
                {
                    "id": k,
                    "account": f"@{k}",
                    "created_at": str(v).replace(" ", "T"),
                    "text": "China delivered the FK-3 air defence system to Serbia, KFOR said.",
                }
            )
            + "\n"
            for k, v in dates.items()
        ),
        encoding="utf-8",
    )
    db = str(tmp_path / "d.db")
    run(runner, "ingest", str(posts), "--db", db, "--no-model")

    def authors(*args: str) -> set[str]:
        return {
            h["author"] for h in json.loads(run(runner, "search", "kfor", "--db", db, "--json", *args).output)
        }

    assert authors("--since", "7d") == {"@fresh"}
    assert authors("--since", "1.5d") == {"@fresh"} and authors("--since", "36h") == {"@fresh"}
    assert authors("--since", "1d") == set()
    assert authors("--since", "7d", "--until", "9999-12-31T12:00:00Z") == {"@fresh", "@future"}
    assert authors("--since", "2000-01-01") == {"@fresh", "@old", "@future"}  # a date has no end
    assert authors("--until", "7d") == {"@old"}
    old_day = dates["old"].strftime("%Y-%m-%d")  # a day without a time: --until includes all of it
    assert authors("--since", old_day, "--until", old_day) == {"@old"}
    assert authors("--since", old_day, "--until", dates["old"].strftime("%d.%m.%Y.")) == {"@old"}
    bad = runner.invoke(cli, ["search", "kfor", "--db", db, "--until", "2025-13-01"])
    assert bad.exit_code == 2 and "--until" in bad.output and "--since" not in bad.output
    inverted = runner.invoke(
        cli, ["search", "kfor", "--db", db, "--since", "2025-02-01", "--until", "2025-01-01"]
    )
    assert inverted.exit_code == 2 and "is after --until" in inverted.output
    inverted = runner.invoke(cli, ["events", "list", "--db", db, "--since", "1d", "--until", "7d"])
    assert inverted.exit_code == 2
    run(runner, "events", "extract", "--db", db)

    def event_times(*args: str) -> list[str]:
        listed = json.loads(run(runner, "events", "list", "--db", db, "--json", *args).output)
        return [(e["published_at"] or "undated")[:4] for e in listed["events"]]

    # a document dated 9999 led every newest-first timeline: its events are undated, listed last
    assert len(event_times()) == 3 and event_times()[-1] == "unda" and "9999" not in event_times()
    assert event_times("--since", "1.5d") == [str((now - timedelta(hours=30)).year)]  # the fresh one only
    assert event_times("--since", "40d", "--until", "2d") == [str((now - timedelta(days=30)).year)]


@pytest.mark.parametrize(
    "command",
    [
        ("search", "kfor"),
        ("stats",),
        ("narratives", "list"),
        ("events", "list"),
        ("alerts", "list"),
        ("report", "--out", "b.html"),
    ],
)
def test_a_read_only_command_on_a_missing_store_says_so_and_creates_nothing(
    runner, tmp_path, command
) -> None:
    db = tmp_path / "mistyped.db"
    result = runner.invoke(cli, [*command, "--db", str(db), "--json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["error"].startswith(f"no store at {db}")
    assert not db.exists()


def test_an_out_file_that_is_the_store_is_refused(runner, posts, tmp_path) -> None:
    """Found by an adversarial pass: `report --out x.db --db x.db` wrote HTML over the store."""
    db = tmp_path / "h.db"
    run(runner, "ingest", str(posts), "--db", str(db), "--no-model")
    for command in (["report", "--out", str(db)], ["export", "stix", "--out", str(db) + "-wal"]):
        result = runner.invoke(cli, [*command, "--db", str(db)])
        assert result.exit_code == 2 and "is the store itself" in result.output, command
    assert json.loads(run(runner, "stats", "--db", str(db), "--json").output)["documents"] == 2
    result = runner.invoke(cli, ["report", "--out", str(tmp_path / "h.html"), "--db", str(db)])
    assert result.exit_code == 0  # h.json beside it is not the store h.db


def test_stored_control_characters_never_reach_the_terminal(runner, tmp_path) -> None:
    """Found by an adversarial pass: an archive member named with an OSC escape set the terminal's
    title from `stats`, and a line break in it forged a line of `quarantine list`."""
    import zipfile

    evil = "src\x1b]0;PWN\x07\r\nforged.jsonl"
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as archive:
        archive.writestr(evil, '{"id": 1, "text": "zzq \\u009b31m", "account": "@z\\nforged"}\n{bad\n')
    db = str(tmp_path / "e.db")
    run(runner, "ingest", str(tmp_path / "evil.zip"), "--db", db, "--no-model")
    for command in (["stats"], ["search", "zzq"], ["quarantine", "list"]):
        output = run(runner, *command, "--db", db).output
        assert not any(c in output for c in "\x1b\x07\r\x9b"), (command, output)
        assert not any(line.startswith("forged") for line in output.splitlines()), (command, output)
    hit = json.loads(run(runner, "search", "zzq", "--db", db, "--json").output)[0]
    assert hit["source"] == evil[: -len(".jsonl")]  # JSON escapes it: the store keeps what came


@pytest.mark.parametrize(
    "command",
    [
        ("campaigns", "coordination", "--quantile", "nan"),
        ("campaigns", "coordination", "--proportion", "nan"),
        ("campaigns", "duplicates", "--threshold", "nan"),
        ("narratives", "update", "--threshold", "nan"),
    ],
)
def test_nan_is_no_fraction(runner, tmp_path, command) -> None:
    """Found by an adversarial pass: NaN passed click's range check; narratives update then placed
    nothing and saved its progress, so those documents were never placed."""
    result = runner.invoke(cli, [*command, "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 2 and "is not a number from 0 to 1" in result.output


def test_entities_list_on_a_mistyped_store_is_an_error(runner, tmp_path) -> None:
    result = runner.invoke(cli, ["entities", "list", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 1 and "no store at" in result.output


def test_show_takes_the_short_id_search_prints_and_unknown_runs_are_errors(runner, posts, tmp_path) -> None:
    """Found by a first-time user: `search` prints 12 characters of an id, `show` wanted all 32."""
    db = str(tmp_path / "s.db")
    run(runner, "ingest", str(posts), "--db", db, "--no-model")
    full = json.loads(run(runner, "search", "kfor", "--db", db, "--json").output)[0]["id"]
    shown = json.loads(run(runner, "show", full[:12], "--db", db, "--json").output)
    assert shown["id"] == full
    assert runner.invoke(cli, ["show", "zz", "--db", db]).exit_code == 1
    missing = runner.invoke(cli, ["quarantine", "list", "--run", "99", "--db", db])
    assert missing.exit_code == 1 and "no run 99" in missing.output  # it said "quarantine is empty"
    removed = runner.invoke(cli, ["events", "list", "--db", db])
    assert removed.exit_code == 0 and removed.output.startswith("no events")


def test_bidi_controls_never_reach_the_terminal() -> None:
    """Found by an adversarial pass: U+202E in a source name flipped how the id after it read."""
    from hybridwatch.console import echo

    @click.command()
    def show() -> None:
        echo("evil\u202esrc\u2066x\u200fy\u061cz")

    assert CliRunner().invoke(show).output == "evil\ufffdsrc\ufffdx\ufffdy\ufffdz\n"


def test_a_failed_first_run_leaves_no_store_behind(runner, tmp_path) -> None:
    """Found by a CLI audit: `ingest missing.jsonl --db typo.db` exited 1 but left an empty store,
    and `search --db typo.db` then answered "no matches" instead of "no store at"."""
    missing = [str(tmp_path / "missing.jsonl")]
    for command in (
        ["ingest"],
        ["factchecks", "import"],
        ["factchecks", "import", str(tmp_path / "gone.json")],
    ):
        db = tmp_path / "typo.db"
        failed = runner.invoke(cli, [*command, *missing, "--db", str(db)])
        assert failed.exit_code == 1 and not list(tmp_path.glob("typo.db*")), command
        assert "no store at" in runner.invoke(cli, ["search", "kfor", "--db", str(db)]).output
    # a store that existed before keeps everything when a later run fails
    kept = tmp_path / "kept.db"
    (tmp_path / "one.jsonl").write_text('{"id": "1", "text": "KFOR patrols in Zvečan"}\n', encoding="utf-8")
    run(runner, "ingest", str(tmp_path / "one.jsonl"), "--db", str(kept), "--no-model")
    assert runner.invoke(cli, ["ingest", str(tmp_path / "missing.jsonl"), "--db", str(kept)]).exit_code == 1
    assert json.loads(run(runner, "stats", "--db", str(kept), "--json").output)["documents"] == 1
    # errors name runs by id and point at stats, whose text listed none (a CLI audit)
    text = run(runner, "stats", "--db", str(kept)).output
    assert "recent runs:" in text and "run 1 " in text and "completed: read 1, stored 1" in text


def test_json_output_carries_no_raw_terminal_controls(runner, tmp_path) -> None:
    """Found by an adversarial pass: json.dumps escapes C0 only, so a stored U+009B (CSI) or U+202E
    reached the terminal raw through --json."""
    hostile = "KFOR \u009b31m patrols \u202eZvečan\u2066 today"
    (tmp_path / "one.jsonl").write_text(json.dumps({"id": "1", "text": hostile}) + "\n", encoding="utf-8")
    db = str(tmp_path / "h.db")
    run(runner, "ingest", str(tmp_path / "one.jsonl"), "--db", db, "--no-model")
    out = run(runner, "search", "kfor", "--db", db, "--json").output
    assert not any(c in out for c in "\u009b\u202e\u2066") and "\\u009b" in out
    assert "\u202eZvečan" in json.loads(out)[0]["snippet"]  # escaped, not lost


def test_warnings_naming_hostile_paths_reach_the_terminal_clean(runner, tmp_path) -> None:
    """Found by an adversarial pass: a link named with an OSC sequence, skipped as a link out of its
    folder, reached stderr raw through a log warning (it set the title and cleared the screen)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.jsonl").write_text('{"id": "1", "text": "KFOR patrols"}\n', encoding="utf-8")
    (folder / "x\x1b]0;OWNED\x07\x1b[2Jy.jsonl").symlink_to("/etc/hostname")
    result = runner.invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "h.db"), "--no-model"])
    assert result.exit_code == 0 and "a link out of" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def _commands(command: click.Command, path: tuple[str, ...] = ()):
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))
    else:
        yield path, command


def test_every_option_is_explained_and_every_example_can_be_copied(runner) -> None:
    """Found by a CLI audit: click rewrapped "Example:" into one line with the command after it,
    and several --limit and --k options had no help text."""
    for path, command in _commands(cli):
        undocumented = [p.opts[0] for p in command.params if isinstance(p, click.Option) and not p.help]
        assert not undocumented, (path, undocumented)
        text = runner.invoke(cli, [*path, "--help"]).output
        if "Example:" in text:
            example = text.split("Example:", 1)[1].splitlines()[1].strip()
            assert example.startswith(f"hybridwatch {' '.join(path)}"), (path, example)
