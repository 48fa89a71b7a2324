#!/usr/bin/env python3
# ruff: noqa: E501 -- most of this file is multilingual fact-check text, kept one claim a line
"""Generate a small SYNTHETIC multilingual fact-check set for hybridwatch's bundled sample.

Writes ``src/hybridwatch/sample/factchecks/``:

* ``claimreview.json``       -- 24 schema.org ClaimReview objects (en, sr-Cyrl, sr-Latn, sq, ru)
* ``euvsdisinfo_cases.csv``  -- 16 EUvsDisinfo-style cases (English titles)
* ``extra.jsonl``            -- 6 records in hybridwatch's minimal generic fact-check form
* ``ground_truth.json``      -- what each fact-check debunks, which sample items should match it,
                                the near misses and the distractors
* ``README.md``

Every organisation, verdict and address is invented (``.example`` domains, "(synthetic)" in every
publisher name). The fact-checks are written to cover the claims that the sample corpus
(``scripts/make_sample.py``) actually contains; the expected matches are computed from the sample's
``ground_truth.json`` and checked against the sample texts themselves: an item is expected to match a
fact-check only if the claim's sentence (or a headline that states it) is really in the item's text.

Usage::

    python scripts/make_sample_factchecks.py

Deterministic (no randomness, fixed order); Python 3.11 standard library only. It reads
``scripts/make_sample.py`` (for the claim templates) and the sample files, and never writes outside
``src/hybridwatch/sample/factchecks/``.
"""

from __future__ import annotations

import csv
import gzip
import html
import importlib.util
import io
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "hybridwatch" / "sample"
OUT = SAMPLE / "factchecks"
CSV_HEADER = ["date", "id", "title", "countries", "keywords", "languages", "outlets"]


def _load_make_sample() -> Any:
    """Import scripts/make_sample.py (read-only) for its claim and headline templates."""
    spec = importlib.util.spec_from_file_location("_hw_make_sample", ROOT / "scripts" / "make_sample.py")
    if spec is None or spec.loader is None:
        raise SystemExit("cannot load scripts/make_sample.py")
    sys.dont_write_bytecode = True  # leave no __pycache__ next to make_sample.py
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


MS = _load_make_sample()

# --------------------------------------------------------------------------------------
# Publishers (all invented)
# --------------------------------------------------------------------------------------
ORGS = {
    "bfd": ("Balkan Fact Desk (synthetic)", "https://balkanfactdesk.example"),
    "fsr": ("Фактограф Србија (synthetic)", "https://faktograf-srbija.example"),
    "rsk": ("Raskrikavanje (synthetic)", "https://raskrikavanje.example"),
    "hib": ("Hibrid.info (synthetic)", "https://hibrid-info.example"),
    "ver": ("Verifiko (synthetic)", "https://verifiko.example"),
    "sfr": ("StopFake RU (synthetic)", "https://stopfake-ru.example"),
    "pvb": ("Проверено.Балканы (synthetic)", "https://provereno-balkany.example"),
}

# rating key -> (ratingValue, alternateName per language); bestRating 5, worstRating 1
RATINGS = {
    "false": (1, {"en": "False", "sr-Latn": "Lažno", "sr-Cyrl": "Лажно", "sq": "E rreme", "ru": "Ложь"}),
    "misleading": (
        2,
        {
            "en": "Misleading",
            "sr-Latn": "Manipulacija",
            "sr-Cyrl": "Манипулација",
            "sq": "Mashtruese",
            "ru": "Манипуляция",
        },
    ),
    "unproven": (
        3,
        {
            "en": "Unproven",
            "sr-Latn": "Neutemeljeno",
            "sr-Cyrl": "Неутемељено",
            "sq": "E pabazuar",
            "ru": "Не подтверждено",
        },
    ),
    "inaccurate": (
        2,
        {"en": "Inaccurate", "sr-Latn": "Netačno", "sr-Cyrl": "Нетачно", "sq": "E pasaktë", "ru": "Неточно"},
    ),
}

