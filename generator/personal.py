"""个人信息: where a text holds a personal mobile number (手机号码) or a resident ID number (居民身份证号码),
however it is written, so that the site masks exactly what ``gongkai check`` reports (PRV001).

A number is read from its digits (any Unicode decimal digit: full-width ``１３８``, mathematical ``𝟏𝟑𝟖``),
which may be split by separators (spaces, dashes, dots, brackets, Markdown's ``*`` ``_`` ``~`` and backquote,
at most three visible ones between two digits) and by invisible characters (zero-width spaces, joiners,
bidi controls, any number of them). A mobile may carry a ``+86``, ``0086``, ``86`` or ``0`` prefix. A number is
whole groups of digits: digits joined to the number on either side (``订单号 2213812345678``) make it another
number. Office landlines (``0797-2832012``) are public contact data and are never taken for a mobile: an area
code starts with 0 and is followed by no mobile prefix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

INVISIBLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
             "\u3164\ufe00-\ufe0f\ufeff\uffa0")
"""characters that show nothing (zero-width, joiners, bidi and variation selectors, fillers)"""
_VISIBLE_SEP = (r"\s\-\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d.\u00b7\u30fb\uff0e\u3002"
                r"()\uff08\uff09\[\]【】〔〕*_~`/\\")
"""separators a number may be written with: spaces, dashes, dots, brackets, slashes and Markdown's emphasis"""
_GAP = re.compile(f"[{INVISIBLE}]*+(?:[{_VISIBLE_SEP}][{INVISIBLE}]*+){{0,3}}")
_GROUP = re.compile(r"[+\uff0b]?\d+")
_RUN = re.compile(r"[+\uff0b]?\d(?:" + _GAP.pattern + r"\d)*+")
"""digits joined by separators: a number is never split across two runs"""
_CHECK_CHAR = re.compile(f"[{INVISIBLE}]*([Xx\uff38\uff58])")
_ENOUGH = re.compile(r"\d(?:" + _GAP.pattern + r"\d){10}")
"""eleven digits with at most separators between them: a text without them holds no number (the fast path for
almost every text, searched in C)"""
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_MOBILE = re.compile(r"1[3-9][0-9]{9}")


@dataclass(frozen=True, slots=True)
class Found:
    """One personal number in a text: what it is, its digits, and where each digit is in the text."""

    kind: str
    """``mobile``, ``id18`` or ``id15``"""
    number: str
    """the number's digits in ASCII (an ID's check character as ``X``), without a prefix"""
    positions: tuple[int, ...]
    """the index in the text of each character of ``number``"""

    @property
    def hidden(self) -> tuple[int, ...]:
        """The positions masked on the site: a mobile's 4th to 7th digits (151****0845), an ID's birth date and
        sequence, all but its first six and last four."""
        if self.kind == "mobile":
            return self.positions[3:7]
        return self.positions[6:-4]

    @property
    def masked(self) -> str:
        hidden = set(range(3, 7) if self.kind == "mobile" else range(6, len(self.number) - 4))
        return "".join("*" if i in hidden else c for i, c in enumerate(self.number))


def _valid_date(yyyymmdd: str) -> bool:
    month, day = int(yyyymmdd[4:6]), int(yyyymmdd[6:8])
    return 1 <= month <= 12 and 1 <= day <= 31


def _identity(digits: str, check: str | None) -> str | None:
    """The kind of ID number ``digits`` (and a trailing check character) spell, if any."""
    if (len(digits) == 17 and check is not None) or len(digits) == 18:
        number = digits + (check or "") if len(digits) == 17 else digits
        if number[0] != "0" and number[6:8] in ("19", "20") and _valid_date(number[6:14]):
            total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
            if _CHECK[total % 11] == number[17]:
                return "id18"
    if len(digits) == 15 and check is None and digits[0] != "0" and _valid_date("19" + digits[6:12]):
        return "id15"
    return None


