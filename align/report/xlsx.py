"""``report.xlsx``: the report as a workbook a committee filters, annotates and files.

Sheets: 概览 (figures, definitions and a chart), 对照表 (书证融通对照表), 矩阵 (courses × 工作领域 heatmap),
矩阵明细 (courses × 职业技能要求), 缺口与建议, 课程贡献, 工作任务. Every list sheet has a frozen header
row, a filter, the full hierarchy on every row and no merged cells, so filtering never breaks.
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, DataBarRule
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.styles.borders import DEFAULT_BORDER
from openpyxl.styles.cell_style import StyleArray
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
UPRIGHT = Alignment(text_rotation=90, vertical="bottom", horizontal="center", wrap_text=False)
CENTRE = Alignment(horizontal="center", vertical="top")
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

# Named cell styles (they show in Excel's style gallery). Giving a cell a named style copies a prepared
# style; setting its font and alignment objects instead hashes them for every cell, which took most of
# the time of writing a workbook.
HEAD = "align 表头"
TEXT = "align 正文"
PERCENT_STYLE = "align 百分比"
SCORE_STYLE = "align 分数"
COURSE = "align 课程名"
COUNT_CELL = "align 矩阵条数"
SCORE_CELL = "align 矩阵分数"


def named_styles() -> list[NamedStyle]:
    """Fresh objects for each workbook: a named style is bound to the workbook it is added to."""
    styles = [
        (HEAD, BOLD, HEAD_FILL, HEAD_ALIGN, None),
        (TEXT, BODY, None, WRAP, None),
        (PERCENT_STYLE, BODY, None, WRAP, "0.0%"),
        (SCORE_STYLE, BODY, None, WRAP, "0.00"),
        (COURSE, BOLD, HEAD_FILL, UPRIGHT, None),
        (COUNT_CELL, BODY, None, CENTRE, "General;-General;;@"),  # empty cells for zeros
        (SCORE_CELL, BODY, None, CENTRE, "0.00"),
    ]
    # the workbook's own default border (a bare Border() is another, equally invisible, one)
    return [
        NamedStyle(name, font=font, fill=fill, border=DEFAULT_BORDER, alignment=alignment, number_format=fmt)
        for name, font, fill, alignment, fmt in styles
    ]


def text_width(value: object) -> float:
    """Display width of a value in Excel's column units: a Chinese character is about 1.8 of them."""
    s = "" if value is None else str(value)
    return _str_width(s)


@lru_cache(maxsize=4096)
def _str_width(s: str) -> float:
    # the same texts recur on several sheets, and row heights measure every cell
    return sum(map(_char_width, s))


@cache
def _char_width(ch: str) -> float:
    return 1.8 if unicodedata.east_asian_width(ch) in "WF" else 1.0


def _cell_value(value: object) -> object:
    if isinstance(value, str):  # first: most cells hold text
        # text extracted from PDFs can hold control characters that XML (and so xlsx) cannot store
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
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
    ws: Worksheet,
    frame: pd.DataFrame,
    top: int = 1,
    left: int = 1,
    widths: dict[str, float] | None = None,
    body_styles: dict[int, str] | None = None,
) -> tuple[int, int]:
    """Write a DataFrame with a styled header at (top, left); return its last row and column.

    ``body_styles`` gives some columns (by position in ``frame``) a named style other than the
    default for their name. Row heights are set from the wrapped text, since Excel does not grow
    rows on opening a file.
    """
    widths = {**WIDTHS, **(widths or {})}
    columns = list(frame.columns)
    add_styles(ws.parent)
    names = [(body_styles or {}).get(j) or _body_style(name) for j, name in enumerate(columns)]
    fits = [max(1.0, widths.get(name, MAX_WIDTH) - 1.5) for name in columns]  # cell padding
    for j, name in enumerate(columns):
        ws.cell(top, left + j, name).style = HEAD
    lines = [1] * len(frame)
    for j, name in enumerate(names):
        values = frame.iloc[:, j].tolist()
        texts = _write_column(ws, values, top + 1, left + j, _prepared(ws.parent, name))
        for i, text in enumerate(texts):
            if text is not None:
                lines[i] = max(lines[i], _lines(text, fits[j]))
    for i, n in enumerate(lines, start=top + 1):
        ws.row_dimensions[i].height = LINE_HEIGHT * min(n, 12) + 3
    return top + len(frame), left + len(columns) - 1


