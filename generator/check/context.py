"""What a rule reads: the filing (model), its extract (facts addressed by meaning, figures, tables), its region and
the template its region requires; and how a rule reports (a finding with both numbers and the related places)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.model.extract import Extract, Fact, FormInfo, RowInfo, TableInfo
from generator.model.filing import Filing
from generator.model.forms import ProjectForm
from generator.model.indicators import Indicator
from generator.model.keys import RowKey, RowKind
from generator.model.measures import Measure
from generator.model.org import Organisation, Region
from generator.model.texts import texts
from generator.reference.templates import Template
from generator.source import Span

ZERO = Decimal(0)
_NONE: dict[RowKey, dict[Measure, Decimal]] = {}
_EMPTY: dict[Measure, Decimal] = {}
_SUBJECT_KINDS = (RowKind.FUNCTION, RowKind.ECONOMIC)


RuleRun = Callable[["Context"], "Iterable[Diagnostic] | None"]
"""a rule's function: its findings, or None when what it compares is not in the filing"""


@dataclass(frozen=True, slots=True)
class CheckRule:
    """核查规则: a stable code, a severity, a short Chinese title, the principle it checks (documented on the site's
    rules page, with an example of a finding), and the function that runs it. ``run`` returns None when what the
    rule compares is not in the filing (不适用, never counted as passed)."""

    code: str
    severity: Severity
    title: str
    family: str
    """规则类别 (算术, 表间, 文表, 单位, 年度与名称, 复制粘贴, 完整性, 科目编码, 个人信息, 公开情况)"""
    principle: str
    """what is compared, and why it must hold"""
    hint: str
    """how to mend a finding"""
    example: str
    """an example of a finding, as the rule words it (shown on the site's rules page)"""
    run: RuleRun = field(compare=False, repr=False)


