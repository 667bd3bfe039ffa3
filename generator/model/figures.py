"""Figures printed inside text (文中数字): the amounts, shares, counts, changes, years and dates that the
情况说明, the 概况 and the project forms' text state, each at its own position."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from generator.source import NOWHERE, Span


class FigureKind(enum.Enum):
    """数字类别: what the number counts."""

    AMOUNT = "amount"
    """金额 (``282.9万元``, ``3.6 万元``, ``9300元``)"""
    PERCENT = "percent"
    """百分比 (``11.34%``)"""
    COUNT = "count"
    """数量 (``7个``, ``26人``, ``0 辆``)"""
    YEAR = "year"
    """年度 (``2023年``, ``2023 年度``)"""
    DATE = "date"
    """日期 (``2022 年 12 月 31 日``)"""


class FigureRole(enum.Enum):
    """数字的作用: a level, a change against last year, or a share of a whole."""

    LEVEL = "level"
    """数额 (``收入预算总额为 2495.56万元``)"""
    CHANGE = "change"
    """增减 (``同比减少 83%``, ``比上年增加 0 万元``, ``下降 45%``)"""
    SHARE = "share"
    """占比 (``占财政拨款支出的 11.34%``)"""


@dataclass(frozen=True, slots=True)
class TextFigure:
    """文中数字: one figure of a text field, parsed, with what it is said about."""

    kind: FigureKind
    role: FigureRole
    text: str
    """as printed, number and unit (``282.9万元``, ``11.34%``, ``2022 年 12 月 31 日``)"""
    value: Decimal | None
    """the number (a year for years; None for dates)"""
    unit: str | None = None
    """计量单位 as printed (``万元``, ``%``, ``人``); None when none is printed"""
    date: str | None = None
    """ISO date for dates (``2022-12-31``); ``2019-01`` when no day is printed"""
    direction: int = 0
    """+1 增加/增长, -1 减少/下降, 0 for a level or share (and for 持平)"""
    about: str | None = None
    """what the figure is said about, as printed before it (``社会保险经办机构``, ``收入预算总额``)"""
    base: str | None = None
    """for shares: the whole (``财政拨款支出``)"""
    scope: str | None = None
    """the heading figure a listed figure belongs to (``基本支出`` for ``包括工资福利支出294.15万元``)"""
    place: str = ""
    """the text field, as a path (``explanation.1.3.p0``, ``project_forms.p01.goals.annual.0``)"""
    context: str | None = None
    """what the text explains: the role of its 情况说明 section (``fiscal``, ``three_public`` …), ``profile``, or
    ``form:<id>`` for a project form's text"""
    span: Span = NOWHERE
    """the figure itself"""
    about_span: Span = NOWHERE
    """the phrase ``about``"""