# --------------------------------------------------------------------------------------
# The fact-checks. `facts`: sample fact ids (ground_truth.json) whose claim the fact-check
# debunks; `slots`: the claim's detail must equal this value (claim variants differ by number);
# `near_miss`: facts that share the topic but differ in a detail (the item must NOT match);
# `role`: debunk | near_miss | distractor.
# --------------------------------------------------------------------------------------
CLAIMREVIEWS: list[dict[str, Any]] = [
    # ---------------- English (8) ----------------
    dict(
        key="cr-en-kfor-occupation-army",
        lang="en",
        org="bfd",
        date="2024-03-12",
        url="https://balkanfactdesk.example/checks/2024/03/kfor-is-not-an-occupation-army/",
        claim="KFOR is an occupying army in Kosovo whose real job is to protect the government of Albin Kurti.",
        name="No, KFOR is not an 'occupation army': it is deployed under UN Security Council Resolution 1244",
        rating="false",
        claimant="Sputnik Srbija (sample outlet)",
        claim_date="2024-03-01",
        appearance="https://sputnik-sr.example/vesti/kfor-okupaciona-vojska-2024-03-01",
        facts=["n_occupier_1", "n_occupier_2", "campaign_kfor_okupator"],
        narratives=["occupier"],
    ),
    dict(
        key="cr-en-second-base",
        lang="en",
        org="bfd",
        date="2024-11-12",
        url="https://balkanfactdesk.example/checks/2024/11/no-second-nato-base-in-kosovo/",
        claim="NATO has started building a second military base in Kosovo, next to an expanded Camp Bondsteel.",
        name="No evidence of a second NATO base in Kosovo; the 'expansion' photos show routine works at Camp Bondsteel",
        rating="false",
        claimant="Sputnik Srbija (sample outlet)",
        claim_date="2024-11-07",
        appearance="https://sputnik-sr.example/vesti/bondstil-se-siri-2024-11-07",
        facts=["fc_base"],
        narratives=[],
    ),
    dict(
        key="cr-en-mig29-fourteen",
        lang="en",
        org="bfd",
        date="2025-03-20",
        url="https://balkanfactdesk.example/checks/2025/03/serbia-mig-29-ten-not-fourteen/",
        claim="Serbia received 14 MiG-29 fighter jets from Russia and Belarus between 2017 and 2019.",
        name="Serbia's MiG-29s: ten jets arrived from Russia and Belarus in 2017-2019, not fourteen",
        rating="misleading",
        claimant="Posts on X and Telegram",
        claim_date="2025-03-10",
        appearance="https://t-me.example/balkanski_vesnik_sample/64",
        facts=["arms_mig"],
        slots={"arms_mig": {"n": "14"}},
        narratives=[],
        differs="the claim says 14 jets; the fact-check is about that number only",
    ),
    dict(
        key="cr-en-albanian-terrorists-arming",
        lang="en",
        org="bfd",
        date="2025-01-28",
        url="https://balkanfactdesk.example/checks/2025/01/albanian-terrorists-arming-claim-no-evidence/",
        claim="Albanian terrorists are arming themselves in northern Kosovo while KFOR turns a blind eye.",
        name="'Albanian terrorists arming in the north': no evidence behind the viral claim",
        rating="false",
        claimant="Pravda Srbija (sample outlet)",
        claim_date="2025-01-22",
        appearance="https://pravda-srbija.example/teror-nad-srbima-na-severu",
        facts=["n_terror_1"],
        narratives=["albanian_terrorism"],
    ),
    dict(
        key="cr-en-pantsir-gift-2019",
        lang="en",
        org="bfd",
        date="2024-05-10",
        role="near_miss",
        url="https://balkanfactdesk.example/checks/2024/05/pantsir-s1-not-a-2019-gift/",
        claim="Russia gave Serbia six Pantsir-S1 air defence systems free of charge in 2019.",
        name="Serbia's Pantsir-S1 systems were a purchase, not a free gift delivered in 2019",
        rating="false",
        claimant="Facebook page (sample)",
        claim_date="2024-05-02",
        appearance="https://www.facebook.example/100069988776655/posts/1000000000000001",
        facts=[],
        narratives=[],
        near_miss={
            "arms_pantsir": "the sample's posts say Serbia displayed its Pantsir-S1 systems at a military parade near Belgrade; they give no number of systems, no year and say nothing about a gift or a delivery (fact-check: six systems, 2019, free of charge)"
        },
    ),
    dict(
        key="cr-en-vaccine-microchips",
        lang="en",
        org="bfd",
        date="2023-09-04",
        role="distractor",
        url="https://balkanfactdesk.example/checks/2023/09/no-microchips-in-covid-vaccines/",
        claim="COVID-19 vaccines given in North Macedonia contain microchips that track the people who receive them.",
        name="There are no microchips in COVID-19 vaccines",
        rating="false",
        claimant="Viral chain message",
        claim_date="2023-08-28",
        appearance="https://www.facebook.example/100070000000000/posts/2000000000000002",
        facts=[],
        narratives=[],
    ),
    dict(
        key="cr-en-kfor-tanks-zvecan",
        lang="en",
        org="bfd",
        date="2025-03-26",
        url="https://balkanfactdesk.example/checks/2025/03/kfor-tanks-zvecan-video-is-from-poland-2019/",
        claim="A video shows KFOR tanks entering Zvečan.",
        name="The viral 'KFOR tanks in Zvečan' video was filmed at a 2019 exercise in Poland",
        rating="false",
        claimant="Telegram channels",
        claim_date="2025-03-24",
        appearance="https://t-me.example/balkanski_vesnik_sample/71",
        facts=["fc_tanks"],
        narratives=[],
    ),
    dict(
        key="cr-en-kfor-doubled",
        lang="en",
        org="bfd",
        date="2023-10-05",
        role="near_miss",
        url="https://balkanfactdesk.example/checks/2023/10/kfor-not-doubled-to-10000/",
        claim="NATO has quietly doubled KFOR to 10,000 troops from 40 countries.",
        name="KFOR has not been doubled to 10,000 troops",
        rating="false",
        claimant="Posts on X",
        claim_date="2023-10-01",
        appearance="https://x.example/orlovi_sa_severa/status/1708000000000000000",
        facts=[],
        narratives=[],
        near_miss={
            "kfor_size": "the sample's posts give KFOR's current size ({kfor_troops} troops from {kfor_nat} countries); the fact-check is about a claimed doubling to 10,000 troops from 40 countries"
        },
    ),
    # ---------------- Serbian, Cyrillic (3) ----------------
    dict(
        key="cr-srcyrl-kfor-withdrawal",
        lang="sr-Cyrl",
        org="fsr",
        date="2024-06-18",
        url="https://faktograf-srbija.example/provera/kfor-se-ne-povlaci-sa-kosova/",
        claim="КФОР се повлачи са Косова и мисија ће бити затворена до краја године.",
        name="Нетачно: КФОР се не повлачи са Косова",
        rating="false",
        claimant="Објаве на друштвеним мрежама",
        claim_date="2024-06-12",
        appearance="https://x.example/kim_istina/status/1800000000000000001",
        facts=["fc_leaving"],
        narratives=[],
    ),
    dict(
        key="cr-srcyrl-eu-abandoned",
        lang="sr-Cyrl",
        org="fsr",
        date="2024-02-20",
        url="https://faktograf-srbija.example/provera/eu-nije-napustila-balkan/",
        claim="Европска унија је дигла руке од Западног Балкана: после двадесет година обећања Србија никада неће постати чланица.",
        name="ЕУ није „напустила Балкан“: преговори трају, а средства и даље стижу",
        rating="misleading",
        claimant="Правда Србија (sample outlet)",
        claim_date="2024-02-14",
        appearance="https://pravda-srbija.example/2024/02/14/dvadeset-godina-praznih-obecanja",
        facts=["n_eu_1"],
        narratives=["eu_abandoned"],
    ),
    dict(
        key="cr-srcyrl-s400-by-year-end",
        lang="sr-Cyrl",
        org="fsr",
        date="2025-03-02",
        url="https://faktograf-srbija.example/provera/s-400-ne-stizu-u-srbiju/",
        claim="Русија ће Србији испоручити противваздушне системе С-400 до краја године.",
        name="Нема доказа да системи С-400 стижу у Србију",
        rating="unproven",
        claimant="Гост радио-емисије (sample)",
        claim_date="2025-02-20",
        appearance="https://radio-sever.example/emisije/sever-uzivo-2025-02-20",
        facts=["arms_s400"],
        narratives=[],
    ),
    # ---------------- Serbian, Latin (3) ----------------
    dict(
        key="cr-srlatn-18-withdrawals",
        lang="sr-Latn",
        org="rsk",
        date="2024-09-09",
        url="https://raskrikavanje.example/provera/18-povucenih-priznanja-kosova/",
        claim="Čak 18 država povuklo je priznanje nezavisnosti Kosova.",
        name="Tvrdnja o 18 povučenih priznanja Kosova nije potkrepljena dokazima",
        rating="unproven",
        claimant="Zvaničnici u Beogradu",
        claim_date="2024-09-02",
        appearance="https://srbija-danas.example/vesti/18-zemalja-povuklo-priznanje",
        facts=["rec_withdraw"],
        slots={"rec_withdraw": {"n": "18"}},
        narratives=[],
        differs="the claim says 18 countries; the fact-check is about that number only",
    ),
    dict(
        key="cr-srlatn-batajnica-shipment",
        lang="sr-Latn",
        org="rsk",
        date="2024-12-27",
        url="https://raskrikavanje.example/provera/nema-dokaza-o-posiljci-oruzja-na-batajnici/",
        claim="Na aerodrom Batajnica sletela je nova pošiljka ruskog oružja.",
        name="Nema dokaza o novoj pošiljci ruskog oružja na Batajnici",
        rating="unproven",
        claimant="Provladini mediji (sample)",
        claim_date="2024-12-24",
        appearance="https://beogradski-dnevnik.example/vesti/nova-posiljka-na-batajnici",
        facts=["arms_batajnica"],
        narratives=[],
    ),
    dict(
        key="cr-srlatn-belarus-mig-2021",
        lang="sr-Latn",
        org="rsk",
        date="2024-04-03",
        role="near_miss",
        url="https://raskrikavanje.example/provera/belorusija-2021-nije-poklonila-osam-migova/",
        claim="Belorusija je Srbiji 2021. godine poklonila još osam aviona MiG-29.",
        name="Netačno: Belorusija 2021. nije poklonila osam MiG-29 Srbiji",
        rating="false",
        claimant="Telegram kanal (sample)",
        claim_date="2024-03-29",
        appearance="https://t-me.example/balkanski_vesnik_sample/12",
        facts=[],
        narratives=[],
        near_miss={
            "arms_mig": "the sample's posts say Serbia received {arms_mig_n} MiG-29s from Russia and Belarus between 2017 and 2019; the fact-check is about eight jets from Belarus alone, in 2021"
        },
    ),
    # ---------------- Albanian (5) ----------------
    dict(
        key="cr-sq-kfor-pushtues",
        lang="sq",
        org="hib",
        date="2025-03-17",
        url="https://hibrid-info.example/verifikim/kfor-i-nuk-eshte-ushtri-pushtuese/",
        claim="KFOR-i nuk është mision paqeruajtës, por ushtri pushtuese që mbron qeverinë e Kurtit, ndërsa serbët në veri jetojnë si pengje.",
        name="E rreme: KFOR-i vepron me mandat të Rezolutës 1244, jo si ushtri pushtuese",
        rating="false",
        claimant="Правда Србија (sample outlet)",
        claim_date="2025-03-14",
        appearance="https://pravda-srbija.example/kfor-okupator",
        facts=["n_occupier_1", "n_occupier_2", "campaign_kfor_okupator"],
        narratives=["occupier", "kosovo_serbia"],
    ),
    dict(
        key="cr-sq-resolution-1244",
        lang="sq",
        org="hib",
        date="2024-04-15",
        url="https://hibrid-info.example/verifikim/rezoluta-1244-dhe-statusi-i-kosoves/",
        claim="Sipas Rezolutës 1244, Kosova është ende pjesë përbërëse e Serbisë.",
        name="Mashtruese: Rezoluta 1244 nuk e përcakton statusin përfundimtar të Kosovës",
        rating="misleading",
        claimant="Sputnik Srbija (sample outlet)",
        claim_date="2024-04-10",
        appearance="https://sputnik-sr.example/kosovo-je-srbija-i-uvek-ce-biti/1244",
        facts=["n_kos_serbia_2"],
        narratives=["kosovo_serbia"],
    ),
    dict(
        key="cr-sq-police-terror",
        lang="sq",
        org="ver",
        date="2025-01-24",
        url="https://verifiko.example/lajme/nuk-ka-terror-te-perditshem-ndaj-serbeve-ne-veri/",
        claim="Njësitë speciale të Policisë së Kosovës i terrorizojnë serbët në veri çdo ditë.",
        name="Mashtruese: nuk ka prova për 'terror të përditshëm' ndaj serbëve në veri",
        rating="misleading",
        claimant="Pravda Srbija (sample outlet)",
        claim_date="2025-01-22",
        appearance="https://pravda-srbija.example/teror-nad-srbima-na-severu",
        facts=["n_terror_2"],
        narratives=["albanian_terrorism"],
    ),
    dict(
        key="cr-sq-bondsteel-permanent",
        lang="sq",
        org="ver",
        date="2024-11-14",
        url="https://verifiko.example/lajme/bondsteel-baza-e-perhershme-amerikane/",
        claim="Kampi Bondsteel nuk është aty për paqe: është bazë e përhershme amerikane në zemër të Ballkanit.",
        name="Mashtruese: Bondsteel është shtabi i KFOR-it për Lindjen, me mandat të OKB-së",
        rating="misleading",
        claimant="Sputnik Srbija (sample outlet)",
        claim_date="2024-11-07",
        appearance="https://sputnik-sr.example/vesti/bondstil-se-siri-2024-11-07",
        facts=["n_bondsteel"],
        narratives=["occupier"],
    ),
    dict(
        key="cr-sq-albania-diaspora-votes",
        lang="sq",
        org="hib",
        date="2025-05-15",
        role="distractor",
        url="https://hibrid-info.example/verifikim/votat-e-diaspores-nuk-u-numeruan-dy-here/",
        claim="Në zgjedhjet parlamentare në Shqipëri në maj 2025, votat e diasporës u numëruan dy herë.",
        name="E rreme: votat e diasporës në zgjedhjet e Shqipërisë nuk u numëruan dy herë",
        rating="false",
        claimant="Postime në Facebook",
        claim_date="2025-05-13",
        appearance="https://www.facebook.example/100071111111111/posts/3000000000000003",
        facts=[],
        narratives=[],
    ),
    # ---------------- Russian (5) ----------------
    dict(
        key="cr-ru-depleted-uranium",
        lang="ru",
        org="sfr",
        date="2024-03-25",
        url="https://stopfake-ru.example/proverka/obednennyj-uran-1999-manipulyaciya/",
        claim="НАТО в 1999 году отравило землю Сербии обеднённым ураном, и за это до сих пор никто не ответил.",
        name="Манипуляция: что на самом деле известно об обеднённом уране после бомбардировок 1999 года",
        rating="misleading",
        claimant="Балканский экспресс (sample outlet)",
        claim_date="2024-03-24",
        appearance="https://balkanskiy-express.example/2024/03/24/78-dney-bombezhek",
        facts=["n_aggr_2"],
        narratives=["aggression_1999"],
    ),
    dict(
        key="cr-ru-nato-enlargement",
        lang="ru",
        org="sfr",
        date="2024-12-12",
        url="https://stopfake-ru.example/proverka/rasshirenie-nato-ne-provokaciya/",
        claim="Расширение НАТО на Балканах — прямая провокация против России, угрожающая всему региону.",
        name="Манипуляция: вступление в НАТО — решение самих государств, а не провокация против России",
        rating="misleading",
        claimant="Sputnik Srbija (sample outlet)",
        claim_date="2024-12-10",
        appearance="https://pravda-srbija.example/2024/12/10/sirenje-nato-a-na-balkanu-provokacija-protiv-rusije",
        facts=["n_enlarge"],
        narratives=["nato_enlargement"],
    ),
    dict(
        key="cr-ru-west-imposes",
        lang="ru",
        org="pvb",
        date="2025-05-12",
        url="https://provereno-balkany.example/razbor/zapad-navyazyvaet-rossiya-zashchishchaet/",
        claim="Запад навязывает Сербии санкции и ультиматумы, и только Россия защищает её в Совете Безопасности ООН.",
        name="Манипуляция: ЕС не вводил санкций против Сербии",
        rating="misleading",
        claimant="Istina info (sample outlet)",
        claim_date="2025-05-09",
        appearance="https://istina-info.example/zapad-namece-rusija-stiti",
        facts=["n_west_2"],
        narratives=["west_imposes"],
    ),
    dict(
        key="cr-ru-putin-peacekeepers",
        lang="ru",
        org="pvb",
        date="2024-10-21",
        role="near_miss",
        url="https://provereno-balkany.example/razbor/putin-ne-obeshchal-vvesti-vojska-v-kosovo/",
        claim="Путин пообещал направить в Косово российских миротворцев для защиты сербов.",
        name="Ложь: Путин не обещал ввести российские войска в Косово",
        rating="false",
        claimant="Telegram-каналы",
        claim_date="2024-10-18",
        appearance="https://t-me.example/balkanski_vesnik_sample/40",
        facts=[],
        narratives=["west_imposes"],
        near_miss={
            "n_west_putin": "the sample's posts say Putin called Serbia a 'brotherly country' and promised Russia's support on Kosovo; none of them claims a promise to send Russian troops or peacekeepers"
        },
    ),
    dict(
        key="cr-ru-georgia-biolabs",
        lang="ru",
        org="sfr",
        date="2023-07-11",
        role="distractor",
        url="https://stopfake-ru.example/proverka/biolaboratorii-v-gruzii/",
        claim="Американские биолаборатории в Грузии разрабатывают биологическое оружие.",
        name="Ложь: лаборатория в Тбилиси занимается эпиднадзором, а не оружием",
        rating="false",
        claimant="Российские телеканалы",
        claim_date="2023-07-05",
        appearance="https://ru-vesti.example/world/20230705/biolaboratorii",
        facts=[],
        narratives=[],
    ),
]

