"""The book every server (and every spare child) builds before its first command.

Building it imports every module a command needs, fills the caches (fonts, patterns, hyphenation)
and pages in the tables (language detection) and memory (Pillow's arena) that a build touches.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from bookbinder.server.child import Entry

# The warm-up book: chapters, scene breaks, dialogue, emphasis and paragraphs long enough for the
# language detector, so the reader's heading evidence, both writers, the cover, the PDF's fonts and
# hyphenation are loaded, and their tables paged in, before the first command is forked.
_SENTENCES = (
    "\"Come in,\" she said, and the *lantern* by the door flickered as the wind found the gap.",
    "He waited a long while before he answered; the tide had turned, and nobody else was awake.",
    "Morning came grey and cold over the harbour, and the boats knocked gently at their moorings.",
    "They walked along the shore together \u2014 slowly, carefully \u2014 counting the lights\u2026",
)
WARM_UP = "\n\n".join(
    f"Chapter {number}\n\n" + "\n\n".join(
        " ".join(_SENTENCES[(number + i + j) % len(_SENTENCES)] for j in range(1 + i % 4))
        for i in range(6)
    ) + ("\n\n\n\n" if number % 2 else "")
    for number in range(1, 4)
)


def warm_up(entry: Entry) -> None:
    """Build a small book (both formats) with output discarded: every import and cache is filled."""
    with tempfile.TemporaryDirectory(prefix="bookbinder-warm-") as folder, _quietly():
        source = Path(folder) / "warm-up.txt"
        source.write_text(WARM_UP, encoding="utf-8")
        saved = os.environ.get("BOOKBINDER_COVER_CACHE")
        os.environ["BOOKBINDER_COVER_CACHE"] = ""  # the warm-up's cover is nobody's
        try:
            out = str(Path(folder) / "out")
            entry(["build", str(source), "-o", out, "--quiet", "--jobs", "1"], "bookbinder")
        finally:
            if saved is None:
                os.environ.pop("BOOKBINDER_COVER_CACHE", None)
            else:
                os.environ["BOOKBINDER_COVER_CACHE"] = saved
    for thread in threading.enumerate():  # the cover is painted on a helper thread: let it end
        if thread is not threading.main_thread():
            thread.join()


@contextlib.contextmanager
def _quietly() -> Iterator[None]:
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        yield
