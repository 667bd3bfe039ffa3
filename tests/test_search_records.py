"""What the search index gets for each page (``Page.body``): each table row as a sub-result of its own, rule
outcomes left out, pages about the site weighed lighter. The browser side is tests/test_reading_browser.py."""

from __future__ import annotations

import re

import pytest

from generator.render import Rendered
from generator.site import static_pages

from .conftest import CONTENT
from .test_render import _render

TABLES = "xunwu/xunwu-sbfwzx/2023/tables.md"
DOCUMENT = "xunwu/xunwu-sbfwzx/2023/index.md"


@pytest.fixture(scope="module")
def rendered() -> Rendered:
    return _render(CONTENT)


def _body(rendered: Rendered, path: str) -> str:
    return next(p.body for p in rendered.pages if p.path == path)


def test_each_table_row_is_its_own_search_section_with_its_own_figures(rendered: Rendered) -> None:
    body = _body(rendered, TABLES)
    assert len(re.findall(r"<h6 ", body)) == len(re.findall(r'<tr id="', _text(rendered, TABLES))) > 100
    sections = re.findall(r'<h6 id="(expenditure-2080109)" data-pagefind-weight="1">(.*?)</h6><p>(.*?)</p>', body)
    assert sections == [("expenditure-2080109", "2080109 社会保险经办机构", "282.90 282.90")], sections
    parent = re.findall(r'<h6 id="expenditure-20801"[^>]*>(.*?)</h6><p>(.*?)</p>', body)
    assert parent and "283.88" in parent[0][1]
    # the table's note (printed above its title) is indexed with its table, not with the last row before it
    three = body.index('<h2 id="three_public">')
    assert "若为空表，则为该部门（单位）无“三公”经费支出" in body[three:]
    assert "无“三公”经费支出" not in body[:three]


def _text(rendered: Rendered, path: str) -> str:
    return next(p.text for p in rendered.pages if p.path == path)


def test_rule_outcomes_stay_out_of_a_filings_search_text(rendered: Rendered) -> None:
    body = _body(rendered, DOCUMENT)
    assert "各条规则的结果" in _text(rendered, DOCUMENT)
    assert "各条规则的结果" not in body and "XTB003" not in body


def test_pages_about_the_site_weigh_less(rendered: Rendered) -> None:
    light = [p.path for p in rendered.pages if p.body.startswith('<div data-pagefind-weight="0.3">')]
    checks = {p.path for p in rendered.pages if p.path.startswith("checks/")}
    assert len(checks) >= 3 and {"checks/index.md", "checks/rules.md"} <= checks
    statics = {p.path for p in static_pages(CONTENT)} | {"data-format.md"}
    assert {"about.md", "guide.md"} <= statics
    assert set(light) == checks | statics, light
