"""The pages before the story: cover, title page, "About this book", and the contents (nav)."""

from __future__ import annotations

from collections.abc import Sequence

from bookbinder.covers import SCREEN_COVER
from bookbinder.metadata.display import about_rows, has_about, series_line, series_number, title_page_authors
from bookbinder.model import Metadata
from bookbinder.toc import TocEntry
from bookbinder.writers.xhtml import attr, escape, toc_list

COVER_WIDTH, COVER_HEIGHT = SCREEN_COVER  # 5:8, under Apple's 4-megapixel best practice
__all__ = ["has_about", "series_line", "series_number"]  # used through this module by the writer


def cover_body(image_href: str, title: str, authors: Sequence[str] = ()) -> str:
    """A full-page cover: a plain ``img`` (Apple's and Kobo's asset guides ask for one, not SVG),
    described by the title and author so a screen-reader user hears what is on it."""
    alt = f"Cover: {title}" + (f", by {', '.join(authors)}" if authors else "")
    return (
        '<section class="cover">\n'
        f'<img class="cover" src="{attr(image_href)}" alt="{attr(alt)}"'
        ' epub:type="cover" role="doc-cover"/>\n'
        "</section>\n"
    )


def title_page_body(meta: Metadata) -> str:
    """Title, subtitle, authors, series and publisher, centred."""
    title = meta.title.strip() or "Untitled"
    out = ['<section class="titlepage" epub:type="titlepage">\n', f'<h1 class="title">{escape(title)}</h1>\n']
    if meta.subtitle:
        out.append(f'<p class="subtitle">{escape(meta.subtitle)}</p>\n')
    for author in title_page_authors(meta):
        out.append(f'<p class="author">{escape(author)}</p>\n')
    series = series_line(meta)
    if series:
        out.append(f'<p class="series">{escape(series)}</p>\n')
    if meta.publisher:
        out.append(f'<p class="publisher">{escape(meta.publisher)}</p>\n')
    out.append("</section>\n")
    return "".join(out)


def about_body(meta: Metadata, words: int, chapters: int) -> str:
    """The AO3-style preface: rating, fandom, tags, word count, then the summary."""
    out = ['<section class="about" epub:type="preface" role="doc-preface">\n', "<h1>About this book</h1>\n"]
    out.append('<dl class="tags">\n')
    for label, value in about_rows(meta, words, chapters):
        out.append(f"<dt>{escape(label)}</dt>\n<dd>{escape(value)}</dd>\n")
    out.append("</dl>\n")
    if meta.description:
        out.append('<h2 class="summary-title">Summary</h2>\n<div class="summary">\n')
        for line in meta.description.split("\n\n"):
            if line.strip():
                out.append(f"<p>{escape(line.strip())}</p>\n")
        out.append("</div>\n")
    out.append("</section>\n")
    return "".join(out)


def nav_body(toc: Sequence[TocEntry], href: dict[str, str], landmarks: Sequence[tuple[str, str, str]],
             heading: str = "Contents", page_list: Sequence[tuple[str, str]] = ()) -> str:
    """The EPUB 3 navigation document's body: the contents (shown), the landmarks and the print
    page list (hidden; reading systems offer them as "go to page")."""
    pages = "".join(f'  <li><a href="{attr(target)}">{escape(label)}</a></li>\n'
                    for label, target in page_list)
    page_nav = (f'<nav id="page-list" epub:type="page-list" role="doc-pagelist" hidden="">\n<h2>Pages</h2>\n'
                f"<ol>\n{pages}</ol>\n</nav>\n") if page_list else ""
    marks = "".join(
        f'  <li><a epub:type="{attr(kind)}" href="{attr(target)}">{escape(label)}</a></li>\n'
        for kind, target, label in landmarks
    )
    return (
        f'<nav id="toc" epub:type="toc" role="doc-toc">\n<h1>{escape(heading)}</h1>\n'
        f"{toc_list(toc, href)}</nav>\n"
        f'<nav id="landmarks" epub:type="landmarks" hidden="">\n<h2>Landmarks</h2>\n'
        f"<ol>\n{marks}</ol>\n</nav>\n{page_nav}"
    )


def copyright_body(lines: Sequence[str]) -> str:
    """The copyright page: its lines (bookbinder.metadata.display.copyright_lines), small and apart."""
    out = ['<section class="copyright" epub:type="copyright-page">\n']
    out += [f"<p>{escape(line)}</p>\n" for line in lines]
    out.append("</section>\n")
    return "".join(out)
