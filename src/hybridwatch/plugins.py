"""The plugin manager: built-in plugins first, then third-party ones from entry points."""

from __future__ import annotations

import os
import sys

import pluggy

from hybridwatch import hookspecs

__all__ = ["pm", "ensure_plugins_loaded", "DEFAULT_PLUGINS"]

DEFAULT_PLUGINS = ("hybridwatch.ingest.builtin",)

pm = pluggy.PluginManager("hybridwatch")
pm.add_hookspecs(hookspecs)
_loaded = False


def ensure_plugins_loaded() -> None:
    """Register built-ins and (outside tests) installed plugins, once."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if "pytest" not in sys.modules and not os.environ.get("HYBRIDWATCH_NO_PLUGINS"):
        pm.load_setuptools_entrypoints("hybridwatch")
