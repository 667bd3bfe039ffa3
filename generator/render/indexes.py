"""Index pages: home, region, unit, subject code pages, search."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from generator.facts.headline import Figure, Topic, sums
from generator.model.codes import CodeScheme, SubjectCode
from generator.model.extract import Extract
from generator.model.filing import Content
from generator.model.kind import FilingKind
from generator.model.measures import Measure
from generator.model.org import Organisation, OrgRole, Region
from generator.reference import catalogue, official_name
from generator.render import urls
from generator.render.charts import Bar, bar_chart
from generator.render.escape import Escaper
from generator.render.findings import findings_of
from generator.render.headline import MONEY_TOPICS, Count, YearLine, filing_headline, sum_cards, years_table
from generator.render.numbers import format_amount, format_value
from generator.render.overview import Overview
from generator.render.page import Builder, Page, facts_table, filing_title, list_table
from generator.render.page import anchor as _a
from generator.render.subjects import Occurrence

_SCHEME_NAMES = {CodeScheme.FUNCTION: "支出功能分类科目", CodeScheme.ECONOMIC: "支出经济分类科目"}


def _filing_links(path: str, region: Region, filing: Extract, esc: Escaper) -> Markup:
    links = [_a(urls.link(path, urls.filing(region, filing)), "文件首页", esc)]
    if filing.counts.tables:
        links.append(_a(urls.link(path, urls.tables(region, filing)), f"公开表 {filing.counts.tables} 张", esc))
    if filing.counts.forms:
        links.append(_a(urls.link(path, urls.projects(region, filing)), f"绩效目标表 {filing.counts.forms} 张", esc))
    return Markup(" · ").join(links)


def year_label(filing: Extract) -> str:
    """``2023``, and ``2023（部门决算）`` for any kind but the 预算."""
    year = str(filing.fiscal_year)
    return year if filing.kind is FilingKind.BUDGET else f"{year}（{filing.kind.title}）"


class Site:
    """The published filings with their overviews, looked up by unit: what the index pages are made of."""

    def __init__(self, content: Content, filings: Sequence[Extract], views: Sequence[Overview]) -> None:
        self.content = content
        self.filings = list(filings)
        self.views = {id(f): v for f, v in zip(filings, views, strict=True)}
        self.owners: dict[str, tuple[Region, Organisation]] = {}
        for region in content.regions:
            for org in region.organisations:
                self.owners.setdefault(org.id, (region, org))
        self.by_unit: dict[str, list[Extract]] = defaultdict(list)
        for filing in filings:
            self.by_unit[filing.unit].append(filing)
        for own in self.by_unit.values():
            own.sort(key=lambda f: (-f.fiscal_year, f.kind.value))

    def view(self, filing: Extract) -> Overview:
        return self.views[id(filing)]

    def of_unit(self, org_id: str) -> list[Extract]:
        """The unit's filings, latest year first."""
        return self.by_unit.get(org_id, [])

    def budgets(self, org_id: str) -> list[Extract]:
        """The unit's 预算 filings, latest year first."""
        return [f for f in self.of_unit(org_id) if f.kind is FilingKind.BUDGET]

    def in_region(self, region: Region) -> list[Extract]:
        return [f for f in self.filings if self.owners.get(f.unit, (None,))[0] is region]


def _latest_year(filings: Sequence[Extract]) -> int | None:
    years = [f.fiscal_year for f in filings if f.kind is FilingKind.BUDGET]
    return max(years) if years else None


def _money_year(site: Site, filings: Sequence[Extract]) -> int | None:
    """The latest year in which a 预算 among ``filings`` prints its 支出合计 (else the latest year of any 预算)."""
    printed = [f.fiscal_year for f in filings
               if f.kind is FilingKind.BUDGET and _figure(site, f, Topic.TOTAL).text is not None]
    return max(printed) if printed else _latest_year(filings)


def _figure(site: Site, filing: Extract, topic: Topic) -> Figure:
    return next(f for f in site.view(filing).headline if f.topic is topic)


