"""The subject index: every 功能分类/经济分类 code printed in any table, with where it appears and its amounts,
gathered from the extracts' facts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.codes import CodeScheme, SubjectCode
from generator.model.extract import Extract
from generator.model.keys import RowKey
from generator.model.measures import Measure
from generator.model.money import Amount
from generator.model.org import Organisation, Region


@dataclass(frozen=True, slots=True)
class SubjectRow:
    """科目行: a table row that stands for a subject, with its printed name and its amounts by measure."""

    code: SubjectCode
    table_anchor: str
    table_title: str
    row_id: str
    """the row's permalink anchor on the filing's tables page"""
    name: str
    """科目名称 as printed in the row"""
    amounts: dict[Measure, Amount]

    @property
    def total(self) -> Amount | None:
        """合计: the row's total (its 预算数 in a 收支总表, which prints no 合计 column)"""
        return self.amounts.get(Measure.TOTAL) or self.amounts.get(Measure.BUDGET)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One table row that carries a subject code, with the unit and filing it belongs to."""

    region: Region
    org: Organisation
    filing: Extract
    row: SubjectRow


def subject_rows(filing: Extract) -> Iterable[SubjectRow]:
    """Every subject row of the filing's tables, in printed order, with the facts printed on it."""
    amounts: dict[tuple[str, RowKey], dict[Measure, Amount]] = defaultdict(dict)
    for fact in filing.facts:
        amounts[fact.table, fact.row].setdefault(fact.measure, Amount(fact.text, fact.value, None, fact.span))
    for table in filing.tables:
        for row in table.rows:
            for key, name in zip(row.keys, row.names, strict=False):
                code = key.code if key is not None else None
                if key is None or code is None or code.scheme is CodeScheme.DEPARTMENT:
                    continue
                yield SubjectRow(code, table.id, table.title, row.anchor, name or "", amounts.get((table.id, key), {}))


def subject_index(regions: Iterable[Region], filings: Iterable[Extract]) -> dict[SubjectCode, list[Occurrence]]:
    """Codes in code order; occurrences in region, unit, year and table order."""
    owners: dict[str, tuple[Region, Organisation]] = {}
    for region in regions:
        for org in region.organisations:
            owners.setdefault(org.id, (region, org))
    found: dict[SubjectCode, list[Occurrence]] = defaultdict(list)
    for filing in filings:
        owner = owners.get(filing.unit)
        if owner is None or filing.identity.path is None:
            continue
        for row in subject_rows(filing):
            found[row.code].append(Occurrence(owner[0], owner[1], filing, row))
    for occurrences in found.values():
        occurrences.sort(key=lambda o: (o.region.slug, o.org.id, -o.filing.fiscal_year, o.filing.kind.value))
    return dict(sorted(found.items(), key=lambda kv: (kv[0].scheme.value, kv[0].code)))
