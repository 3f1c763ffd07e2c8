"""Bytes -> text: BOMs, encoding detection, newlines, and characters XML cannot hold.

Strict UTF-8 is tried first because it is right for almost every modern file and costs
milliseconds even on War and Peace; only when it fails do we ask a Gutenberg
``Character set encoding:`` line, and then charset-normalizer, what the bytes are.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
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
    if encoding.startswith("utf-8"):
        text = _repair_mojibake(text, warnings)
    text = _remove_forbidden(text, warnings)
    if not text.strip():
        raise InputError(path, "empty manuscript (only white space)")
    return Decoded(text, encoding, tuple(warnings))


def _decode_bytes(data: bytes, path: Path, warnings: list[tuple[int, str]]) -> tuple[str, str]:
    by_bom = _by_bom(data, warnings)
    if by_bom is not None:
        return by_bom
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]  # a UTF-8 BOM on a file that is not all UTF-8
    wide = _wide_without_bom(data)
    if wide is not None:
        return wide
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
    if hint:  # the file's own word comes first
        hinted = _codec_name(hint.group(1).decode("ascii", "replace"))
        if hinted and hinted != "utf-8":
            decoded = _try(data, _prefer_cp1252(data, hinted))
            if decoded is not None:
                return decoded
    mixed = _mixed_utf8_cp1252(data, warnings)
    if mixed is not None:
        return mixed
    guess = _plainly_western(data) or _detect(data)
    if guess is not None:
        decoded = _try(data, guess)
        if decoded is not None:
            return decoded
    decoded = _try(data, "cp1252")
    if decoded is not None:
        return decoded
    return data.decode("latin-1"), "latin-1"  # every byte is a Latin-1 character


def _by_bom(data: bytes, warnings: list[tuple[int, str]]) -> tuple[str, str] | None:
    """The encoding a byte order mark names, when the rest of the file agrees.

    A BOM is two to four bytes that legacy text can also start with: ``ÿþ`` in Windows-1252 is
    the UTF-16 LE mark. Text in UTF-16 or UTF-32 has NUL bytes (every ASCII character, space
    and line break has one), so a "UTF-16" file without any, whose rest reads as UTF-8 or
    Western text, is that text. A UTF-8 BOM is trusted only when the rest is valid UTF-8.
    """
    for bom, codec in BOMS:
        if not data.startswith(bom):
            continue
        rest = data[len(bom):]
        try:
            plain = "utf-8" if codec == "utf-8-sig" else f"{codec}-{_endian(bom)}"  # no BOM to skip
            text = rest.decode(plain)
        except UnicodeDecodeError:
            if codec != "utf-8-sig" and rest.count(0) * 8 > len(rest):  # real, but damaged
                text = data.decode(codec, errors="replace").lstrip("\ufeff")
                warnings.append((1, f"invalid {codec} bytes replaced with U+FFFD"))
                return text, codec
            return None
        if codec != "utf-8-sig" and 0 not in rest and (_is_utf8(rest) or _plainly_western(rest)):
            return None
        return text.lstrip("\ufeff"), codec
    return None


def _endian(bom: bytes) -> str:
    return "le" if bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE) else "be"


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _wide_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 or UTF-32 without a BOM: many NUL bytes, and one byte order reads as text.

    Of the readings that decode strictly into printable text, the one with most ASCII wins
    (Western UTF-16 LE read as BE is all CJK ideographs; UTF-32 read as UTF-16 is half NULs).
    """
    sample = data[:_SAMPLE]
    if sample.count(0) * 8 < len(sample):
        return None
    best: tuple[float, str, str] | None = None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    for codec in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        # UTF-16 text has its NULs on one side of each pair: the high byte of ASCII (and of
        # every Latin, Greek or Cyrillic space, digit and line break).
        if (codec == "utf-16-le" and odd < 9 * even) or (codec == "utf-16-be" and even < 9 * odd):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        head = text[:_SAMPLE]
        if not head or head.count("\x00") * 100 > len(head):
            continue
        unreadable = len(FORBIDDEN.findall(head)) + sum(1 for ch in head if unicodedata.category(ch) == "Cn")
        if unreadable * 50 > len(head):  # controls and unassigned code points: not text
            continue
        ascii_share = sum(1 for ch in head if ch < "\x80") / len(head)
        if best is None or ascii_share > best[0]:
            best = (ascii_share, text, codec)
    return (best[1], best[2]) if best else None


