"""How far apart e5 puts languages, so that a claim's cosines to fact-checks in several languages compare.

e5 scores two texts in one language higher than two texts in different languages: a Serbian
Cyrillic claim is on average 0.056 closer to unrelated Serbian Cyrillic texts than to unrelated
English ones (Albanian 0.061, Russian 0.02; fact-checks embedded as e5 passages show other gaps,
Serbian Cyrillic 0.03, Russian 0.05, Serbian Latin and Albanian slightly below English). On a
store that holds English and Serbian fact-checks, a Serbian fact-check on the same topic then
outranks the same claim in English. :func:`cross_language_shift` lifts each language's
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
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from hybridwatch.analyse.embed import Kind

__all__ = [
    "LanguageReference",
    "language_reference",
    "cross_language_shift",
    "REFERENCE_FILE",
    "REFERENCE_LANGUAGES",
    "LANGUAGE_PRIOR",
    "LANGUAGE_MAX_SHIFT",
    "OWN_LIFT",
]

log = logging.getLogger(__name__)

REFERENCE_FILE = "language-reference.npz"
# as the store tags them (compared lower-cased)
REFERENCE_LANGUAGES = ("en", "sr-Cyrl", "sr-Latn", "sq", "ru", "mk", "hr", "bs")
LANGUAGE_PRIOR = 10  # fact-checks' worth of the expected mean in each language's mean cosine
# How much of the gap to a claim's own language (absent from the store) is lifted: chosen on the
# odd-numbered cross-lingual cases (the reference's own), weighing known claims against unknown ones
OWN_LIFT = 0.75
LANGUAGE_MAX_SHIFT = 0.1  # 1.6x the largest gap measured between languages (0.061): one far off stays off


@dataclass(frozen=True)
class LanguageReference:
    """One mean vector per reference language, for one model and one embedding kind."""

    model: str
    kind: str
    means: dict[str, npt.NDArray[np.float32]]  # lower-cased language tag -> mean of unit vectors

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
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
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
    for lang, mean in means.items():
        mean.setflags(write=False)  # shared by every index (the reference is cached)
        if mean.shape != (dim,) or not np.isfinite(mean).all() or not 0 < np.linalg.norm(mean) <= 1.0001:
            raise ValueError(f"{path.name}: {kind}/{lang} is not a mean of {dim}-dimensional unit vectors")
    return LanguageReference(model, kind, means) if len(means) >= 2 else None


def cross_language_shift(
    sums: npt.NDArray[np.float64],
    counts: npt.NDArray[np.float64],
    reference: npt.NDArray[np.float64] | None = None,
    known: npt.NDArray[np.bool_] | None = None,
    own: float | None = None,
    own_group: int | None = None,
) -> npt.NDArray[np.float32]:
    """Per language, what to add to a query's cosines: raises each language's mean to the highest.

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
    lifted by three quarters of e5's gap: the whole gap, a background mean, also lifted claims
    nobody had checked into `suggest` nearly twice as often as English ones). Shifts are
    capped at LANGUAGE_MAX_SHIFT; with one language and no *own*, none. *own_group*: the claim's
    language's place in *counts*, if the store has that language at all; while it holds fact-checks
    there (after hiding), its mean is measured, and *own* is ignored.
    """
    if own_group is not None and counts[own_group] > 0:
        own = None
    shift = np.zeros(len(counts), dtype=np.float32)
    present = counts > 0
    if not present.any() or (present.sum() < 2 and own is None):
        return shift
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
    anchor = float(means[present].max())
    if virtual is not None:
        anchor = max(anchor, virtual)
    shift[present] = np.clip(anchor - means[present], 0.0, LANGUAGE_MAX_SHIFT)
    return shift
