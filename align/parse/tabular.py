"""Read CSV and Excel files into tables, and the sidecar metadata of tabular standards.

A workbook gives one table per sheet, preceded by a heading with the sheet's name (a sheet named
``初级`` then names the level of its table). Cells merged into the one above or to the left read
``None``; empty cells read ``""``.
"""

from __future__ import annotations

import csv
import io
import tomllib
import zipfile
from pathlib import Path

from align.documents import Standard
from align.errors import ParseError
from align.parse.blocks import Block, Cell, Heading, Table
from align.parse.encoding import decode


def read_csv(path: Path) -> list[Block]:
    text = decode(path.read_bytes(), path)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    rows = [r for r in rows if any(r)]
    if not rows:
        raise ParseError(
            path,
            "the file is empty",
            "a standard in CSV needs the header level,id,work_area,task,text,knowledge",
        )
    return [Table(rows)]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def read_xlsx(path: Path) -> list[Block]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ParseError(
            path,
            f"not a readable Excel workbook ({type(exc).__name__})",
            "open it in Excel or WPS and save it again as .xlsx",
        ) from exc
    blocks: list[Block] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        covered: set[tuple[int, int]] = set()
        for rng in sheet.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        covered.add((r, c))
        rows: list[list[Cell]] = []
        for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells: list[Cell] = [
                None if (r, c) in covered else _cell_text(v) for c, v in enumerate(row, start=1)
            ]
            if any(cells):
                rows.append(cells)
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
