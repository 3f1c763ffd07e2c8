"""The contents pass: a book's own contents list is evidence (``Manuscript.source_contents``),
never chapters; the titles it names in the body are headings when the body has none of its own."""

from __future__ import annotations

from bookbinder.readers.text.blocks import Raw
from bookbinder.readers.text.drafts import Aside, Context, Draft, Heading
from bookbinder.readers.text.headings import Kind
from bookbinder.readers.text.matter import matter_kind
from bookbinder.readers.text.sequences import MIN_MEMBERS, candidate

_TOC_ENTRY = 60  # a contents entry is a short line


def contents(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """A table of contents becomes an Aside (back matter), so its entries are not chapters.

    It starts at a ``CONTENTS`` heading, or is a run of 3+ chapter headings with no prose
    between. It ends where its first entry comes round again (the body's first heading), or
    at prose, in which case the heading(s) right above the prose belong to the body.
    """
    out: list[Draft] = []
    index = 0
    while index < len(drafts):
        draft = drafts[index]
        labelled = isinstance(draft, Heading) and draft.kind is Kind.CONTENTS
        if labelled or _chapter_run(drafts, index) >= 3:
            start = index + 1 if labelled else index
            end = _toc_end(drafts, start, labelled)
            title = draft.title if labelled else ""  # type: ignore[union-attr]
            if end - start >= (1 if labelled else 3):
                entries = tuple(_as_raw(d) for d in drafts[start:end])
                out.append(Aside(title, entries, line_of(draft)))
                ctx.evidence.append(
                    f"line {line_of(draft)}: {title!r}: a contents list ({len(entries)} chunks),"
                    " kept as evidence"
                )
                if labelled:
                    drafts = [*drafts[:end], *_named_by_contents(drafts[end:], entries, ctx)]
                index = end
                continue
        if isinstance(draft, Heading) and draft.kind is Kind.CONTENTS:
            draft = Raw((draft.title,), draft.line)
        out.append(draft)
        index += 1
    return out


def _named_by_contents(drafts: list[Draft], entries: tuple[Raw, ...], ctx: Context) -> list[Draft]:
    """Lines of the body that a contents list names (bare titles of stories, poems, essays)
    become chapter headings, when the list names at least two of them and the body has no
    chapter headings of its own."""
    divided = sum(1 for d in drafts if isinstance(d, Heading) and d.kind is Kind.CHAPTER)
    if divided >= MIN_MEMBERS:
        return drafts  # the body has its own chapter headings: a list of pictures names captions
    names = {entry_key(line) for raw in entries for line in raw.lines if line.strip()}
    names.discard("")
    hits = [
        index
        for index, draft in enumerate(drafts)
        if isinstance(draft, Raw) and len(draft.lines) == 1 and len(draft.lines[0].strip()) <= _TOC_ENTRY
        and entry_key(draft.lines[0]) in names and matter_kind(draft.lines[0]) is None
    ]
    if len(hits) < 2:
        return drafts
    out = list(drafts)
    for index in hits:
        raw = drafts[index]
        assert isinstance(raw, Raw)
        text = " ".join(raw.lines[0].split())
        ctx.evidence.append(f"line {raw.line}: {text!r}: chapter, named by the contents list")
        out[index] = Heading(text, Kind.CHAPTER, raw.line)
    return out


def _chapter_run(drafts: list[Draft], start: int) -> int:
    count = 0
    for index in range(start, len(drafts)):
        draft = drafts[index]
        if not isinstance(draft, Heading) or draft.kind is Kind.CONTENTS:
            break
        count += draft.kind is Kind.CHAPTER
    return count


def _toc_end(drafts: list[Draft], start: int, labelled: bool) -> int:
    """Where the list ends: where its first entry (or first heading) comes round again as a heading
    in the body (matched by heading word and number, or by its words), before any prose; else at
    prose. Numbers restart inside a list (chapters of each book), so only the first entries count."""
    firsts: set[str] = set()
    heading_seen = False
    index = start
    while index < len(drafts):
        draft = drafts[index]
        if isinstance(draft, Heading) and draft.kind is not Kind.CONTENTS:
            key = entry_key(draft.title)
            if key in firsts and index > start:
                return index
            if not heading_seen:
                firsts.add(key)
                heading_seen = True
        elif isinstance(draft, Raw) and not _prose(draft):
            if index == start:
                firsts.add(entry_key(draft.lines[0]))
        else:
            break
        index += 1
    while labelled and index - 1 > start and _bracketed(drafts[index - 1]):
        index -= 1  # a picture marker between a heading and its text
    if labelled and index < len(drafts) and index - 1 > start and _titleline_of(drafts[index - 1]):
        # The list ran into prose: the heading right above it (with its title line, and the part
        # heading above that) is the body's.
        index -= 1
        if isinstance(drafts[index], Raw) and index - 1 > start and isinstance(drafts[index - 1], Heading):
            index -= 1
        above = drafts[index - 1]
        if index - 1 > start and isinstance(above, Heading) and above.kind is Kind.PART:
            index -= 1
        return index
    return _toc_end_at_prose(drafts, start, labelled)


def _bracketed(draft: Draft) -> bool:
    if not isinstance(draft, Raw):
        return False
    text = " ".join(" ".join(draft.lines).split())
    return text.startswith("[") and text.endswith("]")


def _titleline_of(draft: Draft) -> bool:
    return isinstance(draft, Heading) or (isinstance(draft, Raw) and len(draft.lines) == 1)


def entry_key(text: str) -> str:
    """What a contents entry and its heading share: ``CHAPTER I. Synopsis...``, ``Chapter 1`` and
    ``CHAPTER I`` all give ``chapter 1``; a bare title gives its words (page numbers dropped)."""
    found = candidate(0, text)
    if found is not None and found.number is not None:
        return f"{found.word} {found.number}"
    words = text.casefold().split()
    while words and words[-1].isdigit():
        words.pop()  # a page number
    return " ".join("".join(ch for ch in w if ch.isalnum()) for w in words).strip()


def _prose(raw: Raw) -> bool:
    """A chunk of running text (not a list entry): long lower-case lines ending a sentence."""
    lines = [line.strip() for line in raw.lines if line.strip()]
    if not lines:
        return False
    longest = max(len(line) for line in lines)
    ends = lines[-1].endswith((".", "!", "?", "”", '"', "’"))
    words = " ".join(lines).split()
    lower = sum(1 for w in words if w[:1].islower()) * 5 > len(words) * 2  # entries are in capitals
    return lower and longest > 60 and ends  # a synopsis under an entry does not end a sentence


def _toc_end_at_prose(drafts: list[Draft], start: int, labelled: bool) -> int:
    first: str | None = None
    index = start
    while index < len(drafts) and _is_entry(drafts[index], labelled):
        key = _key(drafts[index])
        if first is None:
            first = key
        elif key == first:
            return index  # the list has come round: the body starts here
        index += 1
    if index < len(drafts) and index > start and isinstance(drafts[index - 1], Heading):
        index -= 1  # the heading right above the prose is the body's
        before = drafts[index - 1] if index - 1 > start else None
        if isinstance(before, Heading) and before.kind is Kind.PART:
            index -= 1
    return index


def _is_entry(draft: Draft, labelled: bool) -> bool:
    if isinstance(draft, Heading):
        return draft.kind is not Kind.CONTENTS
    if labelled and isinstance(draft, Raw):
        return all(
            len(line.strip()) <= _TOC_ENTRY and not line.rstrip().endswith((".", ",", ";"))
            for line in draft.lines
        )
    return False


def _key(draft: Draft) -> str:
    text = draft.title if isinstance(draft, Heading) else draft.lines[0]  # type: ignore[union-attr]
    return " ".join(text.split()).lower()


def _as_raw(draft: Draft) -> Raw:
    if isinstance(draft, Heading):
        return Raw((draft.title,), draft.line)
    assert isinstance(draft, Raw)
    return draft


def line_of(draft: Draft) -> int:
    """The source line a draft starts on (0 when it has none)."""
    return getattr(draft, "line", 0)
