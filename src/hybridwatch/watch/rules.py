"""Watch rules: declarative YAML, validated into a ``Rule``.

A rule is one of four kinds:

* **document** (the default): every stored document that meets ``when`` raises an alert;
* **threshold**: ``when`` plus ``threshold: {count: 20, window: 6h}``: more than *count* matching
  documents published within *window* raise one alert per window;
* **surge**: ``surge: {narrative: [words]}``: a narrative surge whose label holds one of the
  words (folded; one of four letters or more also as a stem) raises one alert per narrative and day;
* **coordination**: ``coordination: {accounts: [...]}``: a coordination network that holds one
  of the accounts raises one alert per network and account.

``when`` conditions all have to hold (lists inside a condition are alternatives, except
``all_entities``): ``all_entities``, ``any_entities`` (knowledge-pack ids), ``keywords`` (folded,
any script; a phrase matches as a phrase), ``languages`` (``sr`` is either script),
``sources``, ``authors``, ``event_types``, ``event_entities`` (knowledge-pack ids of which one
must take part in a stored event, as actor, target, object or place: with ``event_types``, in an
event of those types, so "deliveries of S-400" is not "a delivery, and S-400 named somewhere"),
``claim_tiers`` (``auto``/``suggest``) and ``narratives`` (knowledge-pack narrative ids, matched
by their keywords). ``notify`` may name a ``webhook`` URL and ``email`` addresses;
``allow_private: true`` lets a webhook reach a private address (off by default, as for fetching).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hybridwatch.errors import InputError
from hybridwatch.knowledge.pack import read_yaml
from hybridwatch.model.text import fold

__all__ = [
    "Rule",
    "parse_rule",
    "read_rule",
    "WHEN_KEYS",
    "parse_window",
    "unknown_references",
    "did_you_mean",
]

WHEN_KEYS = frozenset(
    {"all_entities", "any_entities", "keywords", "languages", "sources", "authors", "event_types",
     "event_entities", "claim_tiers", "narratives"}
)  # fmt: skip
SEVERITIES = ("low", "medium", "high")
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rule:
    """A validated watch rule."""

    id: str
    name: str
    kind: str  # document | threshold | surge | coordination
    severity: str = "medium"
    when: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    threshold_count: int = 0
    window_seconds: int = 0
    surge_words: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    webhook: str | None = None
    emails: tuple[str, ...] = ()
    allow_private: bool = False
    source: dict[str, Any] = field(default_factory=dict)  # the rule as written


MAX_WINDOW_SECONDS = 3650 * 86_400  # ten years


def parse_window(value: Any) -> int:
    """A window such as 6h, 30m, 2d, 90s or a number of seconds, in seconds."""
    text = str(value).strip().lower()
    match = re.fullmatch(r"(\d{1,9})\s*([smhd]?)", text)
    seconds = int(match.group(1)) * UNITS[match.group(2) or "s"] if match else 0
    if not 0 < seconds <= MAX_WINDOW_SECONDS:  # a window of 10^20 days broke every later run
        raise InputError(f"not a time window: {value!r} (use 30m, 6h or 2d; at most 3650d)")
    return seconds


def read_rule(path: str | Path, known: KnownIds | None = None) -> Rule:
    """A rule from a YAML file; its id defaults to the file's name.

    *known*: the knowledge pack's (entity ids, narrative ids); ids a rule names outside them are
    problems reported with the others (otherwise ``add_rule`` refuses them after parsing).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"rule file not found: {path}")
    data = read_yaml(path, max_bytes=256 * 1024)
    if not isinstance(data, dict):
        raise InputError(f"{path}: a rule is a mapping")
    data.setdefault("id", path.stem)
    return parse_rule(data, str(path), known)


