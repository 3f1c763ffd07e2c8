"""Parsing metadata text (YAML front matter, YAML/TOML sidecars, catalogues) with bounds.

Metadata is a flat table: text, numbers, dates, booleans, or a flat list of those. Anything
else is refused with a one-line error naming the file and line, before it can grow: a YAML
alias bomb, a ``[[[[...]]]]`` nesting that would exhaust the stack, a date that does not exist
(``2023-02-30``), a number of 5,000 digits, a mapping where a title was expected.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbinder.errors import MetadataError

if TYPE_CHECKING:
    from bookbinder.metadata import RawValue

# A metadata table nests at most a list inside a key (a catalogue: a table of those). Deeper
# documents are refused from the event stream, before the recursive composer sees them.
MAX_DEPTH = 4
MAX_ALIASES = 100  # `&anchor` / `*alias` reuse; a bomb needs thousands
MAX_NUMBER_DIGITS = 100  # a series index or a year; Python refuses int() past 4,300 digits anyway
_LONG_NUMBER = re.compile(rf"[0-9_]{{{MAX_NUMBER_DIGITS + 1},}}")
Scalar = str | int | float | bool | date


def load_yaml(text: str, path: Path, first_line: int = 1) -> dict[str, Any]:
    """A YAML mapping from ``text`` (``first_line``: where ``text`` starts in ``path``)."""
    import yaml  # ~20 ms: only when a file has YAML

    def fail(reason: str, mark: Any = None) -> MetadataError:
        line = mark.line + first_line if mark is not None else None
        return MetadataError(path, reason, line)

    depth = aliases = 0
    try:
        # The event stream is parsed iteratively: depth and aliases are checked before any
        # recursion (composer) or expansion (constructor) happens.
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise fail(f"malformed YAML: nested deeper than {MAX_DEPTH} levels", event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise fail(f"malformed YAML: more than {MAX_ALIASES} aliases", event.start_mark)
        loaded = yaml.load(text, Loader=_bounded_loader())  # a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        problem = err.problem or err.context or "cannot parse"
        raise fail(f"malformed YAML: {problem}", err.problem_mark or err.context_mark) from None
    except yaml.YAMLError as err:
        first = str(err).splitlines()[0] if str(err).strip() else "cannot parse"
        raise fail(f"malformed YAML: {first}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise MetadataError(path, "YAML metadata must be `key: value` pairs", first_line)
    return loaded


def load_toml(text: str, path: Path) -> dict[str, Any]:
    """A TOML table from ``text``; malformed, too deep or too long numbers are MetadataErrors."""
    import tomllib

    long_number = _LONG_NUMBER.search(text)
    if long_number and not _inside_string(text, long_number.start()):
        line = text.count("\n", 0, long_number.start()) + 1
        raise MetadataError(path, f"number too long (over {MAX_NUMBER_DIGITS} digits)", line)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        # Python 3.11's TOMLDecodeError has no lineno; its message ends "(at line L, column C)"
        # or "(at end of document)", which is the last line.
        found = re.search(r"\(at line (\d+), column \d+\)$", str(err))
        line = int(found[1]) if found else max(1, len(text.splitlines()))
        reason = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)$", "", str(err))
        raise MetadataError(path, f"malformed TOML: {reason}", line) from None
    except RecursionError:
        raise MetadataError(path, "malformed TOML: nested too deeply") from None
    except ValueError as err:  # tomllib's int()/float() on a value it accepted
        raise MetadataError(path, f"malformed TOML: {err}") from None


def _inside_string(text: str, position: int) -> bool:
    """Whether ``position`` is inside a quoted string on its line (a long number in a title is text)."""
    start = text.rfind("\n", 0, position) + 1
    before = text[start:position]
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1 or "#" in before


def flat_values(
    path: Path, table: Mapping[Any, Any], text: str = "", first_line: int = 1
) -> dict[str, RawValue]:
    """Check that every value is text, a number, a date or a flat list of those.

    ``text`` (the source, starting at ``first_line`` of ``path``) lets an error name the line of
    the offending key.
    """
    out: dict[str, RawValue] = {}
    for raw_key, value in table.items():
        key = str(raw_key)
        if value is None:
            continue
        try:
            if isinstance(value, list | tuple):
                out[key] = [str(_scalar(path, key, item)) for item in value if item is not None]
            else:
                out[key] = _scalar(path, key, value)
        except MetadataError as err:
            raise MetadataError(path, err.reason, _key_line(text, key, first_line)) from None
    return out


def _key_line(text: str, key: str, first_line: int) -> int | None:
    """The line where ``key: ...`` or ``key = ...`` is written in ``text``, if it can be found."""
    found = re.search(rf"^[ \t]*['\"]?{re.escape(key)}['\"]?[ \t]*[:=]", text, re.M) if key else None
    return first_line + text.count("\n", 0, found.start()) if found else None


def _scalar(path: Path, key: str, value: object) -> Scalar:
    if isinstance(value, float) and value != value:  # NaN: "not a number" is not a value
        raise MetadataError(path, f"{key!r}: expected text, a number, a date or a list of them, not NaN")
    if isinstance(value, str | int | float | bool | date):
        return value
    what = "a table" if isinstance(value, Mapping) else "a nested list" if isinstance(value, list) else (
        f"a {type(value).__name__}"  # a set (!!set), bytes (!!binary)
    )
    raise MetadataError(path, f"{key!r}: expected text, a number, a date or a list of them, not {what}")


@functools.cache
def _bounded_loader() -> type:
    import yaml

    class BoundedLoader(yaml.SafeLoader):
        """SafeLoader whose impossible dates and over-long numbers are errors with a line."""

        def construct_yaml_timestamp(self, node: Any) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except (ValueError, OverflowError) as err:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{node.value!r} is not a real date ({err})", node.start_mark
                ) from None

        def construct_yaml_int(self, node: Any) -> Any:
            digits = sum(ch.isdigit() for ch in str(node.value))
            if digits > MAX_NUMBER_DIGITS:
                raise yaml.constructor.ConstructorError(
                    None, None, f"number too long (over {MAX_NUMBER_DIGITS} digits)", node.start_mark
                )
            return super().construct_yaml_int(node)

    BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", BoundedLoader.construct_yaml_timestamp)
    BoundedLoader.add_constructor("tag:yaml.org,2002:int", BoundedLoader.construct_yaml_int)
    return BoundedLoader
