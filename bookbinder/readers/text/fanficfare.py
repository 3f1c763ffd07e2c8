"""FanFicFare's TXT output, read as a first-class format.

FanFicFare writes: the title, ``by Author``, a ``Label: value`` title page (Category, Genre,
Status, Published, Summary, ...), ``TABLE OF CONTENTS`` with one entry per chapter, then each
chapter as a tab-indented title line and its text, and finally the line ``End file.``.
The title and title page become metadata (the title-block and header-block passes read them),
the contents list goes to back matter, tab-indented lines are chapter headings whatever they
say, and the trailer is consumed.
"""

from __future__ import annotations

from collections.abc import Sequence

from bookbinder.readers.text.blocks import Raw
from bookbinder.readers.text.drafts import Context, Draft

TRAILER = "End file."
CONTENTS = "TABLE OF CONTENTS"


def is_fanficfare(lines: Sequence[str]) -> bool:
    """True when the text ends with FanFicFare's trailer and has its contents list or tab titles."""
    tail = [line.strip() for line in lines[-5:] if line.strip()]
    if not tail or tail[-1] != TRAILER:
        return False
    return any(line.strip() == CONTENTS for line in lines[:400]) or any(
        line.startswith("\t") and line.strip() for line in lines
    )


def trailer(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """Drop FanFicFare's closing ``End file.`` line into ``consumed``."""
    if not ctx.fanficfare or not drafts:
        return drafts
    last = drafts[-1]
    if isinstance(last, Raw) and last.lines[-1].strip() == TRAILER:
        ctx.consumed.append(last.lines[-1])
        rest = last.lines[:-1]
        return [*drafts[:-1], Raw(rest, last.line, last.blank_before)] if rest else drafts[:-1]
    return drafts
