"""Loading the knowledge pack: the built-in YAML files, then the user's, which extend or override.

The schema is documented in ``data/PACK.md``. User files are YAML in the same shapes: a list of
entities (mappings with ``type``), a list of narratives (``id`` starting ``nar:``) or a fact table
(a mapping with ``entries``). An entity or narrative with a known id replaces the built-in one,
with a warning (an entity with ``extends: true`` adds its spellings, context and attributes to
it instead); a fact with the same subject, relation and object replaces the built-in fact. Files are read with
a safe YAML loader under a size limit; every problem names the file and the entry.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hybridwatch.errors import InputError

__all__ = [
    "Entity",
    "Narrative",
    "Fact",
    "KnowledgePack",
    "load_pack",
    "read_yaml",
    "KNOWLEDGE_ENV",
    "ENTITY_TYPES",
]

DATA = Path(__file__).resolve().parent / "data"
KNOWLEDGE_ENV = "HYBRIDWATCH_KNOWLEDGE"  # extra pack files or folders, separated by os.pathsep
MAX_FILE_BYTES = 20 * 1024 * 1024
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, ten times faster, when built in


class SAFE_LOADER(_FAST_LOADER):  # type: ignore[misc,valid-type]  # noqa: N801 - kept the loader's old name
    """The safe loader, refusing a key given twice in one mapping.

    YAML lets the second silently win: a rule with two ``when:`` blocks dropped the first.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # the mapping's own keys, before merges (<<) bring theirs: a key may override a merged one
        seen: set[tuple[type, Any]] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                if (type(key), key) in seen:  # typed: 1 and true are two keys
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} is given twice", key_node.start_mark
                    )
                seen.add((type(key), key))
            except TypeError:  # an unhashable key: the base refuses it
                break
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


ENTITY_TYPES = frozenset(
    {"state", "territory", "organisation", "programme", "person", "place", "military_system", "media_outlet"}
)


@dataclass(frozen=True)
class Entity:
    """Someone or something the region's texts name, with every spelling in use."""

    id: str
    type: str
    name: str
    aliases: Mapping[str, tuple[str, ...]]  # language/script -> spellings
    context_required: frozenset[str] = frozenset()  # aliases that count only with context
    context_words: tuple[str, ...] = ()  # folded stems that confirm them
    attributes: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""

    def all_aliases(self) -> list[str]:
        """Every spelling, the canonical name first, without repeats."""
        seen = dict.fromkeys([self.name, *(a for names in self.aliases.values() for a in names)])
        return list(seen)


@dataclass(frozen=True)
class Narrative:
    """A recurring disinformation narrative with example phrasings and DISARM techniques."""

    id: str
    name: str
    description: str
    examples: Mapping[str, tuple[str, ...]]
    keywords: tuple[str, ...]
    disarm: tuple[Mapping[str, str], ...]


@dataclass(frozen=True)
class Fact:
    """A dated statement such as "state:usa recognises_kosovo state:kosovo since 2008"."""

    subject: str
    relation: str
    object: str
    since: str | None
    until: str | None
    note: str
    source: str
    as_of: str


