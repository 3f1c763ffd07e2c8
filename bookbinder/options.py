"""A setting a plugin declares (writer options, reader options): name, default, help, parser.

Shared by the reader and writer registries, so both kinds of plugin declare settings the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bookbinder.errors import UsageError


@dataclass(frozen=True, slots=True)
class Option:
    """One setting a plugin takes: its default (as the user would type it), help and parser.

    ``parse`` turns the text into the value the writer uses and raises ``UsageError`` or
    ``ValueError`` for text it cannot use; ``choices`` (if any) is checked first.
    """

    name: str
    default: str
    help: str
    choices: tuple[str, ...] = ()
    parse: Callable[[str], object] = str

    def value(self, text: str, owner: str) -> object:
        """The parsed value of ``text``; a bad value is a one-line usage error naming the option."""
        where = f"-O {owner}.{self.name}"
        if self.choices and text not in self.choices:
            raise UsageError(f"{where}: {text!r} is not one of {', '.join(self.choices)}")
        try:
            return self.parse(text)
        except UsageError as err:
            raise UsageError(f"{where}: {err}") from None
        except ValueError as err:
            raise UsageError(f"{where}: {text!r} not understood ({err})") from None