def _write_column(ws: Worksheet, values: list, top: int, col: int, style: StyleArray) -> list[str | None]:
    """Put ``values`` in column ``col`` from row ``top``, styled; return each cell's text (None if empty).

    Filled column by column with cells made directly: ``ws.cell(…)`` and then setting the style
    looked each cell up twice and copied its style twice, a good part of the time of the workbook.
    """
    texts: list[str | None] = []
    for row, value in enumerate(values, start=top):
        cell = Cell(ws, row=row, column=col, value=_cell_value(value), style_array=style)
        if cell.data_type == "f":
            cell.data_type = "s"  # syllabus text such as "=SUM(…)" is text, not a formula
        ws._add_cell(cell)
        texts.append(None if cell._value is None else str(cell._value))
    return texts


def add_styles(wb: Workbook) -> None:
    """Register the named styles in ``wb``, once."""
    if HEAD not in wb.named_styles:
        for style in named_styles():
            wb.add_named_style(style)


def _prepared(wb: Workbook, name: str) -> StyleArray:
    """The style a cell gets from ``cell.style = name``, looked up once per column rather than searched
    for by name for every cell (which cost five times the copy the cell needs anyway)."""
    return wb._named_styles[name].as_tuple()


def _body_style(name: str) -> str:
    if name in PERCENT:
        return PERCENT_STYLE
    if name in SCORES:
        return SCORE_STYLE
    return TEXT


@lru_cache(maxsize=4096)
def _lines(text: str, fits: float) -> int:
    """Lines a text wraps to in a column holding ``fits`` characters (cached: values repeat down a column)."""
    return sum(max(1, math.ceil(text_width(t) / fits)) for t in text.split("\n"))


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


def list_sheet(
    wb: Workbook,
    title: str,
    frame: pd.DataFrame,
    freeze: str = "A2",
    body_styles: dict[int, str] | None = None,
) -> Worksheet:
    """A sheet holding one table: frozen header, filter, fitted columns."""
    ws = wb.create_sheet(title)
    last_row, last_col = write_frame(ws, frame, body_styles=body_styles)
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


def write_xlsx(report: CoverageReport, path: Path, tables: ReportTables | None = None) -> None:
    """Write the workbook to ``path`` (atomically); ``tables`` are the report's, if already shaped."""
    t = tables or build_tables(report)
    wb = Workbook()
    overview(wb, t, report)

    cw = list_sheet(wb, "对照表", t.crosswalk)
    status_colours(cw, t.crosswalk, ("状态", "审核状态"))
    review_choices(cw, t.crosswalk)

    n_courses = len(t.course_names)
    first = list(t.area_matrix.columns).index("覆盖率") + 2
    mx = list_sheet(
        wb, "矩阵", t.area_matrix, freeze="D2", body_styles=_courses(first, n_courses, COUNT_CELL)
    )
    heat(mx, first, first + n_courses - 1, len(t.area_matrix))
    mx.conditional_formatting.add(
        _body_range(t.area_matrix, "覆盖率"),
        ColorScaleRule(start_type="num", start_value=0, start_color="F4B6B0",
                       mid_type="num", mid_value=0.5, mid_color="FFE9A8",
                       end_type="num", end_value=1, end_color="A8D5A2"),
    )  # fmt: skip
    _course_headers(mx, first, n_courses)

    first = list(t.point_matrix.columns).index("状态") + 2
    pm = list_sheet(wb, "矩阵明细", t.point_matrix, body_styles=_courses(first, n_courses, SCORE_CELL))
    heat(pm, first, first + n_courses - 1, len(t.point_matrix))
    status_colours(pm, t.point_matrix, ("状态",))
    _course_headers(pm, first, n_courses)

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


def _courses(first: int, n: int, style: str) -> dict[int, str]:
    """``body_styles`` giving ``style`` to the ``n`` course columns from sheet column ``first``."""
    return dict.fromkeys(range(first - 1, first - 1 + n), style)


def _course_headers(ws: Worksheet, first: int, n: int) -> None:
    """Course names turned upright so many course columns stay narrow."""
    for j in range(first, first + n):
        ws.cell(1, j).style = COURSE
        ws.column_dimensions[get_column_letter(j)].width = 7
    longest = max((text_width(ws.cell(1, j).value) for j in range(first, first + n)), default=4)
    ws.row_dimensions[1].height = min(220, max(30, 6.5 * longest + 12))
