"""Model -> model steps that options ask for, applied between reading and writing.

Readers describe what a manuscript *is*; transforms apply what the reader of the book *wants*
(author's notes at the end, several works bound as one). Each is a pure function over the frozen
model, in a module of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bookbinder.metadata.fallbacks import missing_metadata_warning
from bookbinder.model import Manuscript
from bookbinder.transforms.notes import NotesOutcome, NotesPolicy, apply_notes_policy, parse_policy

NOTES_KEY = "notes"  # the sidecar/catalogue key that sets the policy for one book or a folder


@dataclass(frozen=True, slots=True)
class Prepared:
    """A manuscript ready for the writers, and what preparing it had to say."""

    manuscript: Manuscript
    notes: NotesOutcome
    warnings: tuple[str, ...]


def notes_policy(manuscript: Manuscript, asked: NotesPolicy | None) -> NotesPolicy:
    """The command line's policy, else the metadata's ``notes`` key, else keep."""
    if asked is not None:
        return asked
    value = dict(manuscript.metadata.extra).get(NOTES_KEY)
    return parse_policy(value) if value else NotesPolicy.KEEP


def prepare(manuscript: Manuscript, source: Path, notes: NotesPolicy | None = None) -> Prepared:
    """Apply the transforms the options ask for and say what the book still lacks."""
    outcome = apply_notes_policy(manuscript, notes_policy(manuscript, notes))
    warning = missing_metadata_warning(outcome.manuscript.metadata, source)
    return Prepared(outcome.manuscript, outcome, (warning,) if warning else ())