def _totals(site: Site, filings: Sequence[Extract], path: str, title: str, esc: Escaper) -> Markup:
    """The budgets of the latest year among ``filings``, summed, and the same over the years before."""
    year = _money_year(site, filings)
    if year is None:
        return Markup("<p>暂无部门预算。</p>")
    latest = [f for f in filings if f.kind is FilingKind.BUDGET and f.fiscal_year == year]
    figures = sums(site.view(f).headline for f in latest)
    counts = [Count("绩效目标表", sum(f.counts.forms for f in latest), "张"),
              Count("绩效指标", sum(f.counts.indicators for f in latest), "个"),
              Count("核查发现", sum(len(findings_of(f)) for f in latest if f.checks), "条",
                    urls.link(path, urls.checks()))]
    parts = [Markup('<p class="gk-headline-title">{}</p>').format(esc.html(f"{title}：{year} 年部门预算")),
             sum_cards(figures, len(latest), counts)]
    years = sorted({f.fiscal_year for f in filings if f.kind is FilingKind.BUDGET})
    if len(years) > 1:
        lines = [YearLine("公开文件数", {y: Decimal(sum(1 for f in filings if f.kind is FilingKind.BUDGET
                                                  and f.fiscal_year == y)) for y in years}, {}, 0)]
        for topic in MONEY_TOPICS:
            per_year: dict[int, Decimal | None] = {}
            for y in years:
                total = sums(site.view(f).headline for f in filings
                             if f.kind is FilingKind.BUDGET and f.fiscal_year == y)[topic]
                per_year[y] = total.total if total.printed else None
            lines.append(YearLine(topic.title, per_year, {}))
        parts.append(years_table(esc, years, lines))
        parts.append(Markup('<p class="gk-note">{}</p>').format(
            "各年合计的是当年公开了部门预算的单位，单位不同的年度之间不宜直接比较。主管部门的部门预算可能已包含所属单位，"
            "合计仅供参考。"))
    return Markup("").join(parts)


def _units_chart(site: Site, units: Sequence[Organisation], region: Region, path: str, ident: str,
                 title: str, esc: Escaper) -> Markup:
    """Each unit's 支出合计 in its latest 预算, as bars, largest first."""
    bars = []
    for org in units:
        budgets = site.budgets(org.id)
        if not budgets:
            continue
        figure = _figure(site, budgets[0], Topic.TOTAL)
        if figure.wan is None:
            continue
        href = urls.link(path, urls.tables(region, budgets[0]), figure.row or figure.table) if figure.table else None
        bars.append(Bar(f"{org.name}（{budgets[0].fiscal_year}）", figure.wan, href))
    if len(bars) < 2:
        return Markup("")
    bars.sort(key=lambda b: (-(b.value or 0), b.label))
    return bar_chart(esc, ident, title, bars, head=("单位（年度）", "支出合计"))


def home_page(site: Site, esc: Escaper) -> Page:
    content = site.content
    filings = site.filings
    path = urls.home()
    b = Builder(esc)
    b.heading(1, content.settings.title)
    intro = ("本站公开各预算单位的部门预算、情况说明、名词解释和项目支出绩效目标表，"
             "表格按原表样式呈现，可按地区、单位、年度和预算科目浏览与检索。")
    b.html(Markup('<p class="gk-lead">{}</p>').format(intro))
    b.html(_totals(site, filings, path, "全站合计", esc))
    b.heading(2, "地区", "regions")
    rows: list[tuple[Markup | str, ...]] = []
    for region in content.regions:
        own = site.in_region(region)
        units = {f.unit for f in own}
        years = sorted({f.fiscal_year for f in own}, reverse=True)
        year = _money_year(site, own)
        total = sums(site.view(f).headline for f in own
                     if f.kind is FilingKind.BUDGET and f.fiscal_year == year)[Topic.TOTAL]
        rows.append((_a(urls.link(path, urls.region(region)), region.name, esc),
                     esc.html(" ".join(x for x in (region.province, region.prefecture) if x)),
                     str(len(units)), "、".join(str(y) for y in years),
                     f"{format_value(total.total, 2)}（{year} 年）" if total.printed else ""))
    b.html(list_table(("地区", "所属", "公开单位数", "年度", "支出合计（万元）"), rows))
    b.heading(2, "最新公开", "latest")
    latest = sorted(filings, key=lambda f: (-f.fiscal_year, f.unit, f.kind.value))[:20]
    rows = []
    for filing in latest:
        owner = site.owners.get(filing.unit)
        if owner is None:
            continue
        where, org = owner
        printed = _figure(site, filing, Topic.TOTAL).text or ""
        rows.append((year_label(filing), esc.html(where.name), _a(urls.link(path, urls.unit(where, org.id)),
                                                                  org.name, esc),
                     printed, _filing_links(path, where, filing, esc)))
    b.html(list_table(("年度", "地区", "单位", "支出合计（万元）", "内容"), rows))
    b.heading(2, "数据核查", "checks")
    b.html(Markup("<p>{}</p>").format(Markup("；").join((
        _a(urls.link(path, urls.checks()), "各文件的核查结果", esc),
        _a(urls.link(path, urls.rules()), "核查规则", esc)))))
    b.heading(2, "按预算科目和绩效指标浏览", "by-subject")
    b.html(Markup("<p>{}</p>").format(Markup("；").join((
        _a(urls.link(path, urls.subjects()), "全部预算科目（功能分类、经济分类）", esc),
        _a(urls.link(path, urls.indicators()), "全部绩效指标（按一级、二级指标）", esc)))))
    return b.page(path)


