"""The subject index: every 功能分类/经济分类 code printed in any table, with where it appears."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.model.codes import CodeScheme, SubjectCode
from generator.model.filing import Content, Filing
from generator.model.money import Amount
from generator.model.org import Organisation, Region
from generator.model.tables import BudgetTable, ColumnRole, Row


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One table row that carries a subject code."""

    region: Region
    org: Organisation
    filing: Filing
    table: BudgetTable
    row_id: str
    name: str
    total: Amount | None


def row_ids(table: BudgetTable) -> list[str]:
    """Stable row anchors: ``income-2080109`` for coded rows, ``summary-r3`` for the rest."""
    ids: list[str] = []
    for index, row in enumerate(table.rows, 1):
        code = row.code
        candidate = f"{table.anchor}-{code.code}" if code is not None else f"{table.anchor}-r{index}"
        ids.append(candidate if candidate not in ids else f"{table.anchor}-r{index}")
    return ids


def _name(table: BudgetTable, row: Row) -> str:
    for cell, column in zip(row.cells, table.leaves(), strict=True):
        if column.role in (ColumnRole.NAME, ColumnRole.LABEL) and cell.text:
            return cell.text
    return ""


def _total(table: BudgetTable, row: Row) -> Amount | None:
    return next((c.amount for c in row.cells if c.amount is not None), None)


def subject_index(content: Content) -> dict[SubjectCode, list[Occurrence]]:
    """Codes in code order; occurrences in region, unit, year and table order."""
    found: dict[SubjectCode, list[Occurrence]] = defaultdict(list)
    for filing in content.filings:
        region = content.region_of(filing.unit)
        org = region.organisation(filing.unit) if region else None
        if region is None or org is None:
            continue
        for table in filing.tables:
            for rid, row in zip(row_ids(table), table.rows, strict=True):
                code = row.code
                if code is None or code.scheme is CodeScheme.DEPARTMENT:
                    continue
                found[code].append(Occurrence(region, org, filing, table, rid,
                                              _name(table, row), _total(table, row)))
    for occurrences in found.values():
        occurrences.sort(key=lambda o: (o.region.slug, o.org.id, -o.filing.fiscal_year))
    return dict(sorted(found.items(), key=lambda kv: (kv[0].scheme.value, kv[0].code)))
