"""One trust boundary for all text, proven on a real build: hand-written pages (content/pages/*.md) cannot put
markup, scripts or dangerous links on the site; personal numbers are masked however they are written, in every
text node, attribute, heading anchor and search record; office landlines stay visible; entities cannot smuggle a
bidi override past the filter; diagnostics print controls from content spelled out.

The site is built once for the module (all hostile pages and filings in one content tree); each test asserts one
attack on the parsed HTML (html.parser) and on what Pagefind indexed. A number counts as published when its digits
appear in order in a page's *digit stream*: every digit of the visible text (or of the attribute values, or of a
search record), whatever separates them, full-width and other Unicode digits read as ASCII. That is independent
of how the masking code reads numbers: any way the digits survive is caught.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.privacy import mobiles, resident_ids
from generator.diagnostics import visible, visible_json
from generator.render.escape import Escaper, safe_link

from .conftest import run_gongkai

# -- the hostile numbers -----------------------------------------------------------------------------------------

MOBILES = {
    # what the content writes: the secret 11 digits it spells (none may be published whole)
    "13900000001": "plain",
    "139 0000 0002": "spaces",
    "139-0000-0003": "dashes",
    "139.0000.0004": "dots",
    "(139)0000-0005": "brackets",
    "+86 139 0000 0006": "+86 prefix",
    "0086-13900000007": "0086 prefix",
    "8613900000008": "86 prefix",
    "013900000009": "0 prefix",
    "１３９００００００１０": "full-width digits",
    "139\u200b0000\u200b0011": "zero-width spaces",
    "&#49;3900000012": "decimal entity",
    "&#x31;&#x33;&#x39;00000013": "hex entities",
    "139**0000**0014": "split by strong emphasis",
    "139_0000_0015": "split by underscores",
    "`139`00000016": "split by a code span",
    "139\\-0000\\-0017": "backslash-escaped dashes",
    "𝟏𝟑𝟗𝟎𝟎𝟎𝟎𝟎𝟎𝟏𝟖": "mathematical digits",
    "139\u00ad0000\u00ad0019": "soft hyphens",
    "139\u30000000\u30000020": "ideographic spaces",
    '[联系](https://example.org/ "13900000021")': "a link title",
    "[写信](mailto:13900000022@example.org)": "a mailto address",
    "[电话](tel:13900000023)": "a tel: link (shown as text)",
    "**1390000**0024": "emphasis around the first part",
    "139  \n0000  \n0025": "hard line breaks",
    "[139](https://example.org/)00000026": "split by a link",
    "139\u2060\u2060\u2060\u2060\u20600000\u200d0027": "many word joiners",
    "１３９－００００－００２８": "full-width dashes",
}
SECRET = {text: re.sub(r"\D", "", unicodedata.normalize("NFKC", text.replace("&#49;", "1").replace(
    "&#x31;&#x33;&#x39;", "139")))[-11:] for text in MOBILES}


def id_number(area: str, birth: str, sequence: str) -> str:
    """An 18-digit resident ID number with its check character (GB 11643)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    body = area + birth + sequence
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


ID_X = "11010519491231002X"  # the standard's own example, check character X
ID_18 = id_number("360734", "19850612", "123")
ID_SPACED = id_number("360734", "19900307", "456")
ID_15 = "360734850612789"
NOT_AN_ID = ID_18[:-1] + str((int(ID_18[-1]) + 1) % 10 if ID_18[-1] != "X" else 0)  # wrong check digit
IDS = {ID_X: ID_X, ID_18: ID_18, f"{ID_SPACED[:6]} {ID_SPACED[6:14]} {ID_SPACED[14:]}": ID_SPACED, ID_15: ID_15}
LANDLINES = ["0797-2832012", "(0797)2832012", "0797 2832012", "07972832012", "2832012", "0797-2832012-8001"]


# -- the content -----------------------------------------------------------------------------------------------

