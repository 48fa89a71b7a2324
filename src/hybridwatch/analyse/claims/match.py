"""Claim matching: is this claim already known? Hybrid retrieval, learned re-ranking, two tiers.

``Matcher.match(text)`` returns the best fact-checks with a probability, a tier (``auto`` = the
same claim, ``suggest`` = worth a look, None) and an explanation an analyst can check: the
lexical and vector scores, the model that ran, what details agree or conflict, and any
downgrade. Without the embedding model it runs the lexical path and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np

from hybridwatch.analyse.claims.index import FactCheckIndex
from hybridwatch.analyse.claims.lexical import tokens
from hybridwatch.analyse.claims.rerank import (
    FEATURES,
    Query,
    Reranker,
    dates_named,
    fused_score,
    index_layout,
    pair_features,
)
from hybridwatch.analyse.claims.signals import signals, trailing_date, word_count
from hybridwatch.analyse.claims.text import claim_text
from hybridwatch.analyse.embed import embed_cached
from hybridwatch.analyse.language import LanguageIdentifier, LexicalIdentifier
from hybridwatch.model.factcheck import ClaimMatch

__all__ = ["Matcher", "SHORT_QUERY_TOKENS", "LEXICAL_SUGGEST"]

SHORT_QUERY_TOKENS = 6
DENSE_BATCH = 64  # queries scored by one matrix product in match_many
LEXICAL_SUGGEST = 0.6  # lexical path: share of the query's (idf-weighted) words found
_COL = {name: i for i, name in enumerate(FEATURES)}
_FAMILY = {"sr": "sh", "hr": "sh", "bs": "sh", "me": "sh", "cnr": "sh", "sh": "sh"}


def _family(code: str) -> str:
    # imports store canonical tags; stores filled before that may hold "EN" or "en_US"
    base = code.replace("_", "-").split("-")[0].lower()
    return _FAMILY.get(base, base)


class Matcher:
    """Matches claims against a FactCheckIndex."""

    name = "core.claims.match"
    version = 1

    def __init__(
        self,
        index: FactCheckIndex,
        reranker: Reranker | None = None,
        *,
        identifier: LanguageIdentifier | None = None,
        cache: Any = None,
        why_no_model: str | None = None,
    ) -> None:
        """*why_no_model*: why the index has no embedding model (load_embedder's reason), to say so."""
        self.index = index
        self.why_no_model = why_no_model
        self.reranker = reranker if index.embedder is not None else None
        wanted = index_layout(self.reranker)
        if self.reranker is not None and index.layout != wanted:
            # its cosines would come from vectors it was not trained on: wrong scores, silently
            raise ValueError(f"the index is embedded as {index.layout}; the re-ranker needs {wanted}")
        adapter = self.reranker.adapter if self.reranker is not None else None
        width = index.vectors.shape[1] if index.vectors is not None else None
        if adapter is not None and width is not None and adapter.down.shape[0] != width:
            raise ValueError(f"the re-ranker's adapter is for {adapter.down.shape[0]}-dimensional vectors")
        self.identifier = identifier or LexicalIdentifier()
        # named once: the fingerprint hashes every weight (7 ms with an adapter), every match names it;
        # a re-ranker is read-only once a matcher holds it
        self._reranker_name = self.reranker.name if self.reranker is not None else None
        self.cache = cache

    @property
    def analyser(self) -> str:
        """Versioned name stored with each match; a fallback's (no model or no re-ranker) apart."""
        return f"{self.name}.v{self.version}" if self.reranker is not None else self.fallback_analyser

    @property
    def full_analyser(self) -> str:
        """The name the full system (a model and its re-ranker) stores its matches under."""
        return f"{self.name}.v{self.version}"

    @property
    def fallback_analyser(self) -> str:
        """The name a fallback stores its matches under."""
        return f"{self.name}.fallback.v{self.version}"

    def system(self) -> dict[str, Any]:
        """What runs: the model, the re-ranker, and any fallback taken."""
        model = self.index.embedder.name if self.index.embedder is not None else None
        why = f" ({self.why_no_model})" if self.why_no_model else ""
        fallbacks = [] if model else [f"no embedding model{why}: lexical path (BM25 over folded text)"]
        if model and self.reranker is None:
            fallbacks.append("no re-ranker model: plain fusion of cosine and BM25, untiered")
        for part in (self.index.embedder, self.index.scan):  # a slower engine or scan than wanted
            reason = getattr(part, "fallback", None)
            if reason:
                fallbacks.append(str(reason))
        return {
            "path": "hybrid" if model else "lexical",
            "model": model,
            "engine": getattr(self.index.embedder, "engine", None),
            "vector_scan": self.index.scan_engine,
            "factcheck_vectors": self._vector_layout() if model else None,
            "language_shift": self.index.language_shift,
            "reranker": self._reranker_name,
            "query_adapter": self.reranker.adapter_label if self.reranker else None,
            "fallbacks": fallbacks,
            "factchecks": len(self.index),
            "duplicates_folded": sum(len(d) for d in self.index.duplicates.values()),
        }

    def _vector_layout(self) -> str:
        """How the fact-checks are embedded, in words: which texts, and as which e5 kind."""
        texts = "claim and title" if self.index.layout["embed_titles"] else "claim"
        if self.index.layout["query_view"]:
            return f"{texts}, as e5 passages and as queries"
        return f"{texts}, as e5 {'passages' if self.index.layout['passages'] else 'queries'}"

    def prepare(
        self,
        texts: Sequence[str],
        *,
        dates: Sequence[datetime | None] | None = None,
        languages: Sequence[str | None] | None = None,
    ) -> list[Query]:
        """Clean, tokenise, date, identify and (in one batch) embed the claims."""
        cleaned = [claim_text(t, self.index.vocabulary) or t for t in texts]
        vectors = None
        if self.index.embedder is not None:
            vectors = embed_cached(self.index.embedder, cleaned, self.cache)
        out = []
        for i, (raw, text) in enumerate(zip(texts, cleaned, strict=True)):
            date = (dates[i] if dates else None) or trailing_date(raw)
            language = (languages[i] if languages else None) or self.identifier.identify(text)
            out.append(
                Query(
                    text,
                    tokens(text),
                    vectors[i] if vectors is not None else None,
                    signals(text),
                    date,
                    language,
                )
            )
        return out

    def rank(
        self,
        query: Query,
        k: int = 5,
        *,
        exclude: np.ndarray | None = None,
        dense: np.ndarray | None = None,
    ) -> list[ClaimMatch]:
        """The k best fact-checks for a prepared query (never those at *exclude* positions)."""
        cands = self.index.candidates(
            query.tokens, query.vector, exclude=exclude, dense=dense, language=query.language
        )
        if len(cands.indices) == 0:
            return []
        if self.reranker is not None:
            features = self.reranker.feature_rows(query, cands, self.index)
        else:
            lexical = self.index.embedder is None
            features = pair_features(query, cands, self.index, unseen_words_missing=lexical)
        cross = self._cross_lingual(query, cands.indices)
        if self.reranker is not None:
            scores = self.reranker.score(features, cross_lingual=cross)
        elif self.index.embedder is not None:
            scores = fused_score(features)
        else:
            scores = features[:, _COL["bm25_norm"]]
        order = np.argsort(-scores, kind="stable")[:k]
        return [
            self._match(
                query,
                int(cands.indices[i]),
                float(scores[i]),
                features[i],
                float(cands.bm25[i]),
                bool(cross[i]),
                float(cands.vector_move[i]) if cands.vector_move is not None else 0.0,
                first=rank == 0,
            )
            for rank, i in enumerate(order)
        ]

    def match(
        self, text: str, *, k: int = 5, date: datetime | None = None, language: str | None = None
    ) -> list[ClaimMatch]:
        """Match one claim text."""
        (query,) = self.prepare([text], dates=[date], languages=[language])
        return self.rank(query, k)

    def match_many(
        self,
        texts: Sequence[str],
        *,
        k: int = 5,
        dates: Sequence[datetime | None] | None = None,
        languages: Sequence[str | None] | None = None,
    ) -> list[list[ClaimMatch]]:
        """Match many claims, embedding them and scoring their vectors in batches."""
        queries = self.prepare(texts, dates=dates, languages=languages)
        out: list[list[ClaimMatch]] = []
        for start in range(0, len(queries), DENSE_BATCH):
            chunk = queries[start : start + DENSE_BATCH]
            vectors = [q.vector for q in chunk if q.vector is not None]
            dense = iter(self.index.dense_scores(vectors) if len(vectors) == len(chunk) else [])
            out += [self.rank(q, k, dense=next(dense, None)) for q in chunk]
        return out

    def _cross_lingual(self, query: Query, indices: np.ndarray) -> np.ndarray:
        q = _family(query.language)
        return np.array(
            [
                q != "und"
                and self.index.factchecks[int(i)].language not in ("und", "")
                and _family(self.index.factchecks[int(i)].language) != q
                for i in indices
            ],
            dtype=bool,
        )

    def _tier(
        self, score: float, query: Query, row: np.ndarray, *, first: bool = True
    ) -> tuple[str | None, list[str]]:
        levels = ["auto", "suggest", None]
        if self.reranker is not None:
            level = (
                0
                if score >= self.reranker.auto_threshold
                else 1
                if score >= self.reranker.suggest_threshold
                else 2
            )
        elif self.index.embedder is None:
            level = 1 if row[_COL["query_coverage"]] >= LEXICAL_SUGGEST else 2
        else:
            level = 2
        not_auto = []  # reasons a would-be auto is only a suggestion: they cap, they do not add up
        floor = self.reranker.auto_min_cosine if self.reranker is not None else 0.0
        if level == 0 and row[_COL["cos_best"]] < floor:
            not_auto.append(f"vector score {row[_COL['cos_best']]:.3f} below the auto floor {floor:.3f}")
        if level == 0 and not first:
            # auto is fitted on first matches: behind one, a result is right far less often (EUvsDisinfo
            # cross-lingual set: 35 of 444 such results, against 395 of 417 first ones)
            not_auto.append("not the first match")
        if not_auto:  # a higher score never loses a tier
            level = 1
        steps = []  # one tier down for each
        words = word_count(query.text)  # emoji and dashes do not lengthen a claim
        if level < 2 and words < SHORT_QUERY_TOKENS:
            steps.append(f"short text ({words} words)")
        for name, label in (
            ("year_conflict", "years disagree"),
            ("num_conflict", "numbers disagree"),
            ("system_conflict", "weapon systems disagree"),
        ):
            if level < 2 and row[_COL[name]] > 0:
                steps.append(label)
        return levels[min(2, level + len(steps))], not_auto + steps

    def _match(
        self,
        query: Query,
        doc: int,
        score: float,
        row: np.ndarray,
        bm25: float,
        cross: bool,
        shift: float,
        *,
        first: bool,
    ) -> ClaimMatch:
        fc = self.index.factchecks[doc]
        sig = self.index.signals(doc)
        tier, downgrades = self._tier(score, query, row, first=first)
        explanation: dict[str, Any] = {
            "path": "hybrid" if self.index.embedder is not None else "lexical",
            "lexical_score": round(bm25, 4),
            "lexical_normalised": round(float(row[_COL["bm25_norm"]]), 4),
            "vector_score": round(float(row[_COL["cos_best"]]), 4)
            if self.index.embedder is not None
            else None,
            "vector_language_shift": round(shift, 4) if self.index.embedder is not None else None,
            "model": self.index.embedder.name if self.index.embedder is not None else None,
            "reranker": self._reranker_name,
            "query_adapter": self.reranker.adapter_label if self.reranker else None,
            "adapted_vector_score": (  # the adapter's cosine, the column after FEATURES
                round(float(row[len(FEATURES)]), 4)
                if self.reranker is not None and self.reranker.adapter is not None
                else None
            ),
            "cross_lingual": cross,
            "overlap": {
                "numbers": sorted(query.signals.numbers & sig.numbers),
                "years": sorted(query.signals.years & sig.years),
                "systems": sorted(query.signals.systems & sig.systems),
                "names": sorted(query.signals.names & sig.names),
                "dates": dates_named(query.date, sig),  # the claim's year (and month) named by the fact-check
            },
            "conflicts": {
                k: sorted(getattr(query.signals, k) - getattr(sig, k))
                for k in ("numbers", "years", "systems")
                if row[
                    _COL[
                        {"numbers": "num_conflict", "years": "year_conflict", "systems": "system_conflict"}[k]
                    ]
                ]
                > 0
            },
            "downgrades": downgrades,
            "duplicates": self.index.duplicates.get(fc.id, []),
        }
        if self.index.embedder is None:
            explanation["fallback"] = "lexical path: the embedding model is not available"
        return ClaimMatch(fc.id, score, tier, explanation, fc)
