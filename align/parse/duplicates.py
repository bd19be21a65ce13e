"""The same course given twice among a major's syllabi (数据分析.md beside 数据分析.docx, a copy in a
sub-folder): read once, so it does not count twice, and never silently.

What counts as the same course, and what is done about it:

- the same bytes: one file saved twice. Read once.
- the same course name and the same content (everything read from it: code, hours, objectives, every
  unit's title, hours and items), up to spacing: one course saved in two formats (.md and .docx) or
  edited only in its layout. Read once.
- the same course name, different content: two versions of a syllabus, or two courses that share a
  name. Nothing tells which one is meant, so both are read, and the user is told.
- different course names, the same content: a syllabus copied and renamed without rewriting it.
  Both are read (they may really be taught twice), and the user is told.

Of two files read once, the first in the order given (a folder's files sorted by name) is kept.
Every case is a :class:`ParseWarning` naming both files. A standard given twice (the same name and
the same skill points) is read once too: reported twice, its points would count twice.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from align.documents import Standard, Syllabus
from align.errors import ParseWarning


def _bare(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def course_name_key(name: str) -> str:
    """A course name as a key: ``《Python 程序设计》`` and ``Python程序设计`` are one course."""
    name = "".join(unicodedata.normalize("NFKC", name).split())
    return name.replace("《", "").replace("》", "")


def content_key(syllabus: Syllabus) -> tuple:
    """Everything read from a syllabus but its name and file, with the spacing formats add removed."""
    bare = _bare
    hours = syllabus.hours
    return (
        bare(syllabus.code),
        syllabus.credits,
        (hours.total, hours.theory, hours.practice),
        tuple(bare(m) for m in syllabus.majors),
        bare(syllabus.course_type),
        tuple(bare(o) for o in syllabus.objectives),
        tuple((bare(u.title), u.hours, tuple(bare(i) for i in u.items)) for u in syllabus.units),
    )


def unique_courses(
    syllabi: Sequence[Syllabus], digests: Sequence[str] = ()
) -> tuple[list[Syllabus], list[ParseWarning]]:
    """The syllabi with each course read once, and a warning for every duplicate met.

    Args:
        syllabi: parsed syllabi, in the order given.
        digests: a digest of each syllabus's file bytes (same order), or nothing to compare the
            parsed content only.
    """
    kept: list[Syllabus] = []
    keys: list[tuple[str, tuple]] = []  # each kept syllabus's name and content keys, computed once
    warnings: list[ParseWarning] = []
    by_bytes: dict[str, Syllabus] = {}
    for i, syllabus in enumerate(syllabi):
        digest = digests[i] if i < len(digests) else ""
        same = by_bytes.get(digest) if digest else None
        if same is not None:
            warnings.append(_read_once(syllabus, same, "an identical copy of"))
            continue
        key = (course_name_key(syllabus.course), content_key(syllabus))
        twin = next((k for k, known in zip(kept, keys, strict=True) if known == key), None)
        if twin is not None:
            warnings.append(_read_once(syllabus, twin, "the same course with the same content as"))
            continue
        # The same name or the same content, not both (that one is read once): both are read.
        alike = [
            k for k, (name, content) in zip(kept, keys, strict=True) if name == key[0] or content == key[1]
        ]
        warnings += [_both_read(syllabus, other, key[0]) for other in alike]
        kept.append(syllabus)
        keys.append(key)
        if digest:
            by_bytes[digest] = syllabus
    return _named_apart(kept, [name for name, _ in keys]), warnings


def _named_apart(syllabi: list[Syllabus], names: list[str]) -> list[Syllabus]:
    """Two courses of one name that are both read get their file in their name (``数据分析（a.md）``):
    reports key a course by its name, and would pool the two into one column of the matrix."""
    shared = {name for name in names if names.count(name) > 1}
    if not shared:
        return syllabi
    labels = [Path(s.source).name if name in shared else "" for s, name in zip(syllabi, names, strict=True)]
    return [
        replace(s, course=f"{s.course}（{_folder_and_name(s.source) if labels.count(label) > 1 else label}）")
        if label
        else s
        for s, label in zip(syllabi, labels, strict=True)
    ]


def _folder_and_name(source: str) -> str:
    """``b/数据分析.md``: enough to tell two files of one name apart, without the server's folders."""
    path = Path(source)
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def _read_once(dropped: Syllabus, kept: Syllabus, relation: str) -> ParseWarning:
    return ParseWarning(
        dropped.source,
        f"{relation} {kept.source} (course {kept.course}); the course is read once, from {kept.source}",
        "remove one of the two files",
    )


def _both_read(syllabus: Syllabus, other: Syllabus, name: str) -> ParseWarning:
    if course_name_key(other.course) == name:
        return ParseWarning(
            syllabus.source,
            f"the course {syllabus.course} is also in {other.source}, with different content; both are read",
            "remove the one that is out of date, or give each course its own name",
        )
    return ParseWarning(
        syllabus.source,
        f"the same content as {other.source} (course {other.course}) under another course name "
        f"({syllabus.course}); both are read",
        "remove the copy, or write its own content",
    )


def unique_standards(standards: Sequence[Standard]) -> tuple[list[Standard], list[ParseWarning]]:
    """The standards with each one read once (the same name, levels and skill points, up to spacing:
    one standard saved twice or in two formats), and a warning for every copy left out. Two versions
    of a standard (the same name, other points) are both kept: a batch ranks them side by side."""
    kept: dict[tuple, Standard] = {}
    warnings: list[ParseWarning] = []
    for standard in standards:
        key = (
            _bare(standard.name),
            tuple(
                (_bare(lv.name), tuple((p.id, _bare(p.text)) for p in lv.points)) for lv in standard.levels
            ),
        )
        if key in kept:
            first = kept[key]
            warnings.append(
                ParseWarning(
                    standard.source,
                    f"the same standard as {first.source} ({first.name}); it is reported once, from "
                    f"{first.source}",
                    "give each standard once",
                )
            )
            continue
        kept[key] = standard
    return list(kept.values()), warnings
