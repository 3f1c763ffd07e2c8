"""Whole-paragraph line breaking: Knuth and Plass's total fit, over boxes, glue and penalties.

reportlab's ``Paragraph`` breaks greedily, line by line, so a bad break early on cannot be paid
back by the lines after it; it also hyphenates whenever a word does not fit. Total fit chooses all
the breaks of a paragraph at once, minimising the sum of each line's demerits (looseness,
hyphens, hyphens on consecutive lines, a hyphen before the last line, a stub of a last line).

As in TeX it runs in passes: without hyphenation (most paragraphs end here, which keeps hyphens
rare), with hyphenation, looser, and an emergency pass that accepts any line rather than fail.
Active break nodes are dropped as soon as a line from them would be overfull, so a paragraph
costs time proportional to its length times the few breaks a line can end at. A paragraph of
more than ``OPTIMAL_LIMIT`` boxes (a pasted log, a wall of asterisks) is set first-fit instead:
linear, and such text has no typography to protect.

Pure Python over floats; nothing here knows reportlab: ``boxes`` measures text through a callable.
"""

from __future__ import annotations

from collections.abc import Callable

from bookbinder.writers.pdf.boxes import (
    BREAK,
    DEFAULT_RULES,
    END,
    HYPHEN,
    HYPHEN_CHARS,
    NONE,
    SHRINK,
    SPACE,
    STRETCH,
    Items,
    Line,
    Rules,
)

OPTIMAL_LIMIT = 5000  # boxes: longer paragraphs are broken first-fit, in linear time


def total_fit(
    items: Items,
    first: float,
    rest: float,
    *,
    short: float,
    hyphenate: bool,
    tolerance: float | None,
    start: int = 0,
    rules: Rules = DEFAULT_RULES,
) -> list[int] | None:
    """Knuth-Plass: the box index ending each line, or None when no set of breaks keeps every
    line's adjustment ratio within ``tolerance`` (None: accept any line, the emergency pass).

    ``first`` and ``rest`` are the line widths; ``short`` is the natural width under which a last
    line counts as a stub; ``start`` sets boxes from that index on (the rest of a split paragraph).
    """
    joins, glue, hyphen_widths, texts = items.joins, items.glue, items.hyphen, items.texts
    count = len(joins)
    after, spaces = items.sums()  # width through box k and its space; spaces through box k
    base_w = after[start - 1] if start else 0.0
    base_g = spaces[start - 1] if start else 0.0
    limit = tolerance if tolerance is not None else float("inf")
    # Nodes: break position (box index, start - 1 for the paragraph's start), predecessor,
    # total demerits, fitness class, hyphenated lines in a row ending here.
    pos, prev, dem, fit, run = [start - 1], [-1], [0.0], [1], [0]
    active = [0]
    lp, hp, xp = rules.line_penalty, rules.hyphen_penalty, rules.explicit_penalty
    for b in range(start, count):
        join = joins[b]
        if join == NONE or (join == HYPHEN and not hyphenate):
            continue
        last = join == END
        extra = hyphen_widths[b] if join == HYPHEN else 0.0
        end_w = after[b] - glue[b] + extra
        end_g = spaces[b] - glue[b]
        if not last and tolerance is not None:
            # The oldest active node makes the longest line: if even that line is looser than
            # the tolerance, so is every other (the common case, settled in a few operations).
            a = active[0]
            pa = pos[a]
            if pa < start:
                natural, stretch, width = end_w - base_w, end_g - base_g, first
            else:
                natural, stretch, width = end_w - after[pa], end_g - spaces[pa], rest
            if natural < width and (stretch <= 0 or (width - natural) > limit * stretch * STRETCH):
                continue
        penalty = hp if join == HYPHEN else xp if join == BREAK else 0.0
        flagged = join == HYPHEN or (join == BREAK and texts[b][-1] in HYPHEN_CHARS)
        best: dict[tuple[int, int], tuple[float, int]] = {}
        keep: list[int] = []
        dropped = -1
        for a in active:
            pa = pos[a]
            if pa < start:
                natural, room, width = end_w - base_w, end_g - base_g, first
            else:
                natural, room, width = end_w - after[pa], end_g - spaces[pa], rest
            if natural < width:
                # The last line's fill glue stretches without limit.
                ratio = 0.0 if last else (width - natural) / (room * STRETCH) if room > 0 else 1e6
            elif natural > width:
                ratio = (width - natural) / (room * SHRINK) if room > 0 else -1e6
            else:
                ratio = 0.0
            if ratio < -1.0:
                if dropped < 0 or dem[a] < dem[dropped]:
                    dropped = a
                continue  # overfull, and more so for every later break: no longer active
            keep.append(a)
            if ratio > limit:
                continue
            # Fitness classes (tight, decent, loose, very loose) and badness, inlined: this loop
            # runs for every feasible line of the book.
            if ratio < -0.5:
                cls, badness = 0, -100.0 * ratio * ratio * ratio
            else:
                cls = 1 if ratio <= 0.5 else 2 if ratio <= 1.0 else 3
                badness = 100.0 * ratio * ratio * ratio if ratio < 100.0 else 1e8
            demerits = (lp + badness) ** 2 + penalty * penalty
            if cls - fit[a] > 1 or fit[a] - cls > 1:
                demerits += rules.fitness_demerits
            hyphens = run[a] + 1 if flagged else 0
            if hyphens > rules.max_hyphen_run:
                continue
            if flagged and run[a]:
                demerits += rules.double_hyphen_demerits
            if last:
                if run[a]:
                    demerits += rules.final_hyphen_demerits
                if natural < short:
                    if run[a] and tolerance is not None:
                        continue  # never the tail of a hyphenated word alone on the last line
                    demerits += rules.short_last_demerits
            total = dem[a] + demerits
            key = (cls, hyphens)
            found = best.get(key)
            if found is None or total < found[0]:
                best[key] = (total, a)
        if not best and not keep and dropped >= 0 and tolerance is None:
            # An overfull line rather than no lines at all.
            best[(1, run[dropped] + 1 if flagged else 0)] = (dem[dropped] + 1e12, dropped)
        active = keep
        if len(best) > 1:
            # A node whose total exceeds another's (with no more hyphens running) by the most a
            # fitness mismatch can cost can never win: prune it, keeping the active list short.
            floor = [min((t for (_, h), (t, _) in best.items() if h <= runs), default=0.0)
                     for runs in range(rules.max_hyphen_run + 1)]
            bound = rules.fitness_demerits
            best = {key: value for key, value in best.items() if value[0] <= floor[key[1]] + bound}
        for (cls, hyphens), (total, a) in best.items():
            pos.append(b)
            prev.append(a)
            dem.append(total)
            fit.append(cls)
            run.append(hyphens)
            active.append(len(pos) - 1)
        if not active:
            return None
    finals = [a for a in active if pos[a] == count - 1]
    if not finals:
        return None
    node = min(finals, key=lambda a: dem[a])
    ends: list[int] = []
    while node > 0 and pos[node] >= start:
        ends.append(pos[node])
        node = prev[node]
    ends.reverse()
    return ends


