"""The bad-input corpus (tests/badinput.py) through the library and the real ``align parse`` entry point.

Every file ends in a correct parse or in exit code 2 with ONE line on stderr naming the file, what is
wrong and what to do: never a traceback, never a hang.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from align import cli
from align.errors import ParseError
from align.parse import parse_file
from tests.badinput import make_corpus

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("bad"))


@pytest.fixture
def parse_only(monkeypatch):
    # Only the parse command: this test is about parsing, not the other commands' imports.
    monkeypatch.setattr(cli, "COMMANDS", ["parse"])
    monkeypatch.setattr("align.parse.read._soffice", lambda: None)


def _one_clear_line(stderr: str, case) -> str | None:
    """Why ``stderr`` is not one clear line about ``case`` (``None`` when it is)."""
    lines = stderr.strip().splitlines()
    if len(lines) != 1:
        return f"{len(lines)} lines: {stderr!r}"
    line = lines[0]
    if not line.startswith("align: error: ") or "Traceback" in line:
        return f"not an error line: {line!r}"
    if case.path.name not in line:
        return f"does not name the file: {line!r}"
    if not re.search(case.error, line):
        return f"does not say {case.error!r}: {line!r}"
    if " — " not in line:
        return f"says nothing to do: {line!r}"
    return None


def test_every_bad_input_parses_correctly_or_exits_2_with_one_clear_line(corpus, parse_only, capsys):
    failures = []
    for case in corpus:
        start = time.monotonic()
        if case.error:
            argv = ["parse", str(case.path)] + (["--kind", case.kind] if case.kind else [])
            code = cli.main(argv)
            err = capsys.readouterr().err
            why = f"exit code {code}: {err!r}" if code != 2 else _one_clear_line(err, case)
        else:
            try:
                doc = parse_file(case.path, kind=case.kind)
                why = None if case.check is None or case.check(doc) else f"parsed wrongly: {doc!r}"[:300]
            except ParseError as exc:
                why = f"should parse, but: {exc}"
        if why:
            failures.append(f"{case.name}: {why}")
        # Bounded: no file of the corpus takes long (the slowest is the 10,000-row workbook).
        assert time.monotonic() - start < 30, case.name
    assert not failures, "\n".join(failures)


def test_the_corpus_covers_the_issue(corpus):
    names = {c.name for c in corpus}
    for expected in [
        "cut50.docx", "cut50.xlsx", "cut50.pdf", "bomb.docx", "laughs.docx", "xxe.docx", "locked.pdf",
        "scan.pdf", "empty.docx", "random.docx", "random.pdf", "docx-named.pdf", "syllabus-gbk.txt",
        "syllabus-gb18030.txt", "syllabus-utf-16.txt", "syllabus-mixed.txt", "long-line.md",
        "rows-10k.xlsx", "no-table.md", "duplicate-ids.md", "missing-ids.csv", "mixed-levels.csv",
    ]:  # fmt: skip
        assert expected in names


def test_an_external_entity_never_reads_a_local_file(corpus):
    case = next(c for c in corpus if c.name == "xxe.docx")
    with pytest.raises(ParseError) as info:
        parse_file(case.path)
    assert "TOP-SECRET" not in str(info.value)


RUNNER = "import sys; from align import cli; cli.COMMANDS = ['parse']; sys.exit(cli.main(sys.argv[1:]))"


@pytest.mark.parametrize("name", ["bomb.docx", "flate.pdf", "long-line.md"])
def test_a_real_process_exits_2_with_one_line_and_no_traceback(corpus, name):
    case = next(c for c in corpus if c.name == name)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ALIGN_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, "parse", str(case.path)],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert _one_clear_line(done.stderr, case) is None
    assert done.stdout == ""
