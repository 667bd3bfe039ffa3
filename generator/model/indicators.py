"""Performance indicators (绩效指标): the 一级/二级/三级 tree and parsed 指标值."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from generator.source import NO_SPANS, NOWHERE, Span, Spans


class ValueKind(enum.Enum):
    """指标值类型."""

    NUMERIC = "numeric"
    RANGE = "range"
    QUALITATIVE = "qualitative"
    EMPTY = "empty"


_MARKUP = re.compile(r"<[^>]*>|\$|\\(?=%)")
_LATEX_OPS = {r"\geq": "≥", r"\leq": "≤", r"\ge": "≥", r"\le": "≤"}
_WORD_OPS = (("大于或等于", ">="), ("大于等于", ">="), ("小于或等于", "<="), ("不超过", "<="),
             ("不低于", ">="), ("不少于", ">="), ("≥", ">="), (">=", ">="), ("≤", "<="),
             ("<=", "<="), ("＞", ">"), (">", ">"), ("＜", "<"), ("<", "<"), ("＝", "="), ("=", "="))
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_NUMERIC = re.compile(rf"^(?P<num>{_NUMBER})(?P<unit>[^\d\s]{{0,4}}?)(?P<within>内|以内|以上)?$")
_RANGE = re.compile(rf"^(?P<lo>{_NUMBER})\s*[-－~～至]\s*(?P<hi>{_NUMBER})(?P<unit>[^\d\s]{{0,4}})$")


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """指标值: the printed text and, when it is a figure, its parsed form."""

    raw: str
    """as printed (印刷原文); always kept"""
    kind: ValueKind
    op: str | None = None
    """comparator: ``>=``, ``<=``, ``=``, ``>``, ``<`` (from ≥ ≤ 大于或等于 不超过 …内)"""
    number: Decimal | None = None
    number_max: Decimal | None = None
    """upper bound of a range (``30-320元``)"""
    unit: str | None = None
    """计量单位: %, 元, 万元, 人, 封 …"""
    markup_removed: bool = False
    """the print carried LaTeX or HTML (``$\\geq 98\\%$``) that was stripped to parse it"""
    span: Span = NOWHERE

    @classmethod
    def parse(cls, raw: str, span: Span = NOWHERE) -> IndicatorValue:
        kind, op, number, number_max, unit, removed = _parse(raw)
        return cls(raw, kind, op, number, number_max, unit, removed, span)


_Parsed = tuple[ValueKind, str | None, Decimal | None, Decimal | None, str | None, bool]


@lru_cache(maxsize=1 << 16)
def _parse(raw: str) -> _Parsed:
    """(kind, op, number, number_max, unit, markup_removed) of a printed value; the same few hundred
    values recur across a county's forms, so each is parsed once."""
    text = raw.strip()
    if not text:
        return ValueKind.EMPTY, None, None, None, None, False
    cleaned = text
    for latex, symbol in _LATEX_OPS.items():
        cleaned = cleaned.replace(latex, symbol)
    cleaned = _MARKUP.sub("", cleaned).strip()
    removed = cleaned != text
    op = None
    for word, symbol in _WORD_OPS:
        if cleaned.startswith(word):
            op, cleaned = symbol, cleaned[len(word):].strip()
            break
    if (m := _RANGE.match(cleaned)) is not None:
        return ValueKind.RANGE, op, _dec(m["lo"]), _dec(m["hi"]), m["unit"] or None, removed
    if (m := _NUMERIC.match(cleaned)) is not None:
        unit = m["unit"] or None
        if unit == "百分比":
            unit = "%"
        if m["within"] in ("内", "以内") and op is None:
            op = "<="
        elif m["within"] == "以上" and op is None:
            op = ">="
        return ValueKind.NUMERIC, op, _dec(m["num"]), None, unit, removed
    return ValueKind.QUALITATIVE, op, None, None, None, removed


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@dataclass(frozen=True, slots=True)
class Indicator:
    """三级指标 (指标内容): one printed row of an indicator grid."""

    name: str | None = None
    """三级指标 / 指标内容, as printed; may be blank"""
    slot: str | None = None
    """a numbered slot label printed before the name (原州: ``指标1``)"""
    value: IndicatorValue | None = None
    """指标值 (for 附2-2's annual grid: 预期当年实现值)"""
    note: str | None = None
    """备注"""
    basis: str | None = None
    """指标值确定依据 / 指标确定依据"""
    prior2: IndicatorValue | None = None
    """近两年指标值: 前年"""
    prior1: IndicatorValue | None = None
    """近两年指标值: 上年"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class IndicatorGroup:
    """二级指标 and the 三级 rows printed under it (none when the template row is empty)."""

    level2: str
    """二级指标, as printed (``经济成本指标``, ``服务对象满意度``, ``…``)"""
    items: tuple[Indicator, ...] = ()
    """三级指标"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


@dataclass(frozen=True, slots=True)
class IndicatorBranch:
    """一级指标 and its 二级 groups, in printed order."""

    level1: str
    """一级指标, as printed (``成本指标``, ``产出指标``, ``效益指标``, ``满意度指标``)"""
    groups: tuple[IndicatorGroup, ...] = ()
    """二级指标"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""


class Horizon(enum.Enum):
    """指标期限."""

    ANNUAL = "annual"
    """年度绩效指标"""
    LONG_TERM = "long_term"
    """长期 (中期) 绩效指标"""


@dataclass(frozen=True, slots=True)
class IndicatorSet:
    """绩效指标表: one printed indicator grid."""

    horizon: Horizon = Horizon.ANNUAL
    """annual (年度) or long_term (长期/中期)"""
    label: str | None = None
    """the grid's printed label (``项目年度绩效指标``, ``长期绩效指标``)"""
    goal_ref: str | None = None
    """the goal it serves, as printed (附2-2: ``长期目标1``, ``年度目标2``)"""
    goal_text: str | None = None
    """text printed after the goal label (附2-2: ``用于工作中所需要的的耗材``)"""
    branches: tuple[IndicatorBranch, ...] = field(default_factory=tuple)
    """一级指标 in printed order"""
    unplaced: tuple[str, ...] = ()
    """指标值 the grid prints that cannot be tied to any indicator (the source lost their rows), as printed: shown
    in a note under the grid, never dropped"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""

    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for b in self.branches for g in b.groups for i in g.items)
