"""Readers for known fact-checks: ClaimReview, EUvsDisinfo, CheckThat! vclaims, generic CSV/JSONL.

Each reader yields :class:`FactCheck` or :class:`Rejected`; bad records never stop an import.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hybridwatch.errors import InputError
from hybridwatch.ingest._base import Resource, as_utf8
from hybridwatch.ingest._csvrows import csv_rows
from hybridwatch.ingest._decode import decode
from hybridwatch.ingest.archive import ArchiveLimits, expand, is_archive, walk_folder
from hybridwatch.ingest.csv import csv_delimiter
from hybridwatch.ingest.jsonl import array_objects, json_objects, starts_an_array
from hybridwatch.ingest.normalise import clean_text
from hybridwatch.model.dates import parse_datetime
from hybridwatch.model.document import Position, Rejected
from hybridwatch.model.factcheck import FactCheck
from hybridwatch.model.language import language_tag

__all__ = ["read_factchecks", "FORMATS", "MAPPABLE", "detect_format"]

FORMATS = ("auto", "claimreview", "euvsdisinfo", "checkthat", "csv", "jsonl")
MAX_CLAIM_CHARS = 20_000
Item = FactCheck | Rejected
_LD_JSON = re.compile(rb"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_GENERIC = {
    "id": ("id", "factcheck_id", "claim_id", "vclaim_id", "url"),
    "claim": ("text", "claim", "claimReviewed", "claim_text", "vclaim", "title"),
    "title": ("title", "headline", "name"),
    "rating": ("rating", "verdict", "label", "textualRating"),
    "publisher": ("publisher", "author", "source", "organisation"),
    "date": ("date", "published_at", "datePublished", "published"),
    "url": ("url", "link", "review_url"),
    "language": ("language", "lang", "inLanguage"),
}

MAPPABLE = tuple(_GENERIC)  # the fields a column mapping may name (--map claim=body)


def _pick(obj: dict[str, Any], field: str, mapping: dict[str, str]) -> Any:
    if field in mapping:
        return obj.get(mapping[field])
    for key in _GENERIC[field]:
        if obj.get(key) not in (None, ""):
            return obj[key]
    return None


_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")  # NUL, and lone surrogates ("\ud800" in JSON)
_NESTING = 4  # how deep a field's lists and objects are read for its text (a name in a list in ...)


def _str(value: Any, depth: int = 0) -> str:
    """A field's text: an object's name, a list's first items; storable (no NUL, no lone surrogate)."""
    if depth > _NESTING:
        return ""
    if isinstance(value, dict):  # a named thing, a JSON-LD value object ({"@value": ...}), a node
        value = value.get("name") or value.get("@value") or value.get("@id") or ""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, list):
        value = ", ".join(_str(v, depth + 1) for v in value[:5])
    if isinstance(value, dict | list):
        return _str(value, depth + 1)
    return "" if value is None else _UNSTORABLE.sub("\ufffd", str(value))


def _opt(value: Any, limit: int = 2000) -> str | None:
    return _str(value).strip()[:limit] or None


def _language_value(value: Any) -> str:
    """A language as given: a tag, a name, or a schema.org Language object (its code first)."""
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name") or ""
    return _str(value)[:60]


def _make(
    native_id: Any,
    collection: str,
    claim: Any,
    pos: Position,
    raw: str,
    *,
    title: Any = "",
    rating: Any = None,
    publisher: Any = None,
    date: Any = None,
    url: Any = None,
    language: Any = None,
    extra: dict[str, object] | None = None,
) -> Item:
    raw = _UNSTORABLE.sub("\ufffd", raw[:20_000])
    text = clean_text(_str(claim).strip(), MAX_CLAIM_CHARS, [], "claim")
    if not any(c.isalnum() for c in text):  # empty, or only marks, emoji or zero-width characters
        return Rejected.of(pos, "fact-check without claim text", raw)
    ident = _str(native_id).strip()
    if not ident:
        return Rejected.of(pos, "fact-check without an id", raw)
    parsed = parse_datetime(_str(date))
    return FactCheck(
        id=ident[:500],
        collection=collection,
        claim=text,
        title=clean_text(_str(title).strip(), 2000, [], "title"),
        rating=_opt(rating, 200),
        publisher=_opt(publisher, 500),
        published_at=parsed.value if parsed else None,
        url=_opt(url),
        language=language_tag(_language_value(language)) or "und",
        extra=extra or {},
        raw=raw,
        position=str(pos),
    )


