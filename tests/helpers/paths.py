"""Where the project and the shared manuscripts are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def shared_files(name: str, pattern: str = "*.txt") -> list[Path]:
    """Files in ../shared/<name> for parametrisation (empty when absent; tests then skip)."""
    path = SHARED / name
    return sorted(path.glob(pattern)) if path.is_dir() else []


BUILD_LOG = "bookbinder-log.jsonl"  # the build log every `bookbinder build` keeps in its output folder


def books(out: Path) -> list[str]:
    """The names in an output folder other than its build log (empty when the folder is absent)."""
    return sorted(p.name for p in out.iterdir() if p.name != BUILD_LOG) if out.is_dir() else []
