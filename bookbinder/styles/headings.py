"""A heading as a designer sets it: the number line apart from the title line.

``CHAPTER I. Of the House`` -> (``CHAPTER I``, ``Of the House``); ``Part Two: Autumn`` ->
(``Part Two``, ``Autumn``); ``3. The Storm`` -> (``3``, ``The Storm``); ``Chapter 12`` ->
(``Chapter 12``, None); ``Prologue`` -> (None, ``Prologue``). The words stay as written and in
order (only the separating punctuation goes), so nothing is lost from the text.
"""

from __future__ import annotations

import re

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final"
)
_NUMERAL = rf"(?:\d+|[ivxlcdm]+|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}|and))*)"
_LABEL = r"(?:chapter|chap\.|part|book|volume|vol\.|act|scene|canto|letter|section|episode)"
# A label and numeral, then a separator (. : , — – -) or, after digits or a roman numeral, a space.
_HEADING = re.compile(
    rf"^(?P<number>(?:{_LABEL}\s+)?{_NUMERAL})\s*(?:[.:,\u2014\u2013-]\s*|(?<=[\divxlcdmIVXLCDM])\s+(?=\S))"
    r"(?P<title>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_NUMBER_ONLY = re.compile(rf"^(?:{_LABEL}\s+{_NUMERAL}|\d+|[IVXLCDM]+)\.?$", re.IGNORECASE)


def split_heading(text: str) -> tuple[str | None, str | None]:
    """(number line, title line) of a chapter, part or volume heading; either may be None."""
    text = " ".join(text.split())
    if _NUMBER_ONLY.match(text):
        return text.rstrip("."), None
    match = _HEADING.match(text)
    if match:
        number = match.group("number")
        bare = not re.match(_LABEL, number, re.IGNORECASE)
        # A bare word numeral ("One. Two") or a lone roman-looking word ("I am") is prose, not a number.
        if bare and not re.fullmatch(r"\d+|[IVXLCDM]+", number):
            return None, text
        if bare and number.isalpha() and not text[len(number) :].lstrip().startswith((".", ":")):
            return None, text
        return number, match.group("title")
    return None, text
