from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from click.testing import CliRunner

from hybridwatch.analyse.narratives.copies import copy_keys
from hybridwatch.analyse.narratives.labels import ctfidf_labels, surface_forms
from hybridwatch.analyse.narratives.service import SURGE_KIND, list_narratives, update_narratives
from hybridwatch.analyse.narratives.surges import describe_surge, find_surges, poisson_tail
from hybridwatch.analyse.narratives.tracking import Narrative, NarrativeParams, Tracker
from hybridwatch.analyse.narratives.vectors import SparseRows, sparse_dot, term_counts, tfidf
from hybridwatch.cli import cli
from hybridwatch.model.document import Document, document_id
from hybridwatch.model.text import fold
from hybridwatch.store import SQLiteStore

from .conftest import post_document

T0 = datetime(2025, 3, 1, 12, tzinfo=UTC)


def test_a_text_in_either_script_is_the_same_vector() -> None:
    latin = term_counts(fold("NATO gradi novu bazu na severu Kosova kod Jarinja"))
    cyrillic = term_counts(fold("НАТО гради нову базу на северу Косова код Јариња"))
    assert tfidf(latin, {}, 10, 0.05) == tfidf(cyrillic, {}, 10, 0.05) != []


def test_sparse_dot_equals_the_dense_product() -> None:
    rng = np.random.default_rng(3)
    dense_q, dense_i = (
        rng.random((40, 30)) * (rng.random((40, 30)) < 0.2),
        rng.random((25, 30)) * (rng.random((25, 30)) < 0.2),
    )

    def rows(m):
        return [[(t, float(m[r, t])) for t in np.flatnonzero(m[r])] for r in range(len(m))]

    q, i, s = sparse_dot(SparseRows.of(rows(dense_q)), SparseRows.of(rows(dense_i), by_term=True), chunk=7)
    got = np.zeros((40, 25))
    got[q, i] = s
    assert np.allclose(got, dense_q @ dense_i.T)
    assert len(set(zip(q.tolist(), i.tolist(), strict=True))) == len(q)  # one sum per pair, across slices


def test_a_surge_of_a_new_narrative_reports_the_baseline_its_factor_used() -> None:
    (surge,) = find_surges({"2025-03-01": 1, "2025-03-15": 15})
    assert surge.baseline == round(1 / 14, 3) and surge.factor == 210.0  # it said "210x its usual 0.0"


def test_a_jump_over_the_trailing_baseline_is_a_surge_and_noise_is_not() -> None:
    days = [(T0 + timedelta(days=k)).date().isoformat() for k in range(30)]
    steady = {d: 2 for d in days}
    assert find_surges(steady) == []
    surging = {**steady, days[20]: 16}
    (surge,) = find_surges(surging)
    assert (surge.day, surge.count, surge.baseline, surge.factor) == (days[20], 16, 2.0, 8.0)
    assert surge.p < 1e-4 and surge.z > 3
    assert find_surges({days[0]: 1, days[3]: 4}) == []  # under the minimum count
    assert (surge.before, surge.days) == (28, 14)
    assert (
        describe_surge(surge.as_dict())
        == "16 documents against 28 in the 14 days before (8x their daily rate)"
    )
    (new,) = find_surges({days[0]: 1, days[20]: 12})  # silent for 14 days: the factor is against a floor
    assert (
        describe_surge(new.as_dict())
        == "12 documents, none in the 14 days before (168x a floor of 0.071 a day)"
    )
    old = {"day": days[20], "count": 16, "baseline": 2.0, "factor": 8.0}  # stored before the counts were
    assert describe_surge(old) == "16 documents, 8x the baseline 2/day"
    assert poisson_tail(0, 2.0) == pytest.approx(1.0)
    assert poisson_tail(5, 0.5) == pytest.approx(1.7211563e-4)


def test_labels_are_the_narratives_own_words() -> None:
    labels = ctfidf_labels(
        {
            "a": Counter({"nato": 5, "baza": 8, "jarinje": 6, "kosovo": 9}),
            "b": Counter({"struja": 7, "zvecan": 5, "kosovo": 9}),
        },
        top=2,
    )
    assert labels == {"a": ["baza", "jarinje"], "b": ["struja", "zvecan"]}


