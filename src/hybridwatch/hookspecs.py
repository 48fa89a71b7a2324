"""Plugin hook specifications. Built-ins register through the same hooks as third parties."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import sqlite3

    import click

hookspec = pluggy.HookspecMarker("hybridwatch")
hookimpl = pluggy.HookimplMarker("hybridwatch")


@hookspec
def register_sources() -> list[Any]:  # type: ignore[empty-body]
    """Return Source objects (see ``hybridwatch.ingest._base.Source``) for new input formats."""


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands to the ``hybridwatch`` command-line group."""


@hookspec
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Adjust each new SQLite connection (register functions, pragmas)."""