EUVSDISINFO: list[dict[str, Any]] = [
    dict(
        key="eu-kfor-occupation-force",
        date="2025-03-15",
        slug="kfor-is-an-occupation-force-in-kosovo",
        title="KFOR is an occupation force in Kosovo",
        countries=["Kosovo", "Serbia"],
        keywords=["KFOR", "NATO", "Occupation"],
        languages=["Serbian", "Russian"],
        outlets=["pravda-srbija.example", "sputnik-sr.example"],
        facts=["n_occupier_1", "n_occupier_2", "campaign_kfor_okupator"],
        narratives=["occupier", "kosovo_serbia"],
    ),
    dict(
        key="eu-kosovo-is-serbia",
        date="2024-02-12",
        slug="no-western-agreement-will-change-that-kosovo-is-serbia",
        title="No agreement signed under Western pressure will change the fact that Kosovo is Serbia",
        countries=["Kosovo", "Serbia"],
        keywords=["Kosovo", "Sovereignty", "West"],
        languages=["Serbian", "Russian"],
        outlets=["pravda-srbija.example", "balkanskiy-express.example"],
        facts=["n_kos_serbia_1"],
        narratives=["kosovo_serbia"],
    ),
    dict(
        key="eu-resolution-1244",
        date="2024-06-05",
        slug="resolution-1244-makes-kosovo-an-integral-part-of-serbia",
        title="UN Security Council Resolution 1244 confirms that Kosovo is an integral part of Serbia",
        countries=["Kosovo", "Serbia"],
        keywords=["UN", "Kosovo", "Resolution 1244"],
        languages=["Russian", "Serbian"],
        outlets=["sputnik-sr.example", "ru-vesti.example"],
        facts=["n_kos_serbia_2"],
        narratives=["kosovo_serbia"],
    ),
    dict(
        key="eu-nato-aggression-1999",
        date="2024-03-24",
        slug="nato-1999-aggression-against-yugoslavia-had-no-justification",
        title="NATO's 1999 aggression against Yugoslavia was an illegal attack without any justification",
        countries=["Serbia", "Kosovo"],
        keywords=["NATO", "1999 bombing", "Aggression"],
        languages=["Russian", "Serbian"],
        outlets=["ru-vesti.example", "sputnik-sr.example"],
        facts=["n_aggr_1"],
        narratives=["aggression_1999"],
    ),
    dict(
        key="eu-depleted-uranium",
        date="2024-03-26",
        slug="nato-depleted-uranium-still-killing-serbs",
        title="NATO's depleted uranium is still killing Serbs, and nobody has been held accountable",
        countries=["Serbia"],
        keywords=["NATO", "Depleted uranium", "1999 bombing"],
        languages=["Serbian", "Russian"],
        outlets=["istina-info.example", "balkanskiy-express.example"],
        facts=["n_aggr_2"],
        narratives=["aggression_1999"],
    ),
    dict(
        key="eu-only-moscow-respects",
        date="2024-07-08",
        slug="brussels-dictates-only-moscow-respects-serbia",
        title="Brussels dictates and Washington threatens, only Moscow respects Serbia's sovereignty",
        countries=["Serbia", "Russia", "USA"],
        keywords=["EU", "Sovereignty", "Western pressure"],
        languages=["Serbian", "Russian"],
        outlets=["istina-info.example", "ru-vesti.example"],
        facts=["n_west_1"],
        narratives=["west_imposes"],
    ),
    dict(
        key="eu-west-imposes-russia-protects",
        date="2025-05-10",
        slug="the-west-imposes-russia-protects-serbia",
        title="The West imposes sanctions and ultimatums on Serbia, only Russia protects it at the UN",
        countries=["Serbia", "Russia"],
        keywords=["Sanctions", "UN Security Council", "West"],
        languages=["Serbian"],
        outlets=["istina-info.example"],
        facts=["n_west_2"],
        narratives=["west_imposes"],
    ),
    dict(
        key="eu-albanian-terrorists",
        date="2025-01-23",
        slug="albanian-terrorists-arming-in-northern-kosovo",
        title="Albanian terrorists are arming in the north of Kosovo while KFOR looks away",
        countries=["Kosovo", "Serbia"],
        keywords=["Terrorism", "KFOR", "Albanians"],
        languages=["Serbian", "Russian", "English"],
        outlets=["pravda-srbija.example", "sputnik-sr.example"],
        facts=["n_terror_1"],
        narratives=["albanian_terrorism"],
    ),
    dict(
        key="eu-kurti-police-terror",
        date="2024-10-02",
        slug="kurti-special-police-terrorise-serbs",
        title="Kurti's special police units terrorise the Serbs of northern Kosovo every day",
        countries=["Kosovo", "Serbia"],
        keywords=["Kosovo Police", "Serbs", "Terror"],
        languages=["Serbian", "Russian"],
        outlets=["istina-info.example", "ru-vesti.example"],
        facts=["n_terror_2"],
        narratives=["albanian_terrorism"],
    ),
    dict(
        key="eu-eu-abandoned-balkans",
        date="2024-05-09",
        slug="the-eu-has-abandoned-the-western-balkans",
        title="The EU has abandoned the Western Balkans",
        countries=["Serbia", "Western Balkans"],
        keywords=["EU enlargement", "EU"],
        languages=["Serbian", "Russian"],
        outlets=["istina-info.example", "balkanskiy-express.example"],
        facts=["n_eu_1"],
        narratives=["eu_abandoned"],
    ),
    dict(
        key="eu-only-russia-china-help",
        date="2024-09-30",
        slug="only-russia-and-china-help-the-balkans",
        title="Brussels has forgotten the Balkans, only Russia and China bring real help",
        countries=["Serbia", "Western Balkans", "China"],
        keywords=["EU", "China", "Aid"],
        languages=["Russian", "Serbian"],
        outlets=["balkanskiy-express.example", "ru-vesti.example"],
        facts=["n_eu_2"],
        narratives=["eu_abandoned"],
    ),
    dict(
        key="eu-nato-enlargement-provocation",
        date="2024-12-11",
        slug="nato-expansion-in-the-balkans-provokes-russia",
        title="NATO expansion in the Balkans is a provocation against Russia",
        countries=["Western Balkans", "Russia"],
        keywords=["NATO enlargement", "Russia"],
        languages=["Russian", "Serbian"],
        outlets=["sputnik-sr.example", "balkanskiy-express.example"],
        facts=["n_enlarge"],
        narratives=["nato_enlargement"],
    ),
    dict(
        key="eu-bondsteel-permanent-base",
        date="2024-11-08",
        slug="camp-bondsteel-permanent-american-base",
        title="Camp Bondsteel is a permanent American base in the heart of the Balkans, not a peace mission",
        countries=["Kosovo", "USA"],
        keywords=["Camp Bondsteel", "KFOR", "USA"],
        languages=["Serbian", "Russian"],
        outlets=["sputnik-sr.example"],
        facts=["n_bondsteel"],
        narratives=["occupier"],
    ),
    dict(
        key="eu-recognition-withdrawn",
        date="2025-02-05",
        slug="dozens-of-countries-have-withdrawn-recognition-of-kosovo",
        title="Dozens of countries have withdrawn their recognition of Kosovo",
        countries=["Kosovo", "Serbia"],
        keywords=["Recognition", "Kosovo"],
        languages=["Serbian", "Russian", "Albanian", "English"],
        outlets=["srbija-danas.example", "balkanskiy-express.example"],
        facts=["rec_withdraw"],
        narratives=[],
    ),
    dict(
        key="eu-bondsteel-nuclear",
        date="2023-11-20",
        slug="us-bringing-nuclear-weapons-to-camp-bondsteel",
        role="near_miss",
        title="The US is bringing nuclear weapons to Camp Bondsteel",
        countries=["Kosovo", "USA"],
        keywords=["Camp Bondsteel", "Nuclear weapons"],
        languages=["Russian"],
        outlets=["ru-vesti.example"],
        facts=[],
        narratives=["occupier"],
        near_miss={
            "n_bondsteel": "the sample's posts call Camp Bondsteel a permanent American base; none of them says anything about nuclear weapons"
        },
    ),
    dict(
        key="eu-moldova-referendum",
        date="2024-10-22",
        slug="eu-rigged-moldova-referendum",
        role="distractor",
        title="The EU rigged Moldova's 2024 referendum",
        countries=["Moldova"],
        keywords=["Elections", "Referendum", "EU"],
        languages=["Russian", "Romanian"],
        outlets=["ru-vesti.example"],
        facts=[],
        narratives=[],
    ),
]

