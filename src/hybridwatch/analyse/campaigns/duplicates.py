"""Near-duplicate clusters ("copypasta"): the same text pushed by many outlets and accounts.

Texts are compared in their folded form (Serbian Cyrillic and Latin, with or without diacritics,
fold alike), first exactly, then by MinHash LSH over word shingles with the pairs verified by
their estimated Jaccard similarity. Each cluster is led by its earliest text and holds the texts
similar to that leader (not chains of partial overlaps); it reports its members, who published
first, its spread over sources and accounts, and its span in time.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from hybridwatch.analyse.campaigns.minhash import MinHasher, estimated_jaccard, iter_words, lsh_pairs
from hybridwatch.model.dates import plausible_time
from hybridwatch.model.document import Brief

__all__ = ["DuplicateParams", "DuplicateCluster", "Post", "find_duplicates", "ANALYSER"]

ANALYSER = "core.campaigns.duplicates.v1"


@dataclass(frozen=True)
class Post:
    """What clustering needs of a document."""

    id: str
    text: str  # folded
    source: str = ""
    author: str | None = None
    published_at: datetime | None = None
    native_id: str | None = None

    @classmethod
    def of(cls, brief: Brief) -> Post:
        """The post a stored document is to clustering."""
        when = plausible_time(brief.published_at)  # a copy backdated to year 1 is not the first
        return cls(brief.id, brief.folded, brief.source, brief.author, when, brief.native_id)


@dataclass(frozen=True)
class DuplicateParams:
    """Defaults: 128 permutations, 32 bands of 4 rows, 3-word shingles, Jaccard >= 0.6."""

    threshold: float = 0.6
    num_perm: int = 128
    bands: int = 32
    shingle: int = 3
    min_words: int = 6  # shorter texts ("Thank you!", "Share!") repeat innocently
    min_size: int = 3


@dataclass
class DuplicateCluster:
    """One group of near-identical texts."""

    members: list[Post]
    similarity: float  # the lowest verified pair similarity that joined the cluster
    exact_copies: int  # members whose folded text equals another member's
    originals: dict[str, str] = field(default_factory=dict)  # id -> the words as posted, when known
    first: Post = field(init=False)
    id: str = field(init=False)  # named after the earliest member: stable as more data arrives

    def __post_init__(self) -> None:
        self.members.sort(key=_order_key)
        self.first = self.members[0]
        self.id = "dup-" + hashlib.blake2b(self.first.id.encode(), digest_size=6).hexdigest()

    @property
    def sources(self) -> list[str]:
        """Distinct sources, in order of first appearance."""
        return list(dict.fromkeys(p.source for p in self.members))

    @property
    def accounts(self) -> list[str]:
        """Distinct authors/accounts, in order of first appearance."""
        return list(dict.fromkeys(p.author for p in self.members if p.author))

    def span_seconds(self) -> float | None:
        """From the first to the last dated member."""
        dated = [p.published_at for p in self.members if p.published_at is not None]
        return (max(dated) - min(dated)).total_seconds() if dated else None

    def as_dict(self, *, member_limit: int | None = None) -> dict[str, Any]:
        """The JSON shape of ``campaigns duplicates --json`` and of the stored finding."""
        dated = [p.published_at for p in self.members if p.published_at is not None]
        members = self.members if member_limit is None else self.members[:member_limit]
        return {
            "cluster_id": self.id,
            "size": len(self.members),
            "sources": self.sources,
            "n_sources": len(self.sources),
            "accounts": self.accounts,
            "n_accounts": len(self.accounts),
            "first": self._post_dict(self.first),
            "first_seen": min(dated).isoformat() if dated else None,
            "last_seen": max(dated).isoformat() if dated else None,
            "span_seconds": self.span_seconds(),
            "similarity": round(self.similarity, 3),
            "exact_copies": self.exact_copies,
            "members": [self._post_dict(p) for p in members],
        }

    def text_of(self, post: Post) -> str:
        """A member's words as posted (its folded form, compared, when the original is not at hand)."""
        return self.originals.get(post.id, post.text)[:280]

    def _post_dict(self, post: Post) -> dict[str, Any]:
        return {
            "document_id": post.id,
            "native_id": post.native_id,
            "source": post.source,
            "author": post.author,
            "published_at": post.published_at.isoformat() if post.published_at else None,
            "text": self.text_of(post),
        }


