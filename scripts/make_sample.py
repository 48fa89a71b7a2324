#!/usr/bin/env python3
# ruff: noqa: E501 -- most of this file is multilingual sample text and README prose, kept one sentence a line
"""Generate hybridwatch's bundled SYNTHETIC sample corpus.

Everything this script writes is invented for hybridwatch: the texts, the accounts, the
outlets and their ``.example`` domains. No real article or post is copied; real public
figures appear only in plausible, generic news sentences and in clearly labelled
disinformation *narratives* that the tool is meant to detect.

Usage::

    python scripts/make_sample.py            # writes src/hybridwatch/sample/

The output is deterministic (``random.Random(2026)``, fixed archive timestamps), so the
same bytes come out on every run. Python 3.11 standard library only.
"""

from __future__ import annotations

import csv
import fnmatch
import gzip
import io
import json
import random
import re
import unicodedata
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from xml.sax.saxutils import escape as _xesc

SEED = 2026
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "hybridwatch" / "sample"
START = datetime(2024, 1, 1, tzinfo=UTC)
END = datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC)
CAMPAIGN_URL = "https://pravda-srbija.example/kfor-okupator"
SYNTH = "SYNTHETIC sample written for hybridwatch: invented texts, accounts and outlets"
LANGS = ["en", "sr-Cyrl", "sr-Latn", "sq", "ru"]

# --------------------------------------------------------------------------------------
# Scripts, diacritics, slugs
# --------------------------------------------------------------------------------------
_LAT2CYR_DI = {
    "Lj": "Љ",
    "LJ": "Љ",
    "lj": "љ",
    "Nj": "Њ",
    "NJ": "Њ",
    "nj": "њ",
    "Dž": "Џ",
    "DŽ": "Џ",
    "dž": "џ",
}
_LAT2CYR = dict(
    zip(
        "abcčćdđefghijklmnoprsštuvzžABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ",
        "абцчћдђефгхијклмнопрсштувзжАБЦЧЋДЂЕФГХИЈКЛМНОПРСШТУВЗЖ",
        strict=True,
    )
)
_CYR2LAT = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ђ": "dj",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "ј": "j",
    "к": "k",
    "л": "l",
    "љ": "lj",
    "м": "m",
    "н": "n",
    "њ": "nj",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ћ": "c",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "ch",
    "џ": "dz",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}
_SKIP = re.compile(r"(https?://\S+|@\w+)")


def lat2cyr(text: str) -> str:
    """Serbian Latin -> Serbian Cyrillic; URLs and @handles are left alone."""
    out = []
    for i, chunk in enumerate(_SKIP.split(text)):
        if i % 2:
            out.append(chunk)
            continue
        if re.search(r"[qwxyQWXY]", chunk):
            raise ValueError(f"non-Serbian letter in text to transliterate: {chunk!r}")
        for di, cy in _LAT2CYR_DI.items():
            chunk = chunk.replace(di, cy)
        out.append("".join(_LAT2CYR.get(c, c) for c in chunk))
    return "".join(out)


def strip_sr(text: str) -> str:
    table = str.maketrans({"š": "s", "č": "c", "ć": "c", "ž": "z", "Š": "S", "Č": "C", "Ć": "C", "Ž": "Z"})
    return text.replace("đ", "dj").replace("Đ", "Dj").translate(table)


def strip_sq(text: str) -> str:
    return text.translate(str.maketrans({"ë": "e", "Ë": "E", "ç": "c", "Ç": "C"}))


_SR_CYR2LAT = dict(_CYR2LAT, ж="z", ч="c", ш="s", х="h")


def slugify(text: str, limit: int = 60, serbian: bool = False) -> str:
    table = _SR_CYR2LAT if serbian else _CYR2LAT
    s = "".join(table.get(c, c) for c in text.lower())
    s = s.replace("đ", "dj")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:limit].rstrip("-")


def to_script(text: str, lang: str, ascii_fold: bool) -> str:
    if lang == "sr-Cyrl":
        return lat2cyr(text)
    if lang == "sr-Latn" and ascii_fold:
        return strip_sr(text)
    if lang == "sq" and ascii_fold:
        return strip_sq(text)
    return text


def base_lang(lang: str) -> str:
    return "sr" if lang.startswith("sr") else lang


# --------------------------------------------------------------------------------------
# Time zones and date formats
# --------------------------------------------------------------------------------------
def _last_sunday(year: int, month: int) -> datetime:
    d = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC) - timedelta(days=1)
    while d.weekday() != 6:
        d -= timedelta(days=1)
    return d


def eu_summer(dt: datetime) -> bool:
    start = _last_sunday(dt.year, 3).replace(hour=1)
    end = _last_sunday(dt.year, 10).replace(hour=1)
    return start <= dt < end


def belgrade(dt: datetime) -> datetime:
    return dt.astimezone(timezone(timedelta(hours=2 if eu_summer(dt) else 1)))


def moscow(dt: datetime) -> datetime:
    return dt.astimezone(timezone(timedelta(hours=3)))


MONTH_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_SR_GEN = [
    "januara",
    "februara",
    "marta",
    "aprila",
    "maja",
    "juna",
    "jula",
    "avgusta",
    "septembra",
    "oktobra",
    "novembra",
    "decembra",
]
MONTH_SR_LOC = [
    "januaru",
    "februaru",
    "martu",
    "aprilu",
    "maju",
    "junu",
    "julu",
    "avgustu",
    "septembru",
    "oktobru",
    "novembru",
    "decembru",
]
MONTH_SQ = [
    "janar",
    "shkurt",
    "mars",
    "prill",
    "maj",
    "qershor",
    "korrik",
    "gusht",
    "shtator",
    "tetor",
    "nëntor",
    "dhjetor",
]
MONTH_RU_GEN = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
MONTH_RU_PREP = [
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
]


def day_month(d: datetime, base: str, rng: random.Random) -> str:
    m = d.month - 1
    if base == "en":
        return f"{MONTH_EN[m]} {d.day}" if rng.random() < 0.4 else f"{d.day} {MONTH_EN[m]}"
    if base == "sr":
        return f"{d.day}. {MONTH_SR_GEN[m]}"
    if base == "sq":
        return f"{d.day} {MONTH_SQ[m]}"
    return f"{d.day} {MONTH_RU_GEN[m]}"


def month_word(d: datetime, base: str) -> str:
    m = (d.month - 2) % 12  # the previous month: statistics come out a month later
    return {"en": MONTH_EN, "sr": MONTH_SR_LOC, "sq": MONTH_SQ, "ru": MONTH_RU_PREP}[base][m]


def rand_dt(
    rng: random.Random, lo: datetime = START, hi: datetime = END, avoid: list[datetime] | None = None
) -> datetime:
    while True:
        dt = lo + timedelta(seconds=rng.randrange(int((hi - lo).total_seconds())))
        if 6 <= belgrade(dt).hour or rng.random() < 0.15:  # fewer posts at night
            if not avoid or all(abs((dt - a).total_seconds()) > 3600 for a in avoid):
                return dt


def zulu(dt: datetime, millis: bool = False) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + (".000Z" if millis else "Z")


# --------------------------------------------------------------------------------------
# Content: parallel "facts" (one claim, four languages; Serbian written in Latin script
# and transliterated to Cyrillic on demand). Narratives are labels from context.md.
# Slots: {n} {troops} {nat} {pct} {pct_big} {date} {month} {years} {pristina} {mitrovica}
# --------------------------------------------------------------------------------------
NARRATIVES = {
    "occupier": "KFOR/NATO as occupier",
    "kosovo_serbia": "Kosovo is Serbia",
    "aggression_1999": "NATO aggression of 1999",
    "west_imposes": "the West imposes, Russia protects",
    "albanian_terrorism": "Albanian terrorism",
    "eu_abandoned": "the EU has abandoned the Balkans",
    "nato_enlargement": "NATO enlargement provokes Russia",
}
NEWS_TOPICS = [
    "kfor",
    "dialogue",
    "energy",
    "elections",
    "pfp",
    "nis",
    "arms",
    "border",
    "bridge",
    "recognition",
    "weather",
    "sports",
    "economy",
    "factcheck",
]

FACTS: list[dict[str, Any]] = []
HEADLINES: list[dict[str, Any]] = []


def F(fid: str, topic: str, en: str, sr: str, sq: str | None, ru: str, **kw: Any) -> None:
    FACTS.append(dict(id=fid, topic=topic, en=en, sr=sr, sq=sq, ru=ru, **kw))


def H(topic: str, en: str, sr: str, sq: str | None, ru: str, **kw: Any) -> None:
    HEADLINES.append(dict(id=f"h-{topic}-{len(HEADLINES)}", topic=topic, en=en, sr=sr, sq=sq, ru=ru, **kw))


# ---- KFOR ----
F(
    "kfor_patrols",
    "kfor",
    "KFOR increased patrols around {mitrovica} on {date}, a mission spokesperson said, adding that the situation was calm but tense.",
    "KFOR je {date} pojačao patrole oko Kosovske Mitrovice, saopštio je portparol misije i dodao da je situacija mirna, ali napeta.",
    "KFOR-i shtoi patrullimet rreth Mitrovicës më {date}, tha zëdhënësi i misionit, duke shtuar se situata është e qetë, por e tensionuar.",
    "КФОР {date} усилил патрулирование в районе Косовской Митровицы, сообщил представитель миссии, добавив, что обстановка спокойная, но напряжённая.",
)
F(
    "kfor_exercise",
    "kfor",
    "About {n} soldiers from the Italian and Polish contingents took part in a joint exercise near Camp Bondsteel this week.",
    "Oko {n} vojnika iz italijanskog i poljskog kontingenta učestvovalo je ove nedelje u zajedničkoj vežbi kod baze Bondstil.",
    "Rreth {n} ushtarë nga kontingjentet italian dhe polak morën pjesë këtë javë në një stërvitje të përbashkët pranë Kampit Bondsteel.",
    "Около {n} военнослужащих итальянского и польского контингентов на этой неделе приняли участие в совместных учениях у базы Бондстил.",
    n=(60, 400, 10),
)
F(
    "kfor_size",
    "kfor",
    "KFOR currently has about {troops} troops from {nat} NATO allies and partner countries.",
    "KFOR trenutno ima oko {troops} vojnika iz {nat} zemalja članica NATO-a i partnera.",
    "KFOR-i aktualisht ka rreth {troops} ushtarë nga {nat} vende aleate dhe partnere të NATO-s.",
    "Сейчас в составе КФОР около {troops} военнослужащих из {nat} стран НАТО и государств-партнёров.",
)
F(
    "kfor_denial",
    "kfor",
    "KFOR said it had no information about the alleged incident and urged citizens to rely only on verified sources.",
    "Iz KFOR-a su poručili da nemaju informacije o navodnom incidentu i pozvali građane da veruju samo proverenim izvorima.",
    "KFOR-i tha se nuk ka informacione për incidentin e pretenduar dhe u bëri thirrje qytetarëve t'u besojnë vetëm burimeve të verifikuara.",
    "В КФОР заявили, что не располагают информацией о предполагаемом инциденте, и призвали доверять только проверенным источникам.",
)
F(
    "kfor_commander",
    "kfor",
    "The KFOR commander met mayors from the northern municipalities to discuss freedom of movement and security.",
    "Komandant KFOR-a sastao se sa predsednicima opština sa severa Kosova kako bi razgovarali o slobodi kretanja i bezbednosti.",
    "Komandanti i KFOR-it u takua me kryetarët e komunave veriore për të diskutuar lirinë e lëvizjes dhe sigurinë.",
    "Командующий КФОР встретился с главами северных общин, чтобы обсудить свободу передвижения и безопасность.",
)

# ---- EU-facilitated dialogue ----
F(
    "dlg_resumed",
    "dialogue",
    "The EU-facilitated dialogue between Belgrade and {pristina} resumed in Brussels on {date} without a breakthrough.",
    "Dijalog Beograda i Prištine uz posredovanje EU nastavljen je {date} u Briselu, ali bez pomaka.",
    "Dialogu Kosovë–Serbi me ndërmjetësimin e BE-së rifilloi në Bruksel më {date}, por pa ndonjë përparim.",
    "Диалог Белграда и Приштины при посредничестве ЕС возобновился в Брюсселе {date}, однако прорыва не произошло.",
)
F(
    "dlg_separate",
    "dialogue",
    "Vučić and Kurti did not meet face to face; the EU envoy held separate sessions with both delegations.",
    "Vučić i Kurti nisu se sastali licem u lice, već je izaslanik EU odvojeno razgovarao sa obe delegacije.",
    "Vuçiq dhe Kurti nuk u takuan ballë për ballë; i dërguari i BE-së zhvilloi takime të veçanta me të dyja delegacionet.",
    "Вучич и Курти не встретились лично: спецпредставитель ЕС провёл отдельные встречи с обеими делегациями.",
)
F(
    "dlg_kallas",
    "dialogue",
    'Kaja Kallas said the normalisation agreement must be implemented "without further delay".',
    "Kaja Kalas izjavila je da se sporazum o normalizaciji mora sprovesti „bez daljeg odlaganja“.",
    "Kaja Kallas deklaroi se marrëveshja për normalizim duhet të zbatohet „pa vonesa të mëtejshme“.",
    "Кая Каллас заявила, что соглашение о нормализации должно быть выполнено «без дальнейших промедлений».",
    after="2024-12-01",
)
F(
    "dlg_association",
    "dialogue",
    "The Association of Serb-majority Municipalities remains the main sticking point in the talks.",
    "Zajednica srpskih opština i dalje je glavni kamen spoticanja u pregovorima.",
    "Asociacioni i komunave me shumicë serbe mbetet pika kryesore e mosmarrëveshjes në bisedime.",
    "Главным камнем преткновения на переговорах остаётся Сообщество сербских общин.",
)
F(
    "dlg_borrell",
    "dialogue",
    "Borrell warned that both sides risked losing EU funds if tensions in the north continued.",
    "Borelj je upozorio da obe strane rizikuju gubitak evropskih sredstava ako se tenzije na severu nastave.",
    "Borrell paralajmëroi se të dyja palët rrezikojnë humbjen e fondeve të BE-së nëse tensionet në veri vazhdojnë.",
    "Боррель предупредил, что обе стороны рискуют лишиться средств ЕС, если напряжённость на севере сохранится.",
    before="2024-12-01",
)

# ---- Energy ----
F(
    "en_price",
    "energy",
    "Household electricity prices in Serbia will rise by {pct}% from {date}, the energy regulator said.",
    "Cena struje za domaćinstva u Srbiji biće povećana za {pct} odsto od {date}, saopštila je Agencija za energetiku.",
    "Çmimi i energjisë elektrike për familjet në Serbi do të rritet me {pct} për qind nga {date}, njoftoi rregullatori.",
    "Тарифы на электроэнергию для населения Сербии вырастут на {pct}% с {date}, сообщил энергетический регулятор.",
    date="future",
)
F(
    "en_outage",
    "energy",
    "A transformer failure left {n} villages near Zvečan without power overnight.",
    "Zbog kvara na trafostanici, {n} sela u okolini Zvečana ostalo je bez struje tokom noći.",
    "Për shkak të një defekti në trafostacion, {n} fshatra pranë Zveçanit mbetën pa energji gjatë natës.",
    "Из-за аварии на трансформаторной подстанции {n} сёл под Звечаном ночью остались без электричества.",
    n=(5, 30),
)
F(
    "en_agreement",
    "energy",
    "The energy agreement reached in the dialogue has still not been fully implemented in the four northern municipalities.",
    "Energetski sporazum postignut u dijalogu još uvek nije u potpunosti primenjen u četiri opštine na severu.",
    "Marrëveshja për energjinë e arritur në dialog ende nuk është zbatuar plotësisht në katër komunat veriore.",
    "Энергетическое соглашение, достигнутое в рамках диалога, до сих пор не выполнено полностью в четырёх северных общинах.",
)
F(
    "en_gas",
    "energy",
    "Belgrade says Russian gas supplies to Serbia will continue at a preferential price despite pressure over EU sanctions.",
    "Iz Beograda poručuju da će se isporuke ruskog gasa Srbiji nastaviti po povlašćenoj ceni uprkos pritisku zbog sankcija EU.",
    "Beogradi thotë se furnizimi i Serbisë me gaz rus do të vazhdojë me çmim preferencial, pavarësisht presionit për sanksionet e BE-së.",
    "В Белграде заявляют, что поставки российского газа в Сербию продолжатся по льготной цене, несмотря на давление ЕС из-за санкций.",
)
F(
    "en_solar",
    "energy",
    "A new solar plant with a capacity of {n} megawatts was connected to the grid near Prizren.",
    "Nova solarna elektrana kapaciteta {n} megavata priključena je na mrežu kod Prizrena.",
    "Një central i ri diellor me kapacitet prej {n} megavatësh u lidh me rrjetin pranë Prizrenit.",
    "Новая солнечная электростанция мощностью {n} мегаватт подключена к сети под Призреном.",
    n=(5, 50),
)

# ---- Elections ----
F(
    "el_turnout",
    "elections",
    "Turnout in Kosovo's parliamentary elections on 9 February 2025 was about {pct_big}%.",
    "Izlaznost na parlamentarnim izborima na Kosovu 9. februara 2025. bila je oko {pct_big} odsto.",
    "Pjesëmarrja në zgjedhjet parlamentare të 9 shkurtit 2025 në Kosovë ishte rreth {pct_big} për qind.",
    "Явка на парламентских выборах в Косово 9 февраля 2025 года составила около {pct_big}%.",
    after="2025-02-10",
)
F(
    "el_osce",
    "elections",
    "OSCE observers said the vote was competitive and reported no major irregularities.",
    "Posmatrači OEBS-a ocenili su da su izbori bili kompetitivni i nisu zabeležili veće nepravilnosti.",
    "Vëzhguesit e OSBE-së thanë se votimi ishte konkurrues dhe nuk raportuan parregullsi të mëdha.",
    "Наблюдатели ОБСЕ назвали выборы конкурентными и не сообщили о серьёзных нарушениях.",
    after="2025-02-10",
)
F(
    "el_osmani",
    "elections",
    "President Osmani called on all parties to form the new institutions as quickly as possible.",
    "Predsednica Osmani pozvala je sve stranke da što pre formiraju nove institucije.",
    "Presidentja Osmani u bëri thirrje të gjitha partive që të formojnë institucionet e reja sa më shpejt.",
    "Президент Османи призвала все партии как можно скорее сформировать новые институты.",
    after="2025-02-10",
)
F(
    "el_srpska_lista",
    "elections",
    "The Serb List again won most of the seats reserved for the Serb community.",
    "Srpska lista ponovo je osvojila većinu mandata rezervisanih za srpsku zajednicu.",
    "Lista Serbe fitoi sërish shumicën e ulëseve të rezervuara për komunitetin serb.",
    "«Сербский список» вновь получил большинство мест, зарезервированных для сербской общины.",
    after="2025-02-10",
)

# ---- Partnership for Peace / NATO ----
F(
    "pfp_blocked",
    "pfp",
    "Kosovo's bid to join NATO's Partnership for Peace remains blocked because four allies do not recognise its independence.",
    "Priština ne može da uđe u NATO program Partnerstvo za mir jer četiri članice Alijanse ne priznaju nezavisnost Kosova.",
    "Kosova ende nuk mund të anëtarësohet në Partneritetin për Paqe të NATO-s, sepse katër aleatë nuk e njohin pavarësinë e saj.",
    "Косово не может вступить в программу НАТО «Партнёрство ради мира», поскольку четыре члена альянса не признают его независимость.",
)
F(
    "pfp_osmani",
    "pfp",
    "Osmani said that joining the Partnership for Peace remains a strategic priority for Kosovo.",
    "Osmani je izjavila da je ulazak u Partnerstvo za mir i dalje strateški prioritet Kosova.",
    "Osmani deklaroi se anëtarësimi në Partneritetin për Paqe mbetet prioritet strategjik për Kosovën.",
    "Османи заявила, что вступление в «Партнёрство ради мира» остаётся стратегическим приоритетом Косово.",
)
F(
    "pfp_rutte",
    "pfp",
    "Rutte told reporters in Brussels that NATO's door remains open, but declined to comment on Kosovo specifically.",
    "Rute je novinarima u Briselu rekao da su vrata NATO-a otvorena, ali je odbio da komentariše Kosovo.",
    "Rutte u tha gazetarëve në Bruksel se dera e NATO-s mbetet e hapur, por refuzoi të komentojë posaçërisht për Kosovën.",
    "Рютте заявил журналистам в Брюсселе, что двери НАТО остаются открытыми, но отказался комментировать ситуацию с Косово.",
    after="2024-10-02",
)
F(
    "pfp_stoltenberg",
    "pfp",
    'In 2024 Stoltenberg said that KFOR would remain in Kosovo "as long as necessary".',
    "Stoltenberg je 2024. izjavio da će KFOR ostati na Kosovu „koliko god bude potrebno“.",
    "Stoltenberg deklaroi në vitin 2024 se KFOR-i do të qëndrojë në Kosovë „për aq kohë sa të jetë e nevojshme“.",
    "В 2024 году Столтенберг заявил, что КФОР останется в Косово «столько, сколько потребуется».",
    after="2024-06-01",
)

# ---- Russian-Serbian Humanitarian Center, Niš ----
F(
    "nis_status",
    "nis",
    "The Russian-Serbian Humanitarian Center in Niš has again asked for diplomatic status for its staff.",
    "Rusko-srpski humanitarni centar u Nišu ponovo je zatražio diplomatski status za svoje osoblje.",
    "Qendra Humanitare Ruso-Serbe në Nish ka kërkuar sërish status diplomatik për stafin e saj.",
    "Российско-сербский гуманитарный центр в Нише вновь добивается дипломатического статуса для своих сотрудников.",
)
F(
    "nis_suspect",
    "nis",
    "Western diplomats have long suspected that the center in Niš could serve as an intelligence outpost, which Moscow denies.",
    "Zapadne diplomate godinama sumnjaju da bi centar u Nišu mogao da služi kao obaveštajna baza, što Moskva odbacuje.",
    "Diplomatët perëndimorë prej kohësh dyshojnë se qendra në Nish mund të shërbejë si bazë zbulimi, gjë që Moska e mohon.",
    "Западные дипломаты давно подозревают, что центр в Нише может использоваться как разведывательный пункт, в Москве это отрицают.",
)
F(
    "nis_rescuers",
    "nis",
    "The center says its rescuers have helped put out {n} wildfires and cleared mines across the region since 2012.",
    "Iz centra navode da su njihovi spasioci od 2012. godine pomogli u gašenju {n} požara i razminiranju u regionu.",
    "Qendra thotë se shpëtimtarët e saj kanë ndihmuar në shuarjen e {n} zjarreve dhe në çminimin në rajon që nga viti 2012.",
    "В центре утверждают, что с 2012 года их спасатели помогли потушить {n} лесных пожаров и провели разминирование в регионе.",
    n=(25, 120),
)

