"""Languages compare: a store's few fact-checks in a language lean on the shipped language reference."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from hybridwatch.analyse.claims.index import FactCheckIndex
from hybridwatch.analyse.claims.language_shift import (
    LANGUAGE_MAX_SHIFT,
    LANGUAGE_PRIOR,
    MAX_STRETCH,
    OWN_LIFT,
    REFERENCE_FILE,
    REFERENCE_LANGUAGES,
    LanguageReference,
    language_levels,
    language_reference,
)
from hybridwatch.analyse.claims.match import Matcher
from hybridwatch.analyse.claims.rerank import index_layout, load_reranker
from hybridwatch.analyse.embed import E5Embedder, load_embedder
from hybridwatch.demo import FACTCHECK_FILES
from hybridwatch.eval.claim_retrieval import metric_table
from hybridwatch.ingest.factchecks import read_factchecks
from hybridwatch.model.factcheck import FactCheck

CROSSLINGUAL = Path(__file__).resolve().parents[2] / "data" / "crosslingual" / "queries.tsv"


def _shrunk(sums: np.ndarray, counts: np.ndarray, expected: np.ndarray) -> np.ndarray:
    return (sums + LANGUAGE_PRIOR * expected) / (counts + LANGUAGE_PRIOR)


def test_without_a_reference_each_mean_is_shrunk_toward_the_overall_mean() -> None:
    counts = np.array([100.0, 3.0])  # en, sr-cyrl
    sums = counts * np.array([0.80, 0.82])
    shift = language_levels(sums, counts)[0]
    overall = sums.sum() / counts.sum()
    means = _shrunk(sums, counts, np.full(2, overall))
    assert shift[1] == 0 and shift[0] == pytest.approx(means[1] - means[0], abs=1e-6)
    assert shift[0] < 0.02 / 3  # three fact-checks move their language by a quarter of its 0.02 gap


def test_a_reference_gives_a_small_language_the_gap_e5_puts_between_languages() -> None:
    counts = np.array([100.0, 3.0, 5.0])  # en, sr-cyrl, uk (no reference for uk)
    sums = counts * np.array([0.80, 0.82, 0.79])
    reference = np.array([0.79, 0.85, 0.0])  # the query is 0.06 closer to Serbian than to English
    known = np.array([True, True, False])
    shift = language_levels(sums, counts, reference, known)[0]
    overall = sums.sum() / counts.sum()
    level = (0.79 * 100 + 0.85 * 3) / 103
    known_mean = sums[:2].sum() / 103  # the known languages' own mean: uk's level stays out of it
    expected = np.array([known_mean + 0.79 - level, known_mean + 0.85 - level, overall])
    means = _shrunk(sums, counts, expected)
    assert shift[1] == 0  # the query's own language is the anchor and keeps its cosines
    assert shift[0] == pytest.approx(means[1] - means[0], abs=1e-6) and shift[0] > 0.04
    # the centres widening turns about are these shrunk means, not the raw ones
    assert language_levels(sums, counts, reference, known)[1] == pytest.approx(means, abs=1e-9)
    assert language_levels(sums, np.array([100.0, 0.0, 5.0]), reference, known)[1][1] == 0  # none there
    assert shift[2] == pytest.approx(means[1] - means[2], abs=1e-6)  # unknown: toward the overall mean
    assert shift[0] > language_levels(sums, counts)[0][0] + 0.03


def test_languages_the_reference_cannot_place_do_not_move_the_known_ones() -> None:
    """A store of 1,000 Ukrainian (unknown to the reference) fact-checks beside 100 English and 3 Serbian."""
    counts = np.array([100.0, 3.0, 1000.0])  # en, sr-cyrl, uk
    sums = counts * np.array([0.80, 0.856, 0.85])  # the languages' levels alone, no topic
    reference = np.array([0.80, 0.856, 0.0])  # and the reference agrees: Serbian 0.056 above English
    shift = language_levels(sums, counts, reference, np.array([True, True, False]))[0]
    assert shift[1] == 0
    assert shift[0] == pytest.approx(0.056, abs=1e-4)  # e5's gap, not raised by the Ukrainian level
    assert shift[2] == pytest.approx(0.006, abs=1e-3)  # uk, measured from the store: 1,000 fact-checks


def test_a_claim_in_a_language_the_store_lacks_is_lifted_to_its_own_level() -> None:
    counts = np.array([200.0])  # an English-only store
    sums = counts * 0.80
    reference = np.array([0.79])
    known = np.array([True])
    # a Serbian claim, 0.056 closer to its own language's reference than to English's
    lifted = language_levels(sums, counts, reference, known, own=0.846)[0][0]
    assert lifted == pytest.approx(OWN_LIFT * 0.056, abs=1e-6) and OWN_LIFT < 1  # damped: see OWN_LIFT
    assert language_levels(sums, counts, reference, known, own=0.77)[0][0] == 0  # English suits it better
    assert language_levels(sums, counts, reference, known)[0][0] == 0  # no own language: one language, none
    assert language_levels(sums, counts, reference, np.array([False]), own=0.9)[0][0] == 0  # store unplaced
    # beside other languages the own level joins the anchor: both store languages are lifted to it
    sums, counts, reference, known = (
        np.array([100 * 0.80, 50 * 0.81]),
        np.array([100.0, 50.0]),
        np.array([0.79, 0.80]),
        np.array([True, True]),
    )
    two = language_levels(sums, counts, reference, known, own=0.85)[0]
    known_mean, level = (80 + 40.5) / 150, (0.79 * 100 + 0.80 * 50) / 150
    expected = known_mean + reference - level
    means = _shrunk(sums, counts, expected)
    anchor = known_mean + OWN_LIFT * (0.85 - level)  # the own language's level, above both store languages
    assert two == pytest.approx(anchor - means, abs=1e-6)
    # the store holds the claim's language (group 1, scoring low): its mean is measured, own is ignored
    low = np.array([100 * 0.80, 2 * 0.70])
    held = language_levels(low, np.array([100.0, 2.0]), reference, known, own=0.85, own_group=1)[0]
    assert np.array_equal(held, language_levels(low, np.array([100.0, 2.0]), reference, known)[0])
    emptied = language_levels(
        np.array([80.0, 0.0]), np.array([100.0, 0.0]), reference, known, own=0.85, own_group=1
    )[0]
    assert emptied[0] > 0  # hidden away: the own level anchors again
    lifted_anyway = language_levels(low, np.array([100.0, 2.0]), reference, known, own=0.85)[0]
    assert not np.array_equal(held, lifted_anyway)  # the rule is what keeps the low measured mean
    # an own level below the store's top changes nothing
    assert np.array_equal(
        language_levels(sums, counts, reference, known, own=0.70)[0],
        language_levels(sums, counts, reference, known)[0],
    )


def test_the_reference_needs_two_known_languages_in_the_store_and_shifts_are_capped() -> None:
    counts = np.array([50.0, 0.0, 4.0])  # en, sr-cyrl (absent), uk
    sums = counts * np.array([0.80, 0.0, 0.90])
    reference = np.array([0.70, 0.95, 0.0])
    known = np.array([True, True, False])
    assert np.array_equal(
        language_levels(sums, counts, reference, known)[0], language_levels(sums, counts)[0]
    )
    assert language_levels(sums, counts)[0][1] == 0  # an absent language gets nothing
    far = language_levels(np.array([10.0, 3.0]), np.array([10.0, 10.0]))[0]  # means 1.0 and 0.3
    assert far[1] == pytest.approx(LANGUAGE_MAX_SHIFT)
    assert not language_levels(np.array([5.0]), np.array([10.0]))[0].any()  # one language: no shift


def test_the_shipped_reference_is_for_the_shipped_model_only(tmp_path: Path) -> None:
    for kind in ("query", "passage"):
        reference = language_reference(E5Embedder.name, kind, E5Embedder.dim)
        assert reference is not None
        assert sorted(reference.means) == sorted(lang.lower() for lang in REFERENCE_LANGUAGES)
        for mean in reference.means.values():
            assert mean.shape == (E5Embedder.dim,) and 0.5 < float(np.linalg.norm(mean)) < 1.0
        rows, known = reference.rows(["en", "uk", "sr-cyrl"])
        assert known.tolist() == [True, False, True] and not rows[1].any()
        assert np.array_equal(rows[2], reference.means["sr-cyrl"])
        assert not reference.means["en"].flags.writeable  # shared by every index: read-only
    assert language_reference("another-model", "query", E5Embedder.dim) is None
    assert language_reference(E5Embedder.name, "query", E5Embedder.dim, str(tmp_path / "missing.npz")) is None


def test_cross_language_cosines_widen_by_the_ratio_of_spreads() -> None:
    """Widening puts a translated fact-check as far above its language's level as a paraphrase."""
    means = {tag: np.full(4, 0.5, dtype=np.float32) for tag in ("en", "sr-cyrl", "sq")}
    spreads = {("en", "en"): 0.15, ("en", "sr-cyrl"): 0.10, ("en", "sq"): 0.08, ("sq", "sr-cyrl"): 0.2}
    spreads |= {("sr-latn", "hr"): 0.1, ("sr-latn", "sr-cyrl"): 0.1, ("hr", "bs"): 0.1}
    means |= {tag: means["en"] for tag in ("sr-latn", "hr", "bs")}
    reference = LanguageReference("m", "query", means, spreads)
    stretch = reference.stretch("en", ["en", "sr-cyrl", "sq", "mk"])
    assert MAX_STRETCH == 1.6  # the largest measured ratio is 1.49 (English claims, Serbian Cyrillic)
    assert stretch.tolist() == pytest.approx([1.0, 1.5, 1.6, 1.0])  # own, ratio, capped (1.875), unknown
    # Serbian Latin, Croatian and Bosnian are one language to a reader: never widened against each other
    assert reference.stretch("sr-latn", ["hr", "sr-cyrl"]).tolist() == pytest.approx([1.0, 1.5])
    assert reference.stretch("hr", ["bs"]).tolist() == [1.0]
    assert reference.stretch("sq", ["sr-cyrl", "en"]).tolist() == [1.0, 1.0]  # never narrowed; unmeasured
    assert LanguageReference("m", "query", means).stretch("en", ["sr-cyrl"]).tolist() == [1.0]


