"""The author's-note policy: keep notes where they stand, gather them at the end, or strip them.

``end`` leaves a stub (an AuthorNote with no paragraphs and a ``ref``) where each note stood, so
writers link to the note at the back and the note links back; nothing is lost. ``strip`` removes
the notes and reports how many words went, so `inspect` can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from bookbinder.errors import UsageError
from bookbinder.model import AuthorNote, Block, Chapter, Manuscript, Matter, Section
from bookbinder.words import count

NOTES_TITLE = "Author’s notes"


class NotesPolicy(StrEnum):
    """What to do with author's notes."""

    KEEP = "keep"
    END = "end"
    STRIP = "strip"


def parse_policy(value: str) -> NotesPolicy:
    """``"End"`` -> NotesPolicy.END; anything else is a usage error naming the choices."""
    try:
        return NotesPolicy(value.strip().lower())
    except ValueError:
        choices = ", ".join(p.value for p in NotesPolicy)
        raise UsageError(f"notes must be one of {choices}, not {value!r}") from None


@dataclass(frozen=True, slots=True)
class NotesOutcome:
    """The transformed book and what the policy did to it."""

    manuscript: Manuscript
    notes: int  # author's notes found
    words_removed: int  # words taken out of the book (strip only)


def note_anchor(number: int) -> str:
    """The id of the ``number``-th gathered note (1-based); its stub's id is this plus ``-from``."""
    return f"note{number:03d}"


def apply_notes_policy(manuscript: Manuscript, policy: NotesPolicy) -> NotesOutcome:
    """Apply ``policy`` to every author's note in the chapters."""
    notes = [b for c in manuscript.chapters for b in c.blocks if isinstance(b, AuthorNote) and b.paragraphs]
    if policy is NotesPolicy.KEEP or not notes:
        return NotesOutcome(manuscript, len(notes), 0)
    if policy is NotesPolicy.STRIP:
        removed = sum(count(p.text) for note in notes for p in note.paragraphs)
        chapters = tuple(_without_notes(c) for c in manuscript.chapters)
        return NotesOutcome(replace(manuscript, chapters=chapters), len(notes), removed)
    gathered: list[AuthorNote] = []
    chapters = tuple(_stubbed(c, gathered) for c in manuscript.chapters)
    paragraphs = tuple(p for note in gathered for p in note.paragraphs)
    section = Section(NOTES_TITLE, paragraphs, Matter.NOTES, notes=tuple(gathered))
    book = replace(manuscript, chapters=chapters, back_matter=(section, *manuscript.back_matter))
    return NotesOutcome(book, len(notes), 0)


def _without_notes(chapter: Chapter) -> Chapter:
    return replace(chapter, blocks=tuple(b for b in chapter.blocks if not isinstance(b, AuthorNote)))


def _stubbed(chapter: Chapter, gathered: list[AuthorNote]) -> Chapter:
    blocks: list[Block] = []
    for block in chapter.blocks:
        if isinstance(block, AuthorNote) and block.paragraphs:
            ref = note_anchor(len(gathered) + 1)
            gathered.append(replace(block, ref=ref))
            blocks.append(AuthorNote((), block.line, ref=ref))
        else:
            blocks.append(block)
    return replace(chapter, blocks=tuple(blocks))
