"""The one folder where bookbinder keeps what it can recompute (plugin lists, covers)."""

from __future__ import annotations

import os
from pathlib import Path

ENV = "BOOKBINDER_CACHE_DIR"  # another folder, or empty: no caches at all


def user_cache_dir() -> Path | None:
    """``$BOOKBINDER_CACHE_DIR``, else ``$XDG_CACHE_HOME/bookbinder`` (``~/.cache/bookbinder``);
    None when switched off."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return Path(chosen).expanduser() if chosen.strip() else None
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "bookbinder"