def test_a_damaged_reference_falls_back_with_a_warning(
    tmp_path: Path, sample_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shipped = Path(str(resources.files("hybridwatch.analyse.claims") / "models" / REFERENCE_FILE))
    name, dim = E5Embedder.name, E5Embedder.dim
    not_zip = tmp_path / "not-zip.npz"
    not_zip.write_bytes(b"PK\x03\x04 not an archive")
    flipped = tmp_path / "flipped.npz"  # a member's compressed bytes damaged
    data = bytearray(shipped.read_bytes())
    with zipfile.ZipFile(shipped) as archive:
        member = archive.getinfo("query/en.npy")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra) + 20
    data[start : start + 40] = bytes(b ^ 0xFF for b in data[start : start + 40])
    flipped.write_bytes(bytes(data))
    means = {f"query/{lang}": np.full(dim, 0.05, dtype=np.float32) for lang in REFERENCE_LANGUAGES}
    wrong_dim = tmp_path / "wrong-dim.npz"
    np.savez(wrong_dim, model=np.array(name), **{k: v[:10] for k, v in means.items()})
    nan = tmp_path / "nan.npz"
    np.savez(nan, model=np.array(name), **{k: v * np.nan for k, v in means.items()})
    fine = tmp_path / "fine.npz"
    tags = np.array(REFERENCE_LANGUAGES)
    spread = np.full((len(tags), len(tags)), 0.1, dtype=np.float32)
    good = spread * (1 - np.eye(len(tags), dtype=np.float32))
    good[0, 0] = 0.15  # English's own spread (a paraphrase to its original), and no other language's
    np.savez(fine, model=np.array(name), spread_languages=tags, **{"spread/query": good}, **means)
    assert language_reference(name, "query", dim, str(fine)) is not None  # the checks pass a sane file
    damaged_spreads = []
    bad_tables = {
        "short": (tags, good[:2]),
        "negative": (tags, -good),
        "nan": (tags, good * np.nan),
        "big": (tags, good + 1),
        "complex": (tags, good.astype(np.complex64)),
        "one-tag": (np.array("en"), good),
        "repeated-tags": (np.array(["en"] * len(tags)), good),
        "unknown-tag": (np.array(["xx", *tags[1:]]), good),
        "bytes-tags": (tags.astype("S"), good),
        "serbian-diagonal": (tags, spread),  # every diagonal cell set: only English's is measured
        "no-english-diagonal": (tags, good * (1 - np.eye(len(tags), dtype=np.float32))),
    }
    for label, (labels, table) in bad_tables.items():
        path = tmp_path / f"spread-{label}.npz"
        np.savez(path, model=np.array(name), spread_languages=labels, **{"spread/query": table}, **means)
        damaged_spreads.append(path)
    for damaged in (not_zip, flipped, wrong_dim, nan, *damaged_spreads):
        caplog.clear()
        assert language_reference(name, "query", dim, str(damaged)) is None, damaged.name
        assert "language reference not loaded" in caplog.text, damaged.name


