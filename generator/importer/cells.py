"""单元格: what one cell holds, read exactly: an amount (``Decimal`` from the cell's text, or from a number cell
by the documented rule below, never passed on as a float), a code, a name, or text.

The rule for number cells: calamine gives a number cell as a float (or an int). Its shortest round-trip text
(``repr``: 282.9) is the exact value the workbook stored. When the cell's number format prints a known number
of decimals (``#,##0.00``), the amount is that text rounded half-up to those decimals, as the cell displays it
(282.9 -> 282.90); if rounding changed the value the cell stores more than it prints, and the import says so.
When the format is General (or unknown), the amount keeps the stored digits, padded with zeros to the decimals
the table's other cells print (282.9 beside 2,495.56 -> 282.90); padding never changes a value. A stored
value with more than six decimals (binary noise of a computed cell, 0.30000000000000004) is rounded to six and
the import says so."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.importer.sheets import Value
from generator.model.money import parse_amount_text

MAX_DECIMALS = 6
_CODE_NAME = re.compile(
    r"^\s*(?:[\[【(（]\s*(\d{2,20})\s*[\]】)）]\s*"          # [2080109]社会保险经办机构
    r"|(\d{2,20})(?:\s+|\s*[-—－_:：、]\s*)"                    # 2080109 社会保险经办机构, 202-人社局
    r"|(\d{3}|\d{5}|\d{7})(?=[\u4e00-\u9fff])(?![年月日万元亿个人号]))"  # 2080109社会保险经办机构
    r"(\S.*)$", re.S)
_CODE_ONLY = re.compile(r"^\s*(\d{1,20})\s*$")
_DASHES = frozenset({"-", "－", "—", "--", "——", "/", "／"})
_SEPARATED = re.compile(r"^-?\d{1,3}(?:[,，\s]\d{3})+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount read from a cell: its text for the filing and what the import must say about it."""

    text: str | None
    """the amount as the filing writes it (None: blank)"""
    value: Decimal | None
    rounded_from: str | None = None
    """the stored value when the printed value differs from it"""
    dash: bool = False
    """printed as ``-`` (imported as blank)"""


def is_blank(value: Value) -> bool:
    return value == "" or value is None or (isinstance(value, str) and not value.strip())


def text_of(value: Value) -> str:
    """A cell as text (numbers as their shortest text, dates as ISO dates)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f") if value == value else ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def number_decimals(value: Value) -> int:
    """Decimals a number cell's stored value has (for the table's printed decimals)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return min(-exponent, MAX_DECIMALS) if isinstance(exponent, int) and exponent < 0 else 0


def read_amount(value: Value, printed: int | None, table_decimals: int) -> Amount | None:
    """The amount a cell holds, or None when the cell holds something that is not an amount (text)."""
    if is_blank(value):
        return Amount(None, None)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        exact = Decimal(value)
        places = printed if printed is not None else table_decimals
        shown = exact.quantize(Decimal(1).scaleb(-min(places, MAX_DECIMALS)))
        return Amount(_plain(shown), shown)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        exact = Decimal(repr(value))
        places = printed if printed is not None else max(table_decimals, number_decimals(value))
        shown = exact.quantize(Decimal(1).scaleb(-min(places, MAX_DECIMALS)), rounding=ROUND_HALF_UP)
        noisy = printed is None and number_decimals(value) >= MAX_DECIMALS and shown != exact
        changed = printed is not None and shown != exact
        return Amount(_plain(shown), shown, repr(value) if changed or noisy else None)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text in _DASHES:
        return Amount(None, None, dash=True)
    parsed = parse_amount_text(text)
    if parsed is None and _SEPARATED.match(text):
        return None  # full-width commas or spaces as separators: the loader names them; not a silent fix
    if parsed is None:
        return None
    return Amount(text, parsed[0])


def _plain(value: Decimal) -> str:
    """A Decimal as the filing writes a number cell: fixed point, its digits as they are, no separators."""
    return format(value, "f")


def split_code(value: Value) -> tuple[str, str] | None:
    """``2080109 社会保险经办机构``, ``[2080109]社会保险经办机构`` -> (code, name); None when not so written."""
    if not isinstance(value, str):
        return None
    match = _CODE_NAME.match(value)
    if match is None or not match[4].strip():
        return None
    return match[1] or match[2] or match[3], match[4].strip()


def code_text(value: Value) -> str | None:
    """A code cell's digits (``01`` stays ``01``; a number cell 1 in a 款 column reads ``01``); None when the
    cell is not a code."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and value == int(value) and value >= 0):
        digits = str(int(value))
        return digits.zfill(2) if len(digits) < 2 else digits
    if isinstance(value, str):
        match = _CODE_ONLY.match(value)
        return match[1] if match else None
    return None


def leading_indent(text: str) -> int:
    """Printed indentation of a name: ideographic spaces count one level, two plain spaces one level."""
    stripped = text.lstrip(" \u3000\t")
    lead = text[: len(text) - len(stripped)]
    return lead.count("\u3000") + (lead.count(" ") + 1) // 2 + lead.count("\t")
