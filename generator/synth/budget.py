"""The numbers of a synthetic budget: staff, 基本支出 by 经济分类 款, projects, and 功能分类 项 leaves.

Every amount is an exact ``Decimal`` with two places, drawn from integers; totals are derived, never drawn.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from generator.synth.catalogue import Unit
from generator.synth.departments import UnitKind
from generator.synth.reference import FUNCTION_NAMES, GOVFUND_CODES, PERSONNEL_CLASSES
from generator.synth.vocab import GENERIC, MAIN, SIZES, THEMES, ProjectSpec

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
GENERAL, GOVFUND, BUSINESS = "general", "govfund", "business"
ENFORCEMENT_THEMES = frozenset({"market", "justice", "emergency", "urban", "transport", "natural"})


def cents(rng: random.Random, low: int, high: int) -> Decimal:
    """A random amount in [low, high] 万元, skewed towards the low end, with two decimals."""
    span = (high - low) * 100
    return (Decimal(low * 100 + span * rng.randint(1, 100) * rng.randint(1, 100) // 10000) * CENT)


def scale(amount: Decimal, percent: int) -> Decimal:
    return (amount * percent / 100).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Staff:
    """机构设置及人员情况."""

    authorized: int
    in_service: int
    temporary: int
    retired: int
    cars: int
    """一般公务用车"""
    enforcement_cars: int
    """执法执勤用车"""


@dataclass(frozen=True, slots=True)
class Project:
    """One 项目 of a year's budget."""

    spec: ProjectSpec
    code: str
    amount: Decimal
    """年度资金总额 (万元)"""
    total: Decimal
    """项目总预算"""
    fund: str
    """general, govfund or business (事业收入)"""
    started: int
    """the first year it was funded"""
    quantity: int
    """its 数量指标 target"""

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def recurrence(self) -> str:
        """项目分类."""
        if self.spec.buy == "工程":
            return "延续性项目"
        return "一次性项目" if self.spec.econ == "310" else "常年性项目"


@dataclass(frozen=True, slots=True)
class Leaf:
    """A 功能分类 项 and its amounts by kind of spending and source of funds."""

    code: str
    basic: Decimal = ZERO
    general: Decimal = ZERO
    """项目支出 from 一般公共预算"""
    govfund: Decimal = ZERO
    """项目支出 from 政府性基金预算"""
    business: Decimal = ZERO
    """项目支出 from 事业收入"""

    @property
    def project(self) -> Decimal:
        return self.general + self.govfund + self.business

    @property
    def total(self) -> Decimal:
        return self.basic + self.project

    @property
    def general_total(self) -> Decimal:
        return self.basic + self.general

    @property
    def fiscal(self) -> Decimal:
        return self.basic + self.general + self.govfund