SITE = 'title: 遮蔽测试\npublisher: 测试局\nmask_phones: true\n'
REGION = """\
region:
  code: "110101"
  slug: demo
  name: "示例县\\e[2J\\u202e"
  organisations:
    - {id: demo-dept, name: 示例局, role: department}
    - {id: demo-unit, name: 示例中心, role: unit, parent: demo-dept}
"""


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def filing() -> str:
    narrative = [*MOBILES, *IDS, NOT_AN_ID, *(f"办公电话 {n}" for n in LANDLINES),
                 "合计 &#x202E;00.0051&#x202C; 万元", "合计 &#8238;00.0052&#8236; 万元",
                 "合计 \u202e00.0053\u202c 万元"]
    project = q("示例项目\u001b[2J\u202e")
    paragraphs = "\n".join(f"        - {q(p)}" for p in narrative)
    return f"""\
unit: demo-unit
fiscal_year: 2023
title: 2023 年部门预算
unit_name: 示例中心
source: {{document: demo.pdf, medium: pdf}}
profile:
  heading: 第一部分 概况
  duties_heading: 一、部门主要职责
  duties:
    - {{number: （一）, text: {q("职责：电话 +86 139 0000 0031，身份证 " + ID_X)}}}
  staffing_heading: 二、机构设置及人员情况
  staffing_text: {q("共有 &#x202E;00.0054&#x202C; 人，联系 139**0000**0032")}
  staffing: {{budget_units: 1, authorized: 2}}
explanation:
  heading: 第三部分 情况说明
  paragraphs: [说明。]
  sections:
    - number: 一、
      title: 收入预算情况
      role: income
      paragraphs:
{paragraphs}
      sections:
        - {{title: {q("联系人 13900000033")}, paragraphs: [子段落。]}}
        - {{title: {q("联系人 139-0000-0034")}, paragraphs: [子段落。]}}
tables:
  - kind: income
    title: {q("部门收入总表 13900000035")}
    unit_label: 单位：万元
    columns:
      - {{label: 科目编码, role: code, scheme: function}}
      - {{label: 科目名称, role: name}}
      - {{label: 备注, role: text}}
      - label: 收入
        children: [合计, 财政拨款]
    rows:
      - [~, 合计, ~, "2.00", "2.00"]
      - ["208", 社会保障和就业支出, {q("１３９００００００３６")}, "1.00", "1.00"]
      - ["2080109", 社会保险经办机构, {q("0797-2832012")}, "1.00", "1.00"]
project_forms:
  - id: p01
    layout: jx2023
    title: 项目支出绩效目标表
    name: {project}
    declared_year: 2022
    funding: {{annual: "1.00", fiscal: "1.00"}}
    goals: {{annual: [{q("目标：联系 139 0000 0037")}]}}
    people:
      - {{role: 填报人, name: 张三, phone: {q("+86 139-0000-0038")}}}
      - {{role: 联系人, name: 李四, phone: "0797-2832012"}}
    indicator_sets:
      - branches:
          - level1: 产出指标
            groups:
              - level2: 数量指标
                items:
                  - {{name: 人数, value: "≥95%"}}
"""


HOSTILE_PAGE = """\
---
title: "</title><script>alert(1)</script>页面"
description: "<script>alert(2)</script>"
template: ../../../../etc/passwd
---

# 恶意页面 <script>alert(3)</script>

<script>alert(4)</script>

<img src=x onerror=alert(5)>

[a](javascript:alert(6))

[b](JaVaScRiPt:alert(7))

[c](&#106;avascript:alert(8))

[d](java&#x09;script:alert(9))

[e](<java
script:alert(10)>)

[f](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=)

[g](vbscript:msgbox(12))

[h](file:///etc/passwd)

[i]( javascript:alert(13))

[j][ref]

[ref]: javascript:alert(14)

<javascript:alert(15)>

<iframe src="javascript:alert(16)"></iframe>

<meta http-equiv="refresh" content="0;url=https://evil.example/">

<base href="https://evil.example/">

<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y">

<svg onload=alert(17)>

<math><mtext><table><mglyph><style><img src=x onerror=alert(18)>

![x](https://evil.example/x.png)

<a href="javascript:alert(19)">x</a>

<form action="javascript:alert(20)"><button>x</button></form>

<link rel=stylesheet href=//evil.example/x.css>

<style>body{display:none}</style>

{: onclick="alert(21)" }

<div data-pagefind-body onmouseover="alert(22)">x</div>

[ok](https://example.org/) [rel](../about/) [mail](mailto:office@example.org) [关于](about.md)
[核查](checks/index.md#demo) [联系](./contact.md)

| 列 | 值 |
|---|---|
| <script>alert(23)</script> | [k](javascript:alert(24)) |

## 电话 13900000041 {#tel-13900000042}

## 手机 139-0000-0043

"""


