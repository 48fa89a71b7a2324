"""The world's states (entities/states_world.yaml) link in inflected forms and stay off everyday words."""

from __future__ import annotations

import pytest

from hybridwatch.analyse.entities.linker import EntityLinker
from hybridwatch.knowledge import load_pack
from hybridwatch.knowledge.pack import DATA, read_yaml

WORLD = frozenset(item["id"] for item in read_yaml(DATA / "entities" / "states_world.yaml"))


@pytest.fixture(scope="module")
def linker() -> EntityLinker:
    return EntityLinker(load_pack())


POSITIVES = [
    # English
    ("Palau withdrew its recognition of Kosovo.", {"state:palau"}),
    ("Serbia says Togo has withdrawn its recognition of Kosovo.", {"state:togo"}),
    ("Dominica and Grenada were on the list Belgrade presented.", {"state:dominica", "state:grenada"}),
    ("Russian instructors are deployed in the CAR, around Bangui.", {"state:central_african_republic"}),
    (
        "The Islamic Republic of Iran and the DPRK supply Russia with drones and shells.",
        {"state:iran", "state:north_korea"},
    ),
    ("Emirati investors and the UAE government signed the deal.", {"state:uae"}),
    ("The junta in Mali expelled French troops and invited Wagner.", {"state:mali"}),
    ("Troops from Chad returned to N'Djamena.", {"state:chad"}),
    ("Guinea's junta leader met officials in Conakry.", {"state:guinea"}),
    (
        "Papua New Guinea and the Solomon Islands are in the Pacific.",
        {"state:papua_new_guinea", "state:solomon_islands"},
    ),
    ("Congo-Brazzaville and the DRC are neighbours.", {"state:congo", "state:dr_congo"}),
    ("M23 rebels advanced on Goma in eastern Congo.", {"state:dr_congo"}),
    ("Protests spread across Peru after the vote in Lima.", {"state:peru"}),
    (
        "Sierra Leone, Liberia and Guinea-Bissau were named by Dačić.",
        {"state:sierra_leone", "state:liberia", "state:guinea_bissau"},
    ),
    (
        "The Vatican and Palestine are UN observer states; Taiwan is not a member.",
        {"state:holy_see", "state:palestine", "state:taiwan"},
    ),
    # Serbian, Latin script
    ("Togo je povukao priznanje Kosova.", {"state:togo"}),
    ("Gana je povukla priznanje Kosova, tvrdi Beograd.", {"state:ghana"}),
    ("U Gani je boravila delegacija, a sastanak je održan u Akri.", {"state:ghana"}),
    (
        "Dačić je posetio Sijera Leone i Liberiju, a zatim predsednika Burundija.",
        {"state:sierra_leone", "state:liberia", "state:burundi"},
    ),
    ("Srbija i Kuba imaju tradicionalno dobre odnose.", {"state:cuba"}),
    ("Ministar je razgovarao s kolegom sa Kube o sankcijama Amerike.", {"state:cuba"}),
    ("Vojna hunta u Maliju proterala je francuske trupe.", {"state:mali"}),
    ("Vojnici iz Čada vratili su se u Ndžamenu.", {"state:chad"}),
    (
        "Papua Nova Gvineja i Solomonova Ostrva povukli su priznanje.",
        {"state:papua_new_guinea", "state:solomon_islands"},
    ),
    ("Ujedinjeni Arapski Emirati ulažu u Beograd na vodi.", {"state:uae"}),
    (
        "Sa Jordanom i Egiptom potpisan je sporazum o saradnji na Bliskom istoku.",
        {"state:jordan", "state:egypt"},
    ),
    ("Ministar je posetio Oman i druge zemlje Persijskog zaliva.", {"state:oman"}),
    ("Delegacija Katara stigla je u Dohu.", {"state:qatar"}),
    (
        "Iran i Venecuela su saveznici Rusije, kao i Severna Koreja.",
        {"state:iran", "state:venezuela", "state:north_korea"},
    ),
    # Serbian, Cyrillic script
    ("Гана је повукла признање Косова.", {"state:ghana"}),
    ("Того је повукао признање Косова.", {"state:togo"}),
    ("Влада Централноафричке Републике повукла је признање.", {"state:central_african_republic"}),
    ("Доминика и Гренада повукле су признање Косова.", {"state:dominica", "state:grenada"}),
    ("Мадагаскар и Комори повукли су признање Косова.", {"state:madagascar", "state:comoros"}),
    ("Рат у Сирији и Ираку трајао је годинама.", {"state:syria", "state:iraq"}),
    ("Палау је повукао признање Косова, а Науру га је следио.", {"state:palau", "state:nauru"}),
    ("Председник Египта састао се са амбасадором Уједињених Арапских Емирата.", {"state:egypt", "state:uae"}),
    # Albanian
    ("Palau ka tërhequr njohjen e Kosovës.", {"state:palau"}),
    ("Togo ka tërhequr njohjen e Kosovës, tha Dačić.", {"state:togo"}),
    ("Gana dhe Lesoto përmenden nga Beogradi.", {"state:ghana", "state:lesotho"}),
    (
        "Arabia Saudite dhe Emiratet e Bashkuara Arabe e kanë njohur Kosovën.",
        {"state:saudi_arabia", "state:uae"},
    ),
    ("Kryeministri takoi ambasadorin e Katarit dhe të Jordanisë.", {"state:qatar", "state:jordan"}),
    (
        "Irani furnizon Rusinë me dronë, ndërsa Koreja e Veriut dërgoi ushtarë.",
        {"state:iran", "state:north_korea"},
    ),
    ("Republika e Afrikës Qendrore është në listën e Serbisë.", {"state:central_african_republic"}),
    ("Në Kili u mbajtën protesta në Santiago.", {"state:chile"}),
    ("Mali ka dëbuar trupat franceze dhe ka ftuar Wagner-in.", {"state:mali"}),
    # Russian
    ("Республика Палау отозвала признание Косово.", {"state:palau"}),
    ("Того отозвало признание Косово.", {"state:togo"}),
    ("Гана и Сьерра-Леоне отозвали признание независимости Косово.", {"state:ghana", "state:sierra_leone"}),
    (
        "Российские инструкторы работают в ЦАР с 2018 года, сообщают из Банги.",
        {"state:central_african_republic"},
    ),
    (
        "Иран поставляет беспилотники, а КНДР направила войска в Курскую область.",
        {"state:iran", "state:north_korea"},
    ),
    ("Власти Мали выслали французского посла, в Бамако прибыли военные.", {"state:mali"}),
    ("Военные из Чада вернулись в Нджамену.", {"state:chad"}),
    ("На Кубе прошли учения, Гавана пригласила российские корабли.", {"state:cuba"}),
    ("Катар выступил посредником между Израилем и ХАМАС.", {"state:qatar"}),
    (
        "Объединённые Арабские Эмираты и Саудовская Аравия признали Косово.",
        {"state:uae", "state:saudi_arabia"},
    ),
    (
        "Президент Венесуэлы посетил Москву, а посольство Панамы выразило протест.",
        {"state:venezuela", "state:panama"},
    ),
    (
        "Гвинея-Бисау и Папуа — Новая Гвинея упоминались в Белграде.",
        {"state:guinea_bissau", "state:papua_new_guinea"},
    ),
]

