"""reportlab's paragraph module, imported with its one slow regular expression compiled on first use.

``reportlab.platypus.paragraph`` compiles, at import, a case-insensitive URL pattern over the whole
BMP (``uri_pat``): 26 ms, a tenth of a one-book PDF's own work, for a pattern reportlab uses only to
split a URL too long for a line. While that module is imported, ``re.compile`` hands back a
stand-in for exactly that pattern, which compiles the real one the first time it is used; every
other pattern is compiled as usual. If reportlab changes the pattern, nothing is deferred.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

_DEFERRED = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # how reportlab's uri_pat begins
_COMPILE = re.compile
_LOCK = threading.Lock()


class LazyPattern:
    """A compiled pattern made on first use (``match``, ``search``, ``pattern`` ...)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = _COMPILE(*self._source)
        return getattr(compiled, name)


def _compile(pattern: Any, flags: Any = 0) -> Any:
    if isinstance(pattern, str) and pattern.startswith(_DEFERRED) and flags == re.IGNORECASE:
        return LazyPattern(pattern, flags)
    return _COMPILE(pattern, flags)


def import_paragraph() -> None:
    """Import ``reportlab.platypus.paragraph`` (once) with its URL pattern deferred."""
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    with _LOCK:
        re.compile = _compile
        try:
            import reportlab.platypus.paragraph  # noqa: F401
        finally:
            re.compile = _COMPILE


import_paragraph()  # on import: the PDF writer imports this module before any reportlab.platypus
