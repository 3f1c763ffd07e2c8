"""The roles pass: what a paragraph is besides running text.

``[Illustration: ...]`` markers are captions; ``THE END``, ``FINIS`` and ``FINE`` close the book
(centred, not story); in a play (a book divided into acts or scenes) a speaker's name on its own
line in capitals and the speech under it become one SPEECH paragraph led by the name in small
capitals, and bracketed directions are STAGE paragraphs.
"""

from __future__ import annotations

import re

from bookbinder.model import Paragraph, Role, Span, Style
from bookbinder.readers.text.drafts import Context, Draft, Heading
from bookbinder.readers.text.lazy import lazy_pattern
from bookbinder.readers.text.sequences import candidate, fold

_CAPTION = re.compile(r"\[\s*(?:illustration|picture|image|figure)\b.*\]", re.IGNORECASE | re.DOTALL)
_CLOSING = frozenset(
    fold(word) for word in ("the end", "finis", "fine", "fim", "fin", "ende", "τέλος", "конец")
)
_PLAY_WORDS = frozenset(
    fold(word)
    for word in ("act", "scene", "acte", "scène", "akt", "szene", "atto", "scena", "escena", "acto")
)
_SPEAKER = lazy_pattern(r"[^\W\d_][^\W\d_ .'’-]*(?:[ '’-][^\W\d_]+){0,3}\.")
_STAGE = lazy_pattern(r"\[[^\[\]]+\]\.?", re.DOTALL)


def roles(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """Captions, the closing line, speeches and stage directions (see the module)."""
    play = any(
        isinstance(d, Heading) and (found := candidate(0, d.title)) is not None and found.word in _PLAY_WORDS
        for d in drafts
    )
    last = max((i for i, d in enumerate(drafts) if isinstance(d, Paragraph)), default=-1)
    out: list[Draft] = []
    index = 0
    while index < len(drafts):
        draft = drafts[index]
        index += 1
        if not isinstance(draft, Paragraph) or draft.role is not Role.BODY:
            out.append(draft)
            continue
        text = " ".join(draft.text.split())
        if _CAPTION.fullmatch(text):
            out.append(_with_role(draft, Role.CAPTION))
        elif index - 1 >= last - 2 and fold(text.rstrip(".")) in _CLOSING:
            out.append(_with_role(draft, Role.CENTERED))
        elif play and _STAGE().fullmatch(text):
            out.append(_with_role(draft, Role.STAGE))
        elif play and _speaker(text) and index < len(drafts) and _speech(drafts[index]):
            speech = drafts[index]
            assert isinstance(speech, Paragraph)
            index += 1
            spans = (Span(text, Style.SMALL_CAPS), Span("\n" if speech.verse else " "), *speech.spans)
            out.append(Paragraph(spans, speech.verse, draft.line, Role.SPEECH))
        elif play and (led := _led_by_speaker(draft)) is not None:
            out.append(led)
        else:
            out.append(draft)
    return out


_LEADING_SPEAKER = lazy_pattern(r"([^\W\d_][^\W\d_ '’-]*(?:[ '’-][^\W\d_]+){0,3}\.)([ \n]+)(?=\S)")


def _led_by_speaker(para: Paragraph) -> Paragraph | None:
    """``FIRST WITCH.`` heading the lines of its speech in one paragraph: a SPEECH paragraph."""
    first = para.spans[0]
    found = _LEADING_SPEAKER().match(first.text)
    if first.style is not Style.PLAIN or found is None or not found.group(1).isupper():
        return None
    rest = Span(first.text[found.end() :], first.style)
    spans = (Span(found.group(1), Style.SMALL_CAPS), Span(found.group(2)), rest, *para.spans[1:])
    return Paragraph(spans, para.verse, para.line, Role.SPEECH)


def _speaker(text: str) -> bool:
    """A name in capitals on its own line, ending in a full stop: ``FIRST WITCH.``"""
    return len(text) <= 40 and text.isupper() and _SPEAKER().fullmatch(text) is not None


def _speech(draft: Draft) -> bool:
    return (
        isinstance(draft, Paragraph)
        and draft.role is Role.BODY
        and not _speaker(" ".join(draft.text.split()))
    )


def _with_role(para: Paragraph, role: Role) -> Paragraph:
    return Paragraph(para.spans, para.verse, para.line, role)
