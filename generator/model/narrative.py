"""Narrative parts of a filing: 概况, 情况说明 (with the “三公” explanation), 名词解释."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from generator.model.acknowledgement import Acknowledgement
from generator.model.codes import SubjectCode
from generator.source import NO_SPANS, NOWHERE, Span, Spans


@dataclass(frozen=True, slots=True)
class NumberedText:
    """带序号的条目: a numbered paragraph such as a duty (``（一）…``)."""

    text: str
    """正文 as printed (Markdown allowed, raw HTML never)"""
    number: str | None = None
    """序号 as printed (``（一）``, ``1、``)"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class Staffing:
    """机构设置及人员情况: the figures of the staffing paragraph (人数, not money)."""

    budget_units: int | None = None
    """预算单位个数"""
    authorized: int | None = None
    """编制人数"""
    authorized_admin: int | None = None
    """行政编制人数"""
    authorized_full_subsidy: int | None = None
    """全部补助事业编制人数"""
    actual: int | None = None
    """实有人数"""
    in_service: int | None = None
    """在职人数"""
    in_service_full_subsidy: int | None = None
    """全部补助事业人员"""
    temporary: int | None = None
    """临聘人员"""
    retired: int | None = None
    """离退休人员"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class Profile:
    """第一部分 概况: 部门主要职责 and 机构设置及人员情况."""

    heading: str
    """部分标题 as printed (``第一部分 县社保中心概况``)"""
    duties_heading: str | None = None
    """``一、部门主要职责``"""
    duties: tuple[NumberedText, ...] = ()
    """主要职责, numbered as printed"""
    staffing_heading: str | None = None
    """``二、机构设置及人员情况``"""
    staffing_text: str | None = None
    """the staffing paragraph as printed"""
    staffing: Staffing | None = None
    """the figures in it"""
    acknowledged: tuple[Acknowledgement, ...] = ()
    """核查说明 for findings inside this record"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


class SectionRole(enum.Enum):
    """说明章节的用途 (lets rules and pages find a section)."""

    INCOME = "income"
    """收入预算情况"""
    EXPENDITURE = "expenditure"
    """支出预算情况"""
    FISCAL = "fiscal"
    """财政拨款支出情况"""
    GOVFUND = "govfund"
    """政府性基金情况"""
    SOE = "soe"
    """国有资本经营情况"""
    RUNNING_COST = "running_cost"
    """机关运行经费"""
    PROCUREMENT = "procurement"
    """政府采购情况"""
    ASSETS = "assets"
    """国有资产占有使用情况"""
    PERFORMANCE = "performance"
    """绩效目标设置情况"""
    KEY_PROJECT = "key_project"
    """重点项目"""
    THREE_PUBLIC = "three_public"
    """“三公”经费预算情况说明"""


@dataclass(frozen=True, slots=True)
class Section:
    """说明章节: a numbered heading with paragraphs and sub-sections."""

    title: str
    """标题 as printed, without its number"""
    number: str | None = None
    """序号 as printed (``一、``, ``（一）``, ``⑴``)"""
    role: SectionRole | None = None
    """what the section explains, for cross-checks"""
    paragraphs: tuple[str, ...] = ()
    """段落 as printed (Markdown allowed, raw HTML never)"""
    sections: tuple[Section, ...] = ()
    """下级章节"""
    acknowledged: tuple[Acknowledgement, ...] = ()
    """核查说明 for findings inside this record"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class Part:
    """部分: a top-level part of the document (``第三部分 … 情况说明``)."""

    heading: str
    """部分标题 as printed"""
    note: str | None = None
    """a line printed under the heading (``（见附表）``)"""
    paragraphs: tuple[str, ...] = ()
    """段落 before the first section"""
    sections: tuple[Section, ...] = ()
    """章节"""
    acknowledged: tuple[Acknowledgement, ...] = ()
    """核查说明 for findings inside this record"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class Term:
    """名词解释条目."""

    term: str
    """名词"""
    definition: str
    """解释 as printed"""
    number: str | None = None
    """序号 (``（一）``)"""
    subject: SubjectCode | None = None
    """the 功能分类 subject the term explains, when it is one"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class TermGroup:
    """名词解释分组 (收入科目, 支出科目, 相关专业名词)."""

    title: str
    number: str | None = None
    terms: tuple[Term, ...] = ()
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class Glossary:
    """第四部分 名词解释."""

    heading: str
    groups: tuple[TermGroup, ...] = ()
    acknowledged: tuple[Acknowledgement, ...] = ()
    """核查说明 for findings inside this record"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""
