"""The characters a book cannot carry: one set for the readers, the metadata and the writers.

XML 1.0 forbids C0 controls other than tab, newline and carriage return, lone surrogates and
U+FFFE/U+FFFF. DEL and the C1 controls (U+0080-U+009F) are legal XML but invalid HTML, and in
prose they are never meant: they are cp1252 bytes mis-decoded as Latin-1. All are removed.
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_forbidden(text: str) -> str:
    """``text`` without the characters in FORBIDDEN."""
    return FORBIDDEN.sub("", text) if FORBIDDEN.search(text) else text
