"""Budget subject codes (预算科目编码): 功能分类 and 经济分类, with level and parent."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class CodeScheme(enum.Enum):
    """编码体系."""

    __hash__ = object.__hash__  # members are singletons: hashing by identity keeps dict look-ups of facts in C

    FUNCTION = "function"
    """支出功能分类科目: 3 digits 类, 5 digits 款, 7 digits 项"""
    ECONOMIC = "economic"
    """支出经济分类科目 (部门预算): 3 digits 类, 5 digits 款"""
    DEPARTMENT = "department"
    """部门编码 as printed by the county budget system (e.g. ``202``)"""


class CodeLevel(enum.Enum):
    """科目级次."""

    CLASS = "类"
    SECTION = "款"
    ITEM = "项"
    DEPARTMENT = "部门"


_LENGTHS: dict[CodeScheme, dict[int, CodeLevel]] = {
    CodeScheme.FUNCTION: {3: CodeLevel.CLASS, 5: CodeLevel.SECTION, 7: CodeLevel.ITEM},
    CodeScheme.ECONOMIC: {3: CodeLevel.CLASS, 5: CodeLevel.SECTION},
}


@dataclass(frozen=True, slots=True, order=True)
class SubjectCode:
    """科目编码: the full code (``2080109``), never the printed suffix (``01``)."""

    scheme: CodeScheme
    code: str

    @staticmethod
    def problem(scheme: CodeScheme, code: str) -> str | None:
        """Why ``code`` is not a valid code of ``scheme``, or None when it is."""
        if not code.isascii() or not code.isdigit():
            return "编码只能由数字组成"
        lengths = _LENGTHS.get(scheme)
        if lengths is not None and len(code) not in lengths:
            allowed = "、".join(str(n) for n in lengths)
            return f"{len(code)} 位编码不是有效的科目编码（应为 {allowed} 位完整编码）"
        if scheme is CodeScheme.DEPARTMENT and not 1 <= len(code) <= 20:
            return "部门编码长度应在 1 到 20 位之间"
        return None

    @property
    def level(self) -> CodeLevel:
        if self.scheme is CodeScheme.DEPARTMENT:
            return CodeLevel.DEPARTMENT
        return _LENGTHS[self.scheme][len(self.code)]

    @property
    def depth(self) -> int:
        """0 for 类, 1 for 款, 2 for 项 (the printed indentation)."""
        return {CodeLevel.CLASS: 0, CodeLevel.SECTION: 1, CodeLevel.ITEM: 2}.get(self.level, 0)

    @property
    def parent(self) -> SubjectCode | None:
        if self.scheme is CodeScheme.DEPARTMENT or len(self.code) <= 3:
            return None
        return SubjectCode(self.scheme, self.code[: len(self.code) - 2])

    @property
    def suffix(self) -> str:
        """The part printed for a 款 row in 功能分类 tables (``01`` of ``20801``)."""
        return self.code[3:] if self.level is CodeLevel.SECTION else self.code

    def __str__(self) -> str:
        return self.code
