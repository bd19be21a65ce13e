"""ParseLimits: every limit holds, in the isolated reader and in-process, with a message that says how to raise it."""

from __future__ import annotations

import multiprocessing
import time
import zipfile
from pathlib import Path

import pytest

from align.errors import ConfigError, ParseError
from align.parse import ParseLimits, parse_file
from align.parse.read import read_blocks
from align.tables import from_table
from tests.badinput import (
    STANDARD_MD,
    W_NS,
    deflated,
    minimal_docx,
    pdf_dense_page,
    pdf_flate_bomb,
    pdf_pages,
    write_zip,
    xlsx_file,
)

BOTH = pytest.mark.parametrize("isolate", [True, False], ids=["isolated", "in-process"])


def test_defaults_fit_a_24_gb_machine_and_bad_values_are_config_errors():
    limits = ParseLimits()
    assert limits.memory_mb * 4 <= 24 * 1024  # four readers at once still leave room
    assert limits.isolate
    with pytest.raises(ConfigError, match="timeout_s must be a positive number"):
        ParseLimits(timeout_s=0)
    with pytest.raises(ConfigError, match="isolate must be true or false"):
        ParseLimits(isolate="yes")
    assert from_table(ParseLimits, {"max_pages": 10}, "align.toml [parse]").max_pages == 10
    with pytest.raises(ConfigError, match=r"unknown setting\(s\) max_page;"):
        from_table(ParseLimits, {"max_page": 10}, "align.toml [parse]")
    with pytest.raises(ConfigError, match=r"align\.toml \[parse\]: max_pages must be a positive"):
        from_table(ParseLimits, {"max_pages": -1}, "align.toml [parse]")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("limits")
    return {
        "pages": pdf_pages(root / "pages.pdf", 30),
        "dense": pdf_dense_page(root / "dense.pdf", 3000),
        "flate": pdf_flate_bomb(root / "flate.pdf", size=512 * 2**20),
    }


def _readers() -> list:
    """Child processes that are document readers: joblib's reusable worker pool (started by batch
    tests earlier in the same session) is not one of them."""
    return [p for p in multiprocessing.active_children() if "Loky" not in p.name]


def _no_children_left():
    assert _readers() == []


@BOTH
def test_a_pdf_with_too_many_pages(files, isolate):
    with pytest.raises(ParseError, match=r"number of pages is 30 \(the limit is 10\) — .*max_pages"):
        read_blocks(files["pages"], ParseLimits(max_pages=10, isolate=isolate))


@BOTH
def test_a_page_with_too_many_characters(files, isolate):
    with pytest.raises(ParseError, match=r"\(page 1\): the number of characters on one page is 3,000"):
        read_blocks(files["dense"], ParseLimits(max_page_chars=1000, isolate=isolate))


@BOTH
def test_a_pdf_page_that_inflates_to_hundreds_of_megabytes(files, isolate):
    start = time.monotonic()
    with pytest.raises(ParseError, match=r"\(page 1\): the page's content unpacks to more than 64 MB"):
        read_blocks(files["flate"], ParseLimits(isolate=isolate))
    assert time.monotonic() - start < 20  # measured in bounded pieces, not inflated whole


def test_the_time_limit_kills_the_reader(files):
    # With the stream check raised out of the way, pdfminer lexes 512 MB of content: a page that
    # would take many minutes.
    start = time.monotonic()
    with pytest.raises(ParseError, match=r"reading took longer than 1 s \(the limit\) — .*timeout_s"):
        read_blocks(files["flate"], ParseLimits(timeout_s=1, max_stream_mb=10_000))
    assert time.monotonic() - start < 60  # killed, not left to run for minutes
    _no_children_left()


def test_the_memory_limit_stops_the_reader(files):
    # With the stream check raised out of the way, pdfminer inflates the 512 MB stream itself.
    limits = ParseLimits(max_stream_mb=10_000, memory_mb=256)
    with pytest.raises(ParseError, match=r"needs more than 256 MB of memory \(the limit\).* — .*memory_mb"):
        read_blocks(files["flate"], limits)
    _no_children_left()


def test_a_reader_that_crashes_is_one_parse_error(files):
    """A segfault in a C library (or the system's OOM killer) ends the reader, not the caller."""
    import os
    import signal
    import threading

    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_blocks(files["flate"], ParseLimits(timeout_s=60, max_stream_mb=10_000))
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    deadline = time.monotonic() + 20
    while not (children := _readers()) and time.monotonic() < deadline:
        time.sleep(0.05)
    (child,) = children
    time.sleep(0.3)
    os.kill(child.pid, signal.SIGSEGV)
    reader.join(20)
    (err,) = outcome
    assert isinstance(err, ParseError)
    assert "the reader stopped on this file (exit code -11); it is probably damaged — open it" in str(err)
    _no_children_left()


def _read_in_daemon(path: str, queue) -> None:
    try:
        queue.put(("ok", len(read_blocks(Path(path)))))
    except Exception as exc:
        queue.put(("error", repr(exc)))