class _Problems:
    """Every problem of a rule, collected so that one reading reports them all."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    @contextmanager
    def check(self) -> Iterator[None]:
        """Run a check; an InputError it raises is recorded and the reading goes on."""
        try:
            yield
        except InputError as exc:
            self.messages.append(str(exc))

    def add(self, message: str) -> None:
        self.messages.append(message)

    def raise_any(self) -> None:
        if self.messages:
            raise InputError("\n".join(self.messages), problems=list(self.messages))


ALLOWED_KEYS = frozenset(
    {"id", "name", "description", "severity", "when", "threshold", "surge", "coordination", "notify"}
)


KnownIds = tuple[Collection[str], Collection[str]]  # the pack's entity ids and narrative ids


def parse_rule(data: Mapping[str, Any], where: str = "rule", known: KnownIds | None = None) -> Rule:
    """Validate a rule given as a mapping; every problem names the rule and the key, all at once.

    With *known* (:func:`read_rule`), ids the knowledge pack lacks are among the problems.
    """
    problems = _Problems()
    rule_id = str(data.get("id", ""))
    if not ID.fullmatch(rule_id):  # match() let "id\n" through: $ matches before a final line break
        problems.add(f"{where}: id {rule_id!r} must be 1-80 letters, digits and _ . : -")
    else:
        where = f"{where} ({rule_id})"
    unknown = set(data) - ALLOWED_KEYS
    if unknown:
        problems.add(f"{where}: unknown keys {sorted(map(str, unknown))}")
    for key in ("name", "description"):
        if data.get(key) is not None and not isinstance(data[key], str):
            problems.add(f"{where}: {key} must be text")
    parts: dict[str, dict[str, Any]] = {}
    for key in ("threshold", "surge", "coordination"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            problems.add(f"{where}: {key} must be a mapping (e.g. {key}: {{...}})")
        elif data.get(key):
            parts[key] = data[key]
    severity = str(data.get("severity", "medium"))
    if severity not in SEVERITIES:
        problems.add(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    when: dict[str, tuple[str, ...]] = {}
    when_read = False
    with problems.check():
        when = _when(data.get("when") or {}, where, problems)
        when_read = True
    if known is not None:
        for problem in unknown_references(when, *known):
            problems.add(f"{where} {problem}")
    kinds = [k for k in ("threshold", "surge", "coordination") if data.get(k)]
    if len(kinds) > 1:
        problems.add(f"{where}: use one of threshold, surge or coordination, not {' and '.join(kinds)}")
    kind = kinds[0] if kinds else "document"
    if kind == "document" and not when and when_read:
        problems.add(f"{where}: a document rule needs at least one condition under 'when'")
    count = window = 0
    if "threshold" in parts and len(kinds) == 1:
        with problems.check():
            count, window = _threshold(parts["threshold"], where)
    surge_words: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    with problems.check():
        if "surge" in parts and len(kinds) == 1:
            surge_words = _list(parts["surge"].get("narrative"), f"{where} surge.narrative")
            if any(len(word.split()) != 1 for word in surge_words):
                raise InputError(
                    f"{where}: surge.narrative takes single words (a narrative's label is words)"
                )
        if "coordination" in parts and len(kinds) == 1:
            accounts = _list(parts["coordination"].get("accounts"), f"{where} coordination.accounts")
        if kind in parts and (kind == "surge" and not surge_words or kind == "coordination" and not accounts):
            raise InputError(f"{where}: {kind} needs a non-empty list")
    webhook: str | None = None
    emails: tuple[str, ...] = ()
    allow_private = False
    with problems.check():
        webhook, emails, allow_private = _notify(data.get("notify") or {}, where, problems)
    problems.raise_any()
    return Rule(
        id=rule_id,
        name=str(data.get("name") or rule_id),
        kind=kind,
        severity=severity,
        when=when,
        threshold_count=count,
        window_seconds=window,
        surge_words=tuple(fold(w) for w in surge_words),
        accounts=accounts,
        webhook=webhook,
        emails=emails,
        allow_private=allow_private,
        source=dict(data),
    )


def _threshold(threshold: Mapping[str, Any], where: str) -> tuple[int, int]:
    """(count, window in seconds) of a threshold rule."""
    if "count" not in threshold or "window" not in threshold:
        raise InputError(f"{where}: threshold needs count and window (e.g. {{count: 20, window: 6h}})")
    count = threshold["count"]
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise InputError(f"{where}: threshold.count must be a positive whole number")
    return count, parse_window(threshold["window"])


def _notify(notify: Any, where: str, problems: _Problems) -> tuple[str | None, tuple[str, ...], bool]:
    """(webhook, emails, allow_private) of a rule's notify mapping; each bad setting is a problem."""
    if not isinstance(notify, dict):
        raise InputError(f"{where}: notify is a mapping with webhook and/or email")
    webhook = notify.get("webhook")
    with problems.check():
        if webhook is not None:
            try:
                parts = urlsplit(str(webhook))
                parts.port  # noqa: B018 - raises ValueError on a port out of range
            except ValueError as exc:
                raise InputError(f"{where}: notify.webhook is not a usable URL: {exc}") from exc
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise InputError(f"{where}: notify.webhook must be an http(s) URL")
    emails: tuple[str, ...] = ()
    with problems.check():
        emails = _list(notify.get("email"), f"{where} notify.email") if notify.get("email") else ()
        if any("@" not in e or any(c in e for c in " \r\n,;") for e in emails):
            raise InputError(f"{where}: notify.email holds an invalid address")
    allow_private = False
    with problems.check():
        allow_private = _flag(notify.get("allow_private", False), f"{where} notify.allow_private")
    return (str(webhook) if webhook else None), emails, allow_private


