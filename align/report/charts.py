"""Inline SVG charts and heatmap colours for the HTML report (pure string building, no libraries).

Bar lengths are percentages of the SVG's width and text is in CSS pixels, so a chart fills a phone
screen as well as a desktop one without its labels shrinking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

COLOURS = {"covered": "#3f8f50", "partial": "#e0a526", "gap": "#cf4a43"}
LABELS = {"covered": "覆盖", "partial": "部分覆盖", "gap": "缺口"}
HEAT_LOW = (255, 255, 255)
HEAT_HIGH = (31, 111, 139)


@dataclass(frozen=True)
class Bar:
    label: str
    covered: int
    partial: int
    gap: int

    @property
    def total(self) -> int:
        return self.covered + self.partial + self.gap

    @property
    def coverage(self) -> float:
        return (self.covered + 0.5 * self.partial) / self.total if self.total else 0.0


def _segments(bar: Bar, y: float, height: float) -> list[str]:
    out, x = [], 0.0
    for status in ("covered", "partial", "gap"):
        n = getattr(bar, status)
        if not n or not bar.total:
            continue
        w = 100.0 * n / bar.total
        out.append(
            f'<rect x="{x:.3f}%" y="{y}" width="{w:.3f}%" height="{height}" fill="{COLOURS[status]}">'
            f"<title>{LABELS[status]} {n} 条</title></rect>"
        )
        x += w
    return out


def status_bar(bar: Bar, height: int = 12) -> str:
    """One stacked bar (covered / partial / gap) as wide as its container."""
    parts = "".join(_segments(bar, 0, height))
    label = escape(f"{bar.label}：覆盖 {bar.covered}，部分覆盖 {bar.partial}，缺口 {bar.gap}", quote=True)
    return (
        f'<svg class="bar" width="100%" height="{height}" role="img" aria-label="{label}">'
        f'<rect width="100%" height="{height}" fill="#eee"/>{parts}</svg>'
    )


def area_chart(bars: Sequence[Bar]) -> str:
    """Each 工作领域 as a label line over a stacked bar, its coverage at the right end."""
    row, bar_h, label_h = 40, 14, 18
    height = row * len(bars) + 4
    parts = []
    for i, bar in enumerate(bars):
        y = i * row
        parts.append(
            f'<text x="0" y="{y + 14}" class="lbl">{escape(bar.label)}'
            f'<tspan class="muted"> · {bar.total} 条</tspan></text>'
            f'<text x="100%" y="{y + 14}" text-anchor="end" class="pct">{bar.coverage:.0%}</text>'
            f'<rect x="0" y="{y + label_h}" width="100%" height="{bar_h}" fill="#eee"/>'
        )
        parts.extend(_segments(bar, y + label_h, bar_h))
    legend = "、".join(
        f"{LABELS[s]}（{c}）" for s, c in (("covered", "绿"), ("partial", "黄"), ("gap", "红"))
    )
    return (
        f'<svg class="chart" width="100%" height="{height}" role="img" '
        f'aria-label="各工作领域覆盖情况：{escape(legend, quote=True)}">{"".join(parts)}</svg>'
    )


def heat_colour(value: float, top: float) -> tuple[str, str]:
    """Background and text colour of a heatmap cell (white at 0, dark blue-green at ``top``)."""
    t = 0.0 if top <= 0 else max(0.0, min(1.0, value / top))
    rgb = [round(lo + (hi - lo) * t) for lo, hi in zip(HEAT_LOW, HEAT_HIGH, strict=True)]
    bg = "#{:02x}{:02x}{:02x}".format(*rgb)
    return bg, ("#ffffff" if t > 0.55 else "#1a1a1a")


def coverage_colour(coverage: float) -> str:
    """A soft red → amber → green background for a coverage share."""
    stops = [(0.0, (244, 182, 176)), (0.5, (255, 233, 168)), (1.0, (168, 213, 162))]
    c = max(0.0, min(1.0, coverage))
    for (x0, c0), (x1, c1) in pairwise(stops):
        if c <= x1:
            t = (c - x0) / (x1 - x0)
            rgb = [round(a + (b - a) * t) for a, b in zip(c0, c1, strict=True)]
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return "#a8d5a2"
