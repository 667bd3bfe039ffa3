"""Sentences about a project, shared by the 情况说明 and the performance forms.

Choices are keyed by text (CRC-32), so the same project reads the same wherever it is described.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from decimal import Decimal

from generator.synth.budget import Budget, Project
from generator.synth.fmt import plain
from generator.synth.vocab import DOCUMENTS, GIVEN, SURNAMES

CN_DIGITS = "零一二三四五六七八九"


def pick(options: Sequence[str], *key: object) -> str:
    """A stable choice among ``options`` for ``key``."""
    return options[zlib.crc32("/".join(str(k) for k in key).encode()) % len(options)]


def chinese(number: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (up to 99)."""
    tens, ones = divmod(number, 10)
    text = ("" if tens < 2 else CN_DIGITS[tens]) + ("十" if tens else "")
    return text + (CN_DIGITS[ones] if ones else "")


def numbered(index: int) -> str:
    """（一）, （二）…"""
    return f"（{chinese(index)}）"


def satisfaction(project: Project, year: int) -> int:
    return 90 + zlib.crc32(f"{project.name}/{year}".encode()) % 9


def overview(project: Project, budget: Budget) -> str:
    spec = project.spec
    purpose = pick((f"围绕提升{spec.effect}，组织实施{project.name}相关工作",
                    f"保障{project.name}工作顺利开展，更好服务{spec.target}",
                    f"落实{project.name}相关政策，推动{spec.effect}持续提升"), project.name, budget.unit.id)
    return (f"{project.name}项目主要用于{purpose}。{budget.year}年计划{spec.measure}达到{project.quantity}{spec.unit}，"
            f"安排资金{plain(project.amount)}万元。")


def annual_goal(project: Project, year: int) -> str:
    spec = project.spec
    return (f"{year}年完成{spec.measure}{project.quantity}{spec.unit}，{spec.effect}得到进一步提升，"
            f"{spec.target}满意度达到{satisfaction(project, year)}%以上。")


def long_goal(project: Project) -> str:
    spec = project.spec
    return pick((f"建立健全{project.name}长效工作机制，持续提升{spec.effect}，更好服务{spec.target}。",
                 f"通过连续实施{project.name}，使{spec.effect}稳步提高，{spec.target}获得感不断增强。"),
                project.name)


def basis(project: Project, budget: Budget) -> str:
    first = pick(DOCUMENTS, project.name)
    return f"{first}、《{budget.unit.county.name}{budget.year}年县级部门预算编制工作方案》"


def plan(project: Project, budget: Budget) -> str:
    return (f"由{budget.unit.name}按照年度工作计划组织实施，资金按进度拨付，"
            f"年底前完成{project.spec.measure}目标并开展绩效自评。")


def reason(current: Decimal, prior: Decimal) -> str:
    """Why a total changed from the year before."""
    if current == prior:
        return "与上年保持一致"
    return "人员经费标准调整和部分项目支出增加" if current > prior else "部分一次性项目完成后不再安排"


def person(*key: object) -> str:
    surname = pick(tuple(SURNAMES), "surname", *key)
    return surname + pick(GIVEN, "given", *key)


def phone(*key: object) -> str:
    """An office landline (area code and 7 digits), never a mobile number."""
    digits = zlib.crc32("/".join(str(k) for k in key).encode()) % 9000000 + 1000000
    return f"0797-{digits}"
