"""The reader's passes, in order, as data: each is a pure-ish function of (drafts, context).

Order matters and is explicit: metadata at the top is claimed first, then divisions, then scene
breaks, then what is left is prose. Turning a pass off is a tuple filter, by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields, replace

from bookbinder.model import AuthorNote, Paragraph
from bookbinder.readers.text.contents import contents
from bookbinder.readers.text.divisions import headings
from bookbinder.readers.text.drafts import Context, Draft
from bookbinder.readers.text.fanficfare import trailer
from bookbinder.readers.text.frontmatter import header_block, title_block
from bookbinder.readers.text.inline import parse_inline
from bookbinder.readers.text.notes import author_notes
from bookbinder.readers.text.paragraphs import paragraphs
from bookbinder.readers.text.roles import roles
from bookbinder.readers.text.scenebreaks import scene_breaks

Pass = Callable[[list[Draft], Context], list[Draft]]


def inline(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """Paragraph text -> styled spans (``*em*``, ``**strong**``) with smart punctuation."""
    out: list[Draft] = []
    for draft in drafts:
        match draft:
            case Paragraph():
                out.append(_spans(draft, ctx))
            case AuthorNote():
                out.append(replace(draft, paragraphs=tuple(_spans(p, ctx) for p in draft.paragraphs)))
            case _:
                out.append(draft)
    return out


def _spans(para: Paragraph, ctx: Context) -> Paragraph:
    spans = para.spans
    text = spans[0].text if len(spans) == 1 else para.text  # one span, as paragraphs_of makes them
    kept = {name: getattr(para, name) for name in _PARAGRAPH_FIELDS}  # dataclasses.replace is slow
    return Paragraph(parse_inline(text, smart=ctx.smart), **kept)


_PARAGRAPH_FIELDS = tuple(f.name for f in fields(Paragraph) if f.init and f.name != "spans")


PASSES: tuple[tuple[str, Pass], ...] = (
    ("fanficfare-trailer", trailer),  # FanFicFare's closing "End file." line -> consumed
    ("title-block", title_block),  # TITLE / subtitle / "by Author" at the top -> metadata
    ("header-block", header_block),  # "Title: X" / "Author: Y" / "Summary: ..." -> metadata
    ("headings", headings),  # table-driven heading lines; a title on the next line joins
    ("contents", contents),  # a CONTENTS list (or a run of bare headings) -> back matter
    ("scene-breaks", scene_breaks),  # ornament lines; extra blank lines in blank-separated text
    ("paragraphs", paragraphs),  # every Raw left is prose: unwrap, keep verse lines
    ("author-notes", author_notes),  # "A/N:" paragraphs -> AuthorNote
    ("inline", inline),  # emphasis spans and smart punctuation, on paragraph text only
    ("roles", roles),  # captions, the closing line, speeches and stage directions in plays
)


def run_passes(drafts: list[Draft], ctx: Context, passes: Sequence[tuple[str, Pass]] = PASSES) -> list[Draft]:
    """Apply the passes in order."""
    for _name, apply in passes:
        drafts = apply(drafts, ctx)
    return drafts


def without(*names: str) -> tuple[tuple[str, Pass], ...]:
    """PASSES minus the named ones (``without("inline")`` for a raw-text dump)."""
    unknown = set(names) - {name for name, _ in PASSES}
    if unknown:
        raise ValueError(f"no such pass: {', '.join(sorted(unknown))}")
    return tuple((name, apply) for name, apply in PASSES if name not in names)