@dataclass
class Context:
    """One filing as the rules see it."""

    filing: Filing
    extract: Extract
    region: Region | None
    template: Template | None
    prior: Extract | None = None
    """the same unit's filing of the year before, when the site has it (rules that compare years read it)"""
    rule: CheckRule | None = None
    """the rule running, set by the runner (findings are made in its name)"""
    memo: dict[str, Any] = field(default_factory=dict)
    """what rules that share one pass over the filing keep for each other"""
    _subjects: dict[str, list[RowKey]] = field(default_factory=dict)
    _measures: dict[str, frozenset[Measure]] = field(default_factory=dict)

    @cached_property
    def facts(self) -> dict[tuple[str, RowKey, Measure], Fact]:
        """Facts by address (a FactRef is such a tuple)."""
        return {(f.table, f.row, f.measure): f for f in self.extract.facts}

    @cached_property
    def prior_facts(self) -> dict[tuple[str, RowKey, Measure], Fact]:
        """The year before's facts by address."""
        return {} if self.prior is None else {(f.table, f.row, f.measure): f for f in self.prior.facts}

    @cached_property
    def amounts(self) -> dict[str, dict[RowKey, dict[Measure, Decimal]]]:
        """The printed amounts of each table (by id) and form, by row and measure."""
        found: dict[str, dict[RowKey, dict[Measure, Decimal]]] = {}
        for fact in self.extract.facts:
            found.setdefault(fact.table, {}).setdefault(fact.row, {})[fact.measure] = fact.value
        return found

    @cached_property
    def tables(self) -> dict[str, TableInfo]:
        """The first table of each kind."""
        found: dict[str, TableInfo] = {}
        for table in self.extract.tables:
            found.setdefault(table.kind, table)
        return found

    @cached_property
    def indicators(self) -> list[tuple[ProjectForm, Indicator]]:
        """Every indicator of every project form, with its form, in printed order."""
        return [(form, indicator) for form in self.filing.project_forms for s in form.indicator_sets
                for indicator in s.indicators()]

    @cached_property
    def by_id(self) -> dict[str, TableInfo]:
        """Every table by its id."""
        return {t.id: t for t in self.extract.tables}

    @cached_property
    def forms(self) -> dict[str, FormInfo]:
        """Every form by its id."""
        return {f.id: f for f in self.extract.forms}

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The names the filing may call its unit by (全称, 简称, the name on the cover)."""
        org = self.org
        names = [self.filing.unit_name or "", *((org.name, *org.aliases) if org is not None else ())]
        return tuple(n for n in names if n)

    @property
    def org(self) -> Organisation | None:
        return self.region.organisation(self.filing.unit) if self.region is not None else None

    @cached_property
    def row_keys(self) -> dict[str, frozenset[RowKey]]:
        """The keys each table prints, by table id."""
        return {t.id: frozenset(k for row in t.rows for k in row.keys if k is not None) for t in self.extract.tables}

    @cached_property
    def texts(self) -> list[tuple[str, Span, str, str | None]]:
        """Every text field of the filing (value, where, place, context), in document order."""
        return texts(self.filing)

    def table(self, kind: str) -> TableInfo | None:
        return self.tables.get(kind)

    def value(self, table: TableInfo, row: RowKey, measure: Measure) -> Decimal | None:
        """The amount printed at an address, None when the cell is blank (or absent)."""
        return self.amounts.get(table.id, _NONE).get(row, _EMPTY).get(measure)

    def fact(self, table: TableInfo, row: RowKey, measure: Measure) -> Fact | None:
        return self.facts.get((table.id, row, measure))

    @cached_property
    def keyed(self) -> dict[str, list[tuple[RowKey, RowInfo]]]:
        return {table.id: [(key, row) for row in table.rows for key in row.keys
                           if key is not None and key.kind is not RowKind.BLANK] for table in self.extract.tables}

    def keys(self, table: TableInfo) -> list[tuple[RowKey, RowInfo]]:
        """Every keyed row of a table (each side of a two-sided row), in printed order."""
        return self.keyed.get(table.id, [])

    def measures(self, table: TableInfo) -> frozenset[Measure]:
        """The measures of a table's amount columns."""
        found = self._measures.get(table.id)
        if found is None:
            found = self._measures[table.id] = frozenset(c.measure for c in table.columns if c.measure is not None)
        return found

    def subjects(self, table: TableInfo) -> list[RowKey]:
        """The keys of a table's subject rows (功能分类 and 经济分类), in printed order."""
        found = self._subjects.get(table.id)
        if found is None:
            found = self._subjects[table.id] = [k for k, _ in self.keys(table) if k.kind in _SUBJECT_KINDS]
        return found

    def row_span(self, table: TableInfo, key: RowKey) -> Span:
        return next((row.span for k, row in self.keys(table) if k == key), table.span)

    def at(self, table: TableInfo, row: RowKey, measure: Measure) -> Span:
        """Where an address is printed: its cell, or its row when the cell is blank."""
        fact = self.fact(table, row, measure)
        return fact.span if fact is not None else self.row_span(table, row)

    def finding(self, span: Span, message: str, *, related: Iterable[Span] = (), printed: str | None = None,
                expected: str | None = None, severity: Severity | None = None,
                rule: CheckRule | None = None) -> Diagnostic:
        """A finding of the running rule (or of ``rule``)."""
        rule = rule or self.rule
        assert rule is not None
        return Diagnostic(span, rule.code, message, severity or rule.severity, rule.hint,
                          tuple(s for s in related if s.line), printed, expected)


def quoted(text: str | None) -> str:
    """Text in a message between “”, its own “” made ‘’ (``“‘三公’经费支出预算数”``)."""
    return "“" + (text or "").replace("“", "‘").replace("”", "’") + "”"


def money(value: Decimal) -> str:
    """An amount in a message: grouped, two places at least, every digit kept (``2,495.56``)."""
    exponent = value.as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    return f"{value:,.{places}f}"


def plain(value: Decimal) -> str:
    """A number as the text would print it: no separators, no trailing zeros (``353.7``)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def total(values: Iterable[Decimal | None]) -> Decimal:
    """The sum of printed amounts; a blank cell adds nothing (it is not a zero, but it states no amount)."""
    result = ZERO
    for value in values:
        if value is not None:
            result += value
    return result
