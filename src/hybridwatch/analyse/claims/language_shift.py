"""How far apart e5 puts languages, so that a claim's cosines to fact-checks in several languages compare.

e5 scores two texts in one language higher than two texts in different languages: a Serbian
Cyrillic claim is on average 0.056 closer to unrelated Serbian Cyrillic texts than to unrelated
English ones (Albanian 0.061, Russian 0.02; fact-checks embedded as e5 passages show other gaps,
Serbian Cyrillic 0.03, Russian 0.05, Serbian Latin and Albanian slightly below English). On a
store that holds English and Serbian fact-checks, a Serbian fact-check on the same topic then
outranks the same claim in English. :func:`language_levels` lifts each language's
cosines to the level of the language the query is closest to.

How much to lift is measured twice. The store's own fact-checks give each language's mean cosine
to the query; with few fact-checks in a language that mean is mostly noise and topic. The shipped
*language reference* gives it without topic: the mean vectors of the same 84 claims rendered by
hand in English, Serbian (both scripts), Albanian, Russian, Macedonian, Croatian and Bosnian (the
odd-numbered cases of tests/data/crosslingual; the even ones are kept for measuring this). Because
the eight sets say the same things, a query's cosines to their means differ by language alone
(predicted within 0.005 of the held-out gaps). A language's store mean is shrunk toward the
overall mean moved by that gap.
"""

from __future__ import annotations

import logging
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from hybridwatch.analyse.embed import Kind

__all__ = [
    "LanguageReference",
    "language_reference",
    "REFERENCE_FILE",
    "REFERENCE_LANGUAGES",
    "LANGUAGE_PRIOR",
    "LANGUAGE_MAX_SHIFT",
    "OWN_LIFT",
    "MAX_STRETCH",
    "LATIN_BCS",
    "language_levels",
]

log = logging.getLogger(__name__)

REFERENCE_FILE = "language-reference.npz"
# as the store tags them (compared lower-cased)
REFERENCE_LANGUAGES = ("en", "sr-Cyrl", "sr-Latn", "sq", "ru", "mk", "hr", "bs")
LANGUAGE_PRIOR = 10  # fact-checks' worth of the expected mean in each language's mean cosine
# How much of the gap to a claim's own language (absent from the store) is lifted: chosen on the
# odd-numbered cross-lingual cases (the reference's own), weighing known claims against unknown ones
# (0.75 before cross-language cosines were widened: the widening lifts a claim's true matches too)
OWN_LIFT = 0.25
LANGUAGE_MAX_SHIFT = 0.1  # 1.6x the largest gap measured between languages (0.061): one far off stays off
LATIN_BCS = frozenset({"sr-latn", "hr", "bs", "me", "sh"})  # never widened against each other
MAX_STRETCH = 1.6  # the largest spread ratio measured is 1.5 (English claims, Serbian Cyrillic fact-checks)


@dataclass(frozen=True)
class LanguageReference:
    """One mean vector per reference language, for one model and one embedding kind."""

    model: str
    kind: str
    means: dict[str, npt.NDArray[np.float32]]  # lower-cased language tag -> mean of unit vectors
    # (claim language, fact-check language) -> how far the same claim's cosine stands above other
    # claims' (a pair of different languages; ("en", "en") is an English paraphrase to its title)
    spreads: dict[tuple[str, str], float] = field(default_factory=dict)

    def stretch(self, claim: str, tags: list[str]) -> npt.NDArray[np.float32]:
        """Per fact-check language in *tags*, how much to widen a *claim*'s cosines about their mean.

        e5 packs a claim's cosines to fact-checks in another language closer together than to
        fact-checks in its own: an English paraphrase stands 0.149 above the other claims' level
        against its English original, the same claim rendered in another language 0.10-0.12 above
        the other renderings' level. Widening by the ratio puts a translated fact-check as far
        above its language's level as an English paraphrase stands above English texts (the one
        same-language spread measured). 1 where either language is unknown, for the claim's own
        language, between Serbian Latin, Croatian, Bosnian and Montenegrin (one language to a
        reader, the one family the identifier cannot split: their spreads, 0.13-0.14, are those of
        texts written apart), and without spreads; at most MAX_STRETCH.
        """
        same = self.spreads.get(("en", "en"), 0.0)
        out = np.ones(len(tags), dtype=np.float32)
        for i, tag in enumerate(tags):
            spread = self.spreads.get((claim, tag), 0.0)
            if tag == claim or (claim in LATIN_BCS and tag in LATIN_BCS) or spread <= 0 or same <= 0:
                continue
            out[i] = min(MAX_STRETCH, max(1.0, same / spread))
        return out

    def rows(self, tags: list[str]) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
        """The mean vector for each of *tags* (zeros where none is known) and which are known."""
        dim = len(next(iter(self.means.values())))
        known = np.array([tag in self.means for tag in tags], dtype=bool)
        rows = np.zeros((len(tags), dim), dtype=np.float32)
        for i, tag in enumerate(tags):
            if tag in self.means:
                rows[i] = self.means[tag]
        return rows, known


