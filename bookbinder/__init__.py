"""bookbinder: plain-text manuscripts -> EPUB and print-ready PDF.

The pipeline is ``readers -> Manuscript -> writers``; ``api`` is what the CLI and tests call.
Everything but the version is imported on first use, so `bookbinder --version` stays fast.
"""

from __future__ import annotations

from bookbinder.version import __version__

TYPE_CHECKING = False  # not typing's: importing typing alone costs more than the rest of --version

__all__ = ["BookbinderError", "ExitCode", "InputError", "Manuscript", "__version__", "build", "read"]

if TYPE_CHECKING:
    from typing import Any

    from bookbinder.api import build, read
    from bookbinder.errors import BookbinderError, ExitCode, InputError
    from bookbinder.model import Manuscript

_LAZY = {
    "build": "bookbinder.api", "read": "bookbinder.api", "Manuscript": "bookbinder.model",
    "BookbinderError": "bookbinder.errors", "ExitCode": "bookbinder.errors",
    "InputError": "bookbinder.errors",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
