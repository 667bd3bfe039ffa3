"""新建公开文件 (``gongkai new``): a filing for a unit and year with every table and 情况说明 section its region's
公开表样 requires, every amount blank; or last year's filing carried forward (structure, names and codes kept,
amounts cleared, the 上年 columns filled with last year's figures)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from generator.diagnostics import Severity
from generator.load.content import load_filing_data
from generator.model.filing import Filing
from generator.model.forms import Person
from generator.model.indicators import Indicator
from generator.model.kind import FilingKind
from generator.model.measures import Measure
from generator.model.money import Amount
from generator.model.narrative import Part, Section
from generator.model.org import Basis, Organisation, Region
from generator.model.tables import BudgetTable, Cell
from generator.reference.templates import Template, templates

BLANK = Path(__file__).resolve().parent.parent / "reference" / "blank-budget.yaml"
_YEAR = re.compile(r"((?:19|20)\d\d)(?=\s*年)")
_OWN_YEAR = frozenset({"title", "heading", "subtitle"})
"""text fields that name the filing's own year (表名, 标题, 副标题 ``（2023年度）``): every year in them becomes the
new one (a misprinted year is not carried forward)"""
_SHIFTED = frozenset({"label", "note"})
"""text fields whose years move on by as many years as the filing (栏目 ``2022年预算数`` is the year before)"""
_DATED = frozenset({"period", "start", "end"})
"""项目起止时间 and 实施进度 (``2019.1-2019.12``): every year in them moves on"""
_DATE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*[.年/-]|$)")
_CURRENT = (Measure.BUDGET, Measure.TOTAL)
"""the column whose figure becomes next year's 上年预算数: 本年预算数, else 合计"""


class NewError(Exception):
    """A reason no filing can be written (the message is for the clerk)."""


@dataclass(frozen=True, slots=True)
class Draft:
    """What ``gongkai new`` writes and tells."""

    filing: Filing
    template: Template | None
    notes: tuple[str, ...]
    """what the clerk should know (no 公开安排 for the year, tables added from the 表样 …)"""


@cache
def blank_filing() -> Filing:
    """The blank filing of the reference (``blank-budget.yaml``): every table and section a 表样 may require."""
    filing, found = load_filing_data(BLANK.read_bytes(), "generator/reference/blank-budget.yaml")
    errors = [d for d in found if d.severity is Severity.ERROR]
    assert filing is not None and not errors, errors
    return filing


def template_for(region: Region, year: int, kind: FilingKind) -> tuple[Template | None, str | None]:
    """The 表样 of the region's 公开安排 for the year, else of its latest earlier year (with a note saying so)."""
    known = templates()
    own = region.disclosure(year, kind)
    if own is not None:
        return (known.get(own.template) if own.template else None), None
    earlier = sorted((d for d in region.disclosures if d.kind is kind and d.year < year and d.template),
                     key=lambda d: d.year)
    if not earlier:
        return None, None
    last = earlier[-1]
    assert last.template is not None
    return known.get(last.template), (f"{region.name}的 region.yaml 没有 {year} 年的公开安排，按 {last.year} 年的表样"
                                      f"“{last.template}”新建；请在 disclosures 中加上 {{year: {year}, template: "
                                      f"{last.template}}}")


def new_filing(unit: Organisation, region: Region, year: int, kind: FilingKind,
               earlier: Filing | None = None) -> Draft:
    """The draft filing of ``unit`` for ``year``: from the reference blank, or carried forward from ``earlier``."""
    template, note = template_for(region, year, kind)
    notes = [note] if note else []
    blank = blank_filing()
    if earlier is None:
        if template is None:
            raise NewError(f"{region.name}的 region.yaml 没有指定任何年度的公开表样（disclosures 的 template），"
                           "无法确定要公开哪些表；请先在 region.yaml 中写明，例如 "
                           f"disclosures: [{{year: {year}, template: jiangxi-2023}}]")
        source = _select(blank, template)
        filler = f"填报单位：[{unit.code}]{unit.name}" if unit.code else f"填报单位：{unit.name}"
        source = dataclasses.replace(source, unit_name=unit.name, tables=tuple(
            dataclasses.replace(t, filler=filler) if t.unit_label else t for t in source.tables))
    else:
        source = earlier
        if template is not None:
            source, added = _complete(earlier, _select(blank, template))
            notes.extend(added)
    moved = carry_forward(source, year, prior=earlier is not None)
    return Draft(dataclasses.replace(moved, unit=unit.id, kind=kind), template, tuple(notes))


