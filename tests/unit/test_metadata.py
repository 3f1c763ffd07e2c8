"""Metadata: precedence CLI > sidecar > catalogue > front matter > title block > file name, with
provenance in `inspect --json`; sidecar and catalogue files; value normalisation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bookbinder import api
from bookbinder.cli import app
from bookbinder.errors import MetadataError
from bookbinder.metadata import Layer, canonical_key, resolve
from bookbinder.metadata.sidecars import catalogue_warnings, outer_layers
from bookbinder.metadata.values import parse_date, parse_series_index, split_series, title_from_filename
from bookbinder.model import Source

STORY = "It was a quiet evening at the lighthouse.\n\nThe keeper lit the lamp and waited.\n"
FRONT_MATTER = "---\ntitle: Front Matter Title\nauthor: Fern Matter\n---\n\n"
TITLE_BLOCK = "Title Block Title\n\nby Tilly Block\n\n"
LAYERS = ["cli", "sidecar", "catalogue", "front-matter", "title-block", "filename"]


def make_book(folder: Path, highest: str) -> tuple[Path, list[str]]:
    """A manuscript with every layer from ``highest`` down, each naming a different title."""
    below = LAYERS[LAYERS.index(highest):]
    text = STORY
    if "title-block" in below:
        text = TITLE_BLOCK + text
    if "front-matter" in below:
        text = FRONT_MATTER + text
    book = folder / "the_quiet_lamp.txt"
    book.write_text(text, encoding="utf-8")
    if "catalogue" in below:
        (folder / "bookbinder.toml").write_text(
            '[the_quiet_lamp]\ntitle = "Catalogue Title"\n', encoding="utf-8"
        )
    if "sidecar" in below:
        (folder / "the_quiet_lamp.yaml").write_text("title: Sidecar Title\n", encoding="utf-8")
    args = ["--title", "Cli Title"] if "cli" in below else []
    return book, args


EXPECTED_TITLE = {
    "cli": "Cli Title",
    "sidecar": "Sidecar Title",
    "catalogue": "Catalogue Title",
    "front-matter": "Front Matter Title",
    "title-block": "Title Block Title",
    "filename": "The Quiet Lamp",
}


@pytest.mark.parametrize("highest", LAYERS)
def test_each_layer_beats_every_layer_below_it(tmp_path: Path, highest: str) -> None:
    book, args = make_book(tmp_path, highest)
    result = CliRunner().invoke(app, ["inspect", str(book), "--json", *args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == EXPECTED_TITLE[highest]
    assert data["sources"]["title"] == highest


def test_fields_come_from_different_layers(tmp_path: Path) -> None:
    book = tmp_path / "story.txt"
    book.write_text(FRONT_MATTER + STORY, encoding="utf-8")
    (tmp_path / "story.toml").write_text('series = "Lamps"\nseries_index = 2\n', encoding="utf-8")
    (tmp_path / "bookbinder.toml").write_text('publisher = "Harbour Press"\n', encoding="utf-8")
    md = api.read(book, {"language": "fr"}).manuscript.metadata
    assert (md.title, md.authors) == ("Front Matter Title", ("Fern Matter",))
    assert (md.series, md.series_index, md.publisher, md.language) == ("Lamps", 2.0, "Harbour Press", "fr")
    assert md.source("title") == Source.FRONT_MATTER
    assert md.source("series") == Source.SIDECAR
    assert md.source("publisher") == Source.CATALOGUE
    assert md.source("language") == Source.CLI


# --- sidecars and catalogues ---------------------------------------------------------------------

def test_toml_sidecar_beats_yaml_and_lists_are_read(tmp_path: Path) -> None:
    book = tmp_path / "tale.txt"
    book.write_text(STORY, encoding="utf-8")
    (tmp_path / "tale.toml").write_text('tags = ["sea", "light"]\nauthor = "A and B"\n', encoding="utf-8")
    (tmp_path / "tale.yml").write_text("title: Ignored\n", encoding="utf-8")
    md = resolve(outer_layers(book))
    assert md.subjects == ("sea", "light")
    assert md.authors == ("A", "B")
    assert md.title == "Untitled"  # the .yml is not read when a .toml exists


@pytest.mark.parametrize(("name", "content", "line"), [
    ("tale.toml", 'title = "ok"\nauthor = \n', 2),
    ("tale.toml", 'title = "ok"\n\n[unclosed\n', 3),
    ("tale.yaml", "title: ok\nauthor: [a, b\nsummary: x\n", 3),
    ("tale.yaml", "title: ok\n  bad: indent\n", 2),
])
def test_malformed_sidecar_names_file_and_line(tmp_path: Path, name: str, content: str, line: int) -> None:
    book = tmp_path / "tale.txt"
    book.write_text(STORY, encoding="utf-8")
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(MetadataError) as caught:
        outer_layers(book)
    assert caught.value.path == tmp_path / name
    assert caught.value.line == line
    assert f"{name}:{line}:" in str(caught.value)


def test_malformed_catalogue_is_one_line_error_from_the_cli(tmp_path: Path) -> None:
    book = tmp_path / "tale.txt"
    book.write_text(STORY, encoding="utf-8")
    (tmp_path / "bookbinder.toml").write_text("[tale]\ntitle = 'x\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["inspect", str(book)])
    assert result.exit_code == 1
    assert result.stderr.strip() == result.stderr.strip().splitlines()[0]
    assert result.stderr.startswith(f"error: {tmp_path / 'bookbinder.toml'}:2: malformed TOML")


@pytest.mark.parametrize("content", ["- a\n- b\n", "just text\n"])
def test_yaml_sidecar_must_be_a_mapping(tmp_path: Path, content: str) -> None:
    (tmp_path / "tale.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "tale.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(MetadataError, match="key: value"):
        outer_layers(tmp_path / "tale.txt")


def test_nested_tables_are_not_metadata(tmp_path: Path) -> None:
    (tmp_path / "tale.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "tale.yaml").write_text("title:\n  nested: map\n", encoding="utf-8")
    with pytest.raises(MetadataError, match="title"):
        outer_layers(tmp_path / "tale.txt")


def test_catalogue_entry_for_a_missing_file_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "present.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "bookbinder.toml").write_text(
        '[present]\ntitle = "Here"\n\n[gone]\ntitle = "Not here"\n', encoding="utf-8"
    )
    warnings = catalogue_warnings(tmp_path, {".txt"})
    assert len(warnings) == 1 and "[gone]" in warnings[0]
    assert resolve(outer_layers(tmp_path / "present.txt")).title == "Here"
    result = CliRunner().invoke(app, ["inspect", str(tmp_path / "present.txt")])
    assert result.exit_code == 0
    assert "warning:" in result.stderr and "[gone]" in result.stderr


def test_catalogue_top_level_keys_apply_to_every_book_and_tables_win(tmp_path: Path) -> None:
    for stem in ("one", "two"):
        (tmp_path / f"{stem}.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "bookbinder.toml").write_text(
        'publisher = "Folder Press"\nseries = "Pair"\n\n[two]\nseries = "Other"\n', encoding="utf-8"
    )
    one, two = (resolve(outer_layers(tmp_path / f"{s}.txt")) for s in ("one", "two"))
    assert (one.publisher, one.series) == ("Folder Press", "Pair")
    assert (two.publisher, two.series) == ("Folder Press", "Other")


@pytest.mark.parametrize("title", ["../../etc/passwd", "CON", "x" * 10_000, "tag ]]> <script>&amp;", "/"])
def test_values_are_data_not_paths_or_markup(tmp_path: Path, title: str) -> None:
    (tmp_path / "tale.txt").write_text(STORY, encoding="utf-8")
    sidecar = f"title = {json.dumps(title)}\ntags = [\"a]]>b\"]\n"
    (tmp_path / "tale.toml").write_text(sidecar, encoding="utf-8")
    md = api.read(tmp_path / "tale.txt").manuscript.metadata
    assert md.title == title
    assert md.subjects == ("a]]>b",)


def test_relative_cover_is_relative_to_the_file_that_names_it(tmp_path: Path) -> None:
    sub = tmp_path / "books"
    sub.mkdir()
    (sub / "tale.txt").write_text(STORY, encoding="utf-8")
    (sub / "tale.toml").write_text('cover = "art/tale.jpg"\n', encoding="utf-8")
    md = resolve(outer_layers(sub / "tale.txt"))
    assert md.cover == str(sub / "art" / "tale.jpg")
    (sub / "tale.toml").unlink()
    (sub / "bookbinder.toml").write_text('[tale]\ncover = "art/../shared.png"\n', encoding="utf-8")
    assert resolve(outer_layers(sub / "tale.txt")).cover == str(sub / "art" / ".." / "shared.png")


def test_sidecar_must_be_utf8(tmp_path: Path) -> None:
    (tmp_path / "tale.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "tale.toml").write_bytes(b'title = "ok"\nauthor = "Jos\xe9"\n')
    with pytest.raises(MetadataError, match="UTF-8") as caught:
        outer_layers(tmp_path / "tale.txt")
    assert caught.value.line == 2


# --- normalisation -------------------------------------------------------------------------------

def layer(**values: object) -> Layer:
    return Layer(Source.FRONT_MATTER, {k.replace("_", " "): v for k, v in values.items()})  # type: ignore[misc]


@pytest.mark.parametrize(("raw", "w3c"), [
    ("2019-05-01", "2019-05-01"), ("May 1, 2019", "2019-05-01"), ("2019/05/01", "2019-05-01"),
    ("1 May 2019", "2019-05-01"), ("1st of May, 2019", "2019-05-01"), ("Sept. 3 2020", "2020-09-03"),
    ("May 2019", "2019-05"), ("2019", "2019"), ("2019-5", "2019-05"), ("2019-05-01T22:10:00Z", "2019-05-01"),
    ("25/12/2019", "2019-12-25"), ("12/25/2019", "2019-12-25"), ("1.5.2019", "2019-05-01"),
    ("Wed, 1 May 2019", "2019-05-01"),
])
def test_dates_become_w3c(raw: str, w3c: str) -> None:
    assert parse_date(raw) == w3c


@pytest.mark.parametrize("raw", ["next spring", "01/02/2019", "2019-13-01", "Smarch 3, 2019", "2019-02-30"])
def test_unparsable_date_is_kept_as_extra_not_dropped(raw: str) -> None:
    assert parse_date(raw) is None
    md = resolve([Layer(Source.SIDECAR, {"Published": raw}), Layer(Source.FRONT_MATTER, {"date": "2001"})])
    assert ("Published", raw) in md.extra
    assert md.date == "2001" and md.source("date") == Source.FRONT_MATTER


def test_yaml_dates_are_dates() -> None:
    import datetime as dt

    assert resolve([layer(date=dt.date(2019, 5, 1))]).date == "2019-05-01"


@pytest.mark.parametrize(("raw", "code"), [
    ("English", "en"), ("French", "fr"), ("FRENCH", "fr"), ("fr_FR", "fr-FR"), ("en-us", "en-US"),
    ("Français", "fr"), ("eng", "en"), ("zh_hant_tw", "zh-Hant-TW"), ("Hebrew", "he"), ("pt-BR", "pt-BR"),
])
def test_language_names_and_codes_become_bcp47(raw: str, code: str) -> None:
    assert resolve([layer(language=raw)]).language == code


def test_unknown_language_is_kept_as_extra() -> None:
    md = resolve([layer(language="Elvish!"), Layer(Source.DETECTED, {"language": "en"})])
    assert md.language == "en" and md.source("language") == Source.DETECTED
    assert ("language", "Elvish!") in md.extra


@pytest.mark.parametrize(("raw", "index"), [
    ("2", 2.0), ("2.5", 2.5), ("#3", 3.0), ("Book 4", 4.0), ("Part 2 of 5", 2.0), ("two", 2.0),
    ("II", 2.0), (7, 7.0),
])
def test_series_index(raw: object, index: float) -> None:
    assert parse_series_index(raw) == index


@pytest.mark.parametrize(("raw", "name", "index"), [
    ("Lamps [2]", "Lamps", 2.0), ("Lamps #3", "Lamps", 3.0), ("Lamps, Book 4", "Lamps", 4.0),
    ("Part 2 of Lamps", "Lamps", 2.0), ("Lamps", "Lamps", None),
])
def test_series_with_its_position(raw: str, name: str, index: float | None) -> None:
    assert split_series(raw) == (name, index)
    md = resolve([layer(series=raw)])
    assert (md.series, md.series_index) == (name, index)


def test_explicit_series_index_beats_one_inside_the_series_name() -> None:
    md = resolve([Layer(Source.CLI, {"series index": "5"}), layer(series="Lamps [2]")])
    assert (md.series, md.series_index) == ("Lamps", 5.0)


@pytest.mark.parametrize(("alias", "field"), [
    ("Author", "authors"), ("by", "authors"), ("Summary", "description"), ("Tags", "subjects"),
    ("Additional Tags", "subjects"), ("Pairing", "relationships"), ("Fandom", "fandoms"),
    ("Story URL", "source_url"), ("Published", "date"), ("Series Number", "series_index"),
    ("Pen Name", "authors"), ("Rated", "rating"),
])
def test_aliases(alias: str, field: str) -> None:
    assert canonical_key(alias) == field


def test_list_splitting_keeps_ampersand_relationships() -> None:
    md = resolve([layer(relationships="Kit & Lamp, Moth/Flame", authors="by Ann, Bo & Cy", tags="a; b, a")])
    assert md.relationships == ("Kit & Lamp", "Moth/Flame")
    assert md.authors == ("Ann", "Bo", "Cy")
    assert md.subjects == ("a", "b")


def test_summary_keeps_paragraphs_and_titles_are_one_line() -> None:
    md = resolve([layer(title="A\n  Title", summary="One\nline.\n\nTwo.")])
    assert md.title == "A Title"
    assert md.description == "One line.\n\nTwo."


@pytest.mark.parametrize(("name", "title"), [
    ("000_18fc5684e88c9bf4.txt", "Untitled 000"),
    ("18fc5684e88c9bf4.txt", "Untitled"),
    ("the_lord_of_the_rings.txt", "The Lord of the Rings"),
    ("lantern-keeper.txt", "Lantern Keeper"),
    ("03 McGregor and NASA.md", "McGregor and NASA"),
    ("2001.txt", "2001"),
    ("deadbeef.txt", "Deadbeef"),  # all letters: a word, not a hash
])
def test_title_from_filename(name: str, title: str) -> None:
    assert title_from_filename(Path(name)) == title


def test_identifier_is_stable_and_given_ids_are_kept() -> None:
    a = resolve([layer(title="T")], "text")
    assert a.identifier == resolve([layer(title="T")], "text").identifier
    assert a.identifier != resolve([layer(title="T")], "other text").identifier
    assert resolve([layer(isbn="978-3-16")]).identifier == "urn:bookbinder:978-3-16"


def test_two_aliases_in_one_layer_lose_nothing() -> None:
    md = resolve([
        Layer(Source.FRONT_MATTER, {"Category": "F/M", "Genre": "Romance, Drama", "Published": "2020",
                                    "Date": "2021-02-03"}),
        Layer(Source.FILENAME, {"Tags": "ignored"}),
    ])
    assert md.subjects == ("F/M", "Romance", "Drama")
    assert md.date == "2020" and ("Date", "2021-02-03") in md.extra


def test_typography_applies_to_display_texts_only() -> None:
    from bookbinder.readers.text.inline import smart_text

    md = resolve([layer(title="The Clockmaker's Daughter", summary='"Tick," it said...',
                        author="Pat O'Neill", tags="rock 'n' roll")], typography=smart_text)
    assert md.title == "The Clockmaker\u2019s Daughter"
    assert md.description == "\u201cTick,\u201d it said\u2026"
    assert md.authors == ("Pat O'Neill",) and md.subjects == ("rock 'n' roll",)
    assert resolve([layer(title="It's")]).title == "It's"  # without typography: as written


def test_characters_xml_forbids_are_removed_from_values(tmp_path: Path) -> None:
    (tmp_path / "tale.txt").write_text(STORY, encoding="utf-8")
    sidecar = 'title: "A\\0B\\x07C\\ud800D\\uffff"\ntags: ["x\\x1by"]\n"Mo\\x00od": grey\n'
    (tmp_path / "tale.yaml").write_text(sidecar, encoding="utf-8")
    md = resolve(outer_layers(tmp_path / "tale.txt"))
    assert (md.title, md.subjects, md.extra) == ("ABCD", ("xy",), (("Mood", "grey"),))


@pytest.mark.parametrize(("source", "expected"), [
    (Source.TITLE_BLOCK, "The Clockmaker's Daughter, Book II"),
    (Source.SIDECAR, "THE CLOCKMAKER'S DAUGHTER, BOOK II"),  # the author chose capitals: kept
])
def test_title_page_capitals_become_title_case(source: Source, expected: str) -> None:
    md = resolve([Layer(source, {"title": "THE CLOCKMAKER'S DAUGHTER, BOOK II"})])
    assert md.title == expected
    assert resolve([Layer(Source.TITLE_BLOCK, {"title": "NASA"})]).title == "NASA"  # one word: an acronym


def test_front_matter_cover_is_relative_to_the_manuscript(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books = tmp_path / "books"
    books.mkdir()
    (books / "tale.txt").write_text("---\ncover: art/tale.jpg\n---\n\n" + STORY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # elsewhere: the current directory must not matter
    md = api.read(Path("books") / "tale.txt").manuscript.metadata
    assert md.cover == str(books / "art" / "tale.jpg")


@pytest.mark.parametrize(("flags", "title", "subtitle"), [
    ([], "Don\u2019t Look \u201cBack\u201d", "\u201cA\u201d Ghost Story\u2014Mostly"),
    (["--no-smart"], "Don't Look \"Back\"", "\"A\" Ghost Story--Mostly"),
])
def test_metadata_texts_get_the_body_typography(
    tmp_path: Path, flags: list[str], title: str, subtitle: str
) -> None:
    book = tmp_path / "story.txt"
    book.write_text('Title: Don\'t Look "Back"\nSubtitle: "A" Ghost Story--Mostly\nAuthor: Pat O\'Neill\n\n'
                    + STORY, encoding="utf-8")
    result = CliRunner().invoke(app, ["inspect", str(book), "--json", *flags])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["title"], data["metadata"]["subtitle"]) == (title, subtitle)
    assert data["authors"] == ["Pat O'Neill"]  # names stay as written


def test_a_fuller_form_of_the_authors_name_in_the_same_file_is_the_byline() -> None:
    # A header names the author briefly, the title page in full: the title page is consumed as
    # metadata, so the shorter form would drop printed words from every output.
    header = Layer(Source.FRONT_MATTER, {"author": "Mara Quill"})
    title_page = Layer(Source.TITLE_BLOCK, {"by": "Mara Quill/Quell"})
    both = resolve([header, title_page])
    assert (both.authors, both.byline) == (("Mara Quill",), "Mara Quill/Quell")  # names for libraries
    initial = Layer(Source.TITLE_BLOCK, {"by": "J. Vale"})
    assert resolve([Layer(Source.FRONT_MATTER, {"author": "Vale"}), initial]).byline == "J. Vale"
    assert resolve([title_page]).byline is None  # nothing fuller: the names are the byline


def test_a_different_name_or_the_users_own_choice_is_never_replaced() -> None:
    title_page = Layer(Source.TITLE_BLOCK, {"by": "Mara Quill/Quell"})
    other = Layer(Source.FRONT_MATTER, {"author": "Ines Roa"})
    assert resolve([other, title_page]).byline is None
    chosen = Layer(Source.SIDECAR, {"author": "Mara Quill"})
    assert resolve([chosen, title_page]).byline is None
