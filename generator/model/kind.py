"""公开类别: a filing's kind (预算, 决算), and the folder that kind gives its pages on the site."""

from __future__ import annotations

import enum


class FilingKind(enum.Enum):
    """公开类别."""

    BUDGET = "budget"
    """部门预算公开 (with or without its tables; performance forms alone count too)"""
    FINAL = "final"
    """部门决算公开 (its pages sit beside the 预算's of the same unit and year)"""

    @property
    def title(self) -> str:
        """部门预算, 部门决算"""
        return "部门预算" if self is FilingKind.BUDGET else "部门决算"


def filing_folder(region: str, unit: str, year: int, kind: FilingKind) -> str:
    """The filing's folder on the site: ``xunwu/xunwu-sbfwzx/2023`` for a 预算 (the addresses readers have
    cited), ``xunwu/xunwu-sbfwzx/2023-final`` for a 决算 of the same unit and year beside it."""
    year_part = str(year) if kind is FilingKind.BUDGET else f"{year}-{kind.value}"
    return f"{region}/{unit}/{year_part}"