# ---- Arms ----
F(
    "arms_pantsir",
    "arms",
    "Serbia displayed its Pantsir-S1 air defence systems at a military parade near Belgrade.",
    "Vojska Srbije prikazala je sisteme protivvazdušne odbrane Pancir-S1 na vojnoj paradi kod Beograda.",
    "Serbia shfaqi sistemet e mbrojtjes ajrore Pantsir-S1 në një paradë ushtarake pranë Beogradit.",
    "Сербия продемонстрировала зенитные ракетно-пушечные комплексы «Панцирь-С1» на военном параде под Белградом.",
)
F(
    "arms_s400",
    "arms",
    "Reports that Serbia will receive S-400 systems from Russia have not been confirmed by either government.",
    "Navode da će Srbija dobiti sisteme S-400 od Rusije nije potvrdila nijedna od dve vlade.",
    "Raportimet se Serbia do të marrë sistemet S-400 nga Rusia nuk janë konfirmuar nga asnjëra qeveri.",
    "Сообщения о том, что Сербия получит от России системы С-400, не подтвердило ни одно из правительств.",
)
F(
    "arms_mig",
    "arms",
    "Serbia received {n} MiG-29 fighter jets from Russia and Belarus between 2017 and 2019.",
    "Srbija je od 2017. do 2019. godine dobila {n} aviona MiG-29 od Rusije i Belorusije.",
    "Serbia mori {n} avionë luftarakë MiG-29 nga Rusia dhe Bjellorusia mes viteve 2017 dhe 2019.",
    "В 2017–2019 годах Сербия получила от России и Белоруссии {n} истребителей МиГ-29.",
    n=[10, 10, 10, 11, 12, 14, 16],
)
F(
    "arms_rafale",
    "arms",
    "Belgrade has also ordered 12 Rafale jets from France, a sign that it is diversifying its suppliers.",
    "Beograd je naručio i 12 aviona Rafal od Francuske, što pokazuje da diversifikuje dobavljače.",
    "Beogradi ka porositur edhe 12 avionë Rafale nga Franca, shenjë se po diversifikon furnizuesit.",
    "Белград также заказал у Франции 12 истребителей Rafale, что говорит о диверсификации поставщиков.",
    after="2024-09-01",
)
F(
    "arms_batajnica",
    "arms",
    "Pro-government media claimed on {date} that a new shipment of Russian weapons had arrived at Batajnica airbase.",
    "Provladini mediji tvrdili su {date} da je na aerodrom Batajnica stigla nova pošiljka ruskog naoružanja.",
    "Mediat provladitare pretenduan më {date} se në aeroportin e Batajnicës mbërriti një dërgesë e re armësh ruse.",
    "Проправительственные СМИ {date} сообщили о прибытии на авиабазу Батайница новой партии российского вооружения.",
)

# ---- Border crossings ----
F(
    "br_jarinje",
    "border",
    "Long queues formed at the Jarinje crossing on {date}, with trucks waiting up to {n} hours.",
    "Na prelazu Jarinje {date} formirane su duge kolone, a kamioni su čekali i do {n} sati.",
    "Në pikën kufitare të Jarinjës u krijuan radhë të gjata më {date}, ku kamionët pritën deri në {n} orë.",
    "На КПП Яринье {date} образовались длинные очереди, грузовики ждали до {n} часов.",
    n=(5, 9),
)
F(
    "br_merdare",
    "border",
    "Kosovo Police closed the Merdare crossing for several hours because of a technical problem with the customs system.",
    "Kosovska policija zatvorila je prelaz Merdare na nekoliko sati zbog tehničkog problema sa carinskim sistemom.",
    "Policia e Kosovës mbylli pikën kufitare të Merdares për disa orë për shkak të një problemi teknik me sistemin doganor.",
    "Косовская полиция на несколько часов закрыла КПП Мердаре из-за технического сбоя в таможенной системе.",
)
F(
    "br_plates",
    "border",
    "From {date}, cars with Serbian licence plates can enter Kosovo without temporary plates under the deal reached in the dialogue.",
    "Od {date} automobili sa srpskim tablicama mogu da uđu na Kosovo bez privremenih tablica, u skladu sa dogovorom iz dijaloga.",
    "Nga {date}, veturat me targa serbe mund të hyjnë në Kosovë pa targa të përkohshme, sipas marrëveshjes së arritur në dialog.",
    "С {date} автомобили с сербскими номерами могут въезжать в Косово без временных номеров согласно договорённости, достигнутой в диалоге.",
    date="future",
)

# ---- Mitrovica bridge ----
F(
    "bridge_open",
    "bridge",
    "Kurti's government announced plans to reopen the main bridge over the Ibar in {mitrovica} to vehicle traffic.",
    "Kurtijeva vlada najavila je otvaranje glavnog mosta na Ibru u Mitrovici za saobraćaj vozila.",
    "Qeveria Kurti njoftoi planin për hapjen e urës kryesore mbi Ibër në Mitrovicë për qarkullimin e automjeteve.",
    "Правительство Курти объявило о планах открыть главный мост через Ибар в Митровице для автомобильного движения.",
)
F(
    "bridge_protest",
    "bridge",
    "Hundreds of residents of North Mitrovica protested against the opening of the bridge, saying they feared for their safety.",
    "Nekoliko stotina stanovnika Severne Mitrovice protestovalo je protiv otvaranja mosta, navodeći da strahuju za svoju bezbednost.",
    "Qindra banorë të Mitrovicës së Veriut protestuan kundër hapjes së urës, duke thënë se kanë frikë për sigurinë e tyre.",
    "Несколько сотен жителей Северной Митровицы вышли на протест против открытия моста, заявив, что опасаются за свою безопасность.",
)
F(
    "bridge_coord",
    "bridge",
    "KFOR and the EU urged {pristina} to coordinate any decision on the bridge with international partners.",
    "KFOR i EU pozvali su Prištinu da svaku odluku o mostu koordinira sa međunarodnim partnerima.",
    "KFOR-i dhe BE-ja i bënë thirrje Prishtinës që çdo vendim për urën ta koordinojë me partnerët ndërkombëtarë.",
    "КФОР и ЕС призвали Приштину согласовывать любые решения по мосту с международными партнёрами.",
)

# ---- Recognition ----
F(
    "rec_withdraw",
    "recognition",
    "Serbian officials claim that {n} countries have withdrawn their recognition of Kosovo; {pristina} disputes the figure.",
    "Zvaničnici u Beogradu tvrde da je {n} zemalja povuklo priznanje Kosova, što Priština osporava.",
    "Zyrtarët serbë pretendojnë se {n} shtete e kanë tërhequr njohjen e Kosovës, ndërsa Prishtina e kundërshton këtë shifër.",
    "Сербские официальные лица утверждают, что {n} государств отозвали признание Косово, в Приштине эту цифру оспаривают.",
    n=(15, 30),
)
F(
    "rec_eu5",
    "recognition",
    "Five EU member states — Spain, Greece, Romania, Slovakia and Cyprus — do not recognise Kosovo.",
    "Pet članica EU – Španija, Grčka, Rumunija, Slovačka i Kipar – ne priznaju Kosovo.",
    "Pesë shtete anëtare të BE-së – Spanja, Greqia, Rumania, Sllovakia dhe Qiproja – nuk e njohin Kosovën.",
    "Пять стран ЕС — Испания, Греция, Румыния, Словакия и Кипр — не признают Косово.",
)
F(
    "rec_110",
    "recognition",
    "Kosovo's foreign ministry says more than 110 countries have recognised its independence since 2008.",
    "Ministarstvo spoljnih poslova u Prištini navodi da je više od 110 država priznalo nezavisnost Kosova od 2008. godine.",
    "Ministria e Punëve të Jashtme thotë se mbi 110 shtete e kanë njohur pavarësinë e Kosovës që nga viti 2008.",
    "МИД в Приштине утверждает, что с 2008 года независимость Косово признали более 110 государств.",
)
F(
    "rec_lavrov",
    "recognition",
    "Lavrov said Moscow would never recognise Kosovo's unilateral declaration of independence.",
    "Lavrov je izjavio da Moskva nikada neće priznati jednostrano proglašenu nezavisnost Kosova.",
    "Lavrov deklaroi se Moska nuk do ta njohë kurrë pavarësinë e shpallur në mënyrë të njëanshme të Kosovës.",
    "Лавров заявил, что Москва никогда не признает одностороннее провозглашение независимости Косово.",
)

# ---- Weather, sports, economy (organic background) ----
F(
    "w_snow",
    "weather",
    "Heavy snow closed several mountain roads in southern Serbia, and temperatures are expected to fall to minus {n} degrees.",
    "Obilan sneg zatvorio je nekoliko planinskih puteva na jugu Srbije, a temperatura bi mogla da padne i do minus {n} stepeni.",
    "Bora e dendur bllokoi disa rrugë malore në jug të Serbisë, ndërsa temperaturat pritet të bien deri në minus {n} gradë.",
    "Сильный снегопад перекрыл несколько горных дорог на юге Сербии, температура может опуститься до минус {n} градусов.",
    n=(5, 18),
    months={11, 12, 1, 2, 3},
)
F(
    "w_heat",
    "weather",
    "A heatwave with temperatures of up to {n}°C is forecast for {pristina} and Skopje this weekend.",
    "Za vikend se u Prištini i Skoplju očekuje toplotni talas sa temperaturama do {n} stepeni.",
    "Për fundjavë në Prishtinë dhe Shkup parashikohet valë të nxehti me temperatura deri në {n} gradë.",
    "На выходных в Приштине и Скопье ожидается жара до {n} градусов.",
    n=(35, 40),
    months={6, 7, 8},
)
F(
    "w_flood",
    "weather",
    "Floods in the Drina valley damaged roads and forced the evacuation of {n} families.",
    "Poplave u dolini Drine oštetile su puteve, a evakuisano je {n} porodica.",
    "Përmbytjet në luginën e Drinës dëmtuan rrugët dhe detyruan evakuimin e {n} familjeve.",
    "Наводнение в долине Дрины повредило дороги, было эвакуировано {n} семей.",
    n=(15, 90),
    months={3, 4, 5, 10, 11},
)
F(
    "sp_derby",
    "sports",
    "Red Star beat Partizan 2–1 in the Belgrade derby on Sunday.",
    "Crvena zvezda pobedila je Partizan rezultatom 2:1 u večitom derbiju u nedelju.",
    "Crvena Zvezda mundi Partizanin 2–1 në derbin e Beogradit të dielën.",
    "«Црвена Звезда» в воскресенье обыграла «Партизан» в белградском дерби со счётом 2:1.",
)
F(
    "sp_basket",
    "sports",
    "Serbia's national basketball team qualified for EuroBasket after a win over Finland.",
    "Košarkaška reprezentacija Srbije plasirala se na Evrobasket posle pobede nad Finskom.",
    "Kombëtarja e basketbollit e Serbisë u kualifikua në EuroBasket pas fitores ndaj Finlandës.",
    "Сборная Сербии по баскетболу вышла на Евробаскет после победы над Финляндией.",
)
F(
    "sp_marathon",
    "sports",
    "More than {n} runners took part in the Prishtina half marathon despite the rain.",
    "Više od {n} trkača učestvovalo je na polumaratonu u Prištini uprkos kiši.",
    "Mbi {n} vrapues morën pjesë në gjysmëmaratonën e Prishtinës pavarësisht shiut.",
    "Более {n} бегунов приняли участие в полумарафоне в Приштине, несмотря на дождь.",
    n=(1500, 3000, 100),
)
F(
    "sp_football_ks",
    "sports",
    "Prishtina beat Drita 2–1 in a tense league match on Saturday.",
    "Priština je u subotu pobedila Dritu rezultatom 2:1 u napetoj prvenstvenoj utakmici.",
    "Prishtina mundi Dritën 2–1 në një ndeshje të tensionuar kampionati të shtunën.",
    "«Приштина» в субботу обыграла «Дриту» со счётом 2:1 в напряжённом матче чемпионата.",
)
F(
    "ec_growth",
    "economy",
    "Kosovo's economy grew by {pct}% last year, according to preliminary data from the statistics agency.",
    "Privreda Kosova porasla je prošle godine za {pct} odsto, pokazuju preliminarni podaci statističke agencije.",
    "Ekonomia e Kosovës u rrit me {pct} për qind vitin e kaluar, sipas të dhënave paraprake të agjencisë së statistikave.",
    "Экономика Косово в прошлом году выросла на {pct}%, по предварительным данным статистического агентства.",
)
F(
    "ec_dinar",
    "economy",
    "The central bank's decision to make the euro the only legal currency is still causing problems for Serbs in the north.",
    "Odluka Centralne banke Kosova da evro bude jedina zakonita valuta i dalje stvara probleme Srbima na severu.",
    "Vendimi i Bankës Qendrore që euro të jetë e vetmja valutë ligjore ende u krijon probleme serbëve në veri.",
    "Решение центрального банка Косово сделать евро единственной законной валютой по-прежнему создаёт проблемы для сербов на севере.",
    after="2024-02-05",
)
F(
    "ec_inflation",
    "economy",
    "Inflation in Serbia slowed to {pct}% in {month}, the statistical office said.",
    "Inflacija u Srbiji usporila je u {month} na {pct} odsto, saopštio je Republički zavod za statistiku.",
    "Inflacioni në Serbi ra në {pct} për qind në {month}, njoftoi enti i statistikave.",
    "Инфляция в Сербии в {month} замедлилась до {pct}%, сообщило статистическое ведомство.",
)
F(
    "ec_remit",
    "economy",
    "Remittances from the diaspora remain a key source of income for many families in Kosovo.",
    "Doznake iz dijaspore i dalje su važan izvor prihoda za mnoge porodice na Kosovu.",
    "Remitancat nga diaspora mbeten burim kryesor i të ardhurave për shumë familje në Kosovë.",
    "Денежные переводы от диаспоры остаются важным источником дохода для многих семей в Косово.",
)
F(
    "ec_trade_ru",
    "economy",
    "Trade between Russia and Serbia rose by {pct}% last year, according to the Russian economy ministry.",
    "Robna razmena Rusije i Srbije porasla je prošle godine za {pct} odsto, prema podacima ruskog ministarstva ekonomije.",
    "Tregtia mes Rusisë dhe Serbisë u rrit me {pct} për qind vitin e kaluar, sipas ministrisë ruse të ekonomisë.",
    "Товарооборот России и Сербии в прошлом году вырос на {pct}%, сообщили в Минэкономразвития РФ.",
)

# ---- Fact checks (debunks and rebuttals) ----
F(
    "fc_tanks",
    "factcheck",
    "Fact check: a viral video said to show KFOR tanks entering Zvečan actually dates from a 2019 exercise in Poland.",
    "Provera činjenica: snimak koji navodno prikazuje tenkove KFOR-a u Zvečanu zapravo je sa vežbe u Poljskoj iz 2019. godine.",
    "Verifikim faktesh: videoja virale që gjoja tregon tanke të KFOR-it në Zveçan është në fakt nga një stërvitje në Poloni në vitin 2019.",
    "Проверка фактов: вирусное видео, на котором якобы танки КФОР въезжают в Звечан, на самом деле снято на учениях в Польше в 2019 году.",
)
F(
    "fc_base",
    "factcheck",
    "Claims that NATO is building a second base in Kosovo are false, KFOR said on {date}.",
    "Tvrdnje da NATO gradi drugu bazu na Kosovu su netačne, saopštio je KFOR {date}.",
    "Pretendimet se NATO-ja po ndërton një bazë të dytë në Kosovë janë të rreme, deklaroi KFOR-i më {date}.",
    "Утверждения о том, что НАТО строит в Косово вторую базу, не соответствуют действительности, заявили в КФОР {date}.",
)
F(
    "fc_leaving",
    "factcheck",
    "Reports that KFOR is preparing to withdraw from Kosovo are false, the mission said.",
    "Navodi da se KFOR priprema za povlačenje sa Kosova nisu tačni, saopštila je misija.",
    "Lajmi se KFOR-i po përgatitet të largohet nga Kosova është i rremë, sqaroi misioni.",
    "Сообщения о том, что КФОР готовится к выводу из Косово, не соответствуют действительности, заявили в миссии.",
)
F(
    "fc_rebuttal",
    "factcheck",
    'Pro-Russian media in Serbia are once again spreading the "Albanian terrorism" narrative without any evidence.',
    "Proruski mediji u Srbiji ponovo šire narativ o „albanskom terorizmu“ bez ikakvih dokaza.",
    "Mediat proruse në Serbi po përhapin sërish narrativën për „terrorizmin shqiptar“ pa asnjë provë.",
    "Пророссийские СМИ в Сербии снова распространяют нарратив об «албанском терроризме» без каких-либо доказательств.",
)

# ---- Disinformation narratives (content to detect; no Albanian versions) ----
F(
    "n_occupier_1",
    "occupier",
    "KFOR is not a peacekeeping mission, it is an occupation army that protects Kurti's regime.",
    "KFOR nije mirovna misija, već okupaciona vojska koja štiti Kurtijev režim.",
    None,
    "КФОР — это не миротворцы, а оккупационные войска, которые защищают режим Курти.",
)
F(
    "n_occupier_2",
    "occupier",
    "After {years} years of NATO occupation, Serbs in Kosovo still cannot move freely. Who exactly is KFOR protecting?",
    "Posle {years} godina NATO okupacije Srbi na Kosovu i Metohiji i dalje ne mogu slobodno da se kreću. Koga to KFOR štiti?",
    None,
    "После {years} лет натовской оккупации сербы в Косово до сих пор не могут свободно передвигаться. Кого защищает КФОР?",
)
F(
    "n_bondsteel",
    "occupier",
    "Camp Bondsteel is not there for peace — it is a permanent American base in the heart of the Balkans.",
    "Bondstil nije tu zbog mira, to je stalna američka baza u srcu Balkana.",
    None,
    "Бондстил находится там не ради мира — это постоянная американская база в самом сердце Балкан.",
)
F(
    "n_kos_serbia_1",
    "kosovo_serbia",
    "Kosovo is Serbia, and no agreement signed under Western pressure will change that.",
    "Kosovo je Srbija i nijedan sporazum potpisan pod pritiskom Zapada to neće promeniti.",
    None,
    "Косово — это Сербия, и никакие соглашения, подписанные под давлением Запада, этого не изменят.",
)
F(
    "n_kos_serbia_2",
    "kosovo_serbia",
    "Resolution 1244 is still in force: Kosovo and Metohija is an integral part of Serbia.",
    "Rezolucija 1244 je i dalje na snazi: Kosovo i Metohija su sastavni deo Srbije.",
    None,
    "Резолюция 1244 по-прежнему действует: Косово и Метохия — неотъемлемая часть Сербии.",
)
F(
    "n_aggr_1",
    "aggression_1999",
    "In 1999 NATO bombed Yugoslavia for 78 days without a UN Security Council mandate.",
    "NATO je 1999. godine 78 dana bombardovao Jugoslaviju bez mandata Saveta bezbednosti UN.",
    None,
    "В 1999 году НАТО 78 дней бомбило Югославию без мандата Совета Безопасности ООН.",
)
F(
    "n_aggr_2",
    "aggression_1999",
    "The NATO aggression of 1999 killed civilians and poisoned the land with depleted uranium, and nobody has ever been held accountable.",
    "NATO agresija 1999. ubijala je civile i zatrovala zemlju osiromašenim uranijumom, a za to niko nikada nije odgovarao.",
    None,
    "Агрессия НАТО в 1999 году унесла жизни мирных жителей и отравила землю обеднённым ураном, но никто так и не ответил за это.",
)
F(
    "n_west_1",
    "west_imposes",
    "Brussels dictates, Washington threatens, and only Moscow respects Serbia's sovereignty.",
    "Brisel diktira, Vašington preti, a samo Moskva poštuje suverenitet Srbije.",
    None,
    "Брюссель диктует, Вашингтон угрожает, и только Москва уважает суверенитет Сербии.",
)
F(
    "n_west_2",
    "west_imposes",
    "The West imposes sanctions and ultimatums, while Russia protects Serbia in the UN Security Council.",
    "Zapad nameće sankcije i ultimatume, a Rusija štiti Srbiju u Savetu bezbednosti UN.",
    None,
    "Запад навязывает санкции и ультиматумы, а Россия защищает Сербию в Совете Безопасности ООН.",
)
F(
    "n_west_putin",
    "west_imposes",
    'Putin called Serbia a "brotherly country" and promised Russia\'s support on Kosovo.',
    "Putin je Srbiju nazvao „bratskom zemljom“ i obećao podršku Rusije po pitanju Kosova.",
    None,
    "Путин назвал Сербию «братской страной» и пообещал поддержку России по косовскому вопросу.",
)
F(
    "n_terror_1",
    "albanian_terrorism",
    "Albanian terrorists are arming themselves in the north while KFOR looks the other way.",
    "Albanski teroristi se naoružavaju na severu, dok KFOR gleda na drugu stranu.",
    None,
    "Албанские террористы вооружаются на севере края, пока КФОР смотрит в другую сторону.",
)
F(
    "n_terror_2",
    "albanian_terrorism",
    "Kurti's special police units are terrorising the Serb population in the north every single day.",
    "Kurtijeve specijalne jedinice svakodnevno terorišu srpski narod na severu.",
    None,
    "Спецподразделения Курти ежедневно терроризируют сербское население на севере.",
)
F(
    "n_eu_1",
    "eu_abandoned",
    "The EU has abandoned the Balkans: twenty years of promises and still no membership.",
    "EU je napustila Balkan: dvadeset godina obećanja, a članstva i dalje nema.",
    None,
    "ЕС бросил Балканы: двадцать лет обещаний, а членства как не было, так и нет.",
)
F(
    "n_eu_2",
    "eu_abandoned",
    "Brussels forgot about us long ago; the only ones who bring real help are Russia and China.",
    "Brisel nas je odavno zaboravio, a pravu pomoć donose samo Rusija i Kina.",
    None,
    "Брюссель давно забыл о Балканах, реальную помощь оказывают только Россия и Китай.",
)
F(
    "n_enlarge",
    "nato_enlargement",
    "NATO enlargement in the Balkans is a provocation against Russia and threatens the whole region.",
    "Širenje NATO-a na Balkanu je provokacija protiv Rusije i preti celom regionu.",
    None,
    "Расширение НАТО на Балканах — это провокация против России и угроза всему региону.",
)

