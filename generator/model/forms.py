"""Performance target forms (绩效目标表): 项目支出绩效目标 in five layouts and 部门整体绩效目标."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from generator.model.acknowledgement import Acknowledgement
from generator.model.indicators import IndicatorSet
from generator.model.money import Amount, MoneyUnit
from generator.model.narrative import NumberedText
from generator.source import NO_SPANS, NOWHERE, Span, Spans


class FormLayout(enum.Enum):
    """表样: the regional layout a project form is printed in."""

    JX2023 = "jx2023"
    """江西 2023 项目支出绩效目标表 (弋阳, 寻乌)"""
    YX_FU2_1 = "yx_fu2_1"
    """阳新 附2-1 项目支出绩效目标申报表"""
    SG2019_FJ1_1 = "sg2019_fj1_1"
    """石鼓 2019 附件1-1 项目绩效目标申报表"""
    SG2019_FJ2_1 = "sg2019_fj2_1"
    """石鼓 2019 附件2-1 专项资金绩效目标申报表"""
    YZ2022_PUBLIC = "yz2022_public"
    """原州 2022 部门项目支出预算绩效目标表 (公开表样)"""


@dataclass(frozen=True, slots=True)
class CheckboxGroup:
    """勾选项: a printed group of boxes (□ unticked, √ ticked)."""

    label: str
    """栏目 as printed (``项目属性``)"""
    options: tuple[str, ...]
    """选项 in printed order"""
    selected: tuple[str, ...] = ()
    """ticked options; empty when no box is ticked"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class FundingScope:
    """资金范围: one of 原州's parallel funding columns (含本级和市县 / 含本级)."""

    scope: str
    """范围 as printed (``本级和市县``, ``本级``)"""
    label: str | None = None
    """the column label as printed (``年度资金总额（含本级和市县）``)"""
    annual: Amount | None = None
    """年度资金总额"""
    fiscal: Amount | None = None
    """其中：财政拨款"""
    other: Amount | None = None
    """其他资金"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class Funding:
    """项目资金: funding by source, in the declared unit."""

    unit: MoneyUnit = MoneyUnit.WAN_YUAN
    """the unit the form declares (even where the figures are evidently in another)"""
    label: str | None = None
    """栏目 as printed (``项目资金 (万元)``, ``项目资金申请（万元）``)"""
    total_budget: Amount | None = None
    """项目总预算"""
    annual: Amount | None = None
    """年度资金总额 / 项目当年预算 / 资金总额"""
    fiscal: Amount | None = None
    """财政拨款 / 公共预算财政拨款"""
    govfund: Amount | None = None
    """政府性基金预算财政拨款"""
    own_funds: Amount | None = None
    """自有资金"""
    other: Amount | None = None
    """其他资金 / 其他"""
    carryover: Amount | None = None
    """上年结转 / 其中：使用上年度财政拨款结余"""
    scopes: tuple[FundingScope, ...] = ()
    """parallel scope columns (原州)"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class DetailItem:
    """项目支出明细: one line of the detail budget."""

    text: str
    amount: Amount | None = None
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class DetailBudget:
    """项目支出明细预算 with its printed 合计."""

    items: tuple[DetailItem, ...] = ()
    total: Amount | None = None
    """合计 as printed; None when the form leaves it blank"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """实施进度计划: one row (``……`` placeholder rows are kept)."""

    content: str | None = None
    """实施内容"""
    start: str | None = None
    """开始时间 as printed (``2019.1``)"""
    end: str | None = None
    """完成时间 as printed"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class ScopedGoal:
    """范围绩效目标 (原州: 年度总体绩效目标（含本级和市县） / 年度绩效目标(含本级))."""

    scope: str
    text: str | None = None
    label: str | None = None
    """the goal's label as printed"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class Goals:
    """绩效目标."""

    long_term: tuple[str, ...] = ()
    """中期目标 / 长期目标 / 专项长期绩效目标"""
    annual: tuple[str, ...] = ()
    """年度目标 / 年度绩效目标 / 专项年度绩效目标"""
    scoped: tuple[ScopedGoal, ...] = ()
    """scoped annual goals (原州)"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class Person:
    """联系人: a person printed on a form. Phone numbers are masked on the site by default."""

    role: str
    """项目负责人 / 填报人"""
    name: str | None = None
    phone: str | None = None
    """联系电话 as printed"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class Review:
    """审核意见 block (财政部门预算管理科室审核意见 …)."""

    body: str
    """审核部门 as printed"""
    opinion: str | None = None
    date: str | None = None
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class ProjectForm:
    """项目支出绩效目标表: one project's performance targets in its regional layout."""

    id: str
    """ASCII identifier, unique in the filing (its anchor and URL)"""
    layout: FormLayout
    """表样"""
    title: str
    """表名 as printed"""
    form_label: str | None = None
    """附件编号 as printed (``附2-1``, ``附件1-1``)"""
    subtitle: str | None = None
    """副标题 as printed (``(2023年度)``, ``（本表在项目库审核阶段报送）``)"""
    declared_year: int | None = None
    """the year the form itself prints (may differ from the filing's year)"""
    applicant: str | None = None
    """申报单位 / 填报单位（盖章） as filled in; None when blank"""
    unit_label: str | None = None
    """单位 line (``单位：万元``)"""
    name: str | None = None
    """项目名称 / 专项名称 as printed"""
    parent_project: str | None = None
    """对应一级项目名称"""
    supervisor: str | None = None
    """主管部门 (及代码) / 一级部门名称 as printed"""
    supervisor_code: str | None = None
    """主管部门编码 as printed"""
    implementer: str | None = None
    """实施单位 / 项目单位 / 部门名称"""
    attributes: tuple[CheckboxGroup, ...] = ()
    """项目属性, 项目分类, 项目类别 … as checkbox groups"""
    attribute_text: str | None = None
    """项目属性 written as text (原州: ``运转类其他项目``)"""
    term: str | None = None
    """项目期 (``一年期``)"""
    period: str | None = None
    """项目起止时间 as printed (``2019.1-2019.12``)"""
    function_subject: str | None = None
    """支出功能类科目 as printed (``类：201 款：01 项：01``)"""
    funding: Funding | None = None
    """项目资金"""
    overview: str | None = None
    """项目概况 (、内容及依据)"""
    basis: str | None = None
    """立项依据"""
    feasibility: str | None = None
    """项目申报的可行性"""
    necessity: str | None = None
    """项目申报的必要性"""
    history: str | None = None
    """项目前两年预算安排、使用情况及当年预算变动情况"""
    calculation_basis: str | None = None
    """测算依据及说明"""
    duties_summary: str | None = None
    """部门相应职能职责概述"""
    safeguards: str | None = None
    """专项实施保障措施"""
    other_issues: str | None = None
    """其他需说明的问题"""
    detail_budget: DetailBudget | None = None
    """项目支出明细预算"""
    schedule: tuple[ScheduleRow, ...] = ()
    """实施进度计划"""
    goals: Goals | None = None
    """绩效目标"""
    indicator_sets: tuple[IndicatorSet, ...] = ()
    """绩效指标 grids"""
    people: tuple[Person, ...] = ()
    """项目负责人, 填报人"""
    filled_on: str | None = None
    """填报日期 as printed"""
    reviews: tuple[Review, ...] = ()
    """审核意见 blocks"""
    source_lines: str | None = None
    """where the form sits in the source document (``L2-156``)"""
    notes: tuple[str, ...] = ()
    """本站说明: what the reproduction must tell the reader about this form (text the source lost, marked ``……``)"""
    acknowledged: tuple[Acknowledgement, ...] = ()
    """核查说明 for findings inside this record"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class FundRow:
    """部门总体资金情况: one row of 收入构成 or 支出构成."""

    item: str
    """项目 as printed (``财政拨款``, ``合   计``)"""
    current: Amount | None = None
    """当年金额"""
    share: str | None = None
    """占比 as printed"""
    history: tuple[Amount | None, ...] = ()
    """近两年收支金额, oldest first, aligned with ``years``"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class DeptFunds:
    """部门总体资金情况."""

    years: tuple[str, ...] = ()
    """the printed year headers of 近两年收支金额 (``2022  年``)"""
    income: tuple[FundRow, ...] = ()
    """收入构成"""
    expenditure: tuple[FundRow, ...] = ()
    """支出构成"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class DeptProject:
    """项目支出情况: one project in the department-wide form."""

    name: str
    """项目名称 as printed"""
    type: str | None = None
    """项目类型"""
    total_budget: Amount | None = None
    """项目总预算"""
    annual_budget: Amount | None = None
    """项目本年度预算"""
    usage: str | None = None
    """项目主要支出方向和用途"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class DeptOverallForm:
    """部门整体绩效目标申报表 (阳新 附2-2)."""

    id: str
    """ASCII identifier, unique in the filing"""
    title: str
    """表名 as printed"""
    form_label: str | None = None
    """附件编号 (``附2-2``)"""
    filled_on: str | None = None
    """填报日期 as printed; None when blank"""
    unit_label: str | None = None
    """单位 line"""
    dept_name: str | None = None
    """部门（单位）名称"""
    preparer: Person | None = None
    """填报人 and 联系电话"""
    funds: DeptFunds | None = None
    """部门总体资金情况"""
    functions: tuple[NumberedText, ...] = ()
    """部门职能概述"""
    annual_tasks: tuple[NumberedText, ...] = ()
    """年度工作任务"""
    projects: tuple[DeptProject, ...] = ()
    """项目支出情况"""
    long_term_until: str | None = None
    """长期目标（截止   年） as filled; None when blank"""
    long_term_goals: tuple[str | None, ...] = ()
    """长期目标 目标1 …, None for a blank slot"""
    annual_goals: tuple[str | None, ...] = ()
    """年度目标 目标1 …"""
    indicator_sets: tuple[IndicatorSet, ...] = ()
    """长期绩效指标 and 年度绩效指标, one set per goal"""
    source_lines: str | None = None
    acknowledged: tuple[Acknowledgement, ...] = ()
    """核查说明 for findings inside this record"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""