def region_page(site: Site, region: Region, esc: Escaper) -> Page:
    filings = site.in_region(region)
    path = urls.region(region)
    b = Builder(esc)
    b.heading(1, region.name)
    facts = [("行政区划代码", region.code)]
    if region.province or region.prefecture:
        where = " ".join(x for x in (region.province, region.prefecture) if x)
        facts.append(("所属", where + ("（推断）" if region.basis.value == "inferred" else "")))
    b.html(facts_table((k, esc.html(v)) for k, v in facts))
    if region.disclosures:
        b.html(Markup("<p>公开情况：{}</p>").format(Markup("、").join(
            _a(urls.link(path, urls.status(region, d.year, d.kind)), f"{d.year} 年" + (
                "" if d.kind is FilingKind.BUDGET else f"（{d.kind.title}）"), esc)
            for d in sorted(region.disclosures, key=lambda d: (-d.year, d.kind.value)))))
    b.html(_totals(site, filings, path, f"{region.name}合计", esc))
    b.html(_units_chart(site, region.organisations, region, path, "units", "各单位支出合计（最新一年部门预算）",
                        esc),
           searchable=False)
    b.heading(2, "部门和单位", "units")
    rows: list[tuple[Markup | str, ...]] = []
    for org in _ordered(region):
        parent = region.organisation(org.parent) if org.parent else None
        own = site.of_unit(org.id)
        budgets = site.budgets(org.id)
        total = _figure(site, budgets[0], Topic.TOTAL).text if budgets else None
        rows.append((_a(urls.link(path, urls.unit(region, org.id)), org.name, esc),
                     "主管部门" if org.role is OrgRole.DEPARTMENT else "预算单位",
                     esc.html(parent.name if parent else ""),
                     "、".join(year_label(f) for f in own),
                     f"{total}（{budgets[0].fiscal_year} 年）" if total else ""))
    b.html(list_table(("名称", "类别", "主管部门", "公开年度", "最新支出合计（万元）"), rows))
    b.heading(2, "公开文件", "filings")
    rows = []
    for filing in sorted(filings, key=lambda f: (-f.fiscal_year, f.unit, f.kind.value)):
        owner = region.organisation(filing.unit)
        if owner is not None:
            rows.append((year_label(filing), _a(urls.link(path, urls.unit(region, owner.id)), owner.name, esc),
                         _filing_links(path, region, filing, esc)))
    b.html(list_table(("年度", "单位", "内容"), rows))
    return b.page(path)


def _ordered(region: Region) -> list[Organisation]:
    """Departments first, each followed by its units; declared order otherwise."""
    result: list[Organisation] = []
    for org in region.organisations:
        if org.parent is None or region.organisation(org.parent) is None:
            result.append(org)
            result.extend(region.units_of(org.id))
    placed = {id(o) for o in result}
    result.extend(o for o in region.organisations if id(o) not in placed)
    return result


