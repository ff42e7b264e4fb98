"""A line chart drawn as SVG on the server: no script, no CDN, readable in any browser and printable.

Presentation attributes only (no style attributes), so a strict Content-Security-Policy allows it.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#b3001b", "#1f5fa8", "#2e8540", "#d97706", "#7c3aed", "#0f766e", "#6b7280"]
MAX_SERIES = 6
WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 72


def axis_ticks(value, most=5):
    """Whole-number Y axis ticks from 0: a round step (1, 2, 5 × 10^n) and at most `most` steps.

    Views are counted in whole numbers, so every tick is one; the last tick is at or above value.
    """
    if value <= 0:
        return [0, 1]
    step = 1
    while True:
        for factor in (1, 2, 5):
            if -(-value // (factor * step)) <= most:
                step *= factor
                count = -(-value // step)
                return [step * n for n in range(int(count) + 1)]
        step *= 10


def limit_series(columns):
    """The largest MAX_SERIES columns, the rest summed as 其他栏目."""
    if len(columns) <= MAX_SERIES:
        return columns
    head, rest = columns[: MAX_SERIES - 1], columns[MAX_SERIES - 1 :]
    other = [sum(values) for values in zip(*(c["by_day"] for c in rest), strict=True)]
    return head + [{"title": "其他栏目", "by_day": other, "total": sum(other)}]


def line_chart(days, columns, title="各栏目每日浏览量"):
    """Return safe SVG markup for views per column per day."""
    series = limit_series(columns)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    ticks = axis_ticks(max((v for s in series for v in s["by_day"]), default=0))
    peak = ticks[-1]
    count = len(days)

    def x(n):
        return LEFT + (plot_w * n / (count - 1) if count > 1 else plot_w / 2)

    def y(v):
        return TOP + plot_h - plot_h * v / peak

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="views-chart-title" class="editorial-chart">',
        f'<title id="views-chart-title">{escape(title)}</title>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#d1d5db"/>',
    ]
    for value in ticks:
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e5e7eb"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" fill="#374151">'
            f"{value}</text>"
        )
    # What the Y axis measures: page views per day, in 次.
    parts.append(
        f'<text x="14" y="{TOP + plot_h / 2:.1f}" transform="rotate(-90 14 {TOP + plot_h / 2:.1f})" '
        f'text-anchor="middle" font-size="12" fill="#374151" data-axis="y">每日浏览量（次）</text>'
    )
    label_every = max(1, count // 10)
    for n, day in enumerate(days):
        if n % label_every == 0 or n == count - 1:
            parts.append(
                f'<text x="{x(n):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" font-size="11" '
                f'fill="#374151">{day:%m-%d}</text>'
            )
    for i, column in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        points = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in enumerate(column["by_day"]))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2">'
            f"<title>{escape(column['title'])}：共 {column['total']} 次</title></polyline>"
        )
        legend_x = LEFT + (i % 3) * 240
        legend_y = HEIGHT - 36 + (i // 3) * 18
        parts.append(
            f'<rect x="{legend_x}" y="{legend_y - 9}" width="12" height="12" fill="{color}"/>'
            f'<text x="{legend_x + 18}" y="{legend_y + 2}" font-size="12" fill="#111827">'
            f"{escape(column['title'])}（{column['total']}）</text>"
        )
    if not series:
        parts.append(
            f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h / 2}" text-anchor="middle" font-size="14" '
            f'fill="#6b7280">所选期间暂无浏览记录</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
