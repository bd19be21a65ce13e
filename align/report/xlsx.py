"""``report.xlsx``: the report as a workbook a committee filters, annotates and files.

Sheets: 概览 (figures, definitions and a chart), 对照表 (书证融通对照表), 矩阵 (courses × 工作领域 heatmap),
矩阵明细 (courses × 职业技能要求), 缺口与建议, 课程贡献, 工作任务. Every list sheet has a frozen header
row, a filter, the full hierarchy on every row and no merged cells, so filtering never breaks.
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, DataBarRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from align.documents import CoverageReport
from align.files import atomic_path
from align.report.suggestions import HOURS_RULE, NEAR_RULE
from align.report.tables import COVERAGE_DEFINITION, STATUS_LABEL, SUPPORT_RULE
from align.report.view import ReportTables, build_tables

FONT = "Microsoft YaHei"  # 微软雅黑: shows Chinese on Windows; other systems substitute a CJK font
BODY = Font(name=FONT, size=10)
BOLD = Font(name=FONT, size=10, bold=True)
TITLE = Font(name=FONT, size=16, bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
STATUS_FILLS = {
    STATUS_LABEL["covered"]: ("E3F1E4", "1B5E20"),
    STATUS_LABEL["partial"]: ("FFF1CC", "7A4F00"),
    STATUS_LABEL["gap"]: ("FBE0DE", "9B1C1C"),
}
PERCENT = {"覆盖率", "支撑学时占比"}
SCORES = {"分数", "最近分数"}
# Column widths (in characters of '0'); others fit their content up to MAX_WIDTH.
WIDTHS = {
    "标准": 16, "等级": 8, "工作领域": 16, "工作任务": 16, "编号": 8, "职业技能要求": 40,
    "状态": 9, "审核状态": 9, "课程": 18, "单元": 20, "单元学时": 8, "依据（原文）": 36,
    "未覆盖部分": 20, "审核意见": 24, "最近内容": 30, "接近程度": 20, "建议单元标题": 22,
    "建议内容": 36, "缺少部分": 22, "涉及工作领域": 28,
}  # fmt: skip
MAX_WIDTH = 40
LINE_HEIGHT = 14.5


def text_width(value: object) -> float:
    """Display width of a value in Excel's column units: a Chinese character is about 1.8 of them."""
    s = "" if value is None else str(value)
    return sum(1.8 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in s)


