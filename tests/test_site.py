"""The real site: a strict mkdocs build of the seeds, what a reader sees of them, and build safety."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CONTENT, ROOT, SHARED, run_gongkai


def test_build_produces_every_page_with_search(built_site: Path) -> None:
    assert (built_site / "index.html").exists()
    assert (built_site / "xunwu" / "xunwu-sbfwzx" / "2023" / "tables" / "index.html").exists()
    assert (built_site / "yuanzhou" / "yuanzhou-sbzx" / "2022" / "projects" / "index.html").exists()
    assert (built_site / "subjects" / "function-2080109" / "index.html").exists()
    assert (built_site / "guide" / "index.html").exists() and (built_site / "about" / "index.html").exists()
    assert (built_site / "pagefind" / "pagefind-ui.js").exists()
    assert list((built_site / "pagefind").glob("pagefind.*.pf_meta")), "no Pagefind index"


def test_pages_are_chinese_and_request_no_other_host(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="zh"' in html or "<html lang='zh'" in html, page
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"^(?:[a-z]+:)?//", url), f"{page}: {url}"


def test_seed_coverage_is_at_least_98_percent(built_site: Path) -> None:
    tool = SHARED / "tools" / "seed_coverage.py"
    assert tool.exists(), "../shared/tools/seed_coverage.py missing (CI puts shared/ beside the clone)"
    result = subprocess.run([sys.executable, str(tool), str(built_site), "--min", "98"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    total = float(re.search(r"total: ([\d.]+)%", result.stdout).group(1))  # type: ignore[union-attr]
    assert total >= 98.0


def test_table_page_reproduces_headers_rows_and_notes(built_site: Path) -> None:
    html = (built_site / "xunwu" / "xunwu-sbfwzx" / "2023" / "tables" / "index.html").read_text(encoding="utf-8")
    assert '<th scope="col" colspan="4">财政拨款</th>' in html
    assert 'id="income-2080109"' in html and 'id="general_basic-30101"' in html
    assert "注：若为空表，则为该部门（单位）无政府性基金收支" in html
    assert "2,495.56" in html and "填报单位:[202002]寻乌县社会保险服务中心" in html


def test_strict_build_refuses_errors_and_keeps_the_previous_site(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    out = tmp_path / "site"
    first = run_gongkai("build", "--content", str(content), "--out", str(out), "--no-search")
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = content / "xunwu" / "xunwu-sbfwzx" / "2023-budget.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace('"2,495.56"', '"两千"', 1), encoding="utf-8")
    second = run_gongkai("build", "--content", str(content), "--out", str(out), "--strict")
    assert second.returncode == 1 and "Traceback" not in second.stdout + second.stderr
    assert "error[VAL001]" in second.stdout
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".gongkai-build-*")), "scratch directory left behind"


@pytest.mark.parametrize("marker", ["pagefind", "gongkai.css"])
def test_theme_overrides_are_present(built_site: Path, marker: str) -> None:
    assert marker in (built_site / "search" / "index.html").read_text(encoding="utf-8")


def test_project_layout_is_the_design_cards() -> None:
    for name in ("content", "generator", "theme", "mkdocs.yml", "tests", "pyproject.toml"):
        assert (ROOT / name).exists(), name


def test_each_filing_publishes_its_extract_beside_its_pages(built_site: Path) -> None:
    from generator.facts import codec

    folder = built_site / "xunwu" / "xunwu-sbfwzx" / "2023"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="./xunwu-sbfwzx-2023-budget.json"' in page and 'href="../../../data-format/"' in page
    extract = codec.loads((folder / "xunwu-sbfwzx-2023-budget.json").read_text(encoding="utf-8"))
    assert (extract.unit, extract.fiscal_year, extract.kind.value) == ("xunwu-sbfwzx", 2023, "budget")
    assert extract.identity.path == "xunwu/xunwu-sbfwzx/2023" and extract.counts.facts == len(extract.facts) > 250
    published = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*-budget.json"))
    assert len(published) == 5
    assert (built_site / "schema" / "extract-1.json").exists()
    assert "数据格式" in (built_site / "data-format" / "index.html").read_text(encoding="utf-8")


def test_a_final_account_sits_beside_the_budget_of_the_same_unit_and_year(tmp_path: Path) -> None:
    """A 决算 has its own folder (``2023-final``) beside the 预算 (``2023``, the addresses readers cite), its own
    extract and its own line on the unit page; both build strictly."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "xunwu", content / "xunwu")
    budget = content / "xunwu" / "xunwu-sbfwzx" / "2023-budget.yaml"
    final = budget.with_name("2023-final.yaml")
    text = budget.read_text(encoding="utf-8")
    final.write_text(text.replace("fiscal_year: 2023\n", "fiscal_year: 2023\nkind: final\n", 1), encoding="utf-8")
    out = tmp_path / "site"
    result = run_gongkai("build", "--content", str(content), "--out", str(out), "--no-search", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    unit = out / "xunwu" / "xunwu-sbfwzx"
    assert "2023 年部门预算" in (unit / "2023" / "index.html").read_text(encoding="utf-8")
    assert "2023 年部门决算" in (unit / "2023-final" / "index.html").read_text(encoding="utf-8")
    assert (unit / "2023" / "tables" / "index.html").exists()
    assert (unit / "2023-final" / "tables" / "index.html").exists()
    assert (unit / "2023-final" / "xunwu-sbfwzx-2023-final.json").exists()
    listing = (unit / "index.html").read_text(encoding="utf-8")
    assert 'href="2023/"' in listing and 'href="2023-final/"' in listing
    subject = (out / "subjects" / "function-2080109" / "index.html").read_text(encoding="utf-8")
    assert "2023-final/tables/#expenditure-2080109" in subject and "2023/tables/#expenditure-2080109" in subject


def _html(site: Path) -> dict[str, bytes]:
    """The pages and files of a built site, without the search index (its file names are content hashes)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and "pagefind" not in p.relative_to(site).parts}


def test_a_rebuild_from_the_kept_trees_equals_a_fresh_build(tmp_path: Path) -> None:
    """The docs and search trees kept in the cache between builds: after an edit, a removed filing and an
    interrupted build, a build writes only what changed and its site equals one built from nothing."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    cache, out, fresh = tmp_path / "cache", tmp_path / "site", tmp_path / "fresh"

    def build(*extra: str, where: Path = out) -> None:
        result = run_gongkai("build", "--content", str(content), "--out", str(where), *extra)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]

    build("--cache", str(cache))
    docs = cache / "site" / "docs"
    kept = docs / "xunwu" / "xunwu-sbfwzx" / "2023" / "tables.md"
    stamp = kept.stat().st_mtime_ns
    edited = content / "xunwu" / "xunwu-sbfwzx" / "2023-budget.yaml"
    text = edited.read_text(encoding="utf-8").replace("\ntitle: 2023 年部门预算\n", "\ntitle: 2023 年部门预算（改）\n")
    edited.write_text(text, encoding="utf-8")
    shutil.rmtree(content / "yiyang" / "yiyang-sbglzx")
    build("--cache", str(cache))
    assert kept.stat().st_mtime_ns == stamp, "an unchanged page was written again"
    assert not (docs / "yiyang" / "yiyang-sbglzx" / "2023").exists(), "the removed filing's pages were kept"
    build("--no-cache", where=fresh)
    assert _html(out) == _html(fresh)
    assert "（改）" in (out / "xunwu" / "xunwu-sbfwzx" / "2023" / "index.html").read_text(encoding="utf-8")

    (cache / "site" / "docs.json").unlink()  # as an interrupted build leaves it
    (docs / "stray.md").write_text("# 不应出现\n", encoding="utf-8")
    build("--cache", str(cache))
    assert not (docs / "stray.md").exists() and _html(out) == _html(fresh)
