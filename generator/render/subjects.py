"""The subject index: every 功能分类/经济分类 code printed in any table, with where it appears."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.codes import SubjectCode
from generator.model.digest import FilingDigest, SubjectRow
from generator.model.org import Organisation, Region


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One table row that carries a subject code, with the unit and filing it belongs to."""

    region: Region
    org: Organisation
    filing: FilingDigest
    row: SubjectRow


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
