"""Synthetic social streams with planted campaigns, and the truth about them.

Organic background traffic (posts by many accounts in en, sr-Cyrl, sr-Latn, sq and ru, with
links to news sites and channel messages that people also share and forward organically) buries
three kinds of planted operation:

* **copypasta**: a campaign text pushed by many accounts and outlets, in Cyrillic and Latin,
  with and without diacritics, with small edits (a word dropped or changed, a hashtag, a
  "HITNO!" in front);
* **coordinated sharing**: a group of accounts that, within seconds of each other and again and
  again, share the same link, post near-copies of the same talking point (in either script), and
  forward the same channel message;
* **a surge**: a narrative at a low daily rate that jumps by a known factor on a known day.

Everything is deterministic in the seed. Posts are JSONL-ready dicts in the X-style layout the
JSONL connector maps out of the box; ``truth`` says which documents and accounts were planted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from hybridwatch.eval.synthetic import (
    DOMAINS,
    FIRST_NAMES,
    HASHTAGS,
    LAST_NAMES,
    SECTIONS,
    lat2cyr,
    variant_fragments,
)

__all__ = ["StreamSpec", "Stream", "generate_stream", "CAMPAIGN_TEXTS"]

# Campaign texts written for this generator (synthetic; modelled on narratives in ../shared/context.md).
CAMPAIGN_TEXTS = (
    "KFOR nije mirovna misija već okupaciona vojska koja štiti Kurtijeve specijalce dok Srbi na severu "
    "žive u strahu bez struje i bez dinara",
    "Zapad je ponovo prevario Srbiju jer je Brisel obećao zajednicu srpskih opština a sada traži da "
    "priznamo nezavisnost lažne države Kosovo",
    "Rusija je jedini pravi prijatelj srpskog naroda i samo ruski S-400 mogu da zaštite nebo iznad "
    "Beograda od novog NATO bombardovanja",
    "Albanski ekstremisti pripremaju napad na manastire na Kosovu i Metohiji a EULEX i KFOR gledaju "
    "na drugu stranu kao i u martu 2004",
)
SURGE_TEXTS = (
    "Podelite pre nego što obrišu: NATO gradi novu bazu na severu Kosova i sprema se za rat sa Srbijom",
    "Ljudi sa severa javljaju da se kod Jarinja okuplja NATO tehnika i da će baza biti gotova do leta",
    "Zašto mediji ćute o novoj NATO bazi na severu Kosova dok se tenkovi gomilaju kod Jarinja",
)
EDIT_WORDS = ("odmah", "hitno", "opet", "svi", "danas", "ponovo", "istina")
PREFIXES = ("HITNO! ", "PROČITAJTE: ", "", "", "")
PLACES = (
    "Mitrovica", "Zvečan", "Leposavić", "Zubin Potok", "Gračanica", "Prizren", "Peć", "Gnjilane",
    "Priština", "Jarinje", "Brnjak", "Niš", "Raška", "Novi Pazar", "Beograd", "Tirana", "Skoplje",
)  # fmt: skip
START = datetime(2025, 3, 1, tzinfo=UTC)
ORGANIC_MEAN_DELAY_S = 4 * 3600


@dataclass(frozen=True)
class StreamSpec:
    """What to generate; the defaults are the settings the tests measure against."""

    seed: int = 7
    days: int = 30
    background: int = 3000
    accounts: int = 400
    copypasta_campaigns: int = 3
    copies_per_campaign: int = 12
    coordinated_accounts: int = 8
    coordinated_shares: int = 10  # links the group pushes together
    coordination_spread_s: int = 30  # members share within this many seconds of the first
    coordinated_texts: int = 6  # talking points the group posts as near-copies together
    coordinated_forwards: int = 6  # channel messages the group forwards together
    organic_forward_rate: float = 0.1  # share of background posts that forward a channel message
    organic_urls: int = 150  # popular links anyone may share at any time
    surge_day: int = 20
    surge_base_per_day: int = 2
    surge_factor: int = 8


@dataclass
class Stream:
    """The posts, and what was planted in them."""

    posts: list[dict[str, Any]]
    truth: dict[str, Any] = field(default_factory=dict)


class _Builder:
    def __init__(self, spec: StreamSpec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.fragments = variant_fragments()
        self.variants = list(self.fragments)
        self.posts: list[dict[str, Any]] = []
        # organic links: published at some moment, shared mostly in the hours after it, some far more
        # than others (the chance co-sharing that coordination detection must not mistake for a plan)
        self.organic_urls = [(self._url(), self._time()) for _ in range(spec.organic_urls)]
        self.popularity = [1 / (rank + 1) for rank in range(spec.organic_urls)]
        self.vocabulary = {v: sorted({w for f in frags for w in f}) for v, frags in self.fragments.items()}
        # channel messages that people forward organically, some far more than others
        self.channel_posts = [
            (f"@kanal{k % 12}", self._composed(), self._time()) for k in range(max(spec.organic_urls // 3, 1))
        ]

    def _composed(self) -> str:
        """A text of stock phrases, details and words, as a person or a channel writes it."""
        rng = self.rng
        variant = rng.choice([v for v in self.variants if v.startswith("sr")])
        words: list[str] = []
        for fragment in rng.sample(self.fragments[variant], 2):
            words += fragment + self._detail()
        return " ".join(words + rng.choices(self.vocabulary[variant], k=6))

    def _url(self) -> str:
        rng = self.rng
        return f"https://{rng.choice(DOMAINS)}/{rng.choice(SECTIONS)}/{rng.randrange(10**6, 10**7)}"

    def _organic_link(self) -> tuple[list[str], datetime]:
        url, published = self.rng.choices(self.organic_urls, self.popularity)[0]
        return [url], published + timedelta(seconds=self.rng.expovariate(1 / ORGANIC_MEAN_DELAY_S))

    def _time(self, day: int | None = None) -> datetime:
        day = self.rng.randrange(self.spec.days) if day is None else day
        return START + timedelta(days=day, seconds=self.rng.randrange(86400))

    def add(
        self, account: str, when: datetime, text: str, urls: list[str], lang: str, forwarded_from: str = ""
    ) -> str:
        post_id = f"s{len(self.posts)}"
        post = {
            "id": post_id,
            "account": account,
            "created_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "text": text,
            "urls": urls,
            "lang": lang,
        }
        if forwarded_from:
            post["forwarded_from"] = forwarded_from
        self.posts.append(post)
        return post_id

    def _detail(self) -> list[str]:
        rng = self.rng
        pick = rng.randrange(4)
        if pick == 0:
            return [rng.choice(PLACES), str(rng.randrange(2, 500))]
        if pick == 1:
            return [f"{rng.randrange(24):02d}:{rng.randrange(60):02d}", rng.choice(PLACES)]
        if pick == 2:
            return [rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), str(rng.randrange(1, 31))]
        return [f"@user{rng.randrange(self.spec.accounts)}", str(rng.randrange(100, 10000))]

    def background(self) -> None:
        rng, spec = self.rng, self.spec
        for _ in range(spec.background):
            variant = rng.choice(self.variants)
            words: list[str] = []
            for fragment in rng.sample(self.fragments[variant], rng.randint(1, 2)):
                words += fragment
                words += self._detail()  # people write their own words around stock phrases
            words += rng.choices(self.vocabulary[variant], k=rng.randint(4, 12))
            if rng.random() < 0.3:
                words.append(
                    rng.choice(HASHTAGS[variant.split("-")[0] if variant != "sr-Latn-ascii" else "sr"])
                )
            urls, when = self._organic_link() if rng.random() < 0.4 else ([], self._time())
            account = f"@user{int(spec.accounts * rng.random() ** 2)}"  # a few accounts post most
            if rng.random() < spec.organic_forward_rate:
                channel, text, published = rng.choices(
                    self.channel_posts, self.popularity[: len(self.channel_posts)]
                )[0]
                when = published + timedelta(seconds=rng.expovariate(1 / ORGANIC_MEAN_DELAY_S))
                self.add(account, when, text, [], "sr", forwarded_from=channel)
                continue
            self.add(account, when, " ".join(words) + ".", urls, variant.split("-")[0])

    def copypasta(self) -> list[dict[str, Any]]:
        rng, spec = self.rng, self.spec
        planted = []
        for number, base in enumerate(CAMPAIGN_TEXTS[: spec.copypasta_campaigns]):
            first = self._time(rng.randrange(spec.days - 2))
            ids = []
            for copy in range(spec.copies_per_campaign):
                text = self._edit(base, copy)
                when = first + timedelta(minutes=copy * rng.randint(5, 90))
                account = (
                    f"@outlet{number}_{copy}" if copy % 3 == 0 else f"@user{rng.randrange(spec.accounts)}"
                )
                ids.append(self.add(account, when, text, [], "sr"))
            planted.append({"campaign": number, "documents": ids, "first": ids[0]})
        return planted

    def _edit(self, text: str, copy: int) -> str:
        """The copy's variant: the original first, then scripts, lost diacritics and small edits."""
        rng = self.rng
        if copy == 0:
            return text
        words = text.split()
        if copy % 4 == 1:
            words[rng.randrange(len(words))] = rng.choice(EDIT_WORDS)
        elif copy % 4 == 2:
            del words[rng.randrange(len(words))]
        out = rng.choice(PREFIXES) + " ".join(words) + rng.choice(("", " #Kosovo", " #KiM", " ‼️", "!"))
        style = copy % 3
        if style == 1:
            return lat2cyr(out)
        if style == 2:
            return out.translate(str.maketrans("čćšžđČĆŠŽĐ", "ccszdCCSZD"))
        return out

    def coordination(self) -> dict[str, Any]:
        rng, spec = self.rng, self.spec
        group = [f"@grp{i}" for i in range(spec.coordinated_accounts)]

        def together() -> list[tuple[str, datetime]]:
            """Most of the group, each within seconds of the first."""
            first = self._time()
            members = rng.sample(group, max(2, int(len(group) * rng.uniform(0.6, 1.0))))
            return [
                (a, first + timedelta(seconds=rng.randrange(spec.coordination_spread_s))) for a in members
            ]

        links, texts, forwards = [], [], []
        for _ in range(spec.coordinated_shares):
            url = self._url()
            for account, when in together():
                variant = rng.choice(self.variants)
                words = rng.choice(self.fragments[variant])
                self.add(account, when, " ".join(words) + " " + url, [url], variant.split("-")[0])
            links.append(url)
        for _ in range(spec.coordinated_texts):  # talking points: near-copies in either script
            base = self._composed()
            texts.append(
                [self.add(a, w, self._edit(base, k), [], "sr") for k, (a, w) in enumerate(together())]
            )
        for _ in range(spec.coordinated_forwards):  # one channel's messages, forwarded at once
            text = self._composed()
            forwards.append(
                [self.add(a, w, text, [], "sr", forwarded_from="@kanal_istine") for a, w in together()]
            )
        # the group also posts organically, at random times, like anyone else
        for account in group:
            for _ in range(rng.randint(3, 8)):
                variant = rng.choice(self.variants)
                words = rng.choice(self.fragments[variant])
                urls, when = self._organic_link() if rng.random() < 0.5 else ([], self._time())
                self.add(account, when, " ".join(words) + ".", urls, variant.split("-")[0])
        return {"accounts": group, "urls": links, "text_documents": texts, "forward_documents": forwards}

    def surge(self) -> dict[str, Any]:
        rng, spec = self.rng, self.spec
        ids = []
        for day in range(spec.days):
            count = spec.surge_base_per_day * (spec.surge_factor if day == spec.surge_day else 1)
            for _ in range(count):
                text = rng.choice(SURGE_TEXTS)
                words = text.split()
                words[rng.randrange(len(words))] = rng.choice(EDIT_WORDS)  # no two quite alike
                text = " ".join(words)
                account = f"@user{rng.randrange(spec.accounts)}"
                ids.append(
                    self.add(
                        account, self._time(day), lat2cyr(text) if rng.random() < 0.4 else text, [], "sr"
                    )
                )
        surge_date = (START + timedelta(days=spec.surge_day)).date().isoformat()
        return {"day": surge_date, "factor": spec.surge_factor, "documents": ids}


def generate_stream(spec: StreamSpec | None = None) -> Stream:
    """Build a stream by *spec*: posts in time order, and the truth about what was planted."""
    spec = spec or StreamSpec()
    builder = _Builder(spec)
    builder.background()
    copypasta = builder.copypasta()
    coordination = builder.coordination()
    surge = builder.surge()
    posts = sorted(builder.posts, key=lambda p: (p["created_at"], p["id"]))
    return Stream(
        posts,
        {
            "about": "SYNTHETIC stream from hybridwatch.eval.streams; every text and account is invented",
            "spec": vars(spec),
            "copypasta": copypasta,
            "coordinated_group": coordination,
            "surge": surge,
        },
    )