# ---- Headlines (parallel) ----
H(
    "kfor",
    "KFOR steps up patrols in northern Kosovo",
    "KFOR pojačao patrole na severu Kosova",
    "KFOR-i shton patrullimet në veri të Kosovës",
    "КФОР усилил патрулирование на севере Косово",
)
H(
    "kfor",
    "Joint KFOR exercise held near Camp Bondsteel",
    "Zajednička vežba KFOR-a kod baze Bondstil",
    "Stërvitje e përbashkët e KFOR-it pranë Kampit Bondsteel",
    "КФОР провёл совместные учения у базы Бондстил",
)
H(
    "dialogue",
    "Belgrade–Pristina talks resume in Brussels without breakthrough",
    "Nastavljen dijalog Beograda i Prištine, bez pomaka",
    "Rifillon dialogu Kosovë–Serbi në Bruksel, pa përparim",
    "Диалог Белграда и Приштины возобновился без прорыва",
)
H(
    "dialogue",
    "Kallas urges implementation of normalisation deal",
    "Kalas: Sporazum o normalizaciji mora da se sprovede",
    "Kallas kërkon zbatimin e marrëveshjes për normalizim",
    "Каллас призвала выполнить соглашение о нормализации",
    after="2024-12-01",
)
H(
    "energy",
    "Electricity prices in Serbia to rise",
    "Struja poskupljuje od sledećeg meseca",
    "Rritet çmimi i energjisë elektrike në Serbi",
    "В Сербии подорожает электроэнергия",
)
H(
    "energy",
    "Villages near Zvečan left without power",
    "Sela kod Zvečana bez struje",
    "Fshatrat pranë Zveçanit mbeten pa energji",
    "Сёла под Звечаном остались без света",
)
H(
    "elections",
    "Observers: Kosovo vote competitive, turnout low",
    "Posmatrači: Izbori na Kosovu kompetitivni, izlaznost niska",
    "Vëzhguesit: Zgjedhjet në Kosovë konkurruese, pjesëmarrja e ulët",
    "Наблюдатели: выборы в Косово прошли конкурентно, явка низкая",
    after="2025-02-10",
)
H(
    "elections",
    "Osmani calls for quick formation of institutions",
    "Osmani poziva na brzo formiranje institucija",
    "Osmani kërkon formimin e shpejtë të institucioneve",
    "Османи призвала быстро сформировать институты",
    after="2025-02-10",
)
H(
    "pfp",
    "Kosovo's Partnership for Peace bid still blocked",
    "Kosovu i dalje blokiran put ka Partnerstvu za mir",
    "Rruga e Kosovës drejt Partneritetit për Paqe ende e bllokuar",
    "Путь Косово в «Партнёрство ради мира» по-прежнему закрыт",
)
H(
    "pfp",
    "Rutte: NATO's door remains open",
    "Rute: Vrata NATO-a ostaju otvorena",
    "Rutte: Dera e NATO-s mbetet e hapur",
    "Рютте: двери НАТО остаются открытыми",
    after="2024-10-02",
)
H(
    "nis",
    "Niš humanitarian center renews demand for diplomatic status",
    "Humanitarni centar u Nišu ponovo traži diplomatski status",
    "Qendra e Nishit kërkon sërish status diplomatik",
    "Гуманитарный центр в Нише вновь добивается дипстатуса",
)
H(
    "arms",
    "Pantsir-S1 systems on display at Belgrade parade",
    "Pancir-S1 na vojnoj paradi kod Beograda",
    "Sistemet Pantsir-S1 në paradën e Beogradit",
    "«Панцирь-С1» показали на параде под Белградом",
)
H(
    "arms",
    "No confirmation of S-400 delivery to Serbia",
    "Nema potvrde o isporuci S-400 Srbiji",
    "Asnjë konfirmim për dërgimin e S-400 në Serbi",
    "Поставки С-400 в Сербию не подтверждены",
)
H(
    "border",
    "Hours-long queues at Jarinje crossing",
    "Višesatne kolone na Jarinju",
    "Radhë të gjata në pikën kufitare të Jarinjës",
    "Многочасовые очереди на КПП Яринье",
)
H(
    "border",
    "Merdare crossing closed due to technical fault",
    "Prelaz Merdare zatvoren zbog tehničkog kvara",
    "Pika kufitare e Merdares mbyllet për shkak të një defekti teknik",
    "КПП Мердаре закрыт из-за технического сбоя",
)
H(
    "bridge",
    "Pristina plans to reopen Ibar bridge in Mitrovica",
    "Priština najavljuje otvaranje mosta na Ibru",
    "Prishtina planifikon hapjen e urës mbi Ibër",
    "Приштина намерена открыть мост через Ибар",
)
H(
    "bridge",
    "Protest in North Mitrovica against bridge opening",
    "Protest u Severnoj Mitrovici protiv otvaranja mosta",
    "Protestë në Mitrovicën e Veriut kundër hapjes së urës",
    "В Северной Митровице протестуют против открытия моста",
)
H(
    "recognition",
    "Belgrade and Pristina trade claims over recognition count",
    "Beograd i Priština spore se oko broja priznanja",
    "Beogradi dhe Prishtina përplasen për numrin e njohjeve",
    "Белград и Приштина спорят о числе признаний",
)
H(
    "recognition",
    "Lavrov: Russia will never recognise Kosovo",
    "Lavrov: Rusija nikada neće priznati Kosovo",
    "Lavrov: Rusia nuk do ta njohë kurrë Kosovën",
    "Лавров: Россия никогда не признает Косово",
)
H(
    "weather",
    "Snow closes mountain roads in southern Serbia",
    "Sneg zatvorio planinske puteve na jugu Srbije",
    "Bora bllokon rrugët malore në jug të Serbisë",
    "Снег перекрыл горные дороги на юге Сербии",
    months={11, 12, 1, 2, 3},
)
H(
    "weather",
    "Heatwave expected across the region this weekend",
    "Za vikend toplotni talas u celom regionu",
    "Valë të nxehti në gjithë rajonin këtë fundjavë",
    "На выходных регион накроет жара",
    months={6, 7, 8},
)
H(
    "weather",
    "Floods in the Drina valley force evacuations",
    "Poplave u dolini Drine, evakuisane porodice",
    "Përmbytje në luginën e Drinës, familje të evakuuara",
    "Наводнение в долине Дрины: эвакуированы семьи",
    months={3, 4, 5, 10, 11},
)
H(
    "sports",
    "Red Star wins Belgrade derby",
    "Zvezda slavila u večitom derbiju",
    "Crvena Zvezda fiton derbin e Beogradit",
    "«Црвена Звезда» выиграла белградское дерби",
)
H(
    "sports",
    "Thousands run Prishtina half marathon in the rain",
    "Hiljade trkača na polumaratonu u Prištini",
    "Mijëra vrapues në gjysmëmaratonën e Prishtinës",
    "Тысячи бегунов вышли на полумарафон в Приштине",
)
H(
    "economy",
    "Kosovo economy grows, diaspora money still key",
    "Privreda Kosova raste, doznake i dalje ključne",
    "Ekonomia e Kosovës rritet, remitancat mbeten kyçe",
    "Экономика Косово растёт, переводы диаспоры остаются ключевыми",
)
H(
    "economy",
    "Inflation in Serbia slows",
    "Inflacija u Srbiji usporava",
    "Inflacioni në Serbi ngadalësohet",
    "Инфляция в Сербии замедляется",
)
H(
    "factcheck",
    "Fact check: viral 'KFOR tanks' video is from 2019",
    "Provera: snimak „tenkova KFOR-a“ je iz 2019.",
    "Verifikim: videoja e „tankeve të KFOR-it“ është nga viti 2019",
    "Проверка: видео с «танками КФОР» снято в 2019 году",
)
H(
    "factcheck",
    "No, NATO is not building a second base in Kosovo",
    "Ne, NATO ne gradi drugu bazu na Kosovu",
    "Jo, NATO-ja nuk po ndërton bazë të dytë në Kosovë",
    "Нет, НАТО не строит вторую базу в Косово",
)
H(
    "occupier",
    "KFOR: peacekeepers or occupiers?",
    "KFOR – mirovnjaci ili okupatori?",
    None,
    "КФОР: миротворцы или оккупанты?",
)
H(
    "occupier",
    "{years} years of occupation: what NATO won't tell you about Kosovo",
    "{years} godina okupacije: šta NATO krije o Kosovu",
    None,
    "{years} лет оккупации: что НАТО скрывает о Косово",
)
H(
    "kosovo_serbia",
    "Kosovo is Serbia — and always will be",
    "Kosovo je Srbija – i uvek će biti",
    None,
    "Косово — это Сербия. И так будет всегда",
)
H(
    "aggression_1999",
    "78 days of NATO bombs: the aggression nobody answered for",
    "78 dana NATO bombi: agresija za koju niko nije odgovarao",
    None,
    "78 дней бомбёжек: агрессия НАТО, за которую никто не ответил",
)
H(
    "west_imposes",
    "The West imposes, Russia protects",
    "Zapad nameće, Rusija štiti",
    None,
    "Запад навязывает, Россия защищает",
)
H(
    "albanian_terrorism",
    "Albanian terror in the north: KFOR silent",
    "Albanski teror na severu, KFOR ćuti",
    None,
    "Албанский террор на севере: КФОР молчит",
)
H(
    "eu_abandoned",
    "Twenty years of empty promises: the EU has abandoned the Balkans",
    "Dvadeset godina praznih obećanja: EU je napustila Balkan",
    None,
    "Двадцать лет пустых обещаний: ЕС бросил Балканы",
)
H(
    "nato_enlargement",
    "NATO's Balkan expansion: a provocation against Russia",
    "Širenje NATO-a na Balkanu: provokacija protiv Rusije",
    None,
    "Расширение НАТО на Балканах: провокация против России",
)

# which facts a headline introduces (by its English text); narrative headlines take any fact of their topic
REL = {
    "KFOR steps up patrols in northern Kosovo": ["kfor_patrols", "kfor_commander", "kfor_size"],
    "Joint KFOR exercise held near Camp Bondsteel": ["kfor_exercise", "kfor_size"],
    "Belgrade–Pristina talks resume in Brussels without breakthrough": [
        "dlg_resumed",
        "dlg_separate",
        "dlg_association",
        "dlg_borrell",
    ],
    "Kallas urges implementation of normalisation deal": ["dlg_kallas", "dlg_association"],
    "Electricity prices in Serbia to rise": ["en_price", "en_gas"],
    "Villages near Zvečan left without power": ["en_outage", "en_agreement"],
    "Observers: Kosovo vote competitive, turnout low": ["el_osce", "el_turnout", "el_srpska_lista"],
    "Osmani calls for quick formation of institutions": ["el_osmani", "el_turnout"],
    "Kosovo's Partnership for Peace bid still blocked": ["pfp_blocked", "pfp_osmani", "rec_eu5"],
    "Rutte: NATO's door remains open": ["pfp_rutte", "pfp_blocked", "pfp_stoltenberg"],
    "Niš humanitarian center renews demand for diplomatic status": [
        "nis_status",
        "nis_suspect",
        "nis_rescuers",
    ],
    "Pantsir-S1 systems on display at Belgrade parade": ["arms_pantsir", "arms_mig", "arms_rafale"],
    "No confirmation of S-400 delivery to Serbia": ["arms_s400", "arms_batajnica"],
    "Hours-long queues at Jarinje crossing": ["br_jarinje", "br_plates"],
    "Merdare crossing closed due to technical fault": ["br_merdare"],
    "Pristina plans to reopen Ibar bridge in Mitrovica": ["bridge_open", "bridge_coord"],
    "Protest in North Mitrovica against bridge opening": ["bridge_protest", "bridge_coord"],
    "Belgrade and Pristina trade claims over recognition count": ["rec_withdraw", "rec_110"],
    "Lavrov: Russia will never recognise Kosovo": ["rec_lavrov", "rec_withdraw"],
    "Snow closes mountain roads in southern Serbia": ["w_snow"],
    "Heatwave expected across the region this weekend": ["w_heat"],
    "Floods in the Drina valley force evacuations": ["w_flood"],
    "Red Star wins Belgrade derby": ["sp_derby", "sp_basket"],
    "Thousands run Prishtina half marathon in the rain": ["sp_marathon", "sp_football_ks"],
    "Kosovo economy grows, diaspora money still key": ["ec_growth", "ec_remit"],
    "Inflation in Serbia slows": ["ec_inflation", "ec_trade_ru"],
    "Fact check: viral 'KFOR tanks' video is from 2019": ["fc_tanks", "kfor_denial"],
    "No, NATO is not building a second base in Kosovo": ["fc_base", "fc_leaving"],
}
for _h in HEADLINES:
    _h["rel"] = REL.get(_h["en"], [])
assert all(f in {e["id"] for e in FACTS} for ids in REL.values() for f in ids)

CONTEXT = {
    "en": [
        "The situation in the north has been tense since 2023, when several incidents involving police and local Serbs were reported.",
        "Analysts note that the issue is closely linked to the wider normalisation process between Belgrade and Pristina.",
        "Local residents interviewed by our reporters said they mostly worry about jobs and prices.",
        "The government had not responded to a request for comment by the time of publication.",
        "International officials have repeatedly called on both sides to refrain from unilateral steps.",
    ],
    "sr": [
        "Situacija na severu napeta je još od 2023. godine, kada je zabeleženo nekoliko incidenata između policije i lokalnih Srba.",
        "Analitičari ocenjuju da je ovo pitanje usko povezano sa širim procesom normalizacije odnosa Beograda i Prištine.",
        "Građani sa kojima su razgovarali naši novinari kažu da ih najviše brinu posao i cene.",
        "Iz vlade do zaključenja ovog teksta nije stigao odgovor na naša pitanja.",
        "Međunarodni zvaničnici više puta su pozvali obe strane da se uzdrže od jednostranih poteza.",
    ],
    "sq": [
        "Situata në veri është e tensionuar që nga viti 2023, kur u raportuan disa incidente mes policisë dhe serbëve vendës.",
        "Analistët vlerësojnë se kjo çështje është e lidhur ngushtë me procesin më të gjerë të normalizimit mes Prishtinës dhe Beogradit.",
        "Qytetarët me të cilët folën gazetarët tanë thonë se më së shumti i shqetësojnë vendet e punës dhe çmimet.",
        "Qeveria deri në publikimin e këtij shkrimi nuk iu përgjigj pyetjeve tona.",
        "Zyrtarët ndërkombëtarë u kanë bërë thirrje disa herë të dyja palëve që të përmbahen nga hapat e njëanshëm.",
    ],
    "ru": [
        "Обстановка на севере остаётся напряжённой с 2023 года, когда произошло несколько инцидентов с участием полиции и местных сербов.",
        "Аналитики отмечают, что этот вопрос тесно связан с более широким процессом нормализации отношений Белграда и Приштины.",
        "Местные жители, с которыми поговорили наши корреспонденты, больше всего беспокоятся о работе и ценах.",
        "В правительстве на момент публикации не ответили на запрос редакции.",
        "Международные представители неоднократно призывали стороны воздерживаться от односторонних шагов.",
    ],
}

HASHTAGS = {
    "en": ["#Kosovo", "#KFOR", "#NATO", "#Serbia", "#Balkans", "#WesternBalkans"],
    "sr": ["#Kosovo", "#KiM", "#Srbija", "#KFOR", "#Sever", "#Mitrovica"],
    "sq": ["#Kosova", "#Prishtina", "#KFOR", "#Mitrovica", "#NATO"],
    "ru": ["#Косово", "#Сербия", "#НАТО", "#Балканы", "#КФОР"],
}
PREFIX = {
    "en": ["BREAKING: ", "Update: ", "Thread 🧵 ", "Worth reading: "],
    "sr": ["HITNO: ", "NAJNOVIJE: ", "Pročitajte: ", "🔴 "],
    "sq": ["LAJM I FUNDIT: ", "E RËNDËSISHME: ", "🔴 "],
    "ru": ["СРОЧНО: ", "Важно: ", "⚡ "],
}
REPLIES = {  # (to a narrative account, to anyone else)
    "en": (
        [
            "Source? I can't find this anywhere else.",
            "This is simply not true.",
            "Is there any confirmation from KFOR?",
        ],
        ["Thanks, useful context.", "Is there any confirmation from KFOR?", "Good summary."],
    ),
    "sr": (
        ["Ima li izvor za ovo?", "Ovo nije tačno, proverite.", "Da li je KFOR ovo potvrdio?"],
        ["Hvala na informaciji.", "Da li je KFOR ovo potvrdio?", "Dobar pregled."],
    ),
    "sq": (
        ["A ka burim për këtë?", "Kjo nuk është e vërtetë."],
        ["Faleminderit për informacionin.", "Përmbledhje e mirë."],
    ),
    "ru": (["Есть ли источник?", "Это неправда."], ["Спасибо за информацию.", "Хороший обзор."]),
}
PLANTED_COMMENTS = [  # Serbian Latin; transliterated for the Cyrillic accounts
    "Istina koju ne smeju da objave!",
    "Ovo mora svako da pročita.",
    "Podelite dok ne obrišu!",
    "Sramota, a Evropa ćuti.",
    "Kosovo je Srbija! 🇷🇸",
    "Pogledajte šta se dešava na severu.",
    "Niko o ovome ne govori.",
    "Probudite se, ljudi!",
    "Eto vam njihove „demokratije“.",
    "Bratska Rusija jedina je uz nas.",
]


# --------------------------------------------------------------------------------------
# Rendering facts into a language, script and date
# --------------------------------------------------------------------------------------
def _safe(n: int) -> bool:
    """Numbers whose noun form is the same in Serbian and Russian (5+, 11-14 ...)."""
    return n % 100 in (11, 12, 13, 14) or n % 10 in (0, 5, 6, 7, 8, 9)


def _int_slot(rng: random.Random, spec: Any) -> int:
    if isinstance(spec, list):
        return int(rng.choice(spec))
    lo, hi, *step = spec
    while True:
        n = rng.randrange(lo, hi + 1, step[0] if step else 1)
        if _safe(n):
            return n


def _fmt_dec(x: float, base: str) -> str:
    s = f"{x:.1f}"
    return s if base == "en" else s.replace(".", ",")


def available(entry: dict[str, Any], lang: str, when: datetime) -> bool:
    if entry.get(base_lang(lang)) is None:
        return False
    day = when.strftime("%Y-%m-%d")
    if "after" in entry and day < entry["after"]:
        return False
    if "before" in entry and day >= entry["before"]:
        return False
    return not ("months" in entry and when.month not in entry["months"])


def render(
    entry: dict[str, Any], lang: str, when: datetime, rng: random.Random, ascii_fold: bool = False
) -> tuple[str, dict[str, str]]:
    base = base_lang(lang)
    slots: dict[str, str] = {}

    def value(name: str) -> str:
        if name == "n":
            return str(_int_slot(rng, entry.get("n", (5, 60))))
        if name == "troops":
            return str(_int_slot(rng, (3800, 4900, 50)))
        if name == "nat":
            return str(rng.choice([25, 26, 27, 28, 29, 30]))
        if name == "pct":
            return _fmt_dec(rng.uniform(1.2, 9.8), base)
        if name == "pct_big":
            return _fmt_dec(rng.uniform(36.0, 44.9), base)
        if name == "date":
            shift = rng.randint(3, 20) if entry.get("date") == "future" else -rng.randint(0, 3)
            return day_month(when + timedelta(days=shift), base, rng)
        if name == "month":
            return month_word(when, base)
        if name == "years":
            return "26" if when >= datetime(2025, 1, 1, tzinfo=UTC) else "25"  # rounded up, as the posts do
        if name == "pristina":
            return rng.choice(["Pristina", "Prishtina", "Prishtinë", "Pristina"])
        if name == "mitrovica":
            return rng.choice(["Mitrovica", "Mitrovicë", "Mitrovica"])
        raise KeyError(name)

    def repl(m: re.Match[str]) -> str:
        if m.group(1) not in slots:
            slots[m.group(1)] = value(m.group(1))
        return slots[m.group(1)]

    text = re.sub(r"\{(\w+)\}", repl, entry[base])
    return to_script(text, lang, ascii_fold), slots


def pick(
    pool: list[dict[str, Any]],
    topics: list[str],
    lang: str,
    when: datetime,
    rng: random.Random,
    k: int = 1,
    exclude: set[str] | None = None,
) -> list[dict[str, Any]]:
    cands = [
        e
        for e in pool
        if e["topic"] in topics and available(e, lang, when) and e["id"] not in (exclude or set())
    ]
    rng.shuffle(cands)
    return cands[:k]


class Meta:
    """Ground-truth annotations collected while composing one item."""

    def __init__(self) -> None:
        self.facts: list[str] = []
        self.narratives: list[str] = []
        self.slots: dict[str, dict[str, str]] = {}

    def add(self, entry: dict[str, Any], slots: dict[str, str]) -> None:
        if entry["id"].startswith("h-"):
            return
        self.facts.append(entry["id"])
        if slots:
            self.slots[entry["id"]] = slots
        if entry["topic"] in NARRATIVES and entry["topic"] not in self.narratives:
            self.narratives.append(entry["topic"])

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"facts": self.facts, "narratives": self.narratives}
        if self.slots:
            d["slots"] = self.slots
        return d


def sentences(
    topics: list[str],
    lang: str,
    when: datetime,
    rng: random.Random,
    meta: Meta,
    k: int = 1,
    ascii_fold: bool = False,
    exclude: set[str] | None = None,
) -> str:
    out = []
    for e in pick(FACTS, topics, lang, when, rng, k, exclude):
        text, slots = render(e, lang, when, rng, ascii_fold)
        meta.add(e, slots)
        out.append(text)
    return " ".join(out)


