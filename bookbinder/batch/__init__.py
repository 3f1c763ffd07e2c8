"""Batches: many manuscripts -> books, one result per book; a failure never stops the others.

``pool`` holds the process pool; ``executors`` the seam that picks how books are run.
"""

from __future__ import annotations

from bookbinder.batch.pool import build_one, default_jobs, run_batch

__all__ = ["build_one", "default_jobs", "run_batch"]
