"""Golden Markdown for every page of the seeds (every table kind and form layout), and the escape boundary."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model.money import Amount
from generator.pipeline import run
from generator.render import Rendered
from generator.render.escape import Escaper, mask_phones
from generator.render.numbers import format_amount

from .conftest import CONTENT, ROOT

GOLDEN = ROOT / "tests" / "golden"
HOSTILE = ROOT / "tests" / "fixtures" / "valid" / "hostile"


def _render(content_dir: Path) -> Rendered:
    """The site's pages through the one pipeline, in this process."""
    result = run(content_dir, content_dir.parent, jobs=1, downloads=True)
    assert [d for d in result.found if d.severity.value == "error"] == []
    assert result.rendered is not None
    return result.rendered


def _compare(rendered: Rendered, case: str, update: bool) -> None:
    folder = GOLDEN / case
    produced = {p.path: p.text for p in rendered.pages}
    if update:
        for path, text in produced.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        for stale in folder.rglob("*.md"):
            if stale.relative_to(folder).as_posix() not in produced:
                stale.unlink()
    expected = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*.md")}
    assert sorted(produced) == sorted(expected), "pages added or removed: run pytest --update-golden and review"
    for path, text in produced.items():
        assert text == expected[path], f"{path} differs from its golden file (pytest --update-golden to accept)"


def test_seed_pages_match_golden_markdown(update_golden: bool) -> None:
    _compare(_render(CONTENT), "seeds", update_golden)


def test_hostile_text_pages_match_golden_markdown(update_golden: bool) -> None:
    _compare(_render(HOSTILE / "content"), "hostile", update_golden)


def test_rendering_is_deterministic() -> None:
    assert _render(CONTENT) == _render(CONTENT)


@pytest.fixture(scope="module")
def hostile() -> str:
    return "\n".join(p.text for p in _render(HOSTILE / "content").pages)


def test_hostile_markup_never_survives_as_markup(hostile: str) -> None:
    lowered = hostile.lower()
    own_charts = lowered.count('<svg class="gk-chart-svg')  # render/charts.py draws them, from numbers only
    assert "<script" not in lowered and "<img" not in lowered and lowered.count("<svg") == own_charts
    assert "<b>" not in lowered and "<i>" not in lowered and "<a href=javascript" not in lowered
    assert 'href="javascript' not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
    assert "\u202e" not in hostile and "\u0007" not in hostile


def test_table_text_keeps_pipes_and_asterisks_literal(hostile: str) -> None:
    assert "| a | b | **x** [y](javascript:alert(9))" in hostile  # inside an HTML cell: not Markdown


def test_headings_escape_markdown(hostile: str) -> None:
    assert r"\*\*不是粗体\*\* \| 竖线 \|" in hostile
    assert r"\[x\]\(javascript:alert\(1\)\)" in hostile


def test_narrative_markdown_is_rendered_without_raw_html_or_js_links(hostile: str) -> None:
    assert "<strong>粗体</strong>" in hostile
    assert "&lt;b&gt;原始HTML&lt;/b&gt;" in hostile
    assert "[链接](javascript:alert(3))" in hostile  # markdown-it refuses the javascript: link


def test_mobile_numbers_are_masked(hostile: str) -> None:
    assert "15172040845" not in hostile and "151****0845" in hostile
    assert mask_phones("电话 8177159，手机 18373422236。") == "电话 8177159，手机 183****2236。"
    assert Escaper(mask=False).html("18373422236") == "18373422236"


def test_page_titles_cannot_carry_markup() -> None:
    assert Escaper().title("</title><script>") == "＜/title＞＜script＞"


@pytest.mark.parametrize(("text", "decimals", "shown"), [
    ("2495.56", 2, "2,495.56"), ("2,457.00", 2, "2,457.00"), ("1200", 2, "1,200.00"),
    ("0.845", 2, "0.845"), ("430,000", None, "430,000"), ("74万元", None, "74万元"), ("-3.5", 2, "-3.50"),
])
def test_amounts_are_grouped_and_keep_every_printed_digit(text: str, decimals: int | None, shown: str) -> None:
    amount = Amount.parse(text)
    assert amount is not None and format_amount(amount, decimals) == shown


def test_filing_page_cites_the_original_never_the_transcribers_file(tmp_path: Path) -> None:
    """出处 as a reader cites it: 原文, 发布机关, 索引号, 发布日期 and the address as text (no link to, nothing loaded
    from, another host); the transcriber's file name is not shown, on the page or in its extract's source."""
    import json
    import shutil

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    filing = content / "xunwu" / "xunwu-sbfwzx" / "2023-budget.yaml"
    text = filing.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("source:"))
    url = "https://www.xunwu.gov.cn/xwzf/2023/art_1.html?a=1&b=<2>"
    text = text.replace(line, 'source: {document: 002_6cd18e2f6533818f.txt, title: 寻乌县社保中心2023年部门预算, '
                              f'publisher: 寻乌县人力资源和社会保障局, index_number: 360734-2023-0012, url: "{url}"}}\n'
                              'published_on: "2023-02-24"')
    filing.write_text(text, encoding="utf-8")
    rendered = _render(content)
    page = next(p for p in rendered.pages if p.path == "xunwu/xunwu-sbfwzx/2023/index.md").text
    for label, value in (("原文", "寻乌县社保中心2023年部门预算"), ("发布机关", "寻乌县人力资源和社会保障局"),
                         ("索引号", "360734-2023-0012"), ("发布日期", "2023-02-24"),
                         ("原文链接", "https://www.xunwu.gov.cn/xwzf/2023/art_1.html?a=1&amp;b=&lt;2&gt;")):
        assert f"<th>{label}</th><td>{value}</td>" in page, label
    assert "002_6cd18e2f6533818f" not in page and "<2>" not in page
    assert 'href="http' not in page and 'src="http' not in page
    extract = next(json.loads(s) for p, s in rendered.files if p.endswith("xunwu-sbfwzx-2023-budget.json")
                   and isinstance(s, str))
    source = {"title": "寻乌县社保中心2023年部门预算", "publisher": "寻乌县人力资源和社会保障局",
              "index_number": "360734-2023-0012", "url": url}
    assert extract["filing"]["source"] == source
