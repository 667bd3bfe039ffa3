"""绩效指标索引: every performance indicator of every published form, by year and 一级指标, in sections by 二级指标
as printed, each with its 三级指标, its value as printed and as read, its project and unit, and a link to its form.

A reader narrows the index by following links: the index page lists each year's 一级 and 二级 with their counts,
each 二级 links to its section. No script is needed. 二级 names printed with and without the closing 指标
(服务对象满意度, 服务对象满意度指标) share a section, which names both."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from markupsafe import Markup

from generator.model.extract import Extract
from generator.model.org import Organisation, Region
from generator.render import urls
from generator.render.escape import Escaper
from generator.render.indexes import Site, list_table
from generator.render.overview import IndicatorRow
from generator.render.page import Builder, Page
from generator.render.page import anchor as _a

LEVEL1_SLUGS = {"产出指标": "output", "成本指标": "cost", "效益指标": "outcome", "满意度指标": "satisfaction"}
"""the 一级指标 of the 预算绩效管理 framework; any other printed 一级 goes to ``other``"""
OTHER = "other"
_ORDER = [*LEVEL1_SLUGS.values(), OTHER]


def _clean(text: str) -> str:
    return " ".join(text.split())


def level1_slug(level1: str) -> str:
    return LEVEL1_SLUGS.get(_clean(level1), OTHER)


def level2_key(level2: str) -> str:
    """Printed 二级 names grouped: white space and a closing 指标 do not tell them apart."""
    name = _clean(level2)
    return name[: -len("指标")] if name.endswith("指标") and len(name) > 2 else name


def level2_anchor(key: str) -> str:
    return "l2-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


Entry = tuple[Extract, Region, Organisation, IndicatorRow]


def _entries(site: Site) -> Iterable[Entry]:
    for filing in site.filings:
        owner = site.owners.get(filing.unit)
        if owner is None:
            continue
        for row in site.view(filing).indicators:
            yield filing, owner[0], owner[1], row


def indicator_pages(site: Site, esc: Escaper) -> list[Page]:
    """The index page and one page per year and 一级指标."""
    groups: dict[tuple[int, str], list[Entry]] = defaultdict(list)
    for entry in _entries(site):
        groups[entry[0].fiscal_year, level1_slug(entry[3].level1)].append(entry)
    pages = [_index(groups, esc)]
    for (year, slug), entries in sorted(groups.items(), key=lambda kv: (-kv[0][0], _ORDER.index(kv[0][1]))):
        pages.append(_group(year, slug, entries, esc))
    return pages


def _page_path(year: int, slug: str) -> str:
    return urls.indicator_group(f"{year}-{slug}")


def _level1_name(entries: list[Entry], slug: str) -> str:
    if slug != OTHER:
        return next(k for k, v in LEVEL1_SLUGS.items() if v == slug)
    return "其他指标"


def _sections(entries: list[Entry]) -> dict[str, list[Entry]]:
    sections: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        sections[level2_key(entry[3].level2)].append(entry)
    return dict(sorted(sections.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def _index(groups: dict[tuple[int, str], list[Entry]], esc: Escaper) -> Page:
    path = urls.indicators()
    b = Builder(esc)
    b.heading(1, "绩效指标")
    total = sum(len(v) for v in groups.values())
    b.html(Markup('<p class="gk-lead">{}</p>').format(
        f"各单位项目支出绩效目标表和部门整体绩效目标表中的全部绩效指标，共 {total} 个，按年度和一级指标分页，"
        "页内按二级指标分节。点击二级指标，即可只看这一类指标（例如满意度指标）；每个指标都链接到它所在的绩效目标表。"))
    if not groups:
        b.html(Markup("<p>暂无绩效指标。</p>"))
        return b.page(path)
    for year in sorted({y for y, _ in groups}, reverse=True):
        b.heading(2, f"{year} 年", f"y{year}")
        rows = []
        for slug in _ORDER:
            entries = groups.get((year, slug))
            if not entries:
                continue
            page = _page_path(year, slug)
            name = _level1_name(entries, slug)
            parts = []
            for key, members in _sections(entries).items():
                printed = sorted({_clean(e[3].level2) for e in members} - {""})
                label = "、".join(printed) or "（未印二级指标）"
                parts.append(Markup("{}（{}）").format(
                    _a(urls.link(path, page, level2_anchor(key)), label, esc), len(members)))
            rows.append((_a(urls.link(path, page), name, esc), str(len(entries)), Markup("；").join(parts)))
        b.html(list_table(("一级指标", "指标数", "二级指标（指标数）"), rows))
    return b.page(path)


def _group(year: int, slug: str, entries: list[Entry], esc: Escaper) -> Page:
    path = _page_path(year, slug)
    name = _level1_name(entries, slug)
    b = Builder(esc)
    b.heading(1, f"{year} 年{name}")
    back = _a(urls.link(path, urls.indicators()), "全部绩效指标", esc)
    sections = _sections(entries)
    toc = Markup("").join(Markup('<li><a href="#{}">{}</a>（{}）</li>').format(
        level2_anchor(k), "、".join(sorted({_clean(e[3].level2) for e in v} - {""})) or "（未印二级指标）", len(v))
        for k, v in sections.items())
    b.html(Markup('<p class="gk-back">{}</p><p>{}</p><ol class="gk-toc">{}</ol>').format(
        back, f"共 {len(entries)} 个指标，按二级指标分节：", toc))
    for key, members in sections.items():
        printed = "、".join(sorted({_clean(e[3].level2) for e in members} - {""})) or "未印二级指标"
        b.heading(2, f"{printed}（{len(members)} 个）", level2_anchor(key))
        rows = []
        for filing, region, org, row in members:
            form = _a(urls.link(path, urls.projects(region, filing), row.form), row.project or "绩效目标表", esc)
            rows.append((esc.html(row.name), esc.html(row.printed), esc.html(row.parsed), form,
                         _a(urls.link(path, urls.unit(region, org.id)), org.name, esc)))
        # the forms' pages are indexed for search already: this list would only repeat them
        b.html(list_table(("三级指标", "指标值（原文）", "读作", "项目", "单位"), rows, searchable=False),
               searchable=False)
    return b.page(path)
