"""Where each page lives: one function per page kind, and relative links between them."""

from __future__ import annotations

from functools import lru_cache

from generator.model.codes import SubjectCode
from generator.model.extract import Extract
from generator.model.filing import Filing
from generator.model.kind import FilingKind, filing_folder
from generator.model.org import Region

FilingRef = Filing | Extract
"""a whole filing or its extract: both know their unit, year and kind"""


def home() -> str:
    return "index.md"


def region(r: Region) -> str:
    return f"{r.slug}/index.md"


def unit(r: Region, org_id: str) -> str:
    return f"{r.slug}/{org_id}/index.md"


def filing_dir(r: Region, f: FilingRef) -> str:
    return filing_folder(r.slug, f.unit, f.fiscal_year, f.kind)


def filing(r: Region, f: FilingRef) -> str:
    return f"{filing_dir(r, f)}/index.md"


def tables(r: Region, f: FilingRef) -> str:
    return f"{filing_dir(r, f)}/tables.md"


def projects(r: Region, f: FilingRef) -> str:
    return f"{filing_dir(r, f)}/projects.md"


def extract(r: Region, f: FilingRef) -> str:
    """The filing's published extract (JSON), a file beside its pages."""
    return f"{filing_dir(r, f)}/{f.unit}-{f.fiscal_year}-{f.kind.value}.json"


def data_format() -> str:
    """The page that documents the extract format (a hand-written page, ``content/pages/data.md``)."""
    return "data-format.md"


def downloads() -> str:
    """数据下载: what can be downloaded, the CSV conventions and the columns of the tidy tables."""
    return "data/index.md"


def checks() -> str:
    """数据核查: every finding of the site, by region, unit and rule."""
    return "checks/index.md"


def rules() -> str:
    """核查规则: every rule of the checker, with its principle and an example."""
    return "checks/rules.md"


def status(r: Region, year: int, kind: FilingKind) -> str:
    """公开情况 of a region for one year: which units have published, and when."""
    return f"checks/{r.slug}/{year if kind is FilingKind.BUDGET else f'{year}-{kind.value}'}.md"


def subjects() -> str:
    return "subjects/index.md"


def subject(code: SubjectCode) -> str:
    return f"subjects/{code.scheme.value}-{code.code}.md"


def indicators() -> str:
    return "indicators/index.md"


def indicator_group(slug: str) -> str:
    """One 二级指标's page (``indicators/satisfaction.md``); ``slug`` is built by render/indicators.py."""
    return f"indicators/{slug}.md"


def page_url(path: str) -> str:
    """The directory URL mkdocs gives a Markdown file (``a/b.md`` -> ``a/b/``)."""
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def link(from_path: str, to_path: str, anchor: str | None = None) -> str:
    """A relative URL from one page to another, valid under any sub-path."""
    url = _relative(from_path, to_path)
    return url + (f"#{anchor}" if anchor else "")


def file_link(from_path: str, file: str) -> str:
    """A relative URL from a page to a file published beside the pages (an extract), valid under any sub-path."""
    folder, _, name = file.rpartition("/")
    return _relative(from_path, f"{folder}/index.md" if folder else "index.md") + name


@lru_cache(maxsize=65536)
def _relative(from_path: str, to_path: str) -> str:
    source = page_url(from_path).split("/")[:-1]  # page URLs are folders: "" or "a/b/"
    target = page_url(to_path).split("/")[:-1]
    common = 0
    for a, b in zip(source, target, strict=False):
        if a != b:
            break
        common += 1
    down = "".join(part + "/" for part in target[common:])
    return "../" * (len(source) - common) + down or "./"
