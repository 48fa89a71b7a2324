"""Statistical NER for names the knowledge pack lacks: natasha (slovnet) for Russian, if installed.

No wheel on PyPI ships a multilingual NER model (../shared/models.md); natasha ships a Russian
news model inside the wheel. It is used only for documents identified as Russian (on Serbian
Cyrillic it tags nonsense). Without it, linking is the gazetteer alone, and the run says so.
Install it with ``pip install 'hybridwatch[ner]'``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["RussianNER", "NerSpan", "load_russian_ner"]


@dataclass(frozen=True)
class NerSpan:
    """A name the model found: character span, type (PER, LOC, ORG) and text."""

    start: int
    end: int
    type: str
    text: str


class RussianNER:
    """natasha's news NER tagger, loaded once (about a second)."""

    name = "natasha-1.6 (ru)"

    def __init__(self) -> None:
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter

        self._segmenter = Segmenter()
        self._tagger = NewsNERTagger(NewsEmbedding())

    def spans(self, text: str) -> list[NerSpan]:
        """The names in a Russian text."""
        from natasha import Doc

        doc: Any = Doc(text)
        doc.segment(self._segmenter)
        doc.tag_ner(self._tagger)
        return [NerSpan(s.start, s.stop, s.type, s.text) for s in doc.spans]


def load_russian_ner() -> tuple[RussianNER | None, str]:
    """(the model, what ran) — or (None, the reason) when natasha is not installed or fails."""
    try:
        return RussianNER(), RussianNER.name
    except ImportError:
        return None, "none: natasha not installed (gazetteer only; pip install 'hybridwatch[ner]')"
    except Exception as exc:  # a broken install must not stop linking
        return None, f"none: natasha failed to load ({type(exc).__name__}: {exc}); gazetteer only"