EXTRA: list[dict[str, Any]] = [
    dict(
        key="xfc-0001",
        lang="ru",
        org="pvb",
        date="2024-12-03",
        rating="inaccurate",
        url="https://provereno-balkany.example/razbor/mig-29-desyat-a-ne-odinnadcat/",
        text="Сербия получила от России и Белоруссии 11 истребителей МиГ-29 в 2017–2019 годах.",
        title="Неточно: в 2017–2019 годах Сербия получила десять МиГ-29, а не одиннадцать",
        facts=["arms_mig"],
        slots={"arms_mig": {"n": "11"}},
        narratives=[],
        differs="the claim says 11 jets; the fact-check is about that number only",
    ),
    dict(
        key="xfc-0002",
        lang="en",
        org="bfd",
        date="2024-08-19",
        rating="false",
        role="near_miss",
        url="https://balkanfactdesk.example/checks/2024/08/no-7000-us-troops-at-bondsteel/",
        text="The number of US troops at Camp Bondsteel rose to 7,000 in 2024.",
        title="No, there are not 7,000 US troops at Camp Bondsteel",
        facts=[],
        narratives=[],
        near_miss={
            "kfor_exercise": "the sample's posts say about {kfor_exercise_n} soldiers from the Italian and Polish contingents took part in an exercise near Camp Bondsteel; none gives a number of US troops stationed there (fact-check: 7,000 in 2024)"
        },
    ),
    dict(
        key="xfc-0003",
        lang="sq",
        org="ver",
        date="2024-02-26",
        rating="false",
        role="near_miss",
        url="https://verifiko.example/lajme/jo-shtate-por-pese-shtete-te-be-se/",
        text="Shtatë shtete anëtare të BE-së nuk e njohin pavarësinë e Kosovës.",
        title="E rreme: janë pesë shtete të BE-së që nuk e njohin Kosovën, jo shtatë",
        facts=[],
        narratives=[],
        near_miss={
            "rec_eu5": "the sample's posts say five EU member states (Spain, Greece, Romania, Slovakia, Cyprus) do not recognise Kosovo; the fact-check debunks a claim of seven"
        },
    ),
    dict(
        key="xfc-0004",
        lang="sr-Latn",
        org="rsk",
        date="2025-02-12",
        rating="inaccurate",
        role="near_miss",
        url="https://raskrikavanje.example/provera/izlaznost-na-kosovu-nije-bila-19-odsto/",
        text="Izlaznost na parlamentarnim izborima na Kosovu 9. februara 2025. bila je svega 19 odsto.",
        title="Netačno: izlaznost na izborima na Kosovu nije bila 19 odsto",
        facts=[],
        narratives=[],
        near_miss={
            "el_turnout": "the sample's posts give the turnout of 9 February 2025 as about {el_turnout_pct}%; the fact-check is about a claimed 19%"
        },
    ),
    dict(
        key="xfc-0005",
        lang="ru",
        org="sfr",
        date="2023-12-06",
        rating="false",
        role="distractor",
        url="https://stopfake-ru.example/proverka/privivka-ot-kori-ne-vyzyvaet-autizm/",
        text="Прививка от кори вызывает аутизм у детей.",
        title="Ложь: связи между прививкой от кори и аутизмом нет",
        facts=[],
        narratives=[],
    ),
    dict(
        key="xfc-0006",
        lang="en",
        org="bfd",
        date="2024-10-15",
        rating="false",
        role="near_miss",
        url="https://balkanfactdesk.example/checks/2024/10/nis-center-not-granted-diplomatic-status/",
        text="The Russian-Serbian Humanitarian Center in Niš has been granted diplomatic status.",
        title="The Niš center has asked for diplomatic status again, but it has not been granted",
        facts=[],
        narratives=[],
        near_miss={
            "nis_status": "the sample's posts say the center has again asked for diplomatic status (a request); the fact-check is about a claim that the status was granted"
        },
    ),
]

