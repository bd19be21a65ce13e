"""PDF documents typeset by reportlab (CID font STSong-Light): tables across pages, merged cells,
wrapped lines, running headers and page numbers, tables without ruling lines, and the PDFs that
cannot be read."""

from __future__ import annotations

import pytest

from align.errors import ParseError, ParseWarning
from align.parse import document_to_json, parse_file
from align.parse.blocks import Heading, Paragraph, Table
from align.parse.limits import ParseLimits
from align.parse.pdf_lines import Line, join_lines, resolve_joins
from align.parse.pdf_reader import read_pdf
from tests.parse_docgen import scanned_pdf, to_pdf

H1X = ["工作领域", "工作任务", "职业技能要求"]
WIDTHS = {3: [35, 35, 100], 4: [25, 25, 60, 60]}


def long_standard() -> tuple[list, list[tuple[str, str, str, str]]]:
    """A two-level standard whose first table runs over several pages, and its expected points."""
    rows, expected = [H1X], []
    for a in range(1, 4):
        for t in range(1, 4):
            for k in range(1, 5):
                pid = f"{a}.{t}.{k}"
                text = f"能根据第{a}领域第{t}项任务的要求，使用HTML5、CSS3和JavaScript完成第{k}项工作并记录结果。"
                rows.append(
                    [
                        f"{a}. 领域{a}" if t == k == 1 else "",
                        f"{a}.{t} 任务{a}{t}" if k == 1 else "",
                        f"{pid} {text}",
                    ]
                )
                expected.append((pid, text, f"领域{a}", f"任务{a}{t}"))
    blocks = [
        Heading(1, "Web前端开发职业技能等级标准"),
        Heading(2, "职业技能等级要求"),
        Heading(3, "初级"),
        Table(rows),
        Heading(3, "中级"),
        Table([H1X, ["1. 框架开发", "1.1 Vue基础", "1.1.1 能使用Vue指令实现数据绑定。"]]),
    ]
    return blocks, expected


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_table_across_pages_with_merged_cells_and_wrapped_lines(tmp_path, repeat_header):
    blocks, expected = long_standard()
    path = to_pdf(
        blocks,
        tmp_path / "web.pdf",
        repeat_header=repeat_header,
        col_widths=WIDTHS,
        running_header="Web前端开发职业技能等级标准",
        page_numbers=True,
    )
    std = parse_file(path)
    assert std.name == "Web前端开发职业技能等级标准"
    assert [lv.name for lv in std.levels] == ["初级", "中级"]
    assert [(p.id, p.text, p.work_area, p.task) for p in std.levels[0].points] == expected
    assert [p.id for p in std.levels[1].points] == ["1.1.1"]


def test_national_standard_with_numbered_lines_in_cells(tmp_path):
    header = ["职业功能", "工作内容", "技能要求", "相关知识要求"]
    skills = (
        "1.1.1 能根据老年人的身体状况，为其摆放坐位、半坐卧位等进食体位。\n1.1.2 能协助老年人进食、进水。"
    )
    knowledge = "1.1.1 老年人进食体位的种类及摆放要求。\n1.1.2 膳食营养。"
    blocks = [
        Heading(1, "养老护理员国家职业技能标准"),
        Heading(3, "五级/初级工"),
        Table([header, ["1. 生活照护", "1.1 饮食照护", skills, knowledge]]),
    ]
    std = parse_file(to_pdf(blocks, tmp_path / "care.pdf", col_widths=WIDTHS))
    assert [(p.id, p.text, p.knowledge) for p in std.levels[0].points] == [
        (
            "1.1.1",
            "能根据老年人的身体状况，为其摆放坐位、半坐卧位等进食体位。",
            ("老年人进食体位的种类及摆放要求", "膳食营养"),
        ),
        ("1.1.2", "能协助老年人进食、进水。", ("老年人进食体位的种类及摆放要求", "膳食营养")),
    ]
    assert std.levels[0].name == "五级/初级工"


