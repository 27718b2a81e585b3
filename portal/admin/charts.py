"""Line charts as SVG drawn on the server: no script, nothing for the CSP to allow."""

from __future__ import annotations

from dataclasses import dataclass

from portal.admin.metrics import Series

WIDTH, HEIGHT, PAD = 320, 120, 24


@dataclass(frozen=True)
class Chart:
    label: str
    points: str  # the polyline's "x,y x,y ..."
    dots: list[tuple[float, float, str]]  # x, y, and the tooltip "date: value"
    top: float
    first: str
    last: str
    width: int = WIDTH
    height: int = HEIGHT
    pad: int = PAD


def chart(series: Series) -> Chart:
    values = [value for _, value in series.points]
    top = max([*values, 1])
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    coords = [
        (round(PAD + i * step, 1), round(HEIGHT - PAD - (value / top) * (HEIGHT - 2 * PAD), 1))
        for i, value in enumerate(values)
    ]
    return Chart(
        label=series.label,
        points=" ".join(f"{x},{y}" for x, y in coords),
        dots=[
            (x, y, f"{day:%d %b}: {value:g}")
            for (x, y), (day, value) in zip(coords, series.points, strict=True)
        ],
        top=top,
        first=f"{series.points[0][0]:%d %b}",
        last=f"{series.points[-1][0]:%d %b}",
    )
