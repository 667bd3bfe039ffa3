"""Printing amounts the way the documents do: tables with separators, narrative without trailing zeros."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from generator.model.money import Amount

HUNDRED = Decimal(100)


def printed(value: Decimal) -> str:
    """Table style: ``2,495.56``."""
    return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"


def plain(value: Decimal) -> str:
    """Narrative style: ``2495.56``, ``353.7``, ``1200``."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount(value: Decimal, suffix: str = "") -> Amount:
    """A form amount as printed, ``74`` or ``74万元``."""
    text = plain(value) + suffix
    parsed = Amount.parse(text)
    assert parsed is not None
    return parsed


def table_amount(value: Decimal) -> Amount:
    parsed = Amount.parse(printed(value))
    assert parsed is not None
    return parsed


def share(part: Decimal, whole: Decimal) -> Decimal:
    """Percentage of ``whole``, half-up to two decimals."""
    if not whole:
        return Decimal(0)
    return (part * HUNDRED / whole).quantize(Decimal("0.01"), ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> str:
    return plain(share(part, whole)) + "%"


def change(current: Decimal, prior: Decimal) -> str:
    """``同比增长 5.3%`` / ``同比减少 2.1%`` / ``与上年持平``, by (current − prior) / prior."""
    return _relative(current, prior, "同比", "减少")


def versus(current: Decimal, prior: Decimal) -> str:
    """``比上年增长 5.3%`` / ``比上年下降 2.1%`` / ``与上年持平``."""
    return _relative(current, prior, "比上年", "下降")


def _relative(current: Decimal, prior: Decimal, lead: str, fall: str) -> str:
    if current == prior:
        return "与上年持平"
    if not prior:
        return f"{lead}增加 {plain(current)}万元"
    word = "增长" if current > prior else fall
    return f"{lead}{word} {plain(share(abs(current - prior), prior))}%"


def difference(current: Decimal, prior: Decimal) -> str:
    """``同比减少 1.6万元，下降 45%`` (amount and rate), or ``与上年持平``."""
    if current == prior:
        return "与上年持平"
    word, rate = ("增加", "增长") if current > prior else ("减少", "下降")
    text = f"同比{word} {plain(abs(current - prior))}万元"
    return text + (f"，{rate} {plain(share(abs(current - prior), prior))}%" if prior else "")
