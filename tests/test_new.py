"""`gongkai new`: a filing with every table and section the region's 表样 requires, blank amounts and Chinese
comments, that checks clean but for empty values; `--from` last year's filing keeps structure, names and codes."""

from __future__ import annotations

import gc
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load_filing_file
from generator.model.filing import Filing
from generator.model.measures import Measure
from generator.model.tables import ColumnRole
from generator.reference.templates import templates

from .conftest import CONTENT

EMPTY_VALUE_RULES = {"CMP006", "CMP003"}
"""the checker's findings about values not filled in: form fields (CMP006), an empty table (CMP003)"""
XUNWU_2023 = Path("content/xunwu/xunwu-sbfwzx/2023-budget.yaml")


@pytest.fixture(autouse=True)
def _collector() -> Iterator[None]:
    yield
    gc.enable()  # `check` turns the collector off for its batch run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the seeds' content, with 寻乌's 公开安排 for 2024 (so the checker applies the 表样 to 2024)."""
    shutil.copytree(CONTENT, tmp_path / "content")
    region = tmp_path / "content" / "xunwu" / "region.yaml"
    text = region.read_text(encoding="utf-8")
    line = "- {year: 2023, template: jiangxi-2023}"
    region.write_text(text.replace(line, f"{line}\n    {line.replace('2023,', '2024,')}"), encoding="utf-8")
    return tmp_path


def _gongkai(project: Path, *args: str) -> int:
    return main([*args[:1], "--project", str(project), *args[1:]])


