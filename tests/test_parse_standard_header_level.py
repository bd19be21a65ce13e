"""A level written in a requirement table's header (职业技能要求（初级）, 技能要求（四级/中级工）) names
the table's level, in Word, Markdown and PDF; a level heading or a row above the header wins over it
(with a warning when they disagree); and points numbered twice without any level say what to add."""

from __future__ import annotations

import pytest

from align.errors import ParseError
from align.parse import parse_file
from align.parse.blocks import Heading, Paragraph, Table
from align.parse.levels import same_level
from align.ui.messages_zh import to_chinese
from tests.parse_docgen import to_docx, to_pdf

TITLE = "数据标注职业技能等级标准"
WIDTHS = {3: [35, 35, 100], 4: [25, 25, 60, 60]}


def header_table(level: str, text: str = "能使用相机采集图像数据。") -> Table:
    header = ["工作领域", "工作任务", f"职业技能要求（{level}）" if level else "职业技能要求"]
    return Table([header, ["1. 数据采集", "1.1 图像采集", f"1.1.1 {text}"]])


def two_levels_in_headers() -> list:
    return [
        Heading(1, TITLE),
        Paragraph("职业技能等级要求"),
        header_table("初级", "能使用相机采集图像数据。"),
        header_table("中级", "能制定图像采集方案。"),
    ]


def levels(std) -> list[tuple[str, list[str]]]:
    return [(lv.name, [p.text for p in lv.points]) for lv in std.levels]


EXPECTED = [("初级", ["能使用相机采集图像数据。"]), ("中级", ["能制定图像采集方案。"])]


def test_the_level_in_a_word_tables_header_names_its_level(tmp_path):
    std = parse_file(to_docx(two_levels_in_headers(), tmp_path / "hdr_level.docx"))
    assert levels(std) == EXPECTED and std.warnings == []


def test_the_level_in_a_markdown_tables_header_names_its_level(tmp_path):
    path = tmp_path / "hdr_level.md"
    path.write_text(
        f"# {TITLE}\n\n## 职业技能等级要求\n\n"
        "| 工作领域 | 工作任务 | 职业技能要求（初级） |\n|---|---|---|\n"
        "| 1. 数据采集 | 1.1 图像采集 | 1.1.1 能使用相机采集图像数据。 |\n\n"
        "| 工作领域 | 工作任务 | 职业技能要求(中级) |\n|---|---|---|\n"
        "| 1. 数据采集 | 1.1 图像采集 | 1.1.1 能制定图像采集方案。 |\n",
        encoding="utf-8",
    )
    std = parse_file(path)
    assert levels(std) == EXPECTED and std.warnings == []


def test_the_level_in_a_pdf_tables_header_names_its_level(tmp_path):
    std = parse_file(to_pdf(two_levels_in_headers(), tmp_path / "hdr_level.pdf", col_widths=WIDTHS))
    assert levels(std) == EXPECTED


def test_a_national_tables_header_names_its_grade(tmp_path):
    header = ["职业功能", "工作内容", "技能要求（四级/中级工）", "相关知识要求"]
    blocks = [
        Heading(1, "养老护理员国家职业技能标准"),
        Table([header, ["1. 生活照护", "1.1 饮食照护", "1.1.1 能协助老年人进食。", "1.1.1 膳食营养。"]]),
    ]
    std = parse_file(to_docx(blocks, tmp_path / "care.docx"))
    assert [lv.name for lv in std.levels] == ["四级/中级工"]
    assert std.levels[0].points[0].knowledge == ("膳食营养",)


def test_a_header_level_wins_over_a_heading_above_an_earlier_table(tmp_path):
    # The heading 初级 captions the first table only; the second says 中级 in its header.
    blocks = [Heading(1, TITLE), Heading(3, "初级"), header_table(""), header_table("中级")]
    std = parse_file(to_docx(blocks, tmp_path / "after.docx"))
    assert [lv.name for lv in std.levels] == ["初级", "中级"] and std.warnings == []


def test_a_heading_and_a_header_naming_the_same_level_in_other_words_agree(tmp_path):
    blocks = [Heading(1, "养老护理员国家职业技能标准"), Heading(3, "四级/中级工"), header_table("中级")]
    std = parse_file(to_docx(blocks, tmp_path / "same.docx"))
    assert [lv.name for lv in std.levels] == ["四级/中级工"] and std.warnings == []