@dataclass(frozen=True, slots=True)
class Budget:
    """One unit's budget for one year, with the year before for 同比 figures."""

    unit: Unit
    year: int
    staff: Staff
    basic: Mapping[str, Decimal]
    """基本支出 by 经济分类 款, all from 一般公共预算"""
    projects: tuple[Project, ...]
    leaves: tuple[Leaf, ...]
    prior: Budget | None = field(default=None, repr=False)

    def sum(self, attr: str) -> Decimal:
        return sum((getattr(leaf, attr) for leaf in self.leaves), ZERO)

    @property
    def total(self) -> Decimal:
        return self.sum("total")

    def econ_class(self, prefix: str) -> Decimal:
        return sum((v for k, v in self.basic.items() if k.startswith(prefix)), ZERO)

    @property
    def personnel(self) -> Decimal:
        """人员经费."""
        return sum((self.econ_class(c) for c in PERSONNEL_CLASSES), ZERO)

    @property
    def running_cost(self) -> Decimal:
        """机关运行经费, by the Σ302 rule."""
        return self.econ_class("302")

    def three_public(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        """因公出国（境）费, 公务接待费, 公务用车运行维护费, 公务用车购置."""
        return ZERO, self.basic.get("30217", ZERO), self.basic.get("30231", ZERO), ZERO

    def procurement(self) -> tuple[Decimal, Decimal, Decimal]:
        """政府采购 货物, 工程, 服务."""
        goods = self.econ_class("310") + sum((p.amount for p in self.projects if p.spec.buy == "货物"), ZERO)
        works = sum((p.amount for p in self.projects if p.spec.buy == "工程"), ZERO)
        services = sum((p.amount for p in self.projects if p.spec.buy == "服务"), ZERO)
        return goods, works, services


def project_code(unit: Unit, spec: ProjectSpec) -> str:
    """A project's 项: its own, or the unit's (一般行政管理事务 beside 行政运行)."""
    if spec.code != MAIN:
        return spec.code
    main = unit.spec.main
    sibling = main[:5] + "02"
    return sibling if FUNCTION_NAMES[main] == "行政运行" and sibling in FUNCTION_NAMES else main


def _salaries(rng: random.Random, unit: Unit) -> dict[str, int]:
    """Per-person rates in 元 a year, fixed for the unit; grown year by year."""
    admin = unit.spec.kind is not UnitKind.INSTITUTION
    rates = {"30101": rng.randint(26000, 36000)}
    if admin:
        rates.update({"30102": rng.randint(12000, 24000), "30103": rng.randint(2500, 4500)})
        if rng.random() < 0.5:
            rates["30106"] = rng.randint(800, 2400)
    else:
        rates.update({"30102": rng.randint(1500, 6000), "30107": rng.randint(25000, 40000)})
    return rates


def _basic(rng: random.Random, unit: Unit, staff: Staff, rates: Mapping[str, int], growth: int) -> dict[str, Decimal]:
    """基本支出 by 经济分类 款 for one year (``growth`` in percent of the first year)."""
    people = staff.in_service
    admin = unit.spec.kind is not UnitKind.INSTITUTION
    amounts: dict[str, Decimal] = {}
    for code, rate in rates.items():
        amounts[code] = (Decimal(rate * people * growth) / 1000000).quantize(CENT, ROUND_HALF_UP)
    wages = sum((amounts.get(c, ZERO) for c in ("30101", "30102", "30103", "30107")), ZERO)
    amounts["30108"] = scale(wages, 16)
    amounts["30109"] = scale(wages, 8)
    amounts["30110"] = scale(wages, rng.randint(70, 90) // 10)
    if admin and rng.random() < 0.5:
        amounts["30111"] = scale(wages, 2)
    amounts["30112"] = scale(wages, 1)
    amounts["30113"] = scale(wages, 12)
    if rng.random() < 0.6:
        amounts["30199"] = cents(rng, 1, max(2, people // 3))
    if staff.retired and rng.random() < 0.4:
        amounts["30305"] = cents(rng, 1, max(2, staff.retired // 2))
    per_head = [("30201", 8, 20, 1.0), ("30202", 1, 4, 0.4), ("30205", 1, 4, 0.6), ("30206", 4, 12, 0.8),
                ("30207", 2, 6, 0.7), ("30209", 3, 8, 0.3), ("30211", 5, 15, 0.9), ("30213", 3, 10, 0.5),
                ("30215", 1, 4, 0.4 if admin else 0.1), ("30216", 2, 6, 0.5), ("30218", 3, 12, 0.0 if admin else 0.5),
                ("30226", 2, 8, 0.2), ("30229", 2, 6, 0.7), ("30239", 30, 60, 0.9 if admin else 0.0),
                ("30299", 2, 10, 0.6)]
    for code, low, high, chance in per_head:
        if rng.random() < chance:
            amounts[code] = (Decimal(rng.randint(low * 100, high * 100) * people) / 10000).quantize(CENT)
    if rng.random() < (0.8 if admin else 0.5):
        amounts["30217"] = cents(rng, 1, 5)
    amounts["30228"] = scale(wages, 2)
    if staff.cars:
        amounts["30231"] = staff.cars * cents(rng, 1, 3) + Decimal("0.50")
    if rng.random() < 0.45:
        amounts["31002"] = cents(rng, 1, 8)
    return {code: amounts[code] for code in sorted(amounts) if amounts[code] > 0}


def _function_of(unit: Unit, econ: str) -> str:
    """The 功能分类 项 that carries a 基本支出 经济分类 款."""
    admin = unit.spec.kind is not UnitKind.INSTITUTION
    special = {"30108": "2080505", "30109": "2080506", "30110": "2101101" if admin else "2101102",
               "30111": "2101103", "30113": "2210201"}
    if econ in special:
        return special[econ]
    if econ.startswith("303"):
        return "2080501" if admin else "2080502"
    return unit.spec.main


def _leaves(unit: Unit, basic: Mapping[str, Decimal], projects: tuple[Project, ...]) -> tuple[Leaf, ...]:
    leaves: dict[str, Leaf] = {}
    for econ, amount in basic.items():
        code = _function_of(unit, econ)
        leaf = leaves.get(code, Leaf(code))
        leaves[code] = replace(leaf, basic=leaf.basic + amount)
    for project in projects:
        leaf = leaves.get(project.code, Leaf(project.code))
        leaves[project.code] = replace(leaf, **{project.fund: getattr(leaf, project.fund) + project.amount})
    return tuple(leaves[code] for code in sorted(leaves))


def _pool(rng: random.Random, unit: Unit) -> list[ProjectSpec]:
    theme = list(THEMES[unit.spec.theme])
    rng.shuffle(theme)
    generic = list(GENERIC)
    rng.shuffle(generic)
    return theme + generic


def _new_project(rng: random.Random, unit: Unit, spec: ProjectSpec, year: int) -> Project:
    low, high = SIZES[spec.size]
    amount = cents(rng, low, high)
    code = project_code(unit, spec)
    if code in GOVFUND_CODES:
        fund = GOVFUND
    elif unit.spec.fees and rng.random() < 0.35:
        fund = BUSINESS
    else:
        fund = GENERAL
    years = rng.randint(2, 3) if spec.buy == "工程" else 1
    return Project(spec, code, amount, amount * years, fund, year, rng.randint(spec.low, spec.high))


def _next_projects(rng: random.Random, unit: Unit, current: tuple[Project, ...], pool: list[ProjectSpec],
                   year: int) -> tuple[Project, ...]:
    """Carry projects into the next year: amounts drift, one-off projects give way to new ones."""
    result: list[Project] = []
    for project in current:
        if project.recurrence == "一次性项目" and rng.random() < 0.6 and pool:
            result.append(_new_project(rng, unit, pool.pop(0), year))
            continue
        amount = scale(project.amount, rng.randint(85, 120))
        total = max(project.total, amount) if project.recurrence == "延续性项目" else amount
        quantity = max(project.spec.low, project.quantity * rng.randint(90, 112) // 100)
        result.append(replace(project, amount=amount, total=total, quantity=quantity))
    return tuple(result)


def _staff(rng: random.Random, unit: Unit) -> Staff:
    low, high = unit.spec.staff
    people = rng.randint(low, high)
    cars = rng.choice((0, 0, 1, 1, 2)) if unit.spec.kind is not UnitKind.INSTITUTION else rng.choice((0, 0, 0, 1))
    enforcement = rng.randint(1, 4) if unit.spec.theme in ENFORCEMENT_THEMES else 0
    return Staff(people + rng.randint(0, 4), people, rng.randint(0, people // 8), rng.randint(people // 5, people // 2),
                 cars, enforcement)


def _drift(rng: random.Random, staff: Staff) -> Staff:
    people = max(3, staff.in_service + rng.randint(-2, 2))
    return replace(staff, in_service=people, authorized=max(people, staff.authorized + rng.randint(-1, 1)),
                   retired=staff.retired + rng.randint(0, 2), temporary=max(0, staff.temporary + rng.randint(-1, 1)))


def unit_budgets(unit: Unit, years: list[int], seed: int) -> list[Budget]:
    """The unit's budgets for ``years`` (ascending), each linked to the one before."""
    rng = random.Random(f"gongkai-synth/{seed}/{unit.serial}/{unit.id}")
    rates = _salaries(rng, unit)
    staff = _staff(rng, unit)
    pool = _pool(rng, unit)
    count = min(len(pool) - 2, rng.randint(5, 15))
    projects = tuple(_new_project(rng, unit, pool.pop(0), years[0]) for _ in range(count))
    budgets: list[Budget] = []
    prior: Budget | None = None
    for index, year in enumerate(years):
        if index:
            staff = _drift(rng, staff)
            projects = _next_projects(rng, unit, projects, pool, year)
        basic = _basic(rng, unit, staff, rates, 100 + 3 * index)
        budget = Budget(unit, year, staff, basic, projects, _leaves(unit, basic, projects), prior)
        budgets.append(budget)
        prior = budget
    return budgets
