"""Typed errors and exit codes: the library raises, the CLI converts them in one place."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import ClassVar


class ExitCode(IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    FAILED = 1  # at least one input could not be built; each printed as `error: <file>: <reason>`
    USAGE = 2  # bad command line (typer's own usage errors are 2 as well)
    INTERNAL = 3  # a bug: an uncaught exception; traceback only with --debug
    INTERRUPTED = 130  # Ctrl-C


class BookbinderError(Exception):
    """An expected, user-fixable failure: printed as one line, no traceback."""

    exit_code: ClassVar[ExitCode] = ExitCode.FAILED


class InputError(BookbinderError):
    """A manuscript (or a file that describes it) cannot be used."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


class MetadataError(InputError):
    """A malformed sidecar, catalogue or front matter block."""


class CoverError(InputError):
    """A cover image that is corrupt, not an image, or too large."""


class OutputError(BookbinderError):
    """The destination cannot be written (read-only, full, not a directory)."""


class PluginError(BookbinderError):
    """An installed writer failed to load, or two distributions claim the same format."""


class UsageError(BookbinderError):
    """A bad command line: unknown format, conflicting or malformed options."""

    exit_code = ExitCode.USAGE
