"""Counting what was loaded: the one-line summaries ``gongkai check`` prints."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.model.digest import FilingDigest
from generator.model.org import Region, region_of


@dataclass(frozen=True, slots=True)
class Counts:
    filings: int = 0
    tables: int = 0
    rows: int = 0
    forms: int = 0
    indicators: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[int, int, int, int, int]:
        return (self.filings, self.tables, self.rows, self.forms, self.indicators)

    def describe(self) -> str:
        return (f"{self.filings} 份公开文件，{self.tables} 张表，{self.rows} 行，"
                f"{self.forms} 张绩效目标表，{self.indicators} 个指标")


def count(regions: Sequence[Region], digests: Iterable[FilingDigest]) -> dict[str, Counts]:
    """Counts per region name, in region order; filings of unknown units count under '未登记'."""
    result: dict[str, Counts] = {r.name: Counts() for r in regions}
    for filing in digests:
        region = region_of(regions, filing.unit)
        name = region.name if region else "未登记"
        result[name] = result.get(name, Counts()) + Counts(
            filings=1, tables=filing.tables, rows=filing.rows, forms=filing.forms, indicators=filing.indicators,
        )
    return result
