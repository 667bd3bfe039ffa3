"""Everything `gongkai check` accepts, `gongkai build` builds: generated region files, filings and pages with
hostile but legal names and ids (YAML, Markdown and HTML syntax, quotes, the longest names the limits allow, ids
that look like the site's own folders) either draw an error from the check or build, with each name shown as
written. A few examples only: each is a real build with mkdocs."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.load.records import NAME_LIMIT
from generator.model.filing import Content, Settings
from generator.model.org import RESERVED_SLUGS, Organisation, OrgRole, Region
from generator.render import Rendered, render_indexes
from generator.site import NAV_TITLES, write_config

from .conftest import ROOT, run_gongkai
from .test_hostile import DIAG_LINE, SITE_YAML, SMALL_FILING, fast, no_traceback

SYNTAX = [*":#-{}[]*&!|>'\"%@`\\<>/=?;,.()_~^$+", "<script>", "</h1>", "&amp;", "{{", "}}", "{%", "---",
          "[x](javascript:alert(1))", "**", "\t", " "]
HAN = list("示例县局中心社会保险服务管理所站办公室")
NAMES = st.lists(st.sampled_from(SYNTAX + HAN), min_size=1, max_size=60).map("".join).map(str.strip) \
    .filter(lambda s: bool(s) and "\t" not in s and len(s) <= NAME_LIMIT)
LONGEST = st.just("县" * NAME_LIMIT)
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
SLUGS = IDS.filter(lambda s: s not in RESERVED_SLUGS)
PAGES = st.one_of(IDS, IDS, st.sampled_from([*sorted(RESERVED_SLUGS), "about", "a--b", "0", "Index", "a.b", "中文"]))


def _region(slug: str, dept: str, unit: str, region_name: str, dept_name: str, unit_name: str) -> str:
    return (f'region:\n  code: "110101"\n  slug: {json.dumps(slug)}\n  name: {json.dumps(region_name)}\n'
            f"  organisations:\n"
            f"    - {{id: {json.dumps(dept)}, name: {json.dumps(dept_name)}, role: department}}\n"
            f"    - {{id: {json.dumps(unit)}, name: {json.dumps(unit_name)}, role: unit, "
            f"parent: {json.dumps(dept)}}}\n")


def _text(html_text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", html_text)).split())


@fast(10)
@given(slug=SLUGS, dept=IDS, unit=IDS, region_name=NAMES, dept_name=st.one_of(NAMES, LONGEST), unit_name=NAMES,
       project=NAMES, page=PAGES, page_title=NAMES)
def test_what_check_accepts_builds(tmp_path_factory: object, slug: str, dept: str, unit: str, region_name: str,
                                   dept_name: str, unit_name: str, project: str, page: str, page_title: str) -> None:
    base = tmp_path_factory.mktemp("accepted")  # type: ignore[attr-defined]
    content = base / "content"
    unit = f"{dept}-{unit}"[:64].rstrip("-")  # distinct from the department's id
    (content / slug / unit).mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (content / slug / "region.yaml").write_text(_region(slug, dept, unit, region_name, dept_name, unit_name),
                                                encoding="utf-8")
    filing = SMALL_FILING.replace("unit: demo-unit", f"unit: {unit}").replace("name: 示例项目",
                                                                               f"name: {json.dumps(project)}")
    (content / slug / unit / "2023-budget.yaml").write_text(filing, encoding="utf-8")
    (content / "pages").mkdir()
    (content / "pages" / f"{page}.md").write_text(f"# {page_title}\n\n一段文字。\n", encoding="utf-8")
    check = run_gongkai("check", "--content", str(content), "--no-cache")
    no_traceback(check)
    errors = [m for line in check.stdout.splitlines() if (m := DIAG_LINE.match(line)) and m["sev"] == "error"]
    out = base / "site"
    build = run_gongkai("build", "--content", str(content), "--out", str(out), "--no-search", "--no-cache")
    no_traceback(build)
    if errors or check.returncode != 0:
        assert build.returncode != 0, "the build published what the check refused"
        return
    assert build.returncode == 0, (check.stdout[-1500:], build.stdout[-1500:], build.stderr[-3000:])
    unit_page = (out / slug / unit / "index.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", unit_page, re.S)
    assert heading is not None and _text(heading[1]) == " ".join(unit_name.split()), heading
    region_page = (out / slug / "index.html").read_text(encoding="utf-8")
    assert " ".join(dept_name.split()) in _text(region_page)


def test_names_never_become_keys_of_the_config(tmp_path: Path) -> None:
    """A name is a title in the navigation: written as a value under a placeholder key (a YAML key is limited to
    1,024 characters and is where syntax could be read), restored by the hook."""
    name = 'a: b #c {d} [e] *f &g !h |i >j "k' * 40
    rendered = Rendered((), ({name: [{"概览": "x/index.md"}, {name + "2": "x/y/index.md"}]},))
    config = yaml.safe_load(write_config(ROOT, tmp_path, rendered, name).read_text(encoding="utf-8"))
    keys = [key for item in config["nav"] for key in item] + [k for item in config["nav"][0]["gk-nav-0"] for k in item]
    assert keys == ["gk-nav-0", "gk-nav-1", "gk-nav-2"]
    assert config["extra"][NAV_TITLES] == {"gk-nav-0": name, "gk-nav-1": "概览", "gk-nav-2": name + "2"}


def test_a_region_lists_its_units_on_its_page_never_in_the_navigation() -> None:
    """Every page shows the navigation: listing units there costs the square of their number
    (bench/organisations.py), so it names the region's page alone, however many units it has."""
    def region(count: int) -> Region:
        orgs = tuple(Organisation(f"u{i}", f"单位{i}", OrgRole.UNIT) for i in range(count))
        return Region("110101", "demo", "示例县", organisations=orgs)

    for count in (3, 300):
        rendered = render_indexes(Content(Settings(), (region(count),), ()), [], [])
        entry = next(v for item in rendered.nav for k, v in item.items() if k == "示例县")
        assert entry == "demo/index.md"
        assert sum(1 for p in rendered.pages if p.path.startswith("demo/u")) == count
        listing = next(p.text for p in rendered.pages if p.path == "demo/index.md")
        assert all(f"单位{i}" in listing for i in range(count))