def contact_page() -> str:
    body = "\n\n".join([*MOBILES, *IDS, NOT_AN_ID, *(f"办公电话 {n}" for n in LANDLINES),
                        "合计 &#x202E;00.0055&#x202C; 万元"])
    return f"# 联系方式 13900000044\n\n{body}\n\n```text\n代码块 13900000045\n\n\n空行之后\n```\n"


# -- building and reading the site ------------------------------------------------------------------------------


class _Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.title: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.tags: dict[str, int] = {}
        self.scripts: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.attrs += [(tag, name, value or "") for name, value in attrs]
        if tag == "script":
            self.scripts.append(dict(attrs).get("src") or "")
        if tag in ("script", "style", "title"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if not self._in:
            self.text.append(data)
        elif self._in[-1] == "title":
            self.title.append(data)


@dataclass
class Page:
    html: str
    text: str
    title: str
    attrs: list[tuple[str, str, str]]
    tags: dict[str, int]
    scripts: list[str]


@dataclass
class Site:
    out: Path
    pages: dict[str, Page]
    records: dict[str, str]
    """Pagefind's records (the decoded fragments of the built index): url -> all their text"""
    sources: dict[str, str] = field(default_factory=dict)
    """what Pagefind was given to index (the search sources kept in the cache)"""
    stdout: str = ""


def parse(html: str) -> Page:
    parser = _Parsed()
    parser.feed(html)
    parser.close()
    return Page(html, "".join(parser.text), "".join(parser.title), parser.attrs, parser.tags, parser.scripts)


def digits(text: str) -> str:
    """The digit stream: every digit of the text in order, any Unicode digit read as ASCII."""
    return "".join(str(unicodedata.digit(c)) for c in text if c.isdecimal())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    base = tmp_path_factory.mktemp("masking")
    content = base / "content"
    (content / "demo" / "demo-unit").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "site.yaml").write_text(SITE, encoding="utf-8")
    (content / "demo" / "region.yaml").write_text(REGION, encoding="utf-8")
    (content / "demo" / "demo-unit" / "2023-budget.yaml").write_text(filing(), encoding="utf-8")
    (content / "pages" / "about.md").write_text("# 关于\n\n一段普通的文字。\n", encoding="utf-8")
    (content / "pages" / "hostile.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    (content / "pages" / "contact.md").write_text(contact_page(), encoding="utf-8")
    (content / "pages" / "untitled.md").write_text("没有标题的页面。\n", encoding="utf-8")
    out, cache = base / "site", base / "cache"
    result = run_gongkai("build", "--content", str(content), "--out", str(out), "--cache", str(cache))
    assert result.returncode == 0 and "Traceback" not in result.stderr, (result.stdout + result.stderr)[-4000:]
    assert "；0 个错误，" in result.stdout, result.stdout[-3000:]
    pages = {p.relative_to(out).as_posix(): parse(p.read_text(encoding="utf-8")) for p in sorted(out.rglob("*.html"))}
    records = {}
    for fragment in (out / "pagefind" / "fragment").iterdir():
        raw = gzip.decompress(fragment.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        record = json.loads(raw[len(b"pagefind_dcd"):])
        records[record["url"]] = json.dumps(record, ensure_ascii=False)
    sources = {p.relative_to(cache).as_posix(): p.read_text(encoding="utf-8")
               for p in sorted((cache / "site" / "search").rglob("*.html"))}
    return Site(out, pages, records, sources, result.stdout)


def _published(site: Site) -> list[tuple[str, str]]:
    """(where, text) for everything the site publishes as text: each page's visible text, title and attribute
    values (one at a time), each search record and each search source."""
    found = []
    for name, page in site.pages.items():
        found.append((f"{name} text", page.text))
        found.append((f"{name} <title>", page.title))
        found += [(f"{name} <{tag} {attr}>", value) for tag, attr, value in page.attrs]
    found += [(f"search record {url}", text) for url, text in site.records.items()]
    found += [(f"search source {path}", text) for path, text in site.sources.items()]
    for table in sorted(site.out.rglob("*.csv")):  # the downloads: each CSV row, each workbook string
        rows = table.read_text(encoding="utf-8-sig").splitlines()
        found += [(f"{table.relative_to(site.out)} row {n}", row) for n, row in enumerate(rows, 1)]
    extracts = [p for p in sorted(site.out.rglob("*.json")) if p.name.endswith("-budget.json")]
    assert extracts
    for extract in extracts:  # each filing's extract: every string in it, each figure's value
        found += [(f"{extract.relative_to(site.out)} {where}", text)
                  for where, text in _strings(json.loads(extract.read_text(encoding="utf-8")))]
    for book in sorted(site.out.rglob("*.xlsx")):
        with zipfile.ZipFile(book) as archive:
            xml = " ".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
        found += [(f"{book.relative_to(site.out)} string", html.unescape(t))
                  for t in re.findall(r"<t[^>]*>([^<]*)</t>", xml)]
    return found


def _strings(node: object, where: str = "") -> list[tuple[str, str]]:
    """Every string in a JSON document, with where it is."""
    if isinstance(node, str):
        return [(where, node)]
    if isinstance(node, list):
        return [s for n, item in enumerate(node) for s in _strings(item, f"{where}/{n}")]
    if isinstance(node, dict):
        return [s for key, item in node.items() for s in _strings(item, f"{where}/{key}")]
    return []


# -- masking --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", list(MOBILES), ids=list(MOBILES.values()))
def test_mobile_is_masked_everywhere(site: Site, written: str) -> None:
    secret = SECRET[written]
    leaks = [where for where, text in _published(site) if secret in digits(text)]
    assert not leaks, f"{written!r} ({secret}) published in: {leaks[:10]}"
    contact = site.pages["contact/index.html"]
    seen = digits(contact.text) + digits(" ".join(v for _, _, v in contact.attrs))
    assert secret[:3] in seen and secret[-4:] in seen, "the number's visible digits are gone"


@pytest.mark.parametrize("number", [*IDS.values(), *[f"13900000{n:03d}" for n in (*range(31, 39), *range(41, 46))]])
def test_other_numbers_are_masked_everywhere(site: Site, number: str) -> None:
    """Resident IDs (18 digits with X or a digit check, spaced, 15 digits), and the mobiles in headings (their
    anchors and table of contents), tables, forms, people's phones, titles and code blocks."""
    plain = number.rstrip("X")
    leaks = [where for where, text in _published(site) if plain in digits(text)]
    assert not leaks, f"{number} published in: {leaks[:10]}"


def test_ids_are_masked_to_their_first_six_and_last_four(site: Site) -> None:
    text = site.pages["contact/index.html"].text
    assert f"{ID_X[:6]}********{ID_X[-4:]}" in text
    assert f"{ID_15[:6]}*****{ID_15[-4:]}" in text


def test_landlines_and_other_numbers_stay_visible(site: Site) -> None:
    """Office landlines are public contact data; a number that is no ID (wrong check digit) is not masked."""
    for page in ("contact/index.html", "demo/demo-unit/2023/index.html"):
        text = site.pages[page].text
        for landline in LANDLINES:
            assert f"办公电话 {landline}" in text, (page, landline)
        assert NOT_AN_ID in text, page
    assert "0797-2832012" in site.pages["demo/demo-unit/2023/tables/index.html"].text


def test_anchors_are_made_from_the_masked_text(site: Site) -> None:
    ids = [value for _, attr, value in site.pages["hostile/index.html"].attrs if attr == "id"]
    assert "tel-139-0042" in ids, ids  # the page's own {#id}, masked
    hrefs = [value for _, attr, value in site.pages["hostile/index.html"].attrs if attr == "href"]
    assert "#tel-139-0042" in hrefs  # the table of contents links it


def test_check_reports_every_personal_number(site: Site) -> None:
    reported = re.findall(r"warning\[PRV001\] 写有(?:个人手机号码|居民身份证号码)（([0-9X*]+)）", site.stdout)
    for written in MOBILES:
        secret = SECRET[written]
        assert f"{secret[:3]}****{secret[-4:]}" in reported, (written, reported)
    for number in IDS.values():
        assert number[:6] + "*" * (len(number) - 10) + number[-4:] in reported, number
    assert "139****0038" in reported and "139****0037" in reported  # a person's phone, a goal (plain fields)
    assert not any(r.startswith("0797") or r.startswith("2832") for r in reported)
    assert not any(NOT_AN_ID[:6] in r and NOT_AN_ID[-4:] in r for r in reported)


# -- bidi and control characters ---------------------------------------------------------------------------------


def test_entities_cannot_smuggle_a_bidi_override(site: Site) -> None:
    """``&#x202E;00.0051&#x202C;`` would show "1500.00": the override is removed after entities are decoded, and
    the figure reads as written."""
    bidi = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
    for name, page in site.pages.items():
        assert not bidi.search(page.html), name
    for url, record in site.records.items():
        assert not bidi.search(json.loads(record)["content"]), url
    document = site.pages["demo/demo-unit/2023/index.html"].text
    for figure in ("00.0051", "00.0052", "00.0053", "00.0054"):
        assert f"合计 {figure} 万元" in document or f"共有 {figure} 人" in document, figure
    assert "合计 00.0055 万元" in site.pages["contact/index.html"].text


def test_diagnostics_spell_out_control_characters(site: Site, tmp_path: Path) -> None:
    content = site.out.parent / "content"
    result = run_gongkai("check", "--content", str(content))
    assert "\x1b" not in result.stdout + result.stderr and "\u202e" not in result.stdout
    assert "示例项目\\x1b[2J\\u202e" in result.stdout, result.stdout[-2000:]  # a finding quoting the project name
    assert "示例县\\x1b[2J\\u202e：" in result.stdout  # the region's summary line
    as_json = run_gongkai("check", "--content", str(content), "--format", "json")
    assert "\x1b" not in as_json.stdout and "\u202e" not in as_json.stdout
    messages = [f["message"] for f in json.loads(as_json.stdout)["findings"]]
    assert any("示例项目\x1b[2J\u202e" in m for m in messages)  # the JSON still holds the text itself
    assert "\x1b" not in site.stdout


def test_visible_spells_every_control_and_keeps_text() -> None:
    assert visible("a\x1b[2Jb\x07c\x9bd\u202ee\u200bf\ng\t") == "a\\x1b[2Jb\\x07c\\x9bd\\u202ee\\u200bf\\ng\\t"
    assert visible("第一行\n第二行\x1b", lines=True) == "第一行\n第二行\\x1b"
    assert visible("寻乌县 2023 年预算（万元）") == "寻乌县 2023 年预算（万元）"
    text = json.dumps({"k": "\x85\u202e\ud800x"}, ensure_ascii=False, indent=1)
    assert json.loads(visible_json(text)) == {"k": "\x85\u202e\ud800x"}
    assert re.fullmatch(r"[\x20-\x7e\n\u4e00-\u9fff]*", visible_json(text))


# -- hand-written pages ------------------------------------------------------------------------------------------

BAD_SCHEMES = ("javascript:", "data:", "vbscript:", "file:", "livescript:")
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "data", "poster", "background", "srcset", "cite"})


