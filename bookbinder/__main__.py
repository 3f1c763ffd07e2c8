"""`python -m bookbinder` and the `bookbinder` command.

``bookbinder --version`` answers before typer and the model are imported (a tenth of the
start-up). Any other command goes to a warm build server when one runs (``bookbinder.server``),
else to the typer app in ``bookbinder.cli``, in this process.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point."""
    args = sys.argv[1:]
    if args == ["--version"]:
        from bookbinder.version import __version__

        sys.stdout.write(f"bookbinder {__version__}\n")
        return
    from bookbinder.server.client import run_on_server

    served = run_on_server(args)
    if served is not None:
        sys.exit(served)
    from bookbinder.cli import main as cli

    cli()


def run_command(argv: list[str], program: str = "bookbinder") -> int:
    """The CLI as a function: ``argv`` (without the program name) -> exit status."""
    from bookbinder.cli import main as cli

    sys.argv = [program, *argv]  # usage messages name the program as the user typed it
    try:
        cli()
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return int(done.code or 0)  # an ExitCode is an int subclass; callers get the plain value
        sys.stderr.write(f"{done.code}\n")
        return 1
    return 0


def serve(path: str) -> None:
    """The build server's process (started by ``bookbinder.server.client.start``)."""
    from bookbinder.server import address, daemon

    daemon.serve(run_command, path, address.idle_seconds())


if __name__ == "__main__":
    main()