# Claims stated in the analyst notes (the sample ground truth lists no facts for notes):
# (file, quoted snippet that must be in the text, fact id, slots)
NOTE_CLAIMS = [
    ("notes/field_note_2025-03-16.md", 'claiming that KFOR is "an occupation army"', "n_occupier_1", {}),
    (
        "notes/field_note_2025-03-16.md",
        "18 countries have withdrawn their recognition of Kosovo",
        "rec_withdraw",
        {"n": "18"},
    ),
    (
        "notes/field_note_2025-03-16.md",
        "Serbia received 14 MiG-29 jets from Russia and Belarus",
        "arms_mig",
        {"n": "14"},
    ),
    ("notes/transkript_sever_uzivo_2025-02-20.txt", "KFOR odavno postao okupaciona sila", "n_occupier_1", {}),
    (
        "notes/transkript_sever_uzivo_2025-02-20.txt",
        "Zapad nameće rešenja, a samo Rusija štiti Srbiju",
        "n_west_2",
        {},
    ),
    (
        "notes/transkript_sever_uzivo_2025-02-20.txt",
        "18 zemalja povuklo priznanje Kosova",
        "rec_withdraw",
        {"n": "18"},
    ),
    ("notes/transkript_sever_uzivo_2025-02-20.txt", "S-400 stižu do kraja godine", "arms_s400", {}),
    ("notes/shenime_takimi_mitrovice_2025-04-03.txt", "KFOR-i është „pushtues“", "n_occupier_1", {}),
]

# Sample headlines (English form, as in make_sample.HEADLINES) that state a covered claim by themselves:
# a post that is only this headline and a link still carries the claim.
HEADLINE_CLAIMS = {
    "No, NATO is not building a second base in Kosovo": "fc_base",
    "Fact check: viral 'KFOR tanks' video is from 2019": "fc_tanks",
    "{years} years of occupation: what NATO won't tell you about Kosovo": "n_occupier_2",
    "Kosovo is Serbia — and always will be": "n_kos_serbia_1",
    "78 days of NATO bombs: the aggression nobody answered for": "n_aggr_1",
    "The West imposes, Russia protects": "n_west_2",
    "Albanian terror in the north: KFOR silent": "n_terror_1",
    "Twenty years of empty promises: the EU has abandoned the Balkans": "n_eu_1",
    "NATO's Balkan expansion: a provocation against Russia": "n_enlarge",
    "No confirmation of S-400 delivery to Serbia": "arms_s400",
}

# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------
_WS = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]+>")


def norm(text: str) -> str:
    """Casefold, drop diacritics (đ -> dj), unify dashes and collapse whitespace: for containment checks."""
    text = text.replace("đ", "dj").replace("Đ", "Dj")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("–", "-").replace("—", "-")
    return _WS.sub(" ", text).strip()


def html_text(markup: str) -> str:
    """Visible text of an HTML page; for article pages only the <article> (no sidebars, related links)."""
    article = re.search(r"(?is)<article[^>]*>(.*?)</article>", markup)
    if article:
        markup = article.group(1)
    markup = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", markup)
    return html.unescape(_TAGS.sub(" ", html.unescape(markup)))


# --------------------------------------------------------------------------------------
# Sample texts, keyed by (file, id) as in the sample's ground_truth.json
# --------------------------------------------------------------------------------------
def _jsonl_texts(name: str, data: bytes, texts: dict[tuple[str, Any], str]) -> None:
    for raw in data.splitlines():
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("cp1251")
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and obj.get("id") is not None:
            texts[(name, obj["id"])] = f"{obj.get('title') or ''}\n{obj.get('text') or ''}"


