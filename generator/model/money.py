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
    r"^(?P<sign>-)?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<suffix>万元|元)?$"
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