NEGATIVES = [
    # Serbian: mali (small), čad (soot), peru (they wash), toga (of that), komora, burma (ring), rok, car, butan
    "Mali grad na jugu Srbije dobio je novu bolnicu.",
    "Mali broj država je povukao priznanje Kosova, tvrdi Dačić.",
    "Mali Zvornik je opština u Mačvanskom okrugu.",
    "Čad iz dimnjaka prekrila je celo selo kod Obilića.",
    "Žene peru veš na reci, a Peru se sudovi posle ručka.",
    "Zbog toga je Vučić sazvao sednicu, a osim toga Priština nije ispunila obaveze.",
    "Toga se niko ne seća, rekao je Petković.",
    "Privredna komora Srbije dodelila je priznanja, a u Privrednoj Komori Kosova održan je sastanak.",
    "Zlatna burma je izgubljena na plaži. Burma mu je spala s prsta.",
    "Jordan Petrović je izjavio da Srbija nikada neće priznati Kosovo.",
    "ROK ZA PRIJAVU ISTIČE U PETAK, a Car Lazar je pao na Kosovu.",
    "Butan je poskupeo u Srbiji, a gas butan se koristi u domaćinstvima.",
    "Dominika je osvojila turnir u tenisu, a Salvador Dali je bio slikar.",
    "Vesti se brzo šire, a on širi glasine o Kosovu.",
    "Kupio je panamu za leto, a lekar je rekao da ima katar disajnih puteva.",
    "Мали град на северу Косова добио је нову школу, а чад из димњака прекрила је село.",
    "Жене перу веш на реци. Због тога је седница одложена.",
    "Јордан Јовановић је рекао да се Србија неће одрећи Косова.",
    # Russian and Ukrainian: того, чад, куб, панама, самое, перо, бутан, катар, царь, оман, цілі
    "Того и гляди, начнётся дождь. Того же мнения придерживается и Белград.",
    "Того, что Запад требует признание Косово, Белград не примет.",
    "Того, кто отозвал посла, уволили. Кроме того, Приштина не выполнила обязательства.",
    "Чад и дым заполнили кухню; он был в чаду после праздника.",
    "Три в кубе — двадцать семь. Кубы льда растаяли в стакане.",
    "Купи панаму ребёнку, на улице жарко. Панама защищает от солнца.",
    "Самое главное — мир на Балканах. Это было самое важное решение.",
    "Перу и чернилам он доверял больше, чем словам.",
    "Бутан — горючий газ, государство регулирует цены.",
    "Катар верхних дыхательных путей лечат долго.",
    "Маврикий Петрович пришёл домой, а Сальвадор Дали — великий художник.",
    "Царь Николай отрёкся от престола.",
    "Ці заяви вводять людей в оману. Цілі операції не досягнуто, це ціле питання.",
    # Albanian: mali (mountain), cili/cila (which), Gani (first name)
    "Mali ishte i mbuluar me borë gjatë gjithë dimrit.",
    "Ata e ngjitën malin herët. Në rrëzë të Malit të Sharrit ndodhet Prizreni.",
    "Mali i Zi ka njohur Kosovën në vitin 2008.",
    "Gani Krasniqi tha se njohja e Kosovës nga Serbia nuk do të ndodhë shpejt.",
    "Cili është qëndrimi i Serbisë? Cila është e vërteta për veriun?",
    "Ai bleu një çadër për kamping.",
    # English: Chad and Jordan (first names), guinea pig, grenade, Panama hat, car, PNG
    "Chad Johnson scored twice; Michael Jordan watched from the stands.",
    "Serbs are being used as guinea pigs for Chinese vaccines. Guinea pigs were used in the tests.",
    "Grenade attack in North Mitrovica injures two. Grenades were found in a car.",
    "He wore a Panama hat at the Belgrade conference.",
    "THE CAR BOMB EXPLODED NEAR THE BRIDGE. Save the screenshot as PNG.",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES, ids=[t[:40] for t, _ in POSITIVES])
