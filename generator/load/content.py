"""Loading ``content/``: site settings, regions with their organisations, and filings."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from generator.diagnostics import Diagnostic, diagnostic
from generator.load.meaning import annotate_tables
from generator.load.nodes import compose_text, decode, read_file
from generator.load.records import IDENTIFIER, RecordLoader, all_yaml_keys
from generator.load.slips import find_slips
from generator.load.texts import text_figures
from generator.model.extract import Extract
from generator.model.filing import Content, Filing, Settings
from generator.model.org import RESERVED_SLUGS, Basis, Region, region_of
from generator.source import NOWHERE, Span

FILING_NAME = re.compile(r"^(?P<year>\d{4})-(?P<kind>[a-z]+)\.ya?ml$")


@dataclasses.dataclass(frozen=True, slots=True)
class RegionFile:
    """The top level of a ``region.yaml``."""

    region: Region
    span: Span = NOWHERE


def relative(path: Path, root: Path) -> str:
    """``path`` as named inside ``root`` (a symlink keeps its own name: it is reported where it is written, not
    where it leads); resolved only when the names alone do not place it."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _load_text(text: str, data: bytes | None, file: str, cls: type) -> tuple[object | None, list[Diagnostic]]:
    node, found = compose_text(text, file, data)
    if node is None:
        required = [f.name for f in dataclasses.fields(cls) if f.name not in ("span", "spans")
                    and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
        if not found and required:  # an empty document (or only comments)
            found = [diagnostic("KEY002", Span(file, 1, 1), "文件是空的，缺少必填的键“" + "”“".join(required) + "”")]
        return None, found
    loader = RecordLoader(file)
    record = loader.record(node, cls)
    slips = find_slips(text, all_yaml_keys(Filing, RegionFile, Settings))
    if not slips:
        return record, [*found, *loader.found]
    # what the slip made of the line (an unknown key, a value of the wrong type) is said by the slip itself
    lines = {slip.line for slip in slips}
    return record, [*found, *(diagnostic("YAML001", Span(file, s.line, s.column), f"YAML 语法错误：{s.message}", s.hint)
                              for s in slips), *(d for d in loader.found if d.span.line not in lines)]


def _load(path: Path, project: Path, cls: type, root: Path | None = None) -> tuple[object | None, list[Diagnostic]]:
    file = relative(path, project)
    data, found = read_file(path, file, root)
    text, problems = decode(data, file) if data is not None else (None, [])
    if text is None:
        return None, [*found, *problems]
    return _load_text(text, data, file, cls)


def load_filing_data(data: bytes, file: str) -> tuple[Filing | None, list[Diagnostic]]:
    """Load one filing from its bytes: typed tables, the meaning of every column and row, the figures of its
    text at their positions."""
    text, found = decode(data, file)
    if text is None:
        return None, found
    filing, found = _load_text(text, data, file, Filing)
    if not isinstance(filing, Filing):
        return None, found
    found.extend(_check_filing(filing))
    tables = annotate_tables(filing.tables, filing.fiscal_year, found)
    filing = dataclasses.replace(filing, tables=tables, figures=text_figures(filing, text))
    return filing, found


def load_filing_file(path: Path, project: Path, root: Path | None = None) -> tuple[Filing | None, list[Diagnostic]]:
    """Load one filing file, read only from inside the content tree ``root`` (see ``read_file`` and
    ``load_filing_data``)."""
    file = relative(path, project)
    data, found = read_file(path, file, root)
    return load_filing_data(data, file) if data is not None else (None, found)


def _check_filing(filing: Filing) -> Iterable[Diagnostic]:
    if filing.fiscal_year_basis is Basis.INFERRED and not filing.fiscal_year_evidence:
        yield diagnostic("REF004", filing.span, "预算年度为推断值，但没有写明依据")
    yield from _unique((t.anchor, t.span) for t in filing.tables)
    forms = [(f.id, f.span) for f in filing.project_forms] + [(d.id, d.span) for d in filing.dept_overall_forms]
    yield from _unique(forms)


def _unique(items: Iterable[tuple[str, Span]], code: str = "REF002", what: str = "标识") -> Iterable[Diagnostic]:
    seen: dict[str, Span] = {}
    for ident, span in items:
        if ident in seen:
            yield diagnostic(code, span, f"{what}“{ident}”重复（第一次在第 {seen[ident].line} 行）")
        else:
            seen[ident] = span


def load_region_file(path: Path, project: Path, root: Path | None = None) -> tuple[Region | None, list[Diagnostic]]:
    record, found = _load(path, project, RegionFile, root)
    if not isinstance(record, RegionFile):
        return None, found
    region = record.region
    found.extend(_unique((org.id, org.span) for org in region.organisations))
    ids = {o.id for o in region.organisations}
    for org in region.organisations:
        if org.parent is not None and org.parent not in ids:
            found.append(diagnostic("REF001", org.span, f"上级部门“{org.parent}”未在本地区登记"))
    return region, found


def load_setup(root: Path, project: Path) -> tuple[Settings, tuple[Region, ...], list[Diagnostic]]:
    """``site.yaml`` and every ``region.yaml``: what each filing is placed and checked against."""
    found: list[Diagnostic] = []
    settings = Settings()
    settings_path = root / "site.yaml"
    if settings_path.exists() or settings_path.is_symlink():  # a dangling link is reported, not skipped
        record, problems = _load(settings_path, project, Settings, root)
        found.extend(problems)
        if isinstance(record, Settings):
            settings = record
    regions: list[Region] = []
    for path in sorted(root.glob("*/region.yaml")):
        region, problems = load_region_file(path, project, root)
        found.extend(problems)
        if region is not None:
            regions.append(region)
    found.extend(_unique((r.slug, r.span) for r in regions))
    found.extend(check_pages(root, project, regions))
    return settings, _without_clashes(regions, found), found


def _without_clashes(regions: list[Region], found: list[Diagnostic]) -> tuple[Region, ...]:
    """The regions with each unit id registered once: an id a later ``region.yaml`` (in content order) registers
    again is reported there, once, naming both files, and left out of that region, so that no filing is ever
    placed under the other region's unit of that id."""
    first: dict[str, tuple[Region, Span]] = {}
    kept: list[Region] = []
    for region in regions:
        own = []
        for org in region.organisations:
            earlier = first.get(org.id)
            if earlier is None or earlier[1].file == org.span.file:  # a repeat in one file: load_region_file's
                first.setdefault(org.id, (region, org.span))
                own.append(org)
                continue
            other, at = earlier
            found.append(dataclasses.replace(diagnostic(
                "REF002", org.span, f"单位 id“{org.id}”已在 {at.file}:{at.line} 登记为{other.name}的单位，"
                f"不能再用于本地区（{region.name}）的单位",
                f"在本文件中给这个单位换一个其他地区没有用过的 id（例如加上本地区的简称），"
                f"并把本地区该单位公开文件中的 unit 和文件夹名改成新的 id；{at.file} 不必改动。"), related=(at,)))
        kept.append(region if len(own) == len(region.organisations)
                    else dataclasses.replace(region, organisations=tuple(own)))
    return tuple(kept)


PAGE_RESERVED = RESERVED_SLUGS - {"guide", "about"}
"""names a hand-written page may not take: the site's own pages and folders (``guide.md`` and ``about.md`` are the
guide and 关于 themselves)"""


def page_name_problem(stem: str) -> str | None:
    """Why a hand-written page may not be named ``stem`` (its URL: ``/<stem>/``), or None."""
    if not IDENTIFIER.fullmatch(stem):
        return f"页面文件名“{stem[:40]}.md”不合规：只能用小写英文字母、数字和连字符，以字母或数字开头"
    if stem in PAGE_RESERVED:
        return f"页面文件名“{stem}.md”是网站自用的名称，请换一个"
    return None


def check_pages(root: Path, project: Path, regions: Sequence[Region]) -> list[Diagnostic]:
    """The hand-written pages (``content/pages/*.md``): each file name, which becomes its URL, must be an
    identifier, none may take the name of one of the site's own pages or of a region; each must be a regular file
    inside the content tree, within the size limit, in UTF-8 (``site.static_pages`` leaves out any that is not)."""
    folder = root / "pages"
    if not folder.is_dir():
        return []
    slugs = {r.slug for r in regions}
    found = []
    for path in sorted(folder.glob("*.md")):
        problem = page_name_problem(path.stem)
        if problem is None and path.stem in slugs:
            problem = f"页面文件名“{path.stem}.md”与地区标识相同，两者的网址会冲突，请换一个"
        file = relative(path, project)
        if problem is not None:
            found.append(diagnostic("VAL005", Span(file, 1, 1), problem))
            continue
        data, problems = read_file(path, file, root)  # a page is content: read as any content file is
        found.extend(problems if data is None else decode(data, file)[1])
    return found


def filing_paths(root: Path, only: Iterable[Path] = ()) -> list[Path]:
    """The filing files below ``root`` (or only the given ones), in a stable order."""
    selected = [p.resolve() for p in only]
    return sorted(selected) if selected else sorted([*root.glob("*/*/*.yaml"), *root.glob("*/*/*.yml")])


def prior_path(path: Path) -> Path | None:
    """The same unit's filing of the year before (上年), when there is one: ``2022-budget.yaml`` beside
    ``2023-budget.yaml``. Rules that compare years read it; a filing's check is keyed on its bytes."""
    name = FILING_NAME.match(path.name)
    if name is None:
        return None
    prior = path.with_name(f"{int(name['year']) - 1}-{name['kind']}.yaml")
    return prior if prior.is_file() and not prior.is_symlink() else None


def load_placed_filing(path: Path, project: Path, regions: Sequence[Region],
                       data: bytes | None = None, root: Path | None = None) -> tuple[Filing | None, list[Diagnostic]]:
    """One filing (from ``data`` when the caller has read it), loaded and checked against the regions
    (registered unit, file in its place)."""
    if data is None:
        filing, found = load_filing_file(path, project, root)
    else:
        filing, found = load_filing_data(data, relative(path, project))
    if filing is not None:
        found.extend(_check_placement(filing, path, regions))
    return filing, found


def check_across(filings: Iterable[Filing | Extract], found: Iterable[Diagnostic] = ()) -> list[Diagnostic]:
    """Checks between filings: one filing per unit, year and kind (a filing ``found`` to be in another unit's
    place, REF006, is not counted: it is not that unit's, and it says so itself)."""
    misplaced = {d.span.file for d in found if d.code == "REF006"}
    return list(_unique(((f"{f.unit}/{f.fiscal_year}-{f.kind.value}", f.span) for f in filings
                         if f.span.file not in misplaced), "REF005", "单位与年度"))


def load_content(root: Path, project: Path, only: Iterable[Path] = ()) -> tuple[Content, list[Diagnostic]]:
    """Load every region and filing below ``root`` (or only the given filing files) in this process."""
    settings, regions, found = load_setup(root, project)
    filings: list[Filing] = []
    for path in filing_paths(root, only):
        filing, problems = load_placed_filing(path, project, regions, root=root)
        found.extend(problems)
        if filing is not None:
            filings.append(filing)
    found.extend(check_across(filings, found))
    return Content(settings=settings, regions=regions, filings=tuple(filings)), found


def _check_placement(filing: Filing, path: Path, regions: Sequence[Region]) -> Iterable[Diagnostic]:
    region = region_of(regions, filing.unit)
    if region is None:
        yield diagnostic("REF001", filing.span, f"单位“{filing.unit}”未在任何 region.yaml 中登记")
        return
    here = next((r for r in regions if len(path.parts) >= 3 and r.slug == path.parts[-3]), None)
    folder_unit = path.parts[-2] if len(path.parts) >= 2 else ""
    org = region.organisation(filing.unit)
    at = region.span if org is None else org.span
    if here is not None and here is not region:
        yield dataclasses.replace(diagnostic(
            "REF006", filing.span, f"本文件在{here.name}的文件夹（{here.span.file} 所在）中，unit 却是“{filing.unit}”："
            f"这个 id 是 {at.file}:{at.line} 登记的{region.name}的单位；照此发布，本文件会出现在别的单位名下",
            f"把 unit 改成 {here.span.file} 中登记的本单位 id；本单位若尚未登记，先在 {here.span.file} 中登记一个"
            f"不与其他地区重复的 id。{at.file} 和其中单位的文件不必改动。"), related=(at,))
        return
    if here is not None and folder_unit != filing.unit and here.organisation(folder_unit) is not None:
        yield diagnostic(
            "REF006", filing.span, f"本文件在单位“{folder_unit}”的文件夹中，unit 却是“{filing.unit}”；照此发布，"
            f"本文件会出现在别的单位名下", f"若本文件是“{folder_unit}”的，把 unit 改成“{folder_unit}”；"
            f"若是“{filing.unit}”的，把文件移到 content/{region.slug}/{filing.unit}/ 中。")
        return
    name = FILING_NAME.match(path.name)
    expected = f"{region.slug}/{filing.unit}/{filing.fiscal_year}-{filing.kind.value}.yaml"
    actual = "/".join(path.parts[-3:])
    if name is None or actual != expected:
        yield diagnostic("REF003", filing.span, f"文件应放在 content/{expected}")
