"""Value types: documents, records, folded text, canonical URLs, UTC timestamps."""

from hybridwatch.model.dates import parse_datetime
from hybridwatch.model.document import Document, Position, Record, Rejected, document_id
from hybridwatch.model.text import detect_script, fold, transliterate
from hybridwatch.model.url import canonical_url, extract_urls

__all__ = [
    "Document",
    "Position",
    "Record",
    "Rejected",
    "canonical_url",
    "detect_script",
    "document_id",
    "extract_urls",
    "fold",
    "parse_datetime",
    "transliterate",
]