def _select(blank: Filing, template: Template) -> Filing:
    """The blank filing cut down to what the template requires."""
    tables = tuple(t for t in blank.tables if t.kind in template.tables)
    explanation = blank.explanation
    if explanation is not None:
        sections = tuple(s for s in explanation.sections if s.role in template.sections)
        explanation = dataclasses.replace(explanation, sections=_renumber(sections)) if sections else None
    forms = blank.project_forms if template.project_forms else ()
    return dataclasses.replace(blank, tables=tables, explanation=explanation, project_forms=forms)


_NUMBERS = "一二三四五六七八九十"


def _renumber(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    return tuple(dataclasses.replace(s, number=(_NUMBERS[i] if i < 10 else f"十{_NUMBERS[i - 10]}") + "、")
                 for i, s in enumerate(sections))


def _complete(earlier: Filing, required: Filing) -> tuple[Filing, list[str]]:
    """``earlier`` with the required tables and sections it lacks (taken blank from ``required``)."""
    notes: list[str] = []
    have = {t.kind for t in earlier.tables}
    missing = tuple(t for t in required.tables if t.kind not in have)
    notes.extend(f"上年文件没有{t.title}，已按表样加上空表" for t in missing)
    explanation = earlier.explanation
    if required.explanation is not None:
        roles = {s.role for s in _all_sections(explanation.sections if explanation else ())}
        lacking = tuple(s for s in required.explanation.sections if s.role not in roles)
        notes.extend(f"上年文件的情况说明没有“{s.title}”一节，已按表样加上" for s in lacking)
        if lacking:
            explanation = dataclasses.replace(required.explanation, sections=lacking) if explanation is None \
                else dataclasses.replace(explanation, sections=explanation.sections + lacking)
    forms = earlier.project_forms or required.project_forms
    return dataclasses.replace(earlier, tables=earlier.tables + missing, explanation=explanation,
                               project_forms=forms), notes


def _all_sections(sections: tuple[Section, ...]) -> list[Section]:
    found = []
    for s in sections:
        found.append(s)
        found.extend(_all_sections(s.sections))
    return found


def carry_forward(filing: Filing, year: int, prior: bool) -> Filing:
    """``filing`` as next year's draft: years in titles and column labels moved on, every amount, indicator value
    and paragraph cleared, 核查说明 and publication details dropped; with ``prior``, each table's 上年 column
    filled from the figure this filing prints for the same row."""
    shift = year - filing.fiscal_year
    retitle = _retitler(year)
    tables = tuple(_table(t, retitle, shift, prior) for t in filing.tables)
    explanation = _part(filing.explanation, retitle)
    tables_part = _part(filing.tables_part, retitle)
    profile = filing.profile
    if profile is not None:  # 人员情况 are this year's counts: the keys stay, the numbers go
        staffing = profile.staffing
        if staffing is not None:
            counts: dict[str, Any] = {f.name: None for f in dataclasses.fields(staffing)
                                      if isinstance(getattr(staffing, f.name), int)}
            staffing = dataclasses.replace(staffing, **counts)
        profile = dataclasses.replace(profile, staffing_text=None, staffing=staffing)
    moved = dataclasses.replace(
        filing, fiscal_year=year, fiscal_year_basis=Basis.STATED,
        fiscal_year_evidence=None, title=retitle(filing.title), source=None, approved_on=None, published_on=None,
        acknowledged=(), profile=profile, tables=tables, explanation=explanation, tables_part=tables_part,
        project_forms=tuple(_clear(f, retitle, shift, year) for f in filing.project_forms),
        dept_overall_forms=tuple(_clear(f, retitle, shift, year) for f in filing.dept_overall_forms), figures=())
    return moved


def _retitler(year: int) -> Callable[[str | None], str | None]:
    def retitle(text: str | None) -> str | None:
        return None if text is None else _YEAR.sub(str(year), text)
    return retitle


def _shifted(text: str, shift: int) -> str:
    return _YEAR.sub(lambda m: str(int(m[1]) + shift), text) if shift else text


def _part(part: Part | None, retitle: Callable[[str | None], str | None]) -> Part | None:
    if part is None:
        return None
    heading = retitle(part.heading)
    assert heading is not None
    return dataclasses.replace(part, heading=heading, paragraphs=(), acknowledged=(),
                               sections=tuple(_section(s, retitle) for s in part.sections))


def _section(section: Section, retitle: Callable[[str | None], str | None]) -> Section:
    title = retitle(section.title)
    assert title is not None
    return dataclasses.replace(section, title=title, paragraphs=(), acknowledged=(),
                               sections=tuple(_section(s, retitle) for s in section.sections))


def _table(table: BudgetTable, retitle: Callable[[str | None], str | None], shift: int, prior: bool) -> BudgetTable:
    """Labels moved on, amounts blank; the 上年预算数 column takes this year's figure of the same row."""
    measures = table.measures
    amounts = [i for i, m in enumerate(measures) if m is not None]
    fill: dict[int, int] = {}
    if prior:
        current = next((measures.index(m) for m in _CURRENT if m in measures), None)
        if current is not None:
            fill = {i: current for i, m in enumerate(measures) if m is Measure.PRIOR_BUDGET}
    rows = []
    for row in table.rows:
        cells = list(row.cells)
        for i in amounts:
            if i < len(cells):
                source = cells[fill[i]] if i in fill and fill[i] < len(cells) else None
                cells[i] = Cell(source.text if source is not None else None)
        rows.append(dataclasses.replace(row, cells=tuple(cells), acknowledged=()))
    return dataclasses.replace(table, title=retitle(table.title) or table.title, acknowledged=(), rows=tuple(rows),
                               columns=_clear(table.columns, retitle, shift, 0), measures=(), row_keys=())


def _clear(value: Any, retitle: Callable[[str | None], str | None], shift: int, year: int) -> Any:
    """A form (or any record) with every amount and indicator value blank, titles moved on, 核查说明 dropped;
    an indicator that prints 近两年 values takes this year's as 上年 and last year's as 前年."""
    if isinstance(value, tuple):
        return tuple(_clear(v, retitle, shift, year) for v in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    if isinstance(value, Indicator) and (value.prior1 is not None or value.prior2 is not None):
        changes.update(prior2=value.prior1, prior1=value.value)
    for f in dataclasses.fields(value):
        item = getattr(value, f.name)
        if f.name in changes or f.name in ("span", "spans"):
            continue
        if f.name == "acknowledged":
            changes[f.name] = ()
        elif isinstance(item, Amount) or (isinstance(value, Indicator) and f.name == "value"):
            changes[f.name] = None
        elif f.name in _OWN_YEAR and isinstance(item, str):
            changes[f.name] = retitle(item)
        elif f.name in _SHIFTED and isinstance(item, str):
            changes[f.name] = _shifted(item, shift)
        elif f.name in _DATED and isinstance(item, str) and shift:
            changes[f.name] = _DATE_YEAR.sub(lambda m: str(int(m[1]) + shift), item)
        elif f.name.endswith("_on") and isinstance(item, str):
            changes[f.name] = None  # 填报日期 and other dates of last year's filling
        elif isinstance(value, Person) and f.name == "phone":
            changes[f.name] = None  # a personal number is confirmed anew each year, not copied
        elif f.name == "declared_year" and isinstance(item, int):
            changes[f.name] = year  # the year the form prints is the filing's (a misprint is not carried)
        elif isinstance(item, tuple) and item and isinstance(item[0], Amount | None | Decimal):
            changes[f.name] = tuple(None for _ in item)
        elif isinstance(item, tuple) or dataclasses.is_dataclass(item):
            changes[f.name] = _clear(item, retitle, shift, year)
    return dataclasses.replace(value, **changes)

