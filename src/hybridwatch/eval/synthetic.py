"""Building blocks for synthetic multilingual social posts: texts, names, places, scripts.

Shared by the benchmarks and the synthetic stream generator; every fragment was written for this
project (SYNTHETIC: invented sentences about the region, no real posts).
"""

from __future__ import annotations

FRAGMENTS: dict[str, tuple[str, ...]] = {
    "en": (
        "KFOR troops increased patrols near the Jarinje crossing",
        "NATO says the situation in northern Kosovo remains calm but tense",
        "the election commission confirmed turnout figures late on Sunday",
        "power cuts hit several municipalities after the storm",
        "electricity prices will rise again this winter according to the regulator",
        "the national team drew one all in a tense qualifier",
        "heavy snow is expected in the mountains over the weekend",
        "diplomats in Brussels met again to discuss normalisation",
        "local residents say nobody informed them about the new rules",
        "the dinar ban continues to hit pensioners in the north",
        "officials denied reports of troop movements near the border",
        "fact checkers found the video was recorded years earlier",
        "voters queued outside polling stations since early morning",
        "the energy ministry promised new investment in solar plants",
        "fans celebrated in the streets of Pristina and Belgrade",
        "temperatures will climb above thirty degrees by Thursday",
        "the bridge over the Ibar river remains closed to vehicles",
        "opposition parties called for protests after the vote",
        "analysts warn of coordinated disinformation on social media",
        "share this before it gets deleted",
        "read the full story at the link below",
        "according to local media the talks ended without agreement",
        "the coal plant near Obilić was shut down for repairs",
        "KFOR said the exercise was planned months ago",
    ),
    "sr": (
        "KFOR je pojačao patrole u blizini prelaza Jarinje",
        "NATO tvrdi da je situacija na severu Kosova mirna ali napeta",
        "izborna komisija je kasno u nedelju potvrdila izlaznost",
        "nestanak struje pogodio je nekoliko opština posle nevremena",
        "cena električne energije ponovo će rasti ove zime",
        "reprezentacija je odigrala nerešeno u teškoj kvalifikacionoj utakmici",
        "obilan sneg očekuje se na planinama tokom vikenda",
        "diplomate u Briselu ponovo su razgovarale o normalizaciji odnosa",
        "meštani kažu da ih niko nije obavestio o novim pravilima",
        "zabrana dinara i dalje pogađa penzionere na severu",
        "zvaničnici su demantovali izveštaje o kretanju trupa kod granice",
        "proveravači činjenica utvrdili su da je snimak star nekoliko godina",
        "birači su od ranog jutra čekali ispred biračkih mesta",
        "ministarstvo energetike najavilo je nova ulaganja u solarne elektrane",
        "navijači su slavili na ulicama Beograda i Kosovske Mitrovice",
        "temperature će do četvrtka preći trideset stepeni",
        "most na Ibru i dalje je zatvoren za vozila",
        "opozicija je pozvala na proteste posle glasanja",
        "analitičari upozoravaju na koordinisane dezinformacije na društvenim mrežama",
        "podelite ovo pre nego što obrišu",
        "ceo tekst pročitajte na linku ispod",
        "prema pisanju lokalnih medija razgovori su završeni bez dogovora",
        "termoelektrana kod Obilića je zatvorena zbog popravke",
        "KFOR je saopštio da je vežba planirana mesecima unapred",
    ),
    "sq": (
        "KFOR ka shtuar patrullimet pranë pikëkalimit të Jarinjës",
        "NATO thotë se situata në veri të Kosovës mbetet e qetë por e tensionuar",
        "Komisioni Qendror i Zgjedhjeve konfirmoi pjesëmarrjen të dielën vonë",
        "ndërprerjet e energjisë elektrike goditën disa komuna pas stuhisë",
        "çmimi i energjisë do të rritet përsëri këtë dimër",
        "Kombëtarja barazoi në një ndeshje të vështirë kualifikuese",
        "borë e dendur pritet në male gjatë fundjavës",
        "diplomatët në Bruksel u takuan sërish për dialogun",
        "banorët thonë se askush nuk i ka njoftuar për rregullat e reja",
        "zyrtarët mohuan raportimet për lëvizje trupash pranë kufirit",
        "verifikuesit e fakteve zbuluan se videoja ishte xhiruar vite më parë",
        "votuesit pritën në radhë para qendrave të votimit që herët në mëngjes",
        "ministria premtoi investime të reja në energjinë diellore",
        "tifozët festuan në rrugët e Prishtinës dhe Prizrenit",
        "temperaturat do të kalojnë tridhjetë gradë deri të enjten",
        "ura mbi lumin Ibër mbetet e mbyllur për automjete",
        "opozita bëri thirrje për protesta pas votimit",
        "analistët paralajmërojnë për dezinformim të koordinuar në rrjetet sociale",
        "shpërndajeni para se ta fshijnë",
        "lexoni lajmin e plotë në linkun më poshtë",
        "sipas mediave lokale bisedimet përfunduan pa marrëveshje",
        "termocentrali pranë Obiliqit u mbyll për riparime",
        "KFOR tha se stërvitja ishte planifikuar muaj më parë",
    ),
    "ru": (
        "КФОР усилил патрулирование вблизи пропускного пункта Яринье",
        "в НАТО заявляют, что обстановка на севере Косово остаётся спокойной, но напряжённой",
        "избирательная комиссия поздно вечером в воскресенье подтвердила явку",
        "отключения электроэнергии затронули несколько общин после непогоды",
        "цены на электроэнергию этой зимой снова вырастут",
        "сборная сыграла вничью в напряжённом отборочном матче",
        "в горах на выходных ожидается сильный снегопад",
        "дипломаты в Брюсселе снова обсудили нормализацию отношений",
        "местные жители говорят, что их никто не предупредил о новых правилах",
        "чиновники опровергли сообщения о передвижении войск у границы",
        "фактчекеры выяснили, что видео было снято несколько лет назад",
        "избиратели с раннего утра стояли в очередях у избирательных участков",
        "министерство энергетики пообещало новые инвестиции в солнечные электростанции",
        "болельщики праздновали на улицах Белграда",
        "к четвергу температура поднимется выше тридцати градусов",
        "мост через Ибар по-прежнему закрыт для транспорта",
        "оппозиция призвала к протестам после голосования",
        "аналитики предупреждают о скоординированной дезинформации в социальных сетях",
        "поделитесь, пока не удалили",
        "подробности по ссылке ниже",
        "по данным местных СМИ переговоры завершились без договорённости",
        "в КФОР заявили, что учения планировались несколько месяцев назад",
    ),
}
HASHTAGS: dict[str, tuple[str, ...]] = {
    "en": ("#Kosovo", "#KFOR", "#NATO", "#elections", "#energy", "#Balkans", "#breaking", "#weather"),
    "sr": ("#Kosovo", "#KFOR", "#izbori", "#struja", "#Srbija", "#vesti", "#sport", "#vreme"),
    "sq": ("#Kosova", "#KFOR", "#zgjedhjet", "#energjia", "#lajme", "#sport", "#moti"),
    "ru": ("#Косово", "#КФОР", "#НАТО", "#Сербия", "#новости", "#выборы"),
}
EMOJI = ("🇷🇸", "🇽🇰", "🇦🇱", "⚠️", "🔥", "👇", "‼️", "⚽", "❄️", "⚡")
# (variant, weight, fragment family, declared lang code)
VARIANTS: tuple[tuple[str, float, str, str], ...] = (
    ("en", 0.25, "en", "en"),
    ("sr-Cyrl", 0.20, "sr", "sr"),
    ("sr-Latn", 0.15, "sr", "sr"),
    ("sr-Latn-ascii", 0.10, "sr", "sr"),
    ("sq", 0.20, "sq", "sq"),
    ("ru", 0.10, "ru", "ru"),
)
FIRST_NAMES = (
    "Marko",
    "Ana",
    "Milica",
    "Nikola",
    "Arben",
    "Drita",
    "Besnik",
    "Elira",
    "John",
    "Sarah",
    "Ivan",
    "Olga",
    "Dragan",
    "Jelena",
    "Fatmir",
    "Valbona",
    "Stefan",
    "Teuta",
)
LAST_NAMES = (
    "Petrović",
    "Jovanović",
    "Krasniqi",
    "Gashi",
    "Berisha",
    "Smith",
    "Ivanov",
    "Nikolić",
    "Hoxha",
    "Popović",
    "Kuznetsova",
    "Brown",
    "Đorđević",
    "Shala",
)
OUTLETS = ("Vesti KiM", "Kosova Live", "Balkan Watch", "Sever Info", "Lajme 24", "Новости Балкан")
DOMAINS = (
    "kossev.example",
    "rts.example",
    "koha.example",
    "telegrafi.example",
    "balkanwatch.example",
    "novosti.example",
    "gazeta.example",
    "b92.example",
    "ria.example",
    "youtu.example",
)
SECTIONS = ("vesti", "politika", "lajme", "sport", "energy", "weather", "news", "novosti")
UTM = (
    "utm_source=twitter&utm_medium=social",
    "utm_source=x&utm_medium=share&utm_campaign=kfor",
    "utm_source=telegram",
    "utm_medium=social&utm_content=post",
)