def _list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise InputError(f"{where}: expected a list of strings")
    return tuple(str(v) for v in value)


def _when(value: Any, where: str, problems: _Problems) -> dict[str, tuple[str, ...]]:
    """The conditions under ``when``; each bad one is a problem, the good ones are kept."""
    if not isinstance(value, dict):
        raise InputError(f"{where}: 'when' is a mapping of conditions")
    unknown = set(value) - WHEN_KEYS
    if unknown:
        problems.add(
            f"{where}: unknown conditions {sorted(map(str, unknown))} (known: {', '.join(sorted(WHEN_KEYS))})"
        )
    out: dict[str, tuple[str, ...]] = {}
    for key, items in value.items():
        if key in WHEN_KEYS and items:
            with problems.check():
                out[key] = _list(items, f"{where} when.{key}")
    _known_values(out, where, problems)
    if "keywords" in out:
        out["keywords"] = tuple(fold(k).strip() for k in out["keywords"])
        if not all(out["keywords"]):  # an empty keyword is in every document: an alert storm
            problems.add(f"{where} when.keywords: a keyword may not be empty")
    return out


LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?$")  # sr matches sr-Latn and sr-Cyrl
TIERS = ("auto", "suggest")


def _known_values(when: Mapping[str, tuple[str, ...]], where: str, problems: _Problems) -> None:
    """Refuse values no document can have: such a rule is valid YAML and never fires."""
    from hybridwatch.analyse.events.lexicon import ACTIONS

    allowed = {"event_types": sorted(ACTIONS), "claim_tiers": list(TIERS)}
    for key, known in allowed.items():
        for value in when.get(key, ()):
            if value not in known:
                problems.add(f"{where} when.{key}: unknown {value!r}{did_you_mean(value, known)}")
    for value in when.get("languages", ()):
        if not LANGUAGE.fullmatch(value):
            problems.add(
                f"{where} when.languages: {value!r} is not a language code as documents carry them "
                "(en, sq, ru, sr for both scripts, sr-Latn, sr-Cyrl)"
            )


def unknown_references(
    when: Mapping[str, tuple[str, ...]], entities: Collection[str], narratives: Collection[str]
) -> list[str]:
    """The entity and narrative ids a rule's *when* names that the knowledge pack does not hold."""
    problems = []
    for key, known in (
        ("all_entities", entities),
        ("any_entities", entities),
        ("event_entities", entities),
        ("narratives", narratives),
    ):
        for value in when.get(key, ()):
            if value not in known:
                hint = did_you_mean(value, known)
                problems.append(f"when.{key}: {value!r} is not in the knowledge pack{hint}")
    return problems


def did_you_mean(value: str, known: Collection[str]) -> str:
    """' (did you mean a, b?)' for the known values close to *value*; empty if none is."""
    close = difflib.get_close_matches(value, list(known), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _flag(value: Any, where: str) -> bool:
    """A yes/no setting, written as YAML's true or false and nothing else.

    "no" in quotes is a string, which Python counts as true: it once let a webhook reach a
    private address.
    """
    if not isinstance(value, bool):
        raise InputError(f"{where}: must be true or false, not {value!r}")
    return value
