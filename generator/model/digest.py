"""Digests: the little of a filing that pages about many filings need (index pages, subject pages, summaries,
cross-file checks). A worker process that loads and renders filings hands back digests, not filings."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.codes import CodeScheme, SubjectCode
from generator.model.filing import Filing, FilingKind
from generator.model.forms import DeptOverallForm, ProjectForm
from generator.model.money import Amount
from generator.model.tables import BudgetTable, ColumnRole, Row
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


def row_ids(table: BudgetTable) -> list[str]:
    """Stable row anchors: ``income-2080109`` for coded rows, ``summary-r3`` for the rest."""
    ids: list[str] = []
    seen: set[str] = set()
    for index, row in enumerate(table.rows, 1):
        code = row.code
        candidate = f"{table.anchor}-{code.code}" if code is not None else f"{table.anchor}-r{index}"
        ids.append(candidate if candidate not in seen else f"{table.anchor}-r{index}")
        seen.add(ids[-1])
    return ids


def _name(row: Row, names: list[int]) -> str:
    """The text of the row's first name or label cell that has any."""
    return next((text for i in names if (text := row.cells[i].text)), "")


def digest(filing: Filing, subjects: bool = True) -> FilingDigest:
    """The filing's identity, counts and (unless ``subjects`` is false: a check needs none) subject rows
    (科目行)."""
    rows = []
    for table in filing.tables if subjects else ():
        names = [i for i, leaf in enumerate(table.leaves()) if leaf.role in (ColumnRole.NAME, ColumnRole.LABEL)]
        for rid, row in zip(row_ids(table), table.rows, strict=True):
            code = row.code
            if code is None or code.scheme is CodeScheme.DEPARTMENT:
                continue
            total = next((c.amount for c in row.cells if c.amount is not None), None)
            rows.append(SubjectRow(code, table.anchor, table.title, rid, _name(row, names), total))
    forms: tuple[ProjectForm | DeptOverallForm, ...] = (*filing.project_forms, *filing.dept_overall_forms)
    return FilingDigest(
        unit=filing.unit, fiscal_year=filing.fiscal_year, kind=filing.kind,
        tables=len(filing.tables), rows=sum(len(t.rows) for t in filing.tables), forms=len(forms),
        indicators=sum(len(s.indicators()) for f in forms for s in f.indicator_sets),
        subjects=tuple(rows), span=filing.span,
    )
