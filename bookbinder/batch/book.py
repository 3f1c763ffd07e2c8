"""One book of a batch: build it, capture its failure as data, and fingerprint what it read and wrote."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bookbinder.errors import BookbinderError, ExitCode

if TYPE_CHECKING:
    from bookbinder.pipeline import BookResult, BuildOptions


def naming(source: Path, message: str) -> str:
    """Make sure an error line starts with the manuscript it is about."""
    return message if message.startswith(f"{source}:") else f"{source}: {message}"


def failure(
    source: Path,
    reason: str,
    *,
    seconds: float = 0.0,
    code: int = ExitCode.FAILED,
    warnings: tuple[str, ...] = (),
) -> BookResult:
    """A failed book's result: no outputs, the reason named after its manuscript."""
    from bookbinder.pipeline import BookResult

    return BookResult(source, (), warnings, naming(source, reason), seconds, exit_code=ExitCode(code))


def interrupted(source: Path) -> BookResult:
    return failure(source, "interrupted", code=ExitCode.INTERRUPTED)


def file_hash(path: Path) -> str | None:
    """sha256 of a file's bytes; None when it is absent (or unreadable, which changes the build too)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def build_one(source: Path, options: BuildOptions) -> BookResult:
    """Build one book, capturing its failure as data instead of raising."""
    from bookbinder.pipeline import BookResult
    from bookbinder.pipeline import build_one as build
    from bookbinder.sources import input_files

    warnings: list[str] = []
    used: list[Path] = []
    start = time.perf_counter()
    code: int = ExitCode.FAILED
    try:
        outputs = build(source, options, warn=warnings.append, cover_used=used.append)
    except BookbinderError as err:
        error, code = str(err), err.exit_code
    except RecursionError:
        error = "too deeply nested to build"
    except MemoryError:
        error = "out of memory"
    except Exception as exc:  # a bug in one book must not stop the batch; reported, not raised
        error, code = f"internal error ({type(exc).__name__}: {exc})", ExitCode.INTERNAL
    else:
        inputs = tuple(
            (str(path), file_hash(path))
            for path in [source, *input_files(source, options.cover, next(iter(used), None))]
        )
        hashes = tuple(file_hash(path) or "" for path in outputs)
        return BookResult(
            source,
            tuple(outputs),
            tuple(warnings),
            None,
            time.perf_counter() - start,
            inputs=inputs,
            hashes=hashes,
        )
    return failure(source, error, seconds=time.perf_counter() - start, code=code, warnings=tuple(warnings))