def _scheme(value: str) -> str:
    return re.sub(r"[\x00-\x20\x7f]", "", value).lower()


def test_hand_written_page_has_only_the_theme_scripts(site: Site) -> None:
    hostile, clean = site.pages["hostile/index.html"], site.pages["about/index.html"]
    assert hostile.scripts == clean.scripts
    assert "<script>alert(" not in hostile.html


def test_hand_written_page_has_no_handlers_or_dangerous_urls(site: Site) -> None:
    hostile, clean = site.pages["hostile/index.html"], site.pages["about/index.html"]
    theirs = {(tag, attr, value) for tag, attr, value in clean.attrs if attr.startswith("on")}
    handlers = [a for a in hostile.attrs if a[1].lower().startswith("on") and a not in theirs]
    assert not handlers, handlers
    bad = [a for a in hostile.attrs if a[1].lower() in URL_ATTRS and _scheme(a[2]).startswith(BAD_SCHEMES)]
    assert not bad, bad
    loads = [a for a in hostile.attrs if "evil.example" in a[2] and not (a[0] == "a" and a[1] == "href")]
    assert not loads, "a page loads something from another host"  # a link to it is only a link
    assert not [a for a in hostile.attrs if a[0] == "meta" and "refresh" in a[2].lower()]


@pytest.mark.parametrize("tag", ["iframe", "object", "embed", "base", "meta", "link", "img", "form", "button",
                                 "style", "math", "mglyph", "table", "svg"])