def headline(
    topics: list[str], lang: str, when: datetime, rng: random.Random, meta: Meta, ascii_fold: bool = False
) -> str:
    hs = pick(HEADLINES, topics, lang, when, rng, 1)
    if not hs:
        hs = pick(HEADLINES, [t for t in NEWS_TOPICS if t != "elections"], lang, when, rng, 1)
    text, _ = render(hs[0], lang, when, rng, ascii_fold)
    if hs[0]["topic"] in NARRATIVES and hs[0]["topic"] not in meta.narratives:
        meta.narratives.append(hs[0]["topic"])
    return text


def lead(
    topic: str,
    lang: str,
    when: datetime,
    rng: random.Random,
    meta: Meta,
    ascii_fold: bool = False,
    k: int = 1,
    used: set[str] | None = None,
) -> tuple[str, str]:
    """A headline and k sentences that belong to it (headline ids in `used` are skipped, then recorded)."""
    hs = [h for h in pick(HEADLINES, [topic], lang, when, rng, 99) if h["id"] not in (used or set())]
    if hs and used is not None:
        used.add(hs[0]["id"])
    if not hs:
        return headline([topic], lang, when, rng, meta, ascii_fold), sentences(
            [topic], lang, when, rng, meta, k, ascii_fold
        )
    h = hs[0]
    title, _ = render(h, lang, when, rng, ascii_fold)
    if h["topic"] in NARRATIVES and h["topic"] not in meta.narratives:
        meta.narratives.append(h["topic"])
    rel = [e for e in FACTS if e["id"] in h["rel"] and available(e, lang, when)]
    rng.shuffle(rel)
    out = []
    for e in rel[:k]:
        text, slots = render(e, lang, when, rng, ascii_fold)
        meta.add(e, slots)
        out.append(text)
    if len(out) < k:
        out.append(sentences([topic], lang, when, rng, meta, k - len(out), ascii_fold, set(meta.facts)))
    return title, " ".join(t for t in out if t)


def feed_topic(pref: str, lang: str, when: datetime, rng: random.Random, used: set[str]) -> str:
    """The preferred topic if it has an unused headline and facts at this date, else another one that has."""
    others = [t for t in NEWS_TOPICS if t != pref]
    rng.shuffle(others)
    for t in [pref] + others:
        if any(
            h["topic"] == t and h["id"] not in used and available(h, lang, when) for h in HEADLINES
        ) and any(e["topic"] == t and available(e, lang, when) for e in FACTS):
            return t
    raise ValueError("no topic left")


def hashtags(lang: str, rng: random.Random, k: int) -> str:
    tags = rng.sample(HASHTAGS[base_lang(lang)], k)
    return " ".join(lat2cyr(t) if lang == "sr-Cyrl" else t for t in tags)


# --------------------------------------------------------------------------------------
# URLs: outlet article links and the tracking-parameter noise real shares carry
# --------------------------------------------------------------------------------------
def token(rng: random.Random, n: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return "".join(rng.choice(alphabet) for _ in range(n))


SECTION = {"en": "news", "sr": "vesti", "sq": "lajme", "ru": "novosti"}


def article_url(domain: str, when: datetime, title: str, rng: random.Random, lang: str = "en") -> str:
    style = sum(map(ord, domain)) % 3
    slug = slugify(title, serbian=base_lang(lang) == "sr")
    if style == 0:
        return f"https://{domain}/{when:%Y/%m/%d}/{slug}"
    if style == 1:
        return f"https://{domain}/{SECTION[base_lang(lang)]}/{slug}-{rng.randint(100000, 999999)}"
    return f"https://{domain}/{slug}/{rng.randint(10000, 99999)}"


TRACKERS = [
    "utm_source=twitter&utm_medium=social&utm_campaign=share",
    "utm_source=facebook&utm_medium=social&fbclid=IwAR{tok}",
    "fbclid=IwAR{tok}",
    "utm_source=telegram&utm_medium=channel",
    "utm_source=vk&utm_medium=repost&ref=vk",
    "igshid={tok}",
    "utm_source=whatsapp&utm_medium=share",
]


def mixed_case_host(host: str, rng: random.Random) -> str:
    name, _, tld = host.rpartition(".")
    return rng.choice([host.upper(), name.title() + "." + tld.upper(), name.upper() + "." + tld])


def decorate(url: str, rng: random.Random, p_track: float = 0.5) -> str:
    """Add the noise canonicalisation must remove: trackers, fragments, host case."""
    parts = urlsplit(url)
    host, query, frag = parts.netloc, parts.query, parts.fragment
    if rng.random() < 0.15:
        host = mixed_case_host(host, rng)
    if rng.random() < p_track:
        extra = rng.choice(TRACKERS).format(tok=token(rng, rng.randint(20, 40)))
        query = f"{query}&{extra}" if query else extra
    if rng.random() < 0.12:
        frag = rng.choice(["comments", "top", "main-content", "share"])
    return urlunsplit((parts.scheme, host, parts.path, query, frag))


# --------------------------------------------------------------------------------------
# Accounts (all invented)
# --------------------------------------------------------------------------------------
def A(
    handle: str,
    name: str,
    platform: str,
    lang: str,
    kind: str,
    topics: list[str],
    domain: str | None = None,
    ascii_fold: bool = False,
    weight: float = 1.0,
) -> dict[str, Any]:
    return dict(
        handle=handle,
        name=name,
        platform=platform,
        lang=lang,
        kind=kind,
        topics=topics,
        domain=domain,
        ascii=ascii_fold,
        weight=weight,
    )


NARR_TOPICS = list(NARRATIVES)
NARR_DOMAINS = [
    "pravda-srbija.example",
    "sputnik-sr.example",
    "istina-info.example",
    "balkanskiy-express.example",
]

PLANTED = [  # the coordinated group: ground truth
    A("@srpski_glas", "Српски глас", "x", "sr-Cyrl", "planted", NARR_TOPICS),
    A("@kim_istina", "КиМ Истина", "x", "sr-Cyrl", "planted", NARR_TOPICS),
    A("@vidovdan_vesti", "Видовдан вести", "facebook", "sr-Cyrl", "planted", NARR_TOPICS),
    A("@orlovi_sa_severa", "Орлови са севера", "x", "sr-Cyrl", "planted", NARR_TOPICS),
    A("@patriota_rs", "Patriota RS", "x", "sr-Latn", "planted", NARR_TOPICS),
    A("@glas_naroda_kim", "Glas naroda KiM", "x", "sr-Latn", "planted", NARR_TOPICS, ascii_fold=True),
    A(
        "@bratstvo_pravoslavno",
        "Bratstvo Pravoslavno",
        "facebook",
        "sr-Latn",
        "planted",
        NARR_TOPICS,
        ascii_fold=True,
    ),
    A("@istina_bez_cenzure", "Istina bez cenzure", "x", "sr-Latn", "planted", NARR_TOPICS),
]

ORGANIC = [
    # English
    A(
        "@balkan_observer",
        "Balkan Observer",
        "x",
        "en",
        "outlet",
        ["kfor", "dialogue", "border", "bridge", "pfp", "arms", "recognition"],
        "balkan-observer.example",
        weight=3,
    ),
    A(
        "@kosovo_daily",
        "Kosovo Daily",
        "facebook",
        "en",
        "outlet",
        ["bridge", "energy", "elections", "economy", "weather", "sports", "border"],
        "kosovo-daily.example",
        weight=3,
    ),
    A(
        "@jane_miller_reports",
        "Jane Miller",
        "x",
        "en",
        "person",
        ["kfor", "dialogue", "bridge", "elections"],
        weight=2,
    ),
    A(
        "@wb_security_notes",
        "WB Security Notes",
        "x",
        "en",
        "person",
        ["arms", "nis", "pfp", "kfor"],
        weight=2,
    ),
    A(
        "@tom_in_prishtina",
        "Tom Harris",
        "x",
        "en",
        "person",
        ["weather", "sports", "economy", "bridge"],
        weight=2,
    ),
    A(
        "@eu_affairs_desk",
        "EU Affairs Desk",
        "x",
        "en",
        "outlet",
        ["dialogue", "pfp", "recognition", "energy"],
        "eu-affairs-desk.example",
        weight=2,
    ),
    A(
        "@factcheck_wb",
        "Factcheck Western Balkans",
        "x",
        "en",
        "outlet",
        ["factcheck"],
        "factcheck-balkans.example",
        weight=2,
    ),
    A(
        "@sarah_k_analyst",
        "Sarah Klein",
        "x",
        "en",
        "person",
        ["nis", "arms", "recognition", "dialogue"],
        weight=2,
    ),
    A("@balkan_truth_en", "Balkan Truth", "x", "en", "narrative", NARR_TOPICS + ["arms", "nis"], weight=2),
    A("@peace_monitor_ks", "Peace Monitor Kosovo", "facebook", "en", "person", ["kfor", "border", "bridge"]),
    A(
        "@ibar_bridge_blog",
        "The Ibar Bridge Blog",
        "facebook",
        "en",
        "person",
        ["bridge", "economy", "weather"],
    ),
    A("@nato_watcher_uk", "NATO Watcher", "x", "en", "person", ["pfp", "kfor", "arms"]),
    A("@travel_balkans", "Travel Balkans", "facebook", "en", "person", ["weather", "sports", "border"]),
    A("@econ_balkans", "Balkan Economics", "x", "en", "person", ["economy", "energy"]),
    A("@sportsdesk_wb", "WB Sports Desk", "x", "en", "outlet", ["sports"], "sportsdesk-wb.example"),
    A(
        "@diaspora_voice_ks",
        "Diaspora Voice",
        "facebook",
        "en",
        "person",
        ["economy", "elections", "recognition"],
    ),
    # Serbian Cyrillic
    A(
        "@beogradski_dnevnik",
        "Београдски дневник",
        "facebook",
        "sr-Cyrl",
        "outlet",
        ["dialogue", "energy", "economy", "arms", "sports", "weather"],
        "beogradski-dnevnik.example",
        weight=2,
    ),
    A(
        "@nis_info",
        "Ниш инфо",
        "facebook",
        "sr-Cyrl",
        "outlet",
        ["nis", "weather", "economy", "sports"],
        "nis-info.example",
    ),
    A("@pravda_srbija", "Правда Србија", "x", "sr-Cyrl", "narrative", NARR_TOPICS, "pravda-srbija.example"),
    A(
        "@sputnik_sr_primer",
        "Спутник Србија",
        "x",
        "sr-Cyrl",
        "narrative",
        NARR_TOPICS + ["arms", "nis", "recognition"],
        "sputnik-sr.example",
        weight=2,
    ),
    A(
        "@mitrovica_sever",
        "Митровица Север",
        "facebook",
        "sr-Cyrl",
        "person",
        ["bridge", "border", "kfor", "energy"],
    ),
    A("@milan_popovic_bg", "Милан Поповић", "x", "sr-Cyrl", "person", ["sports", "economy", "dialogue"]),
    # Serbian Latin
    A(
        "@ana_petrovic_novinarka",
        "Ana Petrović",
        "x",
        "sr-Latn",
        "person",
        ["dialogue", "bridge", "kfor", "elections"],
        weight=2,
    ),
    A(
        "@vesti_sever",
        "Vesti Sever",
        "facebook",
        "sr-Latn",
        "outlet",
        ["border", "bridge", "kfor", "energy"],
        "vesti-sever.example",
        weight=2,
    ),
    A(
        "@marko_nis",
        "Marko Jovanović",
        "x",
        "sr-Latn",
        "person",
        ["sports", "weather", "nis"],
        ascii_fold=True,
    ),
    A(
        "@ekonomija_rs",
        "Ekonomija RS",
        "x",
        "sr-Latn",
        "outlet",
        ["economy", "energy"],
        "ekonomija-rs.example",
    ),
    A(
        "@provera_cinjenica",
        "Provera činjenica",
        "x",
        "sr-Latn",
        "outlet",
        ["factcheck"],
        "provera-cinjenica.example",
    ),
    A("@dijalog_monitor", "Dijalog Monitor", "x", "sr-Latn", "person", ["dialogue", "recognition", "pfp"]),
    A(
        "@gracanica_info",
        "Gracanica info",
        "facebook",
        "sr-Latn",
        "person",
        ["weather", "economy", "border"],
        ascii_fold=True,
    ),
    A("@delije_sever", "Delije Sever", "x", "sr-Latn", "person", ["sports"], ascii_fold=True),
    # Albanian
    A(
        "@kosova_sot",
        "Kosova Sot",
        "facebook",
        "sq",
        "outlet",
        ["kfor", "dialogue", "elections", "bridge", "pfp"],
        "kosova-sot.example",
        weight=2,
    ),
    A(
        "@prishtina_lajme",
        "Prishtina Lajme",
        "x",
        "sq",
        "outlet",
        ["economy", "weather", "sports", "energy", "elections"],
        "prishtina-lajme.example",
        weight=2,
    ),
    A(
        "@arta_krasniqi",
        "Arta Krasniqi",
        "x",
        "sq",
        "person",
        ["dialogue", "bridge", "pfp", "factcheck"],
        weight=2,
    ),
    A(
        "@mitrovica_jug",
        "Mitrovica Jug",
        "facebook",
        "sq",
        "person",
        ["bridge", "kfor", "border"],
        ascii_fold=True,
    ),
    A("@ekonomia_ks", "Ekonomia KS", "x", "sq", "outlet", ["economy", "energy"], "ekonomia-ks.example"),
    A("@sporti_ks", "Sporti KS", "facebook", "sq", "person", ["sports", "weather"], ascii_fold=True),
    A("@driton_berisha", "Driton Berisha", "x", "sq", "person", ["elections", "recognition", "arms"]),
    A(
        "@diaspora_zvicer",
        "Diaspora Zvicër",
        "facebook",
        "sq",
        "person",
        ["economy", "elections"],
        ascii_fold=True,
    ),
    # Russian
    A(
        "@balkanskiy_express",
        "Балканский экспресс",
        "vk",
        "ru",
        "narrative",
        NARR_TOPICS + ["arms", "nis", "energy"],
        "balkanskiy-express.example",
    ),
    A("@serb_drug_ru", "Сербский друг", "x", "ru", "narrative", NARR_TOPICS + ["recognition"]),
]

VK_ACCOUNTS = [
    A(
        "@balkanskiy_express",
        "Балканский экспресс",
        "vk",
        "ru",
        "narrative",
        NARR_TOPICS + ["arms", "nis", "energy"],
        "balkanskiy-express.example",
        weight=3,
    ),
    A(
        "@russkiy_mir_balkany",
        "Русский мир — Балканы",
        "vk",
        "ru",
        "narrative",
        NARR_TOPICS + ["nis"],
        weight=2,
    ),
    A("@slavyanskoe_bratstvo", "Славянское братство", "vk", "ru", "narrative", NARR_TOPICS, weight=2),
    A(
        "@novosti_serbii",
        "Новости Сербии",
        "vk",
        "ru",
        "outlet",
        ["economy", "sports", "energy", "arms", "dialogue", "weather"],
        "novosti-serbii.example",
        weight=2,
    ),
    A(
        "@ivan_petrov_vk",
        "Иван Петров",
        "vk",
        "ru",
        "person",
        ["sports", "weather", "economy", "recognition"],
    ),
]

OUTLETS = {a["handle"]: a for a in ORGANIC if a["domain"]}


# --------------------------------------------------------------------------------------
# Social posts (social_posts.jsonl, archives/*.jsonl)
# --------------------------------------------------------------------------------------
MORE = {"en": "Read more", "sr": "Više", "sq": "Më shumë", "ru": "Подробнее"}
ID_PREFIX = {"x": "tw", "facebook": "fb", "vk": "vk"}

CAMPAIGN_LAT = (
    "KFOR nije mirovna misija, već okupaciona vojska na Kosovu i Metohiji. Posle 26 godina "
    "jasno je da NATO štiti samo Kurtijev režim u Prištini, a Srbi na severu žive kao taoci. "
    "Pročitajte i podelite pre nego što obrišu!"
)
CAMPAIGN_CYR = lat2cyr(CAMPAIGN_LAT)
CAMPAIGN_AT = datetime(2025, 3, 14, 17, 59, 20, tzinfo=UTC)
CO_SHARES = [  # (first share, window seconds, URL, narrative)
    (
        datetime(2024, 11, 7, 20, 15, 4, tzinfo=UTC),
        45,
        "https://sputnik-sr.example/vesti/bondstil-se-siri-2024-11-07",
        "occupier",
    ),
    (
        datetime(2025, 1, 22, 7, 40, 31, tzinfo=UTC),
        38,
        "https://pravda-srbija.example/teror-nad-srbima-na-severu",
        "albanian_terrorism",
    ),
    (
        datetime(2025, 5, 9, 12, 0, 2, tzinfo=UTC),
        55,
        "https://istina-info.example/zapad-namece-rusija-stiti",
        "west_imposes",
    ),
]
PLANTED_TIMES = [CAMPAIGN_AT] + [c[0] for c in CO_SHARES]


def created_at(platform: str, dt: datetime, rng: random.Random) -> str:
    if platform == "x":
        return zulu(dt, millis=rng.random() < 0.7)
    if platform == "facebook":
        return belgrade(dt).isoformat()
    return moscow(dt).isoformat()


def platform_lang(lang: str, ascii_fold: bool, rng: random.Random) -> str:
    if lang == "sr-Latn" and ascii_fold:
        return rng.choice(["hr", "bs", "sr"])  # platforms often mislabel Serbian Latin
    return base_lang(lang)


def engagement(kind: str, rng: random.Random) -> tuple[int, int, int]:
    lo_hi = {
        "outlet": ((5, 400), (20, 2500), (0, 300)),
        "person": ((0, 40), (0, 200), (0, 30)),
        "narrative": ((2, 150), (10, 800), (0, 120)),
        "planted": ((0, 15), (1, 40), (0, 5)),
    }[kind]
    return tuple(rng.randint(*r) for r in lo_hi)  # type: ignore[return-value]


def post_record(
    acct: dict[str, Any],
    dt: datetime,
    text: str,
    urls: list[str],
    rng: random.Random,
    lang: str,
    ascii_fold: bool,
    meta: Meta,
    **extra: Any,
) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": None,
        "platform": acct["platform"],
        "account": acct["handle"],
        "account_name": acct["name"],
        "created_at": created_at(acct["platform"], dt, rng),
        "text": text,
    }
    if rng.random() < 0.5:
        rec["lang"] = platform_lang(lang, ascii_fold, rng)
    rec["urls"] = urls
    rec["shares"], rec["likes"], rec["comments"] = engagement(acct["kind"], rng)
    rec.update({k: v for k, v in extra.items() if v is not None})
    rec["synthetic"] = True
    rec["_dt"], rec["_lang"], rec["_ascii"], rec["_meta"], rec["_kind"] = (
        dt,
        lang,
        ascii_fold,
        meta,
        acct["kind"],
    )
    return rec


def choose_topic(topics: list[str], lang: str, when: datetime, rng: random.Random) -> str:
    ok = [t for t in topics if any(e["topic"] == t and available(e, lang, when) for e in FACTS)]
    return rng.choice(ok)


def scr(text: str, lang: str, ascii_fold: bool) -> str:
    """Put a Serbian-Latin/any snippet into the item's script."""
    return to_script(text, lang, ascii_fold) if base_lang(lang) in ("sr", "sq") else text


