"""Language detection: confident answers for real prose, None when unsure, fast on a novel."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bookbinder.metadata.language import detect_language

ENGLISH = (
    "The keeper climbed the stairs of the lighthouse every evening, counting the steps under his "
    "breath because his father had done the same. When he reached the lamp room he wiped the glass, "
    "trimmed the wick and waited for the boats to come home before he let himself sit down. "
)
FRENCH = (
    "Le gardien montait chaque soir l'escalier du phare en comptant les marches à voix basse, "
    "parce que son père avait toujours fait de même. Arrivé en haut, il essuyait la vitre, "
    "coupait la mèche et attendait le retour des bateaux avant de s'asseoir enfin. "
)
GREEK = (
    "Ο φύλακας ανέβαινε κάθε βράδυ τις σκάλες του φάρου και μετρούσε τα σκαλοπάτια ψιθυριστά, "
    "όπως έκανε πάντα ο πατέρας του πριν από αυτόν. "
)


@pytest.mark.parametrize(("text", "code"), [(ENGLISH, "en"), (FRENCH, "fr"), (GREEK * 2, "el")])
def test_prose_is_recognised(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize(
    "text", ["", "   \n", "Hello", "ok then", "12345 !!! 678", "* * *", "\x00\x01\x02" * 50]
)
def test_too_short_or_unsure_is_none(text: str) -> None:
    assert detect_language(text) is None


def test_hostile_text_does_not_crash() -> None:
    assert detect_language(ENGLISH + "\ud800 \x00 \ufffe <script>&amp;]]>" + ENGLISH) == "en"


def test_a_three_megabyte_novel_is_sampled_quickly() -> None:
    novel = FRENCH * (3_000_000 // len(FRENCH))
    start = time.perf_counter()
    assert detect_language(novel) == "fr"
    assert time.perf_counter() - start < 0.5


def test_shared_seeds_are_english(shared_seeds: Path) -> None:
    for path in sorted(shared_seeds.glob("*.txt")):
        assert detect_language(path.read_text(encoding="utf-8")) == "en", path.name


def test_candide_is_french(shared_corpus: Path) -> None:
    text = (shared_corpus / "candide-fr_4650-8.txt").read_bytes().decode("latin-1")
    assert detect_language(text) == "fr"
