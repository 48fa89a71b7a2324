"""Known fact-checks and debunked narratives, and the claims we match against them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["FactCheck", "Claim", "ClaimMatch"]


@dataclass(slots=True)
class FactCheck:
    """One known claim with its verdict: a ClaimReview, an EUvsDisinfo case, a CheckThat! vclaim."""

    id: str  # the native id
    collection: str
    claim: str
    title: str = ""
    rating: str | None = None
    publisher: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    language: str = "und"
    extra: dict[str, object] = field(default_factory=dict)
    raw: str = ""
    # where an import read it ("file!member:line 3"), to name it in a rejection; not stored
    position: str = field(default="", compare=False, repr=False)

    @property
    def text(self) -> str:
        """What matching compares against: the claim, with the title when it adds words."""
        if self.title and self.title.strip() and self.title.strip() not in self.claim:
            return f"{self.claim} {self.title}".strip()
        return self.claim


@dataclass(slots=True)
class Claim:
    """A check-worthy sentence found in a stored document."""

    id: str
    document_id: str
    start: int
    end: int
    text: str
    language: str
    score: float
    checkworthy: bool
    analyser: str
    published_at: datetime | None = None  # its document's date: matching weighs fact-checks' dates by it


@dataclass(slots=True)
class ClaimMatch:
    """A fact-check proposed for a claim, with the evidence behind the score."""

    factcheck_id: str
    score: float
    tier: str | None  # "auto", "suggest" or None
    explanation: dict[str, object]
    factcheck: FactCheck | None = None

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``hybridwatch claims match --json``."""
        out: dict[str, object] = {
            "factcheck_id": self.factcheck_id,
            "score": round(self.score, 4),
            "tier": self.tier,
            "explanation": self.explanation,
        }
        if self.factcheck is not None:
            fc = self.factcheck
            out.update(
                claim=fc.claim,
                title=fc.title,
                rating=fc.rating,
                publisher=fc.publisher,
                url=fc.url,
                language=fc.language,
                collection=fc.collection,
                published_at=fc.published_at.isoformat() if fc.published_at else None,
            )
        return out
