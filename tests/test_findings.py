"""The checker on whole filings: the seeds' findings are exactly a reviewed golden list (every warning carries the
filing's 核查说明); 寻乌's tables reconcile (no arithmetic or cross-table finding); a 0.01 change of one 项
amount is found in every table and sentence that amount feeds, each at its own position; a consistent synthetic
county gives no warning; `check --strict` fails on an unacknowledged warning and passes once it is explained."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Severity
from generator.model.extract import FactRef
from generator.model.keys import RowKey, RowKind
from generator.model.measures import Measure
from generator.pipeline import Result, run
from generator.synth import write_county

from .conftest import CONTENT, ROOT, run_gongkai

GOLDEN = ROOT / "tests" / "golden" / "findings.txt"
XUNWU = "content/xunwu/xunwu-sbfwzx/2023-budget.yaml"
DEATH = FactRef("general_expenditure", RowKey(RowKind.FUNCTION, "2080801"), Measure.TOTAL)
"""死亡抚恤 in the 一般公共预算支出表 of 寻乌: printed in four tables and quoted in the 情况说明"""


def _line(d: Diagnostic) -> str:
    note = f" [说明：{d.acknowledged}]" if d.acknowledged is not None else ""
    return f"{d.span.file}:{d.span.line}:{d.span.column}: {d.severity.value}[{d.code}] {d.message}{note}"


@pytest.fixture(scope="module")
def seeds() -> Result:
    return run(CONTENT, ROOT, render=False, jobs=1)


def test_seed_findings_are_the_reviewed_list(seeds: Result, update_golden: bool) -> None:
    produced = "\n".join(_line(d) for d in sorted(seeds.found)) + "\n"
    if update_golden:
        GOLDEN.write_text(produced, encoding="utf-8", newline="\n")
    assert produced == GOLDEN.read_text(encoding="utf-8"), "run pytest --update-golden and review the list"


def test_every_warning_of_the_seeds_is_explained_where_it_is(seeds: Result) -> None:
    assert [d for d in seeds.found if d.severity is Severity.ERROR] == []
    assert [_line(d) for d in seeds.found if d.severity is Severity.WARNING and d.acknowledged is None] == []


@pytest.mark.parametrize(("file", "code", "says"), [
    ("content/yiyang/yiyang-sbglzx/2023-budget.yaml", "UNT001", "金额似以元填写"),           # 001: 项目资金 in 元
    (XUNWU, "TXT002", "1.26%与表中数字算出的不符：31.26 ÷ 2,495.56 = 1.252625%，应为 1.25%"),  # 002: 1.26 %
    (XUNWU, "YER001", "2022 年 与本文件的预算年度 2023 年不符"),                                 # 002: heading
    ("content/yiyang/yiyang-sbglzx/2023-budget.yaml", "CPY001", "“农垦企业养老保险缴费”的年度目标与"),  # 001
    ("content/shigu/shigu-sbglzx/2019-budget.yaml", "YER001", "2018年度"),                    # 003: （2018年度）
])
def test_the_known_faults_of_the_seeds_are_found(seeds: Result, file: str, code: str, says: str) -> None:
    assert any(d.span.file == file and d.code == code and says in d.message for d in seeds.found)


def test_xunwu_reconciles_no_arithmetic_or_cross_table_finding(seeds: Result) -> None:
    xunwu = [d for d in seeds.found if d.span.file == XUNWU]
    assert [d for d in xunwu if d.code[:3] in ("ARI", "XTB")] == []
    extract = next(e for e in seeds.extracts if e.identity.file == XUNWU)
    ran = {o.rule: o.status.value for o in extract.checks}
    assert {ran[f"ARI00{n}"] for n in (1, 2, 3, 4, 5, 7)} == {"passed"}
    assert {ran[f"XTB00{n}"] for n in (1, 2, 3, 4)} == {"passed"}


# -- one amount changed by 0.01 -----------------------------------------------------------------------------


def plant(content: Path, ref: FactRef, file: str = XUNWU, delta: Decimal = Decimal("0.01")) -> tuple[int, int]:
    """Copy of the content with the amount printed at ``ref`` changed by ``delta``, written in place of the
    printed text at its exact position; returns that position (line, column)."""
    extract = next(e for e in run(content, content.parent, render=False, jobs=1, rules=False).extracts
                   if e.identity.file == file)
    fact = next(f for f in extract.facts if (f.table, f.row, f.measure) == ref)
    path = content.parent / file
    lines = path.read_text(encoding="utf-8").split("\n")
    line, column = fact.span.line, fact.span.column
    text = lines[line - 1]
    at = column - 1 + (1 if text[column - 1] in "\"'" else 0)
    assert text[at:at + len(fact.text)] == fact.text, (text, fact.text)
    changed = f"{fact.value + delta:,.2f}"
    lines[line - 1] = text[:at] + changed + text[at + len(fact.text):]
    path.write_text("\n".join(lines), encoding="utf-8")
    return line, column


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, int], Result]:
    root = tmp_path_factory.mktemp("planted")
    shutil.copytree(CONTENT, root / "content")
    position = plant(root / "content", DEATH)
    return root, position, run(root / "content", root, render=False, jobs=1)


def test_a_cent_changed_is_found_in_every_table_and_sentence_it_feeds(
        planted: tuple[Path, tuple[int, int], Result], seeds: Result) -> None:
    _, changed, result = planted
    before = {(d.span.line, d.span.column, d.code) for d in seeds.found if d.span.file == XUNWU}
    new = [d for d in result.found if d.span.file == XUNWU and (d.span.line, d.span.column, d.code) not in before]
    extract = next(e for e in seeds.extracts if e.identity.file == XUNWU)
    at = {(f.table, f.row, f.measure): (f.span.line, f.span.column) for f in extract.facts}
    death = RowKey(RowKind.FUNCTION, "2080801")

    def where(d: Diagnostic) -> tuple[int, int]:
        return d.span.line, d.span.column

    # the changed cell against its own row (合计 = 基本支出 + 项目支出), at the cell
    assert any(d.code == "ARI002" and where(d) == changed for d in new)
    # its 款 20808 no longer adds up, at the 款's cell, pointing at the changed one
    assert any(d.code == "ARI001" and where(d) == at["general_expenditure", RowKey(RowKind.FUNCTION, "20808"),
                                                      Measure.TOTAL] for d in new)
    # every other table that prints the same amount: at its own cell, related to the changed one
    for table, measure in (("expenditure", Measure.TOTAL), ("income", Measure.GENERAL)):
        assert any(d.code == "XTB001" and where(d) == at[table, death, measure]
                   and changed in {(s.line, s.column) for s in d.related} for d in new), table
    # the sentence of the 情况说明 that quotes it with two decimals, at the figure
    linked = [f for f in extract.figures if f.link is not None and DEATH in f.link.facts
              and f.link.relation == "equals"]
    assert linked
    for figure in linked:
        assert any(d.code == "TXT001" and where(d) == (figure.figure.span.line, figure.figure.span.column)
                   for d in new), figure.figure.text
    # each finding at its own position, and nothing else new
    assert len({where(d) for d in new}) == len(new) == 2 + 2 + len(linked)


def test_strict_fails_on_an_unexplained_warning_and_passes_once_explained(
        planted: tuple[Path, tuple[int, int], Result]) -> None:
    root, (line, _), _ = planted
    content = root / "content"
    plain = run_gongkai("check", "--content", str(content), "--project", str(root))
    assert plain.returncode == 0, plain.stdout[-2000:]  # warnings alone do not fail
    strict = run_gongkai("check", "--content", str(content), "--project", str(root), "--strict")
    assert strict.returncode == 1
    assert f"{XUNWU}:{line}:" in strict.stdout
    assert "0 个错误，5 个警告" in strict.stdout.splitlines()[-1]


def test_a_consistent_synthetic_county_gives_no_warning(tmp_path: Path) -> None:
    write_county(tmp_path / "content", units=24, years=3, seed=11)
    result = run(tmp_path / "content", tmp_path, render=False, jobs=1)
    assert [_line(d) for d in result.found] == []
    ran = {(e.identity.unit.id, e.identity.year): {o.rule: o.status.value for o in e.checks} for e in result.extracts}
    later = [r for (_, year), r in ran.items() if year > min(y for _, y in ran)]
    assert later and all(r["YOY001"] == "passed" for r in later)  # each year compared with the one before
    assert all(r["CMP001"] == "passed" and r["TIM001"] == "passed" for r in ran.values())
