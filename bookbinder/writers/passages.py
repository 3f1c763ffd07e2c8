"""The language of one passage when it differs from the book's (WCAG 3.1.2, language of parts).

Two signals, cheapest first. A paragraph written mostly in another script than the book's
(Greek or Cyrillic inside an English novel) gets that script's usual language. A long paragraph
in the book's own script is given to CLD2 (already the metadata's detector) and marked only on a
reliable, confident answer: a French letter inside an English novel, not an English paragraph
with a few French words. A wrong ``lang`` is worse than none, so both thresholds are strict.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Latin letters, general punctuation and symbols: text with nothing else needs no script count
# (a fast path: most paragraphs of most books).
_NOT_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]")

# Script (the first word of a letter's Unicode name) -> the language a lone passage in it most
# likely is; CLD2 refines it when it is sure (Ukrainian against Russian, say).
_SCRIPT_LANGUAGE = {
    "GREEK": "el", "CYRILLIC": "ru", "HEBREW": "he", "ARABIC": "ar", "CJK": "zh", "HIRAGANA": "ja",
    "KATAKANA": "ja", "HANGUL": "ko", "DEVANAGARI": "hi", "THAI": "th", "ARMENIAN": "hy",
    "GEORGIAN": "ka", "BENGALI": "bn", "TAMIL": "ta", "LATIN": "",
}
# The script a book's primary language is written in (languages not listed: Latin).
_LANGUAGE_SCRIPT = {
    "el": "GREEK", "grc": "GREEK", "ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC", "sr": "CYRILLIC",
    "be": "CYRILLIC", "mk": "CYRILLIC", "kk": "CYRILLIC", "he": "HEBREW", "yi": "HEBREW", "ar": "ARABIC",
    "fa": "ARABIC", "ur": "ARABIC", "zh": "CJK", "ja": "CJK", "ko": "HANGUL", "hi": "DEVANAGARI",
    "mr": "DEVANAGARI", "ne": "DEVANAGARI", "th": "THAI", "hy": "ARMENIAN", "ka": "GEORGIAN",
    "bn": "BENGALI", "ta": "TAMIL",
}
MIN_SCRIPT_LETTERS = 3  # a lone Greek letter (a variable, a footnote mark) is not a passage
MIN_DETECT_CHARS = 200  # below this CLD2 guesses
MIN_DETECT_PERCENT = 90
SAMPLE_CHARS = 160


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def _dominant_script(text: str) -> tuple[str, int]:
    """The script most letters of ``text`` are in, and how many letters that is."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = _script(char)
            if script in _SCRIPT_LANGUAGE:
                counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "", 0
    script = max(counts, key=lambda k: (counts[k], k))
    return script, counts[script]


def _detect(text: str) -> str | None:
    """CLD2's answer for one passage when it is reliable and confident, else None."""
    import pycld2

    try:
        reliable, _, details = pycld2.detect(text, isPlainText=True)
    except pycld2.error:
        return None
    _, code, percent, _ = details[0]
    if not reliable or code in {"un", "xxx"} or percent < MIN_DETECT_PERCENT:
        return None
    return str({"iw": "he", "jw": "jv", "in": "id"}.get(code, code))


def passage_language(text: str, book_language: str) -> str | None:
    """The BCP 47 tag of ``text`` when it is a passage in another language than the book's."""
    primary = book_language.split("-")[0].lower()
    own_script = _LANGUAGE_SCRIPT.get(primary, "LATIN")
    if own_script == "LATIN" and not _NOT_LATIN.search(text):
        script, letters = "LATIN", len(text)
    else:
        script, letters = _dominant_script(text)
    if not script or letters < MIN_SCRIPT_LETTERS:
        return None
    if script != own_script:
        guess = _SCRIPT_LANGUAGE[script]
        if not guess:  # Latin letters in a non-Latin book: leave them to the reader
            return None
        detected = _detect(text) if len(text) >= MIN_DETECT_CHARS else None
        found = detected if detected and _LANGUAGE_SCRIPT.get(detected) == script else guess
        return None if found == primary else found
    if len(text) < MIN_DETECT_CHARS:
        return None
    # Most paragraphs are in the book's language: a sample of the opening decides that cheaply
    # (CLD2's time grows with the text); only a foreign-looking one is read in full to confirm.
    sample = _detect(text[:SAMPLE_CHARS]) if len(text) > 2 * SAMPLE_CHARS else None
    if sample is not None and sample.split("-")[0] == primary:
        return None
    detected = _detect(text)
    if detected is None or detected.split("-")[0] == primary:
        return None
    return detected
