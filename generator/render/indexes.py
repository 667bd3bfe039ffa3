"""Index pages: home, region, unit, subject code pages, search."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from markupsafe import Markup, escape

from generator.model.codes import CodeScheme, SubjectCode
from generator.model.extract import Extract
from generator.model.filing import Content
from generator.model.kind import FilingKind
from generator.model.org import Organisation, OrgRole, Region
from generator.reference import catalogue, official_name
from generator.render import urls
from generator.render.document import filing_title
from generator.render.escape import Escaper
from generator.render.numbers import format_amount
from generator.render.page import Builder, Page, facts_table
from generator.render.page import anchor as _a
from generator.render.subjects import Occurrence, SubjectRow

_SCHEME_NAMES = {CodeScheme.FUNCTION: "支出功能分类科目", CodeScheme.ECONOMIC: "支出经济分类科目"}


def _safe(text: Markup | str) -> str:
    return text if isinstance(text, Markup) else escape(text)


def list_table(head: Iterable[str], rows: Iterable[Iterable[Markup | str]], cls: str = "gk-list",
           searchable: bool = True) -> Markup:
    """A list table; ``searchable=False`` marks it for Pagefind to skip (pass it to ``Builder.html`` too)."""
    # Markup passes through and plain text is escaped, as Markup.format would do, at a tenth of the cost
    th = "".join(f"<th>{_safe(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_safe(c)}</td>" for c in row) + "</tr>" for row in rows)
    ignore = "" if searchable else " data-pagefind-ignore"
    return Markup(f'<div class="gk-scroll"{ignore}><table class="{escape(cls)}"><thead><tr>{th}</tr></thead>'
                  f"<tbody>{body}</tbody></table></div>")


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


class ByUnit:
    """The filings of each unit, newest first, grouped once (pages of thousands of units each ask for theirs)."""

    def __init__(self, filings: Sequence[Extract]) -> None:
        self.all = list(filings)
        self.groups: dict[str, list[Extract]] = {}
        for filing in filings:
            self.groups.setdefault(filing.unit, []).append(filing)
        for group in self.groups.values():
            group.sort(key=lambda f: (-f.fiscal_year, f.kind.value))

    def of(self, org_id: str) -> list[Extract]:
        return self.groups.get(org_id, [])


def _by_unit(filings: Sequence[Extract] | ByUnit) -> ByUnit:
    return filings if isinstance(filings, ByUnit) else ByUnit(filings)


def home_page(content: Content, filings: Sequence[Extract], esc: Escaper) -> Page:
    path = urls.home()
    b = Builder(esc)
    b.heading(1, content.settings.title)
    intro = ("本站公开各预算单位的部门预算、情况说明、名词解释和项目支出绩效目标表，"
             "表格按原表样式呈现，可按地区、单位、年度和预算科目浏览与检索。")
    b.html(Markup('<p class="gk-lead">{}</p>').format(intro))
    b.heading(2, "地区", "regions")
    rows: list[tuple[Markup | str, ...]] = []
    filed = {f.unit for f in filings}
    for region in content.regions:
        units = [o for o in region.organisations if o.id in filed]
        years = sorted({f.fiscal_year for f in filings if region.organisation(f.unit)}, reverse=True)
        rows.append((_a(urls.link(path, urls.region(region)), region.name, esc),
                     esc.html(" ".join(x for x in (region.province, region.prefecture) if x)),
                     str(len(units)), "、".join(str(y) for y in years)))
    b.html(list_table(("地区", "所属", "公开单位数", "年度"), rows))
    b.heading(2, "最新公开", "latest")
    latest = sorted(filings, key=lambda f: (-f.fiscal_year, f.unit, f.kind.value))[:20]
    rows = []
    for filing in latest:
        where = content.region_of(filing.unit)
        org = where.organisation(filing.unit) if where else None
        if where is None or org is None:
            continue
        rows.append((year_label(filing), esc.html(where.name), esc.html(org.name),
                     _filing_links(path, where, filing, esc)))
    b.html(list_table(("年度", "地区", "单位", "内容"), rows))
    b.heading(2, "数据核查", "checks")
    b.html(Markup("<p>{}</p>").format(Markup("；").join((
        _a(urls.link(path, urls.checks()), "各文件的核查结果", esc),
        _a(urls.link(path, urls.rules()), "核查规则", esc)))))
    b.heading(2, "按预算科目浏览", "by-subject")
    b.html(Markup("<p>{}</p>").format(_a(urls.link(path, urls.subjects()), "全部预算科目（功能分类、经济分类）", esc)))
    return b.page(path)


def region_page(region: Region, filings: Sequence[Extract] | ByUnit, esc: Escaper) -> Page:
    path = urls.region(region)
    by_unit = _by_unit(filings)
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
    b.heading(2, "部门和单位", "units")
    rows: list[tuple[Markup | str, ...]] = []
    for org in _ordered(region):
        parent = region.organisation(org.parent) if org.parent else None
        own = by_unit.of(org.id)
        rows.append((_a(urls.link(path, urls.unit(region, org.id)), org.name, esc),
                     "主管部门" if org.role is OrgRole.DEPARTMENT else "预算单位",
                     esc.html(parent.name if parent else ""),
                     "、".join(year_label(f) for f in own)))
    b.html(list_table(("名称", "类别", "主管部门", "公开年度"), rows))
    b.heading(2, "公开文件", "filings")
    rows = []
    for filing in sorted(by_unit.all, key=lambda f: (-f.fiscal_year, f.unit, f.kind.value)):
        owner = region.organisation(filing.unit)
        if owner is not None:
            rows.append((year_label(filing), esc.html(owner.name), _filing_links(path, region, filing, esc)))
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


def unit_page(region: Region, org: Organisation, filings: Sequence[Extract] | ByUnit, esc: Escaper) -> Page:
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
    children = region.units_of(org.id)
    if children:
        b.heading(2, "所属单位", "units")
        b.html(Markup("<ul>{}</ul>").format(Markup("").join(
            Markup("<li>{}</li>").format(_a(urls.link(path, urls.unit(region, c.id)), c.name, esc))
            for c in children)))
    b.heading(2, "公开文件", "filings")
    rows = [(str(f.fiscal_year), esc.html(filing_title(f, org)), _filing_links(path, region, f, esc))
            for f in _by_unit(filings).of(org.id)]
    b.html(list_table(("年度", "文件", "内容"), rows) if rows else Markup("<p>暂无公开文件。</p>"))
    return b.page(path)


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


def subject_page(code: SubjectCode, occurrences: list[Occurrence], known: Collection[SubjectCode],
                 children: Iterable[SubjectCode], esc: Escaper) -> Page:
    """One code's page: its official name, its parent and children among the ``known`` codes, and every row that
    prints it, with the name printed there."""
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
    if code.parent is not None and code.parent in known:
        facts.append(("上级科目", _a(urls.link(path, urls.subject(code.parent)), code.parent.code, esc)))
    children = sorted(children)
    if children:
        facts.append(("下级科目", Markup("、").join(_a(urls.link(path, urls.subject(c)), c.code, esc)
                                                  for c in children)))
    b.html(facts_table(facts))
    b.heading(2, "出现在以下公开表中", "occurrences")
    rows = []
    for o in occurrences:
        target = urls.link(path, urls.tables(o.region, o.filing), o.row.row_id)
        rows.append((year_label(o.filing), esc.html(o.region.name), esc.html(o.org.name),
                     _a(target, o.row.table_title, esc), esc.html(o.row.name), _headline(o.row)))
    # each row repeats a row of a tables page, where search finds it with its context: indexing the list
    # again would put every subject page among the results for any unit's name, and slow the index down
    b.html(list_table(("年度", "地区", "单位", "表", "科目名称", "合计（万元）"), rows, searchable=False),
           searchable=False)
    return b.page(path)


def _headline(row: SubjectRow) -> str:
    """The row's 合计; in a table that prints none, its first amount and what it is (``2,457.00（财政拨款）``)."""
    if row.total is not None:
        return format_amount(row.total, 2)
    first = next(iter(row.amounts.items()), None)
    return "" if first is None else f"{format_amount(first[1], 2)}（{first[0].title}）"


def search_page(esc: Escaper) -> Page:
    b = Builder(esc)
    b.heading(1, "搜索")
    b.html(Markup('<div id="gk-search" class="gk-search" data-pagefind-ignore="all">'
                  "<noscript>搜索需要启用 JavaScript。</noscript></div>"), searchable=False)
    return b.page("search.md")
