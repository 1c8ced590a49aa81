"""Monthly trend charts as inline SVG drawn on the server: no script, no chart library, nothing from a CDN.

``trend_chart`` only computes geometry; ``monitoring/includes/trend_chart.html`` draws it, so labels stay in the
template (translated there) and the chart is readable without CSS (each bar has a title).
"""

from __future__ import annotations

import dataclasses

from motcua.monitoring.selectors.figures import MonthTrend

WIDTH = 640
HEIGHT = 220
MARGIN_LEFT = 40
MARGIN_BOTTOM = 28
MARGIN_TOP = 10


@dataclasses.dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: str  # CSS class: received, on-time, late


@dataclasses.dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]  # x of each month's label, label text
    ticks: list[tuple[float, int]]  # y of each grid line, value
    baseline: float


def _nice_max(value: int) -> int:
    """The smallest 1/2/5 × 10^n at or above ``value`` (at least 1), so the grid lines fall on round numbers."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return max(1, step * factor)
        step *= 10


def trend_chart(trend: list[MonthTrend]) -> Chart:
    """Three bars per month: received, returned on time (early included), returned late."""
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    top = _nice_max(max((max(m.received, m.resolved_on_time, m.resolved_late) for m in trend), default=0))
    slot = (WIDTH - MARGIN_LEFT) / max(1, len(trend))
    bar_width = min(24.0, slot / 4)
    baseline = HEIGHT - MARGIN_BOTTOM
    bars, labels = [], []
    for index, month in enumerate(trend):
        left = MARGIN_LEFT + index * slot + (slot - 3 * bar_width) / 2
        for offset, (value, series) in enumerate(
            ((month.received, "received"), (month.resolved_on_time, "on-time"), (month.resolved_late, "late"))
        ):
            height = plot_height * value / top
            bars.append(
                Bar(
                    round(left + offset * bar_width, 1),
                    round(baseline - height, 1),
                    bar_width,
                    round(height, 1),
                    value,
                    series,
                )
            )
        labels.append((round(MARGIN_LEFT + index * slot + slot / 2, 1), month.month.strftime("%m/%Y")))
    ticks = [(round(baseline - plot_height * i / 4, 1), top * i // 4) for i in range(5)]
    return Chart(WIDTH, HEIGHT, bars, labels, ticks, baseline)