# -- ClaimReview ----------------------------------------------------------------------------------
def _claimreviews(obj: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """The ClaimReview objects in a JSON-LD document: top level, in lists and ``@graph``s.

    A few levels deep and no deeper: hostile nesting must not exhaust the stack.
    """
    if depth > 2 * _NESTING:
        return
    if isinstance(obj, list):
        for item in obj:
            yield from _claimreviews(item, depth + 1)
    elif isinstance(obj, dict):
        if "@graph" in obj:
            yield from _claimreviews(obj["@graph"], depth + 1)
        if isinstance(obj.get("claims"), list):  # a Google Fact Check Tools API response
            yield from _claimreviews(obj["claims"], depth + 1)
        if _is_claimreview(obj.get("@type")):
            yield obj
        elif "claimReview" in obj:  # Google Fact Check Tools API shape: one review or a list
            reviews = obj["claimReview"]
            for review in reviews if isinstance(reviews, list) else [reviews]:
                if isinstance(review, dict):
                    yield {**review, "claimReviewed": obj.get("text"), "_claimant": obj.get("claimant")}
                else:  # counted and quarantined by the reader, never dropped in silence
                    yield {"_rejected": f"claimReview not an object: {type(review).__name__}"}


def _is_claimreview(kind: Any) -> bool:
    """Whether a JSON-LD type names ClaimReview: plain, as an IRI or prefixed ("schema:...")."""
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and re.split(r"[/:#]", k)[-1] == "ClaimReview" for k in kinds)


def _first(value: Any) -> Any:
    """The first of a list (a review given two URLs, two ratings), or the value itself."""
    return (value[0] if value else None) if isinstance(value, list) else value


_TAG = re.compile(r"</?[A-Za-z][^<>]{0,500}>")


def _plain(value: Any) -> str:
    """ClaimReview text as text: sites put markup and entities in it ("<b>", "&amp;").

    Tags go, their text stays (a script's too: it is only ever shown escaped).
    """
    text = _str(value)[: 2 * MAX_CLAIM_CHARS]
    if "<" in text:
        text = re.sub(r"[ \t]{2,}", " ", _TAG.sub(" ", text)).strip()
    return html.unescape(text) if "&" in text else text


def _from_claimreview(review: dict[str, Any], collection: str, pos: Position) -> Item:
    if "_rejected" in review:
        return Rejected.of(pos, str(review["_rejected"]))
    rating = _first(review.get("reviewRating") or review.get("textualRating"))
    if isinstance(rating, dict):
        rating = rating.get("alternateName") or rating.get("name") or rating.get("ratingValue")
    reviewed = _first(review.get("itemReviewed"))
    item: dict[str, Any] = reviewed if isinstance(reviewed, dict) else {}
    url = _first(review.get("url"))
    return _make(
        url or review.get("@id") or review.get("identifier"),
        collection,
        _plain(review.get("claimReviewed")),
        pos,
        json.dumps(review, ensure_ascii=False, default=str)[:20_000],
        title=_plain(review.get("name") or review.get("headline") or review.get("title") or ""),
        rating=rating,
        publisher=review.get("author") or review.get("publisher"),
        date=review.get("datePublished") or review.get("reviewDate"),
        url=url,
        language=review.get("inLanguage") or review.get("languageCode"),
        extra={"claimant": _str(item.get("author") or review.get("_claimant"))},
    )