def test_hand_written_page_creates_no_elements(site: Site, tag: str) -> None:
    hostile, clean = site.pages["hostile/index.html"], site.pages["about/index.html"]
    own = 1 if tag == "table" else 0  # the page's one Markdown table
    assert hostile.tags.get(tag, 0) == clean.tags.get(tag, 0) + own, (tag, hostile.tags.get(tag), clean.tags.get(tag))


def test_hand_written_page_shows_markup_as_text_and_keeps_safe_links(site: Site) -> None:
    hostile = site.pages["hostile/index.html"]
    for shown in ("<script>alert(4)</script>", "<img src=x onerror=alert(5)>", "[a](javascript:alert(6))",
                  "[b](JaVaScRiPt:alert(7))", "<iframe src=\"javascript:alert(16)\"></iframe>",
                  "<base href=\"https://evil.example/\">", "<svg onload=alert(17)>", "<script>alert(23)</script>"):
        assert shown in hostile.text, shown
    hrefs = {value for tag, attr, value in hostile.attrs if tag == "a" and attr == "href"}
    assert {"https://example.org/", "../about/", "mailto:office@example.org"} <= hrefs
    assert {"../about/", "../checks/#demo", "../contact/"} <= hrefs  # links to pages, as mkdocs writes them


def test_front_matter_is_escaped_and_only_the_title_is_used(site: Site) -> None:
    hostile = site.pages["hostile/index.html"]
    assert hostile.title.startswith("＜/title＞＜script＞alert(1)＜/script＞页面"), hostile.title
    assert "＜/title＞＜script＞alert(1)＜/script＞页面" in site.pages["index.html"].text  # the navigation
    assert "alert(2)" not in hostile.html and "../../../../etc/passwd" not in hostile.html
    assert "恶意页面 <script>alert(3)</script>" in hostile.text  # the heading, as text
    assert site.pages["untitled/index.html"].title.startswith("untitled")


