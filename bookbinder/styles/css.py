"""The EPUB stylesheet of a style: the shared base rules (templates/epub.css) followed by the
rules generated from the style's definition, so sizes, alignment, ornaments and labels are
written once, in bookbinder.styles, for both the PDF and the EPUB.

The EPUB leaves the text face, size and line height to the reader's app; a style only hints a
generic family for headings. The scene-break ornament is in the markup as text (readers that ignore
generated content still show it); CSS only sizes and centres it.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from bookbinder.styles import Style, get


def _base() -> str:
    return files("bookbinder.writers.epub").joinpath("templates/epub.css").read_text(encoding="utf-8")


def _rules(style: Style) -> str:
    heading = style.heading
    align = "center" if heading.align == "center" else "left"
    title_style = "italic" if heading.title_italic else "normal"
    number_variant = "small-caps" if heading.number_smallcaps else "normal"
    rule = "0.05em solid" if heading.rule else "0"
    out = [
        f"/* Style: {style.name} ({style.description}) */",
        "h1,\nh2 {",
        f"  font-family: {style.css_heading_font};",
        f"  text-align: {align};",
        "}",
        "",
        "h2.chapter-title {",
        f"  font-size: {heading.title_size:.2f}em;",
        f"  font-style: {title_style};",
        f"  margin: {heading.sink * 10:.1f}em 0 1.5em;",
        f"  padding-bottom: {0.5 if heading.rule else 0}em;",
        f"  border-bottom: {rule};",
        "}",
        "",
        "h2.chapter-title span.chapter-number {",
        "  display: block;",
        f"  font-size: {heading.number_size / heading.title_size:.2f}em;",
        "  font-style: normal;",
        f"  font-variant: {number_variant};",
        "  letter-spacing: 0.08em;",
        "  margin-bottom: 0.6em;",
        "}",
        "",
        "h1.part-title {",
        f"  font-style: {title_style};",
        "}",
        "",
        "p {",
        f"  text-indent: {style.indent:.2f}em;",
        "}",
        "",
        "p.scene-break,\ndiv.scene-break {",
        "  text-indent: 0;",
        "  text-align: center;",
        "  margin: 1em 0;",
        "  page-break-inside: avoid;",
        "  break-inside: avoid;",
        "}",
    ]
    if heading.lead_in_words:
        out += ["", "span.lead-in {", "  font-variant: small-caps;", "  letter-spacing: 0.03em;", "}"]
    glyph = "".join(f"\\{ord(char):x}" if ord(char) > 0x7E else char for char in style.scene_break)
    out += ["", "hr.scene-break::after {", f'  content: "{glyph}";', "}"]
    return "\n".join(out) + "\n"


@cache
def stylesheet(name: str) -> str:
    """The whole EPUB stylesheet for the style called ``name``."""
    return _base().rstrip("\n") + "\n\n" + _rules(get(name))
