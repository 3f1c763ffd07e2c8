"""Cover type fitting: the guided size search finds exactly what the blind binary search finds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookbinder.covers import typeset


@given(
    low=st.integers(6, 200),
    span=st.integers(0, 300),
    boundary=st.integers(0, 500),
    guess=st.integers(-10, 520),
)
def test_a_guess_never_changes_the_answer(low: int, span: int, boundary: int, guess: int) -> None:
    high, boundary = low + span, max(boundary, low)  # ok(low) holds, as every caller guarantees
    asked: list[int] = []

    def ok(size: int) -> bool:
        asked.append(size)
        return size <= boundary

    answer = typeset._largest(low, high, ok, lambda lo, hi: guess)
    assert answer == typeset._largest(low, high, lambda size: size <= boundary) == min(boundary, high)
    if guess == answer and low < guess:
        assert len(asked) <= 2  # a right guess is settled by itself and the size above it


TEXTS = [
    ("The Lantern Keeper", "bold", 1.08, 0.0),
    ("Rain", "bold", 1.08, 0.0),
    ("The Extraordinary and Entirely Unlikely Chronicle of a Lighthouse Keeper", "bold", 1.08, 0.0),
    ("Η Οδύσσεια", "bold", 1.08, 0.0),
    ("Война и мир", "bold", 1.08, 0.0),
    ("SOMEONE WITH A RATHER LONG PEN NAME & A CO-AUTHOR", "regular", 1.2, 0.12),
    ("Being a True Account of the Years Between", "italic", 1.2, 0.0),
    ("Supercalifragilisticexpialidociousnesslessnessishly", "bold", 1.08, 0.0),
]


@pytest.mark.parametrize("box", [(1300.0, 900.0), (1300.0, 250.0), (480.0, 300.0), (900.0, 120.0)])
def test_guided_fitting_sets_what_the_blind_search_set(
    box: tuple[float, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    width, height = box
    fit = typeset.fit_text.__wrapped__  # past the cache: each call searches

    def run() -> list[typeset.Fitted]:
        return [fit(text, style, width, height, 312, 78, lead, track) for text, style, lead, track in TEXTS]

    guided = run()
    blind = typeset._largest
    monkeypatch.setattr(typeset, "_largest", lambda low, high, ok, guess=None: blind(low, high, ok))
    assert run() == guided
