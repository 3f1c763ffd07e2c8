"""A third-party writer installed the way pip would, but into tmp_path (no pip, no network).

The ``toy`` format (and ``toy2``, its twin) writes the manuscript's words, one per line, and
reacts to marker words so tests can make one book misbehave among good ones:

- ``EXPLODE``: writes half the file, then raises an ordinary exception (a writer bug);
- ``CRASH``: kills its own process with SIGKILL (a segfault or the OOM killer, as the pool sees it);
- ``WARNME``: reports a warning through ``ctx.warn`` and writes the book;
- ``HOG``: holds ``$TOY_HOG_MB`` MB (default 400) for 30 seconds while half written;
- ``SLOWLY``: sleeps ``$TOY_SLEEP`` seconds (default 30) while half written.

It declares one option, ``case`` (``keep`` or ``upper``), to show a plugin's options need no CLI edit.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bookbinder.fsio import TEMP_SUFFIX
from helpers.signals import ctrl_c_reaches_it

TOY_MODULE = """
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from bookbinder.words import manuscript_words
from bookbinder.writers import Option


class ToyWriter:
    name = "toy"
    extension = ".toy"
    options = (Option("case", "keep", "Letter case of the words.", choices=("keep", "upper")),)

    def cover_sizes(self, options):
        return ()

    def write(self, manuscript, target: Path, ctx) -> None:
        words = manuscript_words(manuscript)
        if ctx.options.get("case") == "upper":
            words = [word.upper() for word in words]
        with open(target, "w", encoding="utf-8") as out:
            out.write("".join(w + "\\n" for w in words[: len(words) // 2]))
            out.flush()
            if "WARNME" in words:
                ctx.warn("the toy cannot draw this")
            if "SLOWLY" in words:
                time.sleep(float(os.environ.get("TOY_SLEEP", "30")))
            if "EXPLODE" in words:
                raise ValueError("the toy writer exploded")
            if "HOG" in words:
                blob = b"x" * (int(os.environ.get("TOY_HOG_MB", "400")) * 1024 * 1024)
                time.sleep(30 + len(blob) * 0)
            if "CRASH" in words:
                os.kill(os.getpid(), signal.SIGKILL)
            out.write("".join(w + "\\n" for w in words[len(words) // 2 :]))


class ToyTwoWriter(ToyWriter):
    name = "toy2"
    extension = ".toy2"
"""


TOY_READER_MODULE = """
from __future__ import annotations

from pathlib import Path

from bookbinder.metadata import Layer
from bookbinder.model import Chapter, Paragraph, Source, Span
from bookbinder.options import Option
from bookbinder.readers import ReadContext
from bookbinder.readers.reading import Reading, finish


class ToyReader:
    \"\"\"``.toyr``: ``= Title`` names the book, ``* Heading`` starts a chapter, a line is a paragraph.\"\"\"

    name = "toyreader"
    suffixes = frozenset({".toyr"})
    options = (Option("shout", "no", "Upper-case every paragraph.", choices=("yes", "no")),)

    def read(self, data: bytes, path: Path, ctx: ReadContext) -> Reading:
        chapters: list[Chapter] = []
        title: dict[str, str] = {}
        for number, line in enumerate(data.decode("utf-8").splitlines(), 1):
            if line.startswith("= "):
                title["title"] = line[2:]
            elif line.startswith("* "):
                chapters.append(Chapter(line[2:], (), line=number))
            elif line.strip():
                paragraph = Paragraph((Span(line.strip()),), line=number)
                if not chapters:
                    chapters.append(Chapter(None, ()))
                last = chapters[-1]
                chapters[-1] = Chapter(last.title, (*last.blocks, paragraph), line=last.line)
        if ctx.options.get("shout") == "yes":
            chapters = [Chapter(c.title, tuple(Paragraph(tuple(Span(s.text.upper()) for s in b.spans))
                                               for b in c.blocks)) for c in chapters]
        layers = [Layer(Source.FRONT_MATTER, title)] if title else []
        return finish(path=path, ctx=ctx, chapters=chapters, reader=self.name,
                      fingerprint=data.decode("utf-8"), layers=layers, mode="toy")


class ShyReader:
    \"\"\"A reader whose library is missing: it says so instead of reading.\"\"\"

    name = "shy"
    suffixes = frozenset({".shy"})
    enabled = False
    disabled_message = "the shy reader needs shylib (pip install shylib)"

    def read(self, data: bytes, path: Path, ctx: ReadContext) -> Reading:
        raise AssertionError("a disabled reader is never asked to read")
"""


def install_toy_reader(root: Path) -> Path:
    """Write ``bbtoy_reader.py`` and its dist-info into ``root``; returns ``root`` for sys.path."""
    (root / "bbtoy_reader.py").write_text(textwrap.dedent(TOY_READER_MODULE), encoding="utf-8")
    info = root / "bbtoyreader-0.1.dist-info"
    info.mkdir()
    metadata = "Metadata-Version: 2.1\nName: bbtoyreader\nVersion: 0.1\n"
    (info / "METADATA").write_text(metadata, encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[bookbinder.readers]\ntoyreader = bbtoy_reader:ToyReader\nshy = bbtoy_reader:ShyReader\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture
def toy_reader(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Register the ``toyreader`` reader (``.toyr``) for this test, in-process and for child processes."""
    root = install_toy_reader(tmp_path_factory.mktemp("toy-reader"))
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.setenv("PYTHONPATH", str(root))
    return root


def install_toy_writer(root: Path) -> Path:
    """Write ``bbtoy_writer.py`` and its dist-info into ``root``; returns ``root`` for sys.path."""
    (root / "bbtoy_writer.py").write_text(textwrap.dedent(TOY_MODULE), encoding="utf-8")
    info = root / "bbtoy-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: bbtoy\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[bookbinder.writers]\ntoy = bbtoy_writer:ToyWriter\ntoy2 = bbtoy_writer:ToyTwoWriter\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture
def toy_writer(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Register the ``toy`` format for this test (in-process and for child processes)."""
    root = install_toy_writer(tmp_path_factory.mktemp("toy-plugin"))
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.setenv("PYTHONPATH", str(root))
    return root


# Titled and signed, so a build has nothing to say about missing metadata (CLI output tests).
STORY = (
    "Title: The Baker\nAuthor: R. Vale\n\n"
    "One fine morning the baker opened his shop.\n\nThe bread was {mood} and the town was glad.\n"
)


def write_stories(folder: Path, moods: dict[str, str]) -> list[Path]:
    """Small manuscripts named by ``moods`` keys; a mood may be a marker word such as EXPLODE."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, mood in moods.items():
        path = folder / f"{stem}.txt"
        path.write_text(STORY.format(mood=mood), encoding="utf-8")
        paths.append(path)
    return paths


def start_slow_batch(
    root: Path, count: int, jobs: int, *, new_session: bool = False
) -> tuple[subprocess.Popen[str], Path]:
    """``count`` SLOWLY toy books building in a new ``bookbinder`` process (output ``root/out``),
    returned once ``jobs`` of them are half written (or after 30 s; the caller asserts how many).

    The child takes SIGINT's default action (``ctrl_c_reaches_it``), as a terminal's job does; with
    ``new_session`` it leads its own process group, so a test can signal it and its workers at once.
    """
    write_stories(root / "in", {f"slow{i}": "SLOWLY" for i in range(count)})
    out = root / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bookbinder", "build", "-f", "toy", "-j", str(jobs), "-o", str(out), "in"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_session,
        preexec_fn=ctrl_c_reaches_it,
    )
    deadline = time.monotonic() + 30
    while len(list(out.glob(f"*{TEMP_SUFFIX}"))) < jobs and time.monotonic() < deadline:
        time.sleep(0.05)
    return proc, out
