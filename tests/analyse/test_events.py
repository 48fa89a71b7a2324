from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from hybridwatch.analyse.events.dates import resolve_time
from hybridwatch.analyse.events.extract import EventExtractor
from hybridwatch.analyse.events.service import extract_events, list_events
from hybridwatch.cli import cli
from hybridwatch.demo import sample_locations
from hybridwatch.eval.events import read_gold, score_events
from hybridwatch.ingest import ingest
from hybridwatch.knowledge import load_pack
from hybridwatch.model.text import fold
from hybridwatch.store import SQLiteStore

GOLD = Path(__file__).resolve().parents[1] / "data" / "events" / "regional_gold.jsonl"
FRIDAY = date(2025, 3, 14)


@pytest.fixture(scope="module")
def extractor() -> EventExtractor:
    return EventExtractor(load_pack())


@pytest.mark.parametrize(
    "text",
    [
        "Hiljade ljudi protestovali su u Subotici",  # a city, not Saturday ("subot")
        "В Суботице прошли протесты",
        "Kina je isporučila Srbiji sredstva PVO",  # means, not Wednesday ("sred")
        "у средњој Србији",
        "Srbija je po četvrti put odbila",  # the fourth time, not Thursday ("cetvrt")
    ],
)
def test_words_that_start_like_a_weekday_are_no_date(text: str) -> None:
    """Found by an adversarial pass: weekdays were matched by prefix and dated these."""
    assert resolve_time(text, FRIDAY) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Serbia deployed troops on Tuesday", "2025-03-11"),
        ("Vojska je juče", "2025-03-13"),
        ("Во вторник Сербия", "2025-03-11"),
        ("KFOR-i dërgoi dje trupa", "2025-03-13"),
        ("They will meet next Tuesday", "2025-03-18"),
        ("prošle nedelje", "2025-W10"),
        ("muajin e kaluar", "2025-02"),
        ("Косово было признано Германией в феврале 2008 года", "2008-02"),
        ("withdrew its recognition in 2019", "2019"),
        ("KFOR-i dërgoi të martën trupa", "2025-03-11"),
        ("в пятницу", "2025-03-14"),
        ("u nedelju", "2025-03-09"),
        ("Sastanak je zakazan za petak!", "2025-03-14"),  # punctuation after the weekday (review)
        ("(u subotu)", "2025-03-08"),
        ("Friday's meeting", "2025-03-14"),
        ('"в пятницу"', "2025-03-14"),
    ],
)
def test_time_expressions_resolve_against_the_article_date(text: str, value: str) -> None:
    found = resolve_time(text, FRIDAY)
    assert found is not None and found.value == value
    assert resolve_time("no time here at all", FRIDAY) is None


def test_who_did_what_to_whom_with_what_where_and_when(extractor: EventExtractor) -> None:
    (event,) = extractor.extract("China delivered the FK-3 air defence system to Serbia on Tuesday.", FRIDAY)
    assert (event.action, event.actor_id, event.target_id, event.object_id, event.date) == (
        "supply_weapons", "state:china", "state:serbia", "system:fk3", "2025-03-11"
    )  # fmt: skip
    (event,) = extractor.extract(
        "Kosovska policija je juče rasporedila specijalce na prelazu Jarinje.", FRIDAY
    )
    assert (event.action, event.actor_id, event.place_id, event.negated) == (
        "deploy", "org:kosovo_police", "place:jarinje", False
    )  # fmt: skip
    (signed,) = extractor.extract(
        "Srbija i Kina potpisale su u Beogradu sporazum o slobodnoj trgovini.", FRIDAY
    )
    assert (signed.action, signed.actor_id, signed.place_id) == (
        "sign_agreement",
        "state:serbia",
        "place:belgrade",
    )
    (denied,) = extractor.extract(
        "Минобороны Сербии опровергло, что военные открывали огонь по КФОР.", FRIDAY
    )
    assert denied.action == "attack" and denied.negated
    # a threat's content is not a second event; sport and metaphors are not security events
    assert [e.action for e in extractor.extract("Vučić threatened to send troops to Kosovo.", FRIDAY)] == [
        "threaten"
    ]
    assert extractor.extract("Partizan attacked from the first minute of the derby.", FRIDAY) == []
    assert extractor.extract("A war of words between Belgrade and Pristina.", FRIDAY) == []


