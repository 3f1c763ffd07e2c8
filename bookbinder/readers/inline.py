"""Inline text: emphasis spans and smart punctuation (on span text only, never on markup).

PLACEHOLDER: returns the text as one plain span; the inline work replaces the body.
"""

from __future__ import annotations

from ..model import Span


def parse_inline(text: str, *, smart: bool = True) -> tuple[Span, ...]:
    """Split one paragraph's text into styled spans (``*em*``, ``_em_``, ``**strong**``), then
    curl quotes and make dashes and ellipses in each span's text when ``smart``."""
    return (Span(text),)
