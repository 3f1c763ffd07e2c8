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


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(module: Path) -> set[str]:
    """bookbinder modules ``module`` imports when it runs (deferred ones too; not TYPE_CHECKING)."""
    tree = ast.parse(module.read_text("utf-8"))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}
        for stmt in block.body
        for node in ast.walk(stmt)
    }
    nodes = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom) and id(n) not in skipped]
    return {name for node in nodes for name in absolute(module, node) if name.startswith("bookbinder")}


def graph() -> dict[str, set[str]]:
    return {module_name(p): runtime_imports(p) - {module_name(p)} for p in modules()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_there_is_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# What each part of the package may import (ARCHITECTURE.md 5.7), by top-level name under
# bookbinder; `<root>` is bookbinder/__init__.py. The pipeline reads:
# cli -> api -> batch -> pipeline -> readers / writers -> model.
LAYERS: dict[str, set[str]] = {
    "errors": set(),
    "model": set(),
    "version": set(),
    "chars": set(),
    "lazy": set(),
    "cachedir": set(),
    "plugins": {"errors", "cachedir"},
    "options": {"errors"},
    "fsio": {"errors"},
    "words": {"model"},
    "toc": {"model"},
    "metadata": {"model", "errors", "chars", "fsio"},  # sidecars: bounded reads
    "fonts": {"model", "errors", "metadata"},
    "covers": {"model", "errors", "metadata", "fonts", "styles", "cachedir"},
    "readers": {"model", "metadata", "words", "errors", "chars", "plugins", "options"},
    "writers": {
        "model", "metadata", "covers", "fonts", "styles", "toc", "words", "chars", "errors", "plugins",
        "options", "version",
    },
    "dump": {"model", "toc", "words", "readers"},
    "transforms": {"model", "words", "toc", "errors", "metadata"},
    "styles": {"model", "errors", "fonts"},
    "sources": {"readers", "covers", "metadata"},
    "pipeline": {
        "readers", "writers", "covers", "metadata", "fsio", "errors", "model", "transforms", "sources",
        "lazy",
    },
    "omnibus": {"pipeline", "transforms", "model"},
    "batch": {"pipeline", "sources", "writers", "covers", "fsio", "errors", "model", "version", "plugins"},
    "check": {"errors"},  # preflight of finished EPUBs: reads files, never the model
    "api": {"pipeline", "omnibus", "batch", "dump", "metadata", "errors", "model", "check", "lazy"},
    "cli": {"api", "errors", "version", "server"},
    "server": {"version", "plugins", "fonts"},  # the warm build server: knows the CLI only as a callable
    "__main__": {"cli", "version", "server"},
    "<root>": {"api", "errors", "model", "version"},
}


def part(module: str) -> str:
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "<root>"


def test_every_part_imports_only_the_layers_below_it() -> None:
    unknown = sorted({part(m) for m in graph()} - set(LAYERS))
    assert unknown == [], f"new top-level modules need a place in LAYERS: {unknown}"
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in graph().items()
        for target in targets
        if part(target) != part(module) and part(target) not in LAYERS[part(module)]
    )
    assert wrong == []


def test_the_pipeline_is_the_only_module_that_knows_readers_and_writers() -> None:
    both = sorted(
        module
        for module, targets in graph().items()
        if {part(t) for t in targets} >= {"readers", "writers"} and part(module) not in {"readers", "writers"}
    )
    assert both == ["bookbinder.pipeline"]


def test_nothing_inside_the_package_imports_the_api_but_the_cli() -> None:
    users = sorted(m for m, targets in graph().items() if "bookbinder.api" in targets)
    assert all(m == "bookbinder" or m.startswith("bookbinder.cli") for m in users), users


def test_the_layering_test_sees_a_violation() -> None:
    edges = {"bookbinder.readers.x": {"bookbinder.writers.y"}}
    assert [f"{m} -> {t}" for m, ts in edges.items() for t in ts if part(t) not in LAYERS[part(m)]]


def test_the_cli_imports_the_pipeline_only_inside_commands() -> None:
    eager = imports(PACKAGE / "cli" / "__init__.py", top_level_only=True)
    pipeline = (
        "bookbinder.api",
        "bookbinder.pipeline",
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