def _read_claimreview(resource: Resource, collection: str) -> Iterator[Item]:
    with resource.opener() as stream:
        data = stream.read()
    text, _ = decode(data)
    blobs: list[tuple[Position, str]]
    if resource.name.lower().endswith((".html", ".htm")):
        blobs = [
            (Position(resource.location, index=i), decode(m.group(1))[0])
            for i, m in enumerate(_LD_JSON.finditer(data))
        ]
    elif resource.name.lower().endswith(".jsonl"):
        blobs = [
            (Position(resource.location, line=i + 1), line)
            for i, line in enumerate(text.splitlines())
            if line.strip()
        ]
    else:
        blobs = [(Position(resource.location), text)]
    for pos, blob in blobs:
        try:
            obj = json.loads(blob)
        except (ValueError, RecursionError) as exc:
            yield Rejected.of(pos, f"malformed JSON: {exc}", blob)
            continue
        reviews = list(_claimreviews(obj))
        if not reviews:
            yield Rejected.of(pos, "no ClaimReview object found", blob)
        for i, review in enumerate(reviews):
            yield _from_claimreview(review, collection, Position(pos.location, pos.line, None, i))


# -- EUvsDisinfo ----------------------------------------------------------------------------------
CsvRecord = tuple[int, dict[str, str] | None, str, str]


def _csv_rows(
    resource: Resource, delimiter: str = ",", header: list[str] | None = None
) -> Iterator[CsvRecord]:
    """(line, row by header, error, row text) per row; a row that cannot be read has row None.

    Read by :func:`~hybridwatch.ingest._csvrows.csv_rows` (an unbalanced quote costs its row
    only); blank rows are skipped. *header*: the file has none, these are its columns.
    """
    for row in csv_rows(resource, delimiter, None if header is None else len(header)):
        if row.cells is None and header is None:  # a data row must not pass for the header
            yield row.line, None, f"header row unreadable: {row.error}", row.text
            return
        if row.cells is None:
            yield row.line, None, row.error, row.text
        elif header is None:
            header = [h.strip().lstrip("\ufeff") for h in row.cells]
        elif not any(cell.strip() for cell in row.cells):
            continue
        elif len(row.cells) != len(header):
            yield row.line, None, f"row has {len(row.cells)} fields, header has {len(header)}", row.text
        else:
            yield row.line, dict(zip(header, row.cells, strict=True)), "", row.text


def _split_plus(value: str) -> list[str]:
    return [v.strip() for v in value.split("+") if v.strip()]


def _read_euvsdisinfo(resource: Resource, collection: str) -> Iterator[Item]:
    for line, row, error, text in _csv_rows(resource):
        pos = Position(resource.location, line=line)
        if row is None:
            yield Rejected.of(pos, f"malformed CSV row: {error}", text)
            continue
        raw = json.dumps(row, ensure_ascii=False)
        yield _make(
            row.get("id") or row.get("url"),
            collection,
            row.get("title") or row.get("summary"),
            pos,
            raw,
            title=row.get("title", ""),
            rating="disinformation",
            publisher="EUvsDisinfo",
            date=row.get("date"),
            url=row.get("id") or row.get("url"),
            language="en",
            extra={k: _split_plus(row.get(k, "")) for k in ("countries", "keywords", "languages", "outlets")},
        )


# -- CheckThat! vclaims --------------------------------------------------------------------------
def _read_vclaim_json(resource: Resource, collection: str) -> Iterator[Item]:
    pos = Position(resource.location)
    with resource.opener() as stream:
        text, _ = decode(stream.read())
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError) as exc:
        yield Rejected.of(pos, f"malformed JSON: {exc}", text)
        return
    if not isinstance(obj, dict):
        yield Rejected.of(pos, "vclaim file is not a JSON object", text)
        return
    yield _make(
        obj.get("vclaim_id"),
        collection,
        obj.get("vclaim"),
        pos,
        text,
        title=obj.get("title") or "",
        publisher=obj.get("author"),
        date=obj.get("date"),
        url=obj.get("page_url") or obj.get("url"),
        rating=obj.get("rating"),
        language="en",
        extra={"subtitle": _str(obj.get("subtitle"))},
    )


