from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from hybridwatch.analyse.campaigns.coordination import (
    CoordinationParams,
    Share,
    estimate_window,
    find_networks,
)
from hybridwatch.eval.streams import generate_stream

NOW = datetime(2025, 6, 1, tzinfo=UTC)
T0 = datetime(2025, 3, 1, tzinfo=UTC).timestamp()


def _group_shares(accounts: list[str], objects: int, gap: float = 5.0, start: float = T0) -> list[Share]:
    return [
        Share(account, f"https://x.example/{o}", start + o * 86400 + k * gap, f"d{o}-{k}")
        for o in range(objects)
        for k, account in enumerate(accounts)
    ]


def test_estimated_window_is_coornets_quantile() -> None:
    # three objects: their first half of shares arrive after 10 s, 100 s and 1000 s
    obj = np.array([0, 0, 1, 1, 2, 2])
    time = np.array([0.0, 10.0, 0.0, 100.0, 0.0, 1000.0])
    assert estimate_window(obj, time, quantile=0.0, proportion=0.5) == 10.0
    assert estimate_window(obj, time, quantile=0.5, proportion=0.5) == 100.0
    assert estimate_window(np.array([0, 1]), np.array([0.0, 5.0]), 0.1, 0.5) is None  # nothing shared twice


def test_a_group_sharing_in_lockstep_is_one_network_with_evidence() -> None:
    group = ["@a", "@b", "@c", "@d"]
    shares = _group_shares(group, objects=4)
    shares += [Share("@lone", f"https://x.example/{o}", T0 + o * 86400 + 7200, "late") for o in range(4)]
    result = find_networks(shares, CoordinationParams(window=60), now=NOW)
    (network,) = result.networks
    assert network.accounts == group and network.communities == [group]
    assert len(network.objects) == 4 and all(w == 4 for _, _, w in network.edges)
    a, b, obj, t_a, t_b = network.evidence[0]
    assert {a, b} <= set(group) and obj.startswith("https://x.example/") and 0 < t_b - t_a <= 60
    payload = network.as_dict()
    assert payload["size"] == 4 and payload["span_seconds"] > 3 * 86400 and payload["evidence"]


def test_one_shared_object_is_not_repeated_coordination() -> None:
    result = find_networks(
        _group_shares(["@a", "@b", "@c"], objects=1), CoordinationParams(window=60), now=NOW
    )
    assert result.networks == [] and result.edges_before_filter == 3


def test_bad_shares_are_skipped_and_counted() -> None:
    group = ["@a", "@b", "@c"]
    shares = _group_shares(group, objects=3)
    spam = [Share("@bot", "https://x.example/0", T0 + i, "spam") for i in range(100_000)]
    shares += spam + [
        Share("", "https://x.example/0", T0, "no-account"),
        Share("@a", "https://x.example/0", float("nan"), "no-time"),
        Share("@a", "https://x.example/9", NOW.timestamp() + 10 * 86400, "future"),
    ]
    params = CoordinationParams(window=60, max_accounts_per_object=2)
    result = find_networks(shares, params, now=NOW)
    assert result.skipped["same account sharing the same object again (first share kept)"] == 99_999
    assert result.skipped["share without account or object"] == 1
    assert result.skipped["share without a time"] == 1
    assert result.skipped["share dated in the future (clock skew)"] == 1
    assert result.skipped["shares beyond the first 2 of one object"] > 0
    assert result.shares == len(shares)


def test_planted_group_found_with_a_fixed_window() -> None:
    stream = generate_stream()
    shares = [
        Share(
            p["account"],
            url,
            datetime.fromisoformat(p["created_at"].replace("Z", "+00:00")).timestamp(),
            p["id"],
        )
        for p in stream.posts
        for url in p["urls"]
    ]
    truth = set(stream.truth["coordinated_group"]["accounts"])
    found = {
        a for n in find_networks(shares, CoordinationParams(window=60), now=NOW).networks for a in n.accounts
    }
    precision, recall = len(found & truth) / max(len(found), 1), len(found & truth) / len(truth)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)
    # CooRnet's estimated window is wider on this stream (organic links are shared in bursts too):
    # every planted account is still found; chance pairs of light accounts lower precision (noted)
    estimated = find_networks(shares, now=NOW)
    assert 60 < estimated.window < 3600
    found = {a for n in estimated.networks for a in n.accounts}
    assert len(found & truth) / len(truth) >= 0.9


@pytest.mark.parametrize("window", [0.5, 60.0])
def test_window_is_respected(window: float) -> None:
    shares = _group_shares(["@a", "@b"], objects=3, gap=30.0)
    found = find_networks(shares, CoordinationParams(window=window, min_window=0.1), now=NOW).networks
    assert bool(found) == (window >= 30.0)
