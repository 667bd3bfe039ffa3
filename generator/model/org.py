"""Regions (行政区划) and organisations: 主管部门 and 预算单位."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.model.kind import FilingKind
from generator.source import NO_SPANS, NOWHERE, Span, Spans


class Basis(enum.Enum):
    """依据: whether a fact is printed in the source or inferred by the transcriber."""

    STATED = "stated"
    INFERRED = "inferred"


class OrgRole(enum.Enum):
    """机构类别."""

    DEPARTMENT = "department"
    """主管部门 (一级部门)"""
    UNIT = "unit"
    """预算单位"""


@dataclass(frozen=True, slots=True)
class Organisation:
    """部门或单位."""

    id: str
    """ASCII identifier used in URLs (``xunwu-sbfwzx``)"""
    name: str
    """全称 as printed"""
    role: OrgRole
    """department (主管部门) or unit (预算单位)"""
    code: str | None = None
    """部门/单位编码 as printed by the budget system (``202``, ``202002``)"""
    parent: str | None = None
    """id of the 主管部门 a unit belongs to"""
    aliases: tuple[str, ...] = ()
    """other names the documents use (``县社保中心``)"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


RESERVED_SLUGS = frozenset({"subjects", "checks", "search", "assets", "pagefind", "schema", "guide", "data-format",
                            "data", "datapackage", "indicators", "about", "index", "404"})
"""the site's own top-level folders and pages (render/urls.py): no region may take one as its slug"""


@dataclass(frozen=True, slots=True)
class Disclosure:
    """公开安排: a year (and kind) the region publishes, the 表样 its filings follow, and when they are due."""

    year: int
    """预算年度"""
    kind: FilingKind = FilingKind.BUDGET
    """公开类别"""
    template: str | None = None
    """公开表样 (``jiangxi-2023``), see the guide; None: no tables or sections are required"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


_DERIVED: Any = {"derived": True}
"""a lookup made from the record's own fields when it is made: neither written in content nor compared"""


@dataclass(frozen=True, slots=True)
class Region:
    """行政区划: a county or district that publishes on the site."""

    code: str
    """6-digit national 行政区划代码 (``360734``)"""
    slug: str
    """ASCII identifier used in URLs (``xunwu``)"""
    name: str
    """名称 (``寻乌县``)"""
    province: str | None = None
    """所属省份"""
    prefecture: str | None = None
    """所属地市"""
    basis: Basis = Basis.STATED
    """whether province and prefecture are printed in the documents or inferred"""
    organisations: tuple[Organisation, ...] = ()
    """部门和单位"""
    disclosures: tuple[Disclosure, ...] = ()
    """公开安排: the years the region publishes; every 预算单位 it registers is expected to file for each"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""
    _by_id: dict[str, Organisation] = field(init=False, repr=False, compare=False, metadata=_DERIVED)
    """each organisation by id (the first, when an id is registered twice: a REF002 finding)"""
    _units: dict[str, tuple[Organisation, ...]] = field(init=False, repr=False, compare=False, metadata=_DERIVED)
    """the organisations each one is the parent of, in declared order"""

    def __post_init__(self) -> None:
        # lookups by id are made for every organisation and filing: a dict, not a scan (a region file of some
        # thousands of organisations must not cost the square of their number)
        by_id: dict[str, Organisation] = {}
        units: dict[str, list[Organisation]] = {}
        for org in self.organisations:
            by_id.setdefault(org.id, org)
            if org.parent is not None:
                units.setdefault(org.parent, []).append(org)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_units", {k: tuple(v) for k, v in units.items()})

    def organisation(self, org_id: str) -> Organisation | None:
        return self._by_id.get(org_id)

    def units_of(self, org_id: str) -> tuple[Organisation, ...]:
        """The organisations whose parent (主管部门) is ``org_id``, in declared order."""
        return self._units.get(org_id, ())

    def disclosure(self, year: int, kind: FilingKind) -> Disclosure | None:
        return next((d for d in self.disclosures if (d.year, d.kind) == (year, kind)), None)


def region_of(regions: Iterable[Region], org_id: str) -> Region | None:
    """The first region that registers the unit (a unit registered twice is a REF002 finding)."""
    return next((r for r in regions if r.organisation(org_id) is not None), None)
