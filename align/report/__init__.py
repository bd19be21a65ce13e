"""Report writers: JSON (the contract), Excel, HTML and CSV, all from one CoverageReport."""

from __future__ import annotations

from pathlib import Path

from align.documents import CoverageReport

FORMATS = ("json", "xlsx", "html", "csv")
SHAPED = {"xlsx", "html", "csv"}  # the formats drawn from the shaped tables


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
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    # shaped once for all formats rather than once by each writer
    shaped = build_tables(report) if SHAPED & set(formats) else None
    for fmt in formats:
        path = out_dir / f"report.{fmt}"
        if fmt == "json":
            write_json(report, path)
        else:
            writers[fmt](report, path, tables=shaped)
        written[fmt] = path
    return written
