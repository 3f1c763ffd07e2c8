"""The EPUB stylesheet of a style: the shared base rules (templates/epub.css) followed by the
rules generated from the style's definition, so sizes, alignment, ornaments and labels are
written once, in bookbinder.styles, for both the PDF and the EPUB.

The EPUB leaves the faces, size and line height to the reader's app (no font-family at all).
The scene-break ornament is in the markup as text (readers that ignore generated content still
show it); CSS only places it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bookbinder.styles import Style, get

# Package data beside the EPUB writer; read as a file (importlib.resources costs ~3 ms to import).
_BASE = Path(__file__).resolve().parent.parent / "writers" / "epub" / "templates" / "epub.css"


def _base() -> str:
    return _BASE.read_text(encoding="utf-8")


def _rules(style: Style) -> str:
    heading = style.heading
    align = "center" if heading.align == "center" else "left"
    title_style = "italic" if heading.title_italic else "normal"
    number_variant = "small-caps" if heading.number_smallcaps else "normal"
    rule = "0.05em solid" if heading.rule else "0"
    out = [
        f"/* Style: {style.name} ({style.description}) */",
        "h1,\nh2 {",
        f"  text-align: {align};",
        "}",
        "",
        ".chapter-title {",
        f"  font-size: {heading.title_size:.2f}em;",
        f"  font-style: {title_style};",
        f"  margin: {heading.sink * 10:.1f}em 0 1.5em;",
        f"  padding-bottom: {0.5 if heading.rule else 0}em;",
        f"  border-bottom: {rule};",
        "}",
        "",
        ".chapter-title span.chapter-number {",
        "  display: block;",
        f"  font-size: {heading.number_size / heading.title_size:.2f}em;",
        "  font-style: normal;",
        f"  font-variant: {number_variant};",
        "  letter-spacing: 0.08em;",
        "  margin-bottom: 0.6em;",
        "}",
        "",
        ".part-title,\n.volume-title {",
        f"  font-style: {title_style};",
        "}",
        "",
        "p {",
        f"  text-indent: {style.indent:.2f}em;",
        "}",
        "",
        "/* The ornament is in the markup (readers without generated content show it too). */",
        "p.scene-break {",
        "  text-indent: 0;",
        "  text-align: center;",
        "  margin: 0.75em 0;",
        "  page-break-after: avoid;",
        "  break-after: avoid;",
        "}",
        "",
        "p.scene-break + p {",
        "  text-indent: 0;",
        "}",
    ]
    note = "".join(f"\\{ord(c):x} " if ord(c) > 0x7E or c in '"\\' else c for c in style.labels.author_note)
    out += [
        "",
        "/* The author's note label, as the PDF sets it (generated: not part of the story's words). */",
        "div.author-note::before {",
        f'  content: "{note.strip()}";',
        "  display: block;",
        "  font-variant: small-caps;",
        "  margin-bottom: 0.3em;",
        "}",
    ]
    if heading.lead_in_words:  # the PDF sets the first words in small capitals; a reader, the first line
        out += ["", ".chapter-title + p::first-line {", "  font-variant: small-caps;", "}"]
    if heading.drop_cap:
        out += [
            "",
            ".chapter-title + p::first-letter {",
            "  float: left;",
            "  font-size: 2.9em;",
            "  line-height: 0.9;",
            "  margin: 0.05em 0.08em 0 0;",
            "}",
        ]
    return "\n".join(out) + "\n"


@cache
def stylesheet(name: str) -> str:
    """The whole EPUB stylesheet for the style called ``name``."""
    return _base().rstrip("\n") + "\n\n" + _rules(get(name))
