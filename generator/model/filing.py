"""A filing (公开文件): everything one unit publishes for one fiscal year."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import derived
from generator.model.acknowledgement import Acknowledgement
from generator.model.figures import TextFigure
from generator.model.forms import DeptOverallForm, ProjectForm
from generator.model.kind import FilingKind
from generator.model.narrative import Glossary, Part, Profile
from generator.model.org import Basis, Region, region_of
from generator.model.tables import BudgetTable
from generator.source import NO_SPANS, NOWHERE, Span, Spans


@dataclass(frozen=True, slots=True)
class Source:
    """出处: the published document the filing transcribes (原文), as its publisher issued it."""

    document: str | None = None
    """转录所依据的文件 (the transcriber's file name; kept for the record, never shown on the site)"""
    medium: str | None = None
    """pdf, word …"""
    title: str | None = None
    """原文标题 as published (``寻乌县社会保险服务中心2023年部门预算``)"""
    publisher: str | None = None
    """发布机关 (``寻乌县人民政府办公室``)"""
    index_number: str | None = None
    """索引号 of the government information disclosure (``360734-2023-000123``)"""
    url: str | None = None
    """原文链接: where the original is published (``https://…``); shown as a link, never loaded"""
    note: str | None = None
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class Filing:
    """公开文件: one unit's disclosure for one fiscal year."""

    unit: str
    """id of the organisation that publishes (预算单位 or 主管部门)"""
    fiscal_year: int
    """预算年度"""
    kind: FilingKind = FilingKind.BUDGET
    """公开类别"""
    fiscal_year_basis: Basis = Basis.STATED
    """stated when the document prints the year, inferred otherwise"""
    fiscal_year_evidence: str | None = None
    """how an inferred year was inferred (required when inferred)"""
    title: str | None = None
    """文件标题 as printed (``2023 年部门预算``)"""
    unit_name: str | None = None
    """单位名称 as printed on the cover"""
    source: Source | None = None
    """出处"""
    profile: Profile | None = None
    """第一部分 概况"""
    tables_part: Part | None = None
    """第二部分 heading as printed (``… 2022 年部门预算表``) and its note"""
    explanation: Part | None = None
    """第三部分 情况说明"""
    glossary: Glossary | None = None
    """第四部分 名词解释"""
    tables_heading: str | None = None
    """the heading printed over the appended tables (``附：第二部分附表``)"""
    tables: tuple[BudgetTable, ...] = ()
    """公开表 in printed order"""
    project_forms: tuple[ProjectForm, ...] = ()
    """项目支出绩效目标表 in printed order"""
    dept_overall_forms: tuple[DeptOverallForm, ...] = ()
    """部门整体绩效目标申报表"""
    approved_on: str | None = None
    """批复日期 of the budget (``2023-02-10``): the 20 days to publish run from it"""
    published_on: str | None = None
    """公开日期, 发布日期 of the original (``2023-02-25``)"""
    acknowledged: tuple[Acknowledgement, ...] = ()
    """核查说明 for findings anywhere in the filing"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""
    figures: tuple[TextFigure, ...] = derived(())
    """every figure printed in the 概况, 情况说明 and the forms' text, in document order"""

    @property
    def file(self) -> str:
        return self.span.file


@dataclass(frozen=True, slots=True)
class Settings:
    """站点设置 (``content/site.yaml``)."""

    title: str = "预算公开"
    """站点名称"""
    publisher: str | None = None
    """发布机关"""
    mask_phones: bool = True
    """mask personal mobile numbers (151****0845); set false only with consent"""
    licence: str = "CC-BY-4.0"
    """数据许可: the licence the downloads are offered under (an SPDX identifier, or the publisher's own words)"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class Content:
    """Everything under ``content/``: settings, regions and their filings."""

    settings: Settings
    regions: tuple[Region, ...]
    filings: tuple[Filing, ...]

    def region_of(self, org_id: str) -> Region | None:
        return region_of(self.regions, org_id)
