"""A book worker's allocator settings: large short-lived images must not be page-faulted in anew."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from bookbinder.batch.worker import tune_allocator

# A child that allocates and frees a cover-sized buffer 40 times, as a worker painting 40 covers
# does, and prints its minor page faults. MALLOC_TRIM_THRESHOLD_ is what Dask's nanny sets.
CHILD = textwrap.dedent(
    """
    import resource, sys
    from bookbinder.batch.worker import tune_allocator
    if sys.argv[1] == "tuned":
        assert tune_allocator()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(40):
        block = bytearray(12 * 1024 * 1024)  # zero-filled: every page is touched
        del block
    print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    """
)


def _faults(mode: str) -> int:
    env = {"MALLOC_TRIM_THRESHOLD_": "65536", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode], env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt is Linux-only")
def test_tuned_worker_reuses_large_blocks_instead_of_faulting_them_in() -> None:
    untuned, tuned = _faults("plain"), _faults("tuned")
    # 40 x 12 MiB of fresh pages is ~120,000 faults; reused heap memory faults once.
    assert untuned > 40 * 2000
    assert tuned < untuned / 10


def test_tune_allocator_reports_whether_it_applied() -> None:
    assert tune_allocator() is sys.platform.startswith("linux")
