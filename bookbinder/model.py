"""The manuscript model: a small immutable tree that every writer reads and nothing else.

Four levels (Manuscript > Chapter > Block > Span), frozen dataclasses and tuples throughout, so
the tree is hashable and a pass can only build new nodes (``dataclasses.replace``). Source line
numbers are kept for messages but excluded from ``==``, so round-trip tests compare structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Flag, StrEnum, auto
from typing import assert_never


class Style(Flag):
    """Inline style of a span; EMPHASIS | STRONG for ***both***."""

    PLAIN = 0
    EMPHASIS = auto()
    STRONG = auto()
    SMALL_CAPS = auto()  # a speaker's name in a play, a lead-in the source set in capitals


class Role(StrEnum):
    """What a paragraph is besides running text; each writer gives every role its own style.

    A SPEECH paragraph starts with the speaker's name as a SMALL_CAPS span; the words that
    follow are the speech.
    """

    BODY = "body"
    QUOTE = "quote"  # a block quotation: a letter read aloud, an inscription, a quoted document
    CENTERED = "centered"  # a line the source centres: a sign, an epigraph's source, a dateline
    SPEECH = "speech"  # one speech in a play
    STAGE = "stage"  # a stage direction
    CAPTION = "caption"  # an illustration's caption


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one style. Text is plain Unicode, never markup."""

    text: str
    style: Style = Style.PLAIN


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of spans.

    ``verse`` paragraphs keep their line breaks: span text holds ``"\\n"`` where a line ends
    (poems and letters set as indented lines), and writers render it as a line break.
    """

    spans: tuple[Span, ...]
    verse: bool = False
    line: int = field(default=0, compare=False)
    role: Role = Role.BODY

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True, slots=True)
class SceneBreak:
    """A change of scene inside a chapter (an ornament line or a run of blank lines)."""

    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class AuthorNote:
    """An author's note (``A/N:``, ``Author's Note:``), set apart from the story."""

    paragraphs: tuple[Paragraph, ...]
    line: int = field(default=0, compare=False)
    # Set when the note was gathered at the back (`--notes end`): the stub left in the chapter has
    # no paragraphs and links to the note with this id; the note links back to ``ref + "-from"``.
    ref: str | None = None


Block = Paragraph | SceneBreak | AuthorNote


def paragraphs_of(block: Block) -> tuple[Paragraph, ...]:
    """The paragraphs a block holds, in order: the one traversal every Block -> text walk uses."""
    match block:
        case Paragraph():
            return (block,)
        case AuthorNote():
            return block.paragraphs
        case SceneBreak():
            return ()
        case _:
            assert_never(block)


@dataclass(frozen=True, slots=True)
class Chapter:
    """A chapter: optional title, optional part it belongs to, and its blocks."""

    title: str | None
    blocks: tuple[Block, ...]
    part: str | None = None  # the division right above chapters: part, book, act
    line: int = field(default=0, compare=False)
    volume: str | None = None  # the division above parts: volume > book > chapter


class Source(StrEnum):
    """Where a metadata value came from, highest precedence first."""

    CLI = "cli"
    SIDECAR = "sidecar"
    CATALOGUE = "catalogue"
    FRONT_MATTER = "front-matter"
    TITLE_BLOCK = "title-block"
    FILENAME = "filename"
    OPENING_LINE = "opening-line"  # an untitled work is known by its first line, as poems are
    DETECTED = "detected"
    DEFAULT = "default"


@dataclass(frozen=True, slots=True)
class Metadata:
    """Bibliographic and fan-fiction metadata, with the origin of every value."""

    title: str
    authors: tuple[str, ...] = ()
    subtitle: str | None = None
    language: str = "en"
    identifier: str = ""  # urn:uuid derived from metadata + text, stable across rebuilds
    date: str | None = None  # W3C date: YYYY, YYYY-MM or YYYY-MM-DD
    description: str | None = None
    subjects: tuple[str, ...] = ()
    series: str | None = None
    series_index: float | None = None
    publisher: str | None = None
    rights: str | None = None
    source_url: str | None = None
    # What an archive download (AO3, FanFicFare) tells a reader about a story.
    fandoms: tuple[str, ...] = ()
    rating: str | None = None
    warnings: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    characters: tuple[str, ...] = ()
    status: str | None = None
    chapter_count: str | None = None  # as the archive writes it: "3/10", "5/?"
    cover: str | None = None  # a cover image path given in the metadata
    # The authors as the manuscript's title page prints them, when that is fuller than the names
    # above ("Mara Quill/Quell" for "Mara Quill"): title pages show it, libraries get the names.
    byline: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # any other `key: value` the author gave
    sources: tuple[tuple[str, Source], ...] = ()  # (field, origin), for `inspect`

    def source(self, name: str) -> Source:
        """Where field ``name`` came from (DEFAULT when nobody set it)."""
        return dict(self.sources).get(name, Source.DEFAULT)


class Matter(StrEnum):
    """What a front- or back-matter section is; EPUB writers map it to its epub:type."""

    OTHER = "other"
    DEDICATION = "dedication"
    EPIGRAPH = "epigraph"
    FOREWORD = "foreword"
    PREFACE = "preface"
    INTRODUCTION = "introduction"
    PROLOGUE = "prologue"
    NOTE = "note"  # the author's note before a story
    CREDITS = "credits"  # e-text credits, transcriber's notes: about the edition, not the book
    AFTERWORD = "afterword"
    APPENDIX = "appendix"
    NOTES = "notes"  # footnotes or endnotes gathered at the back
    LICENCE = "licence"


@dataclass(frozen=True, slots=True)
class Section:
    """Front or back matter: kept out of the story's chapters but never deleted."""

    title: str
    paragraphs: tuple[Paragraph, ...]
    kind: Matter = Matter.OTHER
    # Gathered author's notes (their paragraphs are also ``paragraphs``): writers that know this
    # give each note its anchor and a link back to where it stood.
    notes: tuple[AuthorNote, ...] = ()


@dataclass(frozen=True, slots=True)
class Manuscript:
    """A whole book: metadata, chapters in reading order, and back matter."""

    metadata: Metadata
    chapters: tuple[Chapter, ...]
    back_matter: tuple[Section, ...] = ()
    front_matter: tuple[Section, ...] = ()  # in reading order, before the first chapter
    # The book's own contents list, as found: evidence for headings, shown by `inspect`, never
    # rendered (writers make their own linked contents from the chapters).
    source_contents: tuple[str, ...] = ()
