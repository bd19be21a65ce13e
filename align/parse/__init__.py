"""Parsing: files of every format colleges use → :class:`Standard`, :class:`Syllabus`, :class:`TrainingPlan`.

Readers turn a file into neutral blocks (:mod:`align.parse.blocks`); interpreters turn blocks into
documents; the kind is told from the content when not given.

Example:
    >>> from align.parse import load_documents
    >>> docs = load_documents(["corpora/standards/web-frontend.md"])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from align.documents import Document, Standard, Syllabus, TrainingPlan
from align.errors import ParseError, ParseWarning, WrongKindError
from align.files import shown
from align.parse.blocks import Block, block_text
from align.parse.limits import ParseLimits
from align.parse.read import SUPPORTED_EXTENSIONS, TABLE_EXTENSIONS, read_with_warnings
from align.parse.to_json import SCHEMA, document_to_json, documents_to_json

KINDS = ("standard", "syllabus", "plan")

__all__ = [
    "KINDS",
    "SCHEMA",
    "SUPPORTED_EXTENSIONS",
    "ParseLimits",
    "document_to_json",
    "documents_to_json",
    "expand_paths",
    "load_documents",
    "load_syllabi",
    "parse_blocks",
    "parse_file",
    "warnings_of",
]


#: The kinds as the messages name them.
KIND_NAMES = {
    "standard": "a skill standard (职业技能等级标准)",
    "syllabus": "a syllabus (课程标准)",
    "plan": "a training plan (人才培养方案)",
}
#: Where a document of each kind goes on the command line.
_WHERE_IT_GOES = {
    "standard": "give it with --standard, not among the syllabi",
    "syllabus": "give it with --syllabi, not as a standard",
    "plan": "leave it out here (align batch reads a training plan as a major's plan)",
}


def parse_blocks(blocks: list[Block], source: str | Path, kind: str | None = None) -> Document:
    """Interpret already-read blocks as a document of ``kind`` (detected when ``None``).

    Raises:
        WrongKindError: ``kind`` was given, the content cannot be read as one, and it is another
            kind (a standard among the syllabi).
        ParseError: anything else that stops the document being read.
    """
    from align.parse.detect import detect_kind

    source = Path(source)
    if not any(block_text(b).strip() for b in blocks):
        raise ParseError(
            source, "the document is empty (no text found)", "check that you chose the right file"
        )
    if kind is None:
        kind = detect_kind(blocks)
        if kind is None:
            from align.parse.standard import column_error

            # A table with a standard's columns but one missing: say which, not "cannot tell".
            raise column_error(blocks, source, only_if_like=True) or ParseError(
                source,
                "cannot tell whether this is a standard, a syllabus (课程标准) "
                "or a training plan (人才培养方案)",
                "pass --kind standard, --kind syllabus or --kind plan",
            )
        return _interpret(blocks, source, kind)
    try:
        doc = _interpret(blocks, source, kind)
    except ParseError as exc:
        found = _other_kind(blocks, source, kind)
        if found is None:
            raise
        raise WrongKindError(
            source,
            f"this is {KIND_NAMES[found]}, not {KIND_NAMES[kind]}",
            _WHERE_IT_GOES[found],
            found=found,
        ) from exc
    found = _other_kind(blocks, source, kind)
    if found is not None:
        # Both readings work (a syllabus may carry a 工作领域 | 职业技能要求 table): it is read as
        # asked, and the user told in case it is in the wrong place.
        doc.warnings.append(
            ParseWarning(
                source,
                f"looks like {KIND_NAMES[found]}, but is read as {KIND_NAMES[kind]}",
                f"if it is not one, {_WHERE_IT_GOES[found]}",
            )
        )
    return doc


def _other_kind(blocks: list[Block], source: Path, kind: str) -> str | None:
    """The kind the content shows when it is not ``kind`` and reads as that kind, else ``None``."""
    from align.parse.detect import detect_kind

    found = detect_kind(blocks)
    if found is None or found == kind:
        return None
    try:
        _interpret(blocks, source, found)
    except ParseError:
        return None
    return found


def _interpret(blocks: list[Block], source: Path, kind: str) -> Document:
    if kind == "standard":
        from align.parse.standard import interpret_standard

        return interpret_standard(blocks, source)
    if kind == "syllabus":
        from align.parse.syllabus import interpret_syllabus

        return interpret_syllabus(blocks, source)
    if kind == "plan":
        from align.parse.plan import interpret_plan

        return interpret_plan(blocks, source)
    raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")


def parse_file(
    path: str | Path, kind: str | None = None, limits: ParseLimits | None = None
) -> Standard | Syllabus | TrainingPlan:
    """Parse one file into a standard, syllabus or training plan.

    Args:
        path: a .md, .txt, .csv, .xlsx, .docx or .pdf file (.doc/.wps when LibreOffice is installed).
            Its content decides how it is read; the extension only where the content is ambiguous.
        kind: ``"standard"``, ``"syllabus"`` or ``"plan"``; detected from the content when ``None``.
        limits: bounds on size, time and memory (``Settings.parse``); the defaults when ``None``.

    Raises:
        ParseError: the file cannot be read, exceeds a limit, or has no recognisable structure.
    """
    path = Path(path)
    # The interpreters name the document after its file: give them a name every report can write
    # (see align.files.shown); the file itself is read by its real path.
    blocks, met = read_with_warnings(path, limits)
    doc = parse_blocks(blocks, shown(path), kind)
    doc.warnings[:0] = met  # how the file was read comes before what was made of it
    if isinstance(doc, Standard) and path.suffix.lower() in TABLE_EXTENSIONS:
        from align.parse.tabular import apply_sidecar

        apply_sidecar(doc, path)
    return doc


def _wanted(path: Path) -> bool:
    name = path.name
    return (
        path.suffix.lower() in SUPPORTED_EXTENSIONS
        and not name.startswith((".", "~$"))
        and not name.lower().startswith("readme")
    )


def expand_paths(paths: Iterable[str | Path], skip: Iterable[Path] = ()) -> list[Path]:
    """Files as given, and the supported files inside folders (recursively, sorted), except those of
    ``skip`` found in a folder (align's own reports, when ``--out`` lies inside an input folder).

    Raises:
        ParseError: a path does not exist, or a folder holds no supported file.
    """
    out: list[Path] = []
    skipped = {Path(s).resolve() for s in skip}
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*") if f.is_file() and _wanted(f) and f.resolve() not in skipped
            )
            if not found:
                raise ParseError(
                    p,
                    "the folder holds no supported document",
                    "expected .docx, .pdf, .xlsx, .csv, .md or .txt files",
                )
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise ParseError(p, "file not found", "check the path")
    seen: set[Path] = set()
    return [p for p in out if not (p in seen or seen.add(p))]


def load_documents(
    paths: Iterable[str | Path],
    kind: str | None = None,
    limits: ParseLimits | None = None,
    skip: Iterable[Path] = (),
) -> list[Document]:
    """Expand ``paths`` (see :func:`expand_paths`) and parse every file (see :func:`parse_file`)."""
    return [parse_file(p, kind, limits) for p in expand_paths(paths, skip)]


def load_syllabi(
    paths: Iterable[str | Path],
    limits: ParseLimits | None = None,
    skip: Iterable[Path] = (),
    read: Callable[[Path], tuple[Syllabus, str]] | None = None,
    standard_hint: str | None = None,
) -> tuple[list[Syllabus], list[ParseWarning]]:
    """The syllabi of ``paths`` (see :func:`expand_paths`), each course read once, and the warnings
    about the files left out: a standard or training plan among them (the content is not course
    content, so it is left out rather than stop the job) and courses given twice (see
    :mod:`align.parse.duplicates`). Warnings about what is inside one syllabus stay on it.

    ``read`` gives a file's syllabus and the digest of its bytes (a batch worker's cache); by default
    the file is parsed here. ``standard_hint`` says where a standard goes instead (default: the CLI's
    ``--standard``).

    Raises:
        ParseError: a file cannot be read as a syllabus, and is no other kind of document either.
    """
    from align.parse.duplicates import unique_courses

    def parse_here(path: Path) -> tuple[Syllabus, str]:
        return parse_file(path, "syllabus", limits), _digest(path)  # type: ignore[return-value]

    read = read or parse_here
    syllabi: list[Syllabus] = []
    digests: list[str] = []
    left_out: list[ParseWarning] = []
    for path in expand_paths(paths, skip):
        try:
            doc, digest = read(path)
        except WrongKindError as exc:
            problem = f"{exc.problem}; it is left out of the syllabi"
            left_out.append(ParseWarning(path, problem, standard_hint or exc.hint, exc.location))
            continue
        syllabi.append(doc)
        digests.append(digest)
    kept, duplicates = unique_courses(syllabi, digests)
    return kept, left_out + duplicates


def _digest(path: Path) -> str:
    import hashlib

    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def warnings_of(documents: Iterable[Document]) -> list[ParseWarning]:
    """Every warning the documents carry, in order."""
    return [w for doc in documents for w in doc.warnings]