def test_a_heading_disagreeing_with_the_header_wins_with_a_warning(tmp_path):
    blocks = [Heading(1, TITLE), Heading(3, "中级"), header_table("初级")]
    std = parse_file(to_docx(blocks, tmp_path / "clash.docx"))
    assert [lv.name for lv in std.levels] == ["中级"]
    [warning] = std.warnings
    assert warning.location == "table 1"
    assert "header names level 初级" in warning.problem and "read as level 中级" in warning.problem
    assert "初级" in to_chinese(warning.problem) and "表头" in to_chinese(warning.problem)
    assert to_chinese(warning.hint) != warning.hint


def test_a_row_naming_the_level_above_the_header_wins_too(tmp_path):
    table = header_table("初级")
    table.rows.insert(0, ["高级", "高级", "高级"])
    std = parse_file(to_docx([Heading(1, TITLE), table], tmp_path / "row.docx", merge=False))
    assert [lv.name for lv in std.levels] == ["高级"] and len(std.warnings) == 1


def test_a_point_numbered_twice_without_any_level_says_what_to_add(tmp_path):
    blocks = [Heading(1, TITLE), header_table(""), header_table("")]
    with pytest.raises(ParseError) as caught:
        parse_file(to_docx(blocks, tmp_path / "nolevel.docx"))
    error = caught.value
    assert "no level heading was found" in error.problem and "1.1.1" in error.problem
    assert "职业技能要求（初级）" in error.hint and "heading" in error.hint
    assert error.location == "table 2, row 2"
    assert "1.1.1" in to_chinese(error.problem) and to_chinese(error.hint) != error.hint


def test_a_point_numbered_twice_within_a_level_still_asks_to_check_the_numbering(tmp_path):
    table = header_table("初级")
    table.rows.append(["", "", "1.1.1 能整理图像数据。"])
    with pytest.raises(ParseError, match="appears twice in level 初级"):
        parse_file(to_docx([Heading(1, TITLE), table], tmp_path / "twice.docx"))


def test_a_header_naming_several_levels_names_none():
    from align.parse.standard import header_level

    assert header_level(["工作领域", "职业技能要求（初级）", "职业技能要求（中级）"]) == ""
    assert header_level(["工作领域", None, "技能要求（四级/中级工）"]) == "四级/中级工"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("四级/中级工", "中级", True),
        ("五级", "初级工", True),
        ("高级", "高级技师", False),
        ("中级", "初级", False),
    ],
)
def test_same_level_reads_national_grades_and_their_names_alike(a, b, same):
    assert same_level(a, b) is same


@pytest.mark.parametrize("heading", ["四级/中级工", "高级"])
def test_a_table_going_on_under_the_same_header_keeps_the_level_it_was_read_as(tmp_path, heading):
    # A table broken over pages with its header repeated reads as two tables with one header: the
    # second half stays in the first half's level, even where the heading overrode the header.
    second = header_table("中级")
    second.rows[1] = ["", "1.2 视频采集", "1.2.1 能采集视频数据。"]
    blocks = [Heading(1, TITLE), Heading(3, heading), header_table("中级"), second]
    std = parse_file(to_docx(blocks, tmp_path / "pages.docx", merge=False))
    assert [(lv.name, [p.id for p in lv.points]) for lv in std.levels] == [(heading, ["1.1.1", "1.2.1"])]
    assert len(std.warnings) == (heading == "高级")


def test_a_long_pdf_table_with_the_level_in_its_repeated_header_is_one_level(tmp_path):
    header = ["工作领域", "工作任务", "职业技能要求（中级）"]
    rows = [header] + [
        [
            f"{a}. 领域{a}" if t == 1 else "",
            f"{a}.{t} 任务{a}{t}",
            f"{a}.{t}.1 能完成第{a}领域第{t}项任务的工作并记录。",
        ]
        for a in range(1, 6)
        for t in range(1, 9)
    ]
    blocks = [Heading(1, TITLE), Heading(3, "四级/中级工"), Table(rows)]
    std = parse_file(to_pdf(blocks, tmp_path / "long.pdf", col_widths=WIDTHS, repeat_header=True))
    assert [lv.name for lv in std.levels] == ["四级/中级工"]
    assert len(std.levels[0].points) == 40 and std.warnings == []