def unit_page(site: Site, region: Region, org: Organisation, esc: Escaper) -> Page:
    path = urls.unit(region, org.id)
    b = Builder(esc)
    b.heading(1, org.name)
    facts: list[tuple[str, Markup]] = [("地区", _a(urls.link(path, urls.region(region)), region.name, esc)),
                                       ("类别", Markup("主管部门" if org.role is OrgRole.DEPARTMENT else "预算单位"))]
    if org.code:
        facts.append(("编码", esc.html(org.code)))
    parent = region.organisation(org.parent) if org.parent else None
    if parent is not None:
        facts.append(("主管部门", _a(urls.link(path, urls.unit(region, parent.id)), parent.name, esc)))
    if org.aliases:
        facts.append(("又称", esc.html("、".join(org.aliases))))
    b.html(facts_table(facts))
    own = site.of_unit(org.id)
    budgets = site.budgets(org.id)
    if own:
        latest = budgets[0] if budgets else own[0]
        b.heading(2, f"主要数字（{year_label(latest)}）", "headline")
        b.html(filing_headline(latest, site.view(latest).headline, region, path))
    if len(budgets) > 1:
        b.heading(2, "历年对比", "years")
        b.html(unit_years(site, budgets, region, path, esc))
    children = list(region.units_of(org.id))
    if children:
        b.heading(2, "所属单位", "units")
        rows: list[tuple[Markup | str, ...]] = []
        for child in children:
            child_budgets = site.budgets(child.id)
            total = _figure(site, child_budgets[0], Topic.TOTAL).text if child_budgets else None
            rows.append((_a(urls.link(path, urls.unit(region, child.id)), child.name, esc),
                         f"{total}（{child_budgets[0].fiscal_year} 年）" if total else ""))
        b.html(list_table(("单位", "最新支出合计（万元）"), rows))
        chart = _units_chart(site, [org, *children], region, path, "units",
                             "本部门及所属单位支出合计（最新一年部门预算）", esc)
        b.html(chart, searchable=False)
    b.heading(2, "公开文件", "filings")
    listed = [(str(f.fiscal_year), esc.html(filing_title(f, org)), _filing_links(path, region, f, esc))
              for f in own]
    b.html(list_table(("年度", "文件", "内容"), listed) if listed else Markup("<p>暂无公开文件。</p>"))
    return b.page(path)


def unit_years(site: Site, budgets: Sequence[Extract], region: Region, path: str, esc: Escaper) -> Markup:
    """A unit's 预算 years side by side: the headline figures and each 功能分类 类, with the change of the latest
    year; a trend chart of 支出合计; and what the text of the latest filing says about the change (同比)."""
    years = sorted({f.fiscal_year for f in budgets})
    by_year = {f.fiscal_year: f for f in sorted(budgets, key=lambda f: f.fiscal_year)}
    lines = []
    for topic in MONEY_TOPICS:
        values: dict[int, Decimal | None] = {}
        links: dict[int, str | None] = {}
        for year, filing in by_year.items():
            figure = _figure(site, filing, topic)
            values[year] = figure.wan
            links[year] = urls.link(path, urls.tables(region, filing), figure.row or figure.table) \
                if figure.table and figure.wan is not None else None
        if any(v is not None for v in values.values()):
            lines.append(YearLine(topic.title, values, links))
    classes: dict[SubjectCode, YearLine] = {}
    names: dict[SubjectCode, str] = {}
    for year, filing in by_year.items():
        for row in site.view(filing).classes():
            line = classes.setdefault(row.code, YearLine("", {}, {}))
            names.setdefault(row.code, official_name(row.code) or row.name)
            line.values[year] = row.total.value if row.total is not None else None
            line.links[year] = urls.link(path, urls.tables(region, filing), row.row_id)
    for code in sorted(classes):
        lines.append(YearLine(f"{code.code} {names[code]}", classes[code].values, classes[code].links))
    parts = [years_table(esc, years, lines)]
    stated = site.view(by_year[years[-1]]).stated
    if stated:
        said = Markup("；").join(Markup("“{}”").format(esc.html(s)) for s in stated)
        parts.append(Markup('<p class="gk-note">{} 年文件的文字说明：{}（上表按两年公开表计算）</p>').format(
            years[-1], said))
    total_links = next((ln.links for ln in lines if ln.label == Topic.TOTAL.title), {})
    trend = [Bar(f"{y} 年", _figure(site, by_year[y], Topic.TOTAL).wan, total_links.get(y)) for y in years]
    if sum(1 for t in trend if t.value is not None) > 1:
        parts.append(bar_chart(esc, "trend", "历年支出合计", trend, head=("年度", "支出合计")))
    return Markup("").join(parts)


