"""``report.xlsx``: the report as a workbook a committee filters, annotates and files.

Sheets: 概览 (figures, definitions and a chart), 对照表 (书证融通对照表), 矩阵 (courses × 工作领域 heatmap),
矩阵明细 (courses × 职业技能要求), 缺口与建议, 课程贡献, 工作任务. Every list sheet has a frozen header
row, a filter, the full hierarchy on every row and no merged cells, so filtering never breaks; it prints
on A4 landscape, one page wide, with the header row on every page.

Rows and columns are numbered from 0, as XlsxWriter numbers them; text is always written as text, so a
syllabus line such as "=SUM(…)" is never taken for a formula.
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd
from xlsxwriter import Workbook
from xlsxwriter.chart import Chart
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range
from xlsxwriter.worksheet import Worksheet

from align.documents import CoverageReport
from align.files import atomic_path
from align.report.suggestions import HOURS_RULE, NEAR_RULE
from align.report.tables import (
    CHECK_LABEL,
    COVERAGE_DEFINITION,
    COVERAGE_ERROR_LABEL,
    STATUS_LABEL,
    SUPPORT_RULE,
    signoff_text,
)
from align.report.view import ReportTables, build_tables
from align.text import CONTROL_CHARS_RE

FONT = "Microsoft YaHei"  # 微软雅黑: shows Chinese on Windows; other systems substitute a CJK font
BODY = {"font_name": FONT, "font_size": 10}
BOLD = {**BODY, "bold": True}
HEAD_FILL = {"pattern": 1, "bg_color": "#DCE6F1"}
WRAP = {"text_wrap": True, "valign": "top"}
HEAD_ALIGN = {"text_wrap": True, "valign": "vcenter", "align": "center"}
UPRIGHT = {"rotation": 90, "valign": "bottom", "align": "center"}
CENTRE = {"align": "center", "valign": "top"}
STATUS_FILLS = {
    STATUS_LABEL["covered"]: ("E3F1E4", "1B5E20"),
    STATUS_LABEL["partial"]: ("FFF1CC", "7A4F00"),
    STATUS_LABEL["gap"]: ("FBE0DE", "9B1C1C"),
}
PERCENT = {"覆盖率", "支撑学时占比"}
SCORES = {"分数", "最近分数", "置信度"}
# Columns a reviewer types into: their empty cells are written too, so what is typed has the body font.
EDITABLE = {"审核状态", "审核意见"}
# Column widths (in characters of '0'); others fit their content up to MAX_WIDTH.
WIDTHS = {
    "标准": 16, "等级": 8, "工作领域": 16, "工作任务": 16, "编号": 8, "职业技能要求": 40,
    "状态": 9, "审核状态": 9, "课程": 18, "单元": 20, "单元学时": 8, "依据（原文）": 36,
    "置信度": 8, "复核提示": 10, "未覆盖部分": 20, "审核意见": 24, "最近内容": 30, "接近程度": 20,
    "建议单元标题": 22, "建议内容": 36, "缺少部分": 22, "涉及工作领域": 28,
}  # fmt: skip
MAX_WIDTH = 40
LINE_HEIGHT = 14.5
DIGIT_PIXELS = 7  # width of '0' in the workbook's default font (Calibri 11), the unit of column widths
A4 = 9  # Excel's paper size code
CM_PIXELS = 96 / 2.54

# Cell formats by name.
HEAD = "head"
TEXT = "text"
LABEL = "label"
TITLE = "title"
SUBTITLE = "subtitle"
PERCENT_STYLE = "percent"
SCORE_STYLE = "score"
COURSE = "course"
COUNT_CELL = "matrix count"
SCORE_CELL = "matrix score"
STYLES = {
    HEAD: {**BOLD, **HEAD_FILL, **HEAD_ALIGN},
    TEXT: {**BODY, **WRAP},
    LABEL: {**BOLD, **WRAP},
    TITLE: {**BOLD, "font_size": 16},
    SUBTITLE: {**BOLD, "font_size": 12},
    PERCENT_STYLE: {**BODY, **WRAP, "num_format": "0.0%"},
    SCORE_STYLE: {**BODY, **WRAP, "num_format": "0.00"},
    COURSE: {**BOLD, **HEAD_FILL, **UPRIGHT},
    COUNT_CELL: {**BODY, **CENTRE, "num_format": "General;-General;;@"},  # empty cells for zeros
    SCORE_CELL: {**BODY, **CENTRE, "num_format": "0.00"},
}
# conditional formats, by status label: the colours of a status cell
STYLES |= {
    label: {"bg_color": f"#{fill}", "font_color": f"#{fg}", "bold": True}
    for label, (fill, fg) in STATUS_FILLS.items()
}


class Formats:
    """A workbook's formats by name, each made on first use and then shared by every cell that has it
    (a Format per cell would cost a style record, and the time to make it, for every cell)."""

    def __init__(self, wb: Workbook, styles: dict[str, dict]):
        self._wb = wb
        self._styles = styles
        self._made: dict[str, Format] = {}

    def __getitem__(self, name: str) -> Format:
        fmt = self._made.get(name)
        if fmt is None:
            fmt = self._made[name] = self._wb.add_format(self._styles[name])
        return fmt


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


def cell_value(value: object) -> str | int | float | None:
    """``value`` as a cell holds it: None for an empty one (None, NaN, empty text)."""
    if isinstance(value, str):  # first: most cells hold text
        # text extracted from PDFs can hold control characters that XML (and so xlsx) cannot store
        return CONTROL_CHARS_RE.sub("", value) or None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def write_value(ws: Worksheet, row: int, col: int, value: object, fmt: Format | None = None) -> None:
    """Write a value returned by ``cell_value`` by its type (None: a formatted blank, if ``fmt``)."""
    if isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    elif value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_string(row, col, CONTROL_CHARS_RE.sub("", str(value)), fmt)


def set_width(ws: Worksheet, col: int, width: float) -> None:
    """Set a column's width as the file stores it, the unit the widths here were chosen in (Excel
    shows about 0.7 less, which is what XlsxWriter's ``set_column`` takes)."""
    ws.set_column_pixels(col, col, round(width * DIGIT_PIXELS))


