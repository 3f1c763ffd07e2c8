"""Author's notes: paragraphs the author labels as talking to the reader, not telling the story."""

from __future__ import annotations

import re

from bookbinder.model import AuthorNote, Paragraph
from bookbinder.readers.text.drafts import Context, Draft, Heading

# Labels that open an author's note anywhere in a chapter (fan-fiction habits), with an optional
# opening bracket: "A/N: thanks for reading", "(AN: ...)", "Author's Note: ...", "Authors Notes -".
ANYWHERE = re.compile(
    r"^[\[(*_]*(?:"
    r"(?:a\s*/\s*n|a\.n\.|author[’']?s[’']?\s+notes?|authors?\s+notes?|end\s+notes?|chapter\s+notes?)"
    r"(?:\s*[:\-–—.]|[*_)\]]*$)"  # "A/N:", "Author's Note -", or the label alone on its line
    r"|an\s*:)",  # "AN:" needs its colon: "An old man" is prose
    re.IGNORECASE,
)
# "Note:" and "Disclaimer:" are too common in prose to trust mid-chapter: only as a chapter's
# first or last paragraph (a fan-fiction disclaimer opens the chapter).
AT_EDGES = re.compile(r"^[\[(*_]*(?:notes?|disclaimer)\s*:", re.IGNORECASE)
# A label on its own line ("Notes:", "A/N") introduces the paragraph after it (AO3 copy-paste).
BARE_LABEL = re.compile(r"^[\[(*_]*[\w'’/. ]{1,20}[:*_)\]]*$")


def author_notes(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """``A/N: thanks for reading!`` -> AuthorNote((Paragraph('A/N: thanks for reading!'),)).

    The label stays in the text (nothing lost); consecutive notes merge into one note.
    """
    out: list[Draft] = []
    absorb = False
    for index, draft in enumerate(drafts):
        is_para = isinstance(draft, Paragraph) and not draft.verse
        if is_para and (absorb or _is_note(drafts, index, draft.text)):  # type: ignore[union-attr]
            assert isinstance(draft, Paragraph)
            previous = out[-1] if out else None
            if isinstance(previous, AuthorNote):
                out[-1] = AuthorNote((*previous.paragraphs, draft), previous.line)
            else:
                out.append(AuthorNote((draft,), draft.line))
            absorb = not absorb and BARE_LABEL.match(draft.text) is not None
            continue
        absorb = False
        out.append(draft)
    return out


def _is_note(drafts: list[Draft], index: int, text: str) -> bool:
    if ANYWHERE.match(text):
        return True
    if not AT_EDGES.match(text):
        return False
    before = drafts[index - 1] if index > 0 else None
    after = drafts[index + 1] if index + 1 < len(drafts) else None
    return (
        before is None
        or isinstance(before, (Heading, AuthorNote))
        or after is None
        or isinstance(after, Heading)
    )
