"""Charts drawn on the server as SVG: no script, readable without colour (each bar has its
number in the table beneath), and scaled to the width of a phone by the viewBox."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join

BAR_HEIGHT = 22
LABEL_WIDTH = 38  # percent of the width given to labels


def bars(title: str, rows: list[tuple[str, float | None, str]]) -> str:
    """Horizontal bars: (label, value, shown text). Bars are scaled to the largest value."""
    values = [v or 0 for _label, v, _text in rows]
    top = max(values, default=0) or 1
    height = BAR_HEIGHT * max(len(rows), 1) + 4
    parts = []
    for i, (label, value, text) in enumerate(rows):
        y = i * BAR_HEIGHT + 2
        width = (100 - LABEL_WIDTH - 14) * (value or 0) / top
        parts.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>'
                '<rect x="{}%" y="{}" width="{}%" height="{}" class="chart-bar"></rect>'
                '<text x="{}%" y="{}" class="chart-value">{}</text>',
                y + 15,
                label,
                LABEL_WIDTH,
                y + 3,
                f"{width:.2f}",
                BAR_HEIGHT - 6,
                f"{LABEL_WIDTH + width + 1:.2f}",
                y + 15,
                text,
            )  # fmt: skip
        )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" width="100%" height="{}">{}</svg>',
        title,
        height,
        format_html_join("", "{}", ((p,) for p in parts)),
    )


def columns(title: str, days: list[dict]) -> str:
    """Daily stacked columns: members (solid) under stewards (light)."""
    n = max(len(days), 1)
    top = max((d["members"] + d["stewards"] for d in days), default=0) or 1
    width, height = 100 / n, 120
    parts = []
    for i, d in enumerate(days):
        m = height * d["members"] / top
        s = height * d["stewards"] / top
        x = f"{i * width + width * 0.1:.3f}"
        w = f"{width * 0.8:.3f}"
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar">'
                "<title>{}: {} + {}</title></rect>"
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar-alt"></rect>',
                x,
                f"{height - m:.2f}",
                w,
                f"{m:.2f}",
                d["day"],
                d["members"],
                d["stewards"],
                x,
                f"{height - m - s:.2f}",
                w,
                f"{s:.2f}",
            )  # fmt: skip
        )
    return format_html(
        '<svg class="chart chart-columns" role="img" aria-label="{}" viewBox="0 0 100 {}" '
        'preserveAspectRatio="none" width="100%" height="{}">{}</svg>',
        title,
        height,
        height,
        format_html_join("", "{}", ((p,) for p in parts)),
    )
