"""`python -m bookbinder` and the `bookbinder` command.

``bookbinder --version`` answers before typer and the model are imported (a tenth of the
start-up); everything else goes to the typer app in ``bookbinder.cli``.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        from bookbinder.version import __version__

        sys.stdout.write(f"bookbinder {__version__}\n")
        return
    from bookbinder.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
