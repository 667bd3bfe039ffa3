"""Synthetic county data for tests and benchmarks: realistic, internally consistent, deterministic.

``write_county(out, units, years, seed)`` writes a complete content directory: ``site.yaml``, one
``region.yaml`` per county of up to 60 units, and one 部门预算 filing per unit and year. The same
arguments always give byte-identical files.
"""

from __future__ import annotations

import datetime
import shutil
from itertools import groupby
from pathlib import Path

from generator.model.filing import Filing, Settings, Source
from generator.model.org import Basis, Disclosure, Organisation, OrgRole, Region
from generator.synth.budget import Budget, unit_budgets
from generator.synth.catalogue import PREFECTURE, PROVINCE, Unit, place_units
from generator.synth.departments import DeptSpec
from generator.synth.emit import dump
from generator.synth.forms import dept_overall_form, project_forms
from generator.synth.narrative import explanation, glossary, profile, tables_part
from generator.synth.tables import budget_tables

__all__ = ["END_YEAR", "filing", "region", "write_county"]

END_YEAR = 2024
"""the last fiscal year written; earlier years count back from it"""
MARKER = ".gongkai-synth"
HEADER = "合成数据：由 gongkai synth 生成，仅供测试和性能评估，不是真实的预算公开文件。"


TEMPLATE = "jiangxi-2023"
"""the 表样 the synthetic counties publish by (their filings print all it requires)"""


def region(units: list[Unit], years: tuple[int, ...] = ()) -> Region:
    """The county of ``units`` with its 主管部门 (each followed by its units), publishing ``years``."""
    county = units[0].county
    organisations: list[Organisation] = []
    depts: dict[str, DeptSpec] = {u.dept.key: u.dept for u in units}
    for dept in sorted(depts.values(), key=lambda d: d.code):
        members = sorted((u for u in units if u.dept.key == dept.key), key=lambda u: u.code)
        first = members[0]
        organisations.append(Organisation(first.dept_id, first.dept_name, OrgRole.DEPARTMENT, code=dept.code))
        organisations.extend(Organisation(u.id, u.name, OrgRole.UNIT, code=u.code, parent=u.dept_id,
                                          aliases=(u.short,) if u.short != u.name else ()) for u in members)
    return Region(county.code, county.slug, county.name, PROVINCE, PREFECTURE, Basis.STATED, tuple(organisations),
                  tuple(Disclosure(year, template=TEMPLATE) for year in years))


def _dates(b: Budget) -> tuple[str, str]:
    """批复日期 in January and 公开日期 within the 20 days allowed, different for each unit and year."""
    approved = datetime.date(b.year, 1, 10 + b.unit.serial % 15)
    published = approved + datetime.timedelta(days=3 + (b.unit.serial * 7 + b.year) % 17)
    return approved.isoformat(), published.isoformat()


def filing(b: Budget, seed: int) -> Filing:
    """One unit's 部门预算 for one year."""
    unit = b.unit
    overall = (dept_overall_form(b),) if unit.serial % 4 == 1 else ()
    approved, published = _dates(b)
    return Filing(
        unit=unit.id, fiscal_year=b.year, title=f"{b.year} 年部门预算", unit_name=unit.name,
        source=Source(f"gongkai synth 合成数据（种子 {seed}）", "pdf"), profile=profile(b), tables_part=tables_part(b),
        explanation=explanation(b), glossary=glossary(b), tables_heading="附：第二部分附表", tables=budget_tables(b),
        project_forms=project_forms(b), dept_overall_forms=overall, approved_on=approved, published_on=published)


def _prepare(out: Path) -> None:
    """Start from an empty directory; replace only an earlier synthetic one, never other content."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise FileExistsError(f"{out} 不是空目录，也不是 gongkai synth 生成的目录，拒绝覆盖")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("gongkai synth\n", encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_county(out: Path, units: int, years: int, seed: int) -> int:
    """Write the synthetic content directory; return the number of content files written."""
    _prepare(out)
    internal = list(range(END_YEAR - years - 1, END_YEAR + 1))
    written = set(internal[2:])
    settings = Settings(title="预算公开（模拟数据）", publisher="gongkai synth 合成数据")
    _write(out / "site.yaml", dump(settings, HEADER))
    files = 1
    for _, members in groupby(place_units(units), key=lambda u: u.county.index):
        group = list(members)
        county = group[0].county
        _write(out / county.slug / "region.yaml", dump({"region": region(group, tuple(sorted(written)))}, HEADER))
        files += 1
        for unit in group:
            for budget in unit_budgets(unit, internal, seed):
                if budget.year in written:
                    path = out / county.slug / unit.id / f"{budget.year}-budget.yaml"
                    _write(path, dump(filing(budget, seed), HEADER))
                    files += 1
    return files
