"""年度与名称: every year a heading, title, 年度 label, column header or period prints is the filing's year; the unit a
table or form names is the filing's unit; a project is not named after an organisation, and one name is one
project."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from generator.check.context import CheckRule, Context
from generator.diagnostics import Diagnostic, Severity
from generator.model.figures import FigureKind
from generator.model.forms import ProjectForm, ScheduleRow
from generator.model.org import Region
from generator.reference import normalise
from generator.source import Span

W = Severity.WARNING
_HEADINGS = re.compile(r"(?:^title|\.heading|\.title|\.subtitle|\.note|\.period)$")
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_COLUMN_YEARS = {0: "本年", 1: "上年", 2: "前年"}


def years(ctx: Context) -> Iterable[Diagnostic] | None:
    """YER001."""
    year = ctx.filing.fiscal_year
    found: list[Diagnostic] = []
    for linked in ctx.extract.figures:
        figure = linked.figure
        if figure.kind is FigureKind.YEAR and _HEADINGS.search(figure.place) and figure.value is not None \
                and int(figure.value) != year:
            found.append(ctx.finding(figure.span, f"标题或表头中的年度 {figure.text} 与本文件的预算年度 {year} 年不符",
                                     printed=figure.text, expected=f"{year}年"))
    for form in ctx.filing.project_forms:
        periods: list[tuple[str | None, ProjectForm | ScheduleRow, str]] = [(form.period, form, "period")]
        periods += [(text, row, name) for row in form.schedule for name, text in (("start", row.start),
                                                                                  ("end", row.end))]
        for text, record, name in periods:
            if text and any(printed != year for printed in _years_in(text)):
                found.append(ctx.finding(record.spans.of(name, record.span),
                                         f"“{form.name or form.title}”的时间“{text}”不在预算年度 {year} 年内",
                                         printed=text, expected=f"{year}年"))
        if form.declared_year is not None and form.declared_year != year:
            found.append(ctx.finding(form.spans.of("declared_year", form.span),
                                     f"绩效目标表“{form.name or form.title}”印的年度为 {form.declared_year} 年，"
                                     f"本文件的预算年度为 {year} 年", printed=str(form.declared_year),
                                     expected=str(year)))
    for table in ctx.filing.tables:
        for column in _columns(table.columns):
            for printed in _years_in(column.label):
                if year - printed not in _COLUMN_YEARS:
                    found.append(ctx.finding(column.spans.of("label", column.span),
                                             f"{table.title}的表头“{column.label}”中的年度 {printed} 年与预算年度 "
                                             f"{year} 年不符", printed=str(printed), expected=str(year)))
    return found


@lru_cache(maxsize=4096)
def _years_in(label: str) -> tuple[int, ...]:
    """The years a column label or a period prints (they recur in every filing of a layout)."""
    return tuple(int(match[0]) for match in _YEAR.finditer(label))


def _columns(columns: Iterable) -> Iterable:  # type: ignore[type-arg]
    for column in columns:
        yield column
        yield from _columns(column.children)


def _mentions(text: str, names: Iterable[str], code: str | None) -> bool:
    flat = normalise(text)
    return any(normalise(name) in flat for name in names) or (code is not None and code in flat)


def units(ctx: Context) -> Iterable[Diagnostic] | None:
    """YER002: the 填报单位 printed on each table, and the 实施单位 or 申报单位 of each form, is the filing's unit
    (its name, a name it is also called by, or its code); a table or form naming another organisation of the region
    was copied from that organisation's filing."""
    org = ctx.org
    if org is None or ctx.region is None:
        return None
    names = ctx.names
    others = [o for o in ctx.region.organisations if o.id != org.id and o.id != org.parent]
    found: list[Diagnostic] = []

    def check(text: str | None, span: Span, what: str) -> None:
        if not text or _mentions(text, names, org.code):
            return
        other = next((o for o in others if _mentions(text, (o.name, *o.aliases), None)), None)
        if other is not None:
            found.append(ctx.finding(span, f"{what}写的是“{other.name}”，不是本文件的单位“{org.name}”",
                                     printed=text, expected=org.name))

    for table in ctx.filing.tables:
        check(table.filler, table.spans.of("filler", table.span), f"{table.title}的填报单位")
    for form in ctx.filing.project_forms:
        check(form.implementer, form.spans.of("implementer", form.span), f"“{form.name or form.title}”的实施单位")
        check(form.applicant, form.spans.of("applicant", form.span), f"“{form.name or form.title}”的申报单位")
    return found


