"""bookbinder: plain-text manuscripts -> EPUB and print-ready PDF.

The pipeline is ``readers -> Manuscript -> writers``; ``api`` is what the CLI and tests call.
Heavy modules are imported lazily so `bookbinder --version` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bookbinder.errors import BookbinderError, ExitCode, InputError
from bookbinder.model import Manuscript
from bookbinder.version import __version__

__all__ = ["BookbinderError", "ExitCode", "InputError", "Manuscript", "__version__", "build", "read"]

if TYPE_CHECKING:
    from bookbinder.api import build, read


def __getattr__(name: str) -> Any:
    if name in {"build", "read"}:
        from bookbinder import api

        return getattr(api, name)
    raise AttributeError(name)
