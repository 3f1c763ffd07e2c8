"""Many manuscripts -> books, one result per book; a failure never stops the others.

PLACEHOLDER: sequential; the batch work adds the process pool and progress.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BookbinderError

if TYPE_CHECKING:
    from .api import BookResult, BuildOptions


def build_one(source: Path, options: BuildOptions) -> BookResult:
    """Build one book, capturing its failure as data instead of raising."""
    from .api import BookResult, build

    warnings: list[str] = []
    start = time.perf_counter()
    try:
        outputs = build(source, options, warn=warnings.append)
    except BookbinderError as err:
        return BookResult(source, (), tuple(warnings), str(err), time.perf_counter() - start)
    return BookResult(source, tuple(outputs), tuple(warnings), None, time.perf_counter() - start)


def run_batch(sources: Sequence[Path], options: BuildOptions, jobs: int = 1) -> Iterator[BookResult]:
    """Yield a BookResult per source as each finishes."""
    for source in sources:
        yield build_one(source, options)
