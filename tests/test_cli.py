"""The command line as a user runs it: exit codes, text and JSON output, corrupted amounts."""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from generator import cli
from generator.load import load_filing_file
from generator.model.money import Amount
from generator.source import Span

from .conftest import CONTENT, ROOT, run_gongkai

SEED_FILES = sorted(CONTENT.glob("*/*/*.yaml"))
SCALAR = re.compile(r'"[^"]*"|\'[^\']*\'|[^,\]}\s#]+')


def test_check_content_is_clean_and_summarises_per_region() -> None:
    result = run_gongkai("check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert ("寻乌县：1 份公开文件，11 张表，127 行，7 张绩效目标表，57 个指标，281 个金额，"
            "文中 109 个数字（56 个与表中金额对应）") in lines
    assert ("弋阳县：1 份公开文件，0 张表，0 行，13 张绩效目标表，129 个指标，52 个金额，"
            "文中 15 个数字（0 个与表中金额对应）") in lines
    assert lines[-1].startswith("合计：5 份公开文件，11 张表")
    assert lines[-1].endswith("0 个错误，0 个警告，17 个提示，52 个已说明")
    strict = run_gongkai("check", "--strict")  # every warning of the seeds carries its 核查说明
    assert strict.returncode == 0, strict.stdout[-3000:]


