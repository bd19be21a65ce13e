"""``summary.html``: the college summary as one self-contained page (inline CSS, no scripts, no CDN)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

from align.batch.summary import (
    PERCENT_COLUMNS,
    SECTION_NOTES,
    coverage_error_note,
    matrix_table,
    sections,
)
from align.files import write_text_atomic

CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.3em .6em;vertical-align:top;text-align:left}
th{background:#dce6f1;position:sticky;top:0}
td.num{text-align:right;white-space:nowrap}.muted{color:#777}
.failed{color:#9b1c1c}td.reported{font-weight:bold;outline:2px solid #333;outline-offset:-2px}
"""


def heat(value: float) -> str:
    """Red (0) → yellow (0.5) → green (1), as the workbook's colour scale."""
    v = min(max(value, 0.0), 1.0)
    lo, mid, hi = (248, 105, 107), (255, 235, 132), (99, 190, 123)
    a, b, t = (lo, mid, v * 2) if v < 0.5 else (mid, hi, (v - 0.5) * 2)
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return f"#{r:02x}{g:02x}{bl:02x}"


def _cell(value: object, percent: bool) -> str:
    if value is None or value == "":
        return "<td></td>"
    if percent and isinstance(value, int | float):
        return f'<td class="num" style="background:{heat(value)}">{value:.0%}</td>'
    if isinstance(value, int | float):
        return f'<td class="num">{value:g}</td>'
    return f"<td>{escape(str(value))}</td>"


def _matrix_cell(cell: dict | None) -> str:
    if cell is None:
        return "<td></td>"
    html = _cell(cell["coverage"], True)
    return html.replace('class="num"', 'class="num reported"') if cell["reported"] else html


def _table(header: list[str], rows: list[list], percent: set[int]) -> str:
    if not rows:
        return '<p class="muted">（无）</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(_cell(v, i in percent) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_summary_html(summary: dict) -> str:
    majors, cells = matrix_table(summary)
    links = {m["major"]: m["folder"] for m in summary["majors"]}
    matrix_rows = [
        [f'<a href="{quote(links[m])}/report.html">{escape(m)}</a>', *row]
        for m, row in zip(majors, cells, strict=True)
    ]
    head = "".join(f"<th>{escape(s)}</th>" for s in ["专业", *summary["standards"]])
    body = "".join(
        "<tr><td>" + row[0] + "</td>" + "".join(_matrix_cell(c) for c in row[1:]) + "</tr>"
        for row in matrix_rows
    )
    done = sum(m["status"] == "done" for m in summary["majors"])
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        "<title>书证融通覆盖汇总</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>书证融通覆盖汇总（全校）</h1>",
        f"<p>{done} 个专业完成，{len(summary['majors']) - done} 个失败；"
        f"模型：{escape('、'.join(summary['models']))}。"
        "覆盖率 = (已覆盖 + 0.5 × 部分覆盖) / 技能点数。</p>",
        "<h2>覆盖矩阵（专业 × 标准）</h2>",
        '<p class="muted">加框：本次报告的标准；其余为证书遴选中的覆盖率（同一次匹配）。</p>',
        *([f'<p class="muted">{escape(note)}</p>'] if (note := coverage_error_note(summary)) else []),
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        if majors
        else '<p class="muted">（无）</p>',
    ]
    for title, header, rows in sections(summary):
        percent = {i for i, h in enumerate(header) if h in PERCENT_COLUMNS}
        parts.append(f"<h2>{escape(title)}</h2>")
        if title in SECTION_NOTES:
            parts.append(f'<p class="muted">{escape(SECTION_NOTES[title])}</p>')
        parts.append(_table(header, rows, percent))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_summary_html(summary: dict, path: Path) -> None:
    write_text_atomic(path, render_summary_html(summary))
