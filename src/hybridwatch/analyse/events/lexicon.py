# ruff: noqa: E501 -- word lists, kept one language a line
"""Trigger words for each action, in folded form (any script), matched as word prefixes.

Written by hand for English, Serbian (both scripts fold to the same Latin), Albanian and Russian
(folded transliteration: "перебросила" → "perebrosila"). A trigger is a stem that starts a word
("rasporedi" matches "rasporedila"), or a phrase of stems ("open fire" matches "opened fire").
A stem ending in ``$`` matches a whole word only ("sold$" is not "soldiers"). The action names
follow an open taxonomy mapped to PLOVER and CAMEO (``ACTIONS``). ``SWALLOWS``: actions whose
content is another action ("threatened to send troops", "accused X of attacks", "signed a deal to
buy jets") stand alone; what follows them in the sentence is their content, not an event.
"""

from __future__ import annotations

__all__ = [
    "ACTIONS",
    "TRIGGERS",
    "NEGATIONS",
    "DENIALS",
    "NOT_SECURITY",
    "SWALLOWS",
    "OVERRIDES",
    "WEAPONS",
    "OFFICIALS",
    "CONFIRMS",
    "UNCONFIRMED",
]

# action -> (PLOVER category, CAMEO root code)
ACTIONS: dict[str, tuple[str, str]] = {
    "deploy": ("MOBILIZE", "15"),
    "supply_weapons": ("AID", "07"),
    "test_weapons": ("MOBILIZE", "15"),
    "military_exercise": ("MOBILIZE", "15"),
    "attack": ("ASSAULT", "18"),
    "protest": ("PROTEST", "14"),
    "threaten": ("THREATEN", "13"),
    "accuse": ("ACCUSE", "11"),
    "sign_agreement": ("AGREE", "05"),
    "recognise": ("COOPERATE", "05"),
    "withdraw_recognition": ("REJECT", "16"),
    "meet": ("CONSULT", "04"),
    "support_statement": ("SUPPORT", "05"),
}

