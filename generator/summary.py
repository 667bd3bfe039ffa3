"""Counting what was loaded: the one-line summaries ``gongkai check`` prints."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.filing import Content
from generator.model.forms import DeptOverallForm, ProjectForm
from generator.model.indicators import IndicatorSet


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


def count(content: Content) -> dict[str, Counts]:
    """Counts per region name, in region order; filings of unknown units count under '未登记'."""
    result: dict[str, Counts] = {r.name: Counts() for r in content.regions}
    for filing in content.filings:
        region = content.region_of(filing.unit)
        name = region.name if region else "未登记"
        forms: tuple[ProjectForm | DeptOverallForm, ...] = (*filing.project_forms, *filing.dept_overall_forms)
        result[name] = result.get(name, Counts()) + Counts(
            filings=1,
            tables=len(filing.tables),
            rows=sum(len(t.rows) for t in filing.tables),
            forms=len(forms),
            indicators=sum(len(s.indicators()) for f in forms for s in _sets(f)),
        )
    return result


def _sets(form: ProjectForm | DeptOverallForm) -> tuple[IndicatorSet, ...]:
    return form.indicator_sets