@pytest.fixture(scope="module")
def embedder():
    model, why = load_embedder()
    if model is None:
        pytest.skip(f"needs the embedding model: {why}")
    return model


@pytest.mark.parametrize("kind", ["query", "passage"])
@pytest.mark.parametrize("language", ["sr-Cyrl", "mk"])
def test_the_reference_predicts_the_gap_on_claims_it_was_not_built_from(embedder, kind, language) -> None:
    """Built from the odd-numbered cases; on the even ones the gap it predicts is the real one.

    The real gap: a query's mean cosine to the other claims' texts in its own language minus its
    mean cosine to the other claims' English texts (the fact-checks embedded as *kind*).
    """
    rows = [line.split("\t") for line in CROSSLINGUAL.read_text(encoding="utf-8").splitlines()[1:]]
    held_out = {
        lang: [text for _, case, tag, text in rows if tag == lang and int(case[-4:]) % 2 == 0]
        for lang in ("en", language)
    }
    assert len(held_out["en"]) == len(held_out[language]) == 83
    queries = embedder.embed(held_out[language], kind="query")
    other = ~np.eye(len(queries), dtype=bool)  # not itself, not its own translation
    gaps = {
        lang: float((queries @ embedder.embed(held_out[lang], kind=kind).T)[other].mean())
        for lang in (language, "en")
    }
    reference = language_reference(embedder.name, kind, embedder.dim)
    assert reference is not None
    actual = gaps[language] - gaps["en"]
    predicted = float(
        (queries @ reference.means[language.lower()]).mean() - (queries @ reference.means["en"]).mean()
    )
    floor = 0.02 if kind == "query" else 0.01  # e5 favours the query's own language, less as passages
    assert actual > floor
    assert predicted == pytest.approx(actual, abs=0.005)


