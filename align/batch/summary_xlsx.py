"""``summary.xlsx``: the college summary as a workbook (one sheet per table, filterable)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from align.batch.summary import PERCENT_COLUMNS, matrix_table, sections
from align.files import atomic_path

FONT = "Microsoft YaHei"
BODY = Font(name=FONT, size=10)
BOLD = Font(name=FONT, size=10, bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
WRAP = Alignment(wrap_text=True, vertical="top")
# Low coverage red, high green: the eye goes to the weak cells first.
HEAT = ColorScaleRule(
    start_type="num",
    start_value=0,
    start_color="F8696B",
    mid_type="num",
    mid_value=0.5,
    mid_color="FFEB84",
    end_type="num",
    end_value=1,
    end_color="63BE7B",
)
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
    wb = Workbook()
    _matrix_sheet(wb.active, summary)
    for title, header, rows in sections(summary):
        _table_sheet(wb.create_sheet(title), header, rows)
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _matrix_sheet(ws: Worksheet, summary: dict) -> None:
    ws.title = "覆盖矩阵"
    majors, cells = matrix_table(summary)
    rows = [[m, *(c["coverage"] if c else None for c in row)] for m, row in zip(majors, cells, strict=True)]
    _table_sheet(ws, ["专业", *summary["standards"]], rows, percent_from=2)
    for r, row in enumerate(cells, 2):
        for c, cell in enumerate(row, 2):
            if cell and cell["reported"]:  # the standards the major is reported against
                ws.cell(r, c).font = BOLD
    if majors and summary["standards"]:
        last = f"{get_column_letter(len(summary['standards']) + 1)}{len(majors) + 1}"
        ws.conditional_formatting.add(f"B2:{last}", HEAT)
    for col in range(2, len(summary["standards"]) + 2):
        ws.column_dimensions[get_column_letter(col)].width = 18
    ws.cell(len(majors) + 3, 1, "粗体：本次报告的标准；其余为证书遴选中的覆盖率。").font = BODY


def _table_sheet(ws: Worksheet, header: list[str], rows: list[list], percent_from: int | None = None) -> None:
    ws.append(header)
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, WRAP
    percent = {i + 1 for i, h in enumerate(header) if h in PERCENT_COLUMNS}
    if percent_from:
        percent |= set(range(percent_from, len(header) + 1))
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            cell.font, cell.alignment = BODY, WRAP
            if cell.column in percent:
                cell.number_format = "0%"
    for i, h in enumerate(header, 1):
        ws.column_dimensions[get_column_letter(i)].width = WIDE.get(h, max(10, len(h) * 2 + 2))
    ws.freeze_panes = "B2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