def test_function_words_never_label_and_labels_read_as_written() -> None:
    """Seen in the demo's brief: "etogo · bolee · nikakie", "mbi", "gosudarstv · pristine"."""
    ru = Counter({"etogo": 9, "bolee": 8, "nikakie": 7, "gosudarstv": 5, "pristine": 4, "priznali": 4})
    sq = Counter({"mbi": 9, "remitancat": 6, "kosoves": 5, "qind": 4})
    labels = ctfidf_labels({"ru": ru, "sq": sq}, top=3)
    assert labels == {"ru": ["gosudarstv", "pristine", "priznali"], "sq": ["remitancat", "kosoves", "qind"]}
    texts = [
        "Более 20 государств отозвали признание. Приштине не удастся...",
        "ГОСУДАРСТВ стало меньше: государств, признавших Приштину, всё меньше",
        "Remitancat e diasporës mbajnë ekonominë e Kosovës",
    ]
    assert surface_forms(["gosudarstv", "pristine", "kosoves", "nowhere"], texts) == [
        "государств",  # the form most texts write
        "Приштине",
        "Kosovës",
        "nowhere",  # no text holds it: the folded word stays
    ]
    # written as often in capitals as not: the one not shouted; "most" (мост) is a word, not an English "most"
    assert surface_forms(["kosovo", "most"], ["KOSOVO sever", "Kosovo jug", "мост на Ибру"]) == [
        "Kosovo",
        "мост",
    ]
    assert ctfidf_labels({"a": Counter({"most": 5, "ibar": 4}), "b": Counter({"struja": 3})}, top=2)["a"] == [
        "most",
        "ibar",
    ]


def _documents(texts: list[str], start: datetime, prefix: str) -> list[Document]:
    return [post_document(f"{prefix}{k}", text, start + timedelta(hours=k)) for k, text in enumerate(texts)]


BASE = "zapadni mediji prikrivaju da KFOR priprema povlacenje trupa sa severa Kosova pre izbora"
OTHER = "cene struje u Zvecanu i Leposavicu rastu vec treci mesec zaredom a plate stoje"


def test_narratives_keep_their_identity_and_only_new_documents_are_read(tmp_path) -> None:
    store = SQLiteStore(tmp_path / "n.db")
    store.add_documents(
        _documents([BASE, BASE + " hitno", OTHER, OTHER + " opet", "nesto sasvim trece"], T0, "a")
    )
    ticks: list[int] = []  # the CLI's progress bar counts these
    first = update_narratives(store, progress=ticks.append)
    assert sum(ticks) == first.documents > 0
    assert (first.documents, first.opened, first.pending) == (5, 2, 1)
    before = {n["narrative_id"]: n["size"] for n in list_narratives(store, min_size=1)}
    store.add_documents(_documents([BASE + " istina", OTHER + " danas"], T0 + timedelta(days=1), "b"))
    second = update_narratives(store)
    assert (second.documents, second.opened, second.joined) == (2, 0, 2)  # joined, nothing new opened
    after = {n["narrative_id"]: n["size"] for n in list_narratives(store, min_size=1)}
    assert set(after) == set(before) and all(after[k] == before[k] + 1 for k in before)
    assert update_narratives(store).documents == 0
    store.close()


def test_converging_narratives_merge_into_the_older(tmp_path) -> None:
    store = SQLiteStore(tmp_path / "m.db")
    strict = NarrativeParams(threshold=0.95, merge_threshold=0.95)
    edited = BASE.replace("pre izbora", "posle izbora u opstinama")
    store.add_documents(_documents([BASE, BASE, edited, edited], T0, "a"))
    assert update_narratives(store, strict).opened == 2  # too different for 0.95
    store.add_documents(_documents([edited], T0 + timedelta(days=1), "b"))
    merged = update_narratives(store, NarrativeParams(threshold=0.95, merge_threshold=0.5))
    assert merged.merged == 1
    (narrative,) = list_narratives(store, min_size=1)
    assert narrative["size"] == 5 and len(narrative["merged_from"]) == 1
    assert narrative["first_seen"] == T0.isoformat()  # the older one lives on
    members = store.conn.execute("SELECT count(DISTINCT narrative_id) FROM narrative_members").fetchone()[0]
    assert members == 1
    store.close()