def test_inside_a_daemonic_worker_documents_are_read_in_process(files):
    """Pool workers may not start children: reading falls back to in-process, it does not fail."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    worker = ctx.Process(target=_read_in_daemon, args=(str(files["pages"]), queue), daemon=True)
    worker.start()
    status, value = queue.get(timeout=60)
    worker.join(10)
    assert status == "ok" and value > 0, value


# --- archives --------------------------------------------------------------------------------------
def test_an_archive_with_a_hostile_column_span_is_read_within_bounds(tmp_path):
    row = (
        b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="999999999"/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p>'
        b'</w:tc></w:tr><w:tr><w:trPr><w:gridBefore w:val="99999999"/></w:trPr><w:tc><w:p><w:r><w:t>b</w:t>'
        b"</w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    xml = b'<?xml version="1.0"?><w:document ' + W_NS + b"><w:body>" + row + b"</w:body></w:document>"
    (table,) = read_blocks(minimal_docx(tmp_path / "span.docx", xml))
    assert table.width <= 64


def test_a_workbook_merging_the_whole_sheet_is_refused_before_it_is_loaded(tmp_path):
    good = xlsx_file(
        tmp_path / "src.xlsx", [["工作领域", "工作任务", "职业技能要求"], ["a", "b", "1.1.1 能做。"]]
    )
    members = []
    with zipfile.ZipFile(good) as z:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                merge = b'<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>'
                data = data.replace(b"</sheetData>", b"</sheetData>" + merge)
            members.append(deflated(info.filename, data))
    path = write_zip(tmp_path / "merged.xlsx", members)
    start = time.monotonic()
    with pytest.raises(ParseError, match=r"number of merged cells .* \(the limit is 500,000\) — .*max_cells"):
        read_blocks(path)
    assert time.monotonic() - start < 10


def test_a_table_with_too_many_cells(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(",".join(["x"] * 50) for _ in range(100)), encoding="utf-8")
    with pytest.raises(ParseError, match=r"\(table 1\): the number of cells of one table is 5,000"):
        read_blocks(path, ParseLimits(max_cells=1000))


@BOTH
def test_a_word_paragraph_longer_than_the_line_limit(tmp_path, isolate):
    import docx

    doc = docx.Document()
    doc.add_paragraph("能" * 5000)
    doc.save(tmp_path / "long.docx")
    with pytest.raises(
        ParseError, match=r"one paragraph or cell in characters is 5,000 \(the limit is 1,000\)"
    ):
        read_blocks(tmp_path / "long.docx", ParseLimits(max_line_chars=1000, isolate=isolate))


def test_too_many_characters_and_too_large_files(tmp_path):
    path = tmp_path / "s.md"
    path.write_text(STANDARD_MD, encoding="utf-8")
    with pytest.raises(
        ParseError, match=r"number of characters is [0-9,]+ \(the limit is 100\) — .*max_chars"
    ):
        read_blocks(path, ParseLimits(max_chars=100))
    path.write_bytes(b"x" * (2 * 2**20))
    with pytest.raises(ParseError, match=r"file size in MB is 2 \(the limit is 1\) — .*max_file_mb"):
        read_blocks(path, ParseLimits(max_file_mb=1))


# --- the content decides ---------------------------------------------------------------------------
def test_a_web_page_with_a_word_name(tmp_path):
    path = tmp_path / "课程标准.docx"
    path.write_text("<html><body><p>课程标准</p></body></html>", encoding="utf-8")
    with pytest.raises(
        ParseError, match=r"not a Word document \(.docx\) but a web page .* — open it in Word"
    ):
        read_blocks(path)


def test_a_zip_archive_with_a_text_name(tmp_path):
    path = write_zip(tmp_path / "notes.md", [deflated("a.txt", b"hello")])
    with pytest.raises(ParseError, match="not a text file but a zip archive — unpack it"):
        read_blocks(path)


def test_a_csv_export_with_an_excel_name_reads_as_csv(tmp_path):
    path = tmp_path / "标准.xlsx"
    path.write_text("level,id,work_area,task,text\n初级,1.1.1,a,b,能做甲。\n", encoding="utf-8")
    std = parse_file(path, kind="standard")
    assert [(p.id, p.text) for lv in std.levels for p in lv.points] == [("1.1.1", "能做甲。")]


def test_an_old_binary_workbook_with_a_new_name(tmp_path):
    path = tmp_path / "标准.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    with pytest.raises(
        ParseError, match=r"old Office file .* — remove any password and save it as \.docx or \.xlsx"
    ):
        read_blocks(path)


def _read_in_worker(path: str) -> tuple[bool, int]:
    from align.parse.isolate import can_isolate

    return can_isolate(ParseLimits()), len(read_blocks(Path(path)))


def test_batch_workers_read_in_isolation_and_their_parse_errors_arrive_whole(tmp_path):
    """joblib's workers (the batch job's default) set their own start method; reading still isolates."""
    from joblib import Parallel, delayed

    from tests.badinput import STANDARD_BLOCKS
    from tests.parse_docgen import to_docx

    doc = to_docx(STANDARD_BLOCKS, tmp_path / "s.docx")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    results = Parallel(n_jobs=2)(delayed(_read_in_worker)(str(doc)) for _ in range(2))
    assert results == [(True, 3), (True, 3)]
    with pytest.raises(ParseError) as info:
        Parallel(n_jobs=2)(delayed(_read_in_worker)(str(p)) for p in (doc, bad))
    assert info.value.source == str(bad) and "not a readable PDF" in info.value.problem
