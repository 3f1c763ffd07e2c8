"""DAISY Ace (the ``@daisy/ace`` npm package) through puppeteer and the system's Chromium.

Many books go through one Node process (``ace_many.js``; Ace's own CLI takes one book per
process), which prints a JSON line per book. Needs ``node``, a global ``@daisy/ace`` and a
Chromium (``PUPPETEER_EXECUTABLE_PATH``, else Debian's ``/usr/bin/chromium``); without them each
book gets one SKIPPED finding that says what is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

from bookbinder.check.findings import Finding, Level

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_PER_BOOK = 600  # seconds; War and Peace's 365 documents take a few minutes on a busy machine


@cache
def _ace_modules() -> Path | None:
    """The node_modules folder holding @daisy/ace's dependencies, or None."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    try:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60,
                              check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    modules = Path(root.strip()) / "@daisy" / "ace" / "node_modules"
    return modules if (modules / "@daisy" / "ace-core").is_dir() else None


def browser() -> str | None:
    """The Chromium puppeteer should drive (no browser download), or None."""
    given = os.environ.get("PUPPETEER_EXECUTABLE_PATH")
    if given and Path(given).exists():
        return given
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def available() -> str | None:
    """None when Ace can run here, else why not."""
    if shutil.which("node") is None:
        return "Ace needs Node.js (apt-get install nodejs npm)"
    if _ace_modules() is None:
        return "DAISY Ace is not installed (npm install -g @daisy/ace)"
    if browser() is None:
        return "Ace needs Chromium (apt-get install chromium)"
    return None


def findings(paths: Sequence[Path]) -> dict[Path, list[Finding]]:
    """Ace's violations for each book (every violation fails: Ace-clean is the bar)."""
    missing = available()
    if missing:
        return {path: [Finding("ace", Level.SKIPPED, missing)] for path in paths}
    modules, chromium = _ace_modules(), browser()
    assert modules is not None and chromium is not None
    env = {**os.environ, "NODE_PATH": str(modules), "PUPPETEER_EXECUTABLE_PATH": chromium,
           "PUPPETEER_SKIP_DOWNLOAD": "1"}
    out: dict[Path, list[Finding]] = {path: [] for path in paths}
    with tempfile.TemporaryDirectory(prefix="bookbinder-ace-") as reports, \
            as_file(files("bookbinder.check").joinpath("ace_many.js")) as script:
        run = subprocess.run(["node", str(script), reports, *map(str, paths)], capture_output=True, text=True,
                             env=env, timeout=TIMEOUT_PER_BOOK * max(1, len(paths)), check=False)
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    by_path = {line["path"]: line for line in lines}
    for path in paths:
        line = by_path.get(str(path))
        if line is None or line.get("error"):
            reason = (line or {}).get("error") or run.stderr.strip()[-300:] or "no report"
            out[path].append(Finding("ace", Level.ERROR, f"Ace did not finish: {reason}"))
            continue
        for v in line["violations"]:
            message = f"{v['rule']} ({v['impact']}) in {v['file']}: {v['title']}"
            out[path].append(Finding("ace", Level.ERROR, message))
    return out
