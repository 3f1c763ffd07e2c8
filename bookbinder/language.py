"""Language detection for manuscripts that do not say what language they are in.

PLACEHOLDER: always None; the metadata work replaces it.
"""

from __future__ import annotations


def detect_language(text: str) -> str | None:
    """A BCP 47 code (``en``, ``fr``) for ``text``, or None when unsure."""
    return None