def test_hand_written_pages_are_searchable_and_masked(site: Site) -> None:
    records = {url: json.loads(text) for url, text in site.records.items()}
    contact = next(r for url, r in records.items() if url.rstrip("/").endswith("contact"))
    assert "139****0001" in contact["content"].replace("\u200b", "")
    source = next(text for path, text in site.sources.items() if "hostile" in path)
    assert "<script>alert(" not in source and "&lt;script&gt;alert(4)&lt;/script&gt;" in source


def test_code_blocks_keep_their_blank_lines(site: Site) -> None:
    page = site.pages["contact/index.html"]
    assert "代码块 139****0045\n\n\n空行之后" in page.text


# -- the boundary on its own (fast) ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:x", "java\tscript:x",
                                 "java\nscript:x", "\x01javascript:x", "data:text/html,x", "vbscript:x",
                                 "file:///etc/passwd", "tel:13900000001", "jav\u0000ascript:x"])
def test_unsafe_links_are_refused(url: str) -> None:
    assert not safe_link(url)


@pytest.mark.parametrize("url", ["https://example.org/", "http://a.b/c?d=e:f", "mailto:a@b.c", "../about/",
                                 "#overview", "a/b.html", "?q=1:2", "MAILTO:a@b.c"])
def test_safe_links_are_kept(url: str) -> None:
    assert safe_link(url)