@pytest.mark.parametrize(
    ("text", "action", "actor", "target"),
    [
        # the subject of "received" / "nabavila" receives; the one named "from" supplies
        ("Serbia received six MiG-29 jets from Russia.", "supply_weapons", "state:russia", "state:serbia"),
        ("Srbija je od Kine nabavila dronove CH-92A.", "supply_weapons", "state:china", "state:serbia"),
        ("Русија је Србији поклонила шест ловаца МиГ-29.", "supply_weapons", "state:russia", "state:serbia"),
        ("No confirmation of S-400 delivery to Serbia.", "supply_weapons", None, "state:serbia"),
        # recognition is of Kosovo, whoever is named first
        ("Kosovo was recognised by Germany in 2008.", "recognise", "state:germany", "state:kosovo"),
        # joint actions: the second coordinated party is the partner
        (
            "Serbia and Hungary signed an agreement on defence cooperation.",
            "sign_agreement",
            "state:serbia",
            "state:hungary",
        ),
        ("Kosovo and the United States signed a memorandum.", "sign_agreement", "state:kosovo", "state:usa"),
        # deployments are aimed at no one unless the text says so
        ("Serbia deployed troops to the administrative line with Kosovo.", "deploy", "state:serbia", None),
        # a capital standing for its government
        (
            "Kurti accused Belgrade of destabilising the north.",
            "accuse",
            "person:albin_kurti",
            "state:serbia",
        ),
        # nobody named before an attack: the one after is attacked, not the attacker
        ("Masked men attacked a KFOR patrol near Zvečan.", "attack", None, "org:kfor"),
        # a state named as where it happened is no party; a state naming whose a person is neither
        ("В Албании начались учения НАТО.", "military_exercise", "org:nato", None),
        (
            "Vučić met Kosovo President Vjosa Osmani in Brussels.",
            "meet",
            "person:aleksandar_vucic",
            "person:vjosa_osmani",
        ),
        # the actor is in the trigger's clause
        ("Pristina denied reports that Serbia had attacked KFOR.", "attack", "state:serbia", "org:kfor"),
        # an official beside a state's adjective acts for the state; the adjective alone names no one
        ("Russian diplomats accused Pristina of provocations.", "accuse", "state:russia", "state:kosovo"),
        ("Руска амбасада упозорила је Подгорицу.", "threaten", "state:russia", "state:montenegro"),
        ("Zyrtarët serbë akuzuan KFOR-in për mosveprim.", "accuse", "state:serbia", "org:kfor"),
        ("Serbian farmers protested against the new tax.", "protest", None, None),
        # a target is in the trigger's clause: not past ", a" / ", while" / ";" (the demo's brief)
        ("Zapad nameće ultimatume, a Rusija štiti Srbiju u Savetu bezbednosti.", "threaten", None, None),
        ("Russia threatened Kosovo; Serbia stayed silent.", "threaten", "state:russia", "state:kosovo"),
        # a protest's target is what it is against
        ("Serbs protested in Gračanica against Pristina's decision.", "protest", None, "state:kosovo"),
        ("Protesters blocked the road and later attacked KFOR soldiers.", "protest", None, None),
    ],
)
def test_roles_follow_the_annotation_guidelines(
    extractor: EventExtractor, text: str, action: str, actor: str | None, target: str | None
) -> None:
    """Roles as tests/data/events/GUIDELINES.md defines them (the brief showed 'Serbia -> Russia'
    for 'Serbia received MiG-29s from Russia')."""
    event = next(e for e in extractor.extract(text, FRIDAY) if e.action == action)
    assert (event.actor_id, event.target_id) == (actor, target)


@pytest.mark.parametrize(
    "text",
    [
        "Belgrade says Russian gas supplies to Serbia will continue at a preferential price.",
        "Из Београда поручују да ће се испоруке руског гаса Србији наставити.",
        "В Белграде заявляют, что поставки российского газа в Сербию продолжатся.",
    ],
)
def test_an_arms_transfer_names_a_weapon(extractor: EventExtractor, text: str) -> None:
    """The sample's brief listed gas deliveries as supply_weapons, Serbia to the EU."""
    assert "supply_weapons" not in {e.action for e in extractor.extract(text, FRIDAY)}