def _check(project: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    status = _gongkai(project, "check", "--no-cache", "--format", "json", str(path))
    report = json.loads(capsys.readouterr().out)
    assert status == 0 and report["totals"]["errors"] == 0, report["findings"]
    findings: list[dict[str, object]] = report["findings"]
    return findings


def _load(path: Path, project: Path) -> Filing:
    filing, found = load_filing_file(path, project)
    assert filing is not None and not [d for d in found if d.severity.value == "error"], found
    return filing


def _amounts(filing: Filing) -> list[str | None]:
    return [row.cells[i].text for t in filing.tables for row in t.rows
            for i, m in enumerate(t.measures) if m is not None and i < len(row.cells)]


def test_new_filing_has_what_the_template_requires_and_checks_clean_but_for_empty_values(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _gongkai(project, "new", "--unit", "xunwu-sbfwzx", "--year", "2024") == 0
    path = project / "content" / "xunwu" / "xunwu-sbfwzx" / "2024-budget.yaml"
    text = path.read_text(encoding="utf-8")
    filing = _load(path, project)
    template = templates()["jiangxi-2023"]
    assert [t.kind for t in filing.tables] == list(template.tables)
    assert filing.explanation is not None
    assert [s.role for s in filing.explanation.sections] == list(template.sections)
    assert len(filing.project_forms) == 1 and filing.fiscal_year == 2024
    assert filing.unit_name == "寻乌县社会保险服务中心"
    amounts = _amounts(filing)
    assert amounts and all(a is None for a in amounts)  # blank, never 0
    values = "\n".join(line.split(" #")[0] for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"(?<![\d.])0(?:\.0+)?(?![\d.])", values)
    # a Chinese comment above each top-level key, and above each table
    for key in ("unit", "fiscal_year", "title", "explanation", "tables", "project_forms"):
        above = text.split(f"\n{key}:", 1)[0].rsplit("\n", 1)[-1]
        assert above.startswith("# ") and re.search(r"[\u4e00-\u9fff]", above), key
    assert text.count("  # 表") == len(template.tables)
    # the checker applies the 表样 for 2024 (CMP001/CMP002 would report a missing table or section)
    codes = {str(f["code"]) for f in _check(project, path, capsys)}
    assert codes and codes <= EMPTY_VALUE_RULES, codes


def test_from_last_year_keeps_subjects_and_tables_and_clears_amounts(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    earlier = project / XUNWU_2023
    assert _gongkai(project, "new", "--unit", "xunwu-sbfwzx", "--year", "2024", "--from", str(earlier)) == 0
    path = earlier.with_name("2024-budget.yaml")
    old, new = _load(earlier, project), _load(path, project)
    assert new.fiscal_year == 2024 and new.title == "2024 年部门预算"
    assert [(t.kind, t.title, len(t.leaves())) for t in new.tables] == \
        [(t.kind, t.title, len(t.leaves())) for t in old.tables]
    for before, after in zip(old.tables, new.tables, strict=True):  # same subjects, names and codes, row by row
        keys = [i for i, c in enumerate(before.leaves()) if c.role is not ColumnRole.AMOUNT]
        assert [[r.cells[i].text for i in keys] for r in after.rows] == \
            [[r.cells[i].text for i in keys] for r in before.rows]
        assert after.row_keys == before.row_keys
    assert all(a is None for a in _amounts(new)) and any(a is not None for a in _amounts(old))
    assert [f.name for f in new.project_forms] == [f.name for f in old.project_forms]
    assert all(f.funding is None or f.funding.annual is None for f in new.project_forms)
    assert new.source is None and not new.acknowledged
    # only empty values are reported, apart from what last year's filing already reports on its own (its
    # glossary names subjects no table prints: COD004, a hint)
    own = {str(f["code"]) for f in _check(project, earlier, capsys)}
    codes = {str(f["code"]) for f in _check(project, path, capsys)}
    assert "CMP006" in codes and codes - EMPTY_VALUE_RULES <= own & {"COD004"}, codes


PRIOR = """\
unit: xunwu-sbfwzx
fiscal_year: 2023
title: 2023 年部门预算
tables:
  - kind: three_public
    title: 2023年财政拨款“三公”经费支出表
    columns:
      - {label: 部门编码, role: code, scheme: department}
      - {label: 部门名称, role: name}
      - 2022年预算数
      - 2023年预算数
      - 增减额
    rows:
      - ["202002", 寻乌县社会保险服务中心, "3.60", "2.00", "-1.60"]
"""


def test_prior_year_column_takes_last_years_figure(project: Path) -> None:
    earlier = project / XUNWU_2023
    earlier.write_text(PRIOR, encoding="utf-8")
    assert _gongkai(project, "new", "--unit", "xunwu-sbfwzx", "--year", "2024", "--from", str(earlier)) == 0
    new = _load(earlier.with_name("2024-budget.yaml"), project)
    table = next(t for t in new.tables if t.kind.value == "three_public")
    assert table.title == "2024年财政拨款“三公”经费支出表"
    assert [c.label for c in table.leaves()][2:4] == ["2023年预算数", "2024年预算数"]
    assert table.measures[2:4] == (Measure.PRIOR_BUDGET, Measure.BUDGET)
    assert [c.text for c in table.rows[0].cells] == ["202002", "寻乌县社会保险服务中心", "2.00", None, None]


def test_new_refuses_to_overwrite_and_checks_ids(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = project / XUNWU_2023
    before = existing.read_bytes()
    assert _gongkai(project, "new", "--unit", "xunwu-sbfwzx", "--year", "2023") == 2
    assert existing.read_bytes() == before
    assert "已存在，没有覆盖" in capsys.readouterr().err
    for unit in ("../../etc", "Xunwu", "xunwu/../x"):
        assert _gongkai(project, "new", "--unit", unit, "--year", "2024") == 2
        assert "不合规" in capsys.readouterr().err
    assert _gongkai(project, "new", "--unit", "nobody", "--year", "2024") == 2
    assert "未在任何 region.yaml 中登记" in capsys.readouterr().err
    outside = project / "elsewhere.yaml"
    shutil.copyfile(existing, outside)
    assert _gongkai(project, "new", "--unit", "xunwu-sbfwzx", "--year", "2024", "--from", str(outside)) == 2
    assert "须是内容目录" in capsys.readouterr().err
    assert not (existing.with_name("2024-budget.yaml")).exists()
    assert not list(project.rglob("etc*"))


@pytest.mark.parametrize("earlier", ["content/shigu/shigu-sbglzx/2019-budget.yaml",
                                     "content/yuanzhou/yuanzhou-sbzx/2022-budget.yaml"])
def test_from_forms_moves_dates_on_and_clears_values_and_phones(
        project: Path, earlier: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Forms carried forward: 项目起止时间 and 实施进度 a year on, the year the form prints is the new one (a
    misprinted year is not carried), personal numbers and every value cleared: only empty values are reported."""
    source = project / earlier
    old = _load(source, project)
    year = old.fiscal_year + 1
    unit = source.parent.name
    assert _gongkai(project, "new", "--unit", unit, "--year", str(year), "--from", str(source)) == 0
    path = source.with_name(f"{year}-budget.yaml")
    new = _load(path, project)
    assert [f.name for f in new.project_forms] == [f.name for f in old.project_forms]
    for form in new.project_forms:
        assert form.declared_year in (None, year)
        assert form.period is None or str(old.fiscal_year) not in form.period
        assert all(p.phone is None for p in form.people)
        assert all(i.value is None for s in form.indicator_sets for b in s.branches for g in b.groups for i in g.items)
    assert "2019.1-2019.12" not in path.read_text(encoding="utf-8")
    assert "2019年5月21日" not in path.read_text(encoding="utf-8")  # 填报日期 is this year's
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", path.read_text(encoding="utf-8"))  # no mobile number carried
    codes = {str(f["code"]) for f in _check(project, path, capsys)}
    assert codes == {"CMP006"}, codes
