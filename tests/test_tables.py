"""``from_table``: one reader for every typed table of a settings file or a batch config."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from align.errors import ConfigError
from align.tables import from_table


@dataclass(frozen=True)
class Inner:
    size: int = 1
    name: str = "x"

    def __post_init__(self) -> None:
        if self.size < 0:
            raise ConfigError("size must not be negative")


@dataclass(frozen=True)
class Outer:
    flag: bool = False
    count: int = 0
    ratio: float = 0.5
    folder: Path = Path("here")
    cache: Path | None = Path("cache")
    limit: int | None = None
    names: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    inner: Inner = field(default_factory=lambda: Inner(name="outer's"))


def test_values_are_typed_by_the_field_hints():
    got = from_table(
        Outer,
        {
            "flag": True,
            "count": 2,
            "ratio": 1,
            "folder": "~/f",
            "limit": 3,
            "names": ["a", "b"],
            "files": ["~/x.tsv"],
            "inner": {"size": 5},
        },
        "a.toml",
    )
    assert got == Outer(
        flag=True,
        count=2,
        ratio=1.0,
        folder=Path.home() / "f",
        limit=3,
        names=("a", "b"),
        files=(Path.home() / "x.tsv",),
        inner=Inner(size=5, name="outer's"),  # a nested table starts from the field's default
    )
    assert isinstance(got.ratio, float)
    assert from_table(Outer, {"cache": ""}, "a.toml").cache is None  # an empty optional path: off


def test_the_base_keeps_what_the_table_leaves_out():
    base = Outer(count=7, inner=Inner(size=2, name="base"))
    assert from_table(Outer, {"flag": True, "inner": {"size": 3}}, "a.toml", base) == Outer(
        flag=True, count=7, inner=Inner(size=3, name="base")
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1], r"^a\.toml \[t\] must be a table$"),
        (
            {"cuont": 1, "flga": True},
            r"^a\.toml \[t\]: unknown setting\(s\) cuont, flga; known: cache, count, files, flag, folder, "
            r"inner, limit, names, ratio$",
        ),
        ({"flag": "yes"}, r"^a\.toml \[t\]: flag must be true or false, not 'yes'$"),
        ({"count": True}, r"count must be a whole number, not True$"),
        ({"count": 1.5}, r"count must be a whole number, not 1\.5$"),
        ({"limit": "3"}, r"limit must be a whole number, not '3'$"),
        ({"ratio": False}, r"ratio must be a number, not False$"),
        ({"folder": 3}, r"folder must be a path \(a non-empty string\), not 3$"),
        ({"folder": ""}, r"folder must be a path"),
        ({"names": "a"}, r"names must be a list of strings, not 'a'$"),
        ({"files": [1]}, r"files must be a list of strings"),
        ({"inner": 3}, r"^a\.toml \[t\] \[inner\] must be a table$"),
        (
            {"inner": {"nmae": "y"}},
            r"^a\.toml \[t\] \[inner\]: unknown setting\(s\) nmae; known: name, size$",
        ),
        ({"inner": {"size": -1}}, r"^a\.toml \[t\] \[inner\]: size must not be negative$"),
    ],
)
def test_a_bad_table_is_one_line_naming_where_and_what(data, message):
    with pytest.raises(ConfigError, match=message) as info:
        from_table(Outer, data, "a.toml [t]")
    assert "\n" not in str(info.value)