def test_measured_on_the_regional_gold_set(extractor: EventExtractor) -> None:
    # rules were written and adjusted on the dev split; this is the held-out test split
    scores = score_events(read_gold(GOLD, "test"), extractor)["all"]
    assert scores["gold_events"] > 80
    assert scores["action"]["f1"] >= 0.8, scores
    assert scores["action_and_actor"]["f1"] >= 0.7, scores  # 0.785 measured (0.714 before the roles)
    assert scores["action_and_roles"]["f1"] >= 0.6, scores  # 0.663 (0.429 before)
    # a second held-out set, written after the role rules of 2026-11-30 and never used to adjust them
    fresh = score_events(read_gold(GOLD.with_name("regional_gold_2.jsonl"), "test2"), extractor)["all"]
    assert fresh["gold_events"] == 72 and fresh["action"]["f1"] >= 0.8, fresh  # 0.882
    assert fresh["action_and_roles"]["f1"] >= 0.7, fresh  # 0.779 (0.382 with the rules before)
    assert scores["negation_accuracy"] >= 0.9 and scores["date_accuracy"] >= 0.85, scores


def test_events_are_extracted_incrementally_and_listed(tmp_path: Path, sample_dir: Path) -> None:
    store = SQLiteStore(tmp_path / "ev.db")
    ingest(store, sample_locations(sample_dir), options=None, workers=0)
    ticks: list[int] = []  # the CLI's progress bar counts these
    run = extract_events(store, progress=ticks.append)
    assert (
        sum(ticks) == run.documents == 433 and run.events > 50 and run.by_action.get("supply_weapons", 0) > 0
    )
    assert extract_events(store).documents == 0
    supplies = list_events(store, action="supply_weapons")
    assert supplies and all(e["action"] == "supply_weapons" and not e["negated"] for e in supplies)
    text = store.conn.execute(
        "SELECT text FROM documents WHERE id = ?", (supplies[0]["document_id"],)
    ).fetchone()[0]
    assert supplies[0]["sentence"] in text and text[supplies[0]["start"] : supplies[0]["end"]]
    from hybridwatch.analyse.narratives.service import update_narratives

    update_narratives(store)
    placed = [e for e in list_events(store) if e["narrative_id"]]
    assert placed and all(isinstance(e["narrative_label"], list) for e in placed)  # events in their stories
    for e in placed:  # ... and the same words as written: "Косову" for "kosovu"
        assert [fold(w) for w in e["narrative_label_text"]] == e["narrative_label"]
    # the sample writes in Cyrillic and with diacritics and capitals: some labels read otherwise
    assert any(e["narrative_label_text"] != e["narrative_label"] for e in placed)
    serbia = list_events(store, actor="state:serbia")
    assert serbia and {e["actor_id"] for e in serbia} == {"state:serbia"}
    named = next(e["actor"] for e in list_events(store) if e["actor"] and not e["actor"].isascii())
    for spelling in (named, named.upper(), named.lower()):  # lower() in SQLite knows ASCII only
        assert any(e["actor"] == named for e in list_events(store, actor=spelling)), spelling
    # found by a CLI audit: a name matched one spelling only ("Russia" 1 event, state:russia 17)
    pack = load_pack()
    by_id = {(e["document_id"], e["start"]) for e in list_events(store, actor="state:russia")}
    for spelling in ("Russia", "Russian Federation", "Rusija", "РОССИЯ"):
        found = list_events(store, actor=spelling, pack=pack)
        assert by_id and {(e["document_id"], e["start"]) for e in found} == by_id, spelling
    store.close()
    runner = CliRunner()
    listed = json.loads(
        runner.invoke(cli, ["events", "list", "--db", str(tmp_path / "ev.db"), "--json"]).output
    )
    assert listed["n_events"] > 0 and {"action", "plover", "cameo_root", "actor_id", "date"} <= set(
        listed["events"][0]
    )
    bad = runner.invoke(cli, ["events", "list", "--db", str(tmp_path / "ev.db"), "--since", "soon"])
    assert bad.exit_code == 2
    typo = runner.invoke(cli, ["events", "list", "--db", str(tmp_path / "ev.db"), "--actor", "state:rusia"])
    assert typo.exit_code == 2 and "did you mean state:russia" in typo.output  # it said "no events match"
    misspelt = runner.invoke(cli, ["events", "list", "--db", str(tmp_path / "ev.db"), "--actor", "Russsia"])
    assert misspelt.exit_code == 0 and "did you mean Russia (state:russia)" in misspelt.stderr

    def listing(*args: str) -> dict:
        out = runner.invoke(cli, ["events", "list", "--db", str(tmp_path / "ev.db"), "--json", *args])
        assert out.exit_code == 0, out.output
        return json.loads(out.output)

    # found by a first-time user: --negated added denied events instead of showing them
    happened, denied = listing("--limit", "1000000"), listing("--negated", "--limit", "1000000")
    both = listing("--with-negated", "--limit", "1000000")
    assert denied["events"] and all(e["negated"] for e in denied["events"])
    assert not any(e["negated"] for e in happened["events"])
    assert both["n_events"] == happened["n_events"] + denied["n_events"]
    # n_events is what is shown; n_matching what the filters match beyond --limit
    few = listing("--limit", "3")
    assert few["n_events"] == 3 and few["n_matching"] == happened["n_events"] > 3
    clash = runner.invoke(
        cli, ["events", "list", "--db", str(tmp_path / "ev.db"), "--negated", "--with-negated"]
    )
    assert clash.exit_code == 2