@cache
def language_reference(model: str, kind: Kind, dim: int, path: str | None = None) -> LanguageReference | None:
    """The shipped reference for *model* (vectors of *dim*) embedding as *kind*, or None.

    None for another model, none shipped, or a damaged file (then with a warning): shifts then
    fall back to the store's means.
    """
    try:
        if path is None:
            ref = resources.files("hybridwatch.analyse.claims") / "models" / REFERENCE_FILE
            with resources.as_file(ref) as file:
                return _read(Path(file), model, kind, dim)
        return _read(Path(path), model, kind, dim)
    except (OSError, ValueError, TypeError, KeyError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        log.warning("language reference not loaded (%s): shrinking toward the overall mean", exc)
        return None


def _read(path: Path, model: str, kind: str, dim: int) -> LanguageReference | None:
    if not path.exists():
        return None
    with path.open("rb") as file, np.load(file, allow_pickle=False) as data:
        if str(data["model"]) != model:
            return None
        means = {
            lang.lower(): data[f"{kind}/{lang}"].astype(np.float32)
            for lang in REFERENCE_LANGUAGES
            if f"{kind}/{lang}" in data
        }
        spreads = _spreads(data, kind, path.name, means) if f"spread/{kind}" in data else {}
    for lang, mean in means.items():
        mean.setflags(write=False)  # shared by every index (the reference is cached)
        if mean.shape != (dim,) or not np.isfinite(mean).all() or not 0 < np.linalg.norm(mean) <= 1.0001:
            raise ValueError(f"{path.name}: {kind}/{lang} is not a mean of {dim}-dimensional unit vectors")
    return LanguageReference(model, kind, means, spreads) if len(means) >= 2 else None


def _spreads(data: Any, kind: str, name: str, means: dict[str, Any]) -> dict[tuple[str, str], float]:
    """The spread table of *kind*, by (claim language, fact-check language); refused if it is not sane.

    Sane: one unique tag per row, every tag one of the reference's means, a real table of the same
    size with every value in [0, 0.5), English's own spread measured and no other language's.
    """
    labels, table = data["spread_languages"], data[f"spread/{kind}"]
    if labels.ndim != 1 or labels.dtype.kind != "U" or table.dtype.kind != "f":
        raise ValueError(f"{name}: spread/{kind} or its languages have the wrong type")
    tags = [str(tag).lower() for tag in labels]
    table = np.asarray(table, dtype=np.float64)
    n = len(tags)
    if len(set(tags)) != n or not set(tags) <= set(means) or "en" not in tags or table.shape != (n, n):
        raise ValueError(f"{name}: spread/{kind} does not name the reference's languages once each")
    if not np.isfinite(table).all() or not ((0 <= table) & (table < 0.5)).all():
        raise ValueError(f"{name}: spread/{kind} holds spreads no cosine could show")
    diagonal = np.diag(table)
    english = tags.index("en")
    if diagonal[english] <= 0 or np.delete(diagonal, english).any():
        raise ValueError(f"{name}: spread/{kind} has no English spread, or one for a language against itself")
    return {
        (a, b): float(table[i, j]) for i, a in enumerate(tags) for j, b in enumerate(tags) if table[i, j] > 0
    }


def language_levels(
    sums: npt.NDArray[np.float64],
    counts: npt.NDArray[np.float64],
    reference: npt.NDArray[np.float64] | None = None,
    known: npt.NDArray[np.bool_] | None = None,
    own: float | None = None,
    own_group: int | None = None,
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float64]]:
    """Per language, what to add to a query's cosines, and the language's mean cosine as estimated.

    The shift raises each language's mean to the highest; the means are the shrunk ones (0 where
    the store has none), about which cross-language cosines are widened.

    *sums* and *counts*: per language, the sum of the query's cosines to the store's fact-checks
    and how many there are. *reference*: the query's cosine to each language's reference mean,
    used where *known*. Each language's mean is shrunk toward the overall mean by LANGUAGE_PRIOR
    fact-checks; with a reference, a known language toward the known languages' own mean plus how
    much closer the query is to that language than to the store's mix of known languages (the
    overall mean would carry the level of languages the reference cannot place). The anchor is the
    highest mean, usually the query's own language: a same-language pair keeps the cosine the
    re-ranker and the auto floor were fitted on. *own*: the query's cosine to the reference mean of
    its own language when the store holds none of it; that language's expected mean, with the gap
    damped by OWN_LIFT, then joins the anchor (a Serbian claim against English fact-checks alone is
    lifted by a quarter of e5's gap, beside the widening of its cosines to them; more lifted
    claims nobody had checked into `auto` and `suggest` more often than English ones). Shifts are
    capped at LANGUAGE_MAX_SHIFT; with one language and no *own*, none. *own_group*: the claim's
    language's place in *counts*, if the store has that language at all; while it holds fact-checks
    there (after hiding), its mean is measured, and *own* is ignored.
    """
    if own_group is not None and counts[own_group] > 0:
        own = None
    shift = np.zeros(len(counts), dtype=np.float32)
    present = counts > 0
    if not present.any():
        return shift, np.zeros(len(counts))
    overall = float(sums[present].sum() / counts[present].sum())
    expected = np.full(len(counts), overall)
    virtual = None  # the expected mean of the query's own language, absent from the store
    if reference is not None and known is not None:
        mixed = known & present
        if mixed.any():
            level = float((reference[mixed] * counts[mixed]).sum() / counts[mixed].sum())
            known_mean = float(sums[mixed].sum() / counts[mixed].sum())
            if mixed.sum() >= 2:
                expected = np.where(known, known_mean + reference - level, overall)
            if own is not None:
                virtual = known_mean + OWN_LIFT * (own - level)
    means = (sums + LANGUAGE_PRIOR * expected) / (counts + LANGUAGE_PRIOR)
    means[~present] = 0.0
    if present.sum() < 2 and own is None:  # nothing to compare: one language is its own mean
        return shift, means
    anchor = float(means[present].max())
    if virtual is not None:
        anchor = max(anchor, virtual)
    shift[present] = np.clip(anchor - means[present], 0.0, LANGUAGE_MAX_SHIFT)
    return shift, means