@pytest.mark.parametrize("written", [w for w in MOBILES if not w.startswith("[")], ids=[
    MOBILES[w] for w in MOBILES if not w.startswith("[")])
def test_markdown_is_masked_after_rendering(written: str) -> None:
    secret = SECRET[written]
    masked = str(Escaper(mask=True).markdown(written))
    assert secret not in digits(html.unescape(re.sub(r"<[^>]*>", "", masked))), masked
    unmasked = str(Escaper(mask=False).markdown(written))
    assert secret in digits(html.unescape(re.sub(r"<[^>]*>", "", unmasked))), unmasked


@pytest.mark.parametrize("written", [w for w in MOBILES if not w.startswith(("[", "&"))])
def test_plain_text_is_masked_and_reported(written: str) -> None:
    secret = SECRET[written]
    assert secret not in digits(Escaper(mask=True).clean(written))
    assert mobiles(written) == [secret]


@pytest.mark.parametrize("landline", [*LANDLINES, "010-12345678", "021 6123 4567", "0797—2832012", "12345",
                                      "2023年13.56万元", "1,390,000,012.00", "2213900000001"])
def test_landlines_and_figures_are_not_masked(landline: str) -> None:
    assert Escaper(mask=True).clean(landline) == landline
    assert mobiles(landline) == [] and resident_ids(landline) == []


def test_resident_ids() -> None:
    assert resident_ids(f"身份证 {ID_X}，旧证 {ID_15}，号码 {ID_18}") == [ID_X, ID_15, ID_18]
    assert resident_ids(ID_X.lower()) == [ID_X]
    assert resident_ids(NOT_AN_ID) == []
    assert resident_ids("360734851312789") == []  # month 13: no 15-digit ID
    assert Escaper().clean(ID_X) == "110105********002X"


# -- variants the tests above do not list ------------------------------------------------------------------------

_SEPARATORS = ["", "", " ", "-", ".", "\u200b", "\u2060", "\u00ad", "\u3000", "－", "·", "\u200b\u200b\u200b\u200b"]
_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def written_mobiles(draw: st.DrawFn) -> tuple[str, str]:
    """(a mobile number written with random separators, prefix and digit forms, its 11 digits)."""
    number = "1" + draw(st.sampled_from("3456789")) + "".join(draw(st.lists(
        st.sampled_from("0123456789"), min_size=9, max_size=9)))
    parts = []
    for i, digit in enumerate(number):
        if draw(st.booleans()) and draw(st.booleans()):
            digit = digit.translate(_WIDE)
        parts.append(digit + (draw(st.sampled_from(_SEPARATORS)) if i < 10 else ""))
    prefix = draw(st.sampled_from(["", "", "+86 ", "+86-", "0086 ", "86", "0", "(+86)"]))
    before = draw(st.sampled_from(["", "电话", "联系人：张三，", "手机号 ", "（", "\n"]))
    after = draw(st.sampled_from(["", "。", "）", " 转", "，办公电话 0797-2832012"]))
    return before + prefix + "".join(parts) + after, number


