"""The subject index: every 功能分类/经济分类 code printed in any table, with where it appears and its amounts,
gathered from the extracts' facts."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.model.codes import CodeScheme, SubjectCode
from generator.model.extract import Extract
from generator.model.keys import RowKey, RowKind
from generator.model.measures import Measure
from generator.model.money import Amount
from generator.model.org import Organisation, Region

_SUBJECTS = frozenset({RowKind.FUNCTION, RowKind.ECONOMIC})


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
        if fact.row.kind in _SUBJECTS:
            amounts[fact.table, fact.row].setdefault(fact.measure, Amount(fact.text, fact.value, None, fact.span))
    for table in filing.tables:
        for row in table.rows:
            for key, name in zip(row.keys, row.names, strict=False):
                code = key.code if key is not None else None
                if key is None or code is None or code.scheme is CodeScheme.DEPARTMENT:
                    continue
                yield SubjectRow(code, table.id, table.title, row.anchor, name or "", amounts.get((table.id, key), {}))


def rows_to_json(rows: Iterable[SubjectRow]) -> str:
    """Subject rows as data (``[[code, table, title, anchor, name, [[measure, text, value], …]], …]``): a worker
    reads them off the extract it made, so that a warm build need not read every extract's facts again."""
    return json.dumps([[f"{r.code.scheme.value}:{r.code.code}", r.table_anchor, r.table_title, r.row_id, r.name,
                        [[m.value, a.text, str(a.value)] for m, a in r.amounts.items()]] for r in rows],
                      ensure_ascii=False, separators=(",", ":"))


_SCHEMES = {s.value: s for s in CodeScheme}
_MEASURES = {m.value: m for m in Measure}


def rows_from_json(text: str) -> list[SubjectRow]:
    """Subject rows from ``rows_to_json``; ValueError unless every value is of its kind."""
    rows = []
    for item in json.loads(text):
        code, table, title, anchor, name, amounts = item
        scheme, _, digits = code.partition(":")
        if not all(type(x) is str for x in (table, title, anchor, name)) or SubjectCode.problem(
                _SCHEMES[scheme], digits) is not None:
            raise ValueError("a subject row's texts are text and its code a code")
        found: dict[Measure, Amount] = {}
        for measure, printed, value in amounts:
            if type(printed) is not str or type(value) is not str:
                raise ValueError("an amount is its printed text and its value")
            found[_MEASURES[measure]] = Amount(printed, Decimal(value))
        rows.append(SubjectRow(SubjectCode(_SCHEMES[scheme], digits), table, title, anchor, name, found))
    return rows


def subject_index(regions: Iterable[Region], filings: Sequence[Extract],
                  rows: Sequence[Sequence[SubjectRow]] | None = None) -> dict[SubjectCode, list[Occurrence]]:
    """Codes in code order; occurrences in region, unit, year and table order. ``rows`` are the filings' subject
    rows when the caller has them already (aligned with ``filings``); they are read off the extracts otherwise."""
    owners: dict[str, tuple[Region, Organisation]] = {}
    for region in regions:
        for org in region.organisations:
            owners.setdefault(org.id, (region, org))
    found: dict[SubjectCode, list[Occurrence]] = defaultdict(list)
    for index, filing in enumerate(filings):
        owner = owners.get(filing.unit)
        if owner is None or filing.identity.path is None:
            continue
        for row in (rows[index] if rows is not None else subject_rows(filing)):
            found[row.code].append(Occurrence(owner[0], owner[1], filing, row))
    for occurrences in found.values():
        occurrences.sort(key=lambda o: (o.region.slug, o.org.id, -o.filing.fiscal_year, o.filing.kind.value))
    return dict(sorted(found.items(), key=lambda kv: (kv[0].scheme.value, kv[0].code)))
