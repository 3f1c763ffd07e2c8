"""Body text as drawn: standard ligatures and pair kerning (``bookbinder.fonts.kerning``) applied
to each word once, the width the line breaker measures, and the PDF operators that draw it.

Words are drawn as TJ arrays (kerns between the strings) in a text object that keeps its word
spacing, so justified text still extracts with its spaces; each ligature sits in a /Span with
/ActualText giving its letters (and the font's ToUnicode maps it to them too, see ``fonts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from bookbinder.fonts import kerning


@dataclass(frozen=True, slots=True)
class Shaping:
    """What a style turns on: pair kerning and standard ligatures (the face's own, where it has them)."""

    kern: bool = True
    ligatures: bool = True


class Shaper:
    """Words as drawn: ligatures substituted, then pair kerns, with the width the line breaker
    measures. The same cached result serves measuring and drawing, so they agree."""

    def __init__(self, shaping: Shaping) -> None:
        self.shaping = shaping
        self._faces: dict[str, kerning.Kerning | None] = {}
        self._shapes: dict[tuple[str, str], tuple[str, kerning.Adjustments, float]] = {}

    def _face(self, font: str) -> kerning.Kerning | None:
        if font not in self._faces:
            path = getattr(getattr(getFont(font), "face", None), "filename", None)
            self._faces[font] = kerning.for_file(path) if isinstance(path, str) else None
        return self._faces[font]

    def shape(self, text: str, font: str) -> tuple[str, kerning.Adjustments, float]:
        """``text`` as drawn in ``font``, its kerns (1/1000 em), and its width at size 1."""
        key = (text, font)
        found = self._shapes.get(key)
        if found is None:
            face = self._face(font)
            drawn, total = text, 0.0
            moves: kerning.Adjustments = ()
            if face is not None:
                if self.shaping.ligatures:
                    drawn = face.ligate(text)
                if self.shaping.kern:
                    total, moves = face.word(drawn)
            found = (drawn, moves, stringWidth(drawn, font, 1.0) + total / 1000.0)
            if len(self._shapes) > 400_000:  # bounded on a book of unique strings
                self._shapes.clear()
            if len(text) < 100:
                self._shapes[key] = found
        return found

    def width(self, text: str, font: str) -> float:
        """Width of ``text`` at size 1 as drawn."""
        return self.shape(text, font)[2]


_LIGATURE_GLYPHS = frozenset(kerning.LIGATURES.values())
Segment = tuple[str, int, str, str]  # font, subset, TJ operands, the letters of a ligature ("" if none)


class Encoder:
    """Words as TJ operands for one document, cached: (font, text, what follows) -> segments.

    A segment is a run in one font subset: its strings with the kerns between them (a kern comes
    before the glyph it moves), or a single ligature, drawn inside a /Span whose /ActualText
    gives its letters. reportlab numbers a subset's glyphs per document, so the cache is too."""

    def __init__(self, canv: Any, shaper: Shaper) -> None:
        self.doc, self.escape, self.shape = canv._doc, canv._escape, shaper.shape
        self.cached: dict[tuple[str, str, str], tuple[Segment, ...]] = {}  # the drawing loop reads it
        self._codes: dict[str, dict[str, tuple[int, str]]] = {}  # font -> char -> (subset, escaped)
        self._runs: dict[tuple[str, str], list[tuple[int, str]]] = {}  # (run, font) -> pieces

    def word(self, text: str, font: str, after: str) -> tuple[Segment, ...]:
        """``text`` in ``font`` followed by ``after`` ("", " " or a line-end "-")."""
        key = (text, font, after)
        found = self.cached.get(key)
        if found is None:
            drawn, moves, _ = self.shape(text, font)
            found = self._encode(drawn + after, moves, font)
            if len(self.cached) > 400_000:
                self.cached.clear()
            self.cached[key] = found
        return found

    def _split(self, run: str, font: str, face: Any) -> list[tuple[int, str]]:
        """``face.splitString(run)`` with each piece escaped, a character at a time from a cache.

        reportlab gives a character its subset code the first time the document draws it, and
        never another; asking for each new character alone, in order, assigns the same codes as
        asking for the run. PDF string escaping is byte by byte, so escaped codes concatenate."""
        key = (run, font)
        pieces = self._runs.get(key)
        if pieces is not None:
            return pieces
        codes = self._codes.get(font)
        if codes is None:
            codes = self._codes[font] = {}
        pieces = []
        for char in run:
            found = codes.get(char)
            if found is None:
                ((subset, data),) = face.splitString(char, self.doc)
                found = codes[char] = (subset, self.escape(data))
            if pieces and pieces[-1][0] == found[0]:
                pieces[-1] = (found[0], pieces[-1][1] + found[1])
            else:
                pieces.append(found)
        if len(self._runs) > 200_000:  # bounded on a book of unique strings
            self._runs.clear()
        self._runs[key] = pieces
        return pieces

    def _encode(self, drawn: str, moves: kerning.Adjustments, font: str) -> tuple[Segment, ...]:
        face = getFont(font)
        values = dict(moves)
        cuts = set(values)
        for index, char in enumerate(drawn):
            if char in _LIGATURE_GLYPHS:
                cuts.update((index, index + 1))
        bounds = sorted(cuts - {0, len(drawn)})
        segments: list[Segment] = []
        start = 0
        for end in [*bounds, len(drawn)]:
            run = drawn[start:end]
            kern = values.get(start)
            lead = f"{fp_str(-kern)} " if kern else ""
            actual = kerning.letters(run) if run in _LIGATURE_GLYPHS else ""
            for subset, escaped in self._split(run, font, face):
                operand = f"{lead}({escaped})"
                lead = ""
                if segments and not actual and not segments[-1][3] and segments[-1][1] == subset:
                    last = segments[-1]
                    segments[-1] = (font, subset, f"{last[2]} {operand}", "")
                else:
                    segments.append((font, subset, operand, actual))
            start = end
        return tuple(segments)


def line_operators(text: Any, segments: list[Segment], state: list[Any]) -> str:
    """PDF operators drawing ``segments`` as TJ arrays in ``text`` (a reportlab text object, for
    its size); ``state`` is the [font, subset] the text object is in, kept up to date."""
    ops: list[str] = []
    array: list[str] = []
    doc = text._canvas._doc
    for font, subset, operands, actual in segments:
        if actual or font != state[0] or subset != state[1]:
            if array:
                ops.append(f"[{' '.join(array)}] TJ")
                array = []
            if font != state[0] or subset != state[1]:
                name = getFont(font).getSubsetInternalName(subset, doc)
                ops.append(f"{name} {fp_str(text._fontsize)} Tf")
                state[0], state[1] = font, subset
        if actual:
            ops.append(f"/Span <</ActualText ({actual})>> BDC [{operands}] TJ EMC")
        else:
            array.append(operands)
    if array:
        ops.append(f"[{' '.join(array)}] TJ")
    return " ".join(ops)


_ENCODERS: dict[tuple[int, Shaping], tuple[Any, Encoder]] = {}  # the current document's encoders


def encoder(canv: Any, shaper: Shaper) -> Encoder:
    key = (id(canv._doc), shaper.shaping)
    found = _ENCODERS.get(key)
    if found is None or found[0] is not canv._doc:
        if found is None:
            _ENCODERS.clear()  # a new document: the last one's subsets mean nothing here
        found = _ENCODERS[key] = (canv._doc, Encoder(canv, shaper))
    return found[1]
