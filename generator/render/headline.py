"""主要数字 on the pages: a filing's headline figures, each linking to the table row that prints it; the same
figures summed over a region's, a department's or the site's filings of one year; and a unit's years side by side
with the change (同比)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from generator.facts.headline import Figure, Sum, Topic, change
from generator.model.extract import Extract
from generator.model.money import MoneyUnit
from generator.model.org import Region
from generator.render import urls
from generator.render.escape import Escaper
from generator.render.findings import findings_of
from generator.render.numbers import format_value

MONEY_TOPICS = (Topic.TOTAL, Topic.BASIC, Topic.PROJECT, Topic.FISCAL, Topic.THREE_PUBLIC)
UNIT_WORDS = {MoneyUnit.WAN_YUAN: "万元", MoneyUnit.YUAN: "元"}


@dataclass(frozen=True, slots=True)
class Count:
    """A count shown among the figures (项目 7 个), with where to read them."""

    label: str
    number: int
    unit: str
    href: str | None = None


def _card(label: str, value: Markup, note: str = "") -> Markup:
    extra = Markup('<span class="gk-headline-note">{}</span>').format(note) if note else Markup("")
    return Markup('<div class="gk-headline-item"><dt>{}</dt><dd>{}{}</dd></div>').format(label, value, extra)


def _link(href: str | None, text: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text) if href else escape(text)


def filing_headline(filing: Extract, figures: Sequence[Figure], region: Region, path: str) -> Markup:
    """A filing's headline figures as cards on the page at ``path``, each linking to the row of the filing's tables
    page that prints it, then its counts (forms, indicators, findings). On the filing's own page the counts link to
    its sections, the indicators to its forms."""
    tables = urls.tables(region, filing)
    here = path == urls.filing(region, filing)

    def row_link(figure: Figure) -> str | None:
        return urls.link(path, tables, figure.row or figure.table) if figure.table else None
    projects = urls.link(path, urls.projects(region, filing))
    counts = []
    if filing.counts.forms:
        counts.append(Count("绩效目标表", filing.counts.forms, "张", projects))
    if filing.counts.indicators:
        counts.append(Count("绩效指标", filing.counts.indicators, "个", projects if here else None))
    if filing.checks:
        counts.append(Count("核查发现", len(findings_of(filing)), "条",
                            "#checks" if here else urls.link(path, urls.filing(region, filing), "checks")))
    return filing_cards(figures, row_link, counts)


def filing_cards(figures: Sequence[Figure], row_link: Callable[[Figure], str | None],
                 counts: Sequence[Count] = ()) -> Markup:
    """A filing's figures as printed, in the printed unit; each links to its row (``row_link``)."""
    cards = []
    for figure in figures:
        if figure.text is not None:
            value = Markup("{} {}").format(_link(row_link(figure), figure.text), UNIT_WORDS[figure.unit])
            cards.append(_card(figure.topic.title, value))
        elif figure.empty_table:
            cards.append(_card(figure.topic.title, _link(row_link(figure), "空表"),
                               f"{figure.table_title or ''}为空表"))
        else:
            cards.append(_card(figure.topic.title, Markup('<span class="gk-absent">未公开</span>')))
    cards += [_card(c.label, Markup("{} {}").format(_link(c.href, str(c.number)), c.unit)) for c in counts]
    return Markup('<dl class="gk-headline">{}</dl>').format(Markup("").join(cards))


def sum_cards(sums: dict[Topic, Sum], filings: int, counts: Sequence[Count] = ()) -> Markup:
    """Figures summed over ``filings`` filings (万元); a sum that misses some filings says how many."""
    cards = [_card("公开文件", Markup("{} 份").format(filings))]
    for topic in MONEY_TOPICS:
        total = sums[topic]
        if total.printed == 0:
            cards.append(_card(topic.title, Markup('<span class="gk-absent">未公开</span>')))
            continue
        note = "" if total.complete else f"{total.printed} 份文件的合计，另 {total.missing} 份未列此数"
        cards.append(_card(topic.title, Markup("{} 万元").format(format_value(total.total, 2)), note))
    cards += [_card(c.label, Markup("{} {}").format(_link(c.href, str(c.number)), c.unit)) for c in counts]
    return Markup('<dl class="gk-headline">{}</dl>').format(Markup("").join(cards))


def rate_text(rate: Decimal | None) -> str:
    if rate is None:
        return ""
    return f"+{rate}%" if rate > 0 else f"{rate}%"


def change_text(amount: Decimal | None, places: int = 2) -> str:
    if amount is None:
        return ""
    text = format_value(amount, places)
    return f"+{text}" if amount > 0 else text


@dataclass(frozen=True, slots=True)
class YearLine:
    """One line of a comparison across years: a label, a value (万元) per year and where each is printed."""

    label: str
    values: dict[int, Decimal | None]
    links: dict[int, str | None]
    places: int = 2
    """decimal places shown (0 for counts)"""


def years_table(esc: Escaper, years: Sequence[int], lines: Sequence[YearLine], first: str = "项目") -> Markup:
    """Years side by side (oldest first), each line with the change of the latest year against the one before
    (增减额, 增减率); a year a line has no figure for stays blank."""
    years = sorted(years)
    latest, before = years[-1], years[-2] if len(years) > 1 else None
    head = "".join(f"<th>{y} 年</th>" for y in years)
    changes = "<th>增减额</th><th>增减率</th>" if before is not None else ""
    rows = []
    for line in lines:
        cells = []
        for year in years:
            value = line.values.get(year)
            text = "" if value is None else format_value(value, line.places)
            cells.append(f'<td class="gk-num">{_link(line.links.get(year), text) if text else ""}</td>')
        if before is not None:
            amount, rate = change(line.values.get(latest), line.values.get(before))
            cells.append(f'<td class="gk-num">{escape(change_text(amount, line.places))}</td>')
            cells.append(f'<td class="gk-num">{escape(rate_text(rate))}</td>')
        rows.append(f"<tr><th scope=\"row\">{esc.html(line.label)}</th>{''.join(cells)}</tr>")
    caption = f"{years[0]}–{latest} 年对比（万元）" if before is not None else f"{latest} 年（万元）"
    return Markup(f'<div class="gk-scroll"><table class="gk-list gk-years"><caption>{escape(caption)}</caption>'
                  f"<thead><tr><th>{escape(first)}</th>{head}{changes}</tr></thead>"
                  f"<tbody>{''.join(rows)}</tbody></table></div>")