def test_syllabus_with_unit_headings_set_in_larger_type(tmp_path):
    long_item = "使用pandas读取CSV和Excel文件，完成缺失值、重复值和异常值的识别与处理，并把清洗结果写回数据库"
    blocks = [
        Heading(1, "《Python数据分析》课程标准"),
        Heading(2, "一、课程基本信息"),
        Table([["课程名称", "Python数据分析", "课程代码", "0611"], ["学分", "3", "总学时", "48"]]),
        Heading(2, "二、课程内容与学时安排"),
        Heading(3, "项目一 数据读取与清洗（8学时）"),
        Paragraph("教学内容："),
        Paragraph(f"1. {long_item}；"),
        Paragraph("2. 使用NumPy进行数组运算。"),
        Paragraph("教学要求：能独立完成数据清洗。"),
        Heading(3, "项目二 数据可视化（6学时）"),
        Paragraph("教学内容：Matplotlib绘图；Seaborn统计图。"),
        Heading(2, "三、考核评价"),
        Paragraph("过程考核占50%。"),
    ]
    syl = parse_file(to_pdf(blocks, tmp_path / "py.pdf"))
    assert (syl.course, syl.code, syl.hours.total) == ("Python数据分析", "0611", 48)
    assert [(u.title, u.hours) for u in syl.units] == [("项目一 数据读取与清洗", 8), ("项目二 数据可视化", 6)]
    assert syl.units[0].items == [long_item, "使用NumPy进行数组运算", "能独立完成数据清洗"]
    assert syl.units[1].items == ["Matplotlib绘图", "Seaborn统计图"]


def test_a_password_protected_pdf(tmp_path):
    blocks, _ = long_standard()
    path = to_pdf(blocks[:4], tmp_path / "locked.pdf", encrypt="secret")
    with pytest.raises(ParseError, match="password-protected"):
        parse_file(path)


def test_a_scanned_pdf_has_no_text_layer(tmp_path):
    with pytest.raises(ParseError, match="no text layer"):
        parse_file(scanned_pdf(tmp_path / "scan.pdf"))


def test_a_damaged_pdf(tmp_path):
    blocks, _ = long_standard()
    data = to_pdf(blocks[:4], tmp_path / "good.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[:400])
    with pytest.raises(ParseError, match="PDF"):
        parse_file(tmp_path / "cut.pdf")
    (tmp_path / "fake.pdf").write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(ParseError, match="not a PDF file"):
        parse_file(tmp_path / "fake.pdf")


def test_an_empty_pdf(tmp_path):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "blank.pdf"))
    c.showPage()
    c.save()
    with pytest.raises(ParseError, match="the PDF has no text"):
        parse_file(tmp_path / "blank.pdf")


def _line(text: str, x1: float, size: float = 9.0) -> Line:
    return Line(text, 0.0, x1, 0.0, size, size, first_word=4 * size, first_char=0.45 * size)


@pytest.mark.parametrize(
    "above, below, joined",
    [
        # a number that closes the bracket opened above continues the item, and stays one number
        ("储运包装条码（ITF-1", "4）与物流单元条码", "储运包装条码（ITF-14）与物流单元条码"),
        # the rest of an identifier, even where the line had room for another letter
        ("MC_Home、MC_Mo", "veAbsolute等指令", "MC_Home、MC_MoveAbsolute等指令"),
    ],
)
def test_wrapped_lines_inside_a_cell_join_up(above, below, joined):
    text = join_lines([_line(above, 94.0), _line(below, 60.0)], right=100.0)
    assert resolve_joins([Paragraph(text)])[0].text == joined


def test_a_numbered_line_after_a_closed_bracket_is_a_new_item():
    text = join_lines(
        [_line("条码（ITF-14）的编码规则", 98.0), _line("2）手持终端的使用", 60.0)], right=100.0
    )
    assert text == "条码（ITF-14）的编码规则\n2）手持终端的使用"


