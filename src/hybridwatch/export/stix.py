"""A STIX 2.1 bundle of what hybridwatch found, for MISP, OpenCTI and other TIP platforms.

* the producer: an ``identity`` (hybridwatch, a system) that created everything;
* coordinated sharing networks and surging narratives: ``campaign`` objects;
* the DISARM techniques of the known narratives they match: ``attack-pattern`` objects
  (external reference ``DISARM``), linked by ``uses``;
* accounts in the networks: ``identity`` objects (individuals), ``related-to`` their campaign;
  media outlets of the knowledge pack whose domains a network shared, or that a surging
  narrative's documents name: ``threat-actor`` (state-affiliated media) or ``identity`` (other
  outlets), ``related-to`` the campaign;
* the evidence: a ``note`` per campaign (co-share pairs, surge day and factor, document ids) and a
  ``report`` per campaign that refers to all of it.

Ids are UUIDv5 from what they describe, so exporting again gives the same ids.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import stix2

from hybridwatch.analyse.narratives.known import known_narrative
from hybridwatch.analyse.narratives.service import written_labels
from hybridwatch.analyse.narratives.surges import describe_surge
from hybridwatch.knowledge.pack import Entity, KnowledgePack, load_pack
from hybridwatch.store import SQLiteStore

__all__ = ["stix_bundle", "NAMESPACE"]

NAMESPACE = uuid.UUID("5b0c1a7e-3d2f-5e4a-9c1b-7f3e2a1d0c9b")
STATE_MEDIA = frozenset({"russian_state_media", "chinese_state_media"})


def _id(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


class Stamp(NamedTuple):
    """An object's ``created`` and ``modified``.

    ``created`` may not change between versions of an object (STIX 2.1, 3.2): it is when the
    finding began (a network's first share, a surge's day), which a later export shares; the
    export's own time was used for both, so every re-export broke the versioning its stable
    ids promise. ``modified`` is when the analysis ran.
    """

    created: datetime
    modified: datetime

    @classmethod
    def of(cls, began: datetime, ran_at: str | None) -> Stamp:
        """Created when it began, modified when the analysis ran (never before it began)."""
        return cls(began, max(began, _time(ran_at)))


PACK_CREATED = datetime(2026, 1, 1, tzinfo=UTC)


def _pack_stamp(version: str) -> Stamp:
    """The pack's records: created with the pack, modified as of its version ("2026.11.1": November)."""
    try:
        year, month = (int(part) for part in version.split(".")[:2])
        return Stamp(PACK_CREATED, max(PACK_CREATED, datetime(year, month, 1, tzinfo=UTC)))
    except ValueError:
        return Stamp(PACK_CREATED, PACK_CREATED)


