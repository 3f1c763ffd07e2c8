"""Code hygiene the design relies on: cheap start-up, documented commands, small modules, layering."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from helpers.paths import ROOT

from bookbinder.cli import app

PACKAGE = ROOT / "bookbinder"
HEAVY = {"reportlab", "ebooklib", "PIL", "lxml"}
COMMANDS = {"inspect", "build", "cover", "formats"}
MAX_MODULE_LINES = 400  # the style guide aims at < 300; this catches a module that has grown two jobs


def imported_modules(*args: str, cwd: Path) -> set[str]:
    """Top-level packages a `bookbinder ...` process imports (from `python -X importtime`)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bookbinder", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = [line for line in run.stderr.splitlines() if line.startswith("import time:")]
    assert lines, "no -X importtime output"
    return {line.rsplit("|", 1)[1].strip().split(".")[0] for line in lines[1:]}


@pytest.mark.parametrize(
    "args",
    [("--version",), ("--help",), ("formats",), ("inspect", "story.txt"), ("inspect", "--json", "story.txt")],
)
def test_light_commands_do_not_import_the_heavy_libraries(tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "story.txt").write_text(
        "Title: A Short One\nAuthor: Someone\n\nIt was a quiet night.\n\nThen the owl spoke.\n",
        encoding="utf-8",
    )
    loaded = imported_modules(*args, cwd=tmp_path)
    assert "bookbinder" in loaded  # the measurement works
    assert loaded & HEAVY == set()


def test_every_command_has_help_and_is_in_the_readme() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert set(commands) >= COMMANDS
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in commands.items():
        assert (command.help or "").strip(), f"`bookbinder {name}` has no help text"
        assert f"bookbinder {name}" in readme, f"README.md does not mention `bookbinder {name}`"
        for param in command.params:
            if param.param_type_name == "option":
                assert getattr(param, "help", None), f"`bookbinder {name} {param.opts[0]}` has no help"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_help_runs(name: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bookbinder", name, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert f"bookbinder {name}" in run.stdout


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_too_long() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules()
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"split these modules (limit {MAX_MODULE_LINES} lines): {long}"


def absolute(module: Path, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The absolute names an import statement in ``module`` refers to."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    package = list(module.relative_to(ROOT).with_suffix("").parts)[:-1]  # a module's or __init__'s package
    if node.level:
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, node.module] if node.module else package)
    else:
        base = node.module or ""
    # `from bookbinder import api` imports the module bookbinder.api; `from x import name`, x itself.
    names = [f"{base}.{alias.name}" for alias in node.names]
    return [name if is_module(name) else base for name in names] if node.module or not node.level else names


def is_module(name: str) -> bool:
    """Whether ``name`` (bookbinder.x.y) is a module or package of this project."""
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(module: Path, *, top_level_only: bool = False) -> set[str]:
    """Absolute names imported by ``module`` (only those run at import time, if asked)."""
    tree = ast.parse(module.read_text("utf-8"))
    if not top_level_only:
        nodes = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    else:
        nodes = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    return {name for node in nodes for name in absolute(module, node)}


def test_the_model_depends_on_nothing_in_bookbinder() -> None:
    assert {n for n in imports(PACKAGE / "model.py") if n.startswith("bookbinder")} == set()


@pytest.mark.parametrize(
    ("layer", "forbidden"), [("readers", "bookbinder.writers"), ("writers", "bookbinder.readers")]
)
def test_readers_and_writers_meet_only_in_the_model(layer: str, forbidden: str) -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(
            n for n in imports(p) if n == forbidden or n.startswith(forbidden + ".")
        )
        for p in sorted((PACKAGE / layer).rglob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_cli_imports_the_pipeline_only_inside_commands() -> None:
    eager = imports(PACKAGE / "cli" / "__init__.py", top_level_only=True)
    pipeline = (
        "bookbinder.api",
        "bookbinder.readers",
        "bookbinder.writers",
        "bookbinder.batch",
        "bookbinder.covers",
        "bookbinder.cli.report",
    )
    assert sorted(n for n in eager if n.startswith(pipeline)) == []


def test_the_import_resolver_understands_relative_imports() -> None:
    assert {"bookbinder.errors", "bookbinder.api"} <= imports(PACKAGE / "cli" / "__init__.py")
    assert "bookbinder.model" in imports(PACKAGE / "writers" / "__init__.py", top_level_only=True)


def test_an_epub_build_does_not_load_the_pdf_engine(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("It was a quiet night.\n\nThen the owl spoke.\n", encoding="utf-8")
    loaded = imported_modules("build", "story.txt", "-f", "epub", "-o", "out", "--quiet", cwd=tmp_path)
    assert (tmp_path / "out" / "story.epub").is_file()
    assert "ebooklib" in loaded
    assert "reportlab" not in loaded