def _mobile(digits: str, plus: bool) -> int | None:
    """How many leading digits are a prefix if ``digits`` are a mobile number (with a prefix), else None."""
    for prefix in ("", "0", "86", "0086"):
        if plus and prefix not in ("86",):
            continue
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11 and _MOBILE.fullmatch(digits[len(prefix):]):
            return len(prefix)
    return None


def find(text: str) -> Iterator[Found]:
    """The personal numbers in ``text``, in order, none overlapping."""
    if not _ENOUGH.search(text):
        return
    for run in _RUN.finditer(text):
        if run.end() - run.start() >= 11:  # a run of digits and separators long enough to hold a number
            yield from _in_run(text, [_Group(text, g) for g in _GROUP.finditer(text, run.start(), run.end())])


class _Group:
    """A group of digits of a run (after a ``+`` when it has one), as ASCII, and where each digit is."""

    __slots__ = ("digits", "end", "plus", "positions")

    def __init__(self, text: str, match: re.Match[str]) -> None:
        self.plus = match[0][0] in "+\uff0b"
        first = match.start() + self.plus
        written = text[first:match.end()]
        self.digits = written if written.isascii() else "".join(str(unicodedata.decimal(c)) for c in written)
        self.positions = range(first, match.end())
        self.end = match.end()


def _in_run(text: str, groups: list[_Group]) -> Iterator[Found]:
    """The numbers among the groups of one run: each is whole consecutive groups, and only the first may have a
    ``+``."""
    start = 0
    while start < len(groups):
        found, start = _from(text, groups, start)
        if found is not None:
            yield found


def _from(text: str, groups: list[_Group], start: int) -> tuple[Found | None, int]:
    """The number that starts with group ``start`` and the group after it, or None and the next group."""
    digits = ""
    positions: list[int] = []
    plus = groups[start].plus
    for end in range(start, len(groups)):
        group = groups[end]
        if end > start and group.plus:
            break
        digits += group.digits
        positions += group.positions
        if len(digits) > 20:
            break
        if len(digits) < 11:
            continue
        prefix = _mobile(digits, plus)
        if prefix is not None:
            return Found("mobile", digits[prefix:], tuple(positions[prefix:])), end + 1
        if plus:
            continue
        check = _CHECK_CHAR.match(text, group.end) if len(digits) == 17 else None
        kind = _identity(digits, check[1].upper() if check else None)
        if kind == "id18" and check is not None:
            return Found(kind, digits + "X", (*positions, check.start(1))), end + 1
        if kind is not None:
            return Found(kind, digits, tuple(positions)), end + 1
    return None, start + 1


def mask(text: str) -> str:
    """``text`` with every personal number masked (151****0845, 360734********1234)."""
    if not _ENOUGH.search(text):  # most texts: too few digits to hold a number
        return text
    hidden = {i for found in find(text) for i in found.hidden}
    if not hidden:
        return text
    return "".join("*" if i in hidden else c for i, c in enumerate(text))


_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:E[+-][0-9]+)?")
_DECIMAL_KEYS = frozenset({"value", "number", "max"})
"""keys of the extract that hold exact decimals (amounts, parsed values): never masked, as in the CSVs"""


def mask_extract(document: str) -> str:
    """An extract's JSON text (``facts/codec.py``) as the site publishes it: every personal number in its texts
    masked as on the pages; amounts, codes and positions untouched, but a figure of the text that is itself a
    personal number loses its value. Returns ``document`` itself when there is nothing to mask."""
    import json

    def walk(node: object, key: str | None = None) -> object:
        if isinstance(node, str):
            return node if key in _DECIMAL_KEYS and _DECIMAL.fullmatch(node) else mask(node)
        if isinstance(node, list):
            return [walk(item, key) for item in node]
        if isinstance(node, dict):
            masked = {k: walk(v, k) for k, v in node.items()}
            if "place" in node and "kind" in node and masked.get("text") != node.get("text"):
                masked["value"] = None  # a figure that is a personal number, not a figure
            return masked
        return node

    data = json.loads(document)
    masked = walk(data)
    if masked == data:
        return document
    return json.dumps(masked, ensure_ascii=False, separators=(",", ":"))
