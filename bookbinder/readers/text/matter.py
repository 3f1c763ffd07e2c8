"""Names of the matter around a story: a heading that says "Preface" or "Notes" is not a chapter.

One table, in the languages books come in, from a heading's leading words to the kind of section
(``Matter``). Used to keep such lines out of the chapters and to file the text under them.
"""

from __future__ import annotations

import re

from bookbinder.model import Matter
from bookbinder.readers.text.sequences import fold

_NAMES: tuple[tuple[Matter, str], ...] = (
    (Matter.PREFACE, "preface prefatory préface prefacio prefazione prefácio vorrede vorwort πρόλογος"),
    (Matter.FOREWORD, "foreword"),
    (Matter.INTRODUCTION, "introduction introductory einleitung introducción introduzione introdução"),
    (Matter.DEDICATION, "dedication dedicatory widmung dédicace dedicatoria dedica"),
    (Matter.PROLOGUE, "prólogo post-prólogo prologo"),
    (Matter.NOTE, "advertisement note author's translator's editor's"),
    (Matter.CREDITS, "transcriber's transcribers produced credits"),
    (Matter.AFTERWORD, "afterword conclusion nachwort postface"),
    (Matter.APPENDIX, "appendix anhang appendice apéndice"),
    (Matter.NOTES, "notes footnotes endnotes anmerkungen"),
    (Matter.OTHER, "illustrations list index glossary contents impressions"),
)
_KINDS = {fold(word): kind for kind, words in _NAMES for word in words.split()}
_LEAD = re.compile(r"[\W\d_]*(?:the\s+|a\s+|to\s+the\s+)?([^\W\d_][\w'’-]*)", re.IGNORECASE)


def matter_kind(line: str) -> Matter | None:
    """The kind of matter a heading line names ("PREFACE.", "The Preface", "List of
    Illustrations", "Preface to the Second Edition"), or None for anything else."""
    text = " ".join(line.split())
    if not text or len(text) > 60:
        return None
    found = _LEAD.match(text)
    if found is None:
        return None
    word = fold(found.group(1)).replace("’", "'")
    return _KINDS.get(word)
