"""Digests: the little of a filing that pages about many filings need (index pages, subject pages, summaries,
cross-file checks). A worker process that loads and renders filings hands back digests, not filings."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.codes import SubjectCode
from generator.model.filing import FilingKind
from generator.model.money import Amount
from generator.source import NOWHERE, Span


@dataclass(frozen=True, slots=True)
class SubjectRow:
    """A table row that carries a 功能分类 or 经济分类 code (科目行), as the subject pages list it."""

    code: SubjectCode
    table_anchor: str
    table_title: str
    row_id: str
    """the row's permalink anchor on the filing's tables page"""
    name: str
    """科目名称 as printed in the row"""
    total: Amount | None
    """the row's first amount (合计 column)"""


@dataclass(frozen=True, slots=True)
class FilingDigest:
    """公开文件摘要: one filing's identity, its counts and its subject rows."""

    unit: str
    fiscal_year: int
    kind: FilingKind
    tables: int = 0
    rows: int = 0
    forms: int = 0
    """项目支出绩效目标表 and 部门整体绩效目标表 together"""
    indicators: int = 0
    subjects: tuple[SubjectRow, ...] = ()
    span: Span = NOWHERE

    @property
    def key(self) -> str:
        """``unit/2024-budget``: at most one filing per unit, year and kind."""
        return f"{self.unit}/{self.fiscal_year}-{self.kind.value}"