def test_a_reader_that_goes_away_gets_no_traceback() -> None:
    """`gongkai check | head -1`: the pipe closes early; the command stops quietly."""
    process = subprocess.Popen([sys.executable, "-m", "generator", "check"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=600)
    assert b"Traceback" not in err and process.returncode == 1, err.decode()


def test_usage_errors_exit_2() -> None:
    assert run_gongkai("frobnicate").returncode == 2
    assert run_gongkai("check", "no/such/file.yaml").returncode == 2
    assert run_gongkai("check", "--format", "xml").returncode == 2


def _amount_spans(value: object) -> Iterator[Span]:
    """Every Amount in a loaded record, in declaration order."""
    if isinstance(value, Amount):
        yield value.span
    elif isinstance(value, tuple):
        for item in value:
            yield from _amount_spans(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name != "span":
                yield from _amount_spans(getattr(value, field.name))


def _cases() -> list[tuple[Path, int]]:
    cases = []
    for source in SEED_FILES:
        filing, _ = load_filing_file(source, ROOT)
        spans = list(_amount_spans(filing))
        if spans:
            cases += [(source, 0), (source, len(spans) // 2), (source, len(spans) - 1)]
    return cases


def _corrupt(tmp_path: Path, source: Path, which: int) -> tuple[Path, int, int]:
    """Copy the content tree and turn one amount of ``source`` into text."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    target = content / source.relative_to(CONTENT)
    filing, _ = load_filing_file(source, ROOT)
    span = list(_amount_spans(filing))[which]
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    line = lines[span.line - 1]
    match = SCALAR.match(line, span.column - 1)
    assert match is not None, line
    lines[span.line - 1] = line[: match.start()] + '"贰仟元"' + line[match.end():]
    target.write_text("".join(lines), encoding="utf-8")
    return target, span.line, span.column


@pytest.mark.parametrize(("source", "which"), _cases(), ids=lambda v: v.parent.name if isinstance(v, Path) else str(v))
def test_corrupted_amount_is_reported_at_its_position(tmp_path: Path, source: Path, which: int) -> None:
    target, line, column = _corrupt(tmp_path, source, which)
    result = run_gongkai("check", "--project", str(tmp_path), "--format", "json")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    records = [r for r in json.loads(result.stdout)["findings"]  # the seeds' own findings are explained
               if r["acknowledged"] is None and r["severity"] != "info"]
    expected = {"file": target.relative_to(tmp_path).as_posix(), "line": line, "column": column,
                "severity": "error", "code": "VAL001"}
    assert [{k: r[k] for k in expected} for r in records] == [expected]
    text = run_gongkai("check", "--project", str(tmp_path))
    assert text.returncode == 1
    assert f"{expected['file']}:{line}:{column}: error[VAL001]" in text.stdout


def test_all_problems_of_a_file_are_reported_in_one_run(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("unit: xunwu-sbfwzx\nfiscal_year: 2023\ntitel: x\nkind: nope\nproject_forms: {}\n",
                   encoding="utf-8")
    result = run_gongkai("check", str(bad), "--format", "json")
    assert result.returncode == 1
    assert sorted((r["line"], r["code"]) for r in json.loads(result.stdout)["findings"]) == [
        (1, "REF003"), (3, "KEY001"), (4, "VAL003"), (5, "KEY003")]


def test_check_json_output_is_a_report_of_positioned_findings_and_rule_outcomes(tmp_path: Path) -> None:
    result = run_gongkai("check", "--format", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert (report["format"], report["version"]) == ("gongkai-check", 1)
    assert report["totals"] == {"errors": 0, "warnings": 0, "infos": 17, "acknowledged": 52}
    assert len(report["findings"]) == 17 + 52
    for finding in report["findings"]:
        assert finding["file"].startswith("content/") and finding["line"] >= 1 and finding["column"] >= 1
        assert finding["message"] and finding["hint"] and finding["code"]
    xunwu = next(f for f in report["filings"] if f["unit"] == "xunwu-sbfwzx")
    statuses = {c["rule"]: c["status"] for c in xunwu["checks"]}
    assert statuses["ARI001"] == "passed" and statuses["TXT002"] == "found" and statuses["YOY001"] == "not_applicable"
    share = next(f for f in report["findings"] if f["code"] == "TXT002" and f["printed"] == "1.26%")
    assert share["expected"] == "1.25%" and share["acknowledged"].startswith("原表如此")
    assert {(r["line"], r["column"]) for r in share["related"]} == {(370, 39), (336, 40)}


def test_project_is_importable_as_module_and_script() -> None:
    assert (ROOT / "pyproject.toml").read_text(encoding="utf-8").count('gongkai = "generator.cli:main"') == 1
    assert run_gongkai("--help").returncode == 0


# -- nothing published by halves ----------------------------------------------------------------------------

BROKEN = "xunwu/xunwu-sbfwzx/2023-budget.yaml"
ROW_2080109 = '["2080109", 社会保险经办机构, "282.90", ~, "282.90", "282.90", ~, ~, ~, ~, ~, ~, ~, ~, ~]'


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes]]:
    """The seeds built for real, then one row of 寻乌's 部门支出总表 given a cell too many (the build that used to
    publish that table without the row): the content, the site and its bytes before."""
    base = tmp_path_factory.mktemp("halves")
    content, out = base / "content", base / "site"
    shutil.copytree(CONTENT, content)
    first = run_gongkai("build", "--content", str(content), "--out", str(out), "--cache", str(base / "cache"))
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr
    assert (out / "xunwu" / "xunwu-sbfwzx" / "2023" / "tables" / "index.html").is_file()
    broken = content / BROKEN
    text = broken.read_text(encoding="utf-8")
    assert text.count(ROW_2080109) == 1
    broken.write_text(text.replace(ROW_2080109, ROW_2080109[:-1] + ', "9.00"]'), encoding="utf-8")
    return content, out, _files(out)


def test_a_build_with_errors_refuses_and_keeps_the_old_site_byte_for_byte(
        published: tuple[Path, Path, dict[str, bytes]], tmp_path: Path) -> None:
    content, built, before = published
    out = tmp_path / "site"
    shutil.copytree(built, out)
    result = run_gongkai("build", "--content", str(content), "--out", str(out), "--cache", str(tmp_path / "cache"))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    place = re.search(r"^(\S+2023-budget\.yaml:\d+:\d+): error\[VAL006\]", result.stdout, re.MULTILINE)
    assert place is not None, result.stdout[-3000:]
    assert "网站未更新，原有网站保持不变" in result.stderr and f"  {place[1]}" in result.stderr, result.stderr
    assert "--keep-going" in result.stderr
    assert _files(out) == before
    assert not list(tmp_path.glob(".gongkai-build-*")), "scratch directory left behind"


def test_keep_going_publishes_the_rest_and_leaves_the_broken_filing_out_whole(
        published: tuple[Path, Path, dict[str, bytes]], tmp_path: Path) -> None:
    content, built, before = published
    out = tmp_path / "site"
    shutil.copytree(built, out)
    result = run_gongkai("build", "--content", str(content), "--out", str(out), "--cache", str(tmp_path / "cache"),
                         "--keep-going")
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "整份未发布" in result.stderr and BROKEN in result.stderr, result.stderr
    after = _files(out)
    assert after != before
    # the other filings are published as before
    assert [p for p in before if p.startswith("yiyang/") and p.endswith(".html")] == \
        [p for p in after if p.startswith("yiyang/") and p.endswith(".html")]
    gone = [p for p in before if p.startswith("xunwu/xunwu-sbfwzx/2023/")]
    assert gone and not [p for p in after if p.startswith("xunwu/xunwu-sbfwzx/2023/")]  # no pages, no downloads
    # in no page, listing, navigation, download or search record
    examples = {"data-format/index.html", "guide/index.html", "schema/extract-1.json"}  # quote the seed as an example
    mentions = [p for p, data in after.items() if not p.startswith("pagefind/") and p not in examples
                and (b"xunwu-sbfwzx/2023/" in data or b"xunwu-sbfwzx-2023" in data)]
    assert mentions == [], mentions
    assert b"xunwu-sbfwzx" not in after["data/facts.csv"]
    records = [gzip.decompress(data) for p, data in after.items() if p.endswith(".pf_fragment")]
    assert records and not [r for r in records if b"xunwu-sbfwzx/2023" in r]
    assert any(b"/yiyang/" in r for r in records)
    assert "暂无公开文件" in (out / "xunwu" / "xunwu-sbfwzx" / "index.html").read_text(encoding="utf-8")


ENGLISH_ARGPARSE = ("show this help message", "positional arguments", "options:", "optional arguments", "usage:",
                    "show program's version", "error:", "the following arguments", "invalid choice")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_help_of_every_command_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """`--help` of gongkai and of each subcommand: argparse's own words translated, every option explained."""
    commands = _subcommands()
    assert {"check", "build", "serve", "synth", "new"} <= set(commands)
    for argv in ([], *([name] for name in commands)):
        assert cli.main([*argv, "--help"]) == 0
        text = capsys.readouterr().out
        assert text.startswith("用法：gongkai"), text
        for english in ENGLISH_ARGPARSE:
            assert english not in text.lower(), (argv, english)
    for name, sub in [("gongkai", cli._parser()), *commands.items()]:
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help and CJK.search(action.help), (name, action.option_strings or action.dest)
            assert not (action.metavar or "").isascii() or (action.metavar or "N") == "N", (name, action.metavar)


def test_usage_errors_are_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, said in ((["new"], "缺少必需的参数"), (["check", "--format", "xml"], "取值 'xml' 无效"),
                       (["check", "--jobs", "x"], "应为整数"), (["frobnicate"], "无效"),
                       (["check", "--frob"], "无法识别的参数")):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert said in err and "错误" in err, err
        for english in ENGLISH_ARGPARSE:
            assert english not in err.lower(), (argv, english)


def test_version_comes_from_the_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"gongkai {metadata.version('gongkai')}"