TRIGGERS: dict[str, tuple[str, ...]] = {
    "deploy": (
        # en
        "deploy", "redeploy", "sent troops", "sent additional", "dispatched", "stationed", "massed", "moved troops",
        "reinforce", "raised combat readiness", "raised the combat readiness", "put on alert",
        # sr
        "rasporedi", "raspored", "rasporeduj", "poslal", "posla", "uputi", "upucen", "gomila", "prebac", "stacionir",
        "rasporedjen", "podigl", "borbenu gotovost", "dovela", "dovede", "razmest", "slati", "salje", "poslati",
        # sq
        "dergoi", "dergo", "vendos", "perqendr", "shtri", "shperndar", "sjell",
        # ru
        "perebros", "razvern", "napravil", "vvel", "vvod", "stjanu", "sosredotoc", "razmest", "otpravil", "vvesti",
    ),
    "supply_weapons": (
        "deliver", "supplied", "supply", "supplies", "sold$", "sells", "purchase", "bought", "acquired", "acquire",
        "received its first", "received the first", "received", "receive", "donated", "shipment", "transferred",
        "isporu", "nabav", "kupi", "kupov", "dobil", "dobi", "stigl", "stiglo", "poklon", "doniral", "preda",
        "blero", "bleu", "furnizo", "dorezo", "dhuro", "mori", "pranoi", "i ka derguar", "dergesa",
        "postav", "postuc", "prodal", "prodaz", "kupil", "zakup", "peredal", "peredac", "polucil",
    ),
    "test_weapons": (
        "test-fired", "test fired", "tested", "test-launch", "test launch", "test of", "fired a missile", "missile test",
        "testira", "ispitiva", "ispali", "probno", "bojev", "gadjanj", "lansir",
        "testoi", "testim", "provoi", "leshoi", "gjuajt",
        "ispytan", "ispytatel", "ispytal", "provel pusk", "pusk", "zapusk", "strelb",
    ),
    "military_exercise": (
        "exercise", "drill", "manoeuvr", "maneuver", "war games",
        "vezb", "manevar", "manevr",
        "stervit", "ushtrim", "manov",
        "ucenij", "ucenija", "ucenijah", "manevr",
    ),
    "attack": (
        "attack", "opened fire", "open fire", "fired on", "fired at", "shot at", "shelled", "bombed", "stormed",
        "threw", "grenade", "explosive device", "ambush", "assault", "cyber attack", "cyberattack",
        "napad", "napal", "pucal", "puca", "bacil", "bomb", "eksploziv", "granat", "otvori vatru", "otvorili vatru",
        "gadjal", "kamenic",
        "sulm", "sulmu", "qelloi", "qelluan", "hodhen", "hodhi", "granate", "shperthy",
        "napad", "napal", "obstrel", "obstrelj", "otkryl ogon", "otkryvali ogon", "otkryli ogon", "vzorv", "granat",
        "ataku", "ataka",
    ),
    "protest": (
        "protest", "rally", "rallied", "demonstrat", "marched", "marching", "marchers", "blockade", "blocked the road", "took to the streets",
        "protestova", "protestu", "protest", "demonstra", "skup", "blokad", "blokira",
        "protestuan", "protestoi", "protest", "demonstr", "bllok", "marshim",
        "miting", "protestov", "protest", "demonstrac", "akcij protesta", "pikete", "piket",
    ),
    "threaten": (
        "threat", "threaten", "warned", "warns", "would respond", "will respond", "ultimatum",
        "zapret", "preti", "pretio", "pretil", "pretnj", "upozori", "upozorava", "ultimat",
        "kercen", "paralajmer", "ultimat",
        "ugroz", "prigroz", "predupred", "ultimat", "grozit",
    ),
    "accuse": (
        "accus", "blamed", "blames", "charged that", "alleged",
        "optuz", "okrivi", "optuzu", "optuzi", "okrivljuj",
        "akuzo", "akuzu", "fajes", "fajeso",
        "obvinil", "obvinja", "obvinen", "obvin",
    ),
    # the signing verb is the trigger (its negation and roles are the event's); a verb that is also
    # a noun or another verb ("sign", "concluded") needs an agreement named beside it (AGREEMENTS)
    "sign_agreement": (
        "signed", "signing", "sign$", "signs$", "inked", "initialled", "initialed", "concluded", "conclude$",
        "potpis", "parafir", "sklopi", "sklopljen", "sklapa", "zakljuci",  # zaključio, zaključen, заключили
        "nenshkru", "parafu", "lidhen$", "lidhi$",
        "podpis",
    ),
    "recognise": (
        "recognis", "recogniz", "recognition of",
        "prizna", "priznaj", "priznav", "priznanj",
        "njoh", "njohu", "njohj", "njohje",
        "priznal", "priznaet", "priznan", "priznat", "priznanie",
    ),
    "withdraw_recognition": (
        "withdrew its recognition", "withdrew recognition", "revoked", "revoke", "derecogni", "withdrawn recognition",
        "povuk", "povlac", "povlacenj", "povuce", "povuc", "povukl", "opozv",
        "terheq", "terhoqi", "terhequr", "revok",
        "otozval", "otozva", "otzyv", "otkazal",
    ),
    "meet": (
        "met", "meet", "meeting with", "talks with", "held talks", "hosted",
        "sastal", "sastan", "sastao", "sastaj", "razgovara", "razgovori", "primi", "ugosti",
        "takim", "takoi", "takohen", "takuan", "bisedim",
        "vstretil", "vstrec", "peregovor", "provel peregovor", "prinjal", "besed",
    ),
    "support_statement": (
        "support", "backed", "backs", "endorse", "reaffirmed its support", "stands with", "solidarity",
        "podrsk", "podrza", "podrzav", "podrzati", "solidarnost",
        "mbeshtet", "mbeshtes", "perkrah", "solidarit",
        "podderz", "podderziv", "solidarnost",
    ),
}  # fmt: skip

NEGATIONS = (
    "not",
    "never",
    "didn",
    "doesn",
    "won",
    "ne",
    "nije",
    "nisu",
    "nece",
    "nuk",
    "s",
    "nk",
    "net",
    "nikada",
    # "no" as a quantifier: "no agreement", "nijedan sporazum", "никакие соглашения" (Russian,
    # Serbian and Macedonian "но", "but", folds to "no" too: extract._negating tells them apart)
    "no",
    "nijedan",
    "nijedna",
    "nijedno",
    "nikakav",
    "nikakva",
    "nikakve",
    "nikakvi",
    "nikakie",
    "nikakih",
    "nikakoj",
    "nikakogo",
    "asnje",
)
# a refusal just before a trigger negates it like a "not": "Serbia refuses to sign", "odbila je da prizna"
REFUSALS = ("refus", "declin", "odbi", "odbij", "refuzo", "otkaza", "otkazal", "otkazyva")
DENIALS = (
    "denied", "denies", "deny", "rejected claims", "refuted",
    "demant", "porek", "odbaci", "negira",
    "mohoi", "mohon", "hodhi poshte", "pergenjeshtr",
    "otric", "oproverg", "oprovergl", "otverg",
)  # fmt: skip
# words that turn "attack", "storm", "war" into sport, weather or metaphor
NOT_SECURITY = (
    "minut", "derbi", "utakmic", "golom", "match", "goal", "striker", "stadion", "stadium", "fanat", "navijac",
    "ndeshj", "golin", "matc", "sneg", "snow", "bore", "rat recima", "war of words", "lufta e fjaleve",
    "vojna slov", "kassy", "bilet",
)  # fmt: skip

