"""The cell writing of align.report.xlsx, on a small table: text stays text, empty cells are left out,
widths come back as set."""

import math
import zipfile

import openpyxl
import pandas as pd
import pytest
from xlsxwriter import Workbook

from align.report.xlsx import COUNT_CELL, STYLES, Formats, set_width, write_frame

FRAME = pd.DataFrame(
    {
        "职业技能要求": ["=SUM(B2:B9)汇总", "含\x0b控制符", ""],
        "审核状态": [None, None, "覆盖"],
        "课程甲": [2.5, math.nan, None],
        "分数": [0.5, 1, math.nan],
    }
)


@pytest.fixture
def written(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = Workbook(str(path))
    ws = wb.add_worksheet("表")
    write_frame(ws, Formats(wb, STYLES), FRAME, body_styles={2: COUNT_CELL})
    set_width(ws, 0, 40)
    wb.close()
    return path


def test_text_stays_text_and_loses_control_characters(written):
    ws = openpyxl.load_workbook(written)["表"]
    assert (ws["A2"].value, ws["A2"].data_type) == ("=SUM(B2:B9)汇总", "s")
    assert ws["A3"].value == "含控制符"
    assert [ws["C2"].value, ws["D2"].value, ws["D3"].value] == [2.5, 0.5, 1]
    assert ws["C2"].number_format == "General;-General;;@" and ws["D2"].number_format == "0.00"
    assert ws.column_dimensions["A"].width == 40


def test_empty_values_get_no_cell_except_where_a_reviewer_types(written):
    with zipfile.ZipFile(written) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    for ref in ("A4", "C3", "C4", "D4"):  # empty text, NaN, None
        assert f'r="{ref}"' not in xml
    ws = openpyxl.load_workbook(written)["表"]
    assert ws["B2"].value is None and ws["B2"].font.name == "Microsoft YaHei"  # 审核状态, still blank