_LAT2CYR_PAIRS = {"lj": "љ", "nj": "њ", "dž": "џ", "Lj": "Љ", "Nj": "Њ", "Dž": "Џ", "LJ": "Љ", "NJ": "Њ"}
_LAT2CYR = dict(
    zip(
        "abcčćdđefghijklmnoprsštuvzžABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ",
        "абцчћдђефгхијклмнопрсштувзжАБЦЧЋДЂЕФГХИЈКЛМНОПРСШТУВЗЖ",
        strict=True,
    )
)
_ASCII_SR = str.maketrans(
    {"č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "dj", "Č": "C", "Ć": "C", "Š": "S", "Ž": "Z", "Đ": "Dj"}
)


def lat2cyr(text: str) -> str:
    """Serbian Latin to Cyrillic, digraphs first; real Cyrillic posts use the same vocabulary."""
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _LAT2CYR_PAIRS:
            out.append(_LAT2CYR_PAIRS[pair])
            i += 2
        else:
            out.append(_LAT2CYR.get(text[i], text[i]))
            i += 1
    return "".join(out)


def variant_fragments() -> dict[str, list[list[str]]]:
    """Pre-split fragments per variant, so generation is a cheap pick-and-join."""
    table: dict[str, list[list[str]]] = {}
    for variant, _, family, _ in VARIANTS:
        frags = FRAGMENTS[family]
        if variant == "sr-Cyrl":
            frags = tuple(lat2cyr(f) for f in frags)
        elif variant == "sr-Latn-ascii":
            frags = tuple(f.translate(_ASCII_SR) for f in frags)
        table[variant] = [f.split() for f in frags]
    return table