# supply_weapons needs a weapon in its sentence (a military system of the pack, or one of these
# stems): "Russian gas supplies to Serbia will continue" is no arms transfer
WEAPONS = (
    "weapon", "arms$", "armament", "jet$", "jets$", "fighter", "drone", "missile", "rocket", "ammunition", "munition",
    "tank$", "tanks$", "howitzer", "armoured", "armored", "helicopter", "air defence", "air-defence", "air defense",
    "rifle", "artillery", "military equipment", "military aid", "warplane", "aircraft",
    "oruzj", "naoruz", "lovac", "lovc", "dron", "bespilot", "raket", "municij", "tenk", "haubic", "oklop",
    "helikopter", "pvo", "protivvazdus", "vojne oprem", "vojnu oprem", "avion", "puske", "pusaka",
    "arme$", "armet", "armeve", "armatim", "municion", "mbrojtjes ajrore", "avion luftarak", "gjuajtes",
    "oruzi", "vooruz", "istrebitel", "boepripas", "gaubic", "bronetehn", "vertolet", "zenitn", "samolet",
    "voennoj tehnik", "voennuju tehnik",
)  # fmt: skip

# What a signing signs. "signed" and its kind sign without one named ("Vučić signed in Moscow");
# "sign", "concluded", "zaključio" need one beside them: "a sign of weakness", "concluded that",
# "zaključio je da" sign nothing.
AGREEMENTS = (
    "agreement", "treaty", "deal$", "deals$", "accord", "contract", "protocol", "declaration",
    "sporazum", "ugovor", "dogovor", "memorand", "protokol", "deklaraci",
    "marreveshj", "kontrat", "traktat", "deklarat",
    "soglasen", "kontrakt",
)  # fmt: skip
SIGNS_ALONE = (
    "signed",
    "potpis",
    "nenshkru",
    "podpis",
    "initialled",
    "initialed",
    "inked",
    "parafir",
    "parafu",
)

# "confirm" in each language: negated ("no confirmation", "nije potvrdila", "не подтверждены", "nuk e ka
# konfirmuar"), it makes every event of the sentence a report nobody confirmed
CONFIRMS = ("confirm", "potvrd", "podtverd", "podtverz", "konfirm")  # "подтверждены": podtverzdeny
UNCONFIRMED = ("unconfirm", "nepotvrd", "nepodtverd", "nepodtverz", "pakonfirm")

# who speaks or acts for a state, after (or in Albanian before) its adjective: "Serbian officials",
# "Руска амбасада", "российские военные", "zyrtarët serbë", "ambasada ruse"
OFFICIALS = (
    "official", "ministry", "minister", "embassy", "ambassador", "government", "army", "armed forces", "troops",
    "forces", "police", "president", "prime minister", "diplomat", "authorities", "military", "soldiers",
    "security service", "intelligence", "side$", "leadership", "delegation",
    "zvanicn", "ministarstv", "ministar", "ambasad", "vlad", "vojsk", "snag", "polic", "predsedn", "premijer",
    "diplomat", "vlast", "vojni", "vojnici", "strana$", "delegacij", "obavestajn", "sluzb",
    "oficialn", "ministerstv", "ministr", "posolstv", "posol", "pravitelstv", "armi", "vojsk", "sil$", "silovik",
    "polici", "prezident", "premer", "vlast", "voenn", "mid$", "storon", "delegaci", "specsluzb", "razvedk",
    "zyrtar", "ministri", "ambasad", "qeveri", "ushtri", "forca", "forcat", "polici", "president", "kryeminist",
    "diplomat", "autoritet", "pala$", "delegacion", "sherbim",
)  # fmt: skip

SWALLOWS = frozenset({"threaten", "accuse", "sign_agreement"})
# when both fire, the first action is the second's mistaken reading ("revoked its recognition")
OVERRIDES = {"recognise": "withdraw_recognition"}