def _word_count_at_least(text: str, n: int) -> bool:
    """Whether *text* has *n* words as the signatures see them (runs of punctuation are none)."""
    return any(k + 1 >= n for k, _ in enumerate(iter_words(text)))


def find_duplicates(
    posts: Sequence[Post], params: DuplicateParams | None = None, skipped: Counter[str] | None = None
) -> list[DuplicateCluster]:
    """Clusters of at least ``min_size`` posts whose folded texts are near-identical, largest first.

    Posts left out are counted in *skipped* by reason, when given.
    """
    params = params or DuplicateParams()
    skipped = Counter() if skipped is None else skipped
    # 1. exact copies share one entry; only distinct texts are hashed
    text_index: dict[str, int] = {}
    owners: list[list[int]] = []
    for i, post in enumerate(posts):
        if not post.text.strip():
            skipped["empty text"] += 1
            continue
        if not _word_count_at_least(post.text, params.min_words):
            skipped[f"fewer than {params.min_words} words"] += 1
            continue
        slot = text_index.setdefault(post.text, len(owners))
        if slot == len(owners):
            owners.append([])
        owners[slot].append(i)

    def first_seen(slot: int) -> tuple[bool, datetime, str]:
        return min(_order_key(posts[i]) for i in owners[slot])

    # distinct texts in time order: a big LSH bucket pairs its members with its first row, which
    # must be its earliest text (in the order read, a newest-first export split one campaign of
    # 500 into 19 clusters, each led by a text that happened to come first)
    by_time = sorted(range(len(owners)), key=first_seen)
    distinct = list(text_index)
    texts = [distinct[s] for s in by_time]
    owners = [owners[s] for s in by_time]
    # 2. near copies among the distinct texts: verified LSH pairs
    hasher = MinHasher(num_perm=params.num_perm, shingle=params.shingle)
    signatures = hasher.signatures(texts)
    left, right = lsh_pairs(signatures, params.bands)
    similarity = estimated_jaccard(signatures, left, right)
    keep = similarity >= params.threshold
    neighbours: dict[int, dict[int, float]] = {}
    for a, b, s in zip(left[keep].tolist(), right[keep].tolist(), similarity[keep].tolist(), strict=True):
        neighbours.setdefault(a, {})[b] = s
        neighbours.setdefault(b, {})[a] = s

    # 3. leaders: the earliest text not yet taken leads a cluster of the texts similar to it
    #    (not of texts similar to its members: chains of partial overlaps would merge unrelated
    #    posts); a text with exact copies but no near copy leads a cluster of its copies
    leaders = [s for s in range(len(owners)) if s in neighbours or len(owners[s]) >= params.min_size]
    leader_of: dict[int, int] = {}
    clusters = []
    for slot in leaders:  # in time order
        if slot in leader_of:
            continue
        joined = {other: s for other, s in neighbours.get(slot, {}).items() if other not in leader_of}
        leader_of[slot] = slot
        leader_of.update(dict.fromkeys(joined, slot))
        slots = [slot, *joined]
        members = [posts[i] for member in slots for i in owners[member]]
        if len(members) < params.min_size:
            continue
        exact = sum(len(owners[member]) for member in slots if len(owners[member]) > 1)
        clusters.append(
            DuplicateCluster(
                members=members, similarity=min(joined.values(), default=1.0), exact_copies=exact
            )
        )
    clusters.sort(key=lambda c: (-len(c.members), c.id))
    return clusters


def _order_key(post: Post) -> tuple[bool, datetime, str]:
    """Earliest dated first, undated last, ties by id."""
    return (post.published_at is None, post.published_at or datetime.max.replace(tzinfo=UTC), post.id)
