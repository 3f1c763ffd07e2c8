"""Names a module re-exports but imports only when first used (a module-level ``__getattr__``).

The facade modules (``api``, ``pipeline``) name everything a caller may want, but a command pays
only for what it touches: ``bookbinder suffixes``, which make runs on every call, never imports
the model, the preflight checks or the transforms.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(module: str, table: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A ``__getattr__`` for ``module``: ``name`` is imported from ``table[name]`` on first use and
    kept in ``namespace`` (the module's globals), so later lookups are plain attribute reads."""

    def __getattr__(name: str) -> Any:
        if name not in table:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(table[name]), name)
        namespace[name] = value
        return value

    return __getattr__
