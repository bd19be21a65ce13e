"""Read CSV and Excel files into tables, and the sidecar metadata of tabular standards.

A workbook gives one table per sheet, preceded by a heading with the sheet's name (a sheet named
``初级`` then names the level of its table). Cells merged into the one above or to the left read
``None``; empty cells read ``""``.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
import zipfile
from pathlib import Path

from align.documents import Standard
from align.errors import ParseError
from align.parse.archive import check_archive
from align.parse.blocks import Block, Cell, Heading, Table
from align.parse.encoding import decode
from align.parse.limits import Deadline, ParseLimits, too_large


def read_csv_text(text: str, path: Path) -> list[Block]:
    """The table of a CSV or TSV file's text (the delimiter is sniffed from its start)."""
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        # e.g. "field larger than field limit (131072)": a cell no table of requirements has.
        raise ParseError(
            path,
            f"not a readable CSV table ({exc})",
            "open it in Excel or WPS and save it again as .csv or .xlsx",
        ) from None
    rows = [r for r in rows if any(r)]
    if not rows:
        raise ParseError(
            path,
            "the file is empty",
            "a standard in CSV needs the header level,id,work_area,task,text,knowledge",
        )
    return [Table(rows)]


def read_csv(path: Path) -> list[Block]:
    return read_csv_text(decode(path.read_bytes(), path), path)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


_MERGE_RE = re.compile(
    rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})\""
)


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_merges(path: Path, limits: ParseLimits) -> None:
    """Refuse a workbook whose merged areas cover more than ``max_cells`` cells.

    openpyxl creates an object for every cell of a merged area while it loads the sheet, so one
    merge of A1:XFD1048576 would take hours; the sheets are scanned for merges before it loads them.
    """
    total = 0
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):  # sheets may be stored under any name the package points to
                continue
            pending = b""
            with z.open(name) as f:
                while chunk := f.read(2**20):
                    pending += chunk
                    cut = pending.rfind(b">") + 1  # tags before the cut are whole
                    for m in _MERGE_RE.finditer(pending, 0, cut):
                        c0, r0, c1, r1 = _column(m[1]), int(m[2]), _column(m[3]), int(m[4])
                        total += (abs(c1 - c0) + 1) * (abs(r1 - r0) + 1)
                    pending = pending[cut:][-4096:]
            if total > limits.max_cells:
                raise too_large(
                    path, f"the number of merged cells in {name}", total, limits.max_cells, "max_cells"
                )


def _sheet_rows(sheet, path: Path, limits: ParseLimits, deadline: Deadline) -> list[list[Cell]]:
    """The rows of a sheet that hold something, read from its cells (a stray far cell costs nothing)."""
    values: dict[int, dict[int, str]] = {}
    for i, ((r, c), cell) in enumerate(sheet._cells.items()):
        if i % 65536 == 0:
            deadline.check()
        text = _cell_text(cell.value)
        if text:
            values.setdefault(r, {})[c] = text
    width = max((c for row in values.values() for c in row), default=0)
    if len(values) * width > limits.max_cells:
        shape = f"{len(values):,} rows × {width:,} columns"
        what = f"the number of cells of the table in sheet {sheet.title} ({shape})"
        raise too_large(path, what, len(values) * width, limits.max_cells, "max_cells")
    covered: set[tuple[int, int]] = set()
    for rng in sheet.merged_cells.ranges:
        # Only the cells of rows with content matter; a merged area reads as its first cell.
        for r in range(rng.min_row, rng.max_row + 1):
            if r in values:
                for c in range(rng.min_col, min(rng.max_col, width) + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        covered.add((r, c))
    rows: list[list[Cell]] = []
    for r in sorted(values):
        row = values[r]
        rows.append([None if (r, c) in covered else row.get(c, "") for c in range(1, width + 1)])
    return rows


def read_xlsx(path: Path, limits: ParseLimits | None = None, deadline: Deadline | None = None) -> list[Block]:
    """One heading and one table per visible sheet, within ``limits``."""
    import openpyxl

    limits = limits or ParseLimits()
    deadline = deadline or Deadline(path, limits.timeout_s)
    if zipfile.is_zipfile(path):
        check_archive(path, limits, "Excel workbook")
    try:
        check_merges(path, limits)
        # A file object, not the path: openpyxl refuses a workbook whose name does not end in .xlsx,
        # and the content has already shown that this is one.
        with path.open("rb") as f:
            book = openpyxl.load_workbook(f, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ParseError(
            path,
            f"not a readable Excel workbook ({type(exc).__name__})",
            "open it in Excel or WPS and save it again as .xlsx",
        ) from exc
    blocks: list[Block] = []
    for sheet in book.worksheets:
        deadline.check()
        if sheet.sheet_state != "visible":
            continue
        rows = _sheet_rows(sheet, path, limits, deadline)
        if rows:
            width = max(len(r) for r in rows)
            # Trailing columns that are empty in every row are formatting, not data.
            while width and all(len(r) < width or not r[width - 1] for r in rows):
                width -= 1
            blocks += [Heading(2, sheet.title), Table([r[:width] for r in rows], title=sheet.title)]
    return blocks


def apply_sidecar(std: Standard, path: Path) -> Standard:
    """Fill a tabular standard's name, majors, occupations and cumulative flag from ``<slug>.meta.toml``."""
    meta_path = path.with_name(path.stem + ".meta.toml")
    if not meta_path.exists():
        return std
    try:
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(
            meta_path, f"invalid TOML: {exc}", "fix the metadata file next to the standard"
        ) from exc
    known = {"name", "majors", "occupations", "cumulative"}
    unknown = sorted(set(meta) - known)
    if unknown:
        raise ParseError(
            meta_path, f"unknown key(s) {', '.join(unknown)}", f"allowed keys: {', '.join(sorted(known))}"
        )
    for key in ("majors", "occupations"):
        value = meta.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ParseError(meta_path, f"{key} must be a list of strings", f'e.g. {key} = ["软件技术"]')
    std.name = str(meta.get("name") or std.name)
    std.majors = list(meta.get("majors", std.majors))
    std.occupations = list(meta.get("occupations", std.occupations))
    std.cumulative = bool(meta.get("cumulative", std.cumulative))
    return std
