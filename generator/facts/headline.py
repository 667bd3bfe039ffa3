"""主要数字: the few figures a reader looks for first (支出合计, 基本支出, 项目支出, 财政拨款, “三公”经费), each read
off the one table row that prints it, and what they add up to over many filings.

Which table and row answer each question is data (``HEADLINES``): the first source a filing prints wins, so a
filing without a 部门支出总表 still shows its 支出合计 from the 收支预算总表. A figure the filing does not print is
absent, never zero; a table printed empty (空表) says so. Amounts are kept as printed and, for sums, in 万元."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from generator.model.extract import Extract, Fact, TableInfo
from generator.model.keys import LineKey, RowKey, RowKind
from generator.model.measures import Measure
from generator.model.money import MoneyUnit
from generator.model.tables import TableKind

TOTAL_ROW = RowKey(RowKind.TOTAL)


class Topic(enum.Enum):
    """主要数字的项目."""

    TOTAL = "total"
    """支出合计 (the unit's budget)"""
    BASIC = "basic"
    """基本支出"""
    PROJECT = "project"
    """项目支出"""
    FISCAL = "fiscal"
    """财政拨款 (收入)"""
    THREE_PUBLIC = "three_public"
    """财政拨款“三公”经费"""

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {Topic.TOTAL: "支出合计", Topic.BASIC: "基本支出", Topic.PROJECT: "项目支出", Topic.FISCAL: "财政拨款",
           Topic.THREE_PUBLIC: "“三公”经费"}

Source = tuple[TableKind, RowKey, Measure]

HEADLINES: dict[Topic, tuple[Source, ...]] = {
    Topic.TOTAL: (
        (TableKind.EXPENDITURE, TOTAL_ROW, Measure.TOTAL),
        (TableKind.SUMMARY, RowKey(RowKind.LINE, LineKey.EXPENDITURE_TOTAL.value), Measure.BUDGET),
        (TableKind.EXPENDITURE_SUMMARY, TOTAL_ROW, Measure.TOTAL),
    ),
    Topic.BASIC: (
        (TableKind.EXPENDITURE, TOTAL_ROW, Measure.BASIC),
        (TableKind.SUMMARY, RowKey(RowKind.LINE, LineKey.BASIC_EXPENDITURE.value), Measure.BUDGET),
        (TableKind.EXPENDITURE_SUMMARY, TOTAL_ROW, Measure.BASIC),
    ),
    Topic.PROJECT: (
        (TableKind.EXPENDITURE, TOTAL_ROW, Measure.PROJECT),
        (TableKind.SUMMARY, RowKey(RowKind.LINE, LineKey.PROJECT_EXPENDITURE.value), Measure.BUDGET),
        (TableKind.EXPENDITURE_SUMMARY, TOTAL_ROW, Measure.PROJECT),
    ),
    Topic.FISCAL: (
        (TableKind.INCOME, TOTAL_ROW, Measure.FISCAL),
        (TableKind.FISCAL_SUMMARY, RowKey(RowKind.LINE, LineKey.FISCAL_INCOME.value), Measure.BUDGET),
        (TableKind.SUMMARY, RowKey(RowKind.LINE, LineKey.FISCAL_INCOME.value), Measure.BUDGET),
    ),
    Topic.THREE_PUBLIC: (
        (TableKind.THREE_PUBLIC, TOTAL_ROW, Measure.TOTAL),
        (TableKind.THREE_PUBLIC, TOTAL_ROW, Measure.BUDGET),
    ),
}
"""where each topic is printed, in order of preference (table kind, row key, measure)"""


@dataclass(frozen=True, slots=True)
class Figure:
    """One headline figure of a filing: the printed value, where it is printed, or why there is none."""

    topic: Topic
    text: str | None
    """as printed (``2,495.56``); None when not printed"""
    value: Decimal | None
    """in the printed unit"""
    unit: MoneyUnit
    table: str | None = None
    """the printing table's id (its anchor on the tables page)"""
    table_title: str | None = None
    row: str | None = None
    """the printing row's anchor"""
    empty_table: bool = False
    """the table that would print it prints no figure at all (空表): nothing to show, and it says so"""

    @property
    def wan(self) -> Decimal | None:
        """The value in 万元, exact."""
        if self.value is None:
            return None
        return self.value / 10_000 if self.unit is MoneyUnit.YUAN else self.value


def headline(filing: Extract) -> tuple[Figure, ...]:
    """The filing's headline figures, one per topic, from the first source it prints."""
    tables = {t.id: t for t in filing.tables}
    by_kind: dict[str, list[TableInfo]] = {}
    for table in filing.tables:
        by_kind.setdefault(table.kind, []).append(table)
    wanted = {(kind.value, row, measure) for sources in HEADLINES.values() for kind, row, measure in sources}
    found: dict[tuple[str, RowKey, Measure], Fact] = {}
    printing_any: set[str] = set()
    only: dict[tuple[str, Measure], list[Fact]] = {}
    for fact in filing.facts:
        printing_any.add(fact.table)
        printing = tables.get(fact.table)
        if printing is None:
            continue
        if (printing.kind, fact.row, fact.measure) in wanted:
            found.setdefault((printing.kind, fact.row, fact.measure), fact)
        elif (printing.kind, TOTAL_ROW, fact.measure) in wanted and fact.row.kind is not RowKind.TOTAL:
            only.setdefault((printing.kind, fact.measure), []).append(fact)
    for (printed_kind, measure), facts in only.items():  # a table of one line (the unit's own) prints no 合计 row
        if len({f.row for f in facts}) == 1 and len({f.table for f in facts}) == 1:
            found.setdefault((printed_kind, TOTAL_ROW, measure), facts[0])
    figures = []
    for topic, sources in HEADLINES.items():
        figure = None
        for kind, row, measure in sources:
            hit = found.get((kind.value, row, measure))
            if hit is not None:
                table = tables[hit.table]
                figure = Figure(topic, hit.text, hit.value, hit.unit, table.id, table.title,
                                _row_anchor(table, hit.row))
                break
        if figure is None:
            empty = next((t for kind, _, _ in sources for t in by_kind.get(kind.value, ())
                          if t.id not in printing_any), None)
            figure = Figure(topic, None, None, MoneyUnit.WAN_YUAN, empty.id if empty else None,
                            empty.title if empty else None, None, empty is not None)
        figures.append(figure)
    return tuple(figures)


def _row_anchor(table: TableInfo, key: RowKey) -> str | None:
    for row in table.rows:
        if key in row.keys:
            return row.anchor
    return None


@dataclass(frozen=True, slots=True)
class Sum:
    """A topic summed over filings (万元): the sum of those that print it, and how many do and do not."""

    topic: Topic
    total: Decimal
    printed: int
    missing: int

    @property
    def complete(self) -> bool:
        return self.missing == 0


def sums(figures: Iterable[Sequence[Figure]]) -> dict[Topic, Sum]:
    """Each topic over many filings' headline figures."""
    totals = {t: Decimal(0) for t in Topic}
    printed = dict.fromkeys(Topic, 0)
    missing = dict.fromkeys(Topic, 0)
    for filing in figures:
        for figure in filing:
            wan = figure.wan
            if wan is None:
                missing[figure.topic] += 1
            else:
                totals[figure.topic] += wan
                printed[figure.topic] += 1
    return {t: Sum(t, totals[t], printed[t], missing[t]) for t in Topic}


def change(current: Decimal | None, before: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """增减额 and 增减率 (%, two places) of ``current`` against ``before``; None where it cannot be said
    (either missing; a rate against zero)."""
    if current is None or before is None:
        return None, None
    amount = current - before
    if before == 0:
        return amount, None
    try:
        return amount, (amount * 100 / before).quantize(Decimal("0.01"))
    except InvalidOperation:  # a rate too large to show to the cent (against a tiny base): not said
        return amount, None
