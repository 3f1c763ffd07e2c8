"""Hyphenation for the PDF's line breaker: pyphen's patterns, parsed once per environment.

pyphen parses a language's ``hyph_*.dic`` (some 14,000 patterns for English) in every new process,
about 60 ms; the parsed patterns are plain strings and integers, so they are cached on disk beside
the prepared fonts (``bookbinder.fonts.derived``, keyed by the dictionary file and pyphen's
version) and handed to pyphen as the parsed dictionary it keeps per file. Each pattern's values
are kept as bytes, which pyphen reads as it reads a tuple of small integers (iterating and
``len``) and which load in 3 ms instead of 5-9. A dictionary with nonstandard hyphenation
(``ff=f``-style alternatives) is not plain data and is parsed as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from bookbinder.fonts import derived

MAX_HYPHENATED_WORD = 40  # longer than any dictionary word in the languages pyphen knows
FORMAT = 3  # bump when what is cached changes


def _parsed(pyphen: Any, path: Path) -> None:
    """Put ``path``'s parsed patterns in pyphen's own per-file cache, from ours when current."""
    if path in pyphen.hdcache:
        return
    key = derived.key(str(path), (FORMAT, pyphen.__version__))
    try:
        target: Path | None = derived.location(str(path), f"h{FORMAT}.hyph")
    except (OSError, RuntimeError):
        target = None
    stored = None if target is None else derived.read(target, key)
    if stored is not None and len(stored) == 2:
        patterns, maxlen = stored
        hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hyph.patterns, hyph.maxlen, hyph.cache = patterns, maxlen, {}
        pyphen.hdcache[path] = hyph
        return
    hyph = pyphen.hdcache[path] = pyphen.HyphDict(path)
    try:  # plain digits only: a dictionary with ``ff=f`` alternatives is parsed every time
        packed = {text: (start, bytes(values)) for text, (start, values) in hyph.patterns.items()
                  if all(type(v) is int for v in values)}
    except ValueError:
        return
    if target is not None and len(packed) == len(hyph.patterns):
        derived.write(target, key, (packed, hyph.maxlen))


@lru_cache(maxsize=32)
def hyphenator(language: str) -> Callable[[str], tuple[tuple[str, str], ...]] | None:
    """A cached pyphen splitter for a BCP 47 language (``en`` -> en_US rules), or None if unknown."""
    import pyphen  # a hard dependency: without it reportlab silently stops hyphenating (R9)

    code = pyphen.language_fallback(language.replace("-", "_"))
    if code is None:
        return None
    _parsed(pyphen, Path(pyphen.LANGUAGES[code]))
    dictionary = pyphen.Pyphen(lang=code)

    @lru_cache(maxsize=200_000)  # novels reuse words: a cache makes hyphenation nearly free
    def split(word: str) -> tuple[tuple[str, str], ...]:
        # pyphen yields every split of a word, and reportlab asks on every line break: a run of
        # thousands of letters (a URL, a keyboard smash) would cost quadratic time and memory.
        # Such a run is broken by reportlab's splitLongWords instead.
        if len(word) > MAX_HYPHENATED_WORD:
            return ()
        return tuple(dictionary.iterate(word))

    return split
