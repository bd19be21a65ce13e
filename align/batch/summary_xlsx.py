"""``summary.xlsx``: the college summary as a workbook (one sheet per table, filterable).

The first sheet, 覆盖矩阵, holds each major's coverage of each standard, in bold for the standards the
major is reported against; the others hold the summary's list tables.
"""

from __future__ import annotations

from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from align.batch.summary import (
    PERCENT_COLUMNS,
    SECTION_NOTES,
    coverage_error_note,
    matrix_table,
    sections,
)
from align.files import atomic_path
from align.report.xlsx import BODY, BOLD, HEAD_FILL, WRAP, Formats, cell_value, set_width, write_value

HEAD = "head"
TEXT = "text"
PERCENT = "percent"
REPORTED = "reported"  # a coverage of a standard the major is reported against
NOTE = "note"
STYLES = {
    HEAD: {**BOLD, **HEAD_FILL, **WRAP},
    TEXT: {**BODY, **WRAP},
    PERCENT: {**BODY, **WRAP, "num_format": "0%"},
    REPORTED: {**BOLD, **WRAP, "num_format": "0%"},
    NOTE: BODY,
}
# Low coverage red, high green: the eye goes to the weak cells first.
HEAT = {
    "type": "3_color_scale",
    "min_type": "num",
    "min_value": 0,
    "min_color": "#F8696B",
    "mid_type": "num",
    "mid_value": 0.5,
    "mid_color": "#FFEB84",
    "max_type": "num",
    "max_value": 1,
    "max_color": "#63BE7B",
}
WIDE = {
    "职业技能要求": 48,
    "缺失工作领域": 40,
    "原因": 60,
    "文件": 40,
    "未覆盖的专业": 30,
    "缺少课程标准的课程": 36,
    "方案外的课程标准": 36,
}


def write_summary_xlsx(summary: dict, path: Path) -> None:
    with atomic_path(path) as tmp:
        wb = Workbook(str(tmp), {"in_memory": True})
        formats = Formats(wb, STYLES)
        _matrix_sheet(wb.add_worksheet("覆盖矩阵"), formats, summary)
        for title, header, rows in sections(summary):
            ws = wb.add_worksheet(title)
            _table_sheet(ws, formats, header, rows)
            if title in SECTION_NOTES:
                ws.write_string(len(rows) + 2, 0, SECTION_NOTES[title], formats[NOTE])
        wb.close()


def _matrix_sheet(ws: Worksheet, formats: Formats, summary: dict) -> None:
    majors, cells = matrix_table(summary)
    standards = summary["standards"]
    rows = [[m, *(c["coverage"] if c else None for c in row)] for m, row in zip(majors, cells, strict=True)]
    reported = {  # (row, column) of the standards each major is reported against
        (r, c) for r, row in enumerate(cells, 1) for c, cell in enumerate(row, 1) if cell and cell["reported"]
    }
    _table_sheet(ws, formats, ["专业", *standards], rows, percent_from=1, bold=reported)
    if majors and standards:
        ws.conditional_format(1, 1, len(majors), len(standards), HEAT)
    for col in range(1, len(standards) + 1):
        set_width(ws, col, 18)
    note = "粗体：本次报告的标准；其余为证书遴选中的覆盖率。"
    ws.write_string(len(majors) + 2, 0, note, formats[NOTE])
    if error := coverage_error_note(summary):
        ws.write_string(len(majors) + 3, 0, error, formats[NOTE])


def _table_sheet(
    ws: Worksheet,
    formats: Formats,
    header: list[str],
    rows: list[list],
    percent_from: int | None = None,
    bold: set[tuple[int, int]] | None = None,
) -> None:
    """A header row and ``rows`` below it (columns numbered from 0): percentages in the columns so
    named or from ``percent_from`` on, the cells in ``bold`` in bold."""
    for c, name in enumerate(header):
        write_value(ws, 0, c, cell_value(name), formats[HEAD])
    bold = bold or set()
    percent = {i for i, h in enumerate(header) if h in PERCENT_COLUMNS}
    if percent_from is not None:
        percent |= set(range(percent_from, len(header)))
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            style = REPORTED if (r, c) in bold else PERCENT if c in percent else TEXT
            write_value(ws, r, c, cell_value(value), formats[style])
    for i, h in enumerate(header):
        set_width(ws, i, WIDE.get(h, max(10, len(h) * 2 + 2)))
    ws.freeze_panes(1, 1)
    if rows:
        ws.autofilter(0, 0, len(rows), max(len(header), *map(len, rows)) - 1)