@dataclass
class KnowledgePack:
    """Everything loaded, with the files it came from and what looked wrong in them."""

    name: str
    version: str
    entities: dict[str, Entity]
    narratives: dict[str, Narrative]
    facts: list[Fact]
    files: list[str]
    warnings: list[str] = field(default_factory=list)

    def fingerprint(self) -> str:
        """A digest of every file loaded, so that a store can tell a pack changed under one version.

        Names without their folders, and contents: the same pack read from another install or
        through another path is the same pack.
        """
        digest = hashlib.blake2b(digest_size=12)
        for name in self.files:
            path = Path(name)
            digest.update(path.name.encode("utf-8", "surrogatepass") + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()

    def of_type(self, kind: str) -> list[Entity]:
        """Entities of one type, by id."""
        return sorted((e for e in self.entities.values() if e.type == kind), key=lambda e: e.id)


def load_pack(extra: Iterable[str | Path] = ()) -> KnowledgePack:
    """The built-in pack, extended by *extra* files or folders and those in ``$HYBRIDWATCH_KNOWLEDGE``."""
    manifest = read_yaml(DATA / "pack.yaml")
    if not isinstance(manifest, dict):
        raise InputError(f"{DATA / 'pack.yaml'}: expected a mapping")
    pack = KnowledgePack(str(manifest.get("name", "")), str(manifest.get("version", "")), {}, {}, [], [])
    builtin = [DATA / name for name in manifest.get("files", [])]
    env = [p for p in os.environ.get(KNOWLEDGE_ENV, "").split(os.pathsep) if p]
    for path in [*builtin, *_expand([*env, *extra])]:
        _add_file(pack, path)
    return pack


def _expand(locations: Iterable[str | Path]) -> Iterator[Path]:
    for location in locations:
        path = Path(location)
        if not path.exists():
            raise InputError(f"knowledge file not found: {path}")
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
        else:
            yield path


def read_yaml(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """A YAML file read safely: size-capped, safe loader, and its expanded size bounded too.

    YAML aliases share one object among many places, so a small file can expand to gigabytes
    when it is walked or serialised ("billion laughs"); the loaded data is measured with a budget.
    """
    if path.stat().st_size > max_bytes:
        raise InputError(f"{path}: larger than {max_bytes // 1024} KiB")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid YAML in UTF-8: {exc}") from exc
    try:
        _within_budget(data, path, [max_bytes * 4], set())
    except RecursionError as exc:
        raise InputError(f"{path}: nested too deeply; refused") from exc
    return data


def _within_budget(value: Any, path: Path, budget: list[int], inside: set[int]) -> None:
    """Walk *value*, spending the budget on every item and character; refuse when it runs out.

    *inside* holds the containers on the current path: an alias to one of them is a cycle.
    """
    budget[0] -= len(value) + 1 if isinstance(value, str) else 1
    if budget[0] < 0:
        raise InputError(f"{path}: expands far beyond its size (YAML aliases?); refused")
    if not isinstance(value, (dict, list)):
        return
    if id(value) in inside:
        raise InputError(f"{path}: refers to itself (a recursive YAML alias); refused")
    inside.add(id(value))
    for item in value.items() if isinstance(value, dict) else value:
        for part in item if isinstance(value, dict) else (item,):
            _within_budget(part, path, budget, inside)
    inside.discard(id(value))


def _add_file(pack: KnowledgePack, path: Path) -> None:
    data = read_yaml(path)
    pack.files.append(str(path))
    if isinstance(data, dict) and "entries" in data:
        _add_facts(pack, path, data)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            where = f"{path}: entry {index + 1}"
            if not isinstance(item, dict) or not item.get("id"):
                raise InputError(f"{where}: expected a mapping with an id")
            if str(item["id"]).startswith("nar:"):
                narrative = _narrative(item, where)
                if narrative.id in pack.narratives:
                    pack.warnings.append(f"{where} ({narrative.id}): replaces the narrative loaded before")
                pack.narratives[narrative.id] = narrative
            else:
                earlier = pack.entities.get(str(item["id"]))
                if earlier is not None and item.get("extends") is True:
                    if item.setdefault("type", earlier.type) != earlier.type:
                        raise InputError(
                            f"{where} ({earlier.id}): extends type {earlier.type!r} as {item['type']!r}"
                        )
                entity = _entity(item, where, pack.warnings)
                if earlier is not None and item.get("extends") is True:
                    entity = _extended(earlier, entity, item)
                elif earlier is not None:
                    lost = set(earlier.all_aliases()) - set(entity.all_aliases())
                    pack.warnings.append(
                        f"{where} ({entity.id}): replaces the entity loaded before, and {len(lost)} of its "
                        "spellings with it; write `extends: true` to add to it instead"
                    )
                elif item.get("extends") is True:
                    pack.warnings.append(f"{where} ({entity.id}): extends no entity loaded before: added")
                pack.entities[entity.id] = entity
    elif data is not None:
        raise InputError(f"{path}: expected a list of entities or narratives, or a mapping with entries")


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise InputError(f"{where}: expected a list of strings")
    return tuple(str(v) for v in value)


def _by_language(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a mapping of language to a list of strings")
    return {str(lang): _strings(names, f"{where} ({lang})") for lang, names in value.items()}


def _entity(item: dict[str, Any], where: str, warnings: list[str]) -> Entity:
    kind = str(item.get("type", ""))
    if kind not in ENTITY_TYPES:
        raise InputError(f"{where} ({item['id']}): unknown type {kind!r}")
    aliases = _by_language(item.get("aliases"), f"{where} ({item['id']}) aliases")
    every = {a for names in aliases.values() for a in names}
    required = frozenset(_strings(item.get("context_required"), f"{where} context_required"))
    if required - every:
        warnings.append(
            f"{where} ({item['id']}): context_required names no alias: {sorted(required - every)}"
        )
    attributes = item.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise InputError(f"{where} ({item['id']}): attributes must be a mapping")
    return Entity(
        id=str(item["id"]),
        type=kind,
        name=str(item.get("name") or item["id"]),
        aliases=aliases,
        context_required=required,
        context_words=_strings(item.get("context_words"), f"{where} context_words"),
        attributes=attributes,
        description=str(item.get("description") or ""),
    )


def _extended(earlier: Entity, more: Entity, item: dict[str, Any]) -> Entity:
    """*earlier* with *more*'s spellings, context and attributes added; its name and description if given."""
    aliases = {lang: tuple(dict.fromkeys(names)) for lang, names in earlier.aliases.items()}
    for lang, names in more.aliases.items():
        aliases[lang] = tuple(dict.fromkeys([*aliases.get(lang, ()), *names]))
    return Entity(
        id=earlier.id,
        type=earlier.type,
        name=more.name if item.get("name") else earlier.name,
        aliases=aliases,
        context_required=earlier.context_required | more.context_required,
        context_words=tuple(dict.fromkeys([*earlier.context_words, *more.context_words])),
        attributes={**earlier.attributes, **more.attributes},
        description=more.description or earlier.description,
    )


def _narrative(item: dict[str, Any], where: str) -> Narrative:
    disarm = item.get("disarm") or []
    if not isinstance(disarm, list) or not all(isinstance(d, dict) and "id" in d for d in disarm):
        raise InputError(f"{where} ({item['id']}): disarm must be a list of {{id, name}}")
    return Narrative(
        id=str(item["id"]),
        name=str(item.get("name") or item["id"]),
        description=str(item.get("description") or ""),
        examples=_by_language(item.get("examples"), f"{where} examples"),
        keywords=_strings(item.get("keywords"), f"{where} keywords"),
        disarm=tuple({"id": str(d["id"]), "name": str(d.get("name", ""))} for d in disarm),
    )


def _add_facts(pack: KnowledgePack, path: Path, data: dict[str, Any]) -> None:
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise InputError(f"{path}: entries must be a list")
    known = {(f.subject, f.relation, f.object): k for k, f in enumerate(pack.facts)}
    for index, entry in enumerate(entries):
        where = f"{path}: fact {index + 1}"
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("subject", "relation", "object")):
            raise InputError(f"{where}: expected subject, relation and object")
        fact = Fact(
            subject=str(entry["subject"]),
            relation=str(entry["relation"]),
            object=str(entry["object"]),
            since=None if entry.get("since") is None else str(entry["since"]),
            until=None if entry.get("until") is None else str(entry["until"]),
            note=str(entry.get("note") or ""),
            source=str(data.get("source") or ""),
            as_of=str(data.get("as_of") or ""),
        )
        key = (fact.subject, fact.relation, fact.object)
        if key in known:
            pack.facts[known[key]] = fact
        else:
            known[key] = len(pack.facts)
            pack.facts.append(fact)