def test_a_narrative_that_drifted_into_two_stories_is_split(tmp_path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    extras = ("hitno", "opet", "istina", "danas", "svi", "odmah")
    kfor, power = [f"{BASE} {e}" for e in extras], [f"{OTHER} {e}" for e in extras]
    # a document about both stories first, and a threshold so low that everything chains into it
    store.add_documents(_documents([f"{BASE} {OTHER}", *kfor, *power], T0, "a"))
    loose = NarrativeParams(threshold=0.0001, merge_threshold=1.1, min_part=100)
    assert update_narratives(store, loose).opened == 1
    store.add_documents(_documents([OTHER + " ponovo"], T0 + timedelta(days=1), "b"))
    assert update_narratives(store).split == 1
    narratives = list_narratives(store, min_size=1)
    assert len(narratives) == 2 and sum(n["size"] for n in narratives) == 14
    old, new = sorted(narratives, key=lambda n: n["first_seen"])
    assert old["split_off"] == [new["narrative_id"]] and new["split_from"] == [old["narrative_id"]]
    assert old["first_document"] == document_id("t", "a0")  # the first document keeps its narrative
    of = dict(store.conn.execute("SELECT document_id, narrative_id FROM narrative_members"))
    for story in (kfor, power):  # each story whole on one side
        ids = [document_id("t", f"a{1 + k + (6 if story is power else 0)}") for k in range(6)]
        assert len({of[i] for i in ids}) == 1
    for n in narratives:
        assert sum(d["n"] for d in n["daily"]) == n["size"]  # days counted again after the split
    store.close()


def test_planted_narratives_and_their_surge_are_found(stream_store) -> None:
    store, stream = stream_store
    update = update_narratives(store)
    assert update.documents == len(stream.posts)
    of = dict(
        store.conn.execute(
            "SELECT d.native_id, m.narrative_id FROM narrative_members m JOIN documents d ON d.id = m.document_id"
        )
    )
    # each planted copypasta campaign sits (mostly) in one narrative
    for campaign in stream.truth["copypasta"]:
        held = Counter(of.get(doc) for doc in campaign["documents"])
        assert held.most_common(1)[0][1] / len(campaign["documents"]) >= 0.8, held
    # the surge is flagged on its day, in a narrative made of the planted documents
    planted = set(stream.truth["surge"]["documents"])
    surge_day = stream.truth["surge"]["day"]
    flagged = {(f["subject"], f["object"]) for f in store.findings.of_kind(SURGE_KIND)}
    surge_narratives = {n for n, c in Counter(of.get(d) for d in planted).items() if c >= 10}
    assert any((n, surge_day) in flagged for n in surge_narratives)
    # every flagged day is the planted surge or an organic burst (a channel message forwarded, a link
    # shared in the hours after it appeared): never a narrative's steady day-to-day traffic
    post = {p["id"]: p for p in stream.posts}
    members: dict[str, list[str]] = {}
    for doc, narrative in of.items():
        members.setdefault(narrative, []).append(doc)
    for narrative, day in flagged:
        that_day = [post[d] for d in members[narrative] if post[d]["created_at"][:10] == day]
        bursty = [p for p in that_day if p["id"] in planted or p.get("forwarded_from") or p["urls"]]
        assert len(bursty) / len(that_day) >= 0.5, (narrative, day)
    listed = list_narratives(store, surging=True)
    assert listed and all(n["surges"] for n in listed)
    assert {"narrative_id", "label", "size", "daily", "surges", "first_seen", "last_seen"} <= set(listed[0])
    assert all(s["text"].startswith(f"{s['count']} documents") for n in listed for s in n["surges"])


def test_narrative_commands(tmp_path) -> None:
    db = str(tmp_path / "c.db")
    store = SQLiteStore(db)
    store.add_documents(_documents([BASE, BASE + " hitno", BASE + " opet", OTHER], T0, "a"))
    store.close()
    runner = CliRunner()
    update = json.loads(runner.invoke(cli, ["narratives", "update", "--db", db, "--json"]).output)
    assert update["documents"] == 4 and update["analyser"] == "core.narratives.tdt.v1"
    listed = json.loads(runner.invoke(cli, ["narratives", "list", "--db", db, "--json"]).output)
    assert listed["n_narratives"] == 1 and listed["narratives"][0]["size"] == 3
    assert "kfor" in listed["narratives"][0]["label"]
    assert "KFOR" in listed["narratives"][0]["label_text"]  # as the documents write it
    text = runner.invoke(cli, ["narratives", "list", "--db", db, "--surging"]).output
    assert "no narratives with a surge" in text


def test_a_known_narrative_needs_several_of_its_keywords_and_a_share_of_the_words() -> None:
    from collections import Counter as Words

    from hybridwatch.analyse.narratives.known import known_narrative
    from hybridwatch.knowledge import load_pack

    pack = load_pack()
    assert known_narrative(Words({"sanctions": 3, "oil": 40, "prices": 30}), [], pack) is None
    assert known_narrative(Words({"srebrenica": 4, "commemoration": 30, "mothers": 20}), [], pack) is None
    base = Words({"nova": 12, "baza": 12, "nato": 15, "severu": 10, "bondstil": 4, "gradi": 8})
    assert known_narrative(base, [], pack).id == "nar:nato_bases_bondsteel"


def _distinct_posts(n: int, seed: int = 3) -> list[str]:
    """*n* different posts: common function words and a few of many content words each."""
    rng = np.random.default_rng(seed)
    vocabulary = ["".join(rng.choice(list("abcdeghijklmnoprstuvz"), 7)) for _ in range(3000)]
    return ["ovo nije samo vest ali " + " ".join(rng.choice(vocabulary, 8, replace=False)) for _ in range(n)]


@pytest.mark.parametrize("updates", [1, 5])
def test_a_copy_paste_flood_is_one_narrative_not_noise(tmp_path, updates: int) -> None:
    # 500 copies of one post among 300 others: counted as 500 documents, the flood's words were in
    # more than half the store, pruned as function words, and every copy had "no distinctive words"
    store = SQLiteStore(tmp_path / "f.db")
    store.add_documents(_documents(_distinct_posts(300), T0, "a"))
    update_narratives(store)
    per_update = 500 // updates
    for u in range(updates):
        flood = [BASE if k % 3 else f"{BASE} https://t.co/x{u}{k}" for k in range(per_update)]
        store.add_documents(_documents(flood, T0 + timedelta(days=1 + u), f"f{u}-"))
        result = update_narratives(store)
        assert result.skipped.get("no distinctive words", 0) == 0
        assert result.copies == per_update - (u == 0)  # the first post of the flood is new
    biggest = max(list_narratives(store, min_size=1), key=lambda n: n["size"])
    assert biggest["size"] >= 500
    assert "kfor" in biggest["label"]
    # the distinct posts' own words still tell them apart: the flood did not swallow them
    assert biggest["size"] <= 501
    store.close()


def test_copy_keys_see_a_copy_past_its_link_and_mention_but_not_another_post() -> None:
    base = fold(BASE)
    keys = copy_keys([base, f"@bot17 {base} https://t.co/Ab3", fold(OTHER), "!!! ...", base + " hitno"])
    assert len(keys[0]) == 8 and keys[0] == keys[1]  # the same words: every band agrees
    assert not set(keys[0]) & set(keys[2])
    assert keys[3] == ()  # no words: a copy of nothing
    assert set(keys[0]) & set(keys[4])  # one word more of fourteen: a near-copy (a band agrees)


def test_merging_goes_on_until_no_two_narratives_converge() -> None:
    # x and z converge first (0.94); the narrative they make then looks like y (0.62), which x did
    # not (0.5): one round of merges left the surge of the bundled sample in three narratives
    def narrative(nid: str, day: str, centroid: dict[int, float]) -> Narrative:
        return Narrative(nid, f"d-{nid}", day, day, 1, centroid, Counter(), changed=True)

    tracker = Tracker(
        {
            "x": narrative("x", "2025-04-01", {1: 1.0, 2: 1.0}),
            "y": narrative("y", "2025-04-02", {2: 1.0, 3: 1.0}),
            "z": narrative("z", "2025-04-03", {1: 1.0, 2: 1.0, 3: 0.5}),
        },
        {},
        {},
        0,
    )
    tracker.update([])
    assert list(tracker.narratives) == ["x"] and tracker.narratives["x"].size == 3
    assert [(e["narrative_id"], e["other_id"]) for e in tracker.events] == [("x", "z"), ("x", "y")]


def test_posts_dated_ahead_of_the_clock_make_no_surge(tmp_path) -> None:
    """Found by an adversarial pass: eight posts dated 2099 surged in 2099 (factor 112)."""
    store = SQLiteStore(tmp_path / "future.db")
    store.add_documents(_documents([f"{BASE} {k}" for k in range(10)], T0, "a"))
    store.add_documents(_documents([BASE] * 8, datetime(2099, 6, 1, tzinfo=UTC), "f"))
    update_narratives(store)
    (narrative,) = list_narratives(store, min_size=1)
    assert narrative["surges"] == [] and narrative["last_seen"] < "2026"
    assert all(d["day"] < "2026" for d in narrative["daily"])
    store.close()
