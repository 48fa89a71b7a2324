"""Coordinated sharing: accounts that share the same object within seconds of each other, repeatedly.

An object is a canonical URL, a near-duplicate text cluster or a forwarded message. The window is
either fixed (the QUT Coordination Network Toolkit uses 60 s) or estimated from the data as
CooRnet does (``estimate_window``; defaults q = 0.1, p = 0.5). Two accounts that both share an
object within the window co-share it; an edge's weight is the number of distinct objects they
co-shared. Edges below the ``edge_percentile`` (0.90) of all weights, co-sharing fewer than
``min_repeat`` objects, or with a TF-IDF cosine under ``min_cosine`` (busy accounts co-share
popular links by chance) are dropped; what remains is a weighted account graph whose connected
components are the networks, with Louvain communities inside each. Every edge keeps its
evidence: (account A, account B, object, t_A, t_B).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "Share",
    "ShareTable",
    "CoordinationParams",
    "Network",
    "CoordinationResult",
    "estimate_window",
    "find_networks",
]

ANALYSER = "core.campaigns.coordination.v1"
EVIDENCE_PER_EDGE = 5


@dataclass(frozen=True)
class Share:
    """One account sharing one object at one time (seconds since the epoch, UTC)."""

    account: str
    object: str
    time: float
    document_id: str = ""


@dataclass(frozen=True)
class CoordinationParams:
    """``window`` in seconds, or None to estimate it from the data (CooRnet's q and p)."""

    window: float | None = None
    quantile: float = 0.1
    proportion: float = 0.5
    edge_percentile: float = 0.90
    min_repeat: int = 2  # "repeatedly": an edge needs at least this many co-shared objects
    # The cosine of the two accounts' TF-IDF share vectors (as Pacheco et al. 2021 compare
    # accounts), counting only co-shares within the window: an object weighs log(1 + accounts /
    # its sharers). Busy accounts co-share popular links by chance in proportion to how much they
    # post; a coordinated pair co-shares much of what both share, and rarer things.
    min_cosine: float = 0.2
    max_accounts_per_object: int = 2000  # a viral or spammed object cannot explode the pair count
    min_window: float = 1.0
    # an estimated window wider than this is reported as a warning: coordinated sharing happens
    # within seconds to minutes; a wide estimate means the data's quickest objects are organic
    wide_window: float = 600.0


@dataclass
class Network:
    """One connected group of coordinated accounts."""

    id: str
    accounts: list[str]
    core: list[str]  # accounts with an edge above the weight percentile; the rest are tied to them
    communities: list[list[str]]
    edges: list[tuple[str, str, int]]  # (account A, account B, co-shared objects)
    objects: list[str]
    first: float
    last: float
    evidence: list[tuple[str, str, str, float, float]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``campaigns coordination --json`` and of the stored finding."""
        return {
            "network_id": self.id,
            "size": len(self.accounts),
            "accounts": self.accounts,
            "core_accounts": self.core,
            "communities": self.communities,
            "objects": self.objects,
            "n_objects": len(self.objects),
            "first_share": _iso(self.first),
            "last_share": _iso(self.last),
            "span_seconds": self.last - self.first,
            "edges": [{"a": a, "b": b, "weight": w} for a, b, w in self.edges],
            "evidence": [
                {"a": a, "b": b, "object": o, "t_a": _iso(ta), "t_b": _iso(tb)}
                for a, b, o, ta, tb in self.evidence
            ],
        }


@dataclass
class CoordinationResult:
    """The networks, the window used, and what was left out and why."""

    networks: list[Network]
    window: float
    window_estimated: bool
    shares: int
    skipped: Counter[str] = field(default_factory=Counter)
    edges_before_filter: int = 0
    weight_cut: float = 0.0
    warnings: list[str] = field(default_factory=list)
    analyser: str = ANALYSER  # the service names what was shared: core.campaigns.coordination.v1.url

    def as_dict(self, limit: int | None = None) -> dict[str, Any]:
        """The JSON shape of ``campaigns coordination --json``."""
        return {
            "analyser": self.analyser,
            "window_seconds": self.window,
            "window": "estimated" if self.window_estimated else "fixed",
            "shares": self.shares,
            "skipped": dict(self.skipped),
            "candidate_edges": self.edges_before_filter,
            "edge_weight_cut": self.weight_cut,
            "n_networks": len(self.networks),
            "warnings": self.warnings,
            "networks": [n.as_dict() for n in self.networks[:limit]],
        }


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


@dataclass
class ShareTable:
    """Shares as arrays: account and object indices into the name lists, and times in seconds.

    The fast way in for millions of shares (``find_networks`` builds one from Share objects).
    """

    accounts: list[str]
    objects: list[str]
    acc: npt.NDArray[np.int64]
    obj: npt.NDArray[np.int64]
    time: npt.NDArray[np.float64]

    @classmethod
    def from_shares(cls, shares: Sequence[Share], skipped: Counter[str]) -> ShareTable:
        """Index the names; shares without account or object are skipped here."""
        usable = [s for s in shares if s.account and s.object]
        if len(usable) < len(shares):
            skipped["share without account or object"] += len(shares) - len(usable)
        accounts = sorted({s.account for s in usable})
        objects = sorted({s.object for s in usable})
        account_index = {a: i for i, a in enumerate(accounts)}
        object_index = {o: i for i, o in enumerate(objects)}
        n = len(usable)
        return cls(
            accounts,
            objects,
            np.fromiter((account_index[s.account] for s in usable), np.int64, n),
            np.fromiter((object_index[s.object] for s in usable), np.int64, n),
            np.fromiter((s.time for s in usable), np.float64, n),
        )

    def cleaned(self, params: CoordinationParams, skipped: Counter[str], latest: float) -> ShareTable:
        """Usable shares, one per account and object (the first), sorted by object then time.

        At most ``max_accounts_per_object`` per object; everything left out is counted.
        """
        acc, obj, time = self.acc, self.obj, self.time
        timed = ~np.isnan(time)
        if not timed.all():
            skipped["share without a time"] += int((~timed).sum())
        future = timed & (time > latest)
        if future.any():
            skipped["share dated in the future (clock skew)"] += int(future.sum())
        ok = timed & ~future
        acc, obj, time = acc[ok], obj[ok], time[ok]
        # sort by object, then time (two argsorts: cheaper than a lexsort over three keys)
        order = np.argsort(time, kind="stable")
        order = order[np.argsort(obj[order], kind="stable")]
        acc, obj, time = acc[order], obj[order], time[order]
        # the first share of each (account, object) is its earliest in this order
        pair = obj * max(len(self.accounts), 1) + acc
        by_pair = np.argsort(pair, kind="stable")
        first = np.r_[True, pair[by_pair][1:] != pair[by_pair][:-1]]
        if not first.all():
            skipped["same account sharing the same object again (first share kept)"] += int((~first).sum())
            keep = np.sort(by_pair[first])
            acc, obj, time = acc[keep], obj[keep], time[keep]
        rank = np.arange(len(obj)) - np.searchsorted(obj, obj, side="left")
        capped = rank < params.max_accounts_per_object
        if not capped.all():
            label = f"shares beyond the first {params.max_accounts_per_object} of one object"
            skipped[label] += int((~capped).sum())
        return ShareTable(self.accounts, self.objects, acc[capped], obj[capped], time[capped])


def estimate_window(
    obj: npt.NDArray[np.int64], time: npt.NDArray[np.float64], quantile: float, proportion: float
) -> float | None:
    """CooRnet's coordination interval (``estimate_coord_interval``).

    Among objects shared more than once, keep the ``quantile`` q with the quickest second share;
    for each, the time from its first share until more than ``proportion`` p of its shares had
    arrived; the interval is the p-quantile of those times. *obj* must be sorted, and *time*
    sorted within each object. None when no object was shared twice.
    """
    if len(obj) < 2:
        return None
    starts = np.flatnonzero(np.r_[True, obj[1:] != obj[:-1]])
    counts = np.diff(np.r_[starts, len(obj)])
    multi = counts > 1
    if not multi.any():
        return None
    starts, counts = starts[multi], counts[multi]
    second = time[starts + 1] - time[starts]
    quick = second <= np.quantile(second, quantile)
    starts, counts = starts[quick], counts[quick]
    # the first share past p of them (the last one when p = 1)
    beyond = starts + np.minimum(np.floor(counts * proportion).astype(np.int64), counts - 1)
    return float(np.quantile(time[beyond] - time[starts], proportion))


def find_networks(
    shares: Sequence[Share] | ShareTable,
    params: CoordinationParams | None = None,
    *,
    now: datetime | None = None,
) -> CoordinationResult:
    """Coordinated networks among *shares*, largest first; shares after *now* + 1 day are skipped."""
    params = params or CoordinationParams()
    skipped: Counter[str] = Counter()
    latest = (now or datetime.now(UTC)).timestamp() + 86400
    table = shares if isinstance(shares, ShareTable) else ShareTable.from_shares(shares, skipped)
    total = len(table.acc) + sum(skipped.values())
    arrays = table.cleaned(params, skipped, latest)
    estimated = params.window is None
    window = params.window
    if window is None:
        window = estimate_window(arrays.obj, arrays.time, params.quantile, params.proportion)
        window = max(window if window is not None else 0.0, params.min_window)
    result = CoordinationResult([], window, estimated, total, skipped)
    if estimated and window > params.wide_window:
        result.warnings.append(
            f"the estimated window is {window:.0f} s: wider than coordinated sharing usually is "
            "(seconds to minutes), so chance co-shares of popular objects may pass; "
            "consider a fixed window (--window 60)"
        )
    left, right = _co_shares(arrays, window)
    if len(left) == 0:
        return result
    a, b = arrays.acc[left], arrays.acc[right]
    n_acc, n_obj = len(arrays.accounts), len(arrays.objects)
    pair_code = np.minimum(a, b) * n_acc + np.maximum(a, b)
    # an edge's weight: the distinct objects its two accounts co-shared
    distinct = np.sort(pair_code * n_obj + arrays.obj[left])
    distinct = distinct[np.r_[True, distinct[1:] != distinct[:-1]]]
    pair_of, object_of = distinct // n_obj, distinct % n_obj
    bounds = np.flatnonzero(np.r_[True, pair_of[1:] != pair_of[:-1], True])
    codes, weights = pair_of[bounds[:-1]], np.diff(bounds)
    result.edges_before_filter = len(codes)
    result.weight_cut = float(np.quantile(weights, params.edge_percentile))
    cosine = _tfidf_cosine(arrays, codes, np.add.reduceat(_idf(arrays)[object_of] ** 2, bounds[:-1]))
    # repeated and specific: a coordinated tie; above CooRnet's percentile too: the network's core
    tied = (weights >= params.min_repeat) & (cosine >= params.min_cosine)
    core = tied & (weights >= result.weight_cut)
    edges = {
        code: (weight, is_core)
        for code, weight, is_core in zip(
            codes[tied].tolist(), weights[tied].tolist(), core[tied].tolist(), strict=True
        )
    }
    if core.any():
        kept = np.isin(pair_code, codes[tied])
        result.networks = _networks(arrays, edges, left[kept], right[kept], pair_code[kept])
    return result


def _idf(arrays: ShareTable) -> npt.NDArray[np.float64]:
    """Each object's inverse document frequency over accounts: log(1 + accounts / its sharers)."""
    sharers = np.bincount(arrays.obj, minlength=len(arrays.objects)).astype(np.float64)
    return np.log1p(len(arrays.accounts) / np.maximum(sharers, 1.0))


def _tfidf_cosine(
    arrays: ShareTable, codes: npt.NDArray[np.int64], co_shared: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Cosine of two accounts' TF-IDF share vectors, counting only co-shares inside the window.

    *co_shared* is each pair's sum of squared IDF over the objects it co-shared.
    """
    n_acc = len(arrays.accounts)
    norms = np.sqrt(np.bincount(arrays.acc, weights=_idf(arrays)[arrays.obj] ** 2, minlength=n_acc))
    cosine: npt.NDArray[np.float64] = co_shared / (norms[codes // n_acc] * norms[codes % n_acc])
    return cosine


def _co_shares(arrays: ShareTable, window: float) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Index pairs (i, j), i before j, of shares of the same object within *window* seconds."""
    n = len(arrays.obj)
    lefts, rights = [], []
    i = np.arange(n - 1)
    shift = 1
    while len(i):  # share i pairs with i+1, i+2, ... until the first that is too late or elsewhere
        j = i + shift
        inside = j < n
        i, j = i[inside], j[inside]
        ok = (arrays.obj[i] == arrays.obj[j]) & (arrays.time[j] - arrays.time[i] <= window)
        i = i[ok]  # sorted by object and time: only these can pair further on
        lefts.append(i)
        rights.append(j[ok])
        shift += 1
    if not lefts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(lefts), np.concatenate(rights)


def _networks(
    arrays: ShareTable,
    edges: dict[int, tuple[int, bool]],
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    pair_code: npt.NDArray[np.int64],
) -> list[Network]:
    import networkx as nx

    n_acc = len(arrays.accounts)
    graph = nx.Graph()
    for code, (weight, is_core) in edges.items():
        graph.add_edge(code // n_acc, code % n_acc, weight=weight, core=is_core)
    core_accounts = {v for u, w, is_core in graph.edges(data="core") if is_core for v in (u, w)}
    component_of: dict[int, int] = {}
    components = [sorted(c) for c in nx.connected_components(graph) if not core_accounts.isdisjoint(c)]
    for number, component in enumerate(components):
        component_of.update(dict.fromkeys(component, number))
    pairs_of: dict[int, list[int]] = {}
    for k, code in enumerate(pair_code.tolist()):
        if code // n_acc in component_of:
            pairs_of.setdefault(component_of[code // n_acc], []).append(k)
    networks = []
    for number, component in enumerate(components):
        sub = graph.subgraph(component)
        communities = nx.community.louvain_communities(sub, weight="weight", seed=1)
        names = [arrays.accounts[i] for i in component]
        ks = np.array(pairs_of[number])
        times = np.r_[arrays.time[left[ks]], arrays.time[right[ks]]]
        evidence_count: Counter[int] = Counter()
        evidence = []
        for k in ks.tolist():
            code = int(pair_code[k])
            if evidence_count[code] < EVIDENCE_PER_EDGE:
                evidence_count[code] += 1
                i, j = int(left[k]), int(right[k])
                evidence.append(
                    (
                        arrays.accounts[arrays.acc[i]],
                        arrays.accounts[arrays.acc[j]],
                        arrays.objects[arrays.obj[i]],
                        float(arrays.time[i]),
                        float(arrays.time[j]),
                    )
                )
        networks.append(
            Network(
                id="net-" + hashlib.blake2b("|".join(sorted(names)).encode(), digest_size=6).hexdigest(),
                accounts=sorted(names),
                core=sorted(arrays.accounts[i] for i in component if i in core_accounts),
                communities=sorted(
                    (sorted(arrays.accounts[i] for i in c) for c in communities), key=lambda c: (-len(c), c)
                ),
                edges=sorted(
                    (
                        (arrays.accounts[u], arrays.accounts[v], int(d["weight"]))
                        for u, v, d in sub.edges(data=True)
                    ),
                    key=lambda e: (-e[2], e[0], e[1]),
                ),
                objects=sorted({arrays.objects[o] for o in arrays.obj[left[ks]].tolist()}),
                first=float(times.min()),
                last=float(times.max()),
                evidence=evidence,
            )
        )
    networks.sort(key=lambda n: (-len(n.accounts), n.id))
    return networks
