"""What a standard's parser leaves out is said, never dropped silently: a requirement with a number but
no text, a level with an empty table. And a table without an id column still reads every requirement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from align import cli
from align.errors import ParseError, ParseWarning
from align.parse import parse_file, warnings_of
from align.parse.numbering import split_numbered
from tests.test_parse_markdown import STANDARD_1X

CORPORA = Path(__file__).resolve().parent.parent / "corpora"

NO_TEXT = "has a number but no text; the point is left out — fill in its text in the standard"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def ids(standard) -> dict[str, list[str]]:
    return {lv.name: [p.id for p in lv.points] for lv in standard.levels}


def messages(doc) -> list[str]:
    return [str(w) for w in doc.warnings]


# -- a number without text ------------------------------------------------------------------------
def test_a_table_row_with_a_number_and_no_text_is_left_out_with_a_warning(tmp_path):
    text = STANDARD_1X.replace("1.1.2 能使用列表、超链接和图像组织网页内容。", "1.1.2")
    path = write(tmp_path, "std.md", text)
    std = parse_file(path)
    assert ids(std)["初级"] == ["1.1.1", "1.2.1", "1.2.2", "2.1.1", "2.1.2"]
    assert messages(std) == [f"{path} (table 1, row 3): skill point 1.1.2 of level 初级 {NO_TEXT}"]
    warning = std.warnings[0]
    assert isinstance(warning, ParseWarning) and warning.location == "table 1, row 3"


def test_a_number_alone_on_a_line_of_a_cell_is_left_out_with_a_warning(tmp_path):
    text = STANDARD_1X.replace("1.2.1 能运用CSS盒子模型设置元素尺寸。<br>", "1.2.1<br>")
    std = parse_file(write(tmp_path, "std.md", text))
    assert "1.2.1" not in ids(std)["初级"] and "1.2.2" in ids(std)["初级"]
    assert messages(std) == [
        f"{tmp_path / 'std.md'} (table 1, row 4): skill point 1.2.1 of level 初级 {NO_TEXT}"
    ]


def test_an_id_whose_text_cell_is_empty_is_left_out_with_a_warning(tmp_path):
    csv = (
        "level,id,work_area,task,text\n"
        "初级,1.1.1,网页,结构,能搭建页面。\n"
        "初级,1.1.2,网页,结构,\n"
        "初级,1.1.3,网页,结构,1.1.3\n"  # the number repeated in the text cell, and nothing else
        "中级,1.1.1,网页,结构,能设计页面。\n"
    )
    std = parse_file(write(tmp_path, "std.csv", csv))
    assert ids(std) == {"初级": ["1.1.1"], "中级": ["1.1.1"]}
    assert [(w.location, w.problem.split(" has")[0]) for w in std.warnings] == [
        ("table 1, row 3", "skill point 1.1.2 of level 初级"),
        ("table 1, row 4", "skill point 1.1.3 of level 初级"),
    ]


def test_split_numbered_keeps_a_number_without_text():
    parts = split_numbered("1.1.1 能搭建页面。\n1.1.2\n1.1.3 能设计页面。")
    assert [(n.dotted, t) for n, t in parts] == [
        ("1.1.1", "能搭建页面。"),
        ("1.1.2", ""),
        ("1.1.3", "能设计页面。"),
    ]


# -- a level without requirements -------------------------------------------------------------------
EMPTY_TABLE = "| 工作领域 | 工作任务 | 职业技能要求 |\n|---|---|---|\n"


def test_a_level_whose_table_is_empty_is_left_out_with_a_warning(tmp_path):
    text = STANDARD_1X + "\n### 高级\n" + EMPTY_TABLE
    path = write(tmp_path, "std.md", text)
    std = parse_file(path)
    assert list(ids(std)) == ["初级", "中级"]
    assert messages(std) == [
        f"{path} (table 3): level 高级 has no skill points (its requirement table is empty); the level is "
        "left out — fill in the level's requirements in the standard"
    ]


def test_a_level_heading_without_a_table_after_the_others_is_left_out_with_a_warning(tmp_path):
    std = parse_file(write(tmp_path, "std.md", STANDARD_1X + "\n### 高级\n（待补充）\n"))
    assert list(ids(std)) == ["初级", "中级"]
    assert messages(std) == [
        f"{tmp_path / 'std.md'}: level 高级 has no skill points (no requirement table follows it); the level "
        "is left out — fill in the level's requirements in the standard"
    ]


def test_level_names_in_the_preamble_are_no_levels_left_out(tmp_path):
    preamble = "# Web前端开发职业技能等级标准\n\n## 职业技能等级\n### 初级\n### 中级\n### 高级\n\n"
    std = parse_file(
        write(tmp_path, "std.md", STANDARD_1X.replace("# Web前端开发职业技能等级标准\n", preamble))
    )
    assert list(ids(std)) == ["初级", "中级"] and std.warnings == []


def test_tables_that_hold_no_requirement_at_all_are_an_error_saying_so(tmp_path):
    with pytest.raises(ParseError, match="the skill requirement tables hold no requirements"):
        parse_file(write(tmp_path, "std.csv", "level,id,work_area,task,text\n"), kind="standard")


BUNDLED = sorted(p for p in (CORPORA / "standards").iterdir() if p.suffix in (".md", ".csv"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_the_bundled_standards_read_without_warnings(path):
    assert parse_file(path, kind="standard").warnings == []


# -- tabular standards: ids and columns -------------------------------------------------------------
def test_a_table_repeating_its_task_on_every_row_numbers_its_requirements_in_turn(tmp_path):
    # A CSV or a sheet writes the 工作领域 and 工作任务 on every row: the same task, not a new one.
    csv = (
        "level,work_area,task,text\n"
        "初级,1. 票据处理,1.1 票据整理,能分类整理票据。\n"
        "初级,1. 票据处理,1.1 票据整理,能审核原始凭证。\n"
        "初级,1. 票据处理,1.2 智能记账,能建立账套。\n"
        "初级,2. 报表,2.1 报表编制,能编制资产负债表。\n"
    )
    std = parse_file(write(tmp_path, "tax.csv", csv))
    assert ids(std) == {"初级": ["1.1.1", "1.1.2", "1.2.1", "2.1.1"]} and std.warnings == []


def test_a_missing_id_between_printed_ones_takes_the_next_free_number(tmp_path):
    csv = (
        "level,id,work_area,task,text\n初级,1.1.1,a,b,能做甲。\n初级,,a,b,能做乙。\n初级,1.1.3,a,b,能做丙。\n"
    )
    assert ids(parse_file(write(tmp_path, "std.csv", csv))) == {"初级": ["1.1.1", "1.1.2", "1.1.3"]}


@pytest.mark.parametrize("kind", [None, "standard"])
def test_a_tabular_standard_without_a_text_column_names_its_columns_and_the_one_needed(tmp_path, kind):
    path = write(tmp_path, "std.csv", "level,id,work_area,task,knowledge\n初级,1.1.1,网页,结构,HTML\n")
    with pytest.raises(ParseError) as err:
        parse_file(path, kind=kind)
    assert str(err.value) == (
        f"{path}: no requirement text column: the columns are level, id, work_area, task, knowledge — add a "
        "职业技能要求 (text) column holding each requirement; a standard in CSV or Excel has the header "
        "level,id,work_area,task,text,knowledge"
    )


def test_a_tabular_standard_with_only_a_text_column_names_the_ones_needed(tmp_path):
    path = write(tmp_path, "std.csv", "等级,职业技能要求\n初级,能搭建页面。\n")
    with pytest.raises(
        ParseError,
        match=r"no 编号 \(id\), 工作领域 \(work_area\) or 工作任务 \(task\) column: "
        r"the columns are 等级, 职业技能要求 — add the requirements' numbers",
    ):
        parse_file(path, kind="standard")


# -- the command line ---------------------------------------------------------------------------------
@pytest.fixture
def parse_only(monkeypatch):
    monkeypatch.setattr(cli, "COMMANDS", ["parse"])


def test_align_parse_prints_the_warnings_on_stderr_and_keeps_stdout_json(tmp_path, parse_only, capsys):
    path = write(
        tmp_path, "std.md", STANDARD_1X.replace("1.1.2 能使用列表、超链接和图像组织网页内容。", "1.1.2")
    )
    assert cli.main(["parse", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out)["documents"][0]["levels"][0]["points"]) == 5
    assert err == f"align: warning: {path} (table 1, row 3): skill point 1.1.2 of level 初级 {NO_TEXT}\n"


def test_warnings_of_lists_every_documents_warnings_in_order(tmp_path):
    a = parse_file(write(tmp_path, "a.md", STANDARD_1X + "\n### 高级\n" + EMPTY_TABLE))
    b = parse_file(
        write(tmp_path, "b.md", STANDARD_1X.replace("1.1.2 能使用列表、超链接和图像组织网页内容。", "1.1.2"))
    )
    assert [w.source for w in warnings_of([a, b])] == [str(tmp_path / "a.md"), str(tmp_path / "b.md")]


def test_the_same_task_written_again_under_another_level_starts_its_numbering_again(tmp_path):
    csv = (
        "level,work_area,task,text\n"
        "初级,1. 生活照护,1.1 饮食照护,能摆放进食体位。\n"
        "初级,1. 生活照护,1.1 饮食照护,能协助进食。\n"
        "中级,1. 生活照护,1.1 饮食照护,能调配增稠食物。\n"
    )
    assert ids(parse_file(write(tmp_path, "care.csv", csv))) == {
        "初级": ["1.1.1", "1.1.2"],
        "中级": ["1.1.1"],
    }