def print_setup(ws: Worksheet, repeat_header: bool = True) -> None:
    """A4 landscape, one page wide, the header row repeated on every printed page."""
    ws.set_paper(A4)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=1, bottom=1)  # narrow sides leave the width to the columns
    if repeat_header:
        ws.repeat_rows(0)


def write_frame(
    ws: Worksheet,
    formats: Formats,
    frame: pd.DataFrame,
    top: int = 0,
    widths: dict[str, float] | None = None,
    body_styles: dict[int, str] | None = None,
) -> tuple[int, int]:
    """Write a DataFrame with a styled header at row ``top``; return its last row and column.

    ``body_styles`` gives some columns (by position in ``frame``) a format other than the default for
    their name: the course columns of a matrix. Row heights are set from the wrapped text, since Excel
    does not grow rows on opening a file.
    """
    widths = {**WIDTHS, **(widths or {})}
    body_styles = body_styles or {}
    columns = list(frame.columns)
    fits = [max(1.0, widths.get(name, MAX_WIDTH) - 1.5) for name in columns]  # cell padding
    for j, name in enumerate(columns):
        write_value(ws, top, j, cell_value(name), formats[HEAD])
    lines = [1] * len(frame)
    for j, name in enumerate(columns):
        fmt = formats[body_styles.get(j) or _body_style(name)]
        values = frame.iloc[:, j].tolist()
        texts = _write_column(ws, values, top + 1, j, fmt, keep_empty=name in EDITABLE)
        for i, text in enumerate(texts):
            if text is not None:
                lines[i] = max(lines[i], _lines(text, fits[j]))
    for i, n in enumerate(lines, start=top + 1):
        ws.set_row(i, LINE_HEIGHT * min(n, 12) + 3)
    return top + len(frame), len(columns) - 1