def test_world_states_link_in_every_language_and_case(
    linker: EntityLinker, text: str, expected: set[str]
) -> None:
    found = {m.entity_id for m in linker.link(text)}
    assert expected <= found, f"missing {sorted(expected - found)} in {sorted(found)}"
    assert not (found & WORLD) - expected, f"unexpected {sorted((found & WORLD) - expected)}"


@pytest.mark.parametrize("text", NEGATIVES, ids=[t[:40] for t in NEGATIVES])
def test_everyday_words_do_not_link_world_states(linker: EntityLinker, text: str) -> None:
    wrong = [(m.entity_id, m.surface) for m in linker.link(text) if m.entity_id in WORLD]
    assert not wrong


def test_the_world_file_adds_every_un_member_once() -> None:
    pack = load_pack()
    states = pack.of_type("state")
    codes = [e.attributes["iso2"] for e in states]
    assert len(codes) == len(set(codes)) == 56 + len(WORLD)  # one record per state, none twice
    assert len(WORLD) == 141  # 193 UN members less the 55 in states.yaml, plus Palestine, Holy See, Taiwan
    for entity in (pack.entities[i] for i in WORLD):
        assert entity.type == "state" and entity.description, entity.id
        assert {"en", "sr-Latn", "sr-Cyrl", "sq", "ru"} <= set(entity.aliases), entity.id