def test_the_readme_example_finds_the_english_case_before_a_serbian_one_on_another_claim(
    embedder, sample_dir: Path
) -> None:
    factchecks = [
        item
        for name in FACTCHECK_FILES
        for item in read_factchecks(str(sample_dir / "factchecks" / name))
        if isinstance(item, FactCheck)
    ]
    reranker = load_reranker()
    claim = "КФОР је окупатор на Косову"  # "KFOR is an occupier in Kosovo"
    best, said = {}, {}
    for source in ("reference", "store", "off"):
        index = FactCheckIndex(factchecks, embedder=embedder, language_shift=source, **index_layout(reranker))
        matcher = Matcher(index, reranker)
        best[source] = matcher.match(claim, k=3)[0]
        said[source] = matcher.system()["language_shift"]
    assert said == {
        "reference": "store means, shrunk toward the language reference; "
        "a claim in a language the store lacks lifted to its own (language reference); cosines across languages widened (language reference)",
        "store": "store means, shrunk toward the overall mean",
        "off": None,
    }
    assert best["off"].explanation["vector_language_shift"] == 0
    # an English-only store: the Serbian claim is lifted to its own level, the English one is not
    english = [f for f in factchecks if f.language == "en"]
    index = FactCheckIndex(english, embedder=embedder, **index_layout(reranker))
    lifted = Matcher(index, reranker).match(claim, k=1, language="sr-Cyrl")[0]
    assert lifted.factcheck_id.endswith("/kfor-is-an-occupation-force-in-kosovo/")
    assert lifted.explanation["vector_language_shift"] > 0.03
    assert Matcher(index, reranker).system()["language_shift"] == (
        "a claim in a language the store lacks lifted to its own (language reference); cosines across languages widened (language reference)"
    )
    as_feeds_write_it = Matcher(index, reranker).match(claim, k=1, language="sr_Cyrl")[0]
    assert (
        as_feeds_write_it.explanation["vector_language_shift"] == lifted.explanation["vector_language_shift"]
    )
    level = Matcher(index, reranker).match("KFOR is an occupier in Kosovo", k=1, language="en")[0]
    assert level.explanation["vector_language_shift"] == 0
    unlifted = Matcher(
        FactCheckIndex(english, embedder=embedder, language_shift="store", **index_layout(reranker)), reranker
    ).match(claim, k=1, language="sr-Cyrl")[0]
    assert unlifted.explanation["vector_language_shift"] == 0 and unlifted.score < lifted.score
    # hiding the one Serbian fact-check leaves the store without Serbian: the claim's own level anchors
    serbian = next(f for f in factchecks if f.language == "sr-Cyrl")
    with_one = FactCheckIndex([*english, serbian], embedder=embedder, **index_layout(reranker))
    vector = embedder.embed([claim])[0]
    hidden = np.array([with_one.position(serbian.id)], dtype=np.int64)
    as_hidden = with_one.candidates(["kfor"], vector, exclude=hidden, language="sr-Cyrl")
    alone = index.candidates(["kfor"], vector, language="sr-Cyrl")
    assert as_hidden.cosine_shift is not None and alone.cosine_shift is not None
    assert as_hidden.cosine_shift.max() == pytest.approx(alone.cosine_shift.max(), abs=1e-6)
    assert alone.cosine_shift.max() == pytest.approx(OWN_LIFT * 0.056, abs=0.006)  # a quarter of e5's gap
    assert as_hidden.vector_move is not None and alone.vector_move is not None
    assert as_hidden.vector_move.max() == pytest.approx(alone.vector_move.max(), abs=1e-5)  # widened alike
    assert alone.vector_move.max() > alone.cosine_shift.max() + 0.01
    # fact-checks embedded as e5 passages: no own-language lift (the passage gaps do not favour it)
    passages = FactCheckIndex(english, embedder=embedder, passages=True)
    assert passages.language_shift is None
    lifted_passages = passages.candidates(["kfor"], embedder.embed([claim])[0], language="sr-Cyrl")
    assert lifted_passages.cosine_shift is not None and not lifted_passages.cosine_shift.any()
    mixed = FactCheckIndex([*english, replace(serbian, language="uk")], embedder=embedder)
    assert mixed.language_shift == (
        "store means, shrunk toward the overall mean; "
        "a claim in a language the store lacks lifted to its own (language reference); cosines across languages widened (language reference)"
    )
    plain = FactCheckIndex([*english, replace(serbian, language="uk")], embedder=embedder, stretch=False)
    assert plain.language_shift == (
        "store means, shrunk toward the overall mean; "
        "a claim in a language the store lacks lifted to its own (language reference)"
    )
    assert (
        FactCheckIndex([replace(f, language="und") for f in english], embedder=embedder).language_shift
        is None
    )
    with pytest.raises(ValueError, match="language_shift"):
        FactCheckIndex(factchecks, language_shift="stroe")  # type: ignore[arg-type]
    assert best["reference"].factcheck_id.endswith("/kfor-is-an-occupation-force-in-kosovo/")
    underscored = [replace(f, language=f.language.replace("-", "_")) for f in factchecks]  # "sr_Cyrl"
    same = Matcher(FactCheckIndex(underscored, embedder=embedder, **index_layout(reranker)), reranker)
    again = same.match(claim, k=1)[0]
    assert again.factcheck_id == best["reference"].factcheck_id
    assert (
        again.explanation["vector_language_shift"] == best["reference"].explanation["vector_language_shift"]
    )
    assert best["reference"].explanation["vector_language_shift"] > 0.03
    # the store alone, three Serbian Cyrillic fact-checks, cannot tell e5's language bias from topic
    assert best["store"].factcheck_id.endswith("/kfor-se-ne-povlaci-sa-kosova/")