# --- tables without ruling lines ---------------------------------------------------------------
# Each is typeset twice, ruled and borderless, and must give the same points. Word exports a
# table with no space above and below the cells' text (padding 0); reportlab leaves 3 points.


def _points(doc) -> list[tuple]:
    return [(lv.name, p.id, p.text, p.work_area, p.task, p.knowledge) for lv in doc.levels for p in lv.points]


def _read_both(blocks, tmp_path, **layout) -> tuple[object, object]:
    """The document typeset ruled and borderless (``layout``: padding, valign …)."""
    common = {k: v for k, v in layout.items() if k in ("repeat_header", "page_numbers", "running_header")}
    ruled = parse_file(to_pdf(blocks, tmp_path / "ruled.pdf", col_widths=WIDTHS, **common))
    borderless = parse_file(
        to_pdf(blocks, tmp_path / "borderless.pdf", grid=False, col_widths=WIDTHS, **layout)
    )
    return ruled, borderless


@pytest.mark.parametrize("padding", [3, 0])
@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_borderless_table_reads_as_its_ruled_twin(tmp_path, padding, repeat_header):
    # Every requirement wraps onto a second line of its column, each 工作领域 is written once
    # for twelve rows, and the table runs over pages under a running header.
    blocks, expected = long_standard()
    ruled, borderless = _read_both(
        blocks, tmp_path, padding=padding, repeat_header=repeat_header,
        page_numbers=True, running_header="Web前端开发职业技能等级标准",
    )  # fmt: skip
    assert [(p.id, p.text, p.work_area, p.task) for p in borderless.levels[0].points] == expected
    assert _points(borderless) == _points(ruled)


def national_standard() -> list:
    """A national standard: per 工作内容 one row, several 技能要求 beside several 相关知识要求."""
    rows: list[list[str]] = [["职业功能", "工作内容", "技能要求", "相关知识要求"]]
    for a in range(1, 3):
        for t in range(1, 3):
            skills = [
                f"{a}.{t}.{k} 能按照第{a}{t}项操作规程完成第{k}项照护操作，并做好观察记录。"
                for k in range(1, 4)
            ]
            knowledge = [f"{i}. 第{a}{t}项照护的相关知识{i}" for i in range(1, 5)]
            area = f"{a}. 生活照护{a}" if t == 1 else ""
            rows.append([area, f"{a}.{t} 照护内容{a}{t}", "\n".join(skills), "\n".join(knowledge)])
    return [Heading(1, "养老护理员国家职业技能标准"), Heading(3, "五级/初级工"), Table(rows)]


@pytest.mark.parametrize("padding", [3, 0])
def test_a_borderless_national_standard_keeps_each_rows_knowledge(tmp_path, padding):
    ruled, borderless = _read_both(national_standard(), tmp_path, padding=padding)
    assert len(ruled.levels[0].points) == 12
    assert _points(borderless) == _points(ruled)


@pytest.mark.parametrize("padding", [3, 0])
def test_numbered_cells_centred_on_their_rows_go_to_their_first_row(tmp_path, padding):
    # Word centres a merged 工作领域 on the rows it spans; its number tells where they start.
    blocks, expected = long_standard()
    ruled, borderless = _read_both(blocks, tmp_path, padding=padding, valign="MIDDLE")
    assert [(p.id, p.text, p.work_area, p.task) for p in borderless.levels[0].points] == expected
    assert _points(borderless) == _points(ruled)
    met: list[ParseWarning] = []
    read_pdf(tmp_path / "borderless.pdf", on_warning=met.append)
    assert met == []