def _crowdtangle_texts(texts: dict[tuple[str, Any], str]) -> None:
    with open(SAMPLE / "crowdtangle_export.csv", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        try:
            for row in reader:
                if len(row) != len(header):
                    continue
                r = dict(zip(header, row, strict=True))
                texts[("crowdtangle_export.csv", r["URL"])] = f"{r['Message']}\n{r['Link Text']}"
        except csv.Error:  # the deliberately unterminated last record
            pass


def _telegram_texts(texts: dict[tuple[str, Any], str]) -> None:
    data = json.loads((SAMPLE / "telegram" / "result.json").read_text(encoding="utf-8"))
    for m in data.get("messages", []):
        if not isinstance(m, dict):
            continue
        t = m.get("text")
        if isinstance(t, list):
            t = "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in t)
        if isinstance(t, str):
            texts[("telegram/result.json", m.get("id"))] = t


def _feed_texts(texts: dict[tuple[str, Any], str]) -> None:
    for path in sorted((SAMPLE / "feeds").glob("*.xml")):
        root = ET.parse(path).getroot()
        for el in root.iter():
            if el.tag.split("}")[-1] not in ("item", "entry"):
                continue
            fields: dict[str, str] = {}
            for child in el:
                tag = child.tag.split("}")[-1]
                value = child.text or child.get("href") or ""
                fields[tag] = (fields.get(tag, "") + " " + value).strip()
            body = " ".join(
                html_text(fields.get(k, ""))
                for k in ("title", "description", "encoded", "summary", "content")
            )
            for key in ("guid", "link", "id"):
                if fields.get(key):
                    texts[(f"feeds/{path.name}", fields[key])] = body


def load_texts(items: list[dict[str, Any]]) -> dict[tuple[str, Any], str]:
    texts: dict[tuple[str, Any], str] = {}
    _jsonl_texts("social_posts.jsonl", (SAMPLE / "social_posts.jsonl").read_bytes(), texts)
    with zipfile.ZipFile(SAMPLE / "archives" / "extra_posts.zip") as z:
        _jsonl_texts("archives/extra_posts.zip!more_posts.jsonl", z.read("more_posts.jsonl"), texts)
        nested = z.read("nested/one_article.html").decode("utf-8")
    _jsonl_texts(
        "archives/vk_posts.jsonl.gz",
        gzip.decompress((SAMPLE / "archives" / "vk_posts.jsonl.gz").read_bytes()),
        texts,
    )
    _crowdtangle_texts(texts)
    _telegram_texts(texts)
    _feed_texts(texts)
    for it in items:
        f = it["file"]
        if f.startswith("articles/"):
            raw = (SAMPLE / f).read_bytes()
            enc = (
                "cp1251"
                if b'charset="windows-1251"' in raw[:2000] or b"charset=windows-1251" in raw[:2000]
                else "utf-8"
            )
            texts[(f, it["id"])] = html_text(raw.decode(enc))
        elif f == "archives/extra_posts.zip!nested/one_article.html":
            texts[(f, it["id"])] = html_text(nested)
        elif f.startswith("notes/"):
            texts[(f, it["id"])] = (SAMPLE / f).read_text(encoding="utf-8")
    return texts


# --------------------------------------------------------------------------------------
# Which covered claims are really in an item's text
# --------------------------------------------------------------------------------------
FACT_BY_ID = {f["id"]: f for f in MS.FACTS}
CAMPAIGN_SENTENCE = MS.CAMPAIGN_LAT.split(". ")[
    0
]  # "KFOR nije mirovna misija, već okupaciona vojska na Kosovu i Metohiji"


def fact_sentence(fid: str, lang: str, slots: dict[str, str]) -> list[str]:
    """The fact's sentence as the sample renders it for this language/script (pieces, if a slot is unknown)."""
    if fid == "campaign_kfor_okupator":
        template = CAMPAIGN_SENTENCE
    else:
        template = FACT_BY_ID[fid][MS.base_lang(lang)]
        if template is None:
            return []
    filled = re.sub(r"\{(\w+)\}", lambda m: slots.get(m.group(1), "\x00"), template)
    return [norm(MS.to_script(p, lang, False)) for p in filled.split("\x00") if p.strip()]


def contains_in_order(text: str, pieces: list[str]) -> bool:
    pos = 0
    for p in pieces:
        i = text.find(p, pos)
        if i < 0:
            return False
        pos = i + len(p)
    return bool(pieces)


def headline_forms() -> list[tuple[str, list[str]]]:
    """(fact id, normalised headline in every language/script) for HEADLINE_CLAIMS."""
    out = []
    for h in MS.HEADLINES:
        fid = HEADLINE_CLAIMS.get(h["en"])
        if not fid:
            continue
        forms = set()
        for lang in ("en", "sr-Latn", "sr-Cyrl", "sq", "ru"):
            t = h.get(MS.base_lang(lang))
            if not t:
                continue
            for years in ("25", "26"):
                forms.add(norm(MS.to_script(t.replace("{years}", years), lang, False)))
        out.append((fid, sorted(forms)))
    return out


# --------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------
def all_factchecks() -> list[dict[str, Any]]:
    """Every fact-check with its native id (what `hybridwatch factchecks import` stores)."""
    out = []
    for i, c in enumerate(CLAIMREVIEWS):
        out.append(
            dict(
                c,
                id=c["url"],
                file="claimreview.json",
                position={"index": i},
                publisher=ORGS[c["org"]][0],
                text=c["claim"],
                title=c["name"],
            )
        )
    for i, c in enumerate(EUVSDISINFO):
        out.append(
            dict(
                c,
                id=f"https://euvsdisinfo.example/report/{c['slug']}/",
                file="euvsdisinfo_cases.csv",
                position={"line": i + 2},
                lang="en",
                publisher="EUvsDisinfo (synthetic)",
                text=c["title"],
                rating="disinformation",
            )
        )
    for i, c in enumerate(EXTRA):
        out.append(
            dict(c, id=c["key"], file="extra.jsonl", position={"line": i + 1}, publisher=ORGS[c["org"]][0])
        )
    for c in out:
        c.setdefault("role", "debunk")
        c.setdefault("slots", {})
        c.setdefault("near_miss", {})
    return out


def claimreview_objects() -> list[dict[str, Any]]:
    objs = []
    for c in CLAIMREVIEWS:
        org_name, org_url = ORGS[c["org"]]
        value, names = RATINGS[c["rating"]]
        objs.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": c["url"],
                "name": c["name"],
                "claimReviewed": c["claim"],
                "datePublished": c["date"],
                "inLanguage": c["lang"],
                "author": {"@type": "Organization", "name": org_name, "url": org_url},
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": value,
                    "bestRating": 5,
                    "worstRating": 1,
                    "alternateName": names[c["lang"]],
                },
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Organization", "name": c["claimant"]},
                    "datePublished": c["claim_date"],
                    "appearance": [{"@type": "CreativeWork", "url": c["appearance"]}],
                },
            }
        )
    return objs


def euvsdisinfo_csv() -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for c in EUVSDISINFO:
        w.writerow(
            [
                c["date"],
                f"https://euvsdisinfo.example/report/{c['slug']}/",
                c["title"],
                "+".join(c["countries"]),
                "+".join(c["keywords"]),
                "+".join(c["languages"]),
                "+".join(c["outlets"]),
            ]
        )
    return buf.getvalue()


