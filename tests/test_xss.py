"""An XSS corpus in every text field of the model, built for real: no script, handler, dangerous URL or
embedding element reaches a page from content, and the hostile strings are shown as text.

The filings are generated from the model's own type hints, so a new text field is covered automatically.
Filing number ``i`` puts ``CORPUS[(i * STRIDE + j) % len(CORPUS)]`` into its ``j``-th text field: every
filing cycles through the whole corpus, and each field position receives a different string in each
filing. One build holds the whole corpus; a second build of the same structure with harmless text gives
the theme's own scripts and elements to compare against.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import types
import typing
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from generator.diagnostics import RULES as LOAD_RULES
from generator.model import is_derived
from generator.model.codes import SubjectCode
from generator.model.filing import Filing, Settings, Source
from generator.model.forms import DeptOverallForm, FormLayout, Person, ProjectForm
from generator.model.indicators import Horizon, IndicatorSet, IndicatorValue
from generator.model.money import Amount
from generator.model.narrative import Section
from generator.model.org import Organisation, Region

from .conftest import run_gongkai

CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '"><svg onload=alert(1)>',
    "'><svg/onload=alert(1)>",
    "{{ 7*7 }}",
    "{% raw %}{{ config }}{% endraw %}",
    "</title><script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | x |",
    "**bold** _em_ `code`",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "javascript:alert(1)",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<style>body{display:none}</style>",
    "<object data=x></object><embed src=x>",
    "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![s](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![p](data:image/png;base64,iVBORw0KGgo=)",
    "![e](https://evil.example/x.png)",
    "<javascript:alert(1)>",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x]( vbscript:msgbox(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "\u202eevil\u202c txt.exe",
    "nul\x00bell\x07esc\x1b[31m",
    "\x86[c1](javascript:alert(1))",
    "\uffff[nc](javascript:alert(2))",
    '{: onclick="alert(1)" }',
    "{#x onmouseover=alert(1)}",
    "<!-- x --><script>alert(1)</script>",
    "<svg><script>alert(1)</script></svg>",
    "line\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))",
    "    indented <b>code</b>\n\n    more",
    "---\ntitle: pwned\n---",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<a href='//evil.example/'>x</a>",
    "${7*7} #{7*7} <%= 7*7 %>",
    "a\u2028b\u2029c",
    "＜script＞alert(1)＜/script＞",
    "<scr<script>ipt>alert(1)</script>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<link rel=stylesheet href=//evil.example/x.css>",
    "~~strike~~ \\*not em\\* a\\b",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<div data-pagefind-body onmouseover="alert(1)">x</div>',
]
SAFE_TEXT = [f"正文{i}号" for i in range(len(CORPUS))]

# Characters that YAML itself refuses in a file (C1 controls, non-characters): content may spell them with a
# double-quoted escape; the fields that end up in the generated mkdocs.yml get none of them here (that
# failure mode has its own test in test_hostile.py).
YAML_UNSAFE = re.compile("[\x80-\x84\x86-\x9f\ufffe\uffff]")
# Invisible characters the escaper drops (or may drop: C1 controls, non-characters), ignored when comparing
# visible text with what the content says.
DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                       "srcset", "ping", "lowsrc", "dynsrc", "codebase", "cite", "manifest", "icon"})
BAD_SCHEMES = ("javascript:", "data:", "vbscript:", "livescript:")
EMBEDDING = ("iframe", "frame", "frameset", "object", "embed", "applet", "style", "base", "meta", "link", "form",
             "svg", "math", "img", "input", "button", "textarea", "select", "video", "audio", "source", "portal")
MARKDOWN_FIELDS = {("Section", "paragraphs"), ("Part", "paragraphs"), ("Profile", "staffing_text")}
FILINGS = 4
STRIDE = 7


# -- the generated content ---------------------------------------------------------------------------------


@dataclass
class Filler:
    """Builds YAML-ready data for a model class, one text from ``texts`` per text field, in field order."""

    texts: list[str]
    offset: int
    position: int = 0
    placed: list[tuple[str, str, str]] = field(default_factory=list)
    """(path, value, how it is rendered: 'plain' or 'markdown')"""

    def text(self, path: str, config_bound: bool = False, markdown: bool = False) -> str:
        while True:
            value = self.texts[(self.offset + self.position) % len(self.texts)]
            self.position += 1
            if not (config_bound and YAML_UNSAFE.search(value)):
                break
        self.placed.append((path, value, "markdown" if markdown else "plain"))
        return value

    def record(self, cls: type, path: str, depth: int = 0, index: int = 0) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        out: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name in ("span", "spans") or is_derived(f):
                continue
            sub = f"{path}.{f.name}"
            special = self.special(cls, f.name, sub, depth, index)
            if special is not _DEFAULT:
                if special is not _OMIT:
                    out[f.name] = special
                continue
            out[f.name] = self.value(hints[f.name], sub, (cls.__name__, f.name), depth)
        return out

    def value(self, hint: Any, path: str, where: tuple[str, str], depth: int) -> Any:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in (typing.Union, types.UnionType):
            return self.value(next(a for a in args if a is not type(None)), path, where, depth)
        if origin is tuple:
            return [self.value_item(args[0], f"{path}[{i}]", where, depth, i) for i in range(2)]
        if hint is Amount:
            return "1,234.50"
        if hint is SubjectCode:
            return "2080109"
        if hint is IndicatorValue:
            return self.text(path)
        if dataclasses.is_dataclass(hint):
            return self.record(typing.cast(type, hint), path, depth + 1)
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return next(iter(hint)).value
        if hint is bool:
            return True
        if hint is int:
            return 2023 if "year" in where[1] else 3
        if hint is str:
            return self.text(path, markdown=where in MARKDOWN_FIELDS)
        raise AssertionError(f"no generator for {hint!r} at {path}")

    def value_item(self, hint: Any, path: str, where: tuple[str, str], depth: int, index: int) -> Any:
        if dataclasses.is_dataclass(hint):
            return self.record(typing.cast(type, hint), path, depth + 1, index)
        return self.value(hint, path, where, depth)

    def special(self, cls: type, name: str, path: str, depth: int, index: int) -> Any:
        if cls is Filing and name in ("unit", "fiscal_year", "kind", "fiscal_year_basis"):
            return _OMIT  # set by the caller
        if cls is Filing and name == "tables":
            return _tables(self, path)
        if cls is Filing and name == "project_forms":
            forms = []
            for layout in FormLayout:
                form = self.record(ProjectForm, f"{path}.{layout.value}", depth + 1)
                form.update(id="p-" + layout.value.replace("_", "-"), layout=layout.value)
                forms.append(form)
            return forms
        if cls is ProjectForm and name in ("id", "layout"):
            return _OMIT  # set above
        if cls is Filing and name in ("approved_on", "published_on"):
            return "2000-01-10" if name == "approved_on" else "2000-01-20"  # dates are checked as dates (VAL014)
        if cls is ProjectForm and name == "declared_year":
            return 2023
        if cls is Source and name == "url":  # checked as an address (VAL017): hostile, yet an address
            return "https://gov.example/<script>alert(1)</script>?a=\"'><svg/onload=alert(1)>&b=javascript:alert(1)"
        if cls is DeptOverallForm and name == "id":
            return f"dept-form-{index}"
        if cls is Section and name == "role":
            return _OMIT  # roles name anchors; repeated roles would repeat ids
        if cls is Section and name == "sections":
            # one chain of sections eight deep (deeper than h6: the <p id> fallback is covered), each with a leaf
            parent = path[: -len(".sections")]
            if path.count(".sections") >= 8 or parent.endswith("[1]"):
                return []
            return _DEFAULT
        if cls is Person and name == "role":
            return "填报人" if index == 0 else self.text(path)
        if cls is IndicatorSet and name == "horizon":
            return (Horizon.ANNUAL if index % 2 == 0 else Horizon.LONG_TERM).value
        if name == "selected":
            return None  # ticked by _checkboxes
        return _DEFAULT


_DEFAULT, _OMIT = object(), object()


def _checkboxes(data: Any) -> None:
    """Tick the first option of every checkbox group (the filler leaves ``selected`` empty)."""
    if isinstance(data, dict):
        if "options" in data and "selected" in data:
            data["selected"] = data["options"][:1]
        for v in data.values():
            _checkboxes(v)
    elif isinstance(data, list):
        for v in data:
            _checkboxes(v)


def _strip_none(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_strip_none(v) for v in data]
    return data


def _tables(f: Filler, path: str) -> list[dict[str, Any]]:
    t = f.text
    income = {
        "kind": "income", "id": "t-income", "title": t(f"{path}[0].title"), "filler": t(f"{path}[0].filler"),
        "unit_label": t(f"{path}[0].unit_label"), "unit": "万元", "note": t(f"{path}[0].note"),
        "numbering": t(f"{path}[0].numbering"), "code_style": "suffix",
        "columns": [
            {"label": t(f"{path}[0].columns[0]"), "role": "code", "scheme": "function"},
            {"label": t(f"{path}[0].columns[1]"), "role": "name"},
            {"label": t(f"{path}[0].columns[2]"), "role": "text"},
            {"label": t(f"{path}[0].columns[3]"), "role": "label"},
            # labels from the corpus name no measure: each amount column says what it means
            {"label": t(f"{path}[0].columns[4]"), "children": [
                {"label": t(f"{path}[0].columns[4][0]"), "measure": "fiscal"},
                {"label": t(f"{path}[0].columns[4][1]"), "measure": "general"}]},
        ],
        "rows": [],
    }
    rows: list[Any] = []
    income["rows"] = rows
    for i, code in enumerate(["208", "20801"]):
        rows.append([code, t(f"{path}[0].rows[{i}][1]"), t(f"{path}[0].rows[{i}][2]"), t(f"{path}[0].rows[{i}][3]"),
                     "1.00", "-2.5"])
    # one coded row per corpus string, with that string as the subject's name (it becomes the page title of a code
    # that the official catalogue does not name: 20898 is no 款 of the 政府收支分类科目)
    for n in range(len(f.texts)):
        name = f.texts[n]
        f.placed.append((f"{path}[0].rows[{n + 2}][1]", name, "plain"))
        rows.append([f"20898{n:02d}", name, t(f"{path}[0].rows[{n + 2}][2]"), t(f"{path}[0].rows[{n + 2}][3]"),
                     "1.00", "1.00"])
    rows.append({"cells": [None, t(f"{path}[0].rows[-2][1]"), t(f"{path}[0].rows[-2][2]"),
                           t(f"{path}[0].rows[-2][3]"), "1", "2"], "subject": "2089999", "indent": 1})
    rows.append([None, "合计", t(f"{path}[0].rows[-1][2]"), t(f"{path}[0].rows[-1][3]"), "3.00", "4.00"])
    other = {
        "kind": "other", "id": "t-other", "title": t(f"{path}[1].title"), "code_style": "full",
        "columns": [{"label": t(f"{path}[1].columns[0]"), "role": "code", "scheme": "economic"},
                    {"label": t(f"{path}[1].columns[1]"), "role": "name"},
                    {"label": t(f"{path}[1].columns[2]"), "measure": "total"}],
        "rows": [["301", t(f"{path}[1].rows[0][1]"), "1"], ["30101", t(f"{path}[1].rows[1][1]"), "1"],
                 ["202", t(f"{path}[1].rows[2][1]"), "2"]],
    }
    return [income, other]


def filing_data(texts: list[str], offset: int, unit: str, year: int) -> tuple[dict[str, Any], Filler]:
    f = Filler(texts, offset)
    data = {"unit": unit, "fiscal_year": year, "kind": "budget", "fiscal_year_basis": "inferred",
            **f.record(Filing, "filing")}
    _checkboxes(data)
    return _strip_none(data), f


def content_data(texts: list[str]) -> tuple[dict[str, Any], dict[str, Any], dict[str, list[Any]], list[Filler]]:
    """(site.yaml, region.yaml, {filing path: data}, fillers) for the whole corpus."""
    site = Filler(texts, 0)
    settings = {"title": site.text("site.title", config_bound=True), "publisher": site.text("site.publisher"),
                "mask_phones": True, "licence": site.text("site.licence")}
    assert set(typing.get_type_hints(Settings)) == {"title", "publisher", "mask_phones", "licence", "span", "spans"}
    orgs = [{"id": "xss-dept", "name": site.text("org.dept.name", config_bound=True), "role": "department",
             "code": site.text("org.dept.code"), "aliases": [site.text("org.dept.aliases[0]")]}]
    for i in range(FILINGS):
        orgs.append({"id": f"xss-unit-{i}", "name": site.text(f"org[{i}].name", config_bound=True), "role": "unit",
                     "parent": "xss-dept", "code": site.text(f"org[{i}].code"),
                     "aliases": [site.text(f"org[{i}].aliases[0]"), site.text(f"org[{i}].aliases[1]")]})
    assert set(typing.get_type_hints(Organisation)) == {"id", "name", "role", "code", "parent", "aliases", "span",
                                                       "spans"}
    region = {"region": {"code": "110101", "slug": "xss", "name": site.text("region.name", config_bound=True),
                         "province": site.text("region.province"), "prefecture": site.text("region.prefecture"),
                         "basis": "inferred", "organisations": orgs,
                         "disclosures": [{"year": 2000 + i} for i in range(FILINGS)]}}
    written = {f.name for f in dataclasses.fields(Region) if not is_derived(f)}
    assert written == {"code", "slug", "name", "province", "prefecture", "basis", "organisations", "disclosures",
                       "span", "spans"}
    filings: dict[str, Any] = {}
    fillers = [site]
    for i in range(FILINGS):
        data, filler = filing_data(texts, i * STRIDE, f"xss-unit-{i}", 2000 + i)
        filings[f"xss/xss-unit-{i}/{2000 + i}-budget.yaml"] = data
        fillers.append(filler)
    return settings, region, filings, fillers


def write_content(root: Path, texts: list[str]) -> list[Filler]:
    settings, region, filings, fillers = content_data(texts)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dump: dict[str, Any] = {"Dumper": dumper, "allow_unicode": True, "sort_keys": False, "width": 1_000_000}
    (root / "xss").mkdir(parents=True)
    (root / "site.yaml").write_text(yaml.dump(settings, **dump), encoding="utf-8")
    (root / "xss" / "region.yaml").write_text(yaml.dump(region, **dump), encoding="utf-8")
    for rel, data in filings.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.dump(data, **dump)
        assert yaml.load(text, Loader=loader) == data, "the corpus does not survive a YAML round trip"
        path.write_text(text, encoding="utf-8")
    (root / "pages").mkdir()
    (root / "pages" / "corpus.md").write_text(hand_written(texts), encoding="utf-8")
    return fillers


def hand_written(texts: list[str]) -> str:
    """A hand-written page (content/pages) holding the whole corpus: as the front matter's title, as headings and
    as paragraphs."""
    title = texts[8].replace("\n", " ").replace('"', "'")
    headings = [f"## {t}" for t in texts if "\n" not in t]
    return f'---\ntitle: "{title}"\ndescription: "{title}"\n---\n\n' + "\n\n".join([*headings, *texts]) + "\n"


# -- parsing the built pages ---------------------------------------------------------------------------


@dataclass
class Scanned:
    scripts: list[tuple[tuple[tuple[str, str], ...], str]] = field(default_factory=list)
    attrs: list[tuple[str, str, str]] = field(default_factory=list)
    tags: Counter[str] = field(default_factory=Counter)
    text: str = ""
    cells: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    CAPTURE = ("td", "th", "h1", "h2", "h3", "h4", "h5", "h6")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Scanned()
        self.hidden = 0
        self.script: tuple[tuple[tuple[str, str], ...], list[str]] | None = None
        self.open: list[tuple[str, list[str]]] = []
        self.body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.tags[tag] += 1
        for name, value in attrs:
            self.out.attrs.append((tag, name, value or ""))
        if tag == "script":
            self.script = (tuple(sorted((k, v or "") for k, v in attrs)), [])
        if tag in ("script", "style", "title", "template"):
            self.hidden += 1
        if tag in self.CAPTURE:
            self.open.append((tag, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.tags[tag] += 1
        for name, value in attrs:
            self.out.attrs.append((tag, name, value or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.out.scripts.append((self.script[0], "".join(self.script[1])))
            self.script = None
        if tag in ("script", "style", "title", "template") and self.hidden:
            self.hidden -= 1
        if tag in self.CAPTURE:
            for i in range(len(self.open) - 1, -1, -1):
                if self.open[i][0] == tag:
                    name, parts = self.open.pop(i)
                    text = norm("".join(parts))
                    (self.out.cells if name in ("td", "th") else self.out.headings).append(text)
                    break

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script[1].append(data)
            return
        if self.hidden:
            return
        self.body.append(data)
        for _, parts in self.open:
            parts.append(data)


def norm(text: str) -> str:
    """Visible text as compared here: controls the escaper drops are gone, whitespace runs are one space."""
    return " ".join(DROPPED.sub("", text).split())


def scan(path: Path) -> Scanned:
    scanner = _Scanner()
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    scanner.out.text = norm("".join(scanner.body))
    return scanner.out


@dataclass
class Built:
    site: Path
    pages: dict[str, Scanned]
    fillers: list[Filler]


def _build(base: Path, texts: list[str]) -> Built:
    content = base / "content"
    fillers = write_content(content, texts)
    out = base / "site"
    result = run_gongkai("build", "--content", str(content), "--out", str(out), timeout=900)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    # the generated content is valid: every record was loaded, nothing was dropped with a diagnostic
    summary = result.stdout[-3000:]
    assert f"合计：{FILINGS} 份公开文件" in summary and "；0 个错误，" in summary, summary
    loader = [code for code in LOAD_RULES if f"[{code}]" in result.stdout]  # the checker's findings are expected:
    assert loader == [], result.stdout[-3000:]  # the amounts are arbitrary, and its messages quote hostile text
    pages = {p.relative_to(out).as_posix(): scan(p) for p in sorted(out.rglob("*.html"))}
    return Built(out, pages, fillers)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory.mktemp("xss-clean"), SAFE_TEXT)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, clean: Built) -> Built:
    return _build(tmp_path_factory.mktemp("xss-corpus"), CORPUS)


def _page_url(page: str) -> str:
    base = "http://site.invalid/sub/"
    if page == "index.html":
        return base
    return base + (page[: -len("index.html")] if page.endswith("/index.html") else page)


def _theme_owned(page: str, src: str) -> bool:
    absolute = urljoin(_page_url(page), src)
    parts = urlsplit(absolute)
    return parts.netloc == "site.invalid" and parts.path.startswith(("/sub/assets/", "/sub/pagefind/"))


# -- the tests -------------------------------------------------------------------------------------------


def test_every_text_field_got_corpus_strings(hostile: Built) -> None:
    placed = [p for f in hostile.fillers for p in f.placed]
    assert len(placed) > 100 * FILINGS, "the generator reached suspiciously few text fields"
    used = Counter(value for _, value, _ in placed)
    assert set(used) == set(CORPUS), set(CORPUS) - set(used)
    assert all(n >= FILINGS for n in used.values()), used.most_common()[-3:]
    # each field position got a different corpus string in each filing
    positions: dict[str, set[str]] = {}
    for filler in hostile.fillers[1:]:
        for path, value, _ in filler.placed:
            positions.setdefault(path, set()).add(value)
    subject_names = re.compile(r"^filing\.tables\[0\]\.rows\[\d+\]\[1\]$")  # fixed: one row per string
    assert all(len(v) == FILINGS for k, v in positions.items() if not subject_names.match(k))


def test_same_pages_as_the_clean_build(hostile: Built, clean: Built) -> None:
    assert set(hostile.pages) == set(clean.pages)
    assert len(hostile.pages) > 3 * FILINGS


def test_no_script_but_the_theme_own(hostile: Built, clean: Built) -> None:
    theme_inline = {(attrs, body) for page in clean.pages.values() for attrs, body in page.scripts
                    if not dict(attrs).get("src")}
    problems = []
    for name, page in hostile.pages.items():
        same_as_clean = set(clean.pages[name].scripts)
        for attrs, body in page.scripts:
            src = dict(attrs).get("src")
            if src is not None:
                # the theme's bundle and Pagefind's UI (404.html links them from the root: see test_links.py)
                if body.strip() or not (_theme_owned(name, src) or (attrs, body) in same_as_clean):
                    problems.append(f"{name}: <script src={src!r}>{body[:60]!r}")
            elif (attrs, body) not in theme_inline:
                problems.append(f"{name}: inline <script {attrs}>{body[:80]!r}")
        clean_count = clean.pages[name].tags["script"]
        if page.tags["script"] != clean_count:
            problems.append(f"{name}: {page.tags['script']} <script> elements, the clean build has {clean_count}")
    assert not problems, "scripts that are not the theme's:\n" + "\n".join(problems[:30])


def test_no_event_handler_attributes(hostile: Built, clean: Built) -> None:
    theme = {a for page in clean.pages.values() for a in page.attrs if a[1].startswith("on")}
    found = [(name, a) for name, page in hostile.pages.items() for a in page.attrs
             if a[1].lower().startswith("on") and a not in theme]
    assert not found, "event handler attributes from content:\n" + "\n".join(map(str, found[:30]))


def _scheme(value: str) -> str:
    """The URL as a browser reads its scheme: entities already decoded, controls and whitespace ignored."""
    return re.sub(r"[\x00-\x20\x7f]", "", value).lower()


def test_no_dangerous_url_schemes(hostile: Built) -> None:
    found = []
    for name, page in hostile.pages.items():
        for tag, attr, value in page.attrs:
            if attr.lower() in URL_ATTRS and _scheme(value).startswith(BAD_SCHEMES):
                found.append(f"{name}: <{tag} {attr}={value[:80]!r}>")
            if tag == "meta" and attr == "content" and "url=" in _scheme(value):
                found.append(f"{name}: <meta content={value[:80]!r}>")
    assert not found, "dangerous URLs from content:\n" + "\n".join(found[:30])


def test_nothing_is_loaded_from_another_host(hostile: Built) -> None:
    """Content must not make a page request anything from elsewhere (an <img> from another host, say)."""
    found = []
    for name, page in hostile.pages.items():
        for tag, attr, value in page.attrs:
            if attr in ("src", "srcset", "data", "poster") or (tag == "link" and attr == "href"):
                parts = urlsplit(value.strip())
                if parts.scheme or parts.netloc or value.strip().startswith("//"):
                    found.append(f"{name}: <{tag} {attr}={value[:80]!r}>")
    assert not found, "resources from other hosts:\n" + "\n".join(found[:30])


def test_no_embedding_elements_from_content(hostile: Built, clean: Built) -> None:
    found = []
    for name, page in hostile.pages.items():
        for tag in EMBEDDING:
            if page.tags[tag] > clean.pages[name].tags[tag]:
                found.append(f"{name}: {page.tags[tag]} <{tag}> (clean build: {clean.pages[name].tags[tag]})")
    assert not found, "elements that content must not create:\n" + "\n".join(found[:30])


def test_corpus_is_visible_as_text(hostile: Built) -> None:
    """Every corpus string shows literally (as text) on the pages of the filing that holds it."""
    missing = []
    for i in range(FILINGS):
        prefix = f"xss/xss-unit-{i}/{2000 + i}/"
        pages = [p for n, p in hostile.pages.items() if n.startswith(prefix)]
        assert len(pages) == 3, (prefix, len(pages))
        text = " ".join(p.text for p in pages)
        for s in CORPUS:
            if norm(s) not in text:
                missing.append(f"{prefix}: {s!r}")
    assert not missing, "corpus strings not shown as text:\n" + "\n".join(missing[:40])
    # the example from the brief, on the document, table and form pages of the first filing
    for kind in ("", "tables/", "projects/"):
        page = hostile.pages[f"xss/xss-unit-0/2000/{kind}index.html"]
        assert "<script>alert(1)</script>" in page.text, kind


def test_table_cells_and_titles_are_shown_exactly(hostile: Built) -> None:
    """Sharper: each plain table cell is one whole <td>, each table title one whole heading."""
    problems = []
    for i, filler in enumerate(hostile.fillers[1:]):
        page = hostile.pages[f"xss/xss-unit-{i}/{2000 + i}/tables/index.html"]
        cells, headings = set(page.cells), set(page.headings)
        for path, value, how in filler.placed:
            if not path.startswith("filing.tables[") or how != "plain":
                continue
            if re.search(r"\.rows\[", path) and not re.search(r"\]\[0\]$", path):
                if norm(value) not in cells:
                    problems.append(f"filing {i} {path}: cell {value!r}")
            elif path.endswith(".title") and norm(value) not in headings:
                problems.append(f"filing {i} {path}: heading {value!r}")
    assert not problems, "content not shown exactly as written:\n" + "\n".join(problems[:40])


def test_subject_page_titles_stay_text(hostile: Built) -> None:
    """Subject pages take their title from a table cell: the page heading is that text, nothing else."""
    problems = []
    for n, s in enumerate(CORPUS):
        page = hostile.pages[f"subjects/function-20898{n:02d}/index.html"]
        want = norm(f"20898{n:02d} {s}")
        if want not in page.headings:
            problems.append(f"function-20898{n:02d}: {s!r} -> headings {page.headings[:3]!r}")
    assert not problems, "\n".join(problems)


def test_site_title_region_and_organisation_texts_stay_text(hostile: Built) -> None:
    home = hostile.pages["index.html"]
    region = hostile.pages["xss/index.html"]
    missing = []
    for path, value, _ in hostile.fillers[0].placed:
        if path == "site.publisher":
            continue  # not shown on any page
        if path == "site.licence":
            where = hostile.pages["data/index.html"].text  # the 数据下载 page
        elif path.startswith("org[") and not path.endswith(".name"):
            i = int(path[4:path.index("]")])
            where = hostile.pages[f"xss/xss-unit-{i}/index.html"].text  # code and aliases: the unit page
        elif path.startswith("org.dept"):
            where = hostile.pages["xss/xss-dept/index.html"].text
        else:
            where = home.text + region.text
        if norm(value) not in where:
            missing.append(f"{path}: {value!r}")
    assert not missing, "\n".join(missing)


def test_hand_written_page_shows_markup_as_text(hostile: Built, clean: Built) -> None:
    """content/pages/*.md go through the same boundary (the page-wide tests above cover them too: no script,
    handler, dangerous URL or element); what would be markup is shown as text, the title escaped."""
    page = hostile.pages["corpus/index.html"]
    for shown in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
                  '<iframe src="javascript:alert(1)"></iframe>', '<base href="javascript:alert(1)//">',
                  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "[x](JaVaScRiPt:alert(1))",
                  "<object data=x></object><embed src=x>", "'><svg/onload=alert(1)>"):
        assert norm(shown) in page.text, shown
    assert "＜/title＞＜script＞alert(1)＜/script＞" in hostile.pages["index.html"].text  # the title, in the nav
    assert "</title><script>alert(1)</script>" in page.headings  # a heading of the page, as text
    assert clean.pages["corpus/index.html"].headings