def subjects_page(index: dict[SubjectCode, list[Occurrence]], esc: Escaper) -> Page:
    path = urls.subjects()
    b = Builder(esc)
    b.heading(1, "预算科目")
    b.html(Markup("<p>{}</p>").format("各公开表中出现的支出功能分类科目和支出经济分类科目。点击科目可查看各单位、各年度的金额。"))
    for scheme in (CodeScheme.FUNCTION, CodeScheme.ECONOMIC):
        codes = [c for c in index if c.scheme is scheme]
        if not codes:
            continue
        b.heading(2, _SCHEME_NAMES[scheme], scheme.value)
        rows = [(_a(urls.link(path, urls.subject(c)), c.code, esc), esc.html(_name(c, index[c])), c.level.value,
                 str(len(index[c]))) for c in codes]
        b.html(list_table(("编码", "名称", "级次", "出现次数"), rows))
    return b.page(path)


def _name(code: SubjectCode, occurrences: list[Occurrence]) -> str:
    """The official name (政府收支分类科目), or the name printed first when gongkai does not know the code."""
    return official_name(code) or (occurrences[0].row.name if occurrences else "")


PRIMARY_TABLES = ("expenditure", "general_expenditure", "expenditure_summary", "general_basic")
"""where a subject's line on its page is read from, in order of preference (the broadest table first)"""
MEASURES = (Measure.TOTAL, Measure.BASIC, Measure.PROJECT)


@dataclass(frozen=True, slots=True)
class SubjectLine:
    """One unit's one filing on a subject's page: the amounts of its broadest table, and every row printing it."""

    primary: Occurrence
    rows: list[Occurrence]

    @property
    def total(self) -> Decimal | None:
        amount = self.primary.row.total
        return None if amount is None else amount.value


def subject_lines(occurrences: Sequence[Occurrence]) -> list[SubjectLine]:
    """The occurrences of a code, one line per filing, in the occurrences' order."""
    grouped: dict[int, list[Occurrence]] = {}
    for o in occurrences:
        grouped.setdefault(id(o.filing), []).append(o)

    def rank(o: Occurrence) -> int:
        anchor = o.row.table_anchor
        return PRIMARY_TABLES.index(anchor) if anchor in PRIMARY_TABLES else len(PRIMARY_TABLES)
    return [SubjectLine(min(rows, key=rank), rows) for rows in grouped.values()]


