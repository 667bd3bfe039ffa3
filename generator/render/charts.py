"""图表: static, accessible bar charts as inline SVG, each beside a table of the same numbers.

A chart is a picture of a table the page also prints: the SVG carries a ``<title>`` and a ``<desc>`` naming what
it shows and its largest value, and is marked as an image; the numbers themselves are in the table that follows
it, which is what screen readers, search and copying use. Every text goes through the escaper (names are
content). Pure and deterministic (the same figures give the same bytes); no script, no font, nothing from another
host. Widths are computed from the exact amounts; a negative or missing amount draws no bar and keeps its printed
text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from generator.render.escape import Escaper
from generator.render.numbers import format_value

WIDTH = 640
"""the drawing's width in user units (it scales to the column: ``width: 100%``)"""
LABEL = 200
"""room for the labels, left of the bars"""
VALUE = 110
"""room for the values, right of the bars"""
BAR = 18
GAP = 8


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: Decimal | None
    href: str | None = None
    """where the figure is printed (a table row)"""
    note: str = ""
    """shown after the value in the table (``（推算）``)"""


def _number(value: Decimal) -> str:
    """An SVG length: at most one decimal place, no exponent (lengths are within the drawing's width)."""
    return format(min(max(value, Decimal(0)), Decimal(WIDTH)).quantize(Decimal("0.1")).normalize(), "f")


def _text(value: Decimal | None, places: int) -> str:
    return "" if value is None else format_value(value, places)


def bar_chart(esc: Escaper, ident: str, title: str, bars: Sequence[Bar], unit: str = "万元", places: int = 2,
              head: tuple[str, str] = ("项目", "金额")) -> Markup:
    """Horizontal bars, one per item, and the table of the same numbers. ``ident`` makes the chart's element ids
    unique on its page."""
    shown = list(bars)
    largest = max((b.value for b in shown if b.value is not None and b.value > 0), default=Decimal(0))
    height = len(shown) * (BAR + GAP) + GAP
    room = Decimal(WIDTH - LABEL - VALUE)
    parts = []
    for index, bar in enumerate(shown):
        y = GAP + index * (BAR + GAP)
        label = esc.html(_fit(bar.label))
        parts.append(f'<text x="{LABEL - 6}" y="{y + BAR - 5}" text-anchor="end" class="gk-chart-label">{label}</text>')
        if bar.value is not None and bar.value > 0 and largest > 0:
            width = max(room * bar.value / largest, Decimal("0.5"))
            parts.append(f'<rect x="{LABEL}" y="{y}" width="{_number(width)}" height="{BAR}" class="gk-chart-bar"/>')
            end = Decimal(LABEL) + width + 4
        else:
            end = Decimal(LABEL + 4)
        parts.append(f'<text x="{_number(end)}" y="{y + BAR - 5}" class="gk-chart-value">'
                     f"{esc.html(_text(bar.value, places) or '未列数')}</text>")
    biggest = max((b for b in shown if b.value is not None), key=lambda b: b.value or 0, default=None)
    desc = f"共 {len(shown)} 项，单位：{unit}。" + (
        f"最大的是{biggest.label}，{_text(biggest.value, places)} {unit}。" if biggest is not None else "") + \
        "各项数字见下表。"
    rows = "".join(
        f"<tr><td>{_cell(b, esc)}</td><td class=\"gk-num\">{esc.html(_text(b.value, places))}"
        f"{esc.html(b.note)}</td></tr>" for b in shown)
    return _figure(esc, ident, title, unit, (f'class="gk-chart-svg" viewBox="0 0 {WIDTH} {height}"', "xMinYMin meet"),
                   desc, "".join(parts), head, rows)


def _figure(esc: Escaper, ident: str, title: str, unit: str, frame: tuple[str, str], desc: str, drawing: str,
            head: Sequence[str], rows: str) -> Markup:
    """A chart as published: the drawing (``frame``: the svg's class and viewBox, and how it keeps its aspect) with
    its title and description, the caption, and the table of the same numbers under ``head``."""
    name = f"gk-chart-{escape(ident)}"
    svg = (f'<svg {frame[0]} role="img" aria-labelledby="{name}-t {name}-d" preserveAspectRatio="{frame[1]}">'
           f'<title id="{name}-t">{esc.html(title)}</title><desc id="{name}-d">{esc.html(desc)}</desc>'
           + drawing + "</svg>")
    heads = "".join(f"<th>{esc.html(h)}</th>" for h in head)
    table = (f'<table class="gk-chart-table"><caption>{esc.html(title)}（{esc.html(unit)}）</caption>'
             f"<thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>")
    return Markup(f'<figure class="gk-chart" id="{name}">{svg}<figcaption>{esc.html(title)}</figcaption>'
                  f"{table}</figure>")


def _share(value: Decimal | None, total: Decimal) -> str:
    if value is None or value <= 0 or total <= 0:
        return ""
    return f"{min(value * 100 / total, Decimal(100)).quantize(Decimal('0.01'))}%"


def _cell(bar: Bar, esc: Escaper) -> Markup:
    if bar.href:
        return Markup('<a href="{}">{}</a>').format(bar.href, esc.html(bar.label))
    return esc.html(bar.label)


def _fit(label: str, limit: int = 14) -> str:
    """Labels are cut to fit their room in the drawing (the table beside it prints them whole)."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def split_bar(esc: Escaper, ident: str, title: str, parts: Sequence[Bar], unit: str = "万元",
              places: int = 2) -> Markup:
    """One bar split into its parts (基本支出 and 项目支出), and the table of the same numbers with each part's
    share."""
    total = sum((p.value for p in parts if p.value is not None and p.value > 0), Decimal(0))
    x = Decimal(0)
    rects = []
    room = Decimal(WIDTH)
    for index, part in enumerate(parts):
        if part.value is None or part.value <= 0 or total <= 0:
            continue
        width = room * part.value / total
        rects.append(f'<rect x="{_number(x)}" y="0" width="{_number(width)}" height="28" '
                     f'class="gk-chart-part gk-chart-part-{index + 1}"/>')
        x += width
    shares = [_share(p.value, total) for p in parts]
    desc = "；".join(f"{p.label} {_text(p.value, places) or '未列数'} {unit}" + (f"，占 {s}" if s else "")
                    for p, s in zip(parts, shares, strict=True)) + "。"
    rows = "".join(
        f'<tr><td><span class="gk-chart-key gk-chart-part-{i + 1}" aria-hidden="true"></span>{_cell(p, esc)}</td>'
        f'<td class="gk-num">{esc.html(_text(p.value, places))}</td><td class="gk-num">{esc.html(s)}</td></tr>'
        for i, (p, s) in enumerate(zip(parts, shares, strict=True)))
    return _figure(esc, ident, title, unit, (f'class="gk-chart-svg gk-chart-split" viewBox="0 0 {WIDTH} 28"', "none"),
                   desc, "".join(rects), ("项目", "金额", "占比"), rows)