def test_measured_on_published_codings(extractor: EventExtractor) -> None:
    # PLOVER gold records (CAMEO manual examples, English): never tuned on; our 13 actions cover
    # 12 of its 18 categories. PETRARCH2's unit tests are coded with its own validation
    # dictionaries (invented actors and verb codes), so they are reported, not required.
    from hybridwatch.eval.event_codings import (
        CAMEO_ROOTS_OF,
        PLOVER_OF,
        read_petrarch_tests,
        read_plover_gold,
        score_codings,
    )

    from ..conftest import shared_data

    plover = score_codings(
        read_plover_gold(shared_data("plover-gold", "PLOVER_GSR_CAMEO.txt")), extractor, PLOVER_OF
    )
    assert plover["sentences"] == 322 and plover["gold_codings_covered"] > 200
    assert plover["precision"] >= 0.4 and plover["recall"] >= 0.25, plover
    petrarch = score_codings(
        read_petrarch_tests(shared_data("petrarch2-unittest", "PETR.UnitTest.records.xml")),
        extractor,
        CAMEO_ROOTS_OF,
    )
    assert petrarch["sentences"] == 279 and petrarch["gold_codings_covered"] > 50


def test_the_month_of_march_is_no_protest(extractor: EventExtractor) -> None:
    """The demo's brief listed "Inflation in Serbia slowed ... in March" as a protest."""
    assert extractor.extract("Inflation in Serbia slowed to 8.5% in March, the office said.", FRIDAY) == []
    assert [e.action for e in extractor.extract("Thousands marched through Belgrade.", FRIDAY)] == ["protest"]


@pytest.mark.parametrize(
    "text",
    [
        "No confirmation of S-400 delivery to Serbia",
        "Nema potvrde o isporuci S-400 Srbiji",
        "Наводе да ће Србија добити системе С-400 од Русије није потврдила ниједна од две владе.",
        "Поставки С-400 в Сербию не подтверждены",
        "Serbia did not receive any S-400 from Russia, the ministry said.",
    ],
)
def test_a_delivery_nobody_confirmed_is_no_delivery(extractor: EventExtractor, text: str) -> None:
    """Found by a first-time user: "no confirmation of S-400 delivery" was a delivery, and raised
    the sample's high-severity air-defence alert; "did not receive" was no event at all."""
    (event,) = [e for e in extractor.extract(text, FRIDAY) if e.action == "supply_weapons"]
    assert event.negated
    assert not extractor.extract("Russia delivered S-400 to Serbia, the ministry confirmed.", FRIDAY)[
        0
    ].negated


@pytest.mark.parametrize(
    "text",
    [
        "Кая Каллас заявила, что соглашение о нормализации должно быть выполнено «без дальнейших промедлений».",
        "Od 26. aprila automobili sa srpskim tablicama mogu da uđu na Kosovo u skladu sa dogovorom iz dijaloga.",
        "Marrëveshja për energjinë e arritur në dialog ende nuk është zbatuar plotësisht në katër komunat veriore.",
        # found by a review: a signing verb matched as a stem ("significant", "u sklopu", "në lidhje")
        "Kurti rejected the deal Serbia offered, a significant setback.",
        "Serbia sent a signal: the agreement on trade with Kosovo is dead.",
        "Vlada je u sklopu sporazuma iz Brisela formirala tim.",
        "Marrëveshja u diskutua në lidhje me energjinë.",
        "Vučić je zaključio da je Kosovo Srbija.",  # "concluded that"
        "This is a sign of weakness from Pristina.",
    ],
)
def test_an_agreement_named_is_no_signing(extractor: EventExtractor, text: str) -> None:
    """Seen in the demo: 32 signings, most of them an agreement mentioned, none signed in the sentence."""
    assert "sign_agreement" not in [e.action for e in extractor.extract(text, FRIDAY)]


