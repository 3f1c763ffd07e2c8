"""reportlab TrueType fonts made from a cached parse of the font file.

reportlab's ``TTFont`` reads a face's metrics (every glyph's advance, the cmap, the glyph offsets)
in Python, some 15 ms per face, in every process; a book registers five or more faces. What that
parse leaves on the face is plain data, so it is cached on disk (``bookbinder.fonts.derived``,
keyed by the font file and reportlab's version) and a later process builds the same objects from
it, with the file's bytes read as reportlab reads them (for subsetting). The result is checked
against reportlab's own parse by the tests; anything unexpected falls back to reportlab's parse.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version, rl_config
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from bookbinder.fonts import derived

FORMAT = 1  # bump when what is cached changes
_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")  # TTFNameBytes values
_OWN = ("_ttf_data", "filename", "_pdfScale")  # the file's bytes and a function: never cached


def _scale(units_per_em: int) -> Any:
    """The face's font-units -> PDF-units function, as reportlab's extractInfo makes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _state(face: Any) -> dict[str, Any] | None:
    """What reportlab's parse left on ``face``, as plain values; None when it is not plain."""
    state = {key: value for key, value in vars(face).items() if key not in _OWN}
    for key in _NAMES:
        name = state.get(key)
        if not isinstance(name, ttfonts.TTFNameBytes):
            return None
        state[key] = name.ustr
    plain = (int, float, str, bytes, bool, type(None), list, tuple, dict)
    return state if all(type(value) in plain for value in state.values()) else None


def _face(path: str, state: dict[str, Any]) -> Any:
    face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
    values = dict(state)
    for key in _NAMES:
        values[key] = ttfonts.TTFNameBytes(values[key].encode("utf-8"))
    vars(face).update(values)
    face.filename = path
    with open(path, "rb") as file:
        face._ttf_data = file.read()
    face._pdfScale = _scale(face.unitsPerEm)
    return face


def _font(name: str, face: Any) -> TTFont:
    """A ``TTFont`` around ``face``: what ``TTFont.__init__`` sets, given a parsed face."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in ttfonts.unShapedFontGlob)
    return font


def load(name: str, path: Path) -> TTFont:
    """reportlab's ``TTFont(name, path)``, from the cached parse when there is a current one.
    Raises what reportlab raises for a file it cannot read."""
    source = str(path)
    key = derived.key(source, (FORMAT, Version))
    try:
        target: Path | None = derived.location(source, f"r{FORMAT}.face")
    except (OSError, RuntimeError):
        target = None
    stored = None if target is None else derived.read(target, key)
    if stored is not None and len(stored) == 1 and isinstance(stored[0], dict):
        return _font(name, _face(source, stored[0]))
    font = TTFont(name, source, subfontIndex=0)
    state = _state(font.face)
    if target is not None and state is not None:
        derived.write(target, key, (state,))
    return font
