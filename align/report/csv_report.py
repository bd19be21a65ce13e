"""``report.csv``: the 书证融通对照表, one row per 职业技能要求.

UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens it as UTF-8 instead of GBK. Cells
holding several supporting units keep one unit per line (quoted, as CSV allows). Text that Excel would
run as a formula (a syllabus quoting ``=SUM(…)``) gets a leading apostrophe.
"""

from __future__ import annotations

from pathlib import Path

from align.documents import CoverageReport
from align.files import atomic_path
from align.report import tables as shaping
from align.report.view import ReportTables
from align.text import CONTROL_CHARS_RE


def _as_text(value: object) -> object:
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARS_RE.sub("", value)  # control characters from PDF text
    return "'" + value if value[:1] in ("=", "+", "@") else value


def write_csv(report: CoverageReport, path: Path, tables: ReportTables | None = None) -> None:
    """Write the 对照表 of every standard and level to ``path``; ``tables`` are the report's, if
    already shaped."""
    if tables is None:
        frame = shaping.crosswalk(shaping.point_rows(report), shaping.unit_hours(report))
    else:
        frame = tables.crosswalk
    frame = frame.map(_as_text)
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n")