def _write_column(
    ws: Worksheet, values: list, top: int, col: int, fmt: Format, keep_empty: bool = False
) -> list[str | None]:
    """Put ``values`` in column ``col`` from row ``top``; return each cell's text (None if empty).

    Empty values get no cell (most cells of a matrix are empty), unless ``keep_empty``: then a
    formatted blank one.
    """
    texts: list[str | None] = []
    for row, value in enumerate(values, start=top):
        value = cell_value(value)
        if value is None:
            if keep_empty:
                ws.write_blank(row, col, None, fmt)
            texts.append(None)
            continue
        write_value(ws, row, col, value, fmt)
        texts.append(str(value))
    return texts


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


def fit_columns(ws: Worksheet, frame: pd.DataFrame) -> None:
    for j, name in enumerate(frame.columns):
        if name in WIDTHS:
            width = WIDTHS[name]
        else:
            values = [name, *frame[name].tolist()]
            width = min(MAX_WIDTH, max(6, *(round(text_width(_fmt(v))) + 2 for v in values)))
        set_width(ws, j, width)


def _fmt(value: object) -> str:
    value = cell_value(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def list_sheet(
    wb: Workbook,
    formats: Formats,
    title: str,
    frame: pd.DataFrame,
    freeze: str = "A2",
    body_styles: dict[int, str] | None = None,
) -> Worksheet:
    """A sheet holding one table: frozen header, filter, fitted columns."""
    ws = wb.add_worksheet(title)
    last_row, last_col = write_frame(ws, formats, frame, body_styles=body_styles)
    fit_columns(ws, frame)
    ws.freeze_panes(freeze)
    ws.autofilter(0, 0, max(last_row, 1), last_col)
    ws.set_row(0, 30)
    print_setup(ws)
    return ws


def _col(frame: pd.DataFrame, name: str) -> int:
    return list(frame.columns).index(name)


def _body_range(frame: pd.DataFrame, name: str) -> str:
    """The data cells of one column (at least one row, so an empty table still has a range)."""
    col = _col(frame, name)
    return xl_range(1, col, max(len(frame), 1), col)


def status_colours(ws: Worksheet, formats: Formats, frame: pd.DataFrame, names: tuple[str, ...]) -> None:
    """Colour status cells by their value, so a reviewed status is coloured when typed in too."""
    for name in names:
        if name not in frame.columns:
            continue
        rng = _body_range(frame, name)
        for label in STATUS_FILLS:
            ws.conditional_format(
                rng, {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": formats[label]}
            )


def review_choices(ws: Worksheet, frame: pd.DataFrame) -> None:
    """A drop-down of the three statuses in the (empty) 审核状态 column; other text is still accepted."""
    ws.data_validation(
        _body_range(frame, "审核状态"),
        {
            "validate": "list",
            "source": list(STATUS_LABEL.values()),
            "ignore_blank": True,
            "show_input": False,
            "show_error": False,
        },
    )


def heat(ws: Worksheet, first_col: int, last_col: int, rows: int, colour: str = "2A7F9E") -> None:
    """A white-to-colour scale over a block of numbers (a heatmap)."""
    if last_col < first_col or rows < 1:
        return
    ws.conditional_format(
        1, first_col, rows, last_col,
        {"type": "2_color_scale", "min_type": "num", "min_value": 0, "min_color": "#FFFFFF",
         "max_type": "max", "max_color": f"#{colour}"},
    )  # fmt: skip


def overview(wb: Workbook, formats: Formats, t: ReportTables, report: CoverageReport) -> None:
    ws = wb.add_worksheet("概览")
    ws.write_string(0, 0, "书证融通覆盖报告", formats[TITLE])
    facts = [
        ("标准", "、".join(sc.standard.name for sc in report.standards)),
        ("课程", f"{len(t.course_names)} 门：" + "、".join(t.course_names)),
        ("匹配模型", t.model + (f"；方法 {t.method}" if t.method else "")),
        *([("估计准确率", t.precision)] if t.precision else []),
        *([(CHECK_LABEL, t.check)] if t.check else []),
        *(
            (
                f"委员会签署（{sc.standard.name}）" if len(report.standards) > 1 else "委员会签署",
                signoff_text(sc.signoff),
            )
            for sc in report.standards
            if sc.signoff
        ),
        ("覆盖率定义", COVERAGE_DEFINITION),
        *([(COVERAGE_ERROR_LABEL, t.coverage_error)] if t.coverage_error else []),
        ("支撑单元", SUPPORT_RULE),
        ("修订建议", NEAR_RULE),
        ("建议学时", HOURS_RULE),
    ]
    widths = [28, 10, 18, 8, 8, 9, 8, 12]  # columns A to H
    prose_width = sum(widths[1:])
    for i, (key, value) in enumerate(facts, start=2):
        ws.write_string(i, 0, key, formats[LABEL])
        _write_prose(ws, i, 1, len(widths) - 1, cell_value(value), formats[TEXT])
        ws.set_row(i, LINE_HEIGHT * max(1, math.ceil(text_width(value) / (prose_width - 4))) + 3)
    levels = t.levels.copy()
    gap_hours = t.gaps.groupby(["标准", "等级"], sort=False)["建议学时"].sum(min_count=1)
    levels["补齐建议学时"] = [
        gap_hours.get((s, lv)) for s, lv in zip(levels["标准"], levels["等级"], strict=True)
    ]
    top = len(facts) + 3
    ws.write_string(top, 0, "各等级覆盖情况", formats[SUBTITLE])
    col_widths = {"标准": widths[0], "等级": widths[1], "工作领域": widths[2]}
    last_row, _ = write_frame(ws, formats, levels, top=top + 1, widths=col_widths)
    areas_top = last_row + 3  # two blank rows between the tables
    ws.write_string(areas_top, 0, "各工作领域覆盖情况", formats[SUBTITLE])
    write_frame(ws, formats, t.areas, top=areas_top + 1, widths=col_widths)
    for col, width in enumerate(widths):
        set_width(ws, col, width)
    chart = _levels_chart(wb, ws.name, header=top + 1, last_row=last_row, several=len(report.standards) > 1)
    ws.insert_chart(top, 9, chart)  # column J, beside the table
    print_setup(ws, repeat_header=False)


def _write_prose(ws: Worksheet, row: int, first_col: int, last_col: int, text: object, fmt: Format) -> None:
    """Text across merged cells (prose, not a list); written as text whatever it starts with."""
    ws.merge_range(row, first_col, row, last_col, None, fmt)
    write_value(ws, row, first_col, text, fmt)


def _levels_chart(wb: Workbook, sheet: str, header: int, last_row: int, several: bool) -> Chart:
    """Stacked bars of 覆盖, 部分覆盖 and 缺口 (columns D to F) per level, first level at the top."""
    chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
    chart.set_title({"name": "各等级职业技能要求的覆盖情况（条）"})
    first, last = header + 1, max(last_row, header + 1)
    # with several standards the categories are (标准, 等级) pairs, shown as two label levels
    first_cat = 0 if several else 1
    for col, colour in zip((3, 4, 5), ("#4C9A5A", "#E3A72F", "#D0504A"), strict=True):
        chart.add_series(
            {
                "name": [sheet, header, col],
                "categories": [sheet, first, first_cat, last, 1],
                "values": [sheet, first, col, last, col],
                "fill": {"color": colour},
                "border": {"color": colour},
                "overlap": 100,
            }
        )
    # In a bar chart the y axis holds the categories: reversed so the first level is at the top, and
    # the count axis crossing it at its end keeps the counts below the bars.
    chart.set_y_axis({"reverse": True, "crossing": "max", "major_tick_mark": "none"})
    chart.set_x_axis({"major_tick_mark": "none"})
    height_cm = max(6.0, 2.0 + 1.2 * (last_row - header))
    chart.set_size({"width": round(16 * CM_PIXELS), "height": round(height_cm * CM_PIXELS)})
    return chart


def write_xlsx(report: CoverageReport, path: Path, tables: ReportTables | None = None) -> None:
    """Write the workbook to ``path`` (atomically); ``tables`` are the report's, if already shaped."""
    t = tables or build_tables(report)
    with atomic_path(path) as tmp:
        wb = Workbook(str(tmp), {"in_memory": True})  # no temporary file per part: faster
        _add_sheets(wb, Formats(wb, STYLES), t, report)
        wb.close()


def _add_sheets(wb: Workbook, formats: Formats, t: ReportTables, report: CoverageReport) -> None:
    overview(wb, formats, t, report)

    cw = list_sheet(wb, formats, "对照表", t.crosswalk)
    status_colours(cw, formats, t.crosswalk, ("状态", "审核状态"))
    review_choices(cw, t.crosswalk)

    n_courses = len(t.course_names)
    first = _col(t.area_matrix, "覆盖率") + 1
    mx = list_sheet(
        wb, formats, "矩阵", t.area_matrix, freeze="D2", body_styles=_courses(first, n_courses, COUNT_CELL)
    )
    heat(mx, first, first + n_courses - 1, len(t.area_matrix))
    mx.conditional_format(
        _body_range(t.area_matrix, "覆盖率"),
        {"type": "3_color_scale",
         "min_type": "num", "min_value": 0, "min_color": "#F4B6B0",
         "mid_type": "num", "mid_value": 0.5, "mid_color": "#FFE9A8",
         "max_type": "num", "max_value": 1, "max_color": "#A8D5A2"},
    )  # fmt: skip
    _course_headers(mx, formats, t.area_matrix, first, n_courses)

    first = _col(t.point_matrix, "状态") + 1
    pm = list_sheet(
        wb, formats, "矩阵明细", t.point_matrix, body_styles=_courses(first, n_courses, SCORE_CELL)
    )
    heat(pm, first, first + n_courses - 1, len(t.point_matrix))
    status_colours(pm, formats, t.point_matrix, ("状态",))
    _course_headers(pm, formats, t.point_matrix, first, n_courses)

    gp = list_sheet(wb, formats, "缺口与建议", t.gaps)
    status_colours(gp, formats, t.gaps, ("状态",))

    cc = list_sheet(wb, formats, "课程贡献", t.courses)
    for name in ("支撑覆盖要求", "支撑学时"):
        cc.conditional_format(
            _body_range(t.courses, name),
            # the Excel 2007 form: openpyxl, which reads these workbooks, drops Excel 2010 extensions
            {"type": "data_bar", "min_type": "num", "min_value": 0, "max_type": "max",
             "bar_color": "#7FB3C8", "data_bar_2010": False},
        )  # fmt: skip

    list_sheet(wb, formats, "工作任务", t.tasks)


def _courses(first: int, n: int, style: str) -> dict[int, str]:
    """``body_styles`` giving ``style`` to the ``n`` course columns from sheet column ``first``."""
    return dict.fromkeys(range(first, first + n), style)


def _course_headers(ws: Worksheet, formats: Formats, frame: pd.DataFrame, first: int, n: int) -> None:
    """Course names turned upright so many course columns stay narrow."""
    names = list(frame.columns[first : first + n])
    for j, name in enumerate(names, start=first):
        write_value(ws, 0, j, cell_value(name), formats[COURSE])
        set_width(ws, j, 7)
    longest = max((text_width(name) for name in names), default=4)
    ws.set_row(0, min(220, max(30, 6.5 * longest + 12)))
