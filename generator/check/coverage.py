"""公开情况: every 预算单位 a region registers publishes for each year the region publishes, within 20 days of the
budget's approval (财预〔2016〕143号)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.check.context import CheckRule, Context
from generator.diagnostics import Diagnostic, Severity
from generator.model.extract import Extract
from generator.model.kind import FilingKind
from generator.model.org import OrgRole, Region

W = Severity.WARNING
DAYS = 20
"""部门预算 are published within 20 days of their approval"""


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def late(approved: str | None, published: str | None) -> int | None:
    """Days beyond the 20 allowed, or None when both dates are not known or it was in time."""
    start, end = _date(approved), _date(published)
    if start is None or end is None:
        return None
    days = (end - start).days
    return days - DAYS if days > DAYS else None


def timeliness(ctx: Context) -> Iterable[Diagnostic] | None:
    """TIM001."""
    filing = ctx.filing
    if filing.approved_on is None or filing.published_on is None:
        return None
    over = late(filing.approved_on, filing.published_on)
    if over is None:
        return ()
    return (ctx.finding(filing.spans.of("published_on", filing.span),
                        f"{filing.approved_on} 批复，{filing.published_on} 公开，用了 {over + DAYS} 天，"
                        f"超过 {DAYS} 天的期限 {over} 天", printed=filing.published_on),)


@dataclass(frozen=True, slots=True)
class Status:
    """公开情况 of one unit for one year the region publishes."""

    region: Region
    org_id: str
    name: str
    year: int
    kind: FilingKind
    filing: Extract | None
    late_days: int | None


def statuses(regions: Sequence[Region], extracts: Iterable[Extract]) -> list[Status]:
    """For each region, each year and kind it publishes, each 预算单位 it registers: its filing, if any, and how
    late it was."""
    by_key = {(e.unit, e.fiscal_year, e.kind): e for e in extracts}
    found = []
    for region in regions:
        for disclosure in region.disclosures:
            for org in region.organisations:
                if org.role is not OrgRole.UNIT:
                    continue
                filing = by_key.get((org.id, disclosure.year, disclosure.kind))
                days = late(filing.identity.approved_on, filing.identity.published_on) if filing else None
                found.append(Status(region, org.id, org.name, disclosure.year, disclosure.kind, filing, days))
    return found


def coverage(regions: Sequence[Region], extracts: Iterable[Extract]) -> list[Diagnostic]:
    """COV001: a unit without a filing for a year its region publishes, reported where the region lists the year."""
    found = []
    for status in statuses(regions, extracts):
        if status.filing is not None:
            continue
        disclosure = next(d for d in status.region.disclosures if (d.year, d.kind) == (status.year, status.kind))
        found.append(Diagnostic(disclosure.span, COVERAGE.code,
                                f"{status.name}没有 {status.year} 年的{status.kind.title}公开文件", COVERAGE.severity,
                                COVERAGE.hint))
    return found


def _not_per_filing(ctx: Context) -> Iterable[Diagnostic] | None:
    return None  # run across filings, by ``coverage``


COVERAGE = CheckRule("COV001", W, "单位没有公开", "公开情况",
                     "地区在 region.yaml 的 disclosures 中列出公开的年度；登记的每个预算单位在这些年度都应有公开文件"
                     "（财政部历年检查公布未公开单位名单）。本站的“公开情况”页面按地区和年度列出每个单位。",
                     "补上这个单位这一年的公开文件；单位已撤并的，从 region.yaml 中删去。",
                     example="寻乌县就业创业服务中心没有 2023 年的部门预算公开文件",
                     run=_not_per_filing)

RULES: tuple[CheckRule, ...] = (
    CheckRule("TIM001", W, "超过 20 天才公开", "公开情况",
              "部门预算应在批复后 20 天内公开（财预〔2016〕143号）。文件写有批复日期（approved_on）和公开日期"
              "（published_on）时，两者相差超过 20 天即逾期。",
              "核对两个日期；确实逾期的，在文件上写核查说明。",
              example="2023-02-10 批复，2023-03-20 公开，用了 38 天，超过 20 天的期限 18 天",
              run=timeliness),
    COVERAGE,
)