def _cell_value(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    if isinstance(value, str):
        # text extracted from PDFs can hold control characters that XML (and so xlsx) cannot store
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def print_setup(ws: Worksheet, title_rows: str | None = "1:1") -> None:
    """A4 landscape, one page wide, the header row repeated on every printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if title_rows:
        ws.print_title_rows = title_rows


def write_frame(
    ws: Worksheet, frame: pd.DataFrame, top: int = 1, left: int = 1, widths: dict[str, float] | None = None
) -> tuple[int, int]:
    """Write a DataFrame with a styled header at (top, left); return its last row and column.

    Row heights are set from the wrapped text, since Excel does not grow rows on opening a file.
    """
    widths = {**WIDTHS, **(widths or {})}
    columns = list(frame.columns)
    for j, name in enumerate(columns):
        cell = ws.cell(top, left + j, name)
        cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, HEAD_ALIGN
    for i, record in enumerate(frame.itertuples(index=False), start=1):
        lines = 1
        for j, value in enumerate(record):
            name = columns[j]
            cell = ws.cell(top + i, left + j, _cell_value(value))
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # syllabus text such as "=SUM(…)" is text, not a formula
            cell.font, cell.alignment = BODY, WRAP
            if name in PERCENT:
                cell.number_format = "0.0%"
            elif name in SCORES:
                cell.number_format = "0.00"
            width = widths.get(name, MAX_WIDTH)
            text = "" if cell.value is None else str(cell.value)
            fits = max(1.0, width - 1.5)  # cell padding
            lines = max(lines, sum(max(1, math.ceil(text_width(t) / fits)) for t in text.split("\n")))
        ws.row_dimensions[top + i].height = LINE_HEIGHT * min(lines, 12) + 3
    return top + len(frame), left + len(columns) - 1


def fit_columns(ws: Worksheet, frame: pd.DataFrame, left: int = 1) -> None:
    for j, name in enumerate(frame.columns):
        if name in WIDTHS:
            width = WIDTHS[name]
        else:
            values = [name, *frame[name].tolist()]
            width = min(MAX_WIDTH, max(6, *(round(text_width(_fmt(v))) + 2 for v in values)))
        ws.column_dimensions[get_column_letter(left + j)].width = width


def _fmt(value: object) -> str:
    value = _cell_value(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def list_sheet(wb: Workbook, title: str, frame: pd.DataFrame, freeze: str = "A2") -> Worksheet:
    """A sheet holding one table: frozen header, filter, fitted columns."""
    ws = wb.create_sheet(title)
    last_row, last_col = write_frame(ws, frame)
    fit_columns(ws, frame)
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(last_col)}{max(last_row, 2)}"
    ws.row_dimensions[1].height = 30
    print_setup(ws)
    return ws


def _col(frame: pd.DataFrame, name: str) -> str:
    return get_column_letter(list(frame.columns).index(name) + 1)


def _body_range(frame: pd.DataFrame, name: str) -> str:
    """The data cells of one column (at least one row, so an empty table still has a range)."""
    col = _col(frame, name)
    return f"{col}2:{col}{max(len(frame) + 1, 2)}"


def status_colours(ws: Worksheet, frame: pd.DataFrame, names: tuple[str, ...]) -> None:
    """Colour status cells by their value, so a reviewed status is coloured when typed in too."""
    for name in names:
        if name not in frame.columns:
            continue
        rng = _body_range(frame, name)
        for label, (fill, fg) in STATUS_FILLS.items():
            rule = CellIsRule(
                operator="equal",
                formula=[f'"{label}"'],
                fill=PatternFill("solid", fgColor=fill, bgColor=fill),
                font=Font(name=FONT, color=fg, bold=True),
            )
            ws.conditional_formatting.add(rng, rule)


def review_choices(ws: Worksheet, frame: pd.DataFrame) -> None:
    """A drop-down of the three statuses in the (empty) 审核状态 column."""
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUS_LABEL.values()) + '"', allow_blank=True)
    dv.add(_body_range(frame, "审核状态"))
    ws.add_data_validation(dv)


def heat(ws: Worksheet, first_col: int, last_col: int, rows: int, colour: str = "2A7F9E") -> None:
    """A white-to-colour scale over a block of numbers (a heatmap)."""
    if last_col < first_col or rows < 1:
        return
    rng = f"{get_column_letter(first_col)}2:{get_column_letter(last_col)}{rows + 1}"
    ws.conditional_formatting.add(
        rng,
        ColorScaleRule(
            start_type="num", start_value=0, start_color="FFFFFF", end_type="max", end_color=colour
        ),
    )


def overview(wb: Workbook, t: ReportTables, report: CoverageReport) -> None:
    ws = wb.active
    ws.title = "概览"
    ws["A1"] = "书证融通覆盖报告"
    ws["A1"].font = TITLE
    facts = [
        ("标准", "、".join(sc.standard.name for sc in report.standards)),
        ("课程", f"{len(t.course_names)} 门：" + "、".join(t.course_names)),
        ("匹配模型", t.model + (f"；方法 {t.method}" if t.method else "")),
        *([("估计准确率", t.precision)] if t.precision else []),
        ("覆盖率定义", COVERAGE_DEFINITION),
        ("支撑单元", SUPPORT_RULE),
        ("修订建议", NEAR_RULE),
        ("建议学时", HOURS_RULE),
    ]
    widths = {"A": 28, "B": 10, "C": 18, "D": 8, "E": 8, "F": 9, "G": 8, "H": 12}
    prose_width = sum(widths.values()) - widths["A"]
    for i, (key, value) in enumerate(facts, start=3):
        ws.cell(i, 1, key).font = BOLD
        ws.cell(i, 1).alignment = WRAP
        cell = ws.cell(i, 2, value)
        cell.font = BODY
        cell.alignment = WRAP
        ws.merge_cells(start_row=i, start_column=2, end_row=i, end_column=8)  # prose, not a list
        ws.row_dimensions[i].height = (
            LINE_HEIGHT * max(1, math.ceil(text_width(value) / (prose_width - 4))) + 3
        )
    levels = t.levels.copy()
    gap_hours = t.gaps.groupby(["标准", "等级"], sort=False)["建议学时"].sum(min_count=1)
    levels["补齐建议学时"] = [
        gap_hours.get((s, lv)) for s, lv in zip(levels["标准"], levels["等级"], strict=True)
    ]
    top = len(facts) + 4
    ws.cell(top, 1, "各等级覆盖情况").font = Font(name=FONT, size=12, bold=True)
    col_widths = {"标准": widths["A"], "等级": widths["B"], "工作领域": widths["C"]}
    last_row, _ = write_frame(ws, levels, top=top + 1, widths=col_widths)
    areas_top = last_row + 3
    ws.cell(areas_top, 1, "各工作领域覆盖情况").font = Font(name=FONT, size=12, bold=True)
    write_frame(ws, t.areas, top=areas_top + 1, widths=col_widths)
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=top + 2, max_row=last_row):
        row[1].alignment = WRAP

    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "各等级职业技能要求的覆盖情况（条）"
    data = Reference(ws, min_col=4, max_col=6, min_row=top + 1, max_row=last_row)
    # with several standards the categories are (标准, 等级) pairs, shown as two label levels
    first_cat = 1 if len(report.standards) > 1 else 2
    cats = Reference(ws, min_col=first_cat, max_col=2, min_row=top + 2, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.x_axis.scaling.orientation = "maxMin"  # first level at the top, as in the table
    chart.y_axis.crosses = "max"  # keeps the count axis below the bars
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for series, colour in zip(chart.series, ("4C9A5A", "E3A72F", "D0504A"), strict=True):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.height = max(6.0, 2.0 + 1.2 * len(levels))
    chart.width = 16
    ws.add_chart(chart, f"J{top}")
    print_setup(ws, title_rows=None)


def write_xlsx(report: CoverageReport, path: Path) -> None:
    """Write the workbook to ``path`` (atomically)."""
    t = build_tables(report)
    wb = Workbook()
    overview(wb, t, report)

    cw = list_sheet(wb, "对照表", t.crosswalk)
    status_colours(cw, t.crosswalk, ("状态", "审核状态"))
    review_choices(cw, t.crosswalk)

    n_courses = len(t.course_names)
    mx = list_sheet(wb, "矩阵", t.area_matrix, freeze="D2")
    first = list(t.area_matrix.columns).index("覆盖率") + 2
    heat(mx, first, first + n_courses - 1, len(t.area_matrix))
    mx.conditional_formatting.add(
        _body_range(t.area_matrix, "覆盖率"),
        ColorScaleRule(start_type="num", start_value=0, start_color="F4B6B0",
                       mid_type="num", mid_value=0.5, mid_color="FFE9A8",
                       end_type="num", end_value=1, end_color="A8D5A2"),
    )  # fmt: skip
    _course_headers(mx, first, n_courses, "General;-General;;@")

    pm = list_sheet(wb, "矩阵明细", t.point_matrix)
    first = list(t.point_matrix.columns).index("状态") + 2
    heat(pm, first, first + n_courses - 1, len(t.point_matrix))
    status_colours(pm, t.point_matrix, ("状态",))
    _course_headers(pm, first, n_courses, "0.00")

    gp = list_sheet(wb, "缺口与建议", t.gaps)
    status_colours(gp, t.gaps, ("状态",))

    cc = list_sheet(wb, "课程贡献", t.courses)
    for name in ("支撑覆盖要求", "支撑学时"):
        cc.conditional_formatting.add(
            _body_range(t.courses, name),
            DataBarRule(start_type="num", start_value=0, end_type="max", color="7FB3C8"),
        )

    list_sheet(wb, "工作任务", t.tasks)
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _course_headers(ws: Worksheet, first: int, n: int, number_format: str) -> None:
    """Course names turned upright so many course columns stay narrow; empty cells for zeros."""
    for j in range(first, first + n):
        cell = ws.cell(1, j)
        cell.alignment = Alignment(text_rotation=90, vertical="bottom", horizontal="center", wrap_text=False)
        ws.column_dimensions[get_column_letter(j)].width = 7
        for (c,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            c.number_format = number_format
            c.alignment = Alignment(horizontal="center", vertical="top")
    longest = max((text_width(ws.cell(1, j).value) for j in range(first, first + n)), default=4)
    ws.row_dimensions[1].height = min(220, max(30, 6.5 * longest + 12))
