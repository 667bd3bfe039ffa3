"""绩效指标索引: every performance indicator of every published form, by 一级指标, in sections by 二级指标 as
printed, each with its 三级指标, its value as printed and as read, its project, unit and year, and a link to its form.

A reader narrows the index by following links: the index page lists each 一级 and its 二级 with their counts, each
二级 links to its section. No script is needed. 二级 names printed with and without the closing 指标
(服务对象满意度, 服务对象满意度指标) share a section, which names both."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from generator.model.extract import Extract
from generator.model.org import Organisation, Region
from generator.render import urls
from generator.render.escape import Escaper
from generator.render.indexes import Site
from generator.render.overview import IndicatorRow
from generator.render.page import Builder, Page, list_table
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


LIMIT = 2500
"""indicators on one page at most, where they can be split: a 一级 with more is split by year, a year with more by
二级 (a county's 120 units print some 15,000 indicators a year)"""


@dataclass(frozen=True, slots=True)
class Part:
    """One page of the index: a 一级指标, or a year of it, or a 二级 of that year."""

    path: str
    title: str
    level1: str
    entries: list[Entry]
    sections: dict[str, list[Entry]]
    """the entries by 二级, largest first"""


def _part(path: str, title: str, level1: str, entries: list[Entry]) -> Part:
    ordered = _order(entries)
    return Part(path, title, level1, ordered, _sections(ordered))


def indicator_pages(site: Site, esc: Escaper) -> list[Page]:
    """The index page and the pages of each 一级指标 (split when large)."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in _entries(site):
        groups[level1_slug(entry[3].level1)].append(entry)
    parts = [part for slug in _ORDER if slug in groups for part in _split(slug, groups[slug])]
    return [_index(parts, esc), *(_group(part, esc) for part in parts)]


def _order(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (-e[0].fiscal_year, e[1].slug, e[2].id))


def _split(slug: str, entries: list[Entry]) -> list[Part]:
    name = _level1_name(slug)
    if len(entries) <= LIMIT:
        return [_part(urls.indicator_group(slug), name, name, entries)]
    parts = []
    years: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        years[entry[0].fiscal_year].append(entry)
    for year in sorted(years, reverse=True):
        members = years[year]
        if len(members) <= LIMIT:
            parts.append(_part(urls.indicator_group(f"{slug}-{year}"), f"{name}（{year} 年）", name, members))
            continue
        for key, section in _sections(members).items():
            parts.append(_part(urls.indicator_group(f"{slug}-{year}-{level2_anchor(key)}"),
                               f"{name}（{year} 年，{_printed(section)}）", name, section))
    return parts


def _level1_name(slug: str) -> str:
    return next((k for k, v in LEVEL1_SLUGS.items() if v == slug), "其他指标")


def _printed(entries: list[Entry]) -> str:
    return "、".join(sorted({_clean(e[3].level2) for e in entries} - {""})) or "未印二级指标"


def _sections(entries: list[Entry]) -> dict[str, list[Entry]]:
    sections: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        sections[level2_key(entry[3].level2)].append(entry)
    return dict(sorted(sections.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def _index(parts: list[Part], esc: Escaper) -> Page:
    path = urls.indicators()
    b = Builder(esc)
    b.heading(1, "绩效指标")
    total = sum(len(p.entries) for p in parts)
    b.html(Markup('<p class="gk-lead">{}</p>').format(
        f"各单位项目支出绩效目标表和部门整体绩效目标表中的全部绩效指标，共 {total} 个，"
        "按一级指标分页，页内按二级指标分节。点击一级或二级指标，即可只看这一类指标（例如满意度指标）；每个指标都链接到它所在的绩效目标表。"))
    if not parts:
        b.html(Markup("<p>暂无绩效指标。</p>"))
        return b.page(path)
    rows = []
    for part in parts:
        links = Markup("；").join(Markup("{}（{}）").format(
            _a(urls.link(path, part.path, level2_anchor(key)), _printed(members), esc), len(members))
            for key, members in part.sections.items())
        rows.append((_a(urls.link(path, part.path), part.title, esc), str(len(part.entries)), links))
    b.html(list_table(("一级指标", "指标数", "二级指标（指标数）"), rows))
    return b.page(path)


def _group(part: Part, esc: Escaper) -> Page:
    path = part.path
    b = Builder(esc)
    b.heading(1, part.title)
    back = _a(urls.link(path, urls.indicators()), "全部绩效指标", esc)
    sections = part.sections
    toc = Markup("").join(Markup('<li><a href="#{}">{}</a>（{}）</li>').format(
        level2_anchor(k), _printed(v), len(v)) for k, v in sections.items())
    b.html(Markup('<p class="gk-back">{}</p><p>{}</p><ol class="gk-toc">{}</ol>').format(
        back, f"共 {len(part.entries)} 个指标，按二级指标分节：", toc))
    for key, members in sections.items():
        b.heading(2, f"{_printed(members)}（{len(members)} 个）", level2_anchor(key))
        rows = []
        forms: dict[tuple[int, str, str], Markup] = {}  # a form's indicators share its link, a unit's its own
        units: dict[str, Markup] = {}
        for filing, region, org, row in members:
            which = (id(filing), row.form, row.project)
            form = forms.get(which)
            if form is None:
                form = forms[which] = _a(urls.link(path, urls.projects(region, filing), row.form),
                                       row.project or "绩效目标表", esc)
            unit = units.get(org.id)
            if unit is None:
                unit = units[org.id] = _a(urls.link(path, urls.unit(region, org.id)), org.name, esc)
            rows.append((esc.html(row.name), esc.html(row.printed), esc.html(row.parsed), form, unit,
                         str(filing.fiscal_year)))
        # the forms' pages are indexed for search already: this list would only repeat them
        b.html(list_table(("三级指标", "指标值（原文）", "读作", "项目", "单位", "年度"), rows, searchable=False),
               searchable=False)
    return b.page(path)
