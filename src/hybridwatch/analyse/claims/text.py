"""What of a tweet or post is the claim: links, media stubs and the sign-off removed."""

from __future__ import annotations

import re

__all__ = ["claim_text"]

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_SIGNOFF = re.compile(r"\s*[—–-]{1,2}\s*([^—–\n(]{0,80}?)\s*\(@\w+\)\s*\w+\.? \d{1,2}, \d{4}\s*$")


def claim_text(text: str) -> str:
    """The text to match: URLs removed, an embedded tweet's sign-off reduced to the author's name.

    "— Name (@x) May 1, 2020" becomes "(Name)": who said it often names the subject of the fact-check.
    """
    text = _SIGNOFF.sub(lambda m: f" ({m.group(1).strip()})" if m.group(1).strip() else "", text)
    text = _URL.sub(" ", text)
    return " ".join(text.split())
