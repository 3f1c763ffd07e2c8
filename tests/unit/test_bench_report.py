"""The benchmark report: targets judged against the same run's peers; the README table replaced in place."""

from __future__ import annotations

from scripts.bench_report import (
    README_BEGIN,
    README_END,
    Row,
    Settings,
    Timing,
    readme_table,
    replace_readme_table,
    targets,
)

SETTINGS = Settings(quick=True, runs=3, slow_runs=1, slow_run=5.0, batch=0)


def _seed(ours: float, pandoc: float, fmt: str = "epub") -> Row:
    timings = {"bookbinder": Timing(ours, 3), "pandoc": Timing(pandoc, 3)}
    return Row("000.txt", 1800, fmt, timings, "seed")


def test_seed_to_epub_is_judged_against_pandoc_in_the_same_run() -> None:
    startup = {"bookbinder --version": Timing(0.03, 3)}
    slower = targets([_seed(0.09, 0.08)], [], SETTINGS, startup)
    faster = targets([_seed(0.07, 0.08)], [], SETTINGS, startup)
    assert "no slower than pandoc" in slower
    line = next(row for row in slower.splitlines() if "pandoc" in row)
    assert line.endswith("| **no** |") and "0.090 s" in line
    assert next(row for row in faster.splitlines() if "pandoc" in row).endswith("| yes |")
    assert next(row for row in faster.splitlines() if "--version" in row).endswith("| yes |")


def test_readme_table_is_replaced_between_the_markers_only() -> None:
    readme = f"intro\n{README_BEGIN}\nold table\n{README_END}\nafter\n"
    table = readme_table([_seed(0.07, 0.08), _seed(0.2, 0.5, "pdf")], [], {}, "quick mode, today")
    updated = replace_readme_table(readme, table)
    assert updated.startswith("intro\n") and updated.endswith(f"{README_END}\nafter\n")
    assert "old table" not in updated
    assert "| a seed (1,800 words) -> EPUB | 0.070 s | - | 0.080 s |" in updated
    assert replace_readme_table("no markers here", table) == "no markers here"
