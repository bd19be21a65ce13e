"""The bundled corpora parse, and parse the same when typeset as Word and PDF documents.

Every standard (Markdown and tabular) and every syllabus is rendered to .docx, every standard and
a sample of syllabi to .pdf (all of them under ``-m slow``); parsing the rendering must give the
same levels, point ids, texts, 工作领域/工作任务 and knowledge, and the same units, hours and items.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from align.documents import Standard, Syllabus
from align.parse import document_to_json, expand_paths, parse_file
from align.parse.blocks import Block, Heading, Paragraph, Table
from align.parse.read import read_blocks
from tests.parse_docgen import to_docx, to_pdf

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
STANDARDS = expand_paths([CORPORA / "standards"]) if (CORPORA / "standards").exists() else []
SYLLABI = expand_paths([CORPORA / "syllabi"]) if (CORPORA / "syllabi").exists() else []
PDF_SAMPLE = SYLLABI[::4]


@functools.cache
def _original(path: Path):
    return parse_file(path)


def _structure(doc) -> dict:
    data = document_to_json(doc)
    data.pop("source")
    return data


def _standard_blocks(std: Standard) -> list[Block]:
    """A tabular standard typeset the way its Word original would be: a numbered table per level."""
    national = any(p.knowledge for lv in std.levels for p in lv.points)
    header = ["工作领域", "工作任务", "职业技能要求"] + (["相关知识要求"] if national else [])
    blocks: list[Block] = [
        Heading(1, std.name),
        Heading(2, "适用院校专业"),
        Paragraph("、".join(std.majors)),
        Heading(2, "面向职业岗位（群）"),
        Paragraph("、".join(std.occupations)),
        Heading(2, "职业技能等级要求"),
    ]
    if std.cumulative:
        blocks.append(Paragraph("高级别涵盖低级别要求。"))
    for level in std.levels:
        rows: list[list[str | None]] = [list(header)]
        area = task = ""
        for p in level.points:
            a_no, t_no = p.id.split(".")[0], ".".join(p.id.split(".")[:2])
            row = [
                f"{a_no}. {p.work_area}" if p.work_area != area else "",
                f"{t_no} {p.task}" if (p.work_area, p.task) != (area, task) else "",
                f"{p.id} {p.text}",
            ]
            if national:
                row.append("\n".join(f"{i}. {k}" for i, k in enumerate(p.knowledge, 1)))
            rows.append(row)
            area, task = p.work_area, p.task
        blocks += [Heading(3, level.name), Table(rows)]
    return blocks


def _blocks(path: Path, doc) -> list[Block]:
    if path.suffix == ".md":
        return read_blocks(path)
    assert isinstance(doc, Standard)
    return _standard_blocks(doc)


@pytest.mark.skipif(not STANDARDS or not SYLLABI, reason="corpora not present")
def test_the_bundled_corpora_parse():
    standards = [_original(p) for p in STANDARDS]
    assert all(isinstance(s, Standard) for s in standards)
    for std in standards:
        assert len(std.levels) >= 2, std.source
        assert all(len(lv.points) >= 25 for lv in std.levels), std.source
        assert std.majors, std.source
    for path in SYLLABI:
        syl = _original(path)
        assert isinstance(syl, Syllabus) and syl.units, path
        assert all(u.items for u in syl.units), path
        assert syl.hours.total, path


@pytest.mark.parametrize("path", STANDARDS + SYLLABI, ids=lambda p: p.name)
def test_corpus_document_parses_the_same_from_word(tmp_path, path):
    original = _original(path)
    rendered = to_docx(_blocks(path, original), tmp_path / f"{path.stem}.docx")
    assert _structure(parse_file(rendered)) == _structure(original)


@pytest.mark.parametrize("path", STANDARDS + PDF_SAMPLE, ids=lambda p: p.name)
def test_corpus_document_parses_the_same_from_pdf(tmp_path, path):
    original = _original(path)
    rendered = to_pdf(_blocks(path, original), tmp_path / f"{path.stem}.pdf", page_numbers=True)
    assert _structure(parse_file(rendered)) == _structure(original)


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in SYLLABI if p not in PDF_SAMPLE], ids=lambda p: p.name)
def test_every_corpus_syllabus_parses_the_same_from_pdf(tmp_path, path):
    original = _original(path)
    rendered = to_pdf(_blocks(path, original), tmp_path / f"{path.stem}.pdf", page_numbers=True)
    assert _structure(parse_file(rendered)) == _structure(original)
