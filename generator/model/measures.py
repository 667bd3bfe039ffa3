"""Measures (栏目含义): what an amount column means, whatever its printed label says, and the two sides of the
收支总表. A closed vocabulary; the printed label variants that map onto it are data (``reference/measures.toml``)."""

from __future__ import annotations

import enum


class Measure(enum.Enum):
    """栏目含义: the canonical meaning of an amount column (or of a funding line of a project form)."""

    __hash__ = object.__hash__  # members are singletons: hashing by identity keeps dict look-ups of facts in C

    TOTAL = "total"
    """合计 (总计, 金额合计)"""
    BASIC = "basic"
    """基本支出"""
    PROJECT = "project"
    """项目支出"""
    PERSONNEL = "personnel"
    """人员经费"""
    PUBLIC = "public"
    """公用经费"""
    FISCAL = "fiscal"
    """财政拨款（小计）"""
    GENERAL = "general"
    """一般公共预算 (拨款收入, 支出)"""
    GOVFUND = "govfund"
    """政府性基金预算 (拨款收入, 支出)"""
    SOE = "soe"
    """国有资本经营预算 (收入, 支出)"""
    SPECIAL_ACCOUNT = "special_account"
    """财政专户管理资金"""
    EDUCATION_FEES = "education_fees"
    """教育收费 (教育收费资金收入)"""
    CARRYOVER = "carryover"
    """上年结转 (上年结转和结余, 年初结转和结余, 使用上年度财政拨款结余)"""
    BUSINESS = "business"
    """事业收入"""
    OPERATING = "operating"
    """事业单位经营收入"""
    SUPERIOR = "superior"
    """上级补助收入"""
    AFFILIATED = "affiliated"
    """附属单位上缴收入"""
    OTHER = "other"
    """其他收入 (其他资金)"""
    NON_FISCAL_BALANCE = "non_fiscal_balance"
    """使用非财政拨款结余"""
    BUSINESS_FUND = "business_fund"
    """用事业基金弥补收支差额"""
    OWN_FUNDS = "own_funds"
    """自有资金"""
    BUDGET = "budget"
    """预算数 (本年预算数, 当年金额)"""
    PRIOR_BUDGET = "prior_budget"
    """上年预算数"""
    CHANGE = "change"
    """增减额 (比上年增减)"""
    CHANGE_RATE = "change_rate"
    """增减率 (增减%)"""
    CARRY_FORWARD = "carry_forward"
    """结转下年 (年末结转和结余)"""
    UPPER_REMIT = "upper_remit"
    """上缴上级支出"""
    OPERATING_EXPENDITURE = "operating_expenditure"
    """事业单位经营支出"""
    SUBSIDY_TO_AFFILIATED = "subsidy_to_affiliated"
    """对附属单位补助支出"""
    ABROAD = "abroad"
    """因公出国（境）费"""
    RECEPTION = "reception"
    """公务接待费"""
    VEHICLE = "vehicle"
    """公务用车购置及运行（维护）费"""
    VEHICLE_PURCHASE = "vehicle_purchase"
    """公务用车购置费"""
    VEHICLE_OPERATION = "vehicle_operation"
    """公务用车运行（维护）费"""
    ANNUAL = "annual"
    """年度资金总额 (项目当年预算, 资金总额)"""
    TOTAL_BUDGET = "total_budget"
    """项目总预算"""
    PRIOR_1 = "prior_1"
    """上年 (近两年收支金额、指标值中的上一年)"""
    PRIOR_2 = "prior_2"
    """前年 (近两年收支金额、指标值中的前一年)"""

    @property
    def title(self) -> str:
        """The official term, the first of the docstring (``合计``)."""
        return TITLES[self]


TITLES: dict[Measure, str] = {
    Measure.TOTAL: "合计", Measure.BASIC: "基本支出", Measure.PROJECT: "项目支出", Measure.PERSONNEL: "人员经费",
    Measure.PUBLIC: "公用经费", Measure.FISCAL: "财政拨款", Measure.GENERAL: "一般公共预算",
    Measure.GOVFUND: "政府性基金预算", Measure.SOE: "国有资本经营预算", Measure.SPECIAL_ACCOUNT: "财政专户管理资金",
    Measure.EDUCATION_FEES: "教育收费", Measure.CARRYOVER: "上年结转", Measure.BUSINESS: "事业收入",
    Measure.OPERATING: "事业单位经营收入", Measure.SUPERIOR: "上级补助收入", Measure.AFFILIATED: "附属单位上缴收入",
    Measure.OTHER: "其他收入", Measure.NON_FISCAL_BALANCE: "使用非财政拨款结余",
    Measure.BUSINESS_FUND: "用事业基金弥补收支差额", Measure.OWN_FUNDS: "自有资金", Measure.BUDGET: "预算数",
    Measure.PRIOR_BUDGET: "上年预算数", Measure.CHANGE: "增减额", Measure.CHANGE_RATE: "增减率",
    Measure.CARRY_FORWARD: "结转下年", Measure.UPPER_REMIT: "上缴上级支出",
    Measure.OPERATING_EXPENDITURE: "事业单位经营支出", Measure.SUBSIDY_TO_AFFILIATED: "对附属单位补助支出",
    Measure.ABROAD: "因公出国（境）费", Measure.RECEPTION: "公务接待费", Measure.VEHICLE: "公务用车购置及运行费",
    Measure.VEHICLE_PURCHASE: "公务用车购置费", Measure.VEHICLE_OPERATION: "公务用车运行维护费",
    Measure.ANNUAL: "年度资金总额", Measure.TOTAL_BUDGET: "项目总预算", Measure.PRIOR_1: "上年",
    Measure.PRIOR_2: "前年",
}


class Side(enum.Enum):
    """收支方: the income or the expenditure block of a two-sided table (收支总表)."""

    INCOME = "income"
    """收入"""
    EXPENDITURE = "expenditure"
    """支出"""
