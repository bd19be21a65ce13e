"""Report writers: JSON (the contract), Excel, HTML and CSV, all from one CoverageReport."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from align.documents import CoverageReport
from align.errors import OutputError
from align.files import atomic_path

FORMATS = ("json", "xlsx", "html", "csv")
SHAPED = {"xlsx", "html", "csv"}  # the formats drawn from the shaped tables


def report_paths(folder: Path, formats: tuple[str, ...] = FORMATS) -> dict[str, Path]:
    """Where the report files of ``formats`` go in ``folder``: format → path."""
    return {fmt: Path(folder) / f"report.{fmt}" for fmt in formats}


def write_reports(
    report: CoverageReport, out_dir: Path, formats: tuple[str, ...] = FORMATS
) -> dict[str, Path]:
    """Write ``report.<fmt>`` for each format into ``out_dir``; return the paths written."""
    from align.report.csv_report import write_csv
    from align.report.html import write_html
    from align.report.json_report import write_json
    from align.report.view import build_tables
    from align.report.xlsx import write_xlsx

    writers = {"xlsx": write_xlsx, "html": write_html, "csv": write_csv}
    out_dir = Path(out_dir)
    written = report_paths(out_dir, formats)
    # shaped once for all formats rather than once by each writer
    shaped = build_tables(report) if SHAPED & set(formats) else None
    # Every file is written beside its place first and put in place only when all are written: a
    # failure on one format leaves the earlier report set whole, never half old and half new.
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with ExitStack() as stack:
            for fmt, path in written.items():
                tmp = stack.enter_context(atomic_path(path))
                if fmt == "json":
                    write_json(report, tmp)
                else:
                    writers[fmt](report, tmp, tables=shaped)
    except OSError as exc:
        raise OutputError(
            f"{out_dir}: cannot write the reports ({exc.strerror or exc}) — check the folder's permissions "
            "and free space, or write the reports to another folder"
        ) from exc
    return written
