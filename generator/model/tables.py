"""Department budget tables (部门预算公开表): columns, rows and cells as printed."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from generator.model.codes import CodeScheme, SubjectCode
from generator.model.money import Amount, MoneyUnit
from generator.source import NOWHERE, Span


class TableKind(enum.Enum):
    """公开表种类 (the eleven tables of a 部门预算 plus regional add-ons)."""

    SUMMARY = "summary"
    """收支预算总表"""
    INCOME = "income"
    """部门收入总表"""
    EXPENDITURE = "expenditure"
    """部门支出总表"""
    FISCAL_SUMMARY = "fiscal_summary"
    """财政拨款收支总表"""
    GENERAL_EXPENDITURE = "general_expenditure"
    """一般公共预算支出表"""
    GENERAL_BASIC = "general_basic"
    """一般公共预算基本支出表"""
    THREE_PUBLIC = "three_public"
    """财政拨款“三公”经费支出表"""
    GOVFUND_EXPENDITURE = "govfund_expenditure"
    """政府性基金预算支出表"""
    SOE_EXPENDITURE = "soe_expenditure"
    """国有资本经营预算支出表"""
    EXPENDITURE_SUMMARY = "expenditure_summary"
    """支出预算总表 (regional add-on)"""
    FISCAL_APPROPRIATION = "fiscal_appropriation"
    """财政拨款预算表 (regional add-on)"""
    OTHER = "other"
    """其他表 (any further regional table)"""


class ColumnRole(enum.Enum):
    """栏目类别: what the cells of a column hold."""

    AMOUNT = "amount"
    """金额"""
    CODE = "code"
    """科目编码 or 部门编码"""
    NAME = "name"
    """科目名称 or 部门名称"""
    LABEL = "label"
    """项目 (a row label in 收支总表)"""
    TEXT = "text"
    """其他文字"""


class CodeStyle(enum.Enum):
    """How 款 codes are printed in the code column."""

    SUFFIX = "suffix"
    """功能分类 款 printed as its last two digits (``01``)"""
    FULL = "full"
    """every code printed in full (``30101``)"""


@dataclass(frozen=True, slots=True)
class Column:
    """栏目: a header cell; a group when it has children (多级表头)."""

    label: str
    """表头文字 as printed"""
    role: ColumnRole = ColumnRole.AMOUNT
    """amount (default), code, name, label or text"""
    scheme: CodeScheme | None = None
    """for code columns: function, economic or department"""
    children: tuple[Column, ...] = ()
    """sub-columns printed under this header"""
    span: Span = NOWHERE

    def leaves(self) -> tuple[Column, ...]:
        if not self.children:
            return (self,)
        return tuple(leaf for child in self.children for leaf in child.leaves())

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)


class RowRole(enum.Enum):
    """行类别."""

    TOTAL = "total"
    """合计/总计 rows"""
    SUBJECT = "subject"
    """a 类/款/项 row with a code"""
    LINE = "line"
    """any other row (收支总表 lines, rows named by subject name only)"""


@dataclass(frozen=True, slots=True)
class Cell:
    """单元格: printed text (None = blank) and its parsed value for amount and code columns."""

    text: str | None
    amount: Amount | None = None
    code: SubjectCode | None = None
    span: Span = NOWHERE

    @property
    def blank(self) -> bool:
        return self.text is None or not self.text.strip()


@dataclass(frozen=True, slots=True)
class Row:
    """表行: one cell per leaf column, in order."""

    cells: tuple[Cell, ...]
    """单元格, aligned with the table's leaf columns"""
    role: RowRole = RowRole.LINE
    """total, subject or line; derived from the cells unless given"""
    subject: SubjectCode | None = None
    """the subject a row stands for when its code is not printed (支出预算总表 rows)"""
    indent: int = 0
    """extra printed indentation of the row label"""
    span: Span = NOWHERE

    @property
    def code(self) -> SubjectCode | None:
        """the first code printed in the row, else the subject it stands for"""
        for cell in self.cells:
            if cell.code is not None:
                return cell.code
        return self.subject


@dataclass(frozen=True, slots=True)
class BudgetTable:
    """公开表: one published table, reproduced as printed."""

    kind: TableKind
    """表种类"""
    title: str
    """表名 as printed"""
    id: str | None = None
    """anchor; defaults to the kind (needed only for ``other`` tables)"""
    filler: str | None = None
    """填报单位 line as printed (``填报单位:[202002]寻乌县社会保险服务中心``)"""
    unit_label: str | None = None
    """单位 line as printed (``单位：万元``); None when the table prints none"""
    unit: MoneyUnit = MoneyUnit.WAN_YUAN
    """the declared unit of its amounts"""
    note: str | None = None
    """表注 printed above the title (``注：若为空表，…``)"""
    columns: tuple[Column, ...] = ()
    """表头, as a tree"""
    numbering: str | None = None
    """the column-numbering row as printed (``** ** 1 2 3``); None when not printed"""
    code_style: CodeStyle = CodeStyle.SUFFIX
    """how 款 codes are printed"""
    rows: tuple[Row, ...] = ()
    """表行 in printed order; empty for an empty table"""
    span: Span = NOWHERE

    @property
    def anchor(self) -> str:
        return self.id or self.kind.value

    def leaves(self) -> tuple[Column, ...]:
        return tuple(leaf for c in self.columns for leaf in c.leaves())
