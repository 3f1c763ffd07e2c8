"""The build log: one JSON line per book in the output folder, so reruns skip what is up to date.

Each line records a book's manuscript and every file it depends on (sidecar, catalogue, cover) by
sha256, bookbinder's version and options, its outputs with their hashes, status, error and exit
code. Lines are appended with one ``write`` on an O_APPEND descriptor, so concurrent runs interleave
whole lines; a run killed mid-write leaves at most one torn last line, which readers skip and the
next append starts after. A book is up to date when its latest line says "built" with the same
version and options, every recorded input has the same bytes (or is still absent) and every output
is still there, unchanged (same size and mtime, else same hash).

Memory: the parent keeps, per book, only the byte offset of its latest line; the line is read back
when the book comes up.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbinder.batch.book import file_hash
from bookbinder.errors import BookbinderError
from bookbinder.version import __version__

if TYPE_CHECKING:
    from bookbinder.pipeline import BookResult, BuildOptions

LOG_NAME = "bookbinder-log.jsonl"


def _plain(value: object) -> object:
    """Options as JSON: mappings sorted, paths and enums as text."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def options_fingerprint(options: BuildOptions) -> dict[str, object]:
    """Everything that shapes a book's bytes apart from its files: options and SOURCE_DATE_EPOCH."""
    found = {f.name: _plain(getattr(options, f.name)) for f in fields(options) if f.name != "out_dir"}
    found["SOURCE_DATE_EPOCH"] = os.environ.get("SOURCE_DATE_EPOCH")
    return found


def _key(source: Path) -> str:
    return os.path.abspath(source)


class BuildLog:
    """The log of one output folder: look books up, append results."""

    def __init__(self, out_dir: Path, options: BuildOptions) -> None:
        self.path = out_dir / LOG_NAME
        self.options = options_fingerprint(options)
        self._latest: dict[str, int] = {}  # source key -> offset of its latest line
        self._lines = 0
        self._fd: int | None = None
        self.broken: str | None = None  # why the log could not be written (warned once, batch goes on)
        self._index()

    def _index(self) -> None:
        try:
            handle = self.path.open("rb")
        except OSError:
            return
        with handle:
            offset = 0
            for raw in handle:
                if raw.endswith(b"\n"):
                    with contextlib.suppress(ValueError, KeyError, TypeError):
                        self._latest[json.loads(raw)["key"]] = offset
                        self._lines += 1
                offset += len(raw)

    def _entry(self, key: str) -> dict[str, Any] | None:
        offset = self._latest.get(key)
        if offset is None:
            return None
        try:
            with self.path.open("rb") as handle:
                handle.seek(offset)
                entry: dict[str, Any] = json.loads(handle.readline())
                return entry
        except (OSError, ValueError):
            return None

    def up_to_date(self, source: Path) -> BookResult | None:
        """A "skipped" result when the book built from ``source`` needs no rebuild, else None."""
        from bookbinder.pipeline import BookResult

        entry = self._entry(_key(source))
        if not entry or entry.get("status") != "built" or entry.get("version") != __version__:
            return None
        if entry.get("options") != self.options:
            return None
        if file_hash(source) != entry.get("source_sha256"):
            return None
        for path, digest in entry.get("inputs", {}).items():
            if file_hash(Path(path)) != digest:
                return None
        outputs = entry.get("outputs", [])
        if not outputs or not all(_intact(output) for output in outputs):
            return None
        return BookResult(
            source,
            tuple(Path(o["path"]) for o in outputs),
            skipped=True,
            hashes=tuple(o["sha256"] for o in outputs),
        )

    def record(self, result: BookResult) -> None:
        """Append ``result`` as one line (interrupted books are not recorded: they simply rerun)."""
        if result.exit_code == 130:
            return
        inputs = dict(result.inputs)
        source_hash = inputs.pop(str(result.source), None) if inputs else file_hash(result.source)
        entry = {
            "key": _key(result.source),
            "source": str(result.source),
            "source_sha256": source_hash,
            "status": "built" if result.ok else "failed",
            "error": result.error,
            "exit_code": result.exit_code,
            "version": __version__,
            "options": self.options,
            "inputs": inputs,
            "outputs": [
                _output(path, digest) for path, digest in zip(result.outputs, result.hashes, strict=False)
            ],
            "seconds": round(result.seconds, 3),
            "warnings": list(result.warnings),
        }
        line = (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        if self.broken:
            return
        try:
            if self._fd is None:
                self._fd = self._open()
            os.write(self._fd, line)
        except OSError as exc:  # a full or read-only disk fails the books themselves; the log just stops
            self.broken = f"{self.path}: cannot write the build log ({exc.strerror or exc}); reruns rebuild"
            self._abandon()
            return
        self._lines += 1

    def _abandon(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                if os.fstat(self._fd).st_size == 0:
                    self.path.unlink()  # created by this run and still empty: leave nothing behind
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def _open(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        size = os.fstat(fd).st_size
        if size:
            with open(self.path, "rb") as handle:
                handle.seek(size - 1)
                if handle.read(1) != b"\n":
                    os.write(fd, b"\n")  # a torn line from a killed run stays alone on its line
        return fd

    def close(self) -> None:
        """Close the log; when superseded lines outnumber live ones, rewrite it with the latest only."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if not self.broken and self._lines > 2 * len(self._latest) + 1000:
            with contextlib.suppress(OSError, BookbinderError):
                self.compact()

    def compact(self) -> None:
        """Keep each book's latest line only (written to a temporary file, renamed over the log)."""
        from bookbinder.fsio import atomic_target

        latest: dict[str, bytes] = {}
        with contextlib.suppress(OSError), self.path.open("rb") as handle:
            for raw in handle:
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    if raw.endswith(b"\n"):
                        latest[json.loads(raw)["key"]] = raw
        with atomic_target(self.path) as tmp:
            tmp.write_bytes(b"".join(latest.values()))

    def __enter__(self) -> BuildLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _output(path: Path, digest: str) -> dict[str, object]:
    stat = path.stat()
    return {"path": str(path), "sha256": digest, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _intact(output: Mapping[str, Any]) -> bool:
    path = Path(output["path"])
    try:
        stat = path.stat()
    except OSError:
        return False
    if stat.st_size == output.get("size") and stat.st_mtime_ns == output.get("mtime_ns"):
        return True
    return stat.st_size == output.get("size") and file_hash(path) == output.get("sha256")


def entries(out_dir: Path) -> Iterator[dict[str, Any]]:
    """Every whole line of an output folder's log, oldest first (torn lines skipped)."""
    with contextlib.suppress(FileNotFoundError), (out_dir / LOG_NAME).open("rb") as handle:
        for raw in handle:
            if raw.endswith(b"\n"):
                with contextlib.suppress(ValueError):
                    yield json.loads(raw)
