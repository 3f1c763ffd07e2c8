"""Options more than one command takes, declared once: the metadata options and --no-smart.

``@metadata_options`` adds the eleven metadata options to a typer command (click's shared-option
decorator, for typer): the command declares one parameter, ``metadata``, and receives the values
given as a dict, which ``api.metadata_overrides`` turns into a metadata layer.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, get_type_hints

import typer

_PANEL = "Metadata"
T = TypeVar("T")


def _option(*names: str, help: str) -> Any:
    return typer.Option(*names, help=help, rich_help_panel=_PANEL)


METADATA_OPTIONS: dict[str, Any] = {
    "title": Annotated[str | None, _option("--title", help="Book title.")],
    "subtitle": Annotated[str | None, _option("--subtitle", help="Subtitle.")],
    "author": Annotated[list[str] | None, _option("--author", help="Author (repeatable).")],
    "language": Annotated[
        str | None, _option("--language", help="Language: en, fr-CA, or a name such as French.")
    ],
    "series": Annotated[str | None, _option("--series", help="Series name.")],
    "series_index": Annotated[
        float | None, _option("--series-index", help="Position in the series, e.g. 2.")
    ],
    "tag": Annotated[list[str] | None, _option("--tag", help="Subject or tag (repeatable).")],
    "description": Annotated[
        str | None, _option("--description", help="Summary shown by readers and stores.")
    ],
    "publisher": Annotated[str | None, _option("--publisher", help="Publisher.")],
    "date": Annotated[str | None, _option("--date", help="Publication date: 2019-05-01, May 1, 2019, 2019.")],
    "meta": Annotated[
        list[str] | None, _option("--meta", "-m", help="Any metadata field as KEY=VALUE (repeatable).")
    ],
}
NoSmart = Annotated[bool, typer.Option("--no-smart", help="Keep straight quotes, -- and ... as written.")]
ReaderOption = Annotated[
    list[str] | None,
    typer.Option("--reader-option", "-R", help="Reader option NAME=VALUE, e.g. chapter_pattern=... ."),
]


def _regex(value: str | None) -> str | None:
    """A heading pattern must compile: a bad one is a usage error, not a traceback."""
    if value is not None:
        try:
            re.compile(value)
        except re.error as error:
            raise typer.BadParameter(f"not a regular expression: {error}") from None
    return value


ChapterPattern = Annotated[
    str | None,
    typer.Option(
        "--chapter-pattern", callback=_regex, metavar="REGEX",
        help="Lines matching REGEX (whole line, any case) are the chapter headings.",
    ),
]
PartPattern = Annotated[
    str | None,
    typer.Option(
        "--part-pattern", callback=_regex, metavar="REGEX",
        help="Lines matching REGEX (whole line, any case) are the part headings.",
    ),
]


def reader_options(chapter_pattern: str | None, part_pattern: str | None) -> dict[str, str]:
    """The CLI's reader options, as ``BuildOptions.reader_options`` keys."""
    given = {"chapter_pattern": chapter_pattern, "part_pattern": part_pattern}
    return {key: value for key, value in given.items() if value is not None}


def metadata_options(command: Callable[..., T]) -> Callable[..., T]:
    """Give ``command`` the metadata options; it receives them as ``metadata: dict[str, Any]``."""
    hints = get_type_hints(command, include_extras=True)
    signature = inspect.signature(command)
    kept = [
        p.replace(annotation=hints.get(p.name, p.annotation))
        for p in signature.parameters.values()
        if p.name != "metadata"
    ]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
        for name, annotation in METADATA_OPTIONS.items()
    ]

    @functools.wraps(command)
    def with_metadata(*args: Any, **kwargs: Any) -> T:
        given = {name: kwargs.pop(name, None) for name in METADATA_OPTIONS}
        return command(*args, metadata=given, **kwargs)

    parameters = [*kept, *added]
    with_metadata.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    with_metadata.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_metadata
