"""Property-based tests (hypothesis) of the text and table parsers, at CI size.

Whatever bytes, text or table they get, the readers and interpreters return documents or raise a
:class:`ParseError`, never anything else; and a standard written as a table, in any of the layouts
colleges use, reads back with exactly its levels, ids and requirements.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from align.documents import Standard, Syllabus, TrainingPlan
from align.errors import ParseError
from align.parse import KINDS, documents_to_json, parse_blocks
from align.parse.blocks import Heading, Paragraph, Table
from align.parse.encoding import decode
from align.parse.markdown import read_markdown_text, strip_comments
from align.parse.tabular import read_csv_text
from tests.contract import validate_parse

CI = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words the interpreters look for, so random documents reach their deep paths, not just "no table".
WORDS = [
    "工作领域", "工作任务", "职业技能要求", "职业功能", "工作内容", "技能要求", "相关知识要求", "等级",
    "级别", "编号", "序号", "初级", "中级", "高级", "四级", "1.", "1.1", "1.1.1", "2.3.4", "1.1.1.1",
    "（1）", "(2)", "①", "一、", "十一、", "项目一", "任务2", "第三章", "单元1", "学时", "（8学时）",
    "课程名称", "课程代码", "总学时", "64", "理论", "实践", "教学内容", "教学要求", "教学单元",
    "课程标准", "职业技能等级标准", "人才培养方案", "适用专业：", "面向职业：", "软件技术", "、", "；",
    "。", "：", " ", "\n", "能安装系统", "掌握原理", "合计", "学分", "开课学期", "课程类型", "第1学期",
    "高级别涵盖低级别", "\t", "|", "<br>", "**", "# ", "- ", "<!--", "-->", "level", "id", "text", ",",
]  # fmt: skip
fragment = st.sampled_from(WORDS) | st.text(max_size=4)
text = st.lists(fragment, max_size=8).map("".join)
cell = st.none() | text
table = st.lists(st.lists(cell, max_size=6), max_size=8).map(Table)
block = st.one_of(
    st.builds(Heading, st.integers(1, 6), text),
    st.builds(Paragraph, text),
    table,
)


def _interpret(blocks, kind):
    try:
        doc = parse_blocks(blocks, "fuzz.md", kind)
    except ParseError as exc:
        assert "\n" not in str(exc).strip(), "an error message is one line"
        return None
    assert isinstance(doc, Standard | Syllabus | TrainingPlan)
    validate_parse(documents_to_json([doc]))
    if isinstance(doc, Standard):
        for level in doc.levels:
            ids = [p.id for p in level.points]
            assert len(ids) == len(set(ids)), "ids are unique within a level"
    return doc


@CI
@given(st.lists(block, max_size=12), st.sampled_from([*KINDS, None]))
def test_any_blocks_make_a_document_or_a_parse_error(blocks, kind):
    _interpret(blocks, kind)


@CI
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=60).map("".join))
def test_any_markdown_text_reads_into_blocks_and_interprets(source):
    blocks = read_markdown_text(source)
    assert all(not isinstance(b, Table) or b.rows for b in blocks)
    _interpret(blocks, None)


@CI
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=60).map("".join))
def test_any_csv_text_reads_into_a_table_or_a_parse_error(source):
    try:
        blocks = read_csv_text(source, "fuzz.csv")
    except ParseError:
        return
    assert len(blocks) == 1 and all(any(row) for row in blocks[0].rows)
    _interpret(blocks, "standard")


@CI
@given(st.binary(max_size=2000))
def test_any_bytes_decode_to_text_or_a_parse_error(data):
    try:
        out = decode(data, "fuzz.txt")
    except ParseError as exc:
        assert "fuzz.txt" in str(exc)
        return
    assert isinstance(out, str)


chinese = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=30)
line = st.lists(
    chinese | st.sampled_from(["，", "。", "1.1", "能", "Linux", " "]), min_size=1, max_size=6
).map("".join)


@CI
@given(
    st.lists(line, min_size=1, max_size=12),
    st.sampled_from(["utf-8", "gbk", "gb18030", "utf-16", "utf-8-sig"]),
)
def test_chinese_text_decodes_back_in_every_office_encoding(lines, encoding):
    source = "\n".join(lines)
    assert decode(source.encode(encoding), "t.txt") == source


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@CI
@given(st.lists(line, min_size=2, max_size=12))
def test_a_file_pieced_together_from_utf8_and_gbk_reads_whole(lines):
    data = b"\n".join(ln.encode("utf-8" if i % 2 else "gbk") for i, ln in enumerate(lines))
    # Mixed means not valid UTF-8 as a whole (a few GBK characters alone can be, and then are UTF-8).
    assume(not _valid_utf8(data))
    assert decode(data, "t.txt") == "\n".join(lines)


@CI
@given(st.lists(st.sampled_from(["<!--", "-->", "a", "-", "<", "!", "\n"]), max_size=40).map("".join))
def test_comments_are_stripped_as_the_regular_expression_did(source):
    assert strip_comments(source) == re.sub(r"<!--.*?-->", "", source, flags=re.DOTALL)


# --- round trip: a standard written as a table reads back exactly -----------------------------------
requirement = st.lists(chinese, min_size=1, max_size=3).map(lambda parts: "能" + "，".join(parts) + "。")


@st.composite
def standards(draw):
    """Levels → work areas → tasks → requirements, numbered as 1+X standards number them."""
    levels = draw(st.lists(st.sampled_from(["初级", "中级", "高级"]), min_size=1, max_size=3, unique=True))
    out = []
    for level in levels:
        areas = []
        for a in range(1, draw(st.integers(1, 3)) + 1):
            tasks = []
            for t in range(1, draw(st.integers(1, 3)) + 1):
                points = draw(st.lists(requirement, min_size=1, max_size=4))
                tasks.append((f"{a}.{t} 任务{a}{t}", [(f"{a}.{t}.{p}", x) for p, x in enumerate(points, 1)]))
            areas.append((f"{a}. 领域{a}", tasks))
        out.append((level, areas))
    return out


def _expected(std):
    return [(level, [p for _, tasks in areas for _, pts in tasks for p in pts]) for level, areas in std]


def _read(std_doc):
    return [(lv.name, [(p.id, p.text) for p in lv.points]) for lv in std_doc.levels]


def _markdown(std, one_cell: bool) -> str:
    out = ["# 测试职业技能等级标准", ""]
    for level, areas in std:
        out += [f"## {level}", "", "| 工作领域 | 工作任务 | 职业技能要求 |", "|---|---|---|"]
        for area, tasks in areas:
            for t, (task, points) in enumerate(tasks):
                cells = [f"{i} {x}" for i, x in points]
                rows = ["<br>".join(cells)] if one_cell else cells
                for r, content in enumerate(rows):
                    first = r == 0
                    out.append(
                        f"| {area if first and t == 0 else ''} | {task if first else ''} | {content} |"
                    )
        out.append("")
    return "\n".join(out)


def _csv(std) -> str:
    rows = ["level,id,work_area,task,text"]
    for level, areas in std:
        for area, tasks in areas:
            for task, points in tasks:
                rows += [f"{level},{i},{area},{task},{x}" for i, x in points]
    return "\n".join(rows)


@CI
@given(standards(), st.booleans())
def test_a_standard_table_in_markdown_reads_back_exactly(std, one_cell):
    doc = parse_blocks(read_markdown_text(_markdown(std, one_cell)), "s.md", "standard")
    assert _read(doc) == _expected(std)


@CI
@given(standards())
def test_a_standard_table_in_csv_reads_back_exactly(std):
    doc = parse_blocks(read_csv_text(_csv(std), "s.csv"), "s.csv", "standard")
    assert _read(doc) == _expected(std)


@pytest.mark.parametrize(
    "line",
    [
        "# " + " " * 50_000 + "x",
        "**a" * 30_000,
        "|" + " :--: |" * 12_000 + " x",
        "1." * 40_000,
        "(1" * 40_000,
        "<!--" * 25_000,
        "a\t" * 40_000,
    ],
    ids=["heading-spaces", "emphasis", "separator", "numbers", "brackets", "comments", "tabs"],
)
def test_long_hostile_lines_parse_in_linear_time(line):
    """Lines up to the line limit (100,000 characters) that would make a careless regex backtrack."""
    import time

    start = time.monotonic()
    blocks = read_markdown_text("# 课程标准\n\n" + line + "\n")
    for kind in KINDS:
        _interpret(blocks, kind)
    assert time.monotonic() - start < 10


PUNCT_HEAVY = st.lists(
    st.sampled_from(
        ["。", "；", ";", "！", "？", "!", "?", "…", "”", "」", " ", "\u3000", "掌握", "HTML", "1. ", "\n"]
    )
    | st.text(max_size=3),
    max_size=10,
).map("".join)


@CI
@given(st.lists(PUNCT_HEAVY, max_size=4))
def test_content_items_match_spacy_on_every_piece(texts):
    """Pieces that end in their only sentence marks skip spaCy; the items must be what spaCy gives."""
    from align.parse.items import _pieces, _pipeline, _tidy, split_content

    expected = []
    for t in texts:
        docs = _pipeline().pipe(_pieces(t))
        expected.append([s for doc in docs for s in map(_tidy, (x.text for x in doc.sents)) if len(s) >= 2])
    assert split_content(texts) == expected