@settings(max_examples=300, deadline=None, database=None)
@given(written_mobiles())
def test_any_written_mobile_is_masked_in_plain_text_and_markdown(case: tuple[str, str]) -> None:
    text, number = case
    esc = Escaper(mask=True)
    assert number not in digits(esc.clean(text)), esc.clean(text)
    rendered = str(esc.markdown(text))
    assert number not in digits(html.unescape(re.sub(r"<[^>]*>", "", rendered))), rendered
    assert mobiles(text) == [number]
    assert "0797-2832012" in esc.clean(text) or "0797" not in text


@st.composite
def landlines(draw: st.DrawFn) -> str:
    area = "0" + draw(st.sampled_from("23456789")) + "".join(draw(st.lists(st.sampled_from("0123456789"),
                                                                             min_size=1, max_size=2)))
    local = draw(st.sampled_from("2345678")) + "".join(draw(st.lists(st.sampled_from("0123456789"),
                                                                      min_size=6, max_size=7)))
    form = draw(st.sampled_from(["{a}-{l}", "({a}){l}", "{a} {l}", "{a}{l}", "（{a}）{l}", "{a}-{l}-8001"]))
    return "办公电话 " + form.format(a=area, l=local)


@settings(max_examples=300, deadline=None, database=None)
@given(landlines())
def test_no_landline_is_masked(text: str) -> None:
    assert Escaper(mask=True).clean(text) == text
    assert str(Escaper(mask=True).markdown(text)) == str(Escaper(mask=False).markdown(text))
    assert mobiles(text) == [] and resident_ids(text) == []


def test_build_reports_personal_numbers_in_hand_written_pages(site: Site) -> None:
    assert "pages/contact.md:1:8: warning[PRV001] 写有个人手机号码（139****0044）" in site.stdout, site.stdout[-3000:]
    assert f"warning[PRV001] 写有居民身份证号码（{ID_X[:6]}********{ID_X[-4:]}）" in site.stdout
    reported = re.findall(r"pages/contact\.md:\d+:\d+: warning\[PRV001\]", site.stdout)
    assert len(reported) >= len(MOBILES) + len(IDS), len(reported)
    assert not re.search(r"pages/about\.md:\d+:\d+: warning\[PRV001\]", site.stdout)


def test_the_published_extract_is_masked_and_still_valid(site: Site) -> None:
    """The extract the site publishes has its personal numbers masked (amounts, codes and positions as they were)
    and still follows its schema; a figure of the text that is a personal number has no value."""
    from jsonschema import Draft202012Validator

    from generator.facts import codec

    validator = Draft202012Validator(json.loads(codec.SCHEMA.read_text(encoding="utf-8")))
    extracts = [p for p in sorted(site.out.rglob("*.json")) if p.name.endswith("-budget.json")]
    texts = 0
    for path in extracts:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert not list(validator.iter_errors(document)), path
        texts += sum(1 for _, text in _strings(document) if "****" in text)
        assert all("*" not in f["value"] for f in document["facts"])
    assert texts, "nothing was masked in the extract: the test proves nothing"


def test_a_figure_that_is_a_personal_number_has_no_value() -> None:
    from generator.personal import mask_extract

    figure = {"place": "profile.0", "kind": "count", "text": "13812345678", "value": "13812345678"}
    fact = {"text": "13,812,345,678.00", "value": "13812345678.00", "name": "联系人 138 1234 5678"}
    document = json.dumps({"figures": [figure], "facts": [fact]}, ensure_ascii=False, separators=(",", ":"))
    masked = json.loads(mask_extract(document))
    assert masked["figures"] == [{**figure, "text": "138****5678", "value": None}]
    assert masked["facts"] == [{**fact, "name": "联系人 138 **** 5678"}]  # amounts as printed, texts masked
    clean = json.dumps({"figures": [{**figure, "text": "12.5万元", "value": "12.5"}]}, separators=(",", ":"))
    assert mask_extract(clean) is clean