def _read_vclaim_tsv(resource: Resource, collection: str) -> Iterator[Item]:
    """CheckThat! 2020 ``verified_claims.docs.tsv``: vclaim_id, vclaim, title (quoted, may span lines).

    The header line is optional: a first line that names no column ("vclaim", "title"; the 2020
    file's has an empty first name) is the first record.
    """
    first = resource.head(4096).split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf").lower().split(b"\t")
    names = [f.strip().strip(b'"').decode("utf-8", "replace") for f in first]
    named = any(f in ("vclaim_id", "id", "vclaim", "title") for f in names)
    header = None if named else ["vclaim_id", "vclaim", "title"]
    for line, row, error, text in _csv_rows(resource, delimiter="\t", header=header):
        pos = Position(resource.location, line=line)
        if row is None:
            yield Rejected.of(pos, f"malformed TSV row: {error}", text)
            continue
        values = list(row.values())
        raw = "\t".join(values)
        # a header names the columns ("vclaim_id, title, vclaim", PolitiFact's "url, speaker, vclaim,
        # ..., vclaim_id"); without one they come in the 2020 order
        if named:
            by_name = {str(k).strip().lower(): v for k, v in row.items()}
            claim_id = by_name.get("vclaim_id") or by_name.get("id") or values[0]
            claim, title = by_name.get("vclaim", ""), by_name.get("title", "")
        else:
            claim_id, claim, title = (values + ["", ""])[:3]
        yield _make(
            claim_id,
            collection,
            claim,
            pos,
            raw,
            title=title,
            language="en",
        )


# -- generic ---------------------------------------------------------------------------------------
def _generic(obj: dict[str, Any], collection: str, pos: Position, raw: str, mapping: dict[str, str]) -> Item:
    return _make(
        _pick(obj, "id", mapping),
        collection,
        _pick(obj, "claim", mapping),
        pos,
        raw,
        title=_pick(obj, "title", mapping) or "",
        rating=_pick(obj, "rating", mapping),
        publisher=_pick(obj, "publisher", mapping),
        date=_pick(obj, "date", mapping),
        url=_pick(obj, "url", mapping),
        language=_pick(obj, "language", mapping) or "und",
    )


MAX_JSON_BYTES = 64 << 20  # a .json file read whole (one object, pretty-printed)


def _one_object(resource: Resource) -> dict[str, Any] | None:
    """The object a .json file holds when it is one object over many lines (pretty-printed)."""
    if not resource.name.lower().endswith(".json"):
        return None
    with resource.opener() as stream:
        data = stream.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES or not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return None
    try:
        obj = json.loads(decode(data)[0])
    except (ValueError, RecursionError):
        return None  # read line by line: each bad line is named
    return obj if isinstance(obj, dict) else None


def _read_jsonl(resource: Resource, collection: str, mapping: dict[str, str]) -> Iterator[Item]:
    """JSON Lines, a JSON array of the same objects, or one such object in a .json file."""
    array = starts_an_array(resource)
    one = None if array else _one_object(resource)
    if one is not None:
        raw = json.dumps(one, ensure_ascii=False)
        yield _generic(one, collection, Position(resource.location), raw, mapping)
        return
    items = array_objects(resource) if array else json_objects(resource)
    for item in items:
        yield item if isinstance(item, Rejected) else _generic(item[1], collection, item[0], item[2], mapping)