def extra_jsonl() -> str:
    lines = []
    for c in EXTRA:
        rec = {
            "id": c["key"],
            "text": c["text"],
            "title": c["title"],
            "rating": RATINGS[c["rating"]][1][c["lang"]],
            "publisher": ORGS[c["org"]][0],
            "date": c["date"],
            "url": c["url"],
            "language": c["lang"],
        }
        lines.append(json.dumps(rec, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def _range(values: list[str]) -> str:
    nums = sorted({float(v.replace(",", ".")) for v in values})
    lo, hi = f"{nums[0]:g}", f"{nums[-1]:g}"
    return lo if lo == hi else f"{lo}–{hi}"


def compute(
    gt: dict[str, Any], texts: dict[tuple[str, Any], str], fcs: list[dict[str, Any]]
) -> dict[str, Any]:
    items = gt["items"]
    known_facts = {f for it in items for f in it.get("facts") or []}
    for c in fcs:
        for fid in list(c["facts"]) + list(c["near_miss"]):
            if fid not in known_facts:
                raise SystemExit(f"{c['id']}: fact {fid!r} does not occur in the sample ground truth")
    covered = {f for c in fcs for f in c["facts"]}
    near_facts = {f for c in fcs for f in c["near_miss"]}
    heads = headline_forms()

    # claims really present in each item's text: fact id -> (slots, basis)
    present: dict[int, dict[str, tuple[dict[str, str], str]]] = {}
    not_in_text = []
    for k, it in enumerate(items):
        text = norm(texts.get((it["file"], it["id"]), ""))
        got: dict[str, tuple[dict[str, str], str]] = {}
        for fid in it.get("facts") or []:
            if fid not in covered and fid not in near_facts:
                continue
            slots = (it.get("slots") or {}).get(fid, {})
            if contains_in_order(text, fact_sentence(fid, it["lang"], slots)):
                got[fid] = (slots, "sample ground truth fact; sentence found in the text")
        for fid, forms in heads:
            if fid not in got and any(f in text for f in forms):
                got[fid] = ({}, "headline in the text states the claim")
        for fid in it.get("facts") or []:
            if fid in covered and fid not in got:
                not_in_text.append(
                    {
                        "file": it["file"],
                        "id": it["id"],
                        "lang": it["lang"],
                        "fact": fid,
                        "why": "the sample ground truth lists the fact (from the article the post links to), but neither its sentence nor a headline stating it is in the item's text",
                    }
                )
        for file, snippet, fid, slots in NOTE_CLAIMS:
            if it["file"] == file:
                if norm(snippet) not in text:
                    raise SystemExit(f"{file}: snippet not found: {snippet!r}")
                got[fid] = (slots, f'analyst note quotes the claim: "{snippet}"')
        present[k] = got

    def slot_ok(c: dict[str, Any], fid: str, slots: dict[str, str]) -> bool:
        want = c["slots"].get(fid)
        return not want or all(slots.get(s) == v for s, v in want.items())

    matches, near, narrative_only = [], [], []
    fc_lang = {c["id"]: c["lang"] for c in fcs}
    per_fc: Counter[str] = Counter()
    for k, it in enumerate(items):
        got = present[k]
        hit: dict[str, list[str]] = defaultdict(list)
        for c in fcs:
            for fid in c["facts"]:
                if fid in got and slot_ok(c, fid, got[fid][0]):
                    hit[c["id"]].append(fid)
        if hit:
            fams = {MS.base_lang(it["lang"])}
            entry = {
                "file": it["file"],
                "id": it["id"],
                "lang": it["lang"],
                "factchecks": list(hit),
                "facts": sorted({f for fs in hit.values() for f in fs}),
                "cross_lingual": [cid for cid in hit if MS.base_lang(fc_lang[cid]) not in fams],
                "cross_script": [
                    cid for cid in hit if MS.base_lang(fc_lang[cid]) in fams and fc_lang[cid] != it["lang"]
                ],
                "basis": sorted({got[f][1] for fs in hit.values() for f in fs}),
            }
            matches.append(entry)
            for cid in hit:
                per_fc[cid] += 1
        # near misses: a detail differs (other number/system/year), or the slot differs
        for c in fcs:
            if c["id"] in hit:
                continue
            for fid, why in c["near_miss"].items():
                if fid in got:
                    near.append(
                        {
                            "factcheck": c["id"],
                            "file": it["file"],
                            "id": it["id"],
                            "lang": it["lang"],
                            "fact": fid,
                            "differs": why,
                        }
                    )
            for fid, want in c["slots"].items():
                if fid in got and not slot_ok(c, fid, got[fid][0]):
                    have = got[fid][0]
                    said = ", ".join(f"{s}={have.get(s, '?')}" for s in want)
                    about = ", ".join(f"{s}={v}" for s, v in want.items())
                    near.append(
                        {
                            "factcheck": c["id"],
                            "file": it["file"],
                            "id": it["id"],
                            "lang": it["lang"],
                            "fact": fid,
                            "differs": f"the item says {said}; the fact-check is about {about}",
                        }
                    )
        if not hit and (it.get("narratives") or []):
            other = [f for f in it.get("facts") or [] if f not in covered]
            why = (
                f"states only claims that no fact-check here debunks ({', '.join(other)})"
                if other
                else "labelled with the narrative because of its link or headline; its text states no covered claim"
            )
            narrative_only.append(
                {
                    "file": it["file"],
                    "id": it["id"],
                    "lang": it["lang"],
                    "narratives": it["narratives"],
                    "why": why,
                }
            )

    # fill the near-miss descriptions with the values the sample actually uses
    vals: dict[str, list[str]] = defaultdict(list)
    for it in items:
        for fid, s in (it.get("slots") or {}).items():
            for name, v in s.items():
                vals[f"{fid}_{name}"].append(v)
    fill = {
        "kfor_troops": _range(vals["kfor_size_troops"]),
        "kfor_nat": _range(vals["kfor_size_nat"]),
        "arms_mig_n": "/".join(sorted(set(vals["arms_mig_n"]), key=int)),
        "kfor_exercise_n": _range(vals["kfor_exercise_n"]),
        "el_turnout_pct": _range(vals["el_turnout_pct_big"]),
    }
    for c in fcs:
        c["near_miss"] = {f: why.format(**fill) for f, why in c["near_miss"].items()}
    for n in near:
        n["differs"] = n["differs"].format(**fill) if "{" in n["differs"] else n["differs"]
    return {
        "matches": matches,
        "near_misses": near,
        "narrative_only": narrative_only,
        "fact_not_in_text": not_in_text,
        "per_fc": per_fc,
    }


def ground_truth(gt: dict[str, Any], fcs: list[dict[str, Any]], res: dict[str, Any]) -> dict[str, Any]:
    nar_label = gt["narratives"]
    entries = []
    for c in fcs:
        e = {
            "id": c["id"],
            "file": c["file"],
            **c["position"],
            "language": c["lang"],
            "publisher": c["publisher"],
            "claim": c["text"],
            "role": c["role"],
            "facts": c["facts"],
        }
        if c["slots"]:
            e["slots"] = c["slots"]
            e["detail"] = c.get("differs", "")
        e["narratives"] = c["narratives"]
        if c["near_miss"]:
            e["near_miss_of"] = [{"fact": f, "differs": why} for f, why in c["near_miss"].items()]
        e["expected_matches"] = res["per_fc"][c["id"]]
        entries.append(e)
    by_lang = Counter(c["lang"] for c in fcs)
    by_file = Counter(c["file"] for c in fcs)
    covered_narr = sorted({n for c in fcs if c["role"] == "debunk" for n in c["narratives"]})
    return {
        "about": "SYNTHETIC fact-check set written for hybridwatch's synthetic sample: invented organisations, verdicts and .example addresses",
        "generator": "scripts/make_sample_factchecks.py",
        "sample_ground_truth": "../ground_truth.json",
        "ids": "each id is what `hybridwatch factchecks import` stores as the fact-check id: the ClaimReview `url`, the EUvsDisinfo `id` column, the `id` of extra.jsonl",
        "match_rule": "an item is expected to match a fact-check when its text states a claim the fact-check debunks (a `facts` id whose sentence is in the text, or a sample headline that states it, or a quoted claim in an analyst note); when the fact-check has `slots`, the item's detail (number) must be the same, otherwise it is a near miss",
        "narratives": {k: nar_label[k] for k in covered_narr},
        "counts": {
            "factchecks": len(fcs),
            "per_file": dict(sorted(by_file.items())),
            "per_language": {k: by_lang[k] for k in ("en", "sr-Cyrl", "sr-Latn", "sq", "ru")},
            "per_role": dict(sorted(Counter(c["role"] for c in fcs).items())),
            "items_with_expected_match": len(res["matches"]),
            "item_factcheck_pairs": sum(len(m["factchecks"]) for m in res["matches"]),
            "cross_lingual_pairs": sum(len(m["cross_lingual"]) for m in res["matches"]),
            "cross_script_pairs": sum(len(m["cross_script"]) for m in res["matches"]),
            "near_miss_pairs": len(res["near_misses"]),
        },
        "factchecks": entries,
        "matches": res["matches"],
        "near_misses": res["near_misses"],
        "narrative_only": res["narrative_only"],
        "fact_not_in_text": res["fact_not_in_text"],
    }


def readme(g: dict[str, Any], fcs: list[dict[str, Any]]) -> str:
    c = g["counts"]
    pl = c["per_language"]
    L = []
    L.append("# Sample fact-checks (SYNTHETIC)\n")
    L.append(
        "**Everything in this folder is synthetic.** It was written for hybridwatch by "
        "`scripts/make_sample_factchecks.py` (Python standard library, no randomness, deterministic). "
        "The fact-checking organisations, their verdicts, headlines, claimants and addresses are invented; "
        "every web address uses the reserved `.example` domain, and every publisher name carries "
        '"(synthetic)" (ClaimReview objects cannot carry an `about: synthetic` field, so this README says it). '
        "No real fact-check text is copied. The verdicts describe the synthetic sample's world, not the real one; "
        "do not cite them.\n"
    )
    L.append(
        "The set covers the disinformation claims and narratives that actually occur in the bundled sample "
        "corpus (`../ground_truth.json`), in several languages and scripts, so that matching is often "
        "cross-lingual (an English EUvsDisinfo case should match a Serbian Cyrillic post). It also holds "
        "*near misses* (same topic, different detail: number, year, weapon system) and *distractors* "
        "(topics absent from the sample).\n"
    )
    L.append(
        "Regenerate with `python scripts/make_sample_factchecks.py` (it reads `scripts/make_sample.py` and "
        "the sample files, and writes only this folder).\n"
    )
    L.append("## Files\n")
    L.append("| file | format | fact-checks | en | sr-Cyrl | sr-Latn | sq | ru |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|")
    for file, fmt in (
        ("claimreview.json", "JSON array of schema.org `ClaimReview` objects"),
        (
            "euvsdisinfo_cases.csv",
            "EUvsDisinfo-style CSV, header `date,id,title,countries,keywords,languages,outlets`, multi-valued fields joined with `+`",
        ),
        (
            "extra.jsonl",
            "JSON Lines, generic form `{id, text, title, rating, publisher, date, url, language}`",
        ),
    ):
        lc = Counter(f["lang"] for f in fcs if f["file"] == file)
        L.append(
            f"| `{file}` | {fmt} | {c['per_file'][file]} | "
            + " | ".join(str(lc[k]) for k in ("en", "sr-Cyrl", "sr-Latn", "sq", "ru"))
            + " |"
        )
    L.append(
        f"| **total** | | **{c['factchecks']}** | **{pl['en']}** | **{pl['sr-Cyrl']}** | **{pl['sr-Latn']}** | **{pl['sq']}** | **{pl['ru']}** |\n"
    )
    L.append(
        "Languages are those of the claim text (`claimReviewed`, the EUvsDisinfo `title`, the `text` of extra.jsonl); "
        "EUvsDisinfo titles are always English, as on the real database.\n"
    )
    L.append("Import:\n")
    L.append(
        "```\nhybridwatch factchecks import src/hybridwatch/sample/factchecks/claimreview.json\n"
        "hybridwatch factchecks import src/hybridwatch/sample/factchecks/euvsdisinfo_cases.csv\n"
        "hybridwatch factchecks import src/hybridwatch/sample/factchecks/extra.jsonl\n```\n"
    )
    L.append(
        "Import the three files one by one (or pass `--format`): importing the whole folder would also "
        "read `ground_truth.json` as if it were fact-checks. The ids that `factchecks import` stores are "
        "the ClaimReview `url`, the EUvsDisinfo `id` column and the `id` of extra.jsonl; `ground_truth.json` "
        "uses the same ids.\n"
    )
    L.append("## Ground truth (`ground_truth.json`)\n")
    L.append(
        "- `factchecks`: per fact-check its id, file, language, claim, `role` (`debunk`, `near_miss`, "
        "`distractor`), the sample `facts` ids it debunks (and `slots` when it is about one number), its "
        "`narratives`, `near_miss_of` (what differs), and `expected_matches`."
    )
    L.append(
        "- `matches`: one entry per sample item (file and id exactly as in `../ground_truth.json`) that "
        "should match, with the fact-check ids, the facts that make it match, which of those fact-checks "
        "are in another language family (`cross_lingual`), and the basis."
    )
    L.append(
        "- `near_misses`: (fact-check, item) pairs that share the topic but differ in a detail; they must NOT match."
    )
    L.append(
        "- `narrative_only`: items labelled with a covered narrative that state no covered claim in their "
        'text (e.g. co-share posts that are only "Podelite dok ne obrišu!" and a link). No match is '
        "expected; a match there is neither right nor wrong."
    )
    L.append(
        "- `fact_not_in_text`: items whose sample ground truth lists a covered fact only because of the "
        "article they link to; the claim is not in their text, so no match is expected.\n"
    )
    L.append(
        "**Match rule.** An item should match a fact-check when its text states a claim the fact-check "
        "debunks: a sample fact whose sentence is really in the text (checked against the text, in the item's "
        "language and script), a sample headline that states the claim by itself, or a claim quoted in an "
        "analyst note (the sample ground truth lists no facts for the notes; those matches are marked). "
        "When the fact-check is about one number (`slots`), the item must carry the same number; posts with "
        'another number are near misses. Reporting that a claim was debunked ("No, NATO is not building a '
        'second base") counts, as in CheckThat! claim retrieval; naming a narrative without stating the claim '
        "(\"pro-Russian media spread the 'Albanian terrorism' narrative\") does not.\n"
    )
    L.append(
        f"**Totals.** {c['items_with_expected_match']} sample items have an expected match "
        f"({c['item_factcheck_pairs']} item–fact-check pairs, {c['cross_lingual_pairs']} of them cross-lingual); "
        f"{c['near_miss_pairs']} near-miss pairs; roles: "
        + ", ".join(f"{v} {k}" for k, v in c["per_role"].items())
        + ".\n"
    )
    L.append("### Narratives and claims covered\n")
    L.append("| narrative | sample facts | fact-checks (language) |")
    L.append("|---|---|---|")
    by_n: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in fcs:
        if f["role"] == "debunk":
            for n in f["narratives"] or ["(none)"]:
                by_n[n].append(f)
    for n, label in list(g["narratives"].items()) + [
        ("(none)", "specific false claims (no narrative label in the sample)")
    ]:
        fl = by_n.get(n, [])
        if not fl:
            continue
        facts = sorted({x for f in fl for x in f["facts"]})
        L.append(
            f"| {label} | {', '.join(f'`{x}`' for x in facts)} | "
            + "; ".join(f"{f['text'][:60]}{'…' if len(f['text']) > 60 else ''} ({f['lang']})" for f in fl)
            + " |"
        )
    L.append("")
    L.append("### Fact-checks about one number\n")
    for f in fcs:
        if f["slots"]:
            L.append(f"- `{f['id']}` ({f['lang']}): {f['text']} — {f.get('differs', '')}.")
    L.append("")
    L.append("### Near misses (must not match)\n")
    for f in fcs:
        for fid, why in f["near_miss"].items():
            n = sum(1 for x in g["near_misses"] if x["factcheck"] == f["id"] and x["fact"] == fid)
            L.append(f"- `{f['id']}` ({f['lang']}) vs `{fid}` ({n} items): {why}.")
    L.append("")
    L.append("### Distractors (no sample item should match)\n")
    for f in fcs:
        if f["role"] == "distractor":
            L.append(f"- `{f['id']}` ({f['lang']}): {f['text']}")
    L.append("")
    return "\n".join(L)


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------
def validate(gt: dict[str, Any], g: dict[str, Any]) -> None:
    data = json.loads((OUT / "claimreview.json").read_text(encoding="utf-8"))
    assert isinstance(data, list) and all(
        o["@type"] == "ClaimReview" and o["@context"] == "https://schema.org" for o in data
    )
    for o in data:
        assert "about" not in o
        assert o["url"].startswith("https://") and ".example/" in o["url"]
        assert o["author"]["name"].endswith("(synthetic)")
    with open(OUT / "euvsdisinfo_cases.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == CSV_HEADER, rows[0]
    assert all(len(r) == len(CSV_HEADER) for r in rows[1:])
    assert all(r[1].startswith("https://euvsdisinfo.example/report/") for r in rows[1:])
    extra = [
        json.loads(line)
        for line in (OUT / "extra.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert all(
        set(x) == {"id", "text", "title", "rating", "publisher", "date", "url", "language"} for x in extra
    )
    head = (OUT / "extra.jsonl").read_bytes()[:8192]
    assert (
        b"ClaimReview" not in head and b"claimReview" not in head
    )  # or the importer would sniff it as ClaimReview
    ids = [o["url"] for o in data] + [r[1] for r in rows[1:]] + [x["id"] for x in extra]
    assert len(ids) == len(set(ids)), "fact-check ids are not unique across the three files"
    gtd = json.loads((OUT / "ground_truth.json").read_text(encoding="utf-8"))
    assert [f["id"] for f in gtd["factchecks"]] == ids
    sample_ids = {(it["file"], it["id"]) for it in gt["items"]}
    for section in ("matches", "near_misses", "narrative_only", "fact_not_in_text"):
        for m in gtd[section]:
            assert (m["file"], m["id"]) in sample_ids, (section, m)
    for m in gtd["matches"]:
        assert all(fid in set(ids) for fid in m["factchecks"])
    roles = {f["id"]: f["role"] for f in gtd["factchecks"]}
    assert all(roles[fid] == "debunk" for m in gtd["matches"] for fid in m["factchecks"])
    assert all(f["expected_matches"] == 0 for f in gtd["factchecks"] if f["role"] != "debunk")
    assert all(f["expected_matches"] > 0 for f in gtd["factchecks"] if f["role"] == "debunk"), [
        f["id"] for f in gtd["factchecks"] if f["role"] == "debunk" and not f["expected_matches"]
    ]
    assert all(
        n["id"] not in {m["id"] for m in gtd["matches"] if n["factcheck"] in m["factchecks"]}
        for n in gtd["near_misses"]
    )


def main() -> None:
    gt = json.loads((SAMPLE / "ground_truth.json").read_text(encoding="utf-8"))
    texts = load_texts(gt["items"])
    fcs = all_factchecks()
    res = compute(gt, texts, fcs)
    g = ground_truth(gt, fcs, res)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "claimreview.json").write_text(
        json.dumps(claimreview_objects(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (OUT / "euvsdisinfo_cases.csv").write_text(euvsdisinfo_csv(), encoding="utf-8", newline="")
    (OUT / "extra.jsonl").write_text(extra_jsonl(), encoding="utf-8", newline="")
    (OUT / "ground_truth.json").write_text(
        json.dumps(g, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (OUT / "README.md").write_text(readme(g, fcs), encoding="utf-8")
    validate(gt, g)
    c = g["counts"]
    print(
        f"wrote {OUT.relative_to(ROOT)}: {c['factchecks']} fact-checks {c['per_file']} {c['per_language']}; "
        f"{c['items_with_expected_match']} items with an expected match, {c['near_miss_pairs']} near-miss pairs"
    )


if __name__ == "__main__":
    main()
