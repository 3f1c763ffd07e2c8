"""Where the project and the shared manuscripts are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def shared_files(name: str, pattern: str = "*.txt") -> list[Path]:
    """Files in ../shared/<name> for parametrisation (empty when absent; tests then skip)."""
    path = SHARED / name
    return sorted(path.glob(pattern)) if path.is_dir() else []
