"""The checker (数据核查), rule by rule: every rule of ``check.RULES`` has a failing fixture, a filing with the kind
of mistake a clerk makes, on which it reports exactly the lines marked ``# expect: CODE``, and a passing fixture,
the same filing done right, on which it runs and reports nothing; every rule is documented, and the example of a
finding its documentation shows is what it really reports on its failing fixture.

A fixture is a filing of ``tests/fixtures/check/``, loaded, extracted and checked as the site does. Comments at its
head tell the harness what else it needs: ``# region: PATH`` the region file to check against (from the project
root; ``content/xunwu/region.yaml`` otherwise), ``# prior: FILE`` the unit's filing of the year before (beside the
fixture). A fixture whose head says ``# class: region`` is a region file instead, checked across filings (COV001)
against the filings ``# filings: FILE …`` names (beside it)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from generator import check
from generator.check.context import CheckRule
from generator.check.coverage import COVERAGE, coverage, statuses
from generator.diagnostics import Diagnostic
from generator.facts import extract
from generator.load import load_filing_file
from generator.load.content import load_region_file
from generator.model.extract import CheckStatus, Extract
from generator.model.org import Region

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "check"
DEFAULT_REGION = "content/xunwu/region.yaml"
CODE = re.compile(r"^[A-Z]{3}\d{3}$")
EXPECT = re.compile(r"#\s*expect:\s*([A-Z]+\d+)")
HEADER = re.compile(r"#\s*(class|region|prior|filings):\s*(\S.*?)\s*$")
FAILING = sorted(p for p in FIXTURES.glob("*.yaml") if CODE.match(p.name.removesuffix(".yaml")))
PASSING = sorted(p for p in FIXTURES.glob("*.pass.yaml") if CODE.match(p.name.removesuffix(".pass.yaml")))


def _code(path: Path) -> str:
    return path.name.split(".")[0]


def _headers(path: Path) -> dict[str, str]:
    """The harness's comments at the head of a fixture (before its first line of YAML)."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = HEADER.match(line)
        if match:
            found[match[1]] = match[2]
    return found


def _expected(path: Path) -> set[tuple[int, str]]:
    return {(number, code) for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            for code in EXPECT.findall(line)}


@functools.cache
def _region(path: str) -> Region:
    region, found = load_region_file(ROOT / path, ROOT)
    assert region is not None and not found, [d.as_text() for d in found]
    return region


def _extract(path: Path, region: Region) -> Extract:
    filing, found = load_filing_file(path, ROOT)
    assert filing is not None and not found, [d.as_text() for d in found]  # a fixture loads cleanly
    return extract(filing, region, found)


@functools.cache
def _check(path: Path) -> tuple[list[Diagnostic], dict[str, CheckStatus]]:
    """Every finding on a fixture, and how each rule went."""
    headers = _headers(path)
    if headers.get("class") == "region":
        region = _region(path.relative_to(ROOT).as_posix())
        extracts = [_extract(path.parent / name, region) for name in headers.get("filings", "").split()]
        findings = coverage([region], extracts)
        ran = bool(statuses([region], extracts))
        status = CheckStatus.FOUND if findings else CheckStatus.PASSED if ran else CheckStatus.NOT_APPLICABLE
        return findings, {COVERAGE.code: status}
    region = _region(headers.get("region", DEFAULT_REGION))
    filing, found = load_filing_file(path, ROOT)
    assert filing is not None and not found, [d.as_text() for d in found]
    prior = _extract(path.parent / headers["prior"], region) if "prior" in headers else None
    findings, outcomes = check.run(filing, extract(filing, region, found), region, prior)
    return findings, {o.rule: o.status for o in outcomes}


def _findings(path: Path, code: str) -> list[Diagnostic]:
    """The findings of one rule on a fixture, in the order of the file."""
    return sorted((d for d in _check(path)[0] if d.code == code), key=lambda d: (d.span.line, d.span.column))


@pytest.mark.parametrize("fixture", FAILING, ids=_code)
def test_rule_reports_its_failing_fixture_at_the_expected_lines(fixture: Path) -> None:
    code = _code(fixture)
    expected = _expected(fixture)
    assert expected and {c for _, c in expected} == {code}
    found = _findings(fixture, code)
    assert {(d.span.line, d.code) for d in found} == expected
    assert _check(fixture)[1][code] is CheckStatus.FOUND
    for d in found:
        assert d.span.file == fixture.relative_to(ROOT).as_posix()
        assert d.span.line >= 1 and d.span.column >= 1
        assert d.message and d.hint


@pytest.mark.parametrize("fixture", PASSING, ids=_code)
def test_rule_runs_and_passes_on_its_passing_fixture(fixture: Path) -> None:
    code = _code(fixture)
    assert not _expected(fixture)
    assert _findings(fixture, code) == []
    assert _check(fixture)[1][code] is CheckStatus.PASSED


def test_every_rule_is_documented_and_has_both_fixtures() -> None:
    codes = [rule.code for rule in check.RULES]
    assert len(codes) == len(set(codes))
    assert set(check.BY_CODE) == set(codes)
    for rule in check.RULES:
        assert CODE.match(rule.code), rule.code
        assert rule.title and rule.family and rule.principle and rule.hint and rule.example, rule.code
        assert (FIXTURES / f"{rule.code}.yaml").is_file(), rule.code
        assert (FIXTURES / f"{rule.code}.pass.yaml").is_file(), rule.code
    assert {_code(p) for p in FAILING} == set(codes) == {_code(p) for p in PASSING}


@pytest.mark.parametrize("rule", check.RULES, ids=lambda r: r.code)
def test_documented_example_is_what_the_rule_reports(rule: CheckRule) -> None:
    found = _findings(FIXTURES / f"{rule.code}.yaml", rule.code)
    assert found and rule.example == found[0].message