def project_names(ctx: Context) -> Iterable[Diagnostic] | None:
    """YER003 and YER004."""
    forms = [f for f in ctx.filing.project_forms if f.name]
    if not forms:
        return None
    found: list[Diagnostic] = []
    flat = {normalise(n) for n in ctx.names} | (_organisation_names(ctx.region) if ctx.region is not None else set())
    for form in forms:
        assert form.name is not None
        if normalise(form.name) in flat:
            found.append(ctx.finding(form.spans.of("name", form.span),
                                     f"项目名称“{form.name}”是单位名称，不是项目的名称", printed=form.name))
    return found


_REGION_NAMES: dict[int, tuple[Region, frozenset[str]]] = {}


def _organisation_names(region: Region) -> frozenset[str]:
    """Every name of every organisation of a region, normalised (once per region and process)."""
    known = _REGION_NAMES.get(id(region))
    if known is None or known[0] is not region:
        names = frozenset(normalise(n) for org in region.organisations for n in (org.name, *org.aliases))
        known = _REGION_NAMES[id(region)] = (region, names)
    return known[1]


def one_name(ctx: Context) -> Iterable[Diagnostic] | None:
    """YER004: forms that print the same project name must be the same project (the same funds)."""
    forms = [f for f in ctx.filing.project_forms if f.name]
    if len(forms) < 2:
        return None
    found: list[Diagnostic] = []
    first: dict[str, tuple[Span, object]] = {}
    for form in forms:
        assert form.name is not None
        funds = form.funding.annual.value if form.funding is not None and form.funding.annual is not None else None
        key = normalise(form.name)
        span = form.spans.of("name", form.span)
        if key in first and first[key][1] != funds:
            message = f"项目名称“{form.name}”也用于另一个资金不同的项目（第 {first[key][0].line} 行）"
            found.append(ctx.finding(span, message, related=(first[key][0],), printed=form.name))
        first.setdefault(key, (span, funds))
    return found


RULES: tuple[CheckRule, ...] = (
    CheckRule("YER001", W, "年度与预算年度不符", "年度与名称",
              "部分、章节和表的标题，绩效目标表印的年度（如“（2018年度）”）、起止时间，以及表头中的年度（如“2023年预算数”），"
              "都应是本文件的预算年度（表头可以是上年、前年的对比数）。沿用上一年的模板时，旧年度最容易漏改。",
              "把年度改成本文件的预算年度；若原文如此，在该处写核查说明。",
              example="标题或表头中的年度 2022 年 与本文件的预算年度 2023 年不符",
              run=years),
    CheckRule("YER002", W, "填报单位不是本单位", "年度与名称",
              "各表的填报单位、各绩效目标表的实施单位或申报单位，应是本文件的单位（全称、简称或单位编码）；写成本地区"
              "另一个单位，说明是从那个单位的文件复制来的。",
              "改成本单位的名称。",
              example="支出预算总表的填报单位写的是“寻乌县就业创业服务中心”，不是本文件的单位“寻乌县社会保险服务中心”",
              run=units),
    CheckRule("YER003", W, "项目名称是单位名称", "年度与名称",
              "绩效目标表的项目名称栏应写项目的名称；写成单位名称（常见于“项目名称”与“申报单位”错位）时，读者无法知道"
              "这是哪个项目。",
              "在项目名称栏写项目的名称。",
              example="项目名称“寻乌县社会保险服务中心”是单位名称，不是项目的名称",
              run=project_names),
    CheckRule("YER004", W, "一个名称用于几个项目", "年度与名称",
              "同一个文件中，项目名称相同的绩效目标表应是同一个项目；名称相同而资金不同，说明名称是复制来的。",
              "核对各绩效目标表的项目名称。",
              example="项目名称“死亡抚恤金补贴”也用于另一个资金不同的项目（第 8 行）",
              run=one_name),
)
