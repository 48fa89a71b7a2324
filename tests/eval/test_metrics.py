from __future__ import annotations

import pytest

from hybridwatch.eval.metrics import (
    accuracy,
    average_precision_at_k,
    bootstrap_interval,
    confusion,
    f1_binary,
    map_at_k,
    mean_precision_at_k,
    mrr,
    precision_at_k,
    precision_recall_f1,
    reciprocal_rank,
)


def test_average_precision_at_k_hand_computed() -> None:
    # relevant at ranks 1 and 3: (1/1 + 2/3) / 2
    assert average_precision_at_k(["a", "x", "b", "y"], {"a", "b"}, 4) == pytest.approx((1 + 2 / 3) / 2)
    # only rank 3 relevant within k=3, one relevant in total
    assert average_precision_at_k(["x", "y", "a"], {"a"}, 3) == pytest.approx(1 / 3)
    # the relevant document is below the cut
    assert average_precision_at_k(["x", "y", "a"], {"a"}, 2) == 0.0


def test_average_precision_denominator_follows_trectools_by_default() -> None:
    # three relevant documents, k=1, hit at rank 1: trectools/trec_eval divide by 3, the "min" variant by 1
    ranked = ["a", "b", "c"]
    relevant = {"a", "b", "c"}
    assert average_precision_at_k(ranked, relevant, 1) == pytest.approx(1 / 3)
    assert average_precision_at_k(ranked, relevant, 1, denominator="min") == pytest.approx(1.0)
    # with k >= #relevant both conventions agree
    assert average_precision_at_k(ranked, relevant, 5) == average_precision_at_k(
        ranked, relevant, 5, denominator="min"
    )


def test_average_precision_edge_cases() -> None:
    assert average_precision_at_k([], {"a"}, 5) == 0.0
    assert average_precision_at_k(["a"], set(), 5) == 0.0
    with pytest.raises(ValueError):
        average_precision_at_k(["a"], {"a"}, 0)


def test_a_document_ranked_twice_is_found_once() -> None:
    """A run that repeats its relevant document must not score above 1 (nor above a clean run)."""
    assert average_precision_at_k(["a", "a", "a"], {"a"}, 5) == 1.0
    assert average_precision_at_k(["x", "a", "a", "b"], {"a", "b"}, 5) == pytest.approx((1 / 2 + 2 / 4) / 2)
    assert precision_at_k(["a", "a", "a"], {"a"}, 3) == pytest.approx(1 / 3)


def test_map_at_k_averages_over_gold_queries_missing_rankings_score_zero() -> None:
    ranked = {"q1": ["a", "x"], "q2": ["x", "b"], "q_extra": ["z"]}
    qrels = {"q1": {"a"}, "q2": {"b"}, "q3": {"c"}}
    # q1: 1.0, q2: 1/2, q3 (no ranking): 0 -> mean 0.5; q_extra is not gold and is ignored
    assert map_at_k(ranked, qrels, 5) == pytest.approx(0.5)
    assert map_at_k(ranked, qrels, 1) == pytest.approx(1 / 3)


def test_precision_at_k_divides_by_k() -> None:
    assert precision_at_k(["a", "x", "b"], {"a", "b"}, 3) == pytest.approx(2 / 3)
    assert precision_at_k(["a"], {"a"}, 5) == pytest.approx(1 / 5)  # fewer than k returned
    assert mean_precision_at_k({"q1": ["a"], "q2": ["x"]}, {"q1": {"a"}, "q2": {"b"}}, 1) == pytest.approx(
        0.5
    )


def test_reciprocal_rank_and_mrr() -> None:
    assert reciprocal_rank(["x", "y", "a"], {"a"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x", "y", "a"], {"a"}, k=2) == 0.0
    assert mrr({"q1": ["a"], "q2": ["x", "b"]}, {"q1": {"a"}, "q2": {"b"}}) == pytest.approx(0.75)


def test_binary_metrics_hand_computed() -> None:
    gold = [1, 1, 1, 0, 0, 0, 0, 1]
    pred = [1, 0, 1, 1, 0, 0, 0, 0]
    assert confusion(gold, pred) == (2, 1, 2, 3)
    p, r, f = precision_recall_f1(gold, pred)
    assert p == pytest.approx(2 / 3)
    assert r == pytest.approx(1 / 2)
    assert f == pytest.approx(2 * (2 / 3) * (1 / 2) / (2 / 3 + 1 / 2))
    assert f1_binary(gold, pred) == pytest.approx(4 / 7)
    assert accuracy(gold, pred) == pytest.approx(5 / 8)


def test_binary_metrics_zero_division_and_length_mismatch() -> None:
    assert precision_recall_f1([0, 0], [0, 0]) == (0.0, 0.0, 0.0)
    assert f1_binary([1, 0], [0, 0]) == 0.0
    assert accuracy([], []) == 0.0
    with pytest.raises(ValueError):
        f1_binary([1], [1, 0])


def test_bootstrap_interval_covers_the_mean_and_narrows_with_more_queries() -> None:
    few = [1.0] * 18 + [0.0] * 2  # 20 queries, mean 0.9
    many = few * 50  # the same mean over 1,000 queries
    low, high = bootstrap_interval(few)
    assert low < 0.9 < high and high <= 1.0
    wide, narrow = high - low, bootstrap_interval(many)[1] - bootstrap_interval(many)[0]
    assert narrow < wide / 4  # sqrt(50) ~ 7 times narrower, give or take the resampling
    # about 1.96 standard errors each side: sd 0.3 over 20 queries is 0.067, so ~ +-0.13
    assert 0.2 < wide < 0.33
    assert bootstrap_interval(few) == bootstrap_interval(few)  # seeded: a run reproduces its interval
    spread = [(i * 7 % 40) / 39 for i in range(40)]  # many distinct values: seeds give other resamples
    assert bootstrap_interval(spread, seed=1) != bootstrap_interval(spread, seed=2)
    assert bootstrap_interval([0.5] * 10) == (0.5, 0.5)
    assert bootstrap_interval([]) == (0.0, 0.0)
    assert bootstrap_interval(few, level=0.5)[1] - bootstrap_interval(few, level=0.5)[0] < wide
    with pytest.raises(ValueError):
        bootstrap_interval(few, level=1.0)
    with pytest.raises(ValueError):
        bootstrap_interval(few, resamples=0)
