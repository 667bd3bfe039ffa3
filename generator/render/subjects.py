"""Digests of filings and the subject index: every 功能分类/经济分类 code printed in any table, with where
it appears."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.codes import CodeScheme, SubjectCode
from generator.model.digest import FilingDigest, SubjectRow
from generator.model.filing import Filing
from generator.model.forms import DeptOverallForm, ProjectForm
from generator.model.org import Organisation, Region
from generator.model.tables import BudgetTable, ColumnRole, Row


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One table row that carries a subject code, with the unit and filing it belongs to."""

    region: Region
    org: Organisation
    filing: FilingDigest
    row: SubjectRow


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


def digest(filing: Filing) -> FilingDigest:
    """The filing's identity, counts and subject rows (科目行)."""
    subjects = []
    for table in filing.tables:
        for rid, row in zip(row_ids(table), table.rows, strict=True):
            code = row.code
            if code is None or code.scheme is CodeScheme.DEPARTMENT:
                continue
            total = next((c.amount for c in row.cells if c.amount is not None), None)
            subjects.append(SubjectRow(code, table.anchor, table.title, rid, _name(table, row), total))
    forms: tuple[ProjectForm | DeptOverallForm, ...] = (*filing.project_forms, *filing.dept_overall_forms)
    return FilingDigest(
        unit=filing.unit, fiscal_year=filing.fiscal_year, kind=filing.kind,
        tables=len(filing.tables), rows=sum(len(t.rows) for t in filing.tables), forms=len(forms),
        indicators=sum(len(s.indicators()) for f in forms for s in f.indicator_sets),
        subjects=tuple(subjects), span=filing.span,
    )


def subject_index(regions: Iterable[Region], digests: Iterable[FilingDigest]) -> dict[SubjectCode, list[Occurrence]]:
    """Codes in code order; occurrences in region, unit, year and table order."""
    owners: dict[str, tuple[Region, Organisation]] = {}
    for region in regions:
        for org in region.organisations:
            owners.setdefault(org.id, (region, org))
    found: dict[SubjectCode, list[Occurrence]] = defaultdict(list)
    for filing in digests:
        owner = owners.get(filing.unit)
        if owner is None:
            continue
        for row in filing.subjects:
            found[row.code].append(Occurrence(owner[0], owner[1], filing, row))
    for occurrences in found.values():
        occurrences.sort(key=lambda o: (o.region.slug, o.org.id, -o.filing.fiscal_year))
    return dict(sorted(found.items(), key=lambda kv: (kv[0].scheme.value, kv[0].code)))
