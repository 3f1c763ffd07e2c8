"""What number a heading's numeral shows, in the ways books number their divisions.

Arabic (``12``), roman (``XIV``), number words (``Twenty-One``), ordinals in English, French,
German, Italian, Spanish and Portuguese (``First``, ``Troisième``, ``Sechsunddreißigstes``,
``Primo``), and Greek alphabetic numerals with a keraia (``ΙΑ'``). ``None`` when the token is
not a numeral, so a heading word followed by a name ("Mr. Smith") never counts.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from bookbinder.metadata.values import roman_value

_EN_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_ORD_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_EN_ORD_TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_EN_ORD_TENS = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
]

_WORDS: dict[str, int] = {}
for _i, _w in enumerate(_EN_UNITS + _EN_TEENS, 1):
    _WORDS[_w] = _i
for _i, _w in enumerate(_EN_ORD_UNITS + _EN_ORD_TEENS, 1):
    _WORDS[_w] = _i
for _i, (_w, _o) in enumerate(zip(_EN_TENS, _EN_ORD_TENS, strict=True), 2):
    _WORDS[_w] = _WORDS[_o] = _i * 10
    for _j, (_u, _uo) in enumerate(zip(_EN_UNITS, _EN_ORD_UNITS, strict=True), 1):
        for sep in ("-", " ", ""):
            _WORDS[f"{_w}{sep}{_u}"] = _WORDS[f"{_w}{sep}{_uo}"] = _i * 10 + _j
_WORDS["hundred"] = _WORDS["hundredth"] = 100
# Romance-language ordinals (masculine and feminine), as in "Livre premier", "Capitolo primo".
_ROMANCE = (
    ("premier première primo prima primero primera primeiro primeira", 1),
    ("deuxième second seconde secondo seconda segundo segunda", 2),
    ("troisième terzo terza tercero tercera terceiro terceira", 3),
    ("quatrième quarto quarta cuarto cuarta", 4),
    ("cinquième quinto quinta", 5),
    ("sixième sesto sesta sexto sexta", 6),
    ("septième settimo settima séptimo séptima sétimo sétima", 7),
    ("huitième ottavo ottava octavo octava oitavo oitava", 8),
    ("neuvième nono nona noveno novena", 9),
    ("dixième decimo decima décimo décima", 10),
    ("πρωτον πρώτον πρωτη πρώτη", 1),  # Greek ordinals, as in "ΜΕΡΟΣ ΠΡΩΤΟΝ"
    ("δευτερον δεύτερον δευτερα δεύτερα", 2),
    ("τριτον τρίτον τριτη τρίτη", 3),
    ("τεταρτον τέταρτον", 4),
    ("πεμπτον πέμπτον", 5),
)
for _names, _value in _ROMANCE:
    for _name in _names.split():
        _WORDS.setdefault(_name, _value)

_DE_UNITS = {
    "ein": 1,
    "eins": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "sieb": 7,
    "acht": 8,
    "neun": 9,
}
_DE_SMALL = {
    **_DE_UNITS,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
    "erst": 1,
    "dritt": 3,
    "acht": 8,
}
_DE_TENS = {
    "zwanzig": 20,
    "dreißig": 30,
    "dreissig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "sechzig": 60,
    "siebzig": 70,
    "achtzig": 80,
    "neunzig": 90,
}
_DE_ENDINGS = ("es", "er", "en", "e")

_GREEK = {
    "Α": 1,
    "Β": 2,
    "Γ": 3,
    "Δ": 4,
    "Ε": 5,
    "Ϛ": 6,
    "Ζ": 7,
    "Η": 8,
    "Θ": 9,
    "Ι": 10,
    "Κ": 20,
    "Λ": 30,
    "Μ": 40,
    "Ν": 50,
    "Ξ": 60,
    "Ο": 70,
    "Π": 80,
    "Ϟ": 90,
    "Ρ": 100,
    "Σ": 200,
}
_KERAIA = "'ʹ΄’`"


def _german(word: str) -> int | None:
    """``erstes`` -> 1, ``sechsunddreißigstes`` -> 36: a cardinal stem, ``t``/``st``, an ending."""
    for ending in _DE_ENDINGS:
        if not word.endswith(ending):
            continue
        stem = word[: -len(ending)]
        shorter = (stem[:-1] if stem.endswith("t") else "", stem[:-2] if stem.endswith("st") else "")
        for candidate in (stem, *shorter):
            value = _german_stem(candidate) if candidate else None
            if value is not None:
                return value
    return None


def _german_stem(stem: str) -> int | None:
    if stem in _DE_SMALL:
        return _DE_SMALL[stem]
    for tens, value in _DE_TENS.items():
        if stem == tens:
            return value
        if stem.endswith("und" + tens) and stem[: -len("und" + tens)] in _DE_UNITS:
            return _DE_UNITS[stem[: -len("und" + tens)]] + value
    return None


def _greek(token: str) -> int | None:
    core = token.rstrip(_KERAIA)
    if core == token or not core:
        return None  # a Greek numeral carries its keraia ("Α'"); a bare capital is a word
    core = core.replace("ΣΤ", "Ϛ")
    if any(ch not in _GREEK for ch in core):
        return None
    return sum(_GREEK[ch] for ch in core)


@lru_cache(maxsize=4096)
def number_value(token: str) -> int | None:
    """The number ``token`` shows, or None: ``12``, ``XII``, ``twelve``, ``Twelfth``, ``ΙΒ'``."""
    token = unicodedata.normalize("NFC", token.strip().rstrip(".:"))
    if not token:
        return None
    if token.isdecimal() and token.isascii() and len(token) <= 4:
        return int(token)
    if token.isupper() or set(token) <= set("ivxlc"):  # "mix" and "did" are words, "xiv" a numeral
        roman = roman_value(token)
        if roman is not None:
            return roman
    lower = token.lower()
    if lower in _WORDS:
        return _WORDS[lower]
    return _german(lower) or _greek(token)
