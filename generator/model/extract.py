"""The per-filing extract (数据摘录): everything a filing states, addressed by what it means, as one value that
crosses process boundaries, the filing cache and the published site (as versioned JSON, see facts/codec.py).

Pages about many filings (home, regions, units, subjects) are rendered from extracts alone; a province-scale
build ships one county's extracts in and its pages out."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from generator.diagnostics import Diagnostic
from generator.model.figures import TextFigure
from generator.model.indicators import Horizon, IndicatorValue
from generator.model.keys import RowKey
from generator.model.kind import FilingKind
from generator.model.measures import Measure, Side
from generator.model.money import MoneyUnit
from generator.model.org import Basis
from generator.source import NOWHERE, Span

VERSION = 1
"""the extract format's version; a reader refuses any other"""


@dataclass(frozen=True, slots=True)
class Named:
    """An organisation or region as the extract names it."""

    id: str
    """slug of a region, id of an organisation"""
    name: str
    code: str | None = None
    """行政区划代码, 部门编码 or 单位编码"""


@dataclass(frozen=True, slots=True)
class Publication:
    """出处: the original document as its publisher issued it."""

    title: str | None = None
    """原文标题"""
    publisher: str | None = None
    """发布机关"""
    index_number: str | None = None
    """索引号"""
    url: str | None = None
    """原文链接"""


@dataclass(frozen=True, slots=True)
class Identity:
    """Whose filing, for which year and kind, and where it is published."""

    file: str
    """the content file, relative to the project"""
    unit: Named
    """预算单位 (or 主管部门) that publishes"""
    year: int
    """预算年度"""
    kind: FilingKind
    year_basis: Basis = Basis.STATED
    region: Named | None = None
    """None when the unit is registered in no region.yaml (then nothing is published)"""
    department: Named | None = None
    """主管部门 of the unit, when it has one"""
    title: str | None = None
    """文件标题 as printed"""
    path: str | None = None
    """the filing's folder on the site (``xunwu/xunwu-sbfwzx/2023``), None when nothing is published"""
    approved_on: str | None = None
    """批复日期 (``2023-02-10``), when the filing gives it"""
    published_on: str | None = None
    """公开日期 (发布日期), when the filing gives it"""
    source: Publication | None = None
    """出处: the original document, when the filing names it"""
    span: Span = NOWHERE


class FactRef(NamedTuple):
    """The address of a fact: which table (or form), which row, which measure."""

    table: str
    row: RowKey
    measure: Measure


class Fact(NamedTuple):
    """事实: one printed amount, addressed by what it is: (table, row key, measure). A named tuple: a county's
    extracts hold some 100,000 facts, and tuples are the cheapest records to make."""

    table: str
    """the table's id (its anchor; the kind for the standard tables) or the form's id"""
    kind: str
    """表种类 (``expenditure``) or ``project_form`` / ``dept_form``"""
    row: RowKey
    measure: Measure
    value: Decimal
    text: str
    """as printed (``2,495.56``)"""
    unit: MoneyUnit
    """the unit the table or form declares"""
    span: Span
    name: str | None = None
    """the row's printed name or label (``社会保险经办机构``, ``本年收入合计``)"""

    @property
    def ref(self) -> FactRef:
        return FactRef(self.table, self.row, self.measure)


class ColumnInfo(NamedTuple):
    """A leaf column: its printed label path and what it means."""

    label: str
    """printed labels from the top group down, joined by `` › ``"""
    role: str
    """amount, code, name, label or text"""
    measure: Measure | None = None
    side: Side | None = None


class RowInfo(NamedTuple):
    """A printed row: its keys and printed names (one per side), anchor on the tables page, and position."""

    keys: tuple[RowKey | None, ...]
    names: tuple[str | None, ...]
    anchor: str
    role: str
    """total, subject or line"""
    span: Span


