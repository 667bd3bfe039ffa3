"""Amounts (金额): exact decimals that keep the text they were printed as."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from generator.source import NOWHERE, Span


class MoneyUnit(enum.Enum):
    """计量单位: the unit an amount is declared in."""

    __hash__ = object.__hash__  # members are singletons: hashing by identity keeps dict look-ups of facts in C

    WAN_YUAN = "万元"
    YUAN = "元"


_AMOUNT = re.compile(
    r"^(?P<sign>-)?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<suffix>万元|元)?$",
    re.ASCII,  # full-width digits (２４９５) are a slip to name, never a number to accept silently
)


@lru_cache(maxsize=1 << 16)  # a figure recurs: each 项 amount is printed in three to five tables
def parse_amount_text(text: str) -> tuple[Decimal, str | None] | None:
    """Parse a printed amount (``2,495.56``, ``74万元``) into its value and unit suffix.

    Returns None when the text is not an amount. Never goes through float.
    """
    match = _AMOUNT.match(text.strip())
    if match is None:
        return None
    digits = (match["sign"] or "") + match["int"].replace(",", "") + (match["frac"] or "")
    return Decimal(digits), match["suffix"]


@dataclass(frozen=True, slots=True)
class Amount:
    """金额: a printed amount. ``text`` is exactly what the source printed."""

    text: str
    """as printed (印刷原文), e.g. ``2,495.56`` or ``74万元``"""
    value: Decimal
    """the exact value, built from ``text``"""
    suffix: str | None = None
    """a unit written after the number (``万元``), if any"""
    span: Span = NOWHERE

    @classmethod
    def parse(cls, text: str, span: Span = NOWHERE) -> Amount | None:
        parsed = parse_amount_text(text)
        if parsed is None:
            return None
        return cls(text=text.strip(), value=parsed[0], suffix=parsed[1], span=span)


_WIDE = {**{chr(0xFF10 + d): str(d) for d in range(10)}, "．": ".", "，": ",", "－": "-", "％": "%", "　": " "}
_WIDE_NAMES = {"．": "全角小数点“．”", "，": "全角逗号“，”", "－": "全角负号“－”", "％": "全角百分号“％”",
               "　": "全角空格"}
_HALF = str.maketrans(_WIDE)


def amount_problem(text: str) -> tuple[str, str] | None:
    """Why a printed amount is not a number, when a clerk's usual slip explains it (全角数字, 全角逗号或小数点,
    百分号, 中文引号): the Chinese message and the fix (with the amount rewritten where that is all it takes).
    The one place that names these slips, for table cells and form amounts alike."""
    wide = [char for char in dict.fromkeys(text) if char in _WIDE]
    if wide:
        digits = "".join(c for c in wide if c not in _WIDE_NAMES)
        named = [_WIDE_NAMES[c] for c in wide if c in _WIDE_NAMES]
        names = "、".join([f"全角数字“{digits}”", *named] if digits else named)
        half = text.translate(_HALF).strip()
        fix = f"改为半角（英文输入法）字符：\"{half}\"" if parse_amount_text(half) is not None else \
            "切换到英文输入法，用半角数字、英文逗号和小数点重写"
        return f"金额“{text[:40]}”中有{names}", fix + "。"
    if "%" in text:
        return f"金额“{text[:40]}”带百分号，不是金额", "金额栏只写金额；比例写在说明文字中，或把这一栏标为 role: text。"
    if text.strip()[:1] in "“‘" or text.strip()[-1:] in "”’":
        return f"金额“{text[:40]}”带着中文引号", "删去中文引号 “ ”；需要引号时用英文双引号，例如 \"2,495.56\"。"
    return None