def _time(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class _Builder:
    def __init__(self, store: SQLiteStore, pack: KnowledgePack) -> None:
        self.store, self.pack = store, pack
        self.pack_stamp = _pack_stamp(pack.version)
        self.account_since: dict[str, datetime] = {}  # each account's first share in any network
        self.objects: dict[str, Any] = {}
        self.producer = stix2.Identity(
            id=_id("identity", "hybridwatch"),
            name="hybridwatch",
            identity_class="system",
            description="Open-source monitoring of hybrid threats in the information space.",
            created=datetime(2026, 1, 1, tzinfo=UTC),
            modified=datetime(2026, 1, 1, tzinfo=UTC),
        )
        self.add(self.producer)
        self.outlets_by_domain = {
            domain: e
            for e in pack.entities.values()
            if e.type == "media_outlet"
            for domain in e.attributes.get("domains", [])
        }

    def add(self, obj: Any) -> Any:
        self.objects.setdefault(obj.id, obj)
        return self.objects[obj.id]

    def relate(self, source: str, kind: str, target: str, stamp: Stamp) -> str:
        rel = stix2.Relationship(
            id=_id("relationship", f"{source}|{kind}|{target}"),
            source_ref=source,
            relationship_type=kind,
            target_ref=target,
            created_by_ref=self.producer.id,
            created=stamp.created,
            modified=stamp.modified,
        )
        return str(self.add(rel).id)

    def outlet(self, entity: Entity) -> str:
        common = {
            "name": entity.name,
            "description": f"{entity.description} Owner: {entity.attributes.get('owner', 'unknown')}; "
            f"state affiliation: {entity.attributes.get('state_affiliation', 'unknown')} (knowledge pack).",
            "created_by_ref": self.producer.id,
            "created": self.pack_stamp.created,
            "modified": self.pack_stamp.modified,
        }
        if entity.attributes.get("state_affiliation") in STATE_MEDIA:
            actor = stix2.ThreatActor(
                id=_id("threat-actor", entity.id), threat_actor_types=["nation-state"], **common
            )
            return str(self.add(actor).id)
        return str(
            self.add(
                stix2.Identity(id=_id("identity", entity.id), identity_class="organization", **common)
            ).id
        )

    def technique(self, technique: dict[str, str]) -> str:
        pattern = stix2.AttackPattern(
            id=_id("attack-pattern", technique["id"]),
            name=technique.get("name") or technique["id"],
            external_references=[{"source_name": "DISARM", "external_id": technique["id"]}],
            created_by_ref=self.producer.id,
            created=self.pack_stamp.created,
            modified=self.pack_stamp.modified,
        )
        return str(self.add(pattern).id)

    def campaign(
        self, key: str, name: str, description: str, first: datetime, last: datetime, stamp: Stamp
    ) -> str:
        campaign = stix2.Campaign(
            id=_id("campaign", key),
            name=name,
            description=description,
            first_seen=first,
            last_seen=max(first, last),
            created_by_ref=self.producer.id,
            created=stamp.created,
            modified=stamp.modified,
        )
        return str(self.add(campaign).id)

    def evidence(
        self, key: str, campaign: str, refs: list[str], summary: str, content: dict[str, Any], stamp: Stamp
    ) -> None:
        note = stix2.Note(
            id=_id("note", key),
            abstract=summary[:200],
            content=json.dumps(content, ensure_ascii=False, indent=1),
            object_refs=[campaign],
            created_by_ref=self.producer.id,
            created=stamp.created,
            modified=stamp.modified,
        )
        self.add(note)
        report = stix2.Report(
            id=_id("report", key),
            name=summary[:200],
            report_types=["campaign"],
            published=stamp.modified,
            object_refs=[campaign, note.id, *refs],
            created_by_ref=self.producer.id,
            created=stamp.created,
            modified=stamp.modified,
        )
        self.add(report)


def stix_bundle(
    store: SQLiteStore, pack: KnowledgePack | None = None, *, since: datetime | None = None
) -> stix2.Bundle:
    """Coordination networks and surging narratives (first seen or surging from *since*) as a bundle."""
    pack = pack or load_pack()
    build = _Builder(store, pack)
    networks = store.findings.of_kind("coordination_network")
    for finding in networks:  # an account's identity is created with its first share in any network
        for account in finding["payload"]["accounts"]:
            first = _time(finding["payload"]["first_share"])
            build.account_since[account] = min(first, build.account_since.get(account, first))
    for finding in networks:
        _network(build, finding, since)
    labels = {
        nid: (json.loads(label), json.loads(terms), first, last)
        for nid, label, terms, first, last in store.conn.execute(
            "SELECT id, label, terms, first_seen, last_seen FROM narratives WHERE status = 'active'"
        )
    }
    surges = [f for f in store.findings.of_kind("narrative_surge") if f["subject"] in labels]
    written = written_labels(store, {f["subject"]: labels[f["subject"]][0] for f in surges})
    for finding in surges:
        _surge(build, finding, labels[finding["subject"]], written[finding["subject"]], since)
    return stix2.Bundle(objects=list(build.objects.values()))


def _network(build: _Builder, finding: dict[str, Any], since: datetime | None) -> None:
    n = finding["payload"]
    first, last = _time(n["first_share"]), _time(n["last_share"])
    stamp = Stamp.of(first, finding["ran_at"])
    if since and last < since:
        return
    by = n.get("by", "url")
    campaign = build.campaign(
        f"network:{n['network_id']}",
        f"Coordinated sharing network {n['network_id']} ({n['size']} accounts, by {by})",
        f"{n['size']} accounts shared {n['n_objects']} objects ({by}) within "
        f"{n.get('window_seconds', 0):.0f} s of each other, repeatedly, "
        f"between {n['first_share']} and {n['last_share']}.",
        first,
        last,
        stamp,
    )
    refs = []
    for account in n["accounts"]:
        since = build.account_since.get(account, stamp.created)
        person = build.add(
            stix2.Identity(
                id=_id("identity", f"account:{account}"),
                name=account,
                identity_class="individual",
                created_by_ref=build.producer.id,
                created=since,
                modified=max(stamp.modified, since),
            )
        )
        refs += [person.id, build.relate(person.id, "related-to", campaign, stamp)]
    for obj in n.get("objects", []):
        host = (urlsplit(obj).hostname or "").removeprefix("www.")
        entity = build.outlets_by_domain.get(host)
        if entity is not None:
            outlet = build.outlet(entity)
            refs += [outlet, build.relate(campaign, "related-to", outlet, stamp)]
    build.evidence(
        f"network:{n['network_id']}",
        campaign,
        refs,
        f"Coordinated sharing by {n['size']} accounts: evidence",
        {
            "accounts": n["accounts"],
            "objects": n.get("objects", []),
            "edges": n.get("edges", []),
            "evidence": n.get("evidence", []),
        },
        stamp,
    )


def _surge(
    build: _Builder,
    finding: dict[str, Any],
    narrative: tuple[list[str], dict[str, int], str | None, str | None],
    written: list[str],
    since: datetime | None,
) -> None:
    """A surging narrative as a campaign; *written* is its label as its documents write it."""
    label, terms, first, last = narrative
    surge = finding["payload"]
    day = _time(surge["day"] + "T00:00:00+00:00")
    stamp = Stamp.of(_time(first) if first else day, finding["ran_at"])  # one campaign per narrative
    if since and day < since:
        return
    known = known_narrative(terms, label, build.pack)
    name = known.name if known else " · ".join(written)
    campaign = build.campaign(
        f"narrative:{finding['subject']}",
        f"Surging narrative: {name}",
        f"Narrative {finding['subject']} ({' · '.join(written)}) surged on {surge['day']}: "
        f"{describe_surge(surge)}.",
        _time(first),
        _time(last),
        stamp,
    )
    refs = []
    for (entity_id,) in build.store.conn.execute(
        "SELECT DISTINCT m.entity_id FROM mentions m "
        "JOIN narrative_members n ON n.document_id = m.document_id "
        "WHERE n.narrative_id = ? AND m.entity_id LIKE 'outlet:%'",
        (finding["subject"],),
    ):
        if entity_id in build.pack.entities:
            outlet = build.outlet(build.pack.entities[entity_id])
            refs += [outlet, build.relate(campaign, "related-to", outlet, stamp)]
    for technique in known.disarm if known else ():
        pattern = build.technique(dict(technique))
        refs += [pattern, build.relate(campaign, "uses", pattern, stamp)]
    build.evidence(
        f"surge:{finding['subject']}:{surge['day']}",
        campaign,
        refs,
        f"Narrative surge on {surge['day']} ({surge['factor']}x)",
        {
            "narrative": finding["subject"],
            "label": label,
            "known_narrative": known.id if known else None,
            **surge,
        },
        stamp,
    )