@pytest.mark.parametrize("language", ["sr-Cyrl", "sq"])
def test_an_english_claim_finds_the_fact_check_written_in_another_language(embedder, language) -> None:
    """The other direction (benchmarks/claims.py reverse, on its development cases).

    The store: the English titles of every case but those numbered 1 mod 4, whose fact-checks are
    their renderings in *language*. English claims of the 1 mod 4 cases must find the rendering
    among English titles on the same topics; those of the 3 mod 4 cases their English title, which
    the lifted renderings must not push down. (The odd cases built the reference: the held-out even
    ones are left to the benchmark, so that no threshold here is tuned on what it reports.)
    """
    folder = CROSSLINGUAL.parent
    titles = [
        line.split("\t") for line in (folder / "claims.tsv").read_text(encoding="utf-8").splitlines()[1:]
    ]
    rows = [line.split("\t") for line in CROSSLINGUAL.read_text(encoding="utf-8").splitlines()[1:]]

    def part(case: str) -> int:
        return int(case[-4:]) % 4

    factchecks = [
        FactCheck(id=case, collection="t", claim=title) for case, _, _, title in titles if part(case) != 1
    ]
    factchecks = [replace(fc, language="en") for fc in factchecks] + [
        FactCheck(id=case, collection="r", claim=text, language=language)
        for _, case, tag, text in rows
        if tag == language and part(case) == 1
    ]
    claims = {case: text for _, case, tag, text in rows if tag == "en" and part(case) in (1, 3)}
    reranker = load_reranker()
    found = {}
    for widen in (False, True):
        index = FactCheckIndex(factchecks, embedder=embedder, stretch=widen, **index_layout(reranker))
        results = Matcher(index, reranker).match_many(list(claims.values()), k=5)
        found[widen] = {
            side: metric_table(
                {
                    case: [m.factcheck_id for m in res]
                    for case, res in zip(claims, results, strict=True)
                    if part(case) == side
                },
                {case: {case} for case in claims if part(case) == side},
            )["MAP@5"]
            for side in (1, 3)
        }
    assert found[True][1] > 0.8 and found[True][1] > found[False][1] + 0.05  # found in the other language
    assert found[True][3] >= max(0.95, found[False][3])  # and the English ones not pushed down
