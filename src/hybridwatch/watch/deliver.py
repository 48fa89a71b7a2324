"""Delivering alerts: the inbox (the ``alerts`` table) always; a webhook and e-mail when a rule asks.

The webhook gets one JSON POST per alert through the same guarded client as fetching (private,
loopback and link-local addresses refused unless the rule says ``allow_private: true``). E-mail
goes over SMTP to ``$HYBRIDWATCH_SMTP`` (``host:port``, default ``localhost:25``) from
``$HYBRIDWATCH_SMTP_FROM``. A failed delivery is recorded on the alert, never raised: the
alert stays in the inbox either way.
"""

from __future__ import annotations

import json
import os
import smtplib
from collections.abc import Iterable
from email.message import EmailMessage

from hybridwatch.errors import FetchError
from hybridwatch.ingest.fetch import post_json
from hybridwatch.store import SQLiteStore
from hybridwatch.store._sql import transaction
from hybridwatch.watch.evaluate import Alert
from hybridwatch.watch.rules import Rule

__all__ = ["deliver", "SMTP_ENV", "SMTP_FROM_ENV"]

SMTP_ENV, SMTP_FROM_ENV = "HYBRIDWATCH_SMTP", "HYBRIDWATCH_SMTP_FROM"


def deliver(store: SQLiteStore, alerts: Iterable[Alert], rules: dict[str, Rule]) -> None:
    """Send each alert where its rule says; record "sent" or the error per channel."""
    for alert in alerts:
        rule = rules.get(alert.rule_id)
        if rule is None:
            continue
        for channel, wanted, send in (("webhook", rule.webhook, _webhook), ("email", rule.emails, _email)):
            if not wanted:
                continue
            try:
                alert.delivery[channel] = send(rule, alert)
            except Exception as exc:  # a delivery problem is recorded, never raised: the alert is stored
                alert.delivery[channel] = f"failed: {type(exc).__name__}: {exc}"
        if alert.delivery:
            with transaction(store.conn):
                store.conn.execute(
                    "UPDATE alerts SET delivery = ? WHERE id = ?", (json.dumps(alert.delivery), alert.id)
                )


def _webhook(rule: Rule, alert: Alert) -> str:
    body = json.dumps(
        {"source": "hybridwatch", "rule": {"id": rule.id, "name": rule.name}, "alert": alert.as_dict()}
    )
    try:
        post_json(
            str(rule.webhook),
            body.encode("utf-8"),
            allow_private=rule.allow_private,
            private_hint="a rule allows them with notify: {allow_private: true}",
        )
    except FetchError as exc:
        return f"failed: {exc}"
    return "sent"


def _email(rule: Rule, alert: Alert) -> str:
    host, _, port = os.environ.get(SMTP_ENV, "localhost:25").rpartition(":")
    message = EmailMessage()
    subject = " ".join(f"[hybridwatch {alert.severity}] {alert.title}".split())  # no line breaks in headers
    message["Subject"] = subject[:250]
    message["From"] = os.environ.get(SMTP_FROM_ENV, "hybridwatch@localhost")
    message["To"] = ", ".join(rule.emails)
    documents = alert.evidence.get("documents", [])
    message.set_content(
        f"{alert.title}\n\nRule: {rule.name} ({rule.id})\nSeverity: {alert.severity}\n"
        f"Fired: {alert.fired_at}\n"
        f"Evidence documents: {', '.join(documents) if documents else 'see the evidence below'}\n\n"
        + json.dumps(alert.evidence, ensure_ascii=False, indent=2)
    )
    try:
        with smtplib.SMTP(host or "localhost", int(port or 25), timeout=10) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException, ValueError) as exc:
        return f"failed: {exc}"
    return "sent"