def test_each_page_whose_rows_can_only_be_guessed_is_named_in_one_warning(tmp_path):
    # Unnumbered 工作领域 and 工作任务 centred on their rows: which rows they span is a guess.
    rows = [H1X]
    for a, area in enumerate(["网页设计", "交互开发"], start=1):
        for t in range(1, 4):
            for k in range(1, 4):
                text = f"{a}.{t}.{k} 能完成第{a}领域第{t}项任务的第{k}项工作，并按规范记录过程和结果。"
                rows.append([area if t == k == 1 else "", f"任务{a}{t}" if k == 1 else "", text])
    blocks = [Heading(1, "Web前端开发职业技能等级标准"), Heading(3, "初级"), Table(rows)]
    path = to_pdf(blocks, tmp_path / "centred.pdf", grid=False, col_widths=WIDTHS, valign="MIDDLE")
    met: list[ParseWarning] = []
    read_pdf(path, on_warning=met.append)
    assert met and [w.location for w in met] == [f"page {n}" for n in range(1, len(met) + 1)]
    assert all(
        w.source.endswith("centred.pdf") and "guessed" in w.problem and "Word original" in w.hint for w in met
    )
    # A parsed document carries them, read in a child process or here.
    for isolate in (True, False):
        doc = parse_file(path, limits=ParseLimits(isolate=isolate))
        assert [str(w) for w in doc.warnings] == [str(w) for w in met]


@pytest.mark.parametrize("paragraphs", [30, 44])
def test_a_header_row_left_alone_at_the_foot_of_a_page(tmp_path, paragraphs):
    # The first 工作领域 spans twelve rows, which do not fit under the header: the header row stays
    # at the foot of the page (anywhere from its middle to its last line), the rows go to the next.
    blocks, expected = long_standard()
    filler = [Paragraph(f"第{i}条说明。") for i in range(paragraphs)]
    blocks = [*blocks[:3], *filler, *blocks[3:]]
    path = to_pdf(blocks, tmp_path / "orphan.pdf", grid=False, col_widths=WIDTHS, repeat_header=False)
    std = parse_file(path)
    assert [(p.id, p.text, p.work_area, p.task) for p in std.levels[0].points] == expected


def test_a_borderless_syllabus_reads_as_its_ruled_twin(tmp_path):
    content = [["序号", "教学单元", "教学内容", "教学要求", "学时"]]
    for n, (unit, hours) in enumerate([("项目一 数据读取与清洗", 8), ("项目二 数据可视化", 6)], start=1):
        items = "；".join(f"{i}. 第{n}单元第{i}项教学内容，使用pandas完成数据处理" for i in range(1, 4))
        content.append([str(n), unit, items + "。", f"能独立完成第{n}单元的全部任务并提交报告。", str(hours)])
    blocks = [
        Heading(1, "《Python数据分析》课程标准"),
        Heading(2, "一、课程基本信息"),
        Table([["课程名称", "Python数据分析", "课程代码", "0611"], ["学分", "3", "总学时", "14"]]),
        Heading(2, "二、课程内容与学时安排"),
        Table(content),
    ]
    for padding in (3, 0):
        ruled = parse_file(to_pdf(blocks, tmp_path / "ruled.pdf"))
        borderless = parse_file(
            to_pdf(blocks, tmp_path / f"borderless{padding}.pdf", grid=False, padding=padding)
        )
        assert (borderless.course, borderless.code, len(borderless.units)) == ("Python数据分析", "0611", 2)
        assert {**document_to_json(borderless), "source": ""} == {**document_to_json(ruled), "source": ""}


@pytest.mark.slow
@pytest.mark.parametrize("padding", [3, 0])
def test_every_corpus_standard_reads_the_same_borderless(tmp_path, padding):
    from tests.test_parse_corpora import STANDARDS, _blocks, _original

    for path in STANDARDS:
        blocks = _blocks(path, _original(path))
        ruled = parse_file(to_pdf(blocks, tmp_path / "ruled.pdf", page_numbers=True))
        borderless = parse_file(
            to_pdf(blocks, tmp_path / "borderless.pdf", grid=False, page_numbers=True, padding=padding)
        )
        assert _points(borderless) == _points(ruled), path.name