@pytest.mark.parametrize(
    "text",
    [
        "Serbia and China concluded a free trade agreement in Belgrade.",
        "Srbija i Kina zaključile su sporazum o slobodnoj trgovini.",
        "Qeveria e Kosovës dhe EULEX-i nënshkruan dje një memorandum për shkëmbimin e informacionit.",
        "Россия и Сербия подписали соглашение о военном сотрудничестве.",
        # found by a second review: verbs with no trigger of their own
        "Serbia inked a deal with China.",
        "Serbia and Kosovo initialed the agreement.",
        "Serbia signs trade deal with China.",
        "Vučić je sklopio sporazum sa Putinom.",
        "Vučić je zaključio sporazum sa Putinom.",
        "The agreement on trade, which Kosovo did not want, was signed by Serbia and China.",
    ],
)
def test_a_signed_or_concluded_agreement_is_a_signing(extractor: EventExtractor, text: str) -> None:
    signings = [e for e in extractor.extract(text, FRIDAY) if e.action == "sign_agreement"]
    assert signings and not signings[0].negated  # a negation inside a clause between commas is not its


@pytest.mark.parametrize(
    "text",
    [
        "Kosovo je Srbija i nijedan sporazum potpisan pod pritiskom Zapada to neće promeniti.",
        "Косово — это Сербия, и никакие соглашения, подписанные под давлением Запада, этого не изменят.",
        "Kosova nuk ka nënshkruar asnjë marrëveshje me Serbinë.",
        "Kosovo and Serbia reached an agreement, but it was not signed.",  # the verb's negation counts
        "The agreement on energy was not signed.",
        "No agreement was signed between Serbia and Kosovo.",  # English "no" negates (Russian "но" not)
        "Косово — это Сербия, и никакие соглашения, подписанные под давлением Запада, этого не изменят.",
        "Serbia refuses to sign the agreement with Kosovo.",  # a refusal negates
        "Russia refused to deliver S-400 to Serbia.",
        "No troops were deployed to the north.",
    ],
)
def test_no_agreement_is_negated(extractor: EventExtractor, text: str) -> None:
    """The demo's 13 remaining signings were one slogan: "no agreement signed under pressure"."""
    events = extractor.extract(text, FRIDAY)
    assert events and all(e.negated for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Запад протестовал, но Россия поставила Сербии С-400.",  # "но" is "but", folded to "no"
        "Zapad je protestovao, no Rusija je isporučila Srbiji S-400.",
        "No doubt Russia delivered S-400 to Serbia.",
    ],
)
def test_but_is_no_negation(extractor: EventExtractor, text: str) -> None:
    """Found by a review: "no" among the negations negated every event after a Russian "но"."""
    (supply,) = [e for e in extractor.extract(text, FRIDAY) if e.action == "supply_weapons"]
    assert not supply.negated


@pytest.mark.parametrize(
    ("text", "actor", "target"),
    [
        # a clause after a comma has its own subject: Vučić threatens, Putin only met him
        ("После встречи с Путиным, Вучич пригрозил Приштине.", "person:aleksandar_vucic", "state:kosovo"),
        ("Pas takimit me Vučićin, Kurti paralajmëroi Beogradin.", "person:albin_kurti", "state:serbia"),
        # ... but an aside between commas is no clause: Serbia threatens
        ("Serbia, Russia's closest ally, threatened Kosovo.", "state:serbia", "state:kosovo"),
        # a comma and "and" open the next clause: Moscow is not whom Brussels threatens
        ("Brussels threatens sanctions, and only Moscow defends Serbia.", "org:eu", None),
        # a list of parties is no clause (found by a review: Russia, then Orbán, became the actor)
        ("Serbia, Russia and China threatened Kosovo.", "state:serbia", "state:kosovo"),
        ("Vučić, Orbán and Putin threatened Kosovo.", "person:aleksandar_vucic", "state:kosovo"),
    ],
)
def test_a_comma_clause_has_its_own_actor(
    extractor: EventExtractor, text: str, actor: str, target: str | None
) -> None:
    (threat,) = [e for e in extractor.extract(text, FRIDAY) if e.action == "threaten"]
    assert (threat.actor_id, threat.target_id) == (actor, target)
