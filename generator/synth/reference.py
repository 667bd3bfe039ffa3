"""Reference lists for synthetic filings: official 功能分类 and 经济分类 names (from the reference data), the 项
spent from 政府性基金, and 名词解释 in the 科目说明 style."""

from __future__ import annotations

from generator.model.codes import CodeScheme
from generator.reference import catalogue

FUNCTION_NAMES: dict[str, str] = {c.code: name for c, name in catalogue().names.items()
                                  if c.scheme is CodeScheme.FUNCTION}
"""支出功能分类科目 (类 3 digits, 款 5, 项 7), as named in the 政府收支分类科目 (generator/reference/subjects.toml)"""

GOVFUND_CODES: frozenset[str] = frozenset({"2120801", "2120803", "2296002", "2296003"})
"""项 that are spent from 政府性基金预算 only."""

ECONOMIC_NAMES: dict[str, str] = {c.code: name for c, name in catalogue().names.items()
                                  if c.scheme is CodeScheme.ECONOMIC}
"""部门预算支出经济分类科目 (类 3 digits, 款 5)"""

PERSONNEL_CLASSES = ("301", "303")
"""经济分类类 counted as 人员经费; the others (302, 310) are 公用经费."""

_RUNNING = "反映行政单位（包括实行公务员管理的事业单位）的基本支出。"
_INSTITUTION = "反映事业单位的基本支出，不包括行政单位（包括实行公务员管理的事业单位）后勤服务中心、医务室等附属事业单位。"

DEFINITIONS: dict[str, str] = {
    "2080109": "反映社会保险经办机构开展业务工作的支出。",
    "2080199": "反映除上述项目以外其他用于人力资源和社会保障管理事务方面的支出。",
    "2080501": "反映用于行政单位（包括实行公务员管理的事业单位）离退休人员的支出。",
    "2080502": "反映用于事业单位离退休人员的支出。",
    "2080505": "反映机关事业单位实施养老保险制度由单位缴纳的基本养老保险费支出。",
    "2080506": "反映机关事业单位实施养老保险制度由单位实际缴纳的职业年金支出。",
    "2080508": "反映机关事业单位职业年金单位缴费部分记实等方面的补助支出。",
    "2101101": "反映财政部门安排的行政单位（包括实行公务员管理的事业单位）基本医疗保险缴费经费。",
    "2101102": "反映财政部门安排的事业单位基本医疗保险缴费经费。",
    "2101103": "反映财政部门安排的公务员医疗补助经费。",
    "2210201": "反映行政事业单位按人力资源和社会保障部、财政部规定的基本工资和津贴补贴以及规定比例为职工缴纳的住房公积金。",
}
"""名词解释 for 项 whose official wording is specific; others are derived from the name."""


def function_name(code: str) -> str:
    return FUNCTION_NAMES[code]


def definition(code: str) -> str:
    """The 名词解释 of a 功能分类 项, in the 科目说明 style."""
    if code in DEFINITIONS:
        return DEFINITIONS[code]
    name = FUNCTION_NAMES[code]
    if name == "行政运行":
        return _RUNNING
    if name == "事业运行":
        return _INSTITUTION
    section = FUNCTION_NAMES[code[:5]]
    if name.startswith("其他"):
        return f"反映除上述项目以外其他用于{section}方面的支出。"
    if section in name or name in section:
        return f"反映用于{name}方面的支出。"
    return f"反映{section}中用于{name}方面的支出。"