# A complete, valid UTF-8 multi-byte sequence (no overlongs, no surrogates).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_CP1252_RUNS = "bookbinder-cp1252-runs"


def _cp1252_runs(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are Windows-1252 (Latin-1 where it has a hole)."""
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start:err.end]
    return bad.decode("cp1252", errors="bookbinder-latin-1"), err.end


def _latin1(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    return err.object[err.start:err.end].decode("latin-1"), err.end


codecs.register_error(_CP1252_RUNS, _cp1252_runs)
codecs.register_error("bookbinder-latin-1", _latin1)


def _mixed_utf8_cp1252(data: bytes, warnings: list[tuple[int, str]]) -> tuple[str, str] | None:
    """A file that is part UTF-8 and part Windows-1252 (chapters pasted from two editors),
    decoded run by run: UTF-8 is self-synchronising, so every valid UTF-8 sequence is read as
    UTF-8 and every other byte as Windows-1252. Exact, where a mojibake repair (ftfy) guesses:
    it is used only for text that was already mis-decoded before it was saved (``_repair``).

    Only when there are UTF-8 sequences and the bytes left over read as Western text: Cyrillic
    or Greek code pages can form a valid UTF-8 pair by chance (``Её`` in Windows-1251).
    """
    # Evidence: continuation bytes inside valid sequences that decode to Western characters (one
    # for ``é``, two for ``—``). Two Windows-1252 characters can form a valid pair by chance, but
    # it decodes to another script: ``weiß«`` holds U+07EB, an N'Ko mark.
    sequences = _UTF8_SEQUENCE.findall(data[: _SAMPLE * 16])
    evidence = sum(len(sequence) - 1 for sequence in sequences if sequence.decode("utf-8") in _WESTERN)
    if evidence < 2:
        return None
    if _plainly_western(_UTF8_SEQUENCE.sub(b"", data)) is None:
        return None
    lines = data.split(b"\n")
    legacy: list[int] = []
    decoded: list[str] = []
    for number, line in enumerate(lines, start=1):
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(line.decode("utf-8", errors=_CP1252_RUNS))
            legacy.append(number)
    shown = ", ".join(map(str, legacy[:10])) + (f" and {len(legacy) - 10} more" if len(legacy) > 10 else "")
    warnings.append((legacy[0], f"mixed encodings: line(s) {shown} are Windows-1252 in a UTF-8 file"))
    return "\n".join(decoded), "utf-8+cp1252"


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


# Mis-decoded UTF-8 as it shows in text: a lead byte read as Windows-1252 or Latin-1 (Â, Ã, Å, â)
# followed by a continuation byte read the same way. Real words almost never have these pairs.
_MOJIBAKE_HINTS = ("\u00c2", "\u00c3", "\u00c5", "\u00e2\u20ac")
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3\u00c5\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def _repair_mojibake(text: str, warnings: list[tuple[int, str]]) -> str:
    """Lines saved after being mis-decoded once (``donâ€™t``, ``CafÃ©``) repaired with ftfy.

    ftfy knows every common mojibake and only undoes one when the result is more plausible
    text (its badness measure), which hand-written replacement tables get wrong. It is slow
    (~0.3 s per novel) and can misfire on clean French, so only lines showing a mis-decoded
    pair are given to it; a clean file costs a few substring searches.
    """
    if not any(hint in text for hint in _MOJIBAKE_HINTS) or not _MOJIBAKE.search(text):
        return text
    from ftfy import fix_encoding  # only for files with mojibake

    lines = text.split("\n")
    repaired: list[int] = []
    for index, line in enumerate(lines):
        if _MOJIBAKE.search(line):
            fixed = fix_encoding(line)
            if fixed != line and "\n" not in fixed:
                lines[index] = fixed
                repaired.append(index + 1)
    if not repaired:
        return text
    more = f" and {len(repaired) - 10} more" if len(repaired) > 10 else ""
    shown = ", ".join(map(str, repaired[:10])) + more
    warnings.append((repaired[0], f"repaired mis-decoded characters (mojibake) on line(s) {shown}"))
    return "\n".join(lines)


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