def first_fit(items: Items, first: float, rest: float, start: int = 0) -> list[int]:
    """Greedy breaks, shrinking spaces as far as allowed: linear time for giant paragraphs."""
    widths, joins, glue = items.widths, items.joins, items.glue
    ends: list[int] = []
    width = first
    natural = shrink = 0.0
    candidate = -1
    candidate_state = (0.0, 0.0)
    k = start
    count = len(widths)
    line_start = start
    while k < count:
        natural += widths[k]
        fits = natural - shrink <= width or k == line_start
        if not fits and candidate >= line_start:
            ends.append(candidate)
            k = candidate + 1
            line_start = k
            natural = shrink = 0.0
            candidate = -1
            width = rest
            continue
        if joins[k] != NONE:
            candidate = k
            candidate_state = (natural, shrink)
        if glue[k]:
            natural += glue[k]
            shrink += glue[k] * SHRINK
        k += 1
    del candidate_state
    if not ends or ends[-1] != count - 1:
        ends.append(count - 1)
    return ends


def break_lines(
    items: Items,
    first: float,
    rest: float,
    *,
    short: float,
    hyphenated: Callable[[], Items] | None = None,
    start: int = 0,
    rules: Rules = DEFAULT_RULES,
) -> tuple[Items, list[Line]]:
    """The lines of ``items`` (or of ``hyphenated()``, the same words with hyphenation points,
    built only when breaking without them fails the first tolerance): returns the items the lines
    index."""
    if not items.widths:
        return items, []
    if len(items.widths) - start > OPTIMAL_LIMIT:
        return items, lines_of(items, first_fit(items, first, rest, start), start)
    chosen = items
    def fit(boxes: Items, hyphenate: bool, tolerance: float | None) -> list[int] | None:
        return total_fit(
            boxes, first, rest, short=short, hyphenate=hyphenate, tolerance=tolerance, start=start,
            rules=rules,
        )

    found = fit(items, False, rules.tolerances[0])
    if found is None and hyphenated is not None:
        chosen = hyphenated()
        found = fit(chosen, True, rules.tolerances[1])
    for tolerance in (rules.tolerances[2], None):  # loose lines rather than no lines
        if found is None:
            found = fit(chosen, True, tolerance)
    ends = found if found is not None else first_fit(chosen, first, rest, start)  # cannot fail: stay safe
    return chosen, lines_of(chosen, ends, start)


def lines_of(items: Items, ends: list[int], start: int = 0) -> list[Line]:
    """``Line`` records for break positions ``ends`` (widths from the running sums)."""
    joins, glue, hyphen = items.joins, items.glue, items.hyphen
    after, _ = items.sums()
    lines: list[Line] = []
    begin = start
    last = len(ends) - 1
    for number, end in enumerate(ends):
        natural = after[end] - glue[end] - (after[begin - 1] if begin else 0.0)
        hyphenated = joins[end] == HYPHEN
        if hyphenated:
            natural += hyphen[end]
        spaces = joins[begin:end].count(SPACE)
        lines.append(Line(begin, end, natural, spaces, hyphenated, number == last))
        begin = end + 1
    return lines