def compose(
    acct: dict[str, Any], when: datetime, rng: random.Random, share_pool: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    lang = acct["lang"]
    af = acct["ascii"] or (lang in ("sr-Latn", "sq") and rng.random() < 0.1)
    base, meta, urls, extra = base_lang(lang), Meta(), [], {}
    kind = acct["kind"]
    if kind == "outlet":
        topic = choose_topic(acct["topics"], lang, when, rng)
        title, body = lead(topic, lang, when, rng, meta, af)
        url = decorate(article_url(acct["domain"], when, title, rng, lang), rng, 0.35)
        urls.append(url)
        if acct["platform"] == "facebook":
            text = f"{body}\n\n{scr(MORE[base], lang, af)}: {url}"
            if rng.random() < 0.6:
                extra["title"] = title
        else:
            pre = rng.choice(PREFIX[base]) if rng.random() < 0.25 else ""
            text = f"{scr(pre, lang, af)}{title}: {body} {url}" if rng.random() < 0.5 else f"{title} {url}"
    elif kind == "narrative":
        news = [t for t in acct["topics"] if t not in NARRATIVES]
        topics = NARR_TOPICS if rng.random() < 0.7 or not news else news
        topic = choose_topic(topics, lang, when, rng)
        body = sentences([topic], lang, when, rng, meta, rng.choice([1, 2]), af)
        text = body
        if rng.random() < 0.6:
            domain = acct["domain"] or rng.choice(NARR_DOMAINS)
            title = headline([topic], lang, when, rng, meta, af)
            url = decorate(article_url(domain, when, title, rng, lang), rng, 0.5)
            urls.append(url)
            text += f" {url}"
        if rng.random() < 0.7:
            text += "\n" + hashtags(lang, rng, rng.choice([1, 2, 3]))
    else:  # person
        topic = choose_topic(acct["topics"], lang, when, rng)
        body = sentences([topic], lang, when, rng, meta, rng.choice([1, 1, 2]), af)
        pre = rng.choice(PREFIX[base]) if rng.random() < 0.15 else ""
        text = scr(pre, lang, af) + body
        if share_pool and rng.random() < 0.35:
            srcs = [o for o in share_pool if base_lang(o["lang"]) in (base, "en")]
            src = rng.choice([o for o in srcs if topic in o["topics"]] or srcs)
            title = headline([topic], src["lang"], when, rng, Meta())
            url = decorate(article_url(src["domain"], when, title, rng, src["lang"]), rng, 0.6)
            urls.append(url)
            text += f" {url}"
            if rng.random() < 0.5:
                extra["shared_from"] = src["handle"]
        if rng.random() < 0.3:
            text += " " + hashtags(lang, rng, rng.choice([1, 2]))
    return post_record(acct, when, text, urls, rng, lang, af, meta, **extra)


def planted_posts(rng: random.Random) -> list[dict[str, Any]]:
    recs = []
    tok = lambda: token(rng, 28)  # noqa: E731
    variants = [
        CAMPAIGN_URL + "?utm_source=twitter&utm_medium=social&utm_campaign=kfor",
        CAMPAIGN_URL,
        CAMPAIGN_URL + "?fbclid=IwAR" + tok(),
        "https://PRAVDA-SRBIJA.EXAMPLE/kfor-okupator#komentari",
        "HTTPS://Pravda-Srbija.Example/kfor-okupator?utm_source=tw&utm_medium=social&fbclid=IwAR" + tok(),
        CAMPAIGN_URL + "?utm_medium=social&utm_source=twitter#top",
        CAMPAIGN_URL + "?fbclid=IwZXh0bg" + tok() + "&utm_source=facebook",
        CAMPAIGN_URL + "?igshid=" + tok(),
    ]
    texts = [
        CAMPAIGN_CYR,
        CAMPAIGN_CYR,
        CAMPAIGN_CYR,
        CAMPAIGN_CYR,
        CAMPAIGN_LAT + " 🇷🇸",
        strip_sr(CAMPAIGN_LAT),
        "HITNO! " + strip_sr(CAMPAIGN_LAT),
        CAMPAIGN_LAT.replace("na severu žive", "na severu danas žive") + " ‼️",
    ]
    offsets = sorted([0, 170] + [rng.randint(5, 165) for _ in range(6)])
    order = list(range(8))
    rng.shuffle(order)
    for slot, i in enumerate(order):
        acct, url = PLANTED[i], variants[i]
        text = texts[i] + (f" {url}" if i in (0, 3) else "")
        meta = Meta()
        meta.facts, meta.narratives = ["campaign_kfor_okupator"], ["occupier", "kosovo_serbia"]
        recs.append(
            post_record(
                acct,
                CAMPAIGN_AT + timedelta(seconds=offsets[slot]),
                text,
                [url],
                rng,
                acct["lang"],
                acct["ascii"],
                meta,
            )
        )
    for first, window, url, narr in CO_SHARES:
        offs = sorted([0, window] + [rng.randint(1, window - 1) for _ in range(6)])
        order = list(range(8))
        rng.shuffle(order)
        for slot, i in enumerate(order):
            acct = PLANTED[i]
            lang, af = acct["lang"], acct["ascii"]
            meta = Meta()
            text = to_script(rng.choice(PLANTED_COMMENTS), lang, af)
            if rng.random() < 0.6:
                text += " " + sentences([narr], lang, first, rng, meta, 1, af)
            meta.narratives = meta.narratives or [narr]
            u = decorate(url, rng, 0.6)
            if acct["platform"] == "x" and rng.random() < 0.5:
                text += f" {u}"
            recs.append(
                post_record(acct, first + timedelta(seconds=offs[slot]), text, [u], rng, lang, af, meta)
            )
    for acct in PLANTED:  # one ordinary-looking post each, at a random time
        recs.append(
            compose(acct | {"kind": "narrative", "domain": None}, rand_dt(rng, avoid=PLANTED_TIMES), rng)
        )
        recs[-1]["_kind"] = "planted"
    return recs


def special_organic(rng: random.Random) -> list[dict[str, Any]]:
    """Organic (non-coordinated) shares of the planted URLs, and one benign co-share."""
    by = {a["handle"]: a for a in ORGANIC}
    recs = []
    m = Meta()
    m.narratives = ["occupier"]
    title = lat2cyr("KFOR – mirovnjaci ili okupatori?")
    recs.append(
        post_record(
            by["@pravda_srbija"],
            datetime(2025, 3, 14, 17, 45, 10, tzinfo=UTC),
            f"{title} {CAMPAIGN_URL}",
            [CAMPAIGN_URL],
            rng,
            "sr-Cyrl",
            False,
            m,
        )
    )
    m = Meta()
    body = sentences(["occupier"], "sr-Cyrl", CO_SHARES[0][0], rng, m, 1)
    recs.append(
        post_record(
            by["@sputnik_sr_primer"],
            datetime(2024, 11, 7, 19, 48, 31, tzinfo=UTC),
            f"{body} {CO_SHARES[0][2]}",
            [CO_SHARES[0][2]],
            rng,
            "sr-Cyrl",
            False,
            m,
        )
    )
    for handle, dt in (
        ("@serb_drug_ru", datetime(2025, 1, 22, 13, 5, 12, tzinfo=UTC)),
        ("@balkan_truth_en", datetime(2025, 1, 23, 9, 12, 40, tzinfo=UTC)),
    ):
        a, m = by[handle], Meta()
        body = sentences(["albanian_terrorism"], a["lang"], dt, rng, m, 1)
        u = decorate(CO_SHARES[1][2], rng, 1.0)
        recs.append(post_record(a, dt, f"{body} {u}", [u], rng, a["lang"], False, m))
    when = datetime(2024, 9, 18, 10, 0, 5, tzinfo=UTC)
    m = Meta()
    title = headline(["kfor"], "en", when, rng, m)
    url = article_url("balkan-observer.example", when, title, rng)
    recs.append(post_record(by["@balkan_observer"], when, f"{title} {url}", [url], rng, "en", False, m))
    for handle, secs in (("@jane_miller_reports", 61), ("@wb_security_notes", 97)):
        m = Meta()
        body = sentences(["kfor"], "en", when, rng, m, 1)
        u = decorate(url, rng, 0.8)
        recs.append(
            post_record(
                by[handle],
                when + timedelta(seconds=secs),
                f"{body} {u}",
                [u],
                rng,
                "en",
                False,
                m,
                shared_from="@balkan_observer",
            )
        )
    return recs


LANG_WEIGHTS = {"en": 0.42, "sr-Cyrl": 0.14, "sr-Latn": 0.20, "sq": 0.20, "ru": 0.04}


def random_organic(
    rng: random.Random,
    n: int,
    accounts: list[dict[str, Any]],
    lo: datetime = START,
    hi: datetime = END,
    weights: dict[str, float] | None = None,
) -> list[dict[str, Any]]:
    weights = weights or LANG_WEIGHTS
    langs = [lg for lg in weights if any(a["lang"] == lg for a in accounts)]
    outlets = [a for a in ORGANIC if a["domain"] and a["kind"] == "outlet"]
    recs = []
    for _ in range(n):
        lang = rng.choices(langs, [weights[lg] for lg in langs])[0]
        pool = [a for a in accounts if a["lang"] == lang]
        acct = rng.choices(pool, [a["weight"] for a in pool])[0]
        recs.append(compose(acct, rand_dt(rng, lo, hi, avoid=PLANTED_TIMES), rng, outlets))
    return recs


def assign_ids(recs: list[dict[str, Any]], counter: list[int], rng: random.Random) -> None:
    for r in recs:
        counter[0] += rng.randint(1, 9)
        r["id"] = f"{ID_PREFIX[r['platform']]}-{counter[0]:06d}"


def add_replies(recs: list[dict[str, Any]], rng: random.Random, k: int) -> None:
    cands = [i for i, r in enumerate(recs) if r["_kind"] == "person" and i > 5]
    for i in sorted(rng.sample(cands, min(k, len(cands)))):
        r = recs[i]
        targets = [
            t
            for t in recs[:i]
            if t["_kind"] in ("outlet", "person", "narrative")
            and base_lang(t["_lang"]) == base_lang(r["_lang"])
            and t["account"] != r["account"]
        ]
        if not targets:
            continue
        t = rng.choice(targets)
        skeptic, neutral = REPLIES[base_lang(r["_lang"])]
        phrase = scr(rng.choice(skeptic if t["_kind"] == "narrative" else neutral), r["_lang"], r["_ascii"])
        mention = f"{t['account']} " if r["platform"] == "x" else ""
        r["text"] = f"{mention}{phrase} {r['text']}"
        items = list(r.items())
        pos = [k for k, _ in items].index("comments") + 1
        r.clear()
        r.update(dict(items[:pos] + [("reply_to", t["id"])] + items[pos:]))


def public(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rec.items() if not k.startswith("_")}


def jline(rec: dict[str, Any]) -> bytes:
    return (json.dumps(public(rec), ensure_ascii=False) + "\n").encode("utf-8")


GT_ITEMS: list[dict[str, Any]] = []  # ground truth, one entry per valid item
BAD: list[dict[str, Any]] = []  # every deliberately bad record
COUNTS: dict[str, dict[str, int]] = {}  # file -> language -> valid items


def note_item(file: str, item_id: Any, lang: str, ascii_fold: bool, meta: Meta | None, **extra: Any) -> None:
    entry = {"file": file, "id": item_id, "lang": lang}
    if ascii_fold:
        entry["ascii_folded"] = True
    entry.update(extra)
    if meta is not None:
        entry.update(meta.as_dict())
    GT_ITEMS.append(entry)
    COUNTS.setdefault(file, {lg: 0 for lg in LANGS})[lang] += 1


SOCIAL_BAD = {
    17: "truncated",
    42: "array",
    63: "empty_text",
    88: "cp1251",
    104: "future",
    121: "year_1985",
    139: "naive_ts",
}


def bad_social(kind: str, near: datetime, rng: random.Random) -> dict[str, Any]:
    by = {a["handle"]: a for a in ORGANIC}
    if kind == "cp1251":
        while True:  # an outlet post that is encodable in windows-1251 (no emoji)
            r = compose(by["@beogradski_dnevnik"], near + timedelta(minutes=7), rng)
            try:
                r["text"].encode("cp1251")
                return r
            except UnicodeEncodeError:
                continue
    if kind == "empty_text":
        r = post_record(
            by["@tom_in_prishtina"], near + timedelta(minutes=3), "", [], rng, "en", False, Meta()
        )
        r.pop("lang", None)
        r["shares"] = r["likes"] = r["comments"] = 0
        return r
    handle = {
        "truncated": "@kosovo_daily",
        "array": "@kosovo_daily",
        "future": "@ana_petrovic_novinarka",
        "year_1985": "@factcheck_wb",
        "naive_ts": "@kosova_sot",
    }[kind]
    return compose(by[handle], near + timedelta(minutes=5), rng)


def write_social(rng: random.Random, counter: list[int]) -> None:
    recs = planted_posts(rng) + special_organic(rng)
    recs += random_organic(rng, 143 - len(recs), ORGANIC)
    recs.sort(key=lambda r: r["_dt"])
    lines: list[tuple[str, dict[str, Any]]] = []
    it = iter(recs)
    for lineno in range(1, 151):
        if lineno in SOCIAL_BAD:
            lines.append((SOCIAL_BAD[lineno], bad_social(SOCIAL_BAD[lineno], lines[-1][1]["_dt"], rng)))
        else:
            lines.append(("ok", next(it)))
    assign_ids([r for _, r in lines], counter, rng)
    add_replies([r for k, r in lines if k == "ok"], rng, 10)
    out = bytearray()
    file = "social_posts.jsonl"
    for lineno, (kind, r) in enumerate(lines, 1):
        if kind == "ok":
            out += jline(r)
            note_item(
                file,
                r["id"],
                r["_lang"],
                r["_ascii"],
                r["_meta"],
                line=lineno,
                account=r["account"],
                created_utc=zulu(r["_dt"]),
            )
            continue
        bad = {"file": file, "line": lineno, "id": r["id"]}
        if kind == "truncated":
            s = json.dumps(public(r), ensure_ascii=False)
            out += (s[: int(len(s) * 0.6)] + "\n").encode("utf-8")
            bad.update(expected="quarantine", reason="malformed JSON: truncated object")
        elif kind == "array":
            arr = [r["id"], r["account"], r["created_at"], r["text"]]
            out += (json.dumps(arr, ensure_ascii=False) + "\n").encode("utf-8")
            bad.update(expected="quarantine", reason="valid JSON but an array, not an object")
        elif kind == "empty_text":
            out += jline(r)
            bad.update(expected="quarantine", reason="no text: empty 'text' and no 'title'")
        elif kind == "cp1251":
            out += (json.dumps(public(r), ensure_ascii=False) + "\n").encode("cp1251")
            bad.update(
                expected="recover_and_flag",
                reason="line is windows-1251, not UTF-8: decode with cp1251 fallback and flag it",
            )
            note_item(
                file,
                r["id"],
                r["_lang"],
                False,
                r["_meta"],
                line=lineno,
                account=r["account"],
                created_utc=zulu(r["_dt"]),
                flagged="encoding_fallback:cp1251",
            )
        elif kind == "future":
            r["created_at"] = zulu(r["_dt"].replace(year=2031))
            out += jline(r)
            bad.update(
                expected="recover_and_flag",
                reason="created_at in the future (2031): keep, flag date_in_future",
            )
            note_item(
                file,
                r["id"],
                r["_lang"],
                r["_ascii"],
                r["_meta"],
                line=lineno,
                account=r["account"],
                created_utc=r["created_at"],
                flagged="date_in_future",
            )
        elif kind == "year_1985":
            r["created_at"] = "1985-03-14T18:00:00Z"
            out += jline(r)
            bad.update(
                expected="recover_and_flag",
                reason="created_at implausibly old (1985): keep, flag date_before_1990",
            )
            note_item(
                file,
                r["id"],
                r["_lang"],
                r["_ascii"],
                r["_meta"],
                line=lineno,
                account=r["account"],
                created_utc=r["created_at"],
                flagged="date_before_1990",
            )
        elif kind == "naive_ts":
            r["created_at"] = belgrade(r["_dt"]).strftime("%Y-%m-%dT%H:%M:%S")
            out += jline(r)
            bad.update(
                expected="recover_and_flag", reason="naive timestamp (no zone): assume UTC and flag it"
            )
            note_item(
                file,
                r["id"],
                r["_lang"],
                r["_ascii"],
                r["_meta"],
                line=lineno,
                account=r["account"],
                created_utc=None,
                flagged="naive_timestamp",
            )
        bad["created_at"] = r.get("created_at")
        BAD.append(bad)
    (OUT / file).write_bytes(bytes(out))
    PLANTED_IDS.extend(
        (r["id"], r["account"], r["created_at"], r["urls"][0], r["_dt"])
        for k, r in lines
        if k == "ok"
        and r["_kind"] == "planted"
        and r["urls"]
        and any(u in canon(r["urls"][0]) for u in [CAMPAIGN_URL] + [c[2] for c in CO_SHARES])
    )


PLANTED_IDS: list[tuple[str, str, str, str, datetime]] = []


def canon(url: str) -> str:
    """Tiny reference canonicaliser used only to compute the ground truth."""
    p = urlsplit(url)
    return urlunsplit((p.scheme.lower(), p.netloc.lower(), p.path, "", ""))


def write_archives(rng: random.Random, counter: list[int]) -> None:
    (OUT / "archives").mkdir(exist_ok=True)
    more = random_organic(rng, 25, ORGANIC, datetime(2025, 4, 1, tzinfo=UTC), END)
    more.sort(key=lambda r: r["_dt"])
    assign_ids(more, counter, rng)
    add_replies(more, rng, 2)
    data = b"".join(jline(r) for r in more)
    for i, r in enumerate(more, 1):
        note_item(
            "archives/extra_posts.zip!more_posts.jsonl",
            r["id"],
            r["_lang"],
            r["_ascii"],
            r["_meta"],
            line=i,
            account=r["account"],
            created_utc=zulu(r["_dt"]),
        )
    html = nested_article_html(rng)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, payload in (("more_posts.jsonl", data), ("nested/one_article.html", html)):
            info = zipfile.ZipInfo(name, date_time=(2025, 6, 30, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, payload)
        zf.comment = SYNTH.encode()
    (OUT / "archives" / "extra_posts.zip").write_bytes(buf.getvalue())

    vk = random_organic(rng, 20, VK_ACCOUNTS, weights={"ru": 1.0})
    vk.sort(key=lambda r: r["_dt"])
    assign_ids(vk, counter, rng)
    data = b"".join(jline(r) for r in vk)
    for i, r in enumerate(vk, 1):
        note_item(
            "archives/vk_posts.jsonl.gz",
            r["id"],
            r["_lang"],
            r["_ascii"],
            r["_meta"],
            line=i,
            account=r["account"],
            created_utc=zulu(r["_dt"]),
        )
    (OUT / "archives" / "vk_posts.jsonl.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


# --------------------------------------------------------------------------------------
# CrowdTangle-style CSV
# --------------------------------------------------------------------------------------
CT_HEADER = (
    "Account,User Name,Facebook Id,Page Category,Page Admin Top Country,Post Created,"
    "Post Created Date,Post Created Time,Type,Total Interactions,Likes,Comments,Shares,Love,"
    "Wow,Haha,Sad,Angry,Care,Video Share Status,Post Views,Total Views,URL,Message,Link,"
    "Final Link,Image Text,Link Text,Description,Sponsor Id,Sponsor Name"
).split(",")


def P(
    name: str,
    user: str,
    fid: int,
    cat: str,
    country: str,
    lang: str,
    kind: str,
    topics: list[str],
    domain: str | None,
    ascii_fold: bool = False,
    tz: str = "CET",
) -> dict[str, Any]:
    return dict(
        name=name,
        handle=user,
        user=user,
        fid=fid,
        cat=cat,
        country=country,
        lang=lang,
        kind=kind,
        topics=topics,
        domain=domain,
        ascii=ascii_fold,
        tz=tz,
        platform="facebook",
        weight=1,
    )


CT_PAGES = [
    P(
        "Balkan Observer",
        "balkanobserver",
        100064512345678,
        "MEDIA_NEWS_COMPANY",
        "XK",
        "en",
        "outlet",
        ["kfor", "dialogue", "border", "bridge", "pfp", "arms", "recognition"],
        "balkan-observer.example",
    ),
    P(
        "Kosovo Daily",
        "kosovodaily",
        100071122334455,
        "NEWS_SITE",
        "XK",
        "en",
        "outlet",
        ["bridge", "energy", "elections", "economy", "weather", "sports"],
        "kosovo-daily.example",
    ),
    P(
        "Balkan Watch US",
        "balkanwatchus",
        100058899001122,
        "NEWS_SITE",
        "US",
        "en",
        "outlet",
        ["nis", "arms", "pfp", "dialogue", "factcheck"],
        "balkan-watch.example",
        tz="EST",
    ),
    P(
        "Београдски дневник",
        "beogradskidnevnik",
        100069988776655,
        "MEDIA_NEWS_COMPANY",
        "RS",
        "sr-Cyrl",
        "outlet",
        ["dialogue", "energy", "economy", "arms", "sports"],
        "beogradski-dnevnik.example",
    ),
    P(
        "Правда Србија",
        "pravdasrbija",
        100083344556677,
        "NEWS_SITE",
        "RS",
        "sr-Cyrl",
        "narrative",
        NARR_TOPICS,
        "pravda-srbija.example",
    ),
    P(
        "Vesti Sever",
        "vestisever",
        100077665544332,
        "NEWS_SITE",
        "RS",
        "sr-Latn",
        "outlet",
        ["border", "bridge", "kfor", "energy", "weather"],
        "vesti-sever.example",
    ),
    P(
        "Glas Severa zajednica",
        "glasseverazajednica",
        100090011223344,
        "COMMUNITY",
        "RS",
        "sr-Latn",
        "narrative",
        NARR_TOPICS + ["bridge"],
        None,
        ascii_fold=True,
    ),
    P(
        "Kosova Sot",
        "kosovasot",
        100062233445566,
        "MEDIA_NEWS_COMPANY",
        "XK",
        "sq",
        "outlet",
        ["kfor", "dialogue", "elections", "bridge", "pfp"],
        "kosova-sot.example",
    ),
    P(
        "Prishtina Lajme",
        "prishtinalajme",
        100075566778899,
        "NEWS_SITE",
        "XK",
        "sq",
        "outlet",
        ["economy", "weather", "sports", "energy", "factcheck"],
        "prishtina-lajme.example",
    ),
    P(
        "Diaspora Zvicër",
        "diasporazvicer",
        100081234509876,
        "COMMUNITY",
        "CH",
        "sq",
        "person",
        ["economy", "elections", "recognition"],
        None,
        ascii_fold=True,
    ),
    P(
        "Русский Балкан",
        "russkiybalkan",
        100067788990011,
        "MEDIA_NEWS_COMPANY",
        "RU",
        "ru",
        "narrative",
        NARR_TOPICS + ["arms", "nis"],
        "balkanskiy-express.example",
    ),
]


def ct_time(page: dict[str, Any], dt: datetime) -> tuple[datetime, str]:
    if page["tz"] == "EST":
        return dt.astimezone(timezone(timedelta(hours=-5))), "EST"
    local = belgrade(dt)
    return local, "CEST" if eu_summer(dt) else "CET"


def ct_row(
    page: dict[str, Any],
    dt: datetime,
    rng: random.Random,
    *,
    link: str | None = None,
    message: str | None = None,
    meta: Meta | None = None,
    kind: str | None = None,
    preview: tuple[str, str] | None = None,
) -> tuple[list[str], Meta]:
    lang, af = page["lang"], page["ascii"]
    meta = meta or Meta()
    narr = page["kind"] == "narrative" and rng.random() < 0.8
    topic = choose_topic(
        NARR_TOPICS if narr else [t for t in page["topics"] if t not in NARRATIVES] or page["topics"],
        lang,
        dt,
        rng,
    )
    body = ""
    if message is None:
        title, body = lead(topic, lang, dt, rng, meta, af, rng.choice([1, 2]))
        style = rng.random()
        if style < 0.15:  # editors quoting their own headline: exercises CSV quote escaping
            message = f'"{title}" – {body}'
        elif style < 0.35:
            message = f"{title}\n\n{body}"
        elif style < 0.55:
            message = f"{body}\n\n{hashtags(lang, rng, 2)}"
        else:
            message = body
    else:
        title = headline([topic], lang, dt, rng, meta, af)
    post_type = kind or rng.choices(["Link", "Photo", "Status", "Native Video"], [6, 2, 1, 1])[0]
    if preview:  # the link preview of a known page
        title, body = preview
    desc = (body or sentences([topic], lang, dt, rng, Meta(), 1, af)) if post_type == "Link" else ""
    url = link or (
        article_url(page["domain"] or rng.choice(NARR_DOMAINS), dt, title, rng, lang)
        if post_type == "Link"
        else ""
    )
    final = url
    if post_type == "Link" and link is None and rng.random() < 0.3:
        url = f"https://bit.example/{token(rng, 7)}"  # shortened; Final Link is the resolved one
    elif post_type == "Link" and rng.random() < 0.3:
        final = ""
    likes = rng.randint(3, 3000 if page["kind"] == "outlet" else 900)
    reactions = [
        likes,
        rng.randint(0, likes // 5 + 1),
        rng.randint(0, likes // 4 + 1),
        rng.randint(0, likes // 10 + 1),
        rng.randint(0, 30),
        rng.randint(0, 40),
        rng.randint(0, 20),
        rng.randint(0, likes // 3 + 1),
        rng.randint(0, 15),
    ]
    total = sum(reactions)
    views = rng.randint(500, 90000) if post_type == "Native Video" else 0
    local, abbr = ct_time(page, dt)
    sponsor = ("100087654321098", "Istina Info") if rng.random() < 0.03 else ("", "")
    row = [
        page["name"],
        page["user"],
        str(page["fid"]),
        page["cat"],
        page["country"],
        f"{local:%Y-%m-%d %H:%M:%S} {abbr}",
        f"{local:%Y-%m-%d}",
        f"{local:%H:%M:%S}",
        post_type,
        f"{total:,}",
        str(reactions[0]),
        str(reactions[2]),
        str(reactions[1]),
        str(reactions[3]),
        str(reactions[4]),
        str(reactions[5]),
        str(reactions[6]),
        str(reactions[7]),
        str(reactions[8]),
        rng.choice(["owned", "crosspost", "share"]) if post_type == "Native Video" else "",
        str(views),
        str(views + rng.randint(0, 5000)) if views else "0",
        f"https://www.facebook.example/{page['fid']}/posts/{rng.randint(10**15, 10**16 - 1)}",
        message,
        url,
        final if post_type == "Link" else "",
        title.upper() if post_type == "Photo" else "",
        title if post_type == "Link" else "",
        desc,
        *sponsor,
    ]
    return row, meta


def write_crowdtangle(rng: random.Random) -> None:
    file = "crowdtangle_export.csv"
    langs = ["en"] * 24 + ["sr-Cyrl"] * 10 + ["sr-Latn"] * 12 + ["sq"] * 10 + ["ru"] * 2
    rng.shuffle(langs)
    rows: list[tuple[datetime, list[str], Meta, dict[str, Any]]] = []
    for lang in langs[:56]:
        page = rng.choice([p for p in CT_PAGES if p["lang"] == lang])
        while True:
            dt = rand_dt(rng, avoid=PLANTED_TIMES)
            if page["tz"] != "EST" or dt.month in (12, 1, 2):
                break
        row, meta = ct_row(page, dt, rng)
        rows.append((dt, row, meta, page))
    by = {p["user"]: p for p in CT_PAGES}
    m = Meta()
    m.narratives = ["occupier", "kosovo_serbia"]
    dt = datetime(2025, 3, 14, 17, 50, 12, tzinfo=UTC)
    camp_preview = (lat2cyr("KFOR – mirovnjaci ili okupatori?"), CAMPAIGN_CYR.split(". ")[0] + ".")
    row, m = ct_row(
        by["pravdasrbija"],
        dt,
        rng,
        link=CAMPAIGN_URL,
        kind="Link",
        meta=m,
        preview=camp_preview,
        message=lat2cyr("KFOR – mirovnjaci ili okupatori? Pročitajte analizu naše redakcije."),
    )
    rows.append((dt, row, m, by["pravdasrbija"]))
    dt = datetime(2025, 3, 14, 22, 41, 55, tzinfo=UTC)
    m = Meta()
    msg = "Pogledajte ovo, a onda nam recite da nisu okupatori.\n\n" + sentences(
        ["occupier"], "sr-Latn", dt, rng, m, 1, True
    )
    row, m = ct_row(
        by["glasseverazajednica"],
        dt,
        rng,
        kind="Link",
        meta=m,
        message=msg,
        preview=camp_preview,
        link=CAMPAIGN_URL + "?fbclid=IwAR" + token(rng, 30),
    )
    rows.append((dt, row, m, by["glasseverazajednica"]))
    rows.sort(key=lambda r: r[0], reverse=True)  # CrowdTangle lists newest first

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CT_HEADER)
    record = 0
    for dt, row, meta, page in rows:
        record += 1
        if record == 30:
            line = buf.getvalue().count("\n") + 1
            buf.write(
                "Kosovo Daily,kosovodaily,100071122334455,NEWS_SITE,XK,2024-07-03 10:00:00 CEST,"
                "2024-07-03,10:00:00,Link\r\n"
            )
            BAD.append(
                {
                    "file": file,
                    "record": record,
                    "line": line,
                    "expected": "quarantine",
                    "reason": "too few columns (9 of 31)",
                }
            )
            record += 1
        line = buf.getvalue().count("\n") + 1
        w.writerow(row)
        note_item(
            file,
            row[22],
            page["lang"],
            page["ascii"],
            meta,
            record=record,
            line=line,
            account=page["name"],
            created_utc=zulu(dt),
        )
    record += 1
    line = buf.getvalue().count("\n") + 1
    dt = datetime(2025, 6, 29, 19, 14, 9, tzinfo=UTC)
    local, abbr = ct_time(by["kosovasot"], dt)
    buf.write(
        f"Kosova Sot,kosovasot,100062233445566,MEDIA_NEWS_COMPANY,XK,{local:%Y-%m-%d %H:%M:%S} {abbr},"
        f"{local:%Y-%m-%d},{local:%H:%M:%S},Status,14,11,1,2,0,0,0,0,0,0,,0,0,"
        f"https://www.facebook.example/100062233445566/posts/9912345678901234,"
        '"Lajm i fundit: Policia e Kosovës mbylli pikën kufitare të Merdares, \n'
        "detajet së shpejti...\n"
    )
    BAD.append(
        {
            "file": file,
            "record": record,
            "line": line,
            "expected": "quarantine",
            "reason": "unterminated quoted field at end of file (last record)",
        }
    )
    (OUT / file).write_bytes(buf.getvalue().encode("utf-8"))


# --------------------------------------------------------------------------------------
# Telegram Desktop channel export
# --------------------------------------------------------------------------------------
TG_NAME = "Балканский вестник"
TG_ID = 1234567890
TG_FROM_ID = f"channel{TG_ID}"
TG_FORWARDS = ["Правда Србија", "Спутник Србија", "Истина Инфо", "Русский мир — Балканы"]
TG_MORE = {
    "ru": ("Подробнее ", "здесь"),
    "sr-Cyrl": ("Опширније ", "овде"),
    "sr-Latn": ("Opširnije ", "ovde"),
}


def tg_stamp(dt: datetime) -> tuple[str, str]:
    return dt.strftime("%Y-%m-%dT%H:%M:%S"), str(int(dt.timestamp()))


def tg_merge(parts: list[Any]) -> list[Any]:
    out: list[Any] = []
    for p in parts:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        elif p != "":
            out.append(p)
    return out


def tg_message(
    dt: datetime,
    parts: list[Any],
    rng: random.Random,
    *,
    forwarded_from: str | None = None,
    photo: bool = False,
    edited: bool = False,
    reactions: bool = True,
) -> dict[str, Any]:
    parts = tg_merge(parts)
    date, unix = tg_stamp(dt)
    msg: dict[str, Any] = {"id": None, "type": "message", "date": date, "date_unixtime": unix}
    if edited:
        msg["edited"], msg["edited_unixtime"] = tg_stamp(dt + timedelta(minutes=rng.randint(2, 90)))
    msg["from"], msg["from_id"] = TG_NAME, TG_FROM_ID
    if forwarded_from:
        msg["forwarded_from"] = forwarded_from
    if photo:
        msg["photo"] = "(File not included. Change data exporting settings to download.)"
        msg["width"], msg["height"] = 1280, 720
    msg["text"] = parts[0] if len(parts) == 1 and isinstance(parts[0], str) else parts
    msg["text_entities"] = [{"type": "plain", "text": p} if isinstance(p, str) else dict(p) for p in parts]
    if reactions and rng.random() < 0.5:
        emojis = rng.sample(["👍", "🔥", "❤", "👎", "😡", "🙏"], rng.randint(1, 3))
        msg["reactions"] = [{"type": "emoji", "count": rng.randint(1, 400), "emoji": e} for e in emojis]
    return msg


def tg_compose(lang: str, dt: datetime, rng: random.Random, meta: Meta) -> list[Any]:
    parts: list[Any] = []
    narr = rng.random() < 0.6
    topic = choose_topic(
        NARR_TOPICS
        if narr
        else ["arms", "nis", "recognition", "dialogue", "energy", "kfor", "bridge", "border"],
        lang,
        dt,
        rng,
    )
    k = rng.choice([1, 2])
    if rng.random() < 0.4:
        title, body = lead(topic, lang, dt, rng, meta, False, k)
        parts += [{"type": "bold", "text": title}, "\n\n", body]
    else:
        parts.append(sentences([topic], lang, dt, rng, meta, k))
    if rng.random() < 0.45:
        url = decorate(
            article_url(rng.choice(NARR_DOMAINS), dt, headline([topic], lang, dt, rng, Meta()), rng, lang),
            rng,
            0.3,
        )
        if rng.random() < 0.5:
            parts += ["\n\n", {"type": "link", "text": url}]
        else:
            more, word = TG_MORE[lang]
            parts += ["\n\n" + more, {"type": "text_link", "text": word, "href": url}]
    if rng.random() < 0.5:
        parts.append("\n\n")
        for i, tag in enumerate(hashtags(lang, rng, rng.choice([1, 2, 3])).split()):
            parts += ([" "] if i else []) + [{"type": "hashtag", "text": tag}]
    return parts


def write_telegram(rng: random.Random) -> None:
    file = "telegram/result.json"
    (OUT / "telegram").mkdir(exist_ok=True)
    msgs: list[tuple[datetime, dict[str, Any], str, Meta]] = []
    camp = datetime(2025, 3, 14, 19, 2, 11, tzinfo=UTC)
    m = Meta()
    m.facts, m.narratives = ["campaign_kfor_okupator"], ["occupier", "kosovo_serbia"]
    msgs.append(
        (
            camp,
            tg_message(
                camp,
                [
                    CAMPAIGN_CYR + "\n\n",
                    {"type": "link", "text": CAMPAIGN_URL + "?utm_source=telegram&utm_medium=channel"},
                ],
                rng,
                forwarded_from="Правда Србија",
            ),
            "sr-Cyrl",
            m,
        )
    )
    dt = datetime(2025, 3, 14, 21, 15, 40, tzinfo=UTC)
    m = Meta()
    body = sentences(["occupier"], "ru", dt, rng, m, 2)
    msgs.append(
        (
            dt,
            tg_message(
                dt,
                [
                    {"type": "bold", "text": "Сербские патриоты бьют тревогу"},
                    "\n\n" + body + "\n\nМатериал сербских коллег читайте ",
                    {"type": "text_link", "text": "здесь", "href": CAMPAIGN_URL},
                ],
                rng,
                edited=True,
            ),
            "ru",
            m,
        )
    )
    dt = datetime(2024, 11, 7, 20, 31, 0, tzinfo=UTC)
    m = Meta()
    body = sentences(["occupier"], "ru", dt, rng, m, 1)
    msgs.append(
        (
            dt,
            tg_message(
                dt,
                [
                    body + "\n\n",
                    {"type": "link", "text": CO_SHARES[0][2]},
                    "\n\n",
                    {"type": "hashtag", "text": "#Бондстил"},
                ],
                rng,
            ),
            "ru",
            m,
        )
    )
    dt = datetime(2025, 5, 9, 12, 20, 0, tzinfo=UTC)
    m = Meta()
    body = sentences(["west_imposes"], "sr-Cyrl", dt, rng, m, 1)
    msgs.append(
        (
            dt,
            tg_message(
                dt,
                [lat2cyr("Srećan Dan pobede! ") + body + "\n\n", {"type": "link", "text": CO_SHARES[2][2]}],
                rng,
                forwarded_from="Истина Инфо",
            ),
            "sr-Cyrl",
            m,
        )
    )
    langs = ["ru"] * 23 + ["sr-Cyrl"] * 20 + ["sr-Latn"] * 9
    rng.shuffle(langs)
    for lang in langs:
        dt = rand_dt(rng, datetime(2024, 2, 10, 12, tzinfo=UTC), END, avoid=PLANTED_TIMES)
        m = Meta()
        parts = tg_compose(lang, dt, rng, m)
        fwd = rng.choice(TG_FORWARDS) if rng.random() < 0.2 else None
        msgs.append(
            (
                dt,
                tg_message(
                    dt, parts, rng, forwarded_from=fwd, photo=rng.random() < 0.1, edited=rng.random() < 0.15
                ),
                lang,
                m,
            )
        )
    msgs.sort(key=lambda x: x[0])
    items: list[Any] = []
    created = datetime(2024, 2, 10, 9, 0, 0, tzinfo=UTC)
    d, u = tg_stamp(created)
    items.append(
        {
            "id": None,
            "type": "service",
            "date": d,
            "date_unixtime": u,
            "actor": TG_NAME,
            "actor_id": TG_FROM_ID,
            "action": "create_channel",
            "title": TG_NAME,
            "text": "",
            "text_entities": [],
        }
    )
    gt: dict[int, tuple[str, Meta]] = {}
    pin_for = None
    for dt, msg, lang, meta in msgs:
        items.append(msg)
        gt[id(msg)] = (lang, meta)
        if dt == camp:
            pin_for = msg
            d, u = tg_stamp(dt + timedelta(seconds=49))
            items.append(
                {
                    "id": None,
                    "type": "service",
                    "date": d,
                    "date_unixtime": u,
                    "actor": TG_NAME,
                    "actor_id": TG_FROM_ID,
                    "action": "pin_message",
                    "message_id": None,
                    "text": "",
                    "text_entities": [],
                }
            )
    prev = items[22]
    d = datetime.strptime(prev["date"], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC) + timedelta(minutes=4)
    ds, us = tg_stamp(d)
    items.insert(
        23,
        {
            "id": None,
            "type": "message",
            "date": ds,
            "date_unixtime": us,
            "from": TG_NAME,
            "from_id": TG_FROM_ID,
            "text": 1389,
            "text_entities": [],
        },
    )
    items.insert(41, "Сообщение удалено")
    mid = 0
    for it in items:
        if isinstance(it, dict):
            mid += rng.choice([1, 1, 1, 2, 3])
            it["id"] = mid
    for it in items:
        if isinstance(it, dict) and it.get("action") == "pin_message":
            it["message_id"] = pin_for["id"]  # type: ignore[index]
    for idx, it in enumerate(items):
        if isinstance(it, dict) and id(it) in gt:
            lang, meta = gt[id(it)]
            note_item(file, it["id"], lang, False, meta, index=idx, created_utc=it["date"] + "Z")
    BAD.append(
        {
            "file": file,
            "index": 23,
            "id": items[23]["id"],
            "expected": "quarantine",
            "reason": "message 'text' is a number (1389), not a string or list",
        }
    )
    BAD.append(
        {
            "file": file,
            "index": 41,
            "id": None,
            "expected": "quarantine",
            "reason": "messages[41] is a bare string, not an object",
        }
    )
    SERVICE.extend(
        (i, it["id"], it["action"])
        for i, it in enumerate(items)
        if isinstance(it, dict) and it["type"] == "service"
    )
    TG_PLANTED.extend(
        (i, it["id"], it["date"])
        for i, it in enumerate(items)
        if isinstance(it, dict)
        and any(
            u in json.dumps(it.get("text"), ensure_ascii=False)
            for u in [CAMPAIGN_URL] + [c[2] for c in CO_SHARES]
        )
    )
    doc = {"about": SYNTH, "name": TG_NAME, "type": "public_channel", "id": TG_ID, "messages": items}
    (OUT / file).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


SERVICE: list[tuple[int, int, str]] = []
TG_PLANTED: list[tuple[int, int, str]] = []


# --------------------------------------------------------------------------------------
# RSS / Atom feeds
# --------------------------------------------------------------------------------------
def x(text: str) -> str:
    return _xesc(text, {'"': "&quot;"})


def feed_dates(
    rng: random.Random, n: int, lo: datetime, hi: datetime, fixed: list[datetime] | None = None
) -> list[datetime]:
    dts = (fixed or []) + [rand_dt(rng, lo, hi, avoid=PLANTED_TIMES) for _ in range(n - len(fixed or []))]
    return sorted(dts, reverse=True)  # feeds list newest first


def write_balkan_observer(rng: random.Random) -> None:
    file = "feeds/balkan_observer_rss.xml"
    topics = [
        "kfor",
        "dialogue",
        "border",
        "bridge",
        "pfp",
        "arms",
        "recognition",
        "nis",
        "energy",
        "factcheck",
        "elections",
        "economy",
        "kfor",
        "bridge",
        "dialogue",
    ]
    dts = feed_dates(rng, 15, datetime(2025, 2, 1, tzinfo=UTC), END)
    items, used = [], set()
    for dt, topic in zip(dts, topics, strict=True):
        meta = Meta()
        topic = feed_topic(topic, "en", dt, rng, used)
        title, desc = lead(topic, "en", dt, rng, meta, False, 2, used)
        link = article_url("balkan-observer.example", dt, title, rng)
        cat = {"kfor": "Security", "arms": "Security", "nis": "Security", "pfp": "Security"}.get(
            topic, "Politics"
        )
        items.append(f"""    <item>
      <title>{x(title)}</title>
      <link>{x(link)}</link>
      <description>{x(desc)}</description>
      <category>{cat}</category>
      <pubDate>{format_datetime(dt, usegmt=True)}</pubDate>
      <guid isPermaLink="true">{x(link)}</guid>
    </item>""")
        note_item(file, link, "en", False, meta, created_utc=zulu(dt))
    body = "\n".join(items)
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- {SYNTH}. -->
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Balkan Observer (synthetic sample)</title>
    <link>https://balkan-observer.example/</link>
    <atom:link href="https://balkan-observer.example/feed.xml" rel="self" type="application/rss+xml"/>
    <description>Security and politics in Kosovo and the Western Balkans (synthetic sample for hybridwatch)</description>
    <language>en</language>
    <lastBuildDate>{format_datetime(dts[0] + timedelta(minutes=5), usegmt=True)}</lastBuildDate>
    <generator>hybridwatch make_sample.py</generator>
{body}
  </channel>
</rss>
"""
    (OUT / file).write_text(xml, encoding="utf-8")


def write_srbija_danas(rng: random.Random) -> None:
    file = "feeds/srbija_danas_rss.xml"
    special = datetime(2025, 3, 14, 19, 30, 0, tzinfo=UTC)
    dts = feed_dates(rng, 15, datetime(2025, 2, 15, tzinfo=UTC), END, [special])
    topics = [
        "dialogue",
        "kfor",
        "energy",
        "sports",
        "arms",
        "kosovo_serbia",
        "border",
        "weather",
        "nis",
        "economy",
        "recognition",
        "bridge",
        "elections",
        "pfp",
    ]
    rng.shuffle(topics)
    langs = ["sr-Cyrl"] * 8 + ["sr-Latn"] * 7
    rng.shuffle(langs)
    authors = ["Јована Илић", "Nikola Stanković", "Redakcija", "Марија Ђорђевић", "Stefan Lukić"]
    items, used = [], set()
    ti = iter(topics)
    for i, dt in enumerate(dts):
        lang = langs[i]
        if dt == special:
            lang = "sr-Latn"
        meta = Meta()
        topic = "occupier" if dt == special else next(ti)
        if topic not in NARRATIVES:
            topic = feed_topic(topic, lang, dt, rng, used)
        title, desc = lead(topic, lang, dt, rng, meta, False, 1, used)
        more = sentences([topic], lang, dt, rng, meta, 2, exclude=set(meta.facts))
        link = f"https://srbija-danas.example/vesti/{slugify(title, serbian=True)}-{rng.randint(3000000, 3999999)}"
        guid = f"srbija-danas-{rng.randint(100000, 999999)}"
        author = authors[i % len(authors)]
        content = ""
        if dt == special:
            content = (
                f"<p>{desc}</p><p>{more}</p><p>{scr('Kako piše', lang, False)} "
                f'<a href="{CAMPAIGN_URL}">Pravda Srbija</a>, '
                f"{scr('tekst se masovno deli na društvenim mrežama.', lang, False)}</p>"
            )
        elif i % 2 == 0:
            content = (
                f"<p><strong>{desc}</strong></p>\n<p>{more}</p>\n"
                f'<p><img src="https://srbija-danas.example/img/{guid}.jpg" alt=""/></p>'
            )
        if i in (3, 9):  # descriptions that carry escaped HTML, as many real feeds do
            desc_xml = x(f"<p>{desc}</p>")
        else:
            desc_xml = x(desc)
        enc = f"\n      <content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        items.append(f"""    <item>
      <title>{x(title)}</title>
      <link>{x(link)}</link>
      <description>{desc_xml}</description>{enc}
      <dc:creator>{x(author)}</dc:creator>
      <pubDate>{format_datetime(belgrade(dt))}</pubDate>
      <guid isPermaLink="false">{guid}</guid>
    </item>""")
        note_item(file, guid, lang, False, meta, created_utc=zulu(dt))
    body = "\n".join(items)
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- {SYNTH}. -->
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Србија данас (synthetic sample)</title>
    <link>https://srbija-danas.example/</link>
    <description>Najnovije vesti iz Srbije i regiona (synthetic sample for hybridwatch)</description>
    <language>sr</language>
    <pubDate>{format_datetime(belgrade(dts[0]))}</pubDate>
{body}
  </channel>
</rss>
"""
    (OUT / file).write_text(xml, encoding="utf-8")


def write_kosova_sot(rng: random.Random) -> None:
    file = "feeds/kosova_sot_atom.xml"
    dts = feed_dates(rng, 15, datetime(2025, 1, 10, tzinfo=UTC), END)
    topics = [
        "kfor",
        "dialogue",
        "elections",
        "bridge",
        "pfp",
        "energy",
        "economy",
        "border",
        "recognition",
        "factcheck",
        "sports",
        "weather",
        "arms",
        "nis",
        "elections",
    ]
    rng.shuffle(topics)
    authors = ["Arta Krasniqi", "Besnik Gashi", "Redaksia", "Drita Hoxha"]
    entries, used = [], set()
    for i, (dt, topic) in enumerate(zip(dts, topics, strict=True)):
        af = i in (4, 11)  # two entries typed without ë/ç
        meta = Meta()
        topic = feed_topic(topic, "sq", dt, rng, used)
        title, summary = lead(topic, "sq", dt, rng, meta, af, 1, used)
        more = sentences([topic], "sq", dt, rng, meta, 2, af, exclude=set(meta.facts))
        n = rng.randint(100000, 999999)
        link = f"https://kosova-sot.example/lajme/{n}/{slugify(title)}"
        html = f"<p>{summary}</p><p>{more}</p>"
        pub = belgrade(dt)
        upd = belgrade(dt + timedelta(minutes=rng.choice([0, 0, 12, 47])))
        entries.append(f"""  <entry>
    <title>{x(title)}</title>
    <link rel="alternate" type="text/html" href="{x(link)}"/>
    <id>tag:kosova-sot.example,2025:lajm-{n}</id>
    <published>{pub.isoformat()}</published>
    <updated>{upd.isoformat()}</updated>
    <author><name>{x(authors[i % len(authors)])}</name></author>
    <summary>{x(summary)}</summary>
    <content type="html">{x(html)}</content>
  </entry>""")
        note_item(file, f"tag:kosova-sot.example,2025:lajm-{n}", "sq", af, meta, created_utc=zulu(dt))
    body = "\n".join(entries)
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<!-- {SYNTH}. -->
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sq">
  <title>Kosova Sot (synthetic sample)</title>
  <subtitle>Lajme nga Kosova dhe rajoni (mostër sintetike për hybridwatch)</subtitle>
  <id>tag:kosova-sot.example,2025:feed</id>
  <link rel="self" type="application/atom+xml" href="https://kosova-sot.example/feed.atom"/>
  <link rel="alternate" type="text/html" href="https://kosova-sot.example/"/>
  <updated>{belgrade(dts[0]).isoformat()}</updated>
{body}
</feed>
"""
    (OUT / file).write_text(xml, encoding="utf-8")


def write_ru_vesti(rng: random.Random) -> None:
    file = "feeds/ru_vesti_rss.xml"
    special = datetime(2025, 3, 14, 18, 40, 0, tzinfo=UTC)
    dts = feed_dates(rng, 12, datetime(2025, 2, 1, tzinfo=UTC), END, [special])
    topics = [
        "arms",
        "west_imposes",
        "nis",
        "recognition",
        "aggression_1999",
        "energy",
        "eu_abandoned",
        "dialogue",
        "sports",
        "albanian_terrorism",
        "economy",
    ]
    rng.shuffle(topics)
    ti = iter(topics)
    items, used = [], {h["id"] for h in HEADLINES if h["en"].startswith("Lavrov")}
    empty_at = 5
    for i, dt in enumerate(dts):
        meta = Meta()
        topic = "occupier" if dt == special else next(ti)
        if i == empty_at:  # title only: empty description, no link
            title, meta = "Лавров: Россия никогда не признает Косово", Meta()
            items.append(f"""    <item>
      <title>{x(title)}</title>
      <description></description>
      <pubDate>{format_datetime(moscow(dt))}</pubDate>
      <guid isPermaLink="false">ru-vesti-{dt:%Y%m%d%H%M}</guid>
    </item>""")
            EMPTY_FEED_ITEM.update(file=file, item=i + 1, guid=f"ru-vesti-{dt:%Y%m%d%H%M}")
            note_item(
                file,
                f"ru-vesti-{dt:%Y%m%d%H%M}",
                "ru",
                False,
                meta,
                created_utc=zulu(dt),
                flagged="title_only",
            )
            continue
        if topic not in NARRATIVES:
            topic = feed_topic(topic, "ru", dt, rng, used)
        title, desc = lead(topic, "ru", dt, rng, meta, False, 2, used)
        link = f"https://ru-vesti.example/world/{dt:%Y%m%d}/{slugify(title, 40)}.html"
        items.append(f"""    <item>
      <title>{x(title)}</title>
      <link>{x(link)}</link>
      <description>{x(desc)}</description>
      <pubDate>{format_datetime(moscow(dt))}</pubDate>
      <guid>{x(link)}</guid>
    </item>""")
        note_item(file, link, "ru", False, meta, created_utc=zulu(dt))
    body = "\n".join(items)
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- {SYNTH}. -->
<rss version="2.0">
  <channel>
    <title>Вести: Балканы (synthetic sample)</title>
    <link>https://ru-vesti.example/world/balkany/</link>
    <description>Новости Балкан (synthetic sample for hybridwatch)</description>
    <language>ru</language>
{body}
  </channel>
</rss>
"""
    (OUT / file).write_text(xml, encoding="utf-8")


EMPTY_FEED_ITEM: dict[str, Any] = {}


def write_bad_feeds() -> None:
    (OUT / "feeds" / "bad").mkdir(parents=True, exist_ok=True)
    lols = ['  <!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = "lol" if i == 1 else f"lol{i - 1}"
        lols.append(f'  <!ENTITY lol{i} "' + f"&{prev};" * 10 + '">')
    dtd = "\n".join(lols)
    (OUT / "feeds/bad/billion_laughs.xml").write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- {SYNTH}. HOSTILE: nested entity expansion ("billion laughs"); a parser must refuse it. -->
<!DOCTYPE rss [
{dtd}
]>
<rss version="2.0">
  <channel>
    <title>Laughs (synthetic sample)</title>
    <link>https://laughs.example/</link>
    <description>&lol9;</description>
    <item>
      <title>&lol9;</title>
      <link>https://laughs.example/1</link>
      <description>&lol9;</description>
    </item>
  </channel>
</rss>
""",
        encoding="utf-8",
    )
    (OUT / "feeds/bad/external_entity.xml").write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- {SYNTH}. HOSTILE: external entity (XXE); a parser must refuse it or leave it unresolved. -->
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<rss version="2.0">
  <channel>
    <title>XXE (synthetic sample)</title>
    <link>https://xxe.example/</link>
    <description>External entity test</description>
    <item>
      <title>Leak: &xxe;</title>
      <link>https://xxe.example/1</link>
      <description>The title of this item references an external entity.</description>
      <pubDate>Fri, 14 Mar 2025 18:05:00 +0100</pubDate>
    </item>
  </channel>
</rss>
""",
        encoding="utf-8",
    )
    BAD.append(
        {
            "file": "feeds/bad/billion_laughs.xml",
            "expected": "refuse",
            "reason": "DTD with nested entity expansion (lol..lol9); must be refused, never expanded",
        }
    )
    BAD.append(
        {
            "file": "feeds/bad/external_entity.xml",
            "expected": "refuse",
            "reason": 'external entity <!ENTITY xxe SYSTEM "file:///etc/passwd"> used in an item title',
        }
    )


# --------------------------------------------------------------------------------------
# Article pages (HTML with boilerplate)
# --------------------------------------------------------------------------------------
UI = {
    "en": dict(
        nav=["Home", "Politics", "Security", "Economy", "Sport", "Opinion"],
        cookie="We use cookies to improve your experience. By continuing to browse you agree to our cookie policy.",
        accept="Accept all",
        settings="Cookie settings",
        most="Most read",
        share="Share",
        related="Related",
        rights="All rights reserved.",
        privacy="Privacy policy",
        contact="Contact",
        by="By",
        subscribe="Subscribe to our newsletter",
        ad="Advertisement",
        tags="Tags",
    ),
    "sr": dict(
        nav=["Početna", "Politika", "Bezbednost", "Ekonomija", "Sport", "Mišljenja"],
        cookie="Koristimo kolačiće kako bismo poboljšali vaše iskustvo. Nastavkom pregledanja prihvatate našu politiku kolačića.",
        accept="Prihvatam",
        settings="Podešavanja",
        most="Najčitanije",
        share="Podeli",
        related="Povezano",
        rights="Sva prava zadržana.",
        privacy="Politika privatnosti",
        contact="Kontakt",
        by="Autor:",
        subscribe="Prijavite se na naš bilten",
        ad="Reklama",
        tags="Tagovi",
    ),
    "sq": dict(
        nav=["Ballina", "Politikë", "Siguri", "Ekonomi", "Sport", "Opinion"],
        cookie="Ne përdorim cookies për të përmirësuar përvojën tuaj. Duke vazhduar shfletimin, pajtoheni me politikën tonë të cookies.",
        accept="Pranoj",
        settings="Cilësimet",
        most="Më të lexuarat",
        share="Shpërndaje",
        related="Të ngjashme",
        rights="Të gjitha të drejtat e rezervuara.",
        privacy="Politika e privatësisë",
        contact="Kontakt",
        by="Nga",
        subscribe="Abonohu në buletinin tonë",
        ad="Reklamë",
        tags="Etiketa",
    ),
    "ru": dict(
        nav=["Главная", "Политика", "Безопасность", "Экономика", "Спорт", "Мнения"],
        cookie="Мы используем файлы cookie, чтобы улучшить работу сайта. Продолжая просмотр, вы соглашаетесь с политикой cookie.",
        accept="Принять",
        settings="Настройки",
        most="Самое читаемое",
        share="Поделиться",
        related="Читайте также",
        rights="Все права защищены.",
        privacy="Политика конфиденциальности",
        contact="Контакты",
        by="Автор:",
        subscribe="Подпишитесь на рассылку",
        ad="Реклама",
        tags="Теги",
    ),
}


def ui(lang: str, ascii_fold: bool) -> dict[str, Any]:
    src = UI[base_lang(lang)]
    if base_lang(lang) not in ("sr", "sq"):
        return src
    return {
        k: ([scr(v, lang, ascii_fold) for v in val] if isinstance(val, list) else scr(val, lang, ascii_fold))
        for k, val in src.items()
    }


def human_date(dt: datetime, lang: str) -> str:
    m = dt.month - 1
    return {
        "en": f"{dt.day} {MONTH_EN[m]} {dt.year}",
        "sr": f"{dt.day}. {MONTH_SR_GEN[m]} {dt.year}.",
        "sq": f"{dt.day} {MONTH_SQ[m]} {dt.year}",
        "ru": f"{dt.day} {MONTH_RU_GEN[m]} {dt.year} г.",
    }[base_lang(lang)]


def paragraphs(
    topics: list[str],
    lang: str,
    when: datetime,
    rng: random.Random,
    meta: Meta,
    n: int,
    ascii_fold: bool = False,
    exclude: set[str] | None = None,
) -> list[str]:
    pool = [
        e
        for e in FACTS
        if e["topic"] in topics and available(e, lang, when) and e["id"] not in (exclude or set())
    ]
    rng.shuffle(pool)
    pool.sort(key=lambda e: topics.index(e["topic"]))  # stable: main topic first
    ctx = list(CONTEXT[base_lang(lang)])
    rng.shuffle(ctx)
    paras = []
    for i in range(n):
        sents = []
        for _ in range(rng.choice([1, 2]) if i else 2):
            if pool:
                e = pool.pop(0)
                text, slots = render(e, lang, when, rng, ascii_fold)
                meta.add(e, slots)
                sents.append(text)
            elif ctx:
                sents.append(to_script(ctx.pop(), lang, ascii_fold))
        if sents:
            paras.append(" ".join(sents))
    return paras


def article_html(
    *,
    lang: str,
    ascii_fold: bool = False,
    site: str,
    domain: str,
    url: str,
    title: str,
    author: str,
    pub: datetime,
    paras: list[str],
    rng: random.Random,
    byline: str = "span",
    timing: str = "both",
    charset: str = "utf-8",
    hostile: bool = False,
    tags: list[str] | None = None,
) -> str:
    u = ui(lang, ascii_fold)
    html_lang = {"sr-Cyrl": "sr-Cyrl", "sr-Latn": "sr-Latn"}.get(lang, lang)
    iso = pub.isoformat()
    head_meta = []
    if byline in ("meta", "both"):
        head_meta.append(f'<meta name="author" content="{x(author)}">')
    if timing in ("meta", "both"):
        head_meta.append(f'<meta property="article:published_time" content="{iso}">')
    most = []
    for t in rng.sample(NEWS_TOPICS[:-1], 5):
        h = pick(HEADLINES, [t], lang, pub, rng, 1)
        if h:
            most.append(render(h[0], lang, pub, rng, ascii_fold)[0])
    most_li = "\n".join(f'        <li><a href="https://{domain}/{slugify(h)}">{x(h)}</a></li>' for h in most)
    nav_li = "".join(
        f'<li><a href="https://{domain}/{slugify(n) or "home"}">{x(n)}</a></li>' for n in u["nav"]
    )
    meta_line = []
    if byline in ("span", "both"):
        meta_line.append(f'<span class="byline">{x(u["by"])} {x(author)}</span>')
    if timing in ("time", "both"):
        meta_line.append(
            f'<time datetime="{iso}">{x(to_script(human_date(pub, lang), lang, ascii_fold))}</time>'
        )
    body = [f"      <p>{x(p)}</p>" for p in paras]
    if hostile:
        body.insert(1, "      <script>alert('xss')</script>")
        body.insert(
            3,
            "      <figure><img src=x onerror=alert(1)><figcaption>Archive photo: KFOR vehicles "
            "on exercise.</figcaption></figure>",
        )
        body.insert(
            5,
            "      <p>The original press release literally contained the markup "
            "&lt;b&gt;not bold&lt;/b&gt; in its headline, and several portals copied it verbatim.</p>",
        )
        body.insert(
            6,
            '      <p>Read the <a href="javascript:alert(document.cookie)">full statement</a> '
            'or watch the clip below.</p>\n      <iframe src="https://video-embed.example/player/829" '
            'width="560" height="315"></iframe>',
        )
    tag_html = ""
    if tags:
        tag_html = (
            f'\n      <div class="tags">{x(u["tags"])}: '
            + ", ".join(f'<a href="https://{domain}/tag/{slugify(t)}">{x(t)}</a>' for t in tags)
            + "</div>"
        )
    share = " ".join(
        f'<a class="share-{s.lower()}" href="https://{h}/share?u={x(url)}">{s}</a>'
        for s, h in (
            ("Facebook", "www.facebook.example"),
            ("X", "x.example"),
            ("Telegram", "t.example"),
            ("WhatsApp", "wa.example"),
        )
    )
    return f"""<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="{charset}">
<!-- {SYNTH}. -->
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{x(title)} | {x(site)}</title>
<meta name="generator" content="hybridwatch synthetic sample">
<meta name="description" content="{x(paras[0][:150])}">
{chr(10).join(head_meta)}
<meta property="og:title" content="{x(title)}">
<meta property="og:site_name" content="{x(site)}">
<meta property="og:url" content="{x(url)}">
<link rel="canonical" href="{x(url)}">
<link rel="stylesheet" href="https://{domain}/static/css/main.css">
<script async src="https://cdn.ads-network.example/loader.js"></script>
</head>
<body class="article-page">
<div id="cookie-banner" class="cookie-banner" role="dialog">
  <p>{x(u["cookie"])}</p>
  <button class="accept">{x(u["accept"])}</button> <button class="settings">{x(u["settings"])}</button>
</div>
<header class="site-header">
  <a class="logo" href="https://{domain}/">{x(site)}</a>
  <nav class="main-nav"><ul>{nav_li}</ul></nav>
</header>
<main class="container">
  <div class="content">
    <article class="post">
      <h1>{x(title)}</h1>
      <div class="post-meta">{" · ".join(meta_line)}</div>
      <div class="share-buttons"><span>{x(u["share"])}:</span> {share}</div>
{chr(10).join(body)}{tag_html}
    </article>
    <section class="related"><h2>{x(u["related"])}</h2><ul><li><a href="https://{domain}/">{x(most[0] if most else site)}</a></li></ul></section>
  </div>
  <aside class="sidebar">
    <section class="most-read">
      <h2>{x(u["most"])}</h2>
      <ol>
{most_li}
      </ol>
    </section>
    <div class="ad-slot">{x(u["ad"])}</div>
    <form class="newsletter" action="https://{domain}/newsletter"><label>{x(u["subscribe"])}</label> <input type="email" name="email"> <button type="submit">OK</button></form>
  </aside>
</main>
<footer class="site-footer">
  <p>© 2025 {x(site)}. {x(u["rights"])} (synthetic sample for hybridwatch)</p>
  <ul><li><a href="https://{domain}/privacy">{x(u["privacy"])}</a></li><li><a href="https://{domain}/contact">{x(u["contact"])}</a></li></ul>
</footer>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag('js',new Date());</script>
</body>
</html>
"""


ARTICLES = [  # file, lang, ascii, site, domain, author, published, topics, paragraphs, byline, timing
    (
        "balkan_observer_kfor_patrols.html",
        "en",
        False,
        "Balkan Observer",
        "balkan-observer.example",
        "Jane Miller",
        datetime(2025, 3, 13, 16, 20, tzinfo=UTC),
        ["kfor", "border", "bridge"],
        6,
        "both",
        "both",
    ),
    (
        "kosovo_daily_ibar_bridge.html",
        "en",
        False,
        "Kosovo Daily",
        "kosovo-daily.example",
        "Tom Harris",
        datetime(2024, 6, 21, 7, 10, tzinfo=UTC),
        ["bridge", "dialogue"],
        5,
        "meta",
        "time",
    ),
    (
        "injected_script.html",
        "en",
        False,
        "Balkan Observer",
        "balkan-observer.example",
        "Sarah Klein",
        datetime(2025, 1, 22, 10, 0, tzinfo=UTC),
        ["factcheck", "kfor"],
        5,
        "span",
        "both",
    ),
    (
        "pravda_srbija_kfor_okupator.html",
        "sr-Cyrl",
        False,
        "Правда Србија",
        "pravda-srbija.example",
        "Драган Милић",
        datetime(2025, 3, 14, 17, 45, tzinfo=UTC),
        [],
        6,
        "both",
        "both",
    ),
    (
        "beogradski_dnevnik_nis_centar_cp1251.html",
        "sr-Cyrl",
        False,
        "Београдски дневник",
        "beogradski-dnevnik.example",
        "Јелена Марковић",
        datetime(2024, 10, 8, 9, 30, tzinfo=UTC),
        ["nis", "arms"],
        5,
        "span",
        "time",
    ),
    (
        "vesti_sever_jarinje.html",
        "sr-Latn",
        False,
        "Vesti Sever",
        "vesti-sever.example",
        "Miloš Đurić",
        datetime(2024, 8, 2, 5, 45, tzinfo=UTC),
        ["border", "energy"],
        5,
        "span",
        "both",
    ),
    (
        "ekonomija_rs_inflacija.html",
        "sr-Latn",
        True,
        "Ekonomija RS",
        "ekonomija-rs.example",
        "Ivana Kostić",
        datetime(2025, 4, 10, 8, 0, tzinfo=UTC),
        ["economy", "energy"],
        4,
        "meta",
        "meta",
    ),
    (
        "kosova_sot_partneriteti_per_paqe.html",
        "sq",
        False,
        "Kosova Sot",
        "kosova-sot.example",
        "Arta Krasniqi",
        datetime(2025, 4, 4, 10, 0, tzinfo=UTC),
        ["pfp", "recognition"],
        6,
        "both",
        "both",
    ),
    (
        "prishtina_lajme_zgjedhjet.html",
        "sq",
        False,
        "Prishtina Lajme",
        "prishtina-lajme.example",
        "Besnik Gashi",
        datetime(2025, 2, 11, 11, 25, tzinfo=UTC),
        ["elections", "economy"],
        5,
        "span",
        "time",
    ),
    (
        "ru_vesti_s400.html",
        "ru",
        False,
        "Вести: Балканы",
        "ru-vesti.example",
        "Алексей Смирнов",
        datetime(2025, 5, 9, 11, 0, tzinfo=UTC),
        ["arms", "west_imposes", "recognition"],
        6,
        "meta",
        "both",
    ),
]

PRAVDA_EXTRA = [
    "Srpski narod na Kosovu i Metohiji svakodnevno trpi pritiske, a takozvana međunarodna zajednica ćuti.",
    "Zapadni mediji o ovome ne izveštavaju, jer to ne odgovara njihovoj priči o „mirovnoj misiji“.",
    "Samo Rusija i Kina otvoreno podržavaju teritorijalni integritet Srbije u Savetu bezbednosti.",
]


def write_articles(rng: random.Random) -> None:
    (OUT / "articles").mkdir(exist_ok=True)
    for fname, lang, af, site, domain, author, pub_utc, topics, n, byline, timing in ARTICLES:
        file = f"articles/{fname}"
        meta = Meta()
        pub = moscow(pub_utc) if lang == "ru" else belgrade(pub_utc)
        charset = "windows-1251" if fname.endswith("cp1251.html") else "utf-8"
        if fname.startswith("pravda"):
            title = lat2cyr("KFOR – mirovnjaci ili okupatori?")
            url = CAMPAIGN_URL
            meta.facts, meta.narratives = ["campaign_kfor_okupator"], ["occupier", "kosovo_serbia"]
            paras = [CAMPAIGN_CYR.rsplit(" Прочитајте", 1)[0]]
            for fid in ("n_occupier_2", "n_bondsteel", "n_terror_2", "n_aggr_1", "n_kos_serbia_2"):
                e = next(f for f in FACTS if f["id"] == fid)
                text, slots = render(e, lang, pub_utc, rng)
                meta.add(e, slots)
                paras.append(text)
            paras.insert(3, lat2cyr(PRAVDA_EXTRA[0]))
            paras.append(lat2cyr(PRAVDA_EXTRA[1] + " " + PRAVDA_EXTRA[2]))
            tags = [lat2cyr(t) for t in ("KFOR", "Kosovo i Metohija", "NATO")]
        else:
            title, first = lead(topics[0], lang, pub_utc, rng, meta, af, 2)
            paras = [first] + paragraphs(topics, lang, pub_utc, rng, meta, n - 1, af, set(meta.facts))
            url = article_url(domain, pub_utc, title, rng, lang)
            tags = [t.lstrip("#") for t in hashtags(lang, rng, 2).split()]
        html = article_html(
            lang=lang,
            ascii_fold=af,
            site=site,
            domain=domain,
            url=url,
            title=title,
            author=author,
            pub=pub,
            paras=paras,
            rng=rng,
            byline=byline,
            timing=timing,
            charset=charset,
            hostile=fname == "injected_script.html",
            tags=tags,
        )
        data = html.encode("cp1251") if charset == "windows-1251" else html.encode("utf-8")
        (OUT / file).write_bytes(data)
        ARTICLE_INFO[fname] = (url, title)
        note_item(
            file,
            url,
            lang,
            af,
            meta,
            created_utc=zulu(pub_utc),
            paragraphs=len(paras),
            title=title,
            author=author,
            **({"charset": "windows-1251"} if charset != "utf-8" else {}),
        )


def nested_article_html(rng: random.Random) -> bytes:
    pub_utc = datetime(2025, 6, 2, 13, 30, tzinfo=UTC)
    meta = Meta()
    title, first = lead("dialogue", "en", pub_utc, rng, meta, False, 2)
    paras = [first] + paragraphs(["dialogue", "pfp"], "en", pub_utc, rng, meta, 3, False, set(meta.facts))
    url = article_url("eu-affairs-desk.example", pub_utc, title, rng)
    html = article_html(
        lang="en",
        site="EU Affairs Desk",
        domain="eu-affairs-desk.example",
        url=url,
        title=title,
        author="Laura Becker",
        pub=belgrade(pub_utc),
        paras=paras,
        rng=rng,
        byline="span",
        timing="time",
    )
    note_item(
        "archives/extra_posts.zip!nested/one_article.html",
        url,
        "en",
        False,
        meta,
        created_utc=zulu(pub_utc),
        paragraphs=len(paras),
        title=title,
    )
    return html.encode("utf-8")


# --------------------------------------------------------------------------------------
# Analyst notes
# --------------------------------------------------------------------------------------
NOTE_EN = """# Field note: information space in northern Kosovo, 10–16 March 2025

> SYNTHETIC sample written for hybridwatch. The analyst, the sources and the accounts are invented.

**Author:** K. Novak (fictional analyst) · **Date:** 16 March 2025 · **Handling:** PUBLIC / EXERCISE

## Summary

- On **14 March 2025, between about 17:59 and 18:02 UTC**, eight accounts on X and Facebook posted the
  same text claiming that KFOR is "an occupation army", each linking to
  <https://pravda-srbija.example/kfor-okupator>.
- Four posts were in Serbian Cyrillic and four in Latin script, two of them without diacritics; the links
  differed only by tracking parameters (`utm_*`, `fbclid`) and letter case.
- The same eight accounts had already shared identical links within a minute of each other on
  **7 November 2024** and **22 January 2025**.
- KFOR increased patrols around Mitrovica on 13 March; the mission described the situation as calm but tense.

## Observations

1. The campaign text combines the "KFOR/NATO as occupier" and "Kosovo is Serbia" narratives.
2. The Telegram channel "Балканский вестник" forwarded the article at 19:02 UTC and pinned it.
3. Mainstream outlets ([Balkan Observer]({bo_url}), Kosova Sot) reported the patrols factually; none confirmed
   any incident.
4. Claims worth checking:
   - "KFOR has about 4,500 troops from 27 countries" — checkable against official KFOR figures.
   - "18 countries have withdrawn their recognition of Kosovo" — contested; Pristina disputes the figure.
   - "Serbia received 14 MiG-29 jets from Russia and Belarus" — other sources say 10.

## Sources

- [Balkan Observer: {bo_title}]({bo_url})
- [Pravda Srbija: KFOR – mirovnjaci ili okupatori?](https://pravda-srbija.example/kfor-okupator)
- [Factcheck Western Balkans](https://factcheck-balkans.example/)

## Next steps

- [ ] Run coordinated link-sharing analysis over November 2024 – March 2025.
- [ ] Ask CHST contacts whether the Telegram channel is linked to the X accounts.
- [ ] Watch rule: alert on new posts linking to `pravda-srbija.example`.
"""

NOTE_SR = """REZIME TRANSKRIPTA
(sintetički primer napisan za hybridwatch; emisija, voditelj i gosti su izmišljeni)

Emisija: „Sever uživo“, Radio Sever (izmišljena stanica)
Datum emitovanja: 20. februar 2025, 19:00–20:00
Gosti: Petar Nikolić, analitičar; Snežana Vuković, novinarka iz Kosovske Mitrovice

1. Uvod
Voditelj je otvorio emisiju pitanjem o parlamentarnim izborima na Kosovu održanim 9. februara 2025.
Prema njegovim rečima, izlaznost je bila oko 40 odsto, a Srpska lista je osvojila sve srpske mandate.

2. Glavne tvrdnje gostiju
- Nikolić je tvrdio da je „KFOR odavno postao okupaciona sila“ i da „Zapad nameće rešenja, a samo Rusija štiti Srbiju“.
- Vuković je rekla da građane na severu najviše brine zabrana dinara, a ne geopolitika.
- Nikolić je naveo da je „18 zemalja povuklo priznanje Kosova“; voditelj nije tražio izvor.
- Pominjani su sistemi Pancir-S1 i avioni MiG-29 iz Rusije; gost je rekao da „S-400 stižu do kraja godine“, bez ikakvog dokaza.

3. Pozivi slušalaca
Dvoje slušalaca pitalo je o gužvama na prelazu Jarinje i o najavljenom otvaranju mosta na Ibru u Mitrovici.

4. Ocena
Emisija je više puta ponovila narative „KFOR kao okupator“ i „Zapad nameće, Rusija štiti“.
Preporuka: proveriti tvrdnju o broju povučenih priznanja i tvrdnju o isporuci S-400.
"""

NOTE_SQ = """SHËNIME NGA TAKIMI
(mostër sintetike e shkruar për hybridwatch; personat dhe organizatat janë të trilluara)

Vendi: Mitrovicë, zyra e organizatës „Ura e Dialogut“ (e trilluar)
Data: 3 prill 2025
Të pranishëm: përfaqësues të shoqërisë civile, dy gazetarë vendës dhe një zyrtar i komunës

Pikat kryesore:
1. Pjesëmarrësit thanë se në rrjetet sociale po qarkullon sërish narrativa se KFOR-i është „pushtues“ dhe se
   shqiptarët janë „terroristë“. Si shembull u përmendën postimet e 14 marsit 2025 me lidhjen
   pravda-srbija.example/kfor-okupator.
2. Gazetarët raportuan se lajmi për hapjen e urës mbi Ibër në Mitrovicë u shpërnda me tituj të rremë në disa
   faqe serbe.
3. Zyrtari i komunës tha se patrullimet e KFOR-it në veri janë shtuar dhe se situata është e qetë.
4. U diskutua edhe vendimi i Bankës Qendrore për euron si valutë e vetme dhe ndikimi i tij te komuniteti serb.

Hapat e ardhshëm:
- Të mblidhen shembuj të postimeve dhe t'u dërgohen verifikuesve të fakteve.
- Të organizohet një trajnim për gazetarët vendës për verifikimin e videove.
"""

ARTICLE_INFO: dict[str, tuple[str, str]] = {}


def write_notes() -> None:
    (OUT / "notes").mkdir(exist_ok=True)
    bo_url, bo_title = ARTICLE_INFO["balkan_observer_kfor_patrols.html"]
    en = NOTE_EN.replace("{bo_url}", bo_url).replace("{bo_title}", bo_title)
    notes = [
        ("notes/field_note_2025-03-16.md", en, "en"),
        ("notes/transkript_sever_uzivo_2025-02-20.txt", NOTE_SR, "sr-Latn"),
        ("notes/shenime_takimi_mitrovice_2025-04-03.txt", NOTE_SQ, "sq"),
    ]
    for file, text, lang in notes:
        (OUT / file).write_text(text, encoding="utf-8")
        note_item(file, file, lang, False, None)
    (OUT / "notes/empty.txt").write_bytes(b"")
    BAD.append(
        {
            "file": "notes/empty.txt",
            "expected": "report_empty",
            "reason": "0-byte file: report it as empty (no document), do not crash",
        }
    )


# --------------------------------------------------------------------------------------
# README.md and ground_truth.json
# --------------------------------------------------------------------------------------
FILES = [  # path, format, what a valid item is
    ("social_posts.jsonl", "JSON Lines, UTF-8 (one line is cp1251 on purpose)", "post"),
    ("crowdtangle_export.csv", "CrowdTangle historical-data CSV, UTF-8, CRLF", "row"),
    ("feeds/balkan_observer_rss.xml", "RSS 2.0 (en)", "item"),
    ("feeds/srbija_danas_rss.xml", "RSS 2.0 with dc: and content: (sr, both scripts)", "item"),
    ("feeds/kosova_sot_atom.xml", "Atom 1.0 (sq)", "entry"),
    ("feeds/ru_vesti_rss.xml", "RSS 2.0 (ru)", "item"),
    ("articles/*.html", "HTML article pages with boilerplate", "page"),
    ("telegram/result.json", "Telegram Desktop channel export (JSON)", "message"),
    ("notes/*", "Markdown / plain text", "file"),
    ("archives/extra_posts.zip!more_posts.jsonl", "ZIP member, JSON Lines", "post"),
    ("archives/extra_posts.zip!nested/one_article.html", "ZIP member, HTML", "page"),
    ("archives/vk_posts.jsonl.gz", "gzip, JSON Lines (ru, VK)", "post"),
]


def counts_for(pattern: str) -> dict[str, int]:
    total = {lg: 0 for lg in LANGS}
    for f, c in COUNTS.items():
        if fnmatch.fnmatchcase(f, pattern) and ("!" in pattern or "!" not in f):
            for lg in LANGS:
                total[lg] += c[lg]
    return total


def where(b: dict[str, Any]) -> str:
    if "line" in b and "record" in b:
        return f"record {b['record']} (physical line {b['line']})"
    if "line" in b:
        return f"line {b['line']}"
    if "index" in b:
        return f"messages[{b['index']}]" + (f" (id {b['id']})" if b.get("id") else "")
    return "whole file"


def readme(social_dt: dict[str, str]) -> str:
    L: list[str] = []
    L.append("# hybridwatch sample corpus (SYNTHETIC)\n")
    L.append(
        "**Everything in this folder is synthetic.** It was written for hybridwatch by "
        "`scripts/make_sample.py` (Python standard library, `random.Random(2026)`, deterministic). "
        "The posts, articles, feeds, channels, accounts and outlets are invented; every web address uses the "
        "reserved `.example` domain (XML namespace identifiers and the deliberate `file:///etc/passwd` in "
        "`feeds/bad/external_entity.xml` excepted). Real public figures (Vučić, Kurti, Osmani, Lavrov, Putin, "
        "Stoltenberg, Rutte, Borrell, Kallas) appear only in generic news sentences and in disinformation "
        "*narratives* that the tool should detect: the narrative sentences are test content, not claims of fact.\n"
    )
    L.append(
        "Regenerate with `python scripts/make_sample.py`. Machine-readable ground truth for everything below "
        "is in `ground_truth.json` (per item: file, id, language/script, fact ids, narrative labels; the "
        "planted group; every bad record).\n"
    )
    L.append("## Files and valid items per language\n")
    L.append("| file | format | valid | en | sr-Cyrl | sr-Latn | sq | ru |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|")
    grand = {lg: 0 for lg in LANGS}
    for path, fmt, unit in FILES:
        c = counts_for(path)
        for lg in LANGS:
            grand[lg] += c[lg]
        n = sum(c.values())
        unit = unit if n == 1 else {"entry": "entries"}.get(unit, unit + "s")
        L.append(f"| `{path}` | {fmt} | {n} {unit} | " + " | ".join(str(c[lg]) for lg in LANGS) + " |")
    L.append(
        f"| **total** | | **{sum(grand.values())}** | "
        + " | ".join(f"**{grand[lg]}**" for lg in LANGS)
        + " |"
    )
    L.append(
        "\nAlso: `feeds/bad/billion_laughs.xml`, `feeds/bad/external_entity.xml` (hostile XML, must be refused) "
        "and `notes/empty.txt` (0 bytes). Valid counts include the records that must be *recovered and "
        "flagged*; they exclude the ones to quarantine. `sr-Latn` and `sq` items typed without diacritics "
        "are marked `ascii_folded` in `ground_truth.json` "
        f"({sum(1 for g in GT_ITEMS if g.get('ascii_folded'))} items).\n"
    )

    L.append("## Format notes\n")
    L.append(
        "- **social_posts.jsonl** (and the `.jsonl` inside the archives): keys `id`, `platform` "
        "(`x`/`facebook`/`vk`), `account`, `account_name`, `created_at`, `text`, optional `lang`, `urls`, "
        "`shares`, `likes`, `comments`, optional `reply_to` (an `id` in the same file), optional "
        "`shared_from` (a handle), optional `title` (link title on some Facebook posts), and `synthetic: true`. "
        "`created_at` varies by platform as real exports do: X `2025-03-14T18:00:12.000Z` or "
        "`...12Z`; Facebook local Belgrade time with offset `2025-03-14T19:00:12+01:00`; VK Moscow time "
        "`...+03:00`. `lang`, where present, is the *platform's* ISO 639-1 guess (no script; Serbian Latin "
        "without diacritics is sometimes labelled `hr` or `bs`). URLs carry tracking parameters "
        "(`utm_*`, `fbclid`, `igshid`, `ref`), `#fragments` and upper-case hosts/schemes on purpose."
    )
    L.append(
        "- **crowdtangle_export.csv**: the 31 CrowdTangle columns in the usual order, newest post first. "
        "`Post Created` is local time with an abbreviation: `CET` = UTC+01:00, `CEST` = UTC+02:00, "
        "`EST` = UTC−05:00 (page *Balkan Watch US*). `Total Interactions` uses a thousands separator "
        '(`"1,204"`) as CrowdTangle does. Some `Link`s are `bit.example` short links whose `Final Link` '
        "is the resolved article; some `Final Link`s are empty. `Message` fields contain commas, quotes "
        "and newlines (RFC 4180 quoting). Line endings are CRLF; newlines inside fields are LF."
    )
    L.append(
        "- **feeds**: RSS `pubDate` in RFC 822 (`GMT` for Balkan Observer, `+0100`/`+0200` for Srbija danas, "
        "`+0300` for the Russian feed); Atom dates are RFC 3339 with offsets. Srbija danas has `dc:creator`, "
        '`content:encoded` (CDATA HTML) on some items, `guid isPermaLink="false"`, and two items whose '
        '`description` holds escaped HTML (`&lt;p&gt;...`). Atom `content type="html"` is escaped HTML.'
    )
    L.append(
        "- **articles**: boilerplate to strip (`<nav>`, cookie banner `#cookie-banner`, `<aside>` with a "
        '"most read" list, share buttons, related links, newsletter form, `<footer>`, scripts). The text is '
        'in `<article>` with `<h1>`, a byline (`<span class="byline">` and/or `<meta name="author">`), '
        'and the date in `<time datetime>` and/or `<meta property="article:published_time">`. '
        '`beogradski_dnevnik_nis_centar_cp1251.html` declares `<meta charset="windows-1251">` and is '
        "stored in cp1251 bytes. `ekonomija_rs_inflacija.html` is Serbian Latin without diacritics and has "
        "its date only in the `<meta>` tag. `pravda_srbija_kfor_okupator.html` is the planted campaign's "
        "target page (canonical URL = the campaign URL)."
    )
    L.append(
        "- **telegram/result.json**: `date` is local time without a zone, as Telegram Desktop writes it; "
        "here it equals UTC and matches `date_unixtime`. `text` is a string or a list of strings and "
        "entity objects (`link`, `text_link` with `href`, `bold`, `hashtag`); `text_entities` mirrors it "
        "with `plain` parts. Some messages have `forwarded_from`, `edited`/`edited_unixtime`, `reactions`, "
        "or a `photo` placeholder (media not included). The extra top-level key `about` marks the file as "
        "synthetic; real exports do not have it."
    )
    svc = ", ".join(f"messages[{i}] id {mid} `{act}`" for i, mid, act in SERVICE)
    L.append(f"  Service messages (not content, skip or keep as events): {svc}.")
    L.append(
        "- **notes**: an English field note (Markdown), a Serbian Latin transcript summary, an Albanian "
        "meeting note, and an empty file."
    )
    L.append(
        "- **archives**: `extra_posts.zip` holds `more_posts.jsonl` and `nested/one_article.html` (fixed "
        "member dates, archive comment marks it synthetic); `vk_posts.jsonl.gz` is gzip with `mtime=0`.\n"
    )

    L.append("## Deliberately bad records\n")
    L.append("| file | position | expected handling | why |")
    L.append("|---|---|---|---|")
    for b in BAD:
        L.append(f"| `{b['file']}` | {where(b)} | {b['expected'].replace('_', ' ')} | {b['reason']} |")
    L.append(
        f"| `{EMPTY_FEED_ITEM['file']}` | item {EMPTY_FEED_ITEM['item']} (guid `{EMPTY_FEED_ITEM['guid']}`) | "
        "keep (valid) | empty `<description>` and no `<link>`: a title-only item; use the title as text |"
    )
    L.append(
        "\nLine numbers are 1-based; `messages[i]` is the 0-based index in the Telegram `messages` array. "
        "In `social_posts.jsonl` all other lines (143 of 150) are valid UTF-8 JSON objects.\n"
    )

    L.append("## Planted ground truth: a coordinated group\n")
    L.append("Eight accounts act together (the *planted coordinated group*). Everything else is organic.\n")
    L.append("| handle | display name | platform | script |")
    L.append("|---|---|---|---|")
    for a in PLANTED:
        script = a["lang"] + (" (no diacritics)" if a["ascii"] else "")
        L.append(f"| `{a['handle']}` | {a['name']} | {a['platform']} | {script} |")
    L.append(
        f"\n**Campaign URL:** `{CAMPAIGN_URL}` (every variant in the data canonicalises to it once the "
        "scheme and host are lower-cased and the query and fragment are dropped).\n"
    )
    L.append("| event | date (UTC) | window | canonical URL | narrative |")
    L.append("|---|---|---|---|---|")
    L.append(
        f"| copy-paste campaign | 2025-03-14 {social_dt['campaign']} | 170 s | `{CAMPAIGN_URL}` | "
        "KFOR/NATO as occupier; Kosovo is Serbia |"
    )
    for i, (first, window, url, narr) in enumerate(CO_SHARES, 1):
        L.append(
            f"| co-share {i} | {first:%Y-%m-%d} {social_dt[url]} | {window} s | `{url}` | {NARRATIVES[narr]} |"
        )
    L.append(
        "\n- **Copy-paste campaign**: the same text in Serbian Cyrillic from 4 accounts (`@srpski_glas`, "
        "`@kim_istina`, `@vidovdan_vesti`, `@orlovi_sa_severa`), and transliterated to Latin from the other 4: "
        "`@patriota_rs` with diacritics and an added 🇷🇸, `@glas_naroda_kim` without diacritics, "
        '`@bratstvo_pravoslavno` without diacritics and with "HITNO!" added, `@istina_bez_cenzure` with '
        'the word "danas" added and ‼️. Two of the Cyrillic posts also paste the link into the text.'
    )
    L.append(
        "- **Co-shares**: on each of the three other days all 8 accounts post the same URL (with different "
        "tracking noise) within the window shown, with short varying comments."
    )
    L.append("- Each of the 8 accounts also has one ordinary post at a random time.")
    ids = ", ".join(f"`{p[0]}`" for p in PLANTED_IDS)
    L.append(f"- Post ids carrying planted URLs ({len(PLANTED_IDS)}): {ids}.\n")
    L.append("**Decoys that are *not* coordination** (same URLs, but hours apart or a single event):\n")
    L.append(
        "- `@pravda_srbija` posts its own campaign article at 2025-03-14 17:45:10Z (the origin, 14 min earlier); "
        "`@sputnik_sr_primer` posts co-share 1's URL at 2024-11-07 19:48:31Z (origin)."
    )
    L.append("- `@serb_drug_ru` and `@balkan_truth_en` share co-share 2's URL hours and a day later.")
    L.append(
        "- CrowdTangle: page *Правда Србија* posts the campaign URL at 18:50:12 CET and *Glas Severa zajednica* "
        "at 23:41:55 CET on 2025-03-14."
    )
    tg = ", ".join(f"messages[{i}] id {mid} at {d}" for i, mid, d in TG_PLANTED)
    L.append(
        f"- Telegram (one channel, not an account in the group) carries the planted URLs in: {tg}; "
        "the campaign forward is pinned."
    )
    L.append(
        "- One benign single co-share: `@balkan_observer` posts an article on 2024-09-18 10:00:05Z and "
        "`@jane_miller_reports` and `@wb_security_notes` share it within 97 s, once only.\n"
    )
    L.append("## Narratives present (labels from `context.md`)\n")
    for key, label in NARRATIVES.items():
        n = sum(1 for g in GT_ITEMS if key in g.get("narratives", []))
        L.append(f"- `{key}` — {label}: {n} items")
    L.append(
        "\nFact ids in `ground_truth.json` name parallel claims written in all languages (e.g. `arms_mig`, "
        "`kfor_size`, `rec_withdraw`); numbers inside a claim vary between items on purpose (claim variants), "
        "and the values used are recorded under `slots`."
    )
    return "\n".join(L) + "\n"


def main() -> None:
    rng = random.Random(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "feeds").mkdir(exist_ok=True)
    counter = [100000]
    write_social(rng, counter)
    write_crowdtangle(rng)
    write_balkan_observer(rng)
    write_srbija_danas(rng)
    write_kosova_sot(rng)
    write_ru_vesti(rng)
    write_bad_feeds()
    write_articles(rng)
    write_telegram(rng)
    write_notes()
    write_archives(rng, counter)
    social_dt = {
        "campaign": "–".join(
            sorted(zulu(p[4])[11:19] for p in PLANTED_IDS if CAMPAIGN_URL in canon(p[3]))[::7]
        )
    }
    for _, _, url, _ in CO_SHARES:
        times = sorted(zulu(p[4])[11:19] for p in PLANTED_IDS if url in canon(p[3]))
        social_dt[url] = f"{times[0]}–{times[-1]}"
    (OUT / "README.md").write_text(readme(social_dt), encoding="utf-8")
    truth = {
        "about": SYNTH,
        "generator": "scripts/make_sample.py",
        "seed": SEED,
        "languages": LANGS,
        "narratives": NARRATIVES,
        "coordinated_group": {
            "accounts": [a["handle"] for a in PLANTED],
            "campaign_url": CAMPAIGN_URL,
            "events": [{"kind": "copy_paste", "canonical_url": CAMPAIGN_URL, "date": "2025-03-14"}]
            + [
                {"kind": "co_share", "canonical_url": u, "date": f"{d:%Y-%m-%d}", "window_seconds": w}
                for d, w, u, _ in CO_SHARES
            ],
            "posts": [{"id": i, "account": a, "created_at": c, "url": u} for i, a, c, u, _ in PLANTED_IDS],
            "telegram_messages_with_planted_urls": [{"index": i, "id": m} for i, m, _ in TG_PLANTED],
        },
        "bad_records": BAD
        + [dict(EMPTY_FEED_ITEM, expected="keep", reason="title-only item (empty description)")],
        "counts": {f: c for f, c in sorted(COUNTS.items())},
        "items": GT_ITEMS,
    }
    (OUT / "ground_truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    total = sum(sum(c.values()) for c in COUNTS.values())
    print(f"wrote {OUT} — {total} valid items, {len(BAD)} bad records")


if __name__ == "__main__":
    main()
