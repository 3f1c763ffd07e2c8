"""Author's-note policy, omnibus binding and the fallbacks for books nobody named."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bookbinder.errors import UsageError
from bookbinder.metadata.fallbacks import missing_metadata_warning, opening_line
from bookbinder.model import AuthorNote, Chapter, Manuscript, Matter, Metadata, Paragraph, Source, Span
from bookbinder.transforms import prepare
from bookbinder.transforms.notes import NotesPolicy, apply_notes_policy, parse_policy
from bookbinder.transforms.omnibus import ABOUT_TITLE, bind, group_series
from bookbinder.words import manuscript_words, words


def para(text: str) -> Paragraph:
    return Paragraph((Span(text),))


def noted_book() -> Manuscript:
    return Manuscript(
        Metadata("Lamps", authors=("R. Vale",)),
        (
            Chapter("One", (AuthorNote((para("A/N: thanks for the kudos"),)), para("The lamp lit."))),
            Chapter("Two", (para("The lamp went out."), AuthorNote((para("Disclaimer: not mine"),
                                                                     para("Really not.")),))),
        ),
    )


def test_keep_leaves_the_book_as_it_is() -> None:
    book = noted_book()
    outcome = apply_notes_policy(book, NotesPolicy.KEEP)
    assert outcome.manuscript is book and outcome.notes == 2 and outcome.words_removed == 0


def test_strip_removes_every_note_and_counts_the_words() -> None:
    outcome = apply_notes_policy(noted_book(), NotesPolicy.STRIP)
    blocks = [b for c in outcome.manuscript.chapters for b in c.blocks]
    assert not any(isinstance(b, AuthorNote) for b in blocks)
    removed = words("A/N: thanks for the kudos Disclaimer: not mine Really not.")
    assert outcome.words_removed == len(removed) == 11
    assert manuscript_words(outcome.manuscript) == words("One The lamp lit. Two The lamp went out.")


def test_end_gathers_notes_at_the_back_with_links_and_loses_no_word() -> None:
    book = noted_book()
    outcome = apply_notes_policy(book, NotesPolicy.END)
    moved = outcome.manuscript
    stubs = [b for c in moved.chapters for b in c.blocks if isinstance(b, AuthorNote)]
    assert [s.paragraphs for s in stubs] == [(), ()]
    section = moved.back_matter[0]
    assert section.kind is Matter.NOTES
    assert [n.ref for n in section.notes] == [s.ref for s in stubs] == ["note001", "note002"]
    assert section.notes[1].paragraphs == (para("Disclaimer: not mine"), para("Really not."))
    # Same words, the notes' now at the back.
    added = Counter(manuscript_words(moved)) - Counter(manuscript_words(book))
    assert added == Counter(section.title.replace("’", " ").split())  # only the section's title


def test_a_bad_policy_names_the_choices() -> None:
    with pytest.raises(UsageError, match="keep, end, strip"):
        parse_policy("later")
    assert parse_policy(" End ") is NotesPolicy.END


def test_the_metadata_notes_key_sets_the_policy_when_the_command_line_does_not() -> None:
    book = noted_book()
    keyed = Manuscript(Metadata("Lamps", authors=("R. Vale",), extra=(("notes", "strip"),)), book.chapters)
    assert prepare(keyed, Path("lamps.txt")).notes.words_removed > 0
    assert prepare(keyed, Path("lamps.txt"), NotesPolicy.KEEP).notes.words_removed == 0


def test_an_untitled_story_is_known_by_its_opening_words() -> None:
    short = [Chapter(None, (para("The rain stopped. Then it began again."),))]
    assert opening_line(short) == "The rain stopped"
    long = [Chapter(None, (para("He was awake instantly, alert and ready for whatever the night held."),))]
    assert opening_line(long) == "He was awake instantly, alert and ready for…"
    assert opening_line([Chapter(None, ())]) is None


def test_a_book_without_title_or_author_says_so_once_naming_the_sidecar() -> None:
    meta = Metadata("The rain stopped", sources=(("title", Source.OPENING_LINE),))
    warning = missing_metadata_warning(meta, Path("in/000_18fc5684e88c9bf4.txt"))
    assert warning is not None
    assert "no title" in warning and "no author" in warning and "in/000_18fc5684e88c9bf4.toml" in warning
    named = Metadata("Lamps", authors=("R. Vale",), sources=(("title", Source.SIDECAR),))
    assert missing_metadata_warning(named, Path("lamps.txt")) is None


def work(title: str, index: float | None, text: str, **meta: object) -> Manuscript:
    metadata = Metadata(title, authors=(f"{title} Author",), series="Tides", series_index=index,
                        identifier=f"urn:uuid:{title}", **meta)  # type: ignore[arg-type]
    return Manuscript(metadata, (Chapter(None, (para(text),)),))


def test_works_of_a_series_are_ordered_by_index_then_unnumbered_by_title() -> None:
    works = [work("Ebb", 2, "second"), work("Zephyr", None, "z"), work("Flood", 1, "first"),
             work("Aft", None, "a"), Manuscript(Metadata("Alone"), ())]
    (series,), alone = group_series(works)
    assert [w.metadata.title for w in series.works] == ["Flood", "Ebb", "Aft", "Zephyr"]
    assert series.unnumbered == ("Aft", "Zephyr")
    assert [m.metadata.title for m in alone] == ["Alone"]


def test_an_omnibus_makes_each_work_a_volume_with_its_about_page_and_loses_no_word() -> None:
    first = work("Flood", 1, "The water rose.", description="A flood.", subjects=("tide",))
    second = work("Ebb", 2, "The water fell.", rating="General Audiences")
    (series,), _ = group_series([second, first])
    book = bind(series)
    assert book.metadata.title == "Tides"
    assert book.metadata.authors == ("Flood Author", "Ebb Author")
    assert book.metadata.subjects == ("tide",)
    assert [(c.volume, c.title) for c in book.chapters] == [
        ("Flood", ABOUT_TITLE), ("Flood", None), ("Ebb", ABOUT_TITLE), ("Ebb", None)]
    about = " ".join(p.text for p in book.chapters[0].blocks if isinstance(p, Paragraph))
    assert "A flood." in about and "Tags: tide" in about and "Words: 3" in about
    words = manuscript_words(book)
    for part in (first, second):  # each work's words in order inside the omnibus
        story = manuscript_words(part)
        assert all(w in words for w in story)
        positions = [words.index(w, words.index(story[0])) for w in story]
        assert positions == sorted(positions)