@dataclass(frozen=True, slots=True)
class TableInfo:
    """公开表: what the extract says about one table beside its facts."""

    id: str
    kind: str
    title: str
    unit: MoneyUnit
    columns: tuple[ColumnInfo, ...]
    rows: tuple[RowInfo, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class FormInfo:
    """绩效目标表: a project form or the 部门整体 form."""

    id: str
    kind: str
    """``project_form`` or ``dept_form``"""
    layout: str
    """表样 (``jx2023``, ``yx_fu2_2``)"""
    title: str
    name: str | None
    """项目名称 (for a project form)"""
    unit: MoneyUnit
    span: Span


@dataclass(frozen=True, slots=True)
class FigureLink:
    """What table facts a figure of the text states: ``equals`` (the sum of ``facts``), ``share`` (of ``base``), or
    ``change`` (``facts`` is this year's value; last year's is in the previous filing)."""

    relation: str
    facts: tuple[FactRef, ...]
    base: tuple[FactRef, ...] = ()


@dataclass(frozen=True, slots=True)
class LinkedFigure:
    """A figure of the text with what it is about and, where the text makes it unambiguous, its table facts."""

    figure: TextFigure
    concept: str | None = None
    """what the text names (``subject``, ``income_total``, ``three_public``, ``running_cost`` …), see facts/links.py"""
    link: FigureLink | None = None


@dataclass(frozen=True, slots=True)
class IndicatorFact:
    """绩效指标: one indicator of a form, with its place in the 一级/二级/三级 tree as printed."""

    form: str
    """the form's id"""
    project: str | None
    """项目名称 of the form"""
    horizon: Horizon
    level1: str
    level2: str
    name: str | None
    """三级指标 / 指标内容"""
    value: IndicatorValue | None
    set_label: str | None = None
    goal: str | None = None
    """附2-2: the goal the grid serves (``年度目标1``)"""
    slot: str | None = None
    note: str | None = None
    prior2: IndicatorValue | None = None
    """附2-2: 近两年指标值, 前年"""
    prior1: IndicatorValue | None = None
    """附2-2: 近两年指标值, 上年"""
    span: Span = NOWHERE


class CheckStatus(enum.Enum):
    """核查结果."""

    PASSED = "passed"
    """通过: the rule ran and found nothing"""
    FOUND = "found"
    """有发现: the rule ran and found something (explained or not)"""
    NOT_APPLICABLE = "not_applicable"
    """不适用: what the rule compares is not in the filing; never counted as passed"""
    NOT_RUN = "not_run"
    """未运行: the filing has errors (figures that could not be read); the rules wait until they are mended"""


class Outcome(NamedTuple):
    """How one rule of the checker went on the filing."""

    rule: str
    status: CheckStatus
    findings: int = 0


@dataclass(frozen=True, slots=True)
class Counts:
    tables: int = 0
    rows: int = 0
    forms: int = 0
    indicators: int = 0
    facts: int = 0
    figures: int = 0
    linked: int = 0
    """figures linked to table facts"""


SECTIONS = ("tables", "forms", "facts", "figures", "indicators")
"""the parts of an extract beside its head (identity, counts, diagnostics), in the document's order"""


class Extract:
    """数据摘录: one filing's identity, counts and diagnostics (its head), and its tables, forms, facts, figures and
    indicators (its sections).

    An extract read back from JSON decodes a section when it is first asked for (``decode``): a check needs only
    the heads of a county's extracts, the index pages only their tables and facts. Immutable either way."""

    __slots__ = ("_decode", "_sections", "checks", "counts", "diagnostics", "identity")

    def __init__(self, identity: Identity, counts: Counts, tables: tuple[TableInfo, ...] = (),
                 forms: tuple[FormInfo, ...] = (), facts: tuple[Fact, ...] = (), figures: tuple[LinkedFigure, ...] = (),
                 indicators: tuple[IndicatorFact, ...] = (), diagnostics: tuple[Diagnostic, ...] = (),
                 decode: Callable[[str], tuple[Any, ...]] | None = None, checks: tuple[Outcome, ...] = ()) -> None:
        self.identity = identity
        self.counts = counts
        self.diagnostics = diagnostics
        self.checks = checks
        """数据核查: how each rule of the checker went (empty when the rules did not run)"""
        self._decode = decode
        self._sections: dict[str, tuple[Any, ...]] = {} if decode is not None else {
            "tables": tables, "forms": forms, "facts": facts, "figures": figures, "indicators": indicators}

    def checked(self, findings: list[Diagnostic], checks: tuple[Outcome, ...]) -> Extract:
        """The same extract with the checker's findings among its diagnostics and the outcome of every rule."""
        return Extract(self.identity, self.counts, self.tables, self.forms, self.facts, self.figures,
                       self.indicators, tuple(sorted((*self.diagnostics, *findings))), checks=checks)

    def _section(self, name: str) -> tuple[Any, ...]:
        found = self._sections.get(name)
        if found is None:
            assert self._decode is not None
            found = self._sections[name] = self._decode(name)
        return found

    @property
    def tables(self) -> tuple[TableInfo, ...]:
        return self._section("tables")

    @property
    def forms(self) -> tuple[FormInfo, ...]:
        return self._section("forms")

    @property
    def facts(self) -> tuple[Fact, ...]:
        return self._section("facts")

    @property
    def figures(self) -> tuple[LinkedFigure, ...]:
        return self._section("figures")

    @property
    def indicators(self) -> tuple[IndicatorFact, ...]:
        return self._section("indicators")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Extract):
            return NotImplemented
        mine = (self.identity, self.counts, self.diagnostics, self.checks)
        return mine == (other.identity, other.counts, other.diagnostics, other.checks) \
            and all(self._section(n) == other._section(n) for n in SECTIONS)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Extract({self.identity.file!r}, {self.counts})"

    @property
    def unit(self) -> str:
        return self.identity.unit.id

    @property
    def fiscal_year(self) -> int:
        return self.identity.year

    @property
    def kind(self) -> FilingKind:
        return self.identity.kind

    @property
    def span(self) -> Span:
        return self.identity.span
