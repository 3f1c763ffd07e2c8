"""Bytes -> text: BOMs, encoding detection, newlines, and characters XML cannot hold.

Strict UTF-8 is tried first because it is right for almost every modern file and costs
milliseconds even on War and Peace; only when it fails do we ask a Gutenberg
``Character set encoding:`` line, and then charset-normalizer, what the bytes are.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from bookbinder.chars import FORBIDDEN
from bookbinder.errors import InputError

# File types people drop into a manuscript folder by mistake: magic number -> what it is.
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip archive (an EPUB or DOCX?), not plain text"),
    (b"%PDF", "a PDF file, not plain text"),
    (b"\x89PNG", "a PNG image, not plain text"),
    (b"\xff\xd8\xff", "a JPEG image, not plain text"),
    (b"GIF8", "a GIF image, not plain text"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Office document, not plain text"),
    (b"\x7fELF", "a program, not plain text"),
    (b"\x1f\x8b", "a gzip archive, not plain text"),
    (b"{\\rtf", "an RTF document; save it as plain text first"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GUTENBERG_CHARSET = re.compile(rb"(?im)^character set encoding:\s*([\w.:-]+)")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_SAMPLE = 64 * 1024
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
# What Western prose uses beyond ASCII: Latin-1 letters and the typographer's punctuation.
_WESTERN = frozenset(
    [chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7)]
    + list("“”‘’„‚–—…€•«»°§©®™¡¿£¥¢·¶†‡ªº¹²³¼½¾´¨¸ŒœŠšŽžŸƒˆ˜‰‹›\u00a0")
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text with LF newlines, the encoding used, and (line, message) warnings."""

    text: str
    encoding: str
    warnings: tuple[tuple[int, str], ...] = ()


def decode(data: bytes, path: Path) -> Decoded:
    """Decode a manuscript; raises InputError for empty, blank or binary input."""
    if not data.strip():
        raise InputError(path, "empty manuscript (no text in the file)")
    for magic, what in MAGIC_NUMBERS:
        if data.startswith(magic):
            raise InputError(path, f"is {what}")
    warnings: list[tuple[int, str]] = []
    text, encoding = _decode_bytes(data, path, warnings)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _remove_forbidden(text, warnings)
    if not text.strip():
        raise InputError(path, "empty manuscript (only white space)")
    return Decoded(text, encoding, tuple(warnings))


def _decode_bytes(data: bytes, path: Path, warnings: list[tuple[int, str]]) -> tuple[str, str]:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                text = data.decode(codec, errors="replace")
                warnings.append((1, f"invalid {codec} bytes replaced with U+FFFD"))
            return text.lstrip("\ufeff"), codec
    _refuse_binary(data, path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:  # UTF-8 with encoded lone surrogates (WTF-8, from buggy tools): removed below, with a warning
        return data.decode("utf-8", "surrogatepass"), "utf-8"
    except UnicodeDecodeError:
        pass
    hint = _GUTENBERG_CHARSET.search(data[:_SAMPLE])
    if hint:
        hinted = _codec_name(hint.group(1).decode("ascii", "replace"))
        if hinted and hinted != "utf-8":
            decoded = _try(data, _prefer_cp1252(data, hinted))
            if decoded is not None:
                return decoded
    guess = _plainly_western(data) or _detect(data)
    if guess is not None:
        decoded = _try(data, guess)
        if decoded is not None:
            return decoded
    decoded = _try(data, "cp1252")
    if decoded is not None:
        return decoded
    return data.decode("latin-1"), "latin-1"  # every byte is a Latin-1 character


def _plainly_western(data: bytes) -> str | None:
    """Windows-1252 (or Latin-1) when that reading gives Western letters and typographic
    punctuation, accents being a minority of letters: short samples defeat statistical
    detectors, and this is by far the most common legacy encoding of manuscripts."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    foreign = _NON_ASCII.findall(text)
    if not set(foreign) <= _WESTERN:
        return None
    letters = sum(1 for ch in foreign if ch.isalpha())
    if letters * 10 > len(_ASCII_LETTERS.findall(text)) * 3:
        return None  # mostly accented letters: a Cyrillic or Greek code page read wrongly
    return _prefer_cp1252(data, "latin-1")


def _detect(data: bytes) -> str | None:
    """charset-normalizer's answer; among equally good guesses, the Western code pages win
    (short Western texts tie between cp1250, cp1252 and friends, and cp1252 is the common one)."""
    from charset_normalizer import from_bytes  # only for files that are not UTF-8: ~40 ms to import

    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    tied = {
        _codec_name(match.encoding)
        for match in results
        if match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.01
    }
    if tied & {"cp1252", "latin-1"}:
        return _prefer_cp1252(data, "latin-1")
    return _codec_name(best.encoding)


def _refuse_binary(data: bytes, path: Path) -> None:
    """Without a BOM, NULs or many control bytes mean this is not a text file."""
    sample = data[:_SAMPLE]
    nuls = sample.count(0)
    controls = len(_CONTROL_BYTES.findall(sample))
    if nuls > max(2, len(sample) // 100) or controls > max(8, len(sample) // 20):
        raise InputError(path, "looks like a binary file, not plain text")


def _codec_name(label: str) -> str | None:
    """A readable, canonical codec name (``latin-1``, ``cp1252``) or None if unknown."""
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return {"iso8859-1": "latin-1", "windows-1252": "cp1252", "utf_8": "utf-8"}.get(name, name)


def _prefer_cp1252(data: bytes, codec: str) -> str:
    """Bytes 0x80-0x9F are C1 controls in Latin-1 but quotes and dashes in Windows-1252."""
    if codec == "latin-1" and re.search(rb"[\x80-\x9f]", data):
        return "cp1252"
    return codec


def _try(data: bytes, codec: str) -> tuple[str, str] | None:
    try:
        return data.decode(codec), codec
    except (UnicodeDecodeError, LookupError):
        return None


def _remove_forbidden(text: str, warnings: list[tuple[int, str]]) -> str:
    """Drop characters XML cannot carry, with one warning naming the lines they were on."""
    found = list(FORBIDDEN.finditer(text))
    if not found:
        return text
    lines: list[int] = []
    names: dict[str, None] = {}
    line, position = 1, 0
    for match in found:
        line += text.count("\n", position, match.start())
        position = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
        names.setdefault(f"U+{ord(match.group()):04X}", None)
    shown = ", ".join(map(str, lines[:10])) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
    what = ", ".join(list(names)[:5])
    warnings.append(
        (lines[0], f"removed {len(found)} control character(s) XML cannot hold ({what}) on line(s) {shown}")
    )
    return FORBIDDEN.sub("", text)
