"""Synthetic counties: regions, 主管部门 and their 预算单位, in a fixed order."""

from __future__ import annotations

from dataclasses import dataclass

from generator.synth.departments import DEPARTMENTS, DeptSpec, UnitSpec

TOWNS: tuple[tuple[str, str], ...] = (
    ("城关镇", "chengguan"), ("长宁镇", "changning"), ("南桥镇", "nanqiao"), ("东山乡", "dongshan"),
    ("西河乡", "xihe"), ("白沙镇", "baisha"), ("石门乡", "shimen"), ("桃源镇", "taoyuan"),
    ("金坑乡", "jinkeng"), ("龙泉镇", "longquan"), ("清水乡", "qingshui"), ("黄岗乡", "huanggang"),
    ("柳塘镇", "liutang"), ("梅林乡", "meilin"), ("高田镇", "gaotian"), ("新田乡", "xintian"),
)

COUNTIES: tuple[tuple[str, str], ...] = (
    ("云溪", "yunxi"), ("明川", "mingchuan"), ("桐林", "tonglin"), ("青岚", "qinglan"),
    ("岚河", "lanhe"), ("白川", "baichuan"), ("宁川", "ningchuan"), ("枫溪", "fengxi"),
    ("石岭", "shiling"), ("芦溪", "luxi"), ("檀川", "tanchuan"), ("沐阳", "muyang"),
)

UNITS_PER_REGION = 60
PROVINCE = "江西省"
PREFECTURE = "示例市"


@dataclass(frozen=True, slots=True)
class County:
    """One synthetic 县."""

    index: int
    code: str
    slug: str
    name: str
    short: str
    towns: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Unit:
    """A 预算单位 placed in a county."""

    county: County
    dept: DeptSpec
    spec: UnitSpec
    id: str
    name: str
    code: str
    town: str | None
    serial: int
    """its position in the whole synthetic dataset (drives its random stream)"""

    @property
    def dept_id(self) -> str:
        return f"{self.county.slug}-{self.dept.key}"

    @property
    def dept_name(self) -> str:
        return self.dept.name.format(county=self.county.name)

    @property
    def short(self) -> str:
        """The name without the county prefix, as the narrative refers to the unit."""
        name = self.name.removesuffix("（本级）")
        return "县" + name[len(self.county.name):] if name.startswith(self.county.name) else name


def county(index: int) -> County:
    """The ``index``-th county: a fictional name with a 6-digit code in an unused prefecture."""
    short, slug = COUNTIES[index % len(COUNTIES)]
    rounds = index // len(COUNTIES)
    if rounds:
        short, slug = short + "北南东西"[rounds % 4], f"{slug}{rounds + 1}"
    towns = tuple(TOWNS[(index * 5 + i) % len(TOWNS)] for i in range(12))
    code = f"36{99 - index // 99:02d}{index % 99 + 1:02d}"
    return County(index, code, slug, short + "县", short, towns)


Slot = tuple[DeptSpec, UnitSpec, str | None, int]
"""a department, a unit kind, its 乡镇 (or None) and its number within the department (本级 = 1)"""


def _slots(c: County) -> list[Slot]:
    """All unit places of a county, round-robin over departments so that a few units are varied."""
    queues: list[list[Slot]] = []
    for dept in DEPARTMENTS:
        places: list[tuple[UnitSpec, str | None]] = [(u, None) for u in dept.units]
        places.extend((u, town) for town, _ in c.towns for u in dept.town_units)
        numbers = iter(range(2, len(places) + 2))
        queues.append([(dept, u, town, 1 if u.key == "bj" else next(numbers)) for u, town in places])
    order: list[Slot] = []
    depth = max(len(q) for q in queues)
    for i in range(depth):
        order.extend(q[i] for q in queues if i < len(q))
    return order


def place_units(total: int) -> list[Unit]:
    """``total`` units, filling counties of ``UNITS_PER_REGION`` units each."""
    units: list[Unit] = []
    index = 0
    while len(units) < total:
        c = county(index)
        for dept, spec, town, number in _slots(c)[: min(UNITS_PER_REGION, total - len(units))]:
            town_slug = next((s for n, s in c.towns if n == town), "")
            key = f"{spec.key}-{town_slug}" if town else spec.key
            units.append(Unit(
                county=c, dept=dept, spec=spec, id=f"{c.slug}-{dept.key}-{key}",
                name=spec.name.format(county=c.name, town=town or ""),
                code=f"{dept.code}{number:03d}", town=town, serial=len(units),
            ))
        index += 1
    return units