def subject_page(code: SubjectCode, occurrences: list[Occurrence], index: dict[SubjectCode, list[Occurrence]],
                 children: Iterable[SubjectCode], esc: Escaper,
                 lines_of: dict[SubjectCode, list[SubjectLine]] | None = None) -> Page:
    """One code's page: its official name, its parent and children among the codes of the ``index``, the totals per
    year across units (with the change), and one line per unit and year with its measures and links to every
    table that prints the code."""
    path = urls.subject(code)
    official = official_name(code)
    b = Builder(esc)
    b.heading(1, f"{code.code} {_name(code, occurrences)}")
    facts: list[tuple[str, Markup]] = [("科目类别", Markup(_SCHEME_NAMES.get(code.scheme, ""))),
                                       ("级次", Markup(code.level.value))]
    if official is not None:
        facts.append(("科目名称", esc.html(f"{official}（{catalogue().edition}年政府收支分类科目）")))
        printed = sorted({o.row.name for o in occurrences if o.row.name and o.row.name != official})
        if printed:
            facts.append(("公开表中印作", esc.html("、".join(printed))))
    if code.parent is not None and code.parent in index:
        facts.append(("上级科目", _a(urls.link(path, urls.subject(code.parent)), code.parent.code, esc)))
    b.html(facts_table(facts))
    lines_of = {} if lines_of is None else lines_of
    lines = lines_of.get(code) or subject_lines(occurrences)
    budget = [ln for ln in lines if ln.primary.filing.kind is FilingKind.BUDGET]
    years = sorted({ln.primary.filing.fiscal_year for ln in budget})
    if years:
        b.heading(2, "各年合计", "totals")
        rows = [YearLine("单位数", {y: Decimal(sum(1 for ln in budget if ln.primary.filing.fiscal_year == y))
                                    for y in years}, {}, 0)]
        for measure in MEASURES:
            values: dict[int, Decimal | None] = {}
            for y in years:
                found = [_amount(ln.primary, measure) for ln in budget if ln.primary.filing.fiscal_year == y]
                present = [v for v in found if v is not None]
                values[y] = sum(present, Decimal(0)) if present else None
            if any(v is not None for v in values.values()):
                rows.append(YearLine(measure.title, values, {}))
        b.html(years_table(esc, years, rows))
        b.html(Markup('<p class="gk-note">{}</p>').format(
            "同一科目在部门支出总表、一般公共预算支出表等多张表中各印一次。下面每个单位每年只列一行，金额取自其中口径最宽的表"
            "（部门支出总表，没有时依次取一般公共预算支出表、支出预算总表），“印于”列出印有该科目的每一张表；"
            "各年合计是这些行之和（万元）。"))
    children = sorted(children)
    if children:
        b.heading(2, "下级科目", "children")
        latest = years[-1] if years else None
        rows_c: list[tuple[Markup | str, ...]] = []
        for child in children:
            child_lines = [ln for ln in lines_of.get(child) or subject_lines(index.get(child, []))
                           if ln.primary.filing.kind is FilingKind.BUDGET and ln.primary.filing.fiscal_year == latest]
            present = [ln.total for ln in child_lines if ln.total is not None]
            rows_c.append((_a(urls.link(path, urls.subject(child)), child.code, esc),
                           esc.html(_name(child, index.get(child, []))),
                           format_value(sum(present, Decimal(0)), 2) if present else "", str(len(child_lines))))
        b.html(list_table(("编码", "名称", f"{latest} 年合计（万元）" if latest else "合计（万元）", "单位数"), rows_c))
    b.heading(2, "各单位", "occurrences")
    rows_u = []
    units: dict[str, Markup] = {}
    for line in lines:
        o = line.primary
        unit = units.get(o.org.id)
        if unit is None:
            unit = units[o.org.id] = _a(urls.link(path, urls.unit(o.region, o.org.id)), o.org.name, esc)
        printed_in = Markup("、").join(
            _a(urls.link(path, urls.tables(r.region, r.filing), r.row.row_id), r.row.table_title, esc)
            for r in line.rows)
        rows_u.append((year_label(o.filing), esc.html(o.region.name), unit, *(_money(o, m) for m in MEASURES),
                       printed_in))
    # each row repeats a row of a tables page, where search finds it with its context: indexing the list
    # again would put every subject page among the results for any unit's name, and slow the index down
    head = ("年度", "地区", "单位", "合计（万元）", "基本支出", "项目支出", "印于")
    b.html(list_table(head, rows_u, searchable=False), searchable=False)
    latest_lines = [ln for ln in budget if years and ln.primary.filing.fiscal_year == years[-1]]
    if len(latest_lines) > 1:
        bars = [Bar(ln.primary.org.name, ln.total, urls.link(path, urls.tables(ln.primary.region, ln.primary.filing),
                                                              ln.primary.row.row_id)) for ln in latest_lines]
        bars.sort(key=lambda bar: (-(bar.value or 0), bar.label))
        b.html(bar_chart(esc, "units", f"{years[-1]} 年各单位{code.code}合计", bars, head=("单位", "合计")),
               searchable=False)
    return b.page(path)


def _amount(o: Occurrence, measure: Measure) -> Decimal | None:
    amount = o.row.total if measure is Measure.TOTAL else o.row.amounts.get(measure)
    return None if amount is None else amount.value


def _money(o: Occurrence, measure: Measure) -> str:
    """The amount as printed in its row (``282.90``); blank where the row prints none."""
    amount = o.row.total if measure is Measure.TOTAL else o.row.amounts.get(measure)
    return "" if amount is None else format_amount(amount, 2)


def search_page(esc: Escaper) -> Page:
    b = Builder(esc)
    b.heading(1, "搜索")
    b.html(Markup('<div id="gk-search" class="gk-search" data-pagefind-ignore="all">'
                  "<noscript>搜索需要启用 JavaScript。</noscript></div>"), searchable=False)
    return b.page("search.md")
