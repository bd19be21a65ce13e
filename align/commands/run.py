"""``align run``: parse a standard and a major's syllabi, match, and write the reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from align.commands.common import add_job_options, settings_from_args

EXAMPLE = """examples:
  align run --standard corpora/standards/web-frontend.md --syllabi corpora/syllabi/软件技术 --out out/
  align run --standard 标准.docx --syllabi 课程1.docx 课程2.pdf --level 中级 --model tfidf --out out/
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="match a standard against a major's syllabi and write the reports",
        description="Parse standards and syllabi, match every skill requirement to course content, "
        "and write report.json, report.xlsx, report.html and report.csv.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--standard", type=Path, action="append", required=True, metavar="FILE")
    p.add_argument(
        "--syllabi", type=Path, nargs="+", required=True, metavar="PATH", help="syllabus files and/or folders"
    )
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    add_job_options(p)
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    return run_job(args.standard, args.syllabi, args.out, args)


def run_job(standards: list[Path], syllabi: list[Path], out: Path, args: argparse.Namespace) -> int:
    from align.errors import ParseError
    from align.files import check_writable
    from align.parse import load_documents, load_syllabi, warnings_of
    from align.parse.duplicates import unique_standards
    from align.pipeline import align_documents
    from align.report import report_paths, write_reports
    from align.report.summary import summary_lines
    from align.text import teach_lexicons

    settings = settings_from_args(args)
    check_writable(out, "--out")  # before the matching, not after it
    # An --out inside an input folder holds the last run's reports: they are not documents.
    ours = report_paths(out).values()
    std_docs, copies = unique_standards(
        load_documents(standards, kind="standard", limits=settings.parse, skip=ours)
    )
    syl_docs, left_out = load_syllabi(syllabi, limits=settings.parse, skip=ours)
    warnings = [*warnings_of(std_docs), *copies, *left_out, *warnings_of(syl_docs)]
    print_warnings(warnings)  # now, before the matching: the run may take a while
    if not syl_docs:
        raise ParseError(
            ", ".join(map(str, syllabi)),
            "no syllabus files found",
            "give .md, .docx, .pdf, .xlsx, .csv or .txt files or folders holding them",
        )
    teach_lexicons(settings.lexicons)
    report = align_documents(std_docs, syl_docs, settings, level=args.level)
    written = write_reports(report, out)
    print("\n".join(summary_lines(report)))
    print("reports: " + "  ".join(str(p) for p in written.values()), file=sys.stdout)
    if warnings:  # printed before the summary, which may have pushed them off the screen
        n = len(warnings)
        print(f"align: {n} warning{'s' * (n != 1)} about the input above", file=sys.stderr)
    return 0


def print_warnings(warnings: list) -> None:
    """Each of the parsers' warnings (:class:`align.errors.ParseWarning`) as one line on stderr."""
    for warning in warnings:
        print(f"align: warning: {warning}", file=sys.stderr)