def _read_csv(resource: Resource, collection: str, mapping: dict[str, str]) -> Iterator[Item]:
    checked = False
    for line, row, error, text in _csv_rows(resource, csv_delimiter(resource)):
        pos = Position(resource.location, line=line)
        if row is None:
            yield Rejected.of(pos, f"malformed CSV row: {error}", text)
            continue
        if not checked:  # --map rating=verdct, a typo, emptied every rating without a word
            missing = {f: c for f, c in mapping.items() if c not in row}
            if missing:
                named = ", ".join(f"{f}={c}" for f, c in missing.items())
                columns = ", ".join(map(str, row))
                raise InputError(f"{resource.location}: --map {named}: no such column (columns: {columns})")
            checked = True
        yield _generic(row, collection, pos, json.dumps(row, ensure_ascii=False), mapping)


def detect_format(resource: Resource) -> str:
    """Guess the fact-check format of one resource from its name and first bytes."""
    name = resource.name.lower()
    head = resource.head(1 << 16)  # JSON-LD may put a long @graph node before its ClaimReview
    # a web page carries its ClaimReview in a script tag, after any amount of markup
    if b"ClaimReview" in head or b"claimReview" in head or name.endswith((".html", ".htm")):
        return "claimreview"
    if name.endswith(".csv") and head.lstrip(b"\xef\xbb\xbf").startswith(b"date,id,title"):
        return "euvsdisinfo"
    if (name.endswith(".json") and b'"vclaim"' in head) or (
        name.endswith(".tsv") and b"vclaim" in head[:200]
    ):
        return "checkthat"
    if name.endswith((".csv", ".tsv")):  # the delimiter is the header row's
        return "csv"
    return "jsonl"


def _read_resource(resource: Resource, fmt: str, collection: str, mapping: dict[str, str]) -> Iterator[Item]:
    kind = detect_format(resource) if fmt == "auto" else fmt
    if kind == "claimreview":
        yield from _read_claimreview(resource, collection)
    elif kind == "euvsdisinfo":
        yield from _read_euvsdisinfo(resource, collection)
    elif kind == "checkthat":
        reader = _read_vclaim_tsv if resource.name.lower().endswith(".tsv") else _read_vclaim_json
        yield from reader(resource, collection)
    elif kind == "csv":
        yield from _read_csv(resource, collection, mapping)
    else:
        yield from _read_jsonl(resource, collection, mapping)


# what a folder of fact-checks holds records in (a file named on its own is read whatever its name)
RECORD_FILES = (".json", ".jsonl", ".ndjson", ".jsonld", ".csv", ".tsv", ".html", ".htm")


def _file_resource(path: Path) -> Resource:
    return Resource(path.name, str(path), lambda: path.open("rb"))


def read_factchecks(
    location: str, *, fmt: str = "auto", collection: str | None = None, mapping: dict[str, str] | None = None
) -> Iterator[Item]:
    """Read fact-checks from a file, a folder, or a ``.zip``/``.tar.xz`` archive of files."""
    if fmt not in FORMATS:
        raise InputError(f"unknown fact-check format {fmt!r}; choose from {', '.join(FORMATS)}")
    path = Path(location)
    if not path.exists():
        raise InputError(f"cannot read {location}: no such file or folder")
    if not (path.is_file() or path.is_dir()):  # a device or a pipe (/dev/zero) would never end
        raise InputError(f"cannot read {location}: not a regular file or folder")
    name = collection or path.name.split(".")[0]
    files = list(walk_folder(path)) if path.is_dir() else [path]
    for file in files:
        resource = _file_resource(file)
        members = (
            expand(resource, ArchiveLimits(max_members=100_000)) if is_archive(file.name) else [resource]
        )
        for member in members:
            if isinstance(member, Rejected):
                yield member
                continue
            if member.name.lower().endswith((".md", ".txt")):
                continue  # notes beside the records
            if path.is_dir() and not member.name.lower().endswith(RECORD_FILES):
                continue  # in a folder, only files of a fact-check format: not the store beside them
            try:
                yield from _read_resource(as_utf8(member), fmt, name, mapping or {})
            except (OSError, UnicodeError) as exc:
                yield Rejected.of(Position(member.location), f"unreadable: {exc}")
