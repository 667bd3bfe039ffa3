"""Formatting amounts: one function, thousands separators, never fewer digits than printed."""

from __future__ import annotations

from decimal import Decimal

from generator.model.money import Amount, MoneyUnit

UNIT_DECIMALS = {MoneyUnit.WAN_YUAN: 2, MoneyUnit.YUAN: 2}


def format_amount(amount: Amount, decimals: int | None = None) -> str:
    """``2,495.56``: grouped, at least ``decimals`` places, and every printed digit kept."""
    return format_value(amount.value, decimals) + (amount.suffix or "")


def format_value(value: Decimal, decimals: int | None = None) -> str:
    """A value (a sum, a change) as ``format_amount`` prints an amount."""
    exponent = value.as_tuple().exponent
    printed = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    places = max(printed, decimals if decimals is not None else printed)
    return f"{value:,.{places}f}"  # never rounds (places >= printed digits); no context precision limit


def format_plain(value: Decimal) -> str:
    """Narrative style: no separators, no trailing zeros (``353.7``)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
