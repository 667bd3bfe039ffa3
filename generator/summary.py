"""Counting what was loaded: the one-line summaries ``gongkai check`` prints."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.model.extract import Extract
from generator.model.org import Region, region_of


@dataclass(frozen=True, slots=True)
class Counts:
    filings: int = 0
    tables: int = 0
    rows: int = 0
    forms: int = 0
    indicators: int = 0
    facts: int = 0
    figures: int = 0
    linked: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[int, ...]:
        return (self.filings, self.tables, self.rows, self.forms, self.indicators, self.facts, self.figures,
                self.linked)

    def describe(self) -> str:
        return (f"{self.filings} 份公开文件，{self.tables} 张表，{self.rows} 行，"
                f"{self.forms} 张绩效目标表，{self.indicators} 个指标，{self.facts} 个金额，"
                f"文中 {self.figures} 个数字（{self.linked} 个与表中金额对应）")


def count(regions: Sequence[Region], filings: Iterable[Extract]) -> dict[str, Counts]:
    """Counts per region name, in region order; filings of unknown units count under '未登记'."""
    result: dict[str, Counts] = {r.name: Counts() for r in regions}
    for filing in filings:
        region = region_of(regions, filing.unit)
        name = region.name if region else "未登记"
        c = filing.counts
        result[name] = result.get(name, Counts()) + Counts(
            filings=1, tables=c.tables, rows=c.rows, forms=c.forms, indicators=c.indicators, facts=c.facts,
            figures=c.figures, linked=c.linked,
        )
    return result
