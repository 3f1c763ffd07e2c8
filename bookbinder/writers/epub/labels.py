"""Distinct labels: what the contents and each document's ``<title>`` call a division.

Kobo's e-ink readers flatten nested contents, and screen readers announce a document by its
title, so 360 entries all reading "CHAPTER I" are useless there. A label that repeats elsewhere
in the book is qualified by its enclosing divisions, nearest first ("Book Three, Chapter I"),
only as far as it takes to tell it apart; a unique label stays as the author wrote it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bookbinder.toc import TocEntry
from bookbinder.writers.xhtml import clean


def _walk(entries: Sequence[TocEntry], ancestors: tuple[str, ...],
          out: list[tuple[str, tuple[str, ...], str]]) -> None:
    for entry in entries:
        title = " ".join(clean(entry.title).split()) or entry.target
        out.append((entry.target, ancestors, title))
        _walk(entry.children, (*ancestors, title), out)


def distinct_labels(entries: Sequence[TocEntry]) -> dict[str, str]:
    """Target -> a label no other entry of ``entries`` (at any depth) shares."""
    flat: list[tuple[str, tuple[str, ...], str]] = []
    _walk(entries, (), flat)
    labels = {target: title for target, _, title in flat}
    for depth in range(1, 1 + max((len(a) for _, a, _ in flat), default=0)):
        counts = Counter(labels.values())
        for target, ancestors, title in flat:
            if counts[labels[target]] > 1 and ancestors:
                labels[target] = ", ".join((*ancestors[-depth:], title))
    counts = Counter(labels.values())
    seen: Counter[str] = Counter()
    for target, _, _ in flat:  # still the same (two "Chapter 1" in one part): number them
        label = labels[target]
        if counts[label] > 1:
            seen[label] += 1
            if seen[label] > 1:
                labels[target] = f"{label} ({seen[label]})"
    return labels


def relabel(entries: Sequence[TocEntry], labels: dict[str, str]) -> tuple[TocEntry, ...]:
    """``entries`` with every title replaced by its distinct label."""
    return tuple(
        TocEntry(labels.get(e.target, e.title), e.target, relabel(e.children, labels), e.chapter_index)
        for e in entries
    )
