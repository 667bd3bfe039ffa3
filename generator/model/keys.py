"""Row keys (行键): what a printed row stands for, whatever its label says: a subject (code and scheme), a named
line of the 收支总表 (one per side), or the table's total."""

from __future__ import annotations

import enum
from typing import NamedTuple

from generator.model.codes import CodeScheme, SubjectCode


class LineKey(enum.Enum):
    """收支项目: the named lines of the 收支预算总表 and 财政拨款收支总表 (and the 收入/支出构成 of a 部门整体
    绩效目标表). The printed label variants are data (``reference/lines.toml``)."""

    __hash__ = object.__hash__  # members are singletons: hashing by identity keeps dict look-ups of facts in C

    FISCAL_INCOME = "fiscal_income"
    """财政拨款收入"""
    GENERAL_INCOME = "general_income"
    """一般公共预算（拨款）收入"""
    GOVFUND_INCOME = "govfund_income"
    """政府性基金预算（拨款）收入"""
    SOE_INCOME = "soe_income"
    """国有资本经营预算（拨款）收入"""
    SPECIAL_ACCOUNT_INCOME = "special_account_income"
    """财政专户管理资金收入"""
    EDUCATION_FEES_INCOME = "education_fees_income"
    """教育收费资金收入"""
    BUSINESS_INCOME = "business_income"
    """事业收入"""
    OPERATING_INCOME = "operating_income"
    """事业单位经营收入"""
    AFFILIATED_INCOME = "affiliated_income"
    """附属单位上缴收入"""
    SUPERIOR_INCOME = "superior_income"
    """上级补助收入"""
    OTHER_INCOME = "other_income"
    """其他收入 (其他资金)"""
    INCOME_TOTAL = "income_total"
    """本年收入合计"""
    NON_FISCAL_BALANCE = "non_fiscal_balance"
    """使用非财政拨款结余"""
    BUSINESS_FUND = "business_fund"
    """用事业基金弥补收支差额"""
    CARRYOVER = "carryover"
    """上年结转（结余）"""
    GENERAL_CARRYOVER = "general_carryover"
    """一般公共预算拨款结转"""
    GOVFUND_CARRYOVER = "govfund_carryover"
    """政府性基金预算拨款结转"""
    SOE_CARRYOVER = "soe_carryover"
    """国有资本经营预算拨款结转"""
    INCOME_GRAND_TOTAL = "income_grand_total"
    """收入总计"""
    CURRENT_EXPENDITURE = "current_expenditure"
    """本年支出"""
    BASIC_EXPENDITURE = "basic_expenditure"
    """基本支出"""
    PROJECT_EXPENDITURE = "project_expenditure"
    """项目支出"""
    UPPER_REMIT = "upper_remit"
    """上缴上级支出"""
    OPERATING_EXPENDITURE = "operating_expenditure"
    """事业单位经营支出"""
    SUBSIDY_TO_AFFILIATED = "subsidy_to_affiliated"
    """对附属单位补助支出"""
    EXPENDITURE_TOTAL = "expenditure_total"
    """本年支出合计"""
    CARRY_FORWARD = "carry_forward"
    """结转下年"""
    EXPENDITURE_GRAND_TOTAL = "expenditure_grand_total"
    """支出总计"""


class RowKind(enum.Enum):
    """行键类别."""

    __hash__ = object.__hash__  # members are singletons: hashing by identity keeps dict look-ups of facts in C

    FUNCTION = "function"
    """支出功能分类科目 (``function:2080109``)"""
    ECONOMIC = "economic"
    """支出经济分类科目 (``economic:30101``)"""
    DEPARTMENT = "department"
    """部门编码 (``department:202``)"""
    LINE = "line"
    """收支项目 (``line:income_total``)"""
    TOTAL = "total"
    """the table's 合计 or 总计 row (``total``)"""
    LABEL = "label"
    """a row named only by its printed label, when that names no subject and no line (``label:其他项目``)"""
    BLANK = "blank"
    """a printed empty row (``blank:8``, by its row number): it states nothing"""
    FUNDING = "funding"
    """a project form's funding block (``funding``, ``funding:本级`` for one of 原州's scope columns)"""
    DETAIL = "detail"
    """a line of a project form's 项目支出明细预算 (``detail:1``)"""
    PROJECT = "project"
    """a project of a 部门整体绩效目标表 (``project:1``)"""


_SCHEMES = {CodeScheme.FUNCTION: RowKind.FUNCTION, CodeScheme.ECONOMIC: RowKind.ECONOMIC,
            CodeScheme.DEPARTMENT: RowKind.DEPARTMENT}
_KINDS = {kind.value: kind for kind in RowKind}


class RowKey(NamedTuple):
    """行键: what a row stands for, written ``kind:name`` (``function:2080109``, ``line:income_total``, ``total``)."""

    kind: RowKind
    name: str = ""

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.name}" if self.name else self.kind.value

    @classmethod
    def subject(cls, code: SubjectCode) -> RowKey:
        return cls(_SCHEMES[code.scheme], code.code)

    @classmethod
    def line(cls, key: LineKey) -> RowKey:
        return _LINE_KEYS[key]

    @classmethod
    def parse(cls, text: str) -> RowKey:
        """The key written as text; ValueError when it is not one."""
        kind, _, name = text.partition(":")
        if kind not in _KINDS or (not name and kind not in ("total", "funding")):
            raise ValueError(f"not a row key: {text!r}")
        return cls(_KINDS[kind], name)

    @property
    def code(self) -> SubjectCode | None:
        """The subject of a subject row."""
        scheme = _SCHEME_OF.get(self.kind)
        return SubjectCode(scheme, self.name) if scheme is not None else None

    @property
    def parent(self) -> RowKey | None:
        """The row of the subject one level up (款 of a 项, 类 of a 款); None for a 类 and for any other row."""
        if self.kind in _NESTED and len(self.name) > 3:
            return RowKey(self.kind, self.name[:-2])
        return None


TOTAL_KEY = RowKey(RowKind.TOTAL)
_SCHEME_OF = {kind: scheme for scheme, kind in _SCHEMES.items()}
_NESTED = (RowKind.FUNCTION, RowKind.ECONOMIC)
_LINE_KEYS = {key: RowKey(RowKind.LINE, key.value) for key in LineKey}
