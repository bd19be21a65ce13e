"""A TOML table as a typed, frozen dataclass: unknown keys rejected, each value checked by its field's type.

Every table of a settings file or a batch config (``[match]``, ``[parse]``, ``[serve]``, ``[batch]``)
is read by :func:`from_table`, so a misspelt key or a value of the wrong type gives the same one-line
message wherever it is written. What a value means (a range, two settings that go together) stays
with the dataclass it belongs to.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from align.errors import ConfigError

T = TypeVar("T")


def from_table(cls: type[T], data: Any, where: str, base: T | None = None) -> T:
    """Build the dataclass ``cls`` from a TOML table.

    Args:
        cls: a dataclass whose fields are bool, int, float, str, Path, ``tuple[str, ...]``,
            ``tuple[Path, ...]``, another such dataclass (a nested table), or any of these ``| None``.
        data: the table, as ``tomllib`` returns it.
        where: the file and table, for messages (``"align.toml [match]"``); a nested table is
            ``"{where} [name]"``.
        base: the values of the keys the table leaves out; the field defaults when ``None``.

    Raises:
        ConfigError: ``data`` is not a table, a key is unknown, a value is of the wrong type, or the
            dataclass itself refuses a value (its message is prefixed with ``where``).

    Example:
        >>> from dataclasses import dataclass
        >>> @dataclass(frozen=True)
        ... class Limits:
        ...     pages: int = 10
        ...     strict: bool = False
        >>> from_table(Limits, {"pages": 20}, "align.toml [limits]")
        Limits(pages=20, strict=False)
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{where} must be a table")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ConfigError(
            f"{where}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(fields))}"
        )
    hints = typing.get_type_hints(cls)
    values = {
        name: _value(hints[name], value, name, where, _current(fields[name], base))
        for name, value in data.items()
    }
    try:
        return dataclasses.replace(base, **values) if base is not None else cls(**values)
    except ConfigError as exc:  # raised by the dataclass's own checks (``__post_init__``)
        raise ConfigError(f"{where}: {exc}") from None


def _value(hint: Any, value: Any, name: str, where: str, base: Any) -> Any:
    """``value`` as the type ``hint`` of the field ``name``; ``base``: its value so far (nested tables)."""
    optional = _optional(hint)
    if optional is not None:
        if optional is Path and value == "":
            return None  # an empty path switches the thing off (e.g. ``cache_dir = ""``: no cache)
        return _value(optional, value, name, where, base)
    if dataclasses.is_dataclass(hint):
        return from_table(hint, value, f"{where} [{name}]", base)
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            _wrong(where, name, "a list of strings", value)
        return tuple(_path(v, name, where) for v in value) if item is Path else tuple(value)
    if hint is bool:
        if not isinstance(value, bool):
            _wrong(where, name, "true or false", value)
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            _wrong(where, name, "a whole number", value)
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            _wrong(where, name, "a number", value)
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            _wrong(where, name, "a string", value)
        return value
    if hint is Path:
        return _path(value, name, where)
    raise TypeError(f"from_table cannot read a field of type {hint!r} ({name})")


def _current(f: dataclasses.Field, base: Any) -> Any:
    """The value a key left out of the table keeps: the base's, else the field's default."""
    if base is not None:
        return getattr(base, f.name)
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None if f.default is dataclasses.MISSING else f.default


def _optional(hint: Any) -> Any:
    """``X`` for ``X | None``, else ``None``."""
    if typing.get_origin(hint) not in (typing.Union, types.UnionType):
        return None
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    return args[0] if len(args) == 1 else None


def _path(value: Any, name: str, where: str) -> Path:
    if not isinstance(value, str) or not value:
        _wrong(where, name, "a path (a non-empty string)", value)
    return Path(value).expanduser()


def _wrong(where: str, name: str, expected: str, value: Any) -> typing.NoReturn:
    raise ConfigError(f"{where}: {name} must be {expected}, not {value!r}")
