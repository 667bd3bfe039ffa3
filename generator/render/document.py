"""Pages of one filing: the document (概况, 情况说明, 名词解释), its tables, its project forms."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup, escape

from generator.facts.headline import Topic
from generator.model.codes import CodeLevel, CodeScheme
from generator.model.extract import Extract
from generator.model.filing import Filing
from generator.model.narrative import Part, Section
from generator.model.org import Basis, Organisation, Region
from generator.model.tables import BudgetTable, Cell, ColumnRole, Row, row_anchors
from generator.reference import official_name
from generator.render import urls
from generator.render.charts import Bar, bar_chart, split_bar
from generator.render.downloads import facts_file, indicators_file, table_file, workbook_file
from generator.render.escape import Escaper
from generator.render.findings import FilingFindings
from generator.render.headline import UNIT_WORDS, filing_headline
from generator.render.html import CellView, RowView, dept_form_html, form_html, table_html, table_search
from generator.render.numbers import format_amount
from generator.render.overview import Overview, overview
from generator.render.page import Builder, Page, facts_table, filing_title
from generator.render.page import anchor as _a
from generator.render.publication import publication


def filing_pages(filing: Filing, region: Region, org: Organisation, esc: Escaper,
                 checked: Extract | None = None, downloads: bool = False, view: Overview | None = None) -> list[Page]:
    """The document, tables and forms pages of a filing; ``checked`` (its extract after the checker) puts each
    finding beside its figure, the 数据核查 section and the headline figures on the document page (from ``view``,
    its overview, when the caller has made it); ``downloads`` links each table's CSV and the filing's workbook and
    tidy tables."""
    found = FilingFindings(filing, checked, urls.filing(region, filing), urls.tables(region, filing),
                           urls.projects(region, filing))
    pages = [_document(filing, region, org, esc, found, downloads, view)]
    if filing.tables:
        pages.append(_tables(filing, region, org, esc, found, downloads))
    if filing.project_forms or filing.dept_overall_forms:
        pages.append(_projects(filing, region, org, esc, found))
    return pages


def _document(filing: Filing, region: Region, org: Organisation, esc: Escaper, found: FilingFindings,
              downloads: bool, view: Overview | None) -> Page:
    path = urls.filing(region, filing)
    b = Builder(esc)
    b.heading(1, filing_title(filing, org))
    b.html(_facts(filing, region, org, path, esc, found, downloads))
    checked = found.checked
    if checked is not None and (checked.tables or checked.forms):
        view = view or overview(checked)
        b.heading(2, "主要数字", "headline")
        b.html(filing_headline(checked, view.headline, region, path))
        b.html(_pictures(checked, view, region, path, esc), searchable=False)
    if filing.unit_name or filing.title:
        b.html(Markup('<p class="gk-cover">{}<br>{}</p>').format(
            esc.html(filing.unit_name), esc.html(filing.title)))
    if filing.profile:
        p = filing.profile
        b.heading(2, p.heading, "profile")
        if p.duties_heading:
            b.heading(3, p.duties_heading, "duties")
        b.html(_numbered(((d.number, d.text) for d in p.duties), esc))
        if p.staffing_heading:
            b.heading(3, p.staffing_heading, "staffing")
        if p.staffing_text:
            b.html(esc.markdown(p.staffing_text))
        b.html(found.box(["profile"], path, esc), searchable=False)
    if filing.tables_part:
        _part(b, filing.tables_part, "tables-part", path, esc, found)
        if filing.tables:
            b.html(Markup('<p>{}</p>').format(_a(urls.link(path, urls.tables(region, filing)), "查看附表", esc)))
    if filing.explanation:
        _part(b, filing.explanation, "explanation", path, esc, found)
    if filing.glossary:
        g = filing.glossary
        b.heading(2, g.heading, "glossary")
        b.html(found.box(["glossary"], path, esc), searchable=False)
        for gi, group in enumerate(g.groups, 1):
            b.heading(3, (group.number or "") + group.title, f"glossary-{gi}")
            parts = []
            for term in group.terms:
                name = esc.html(term.term)
                if term.subject is not None:
                    name = _a(urls.link(path, urls.subject(term.subject)), term.term, esc)
                parts.append(Markup('<p class="gk-term"><span class="gk-no">{}</span><strong>{}</strong>：{}</p>{}')
                             .format(esc.html(term.number), name, esc.html(term.definition),
                                     found.box([f"term:{term.span.line}:{term.span.column}"], path, esc)))
            b.html(Markup('<div class="gk-glossary">{}</div>').format(Markup("").join(parts)))
    b.heading(2, "数据核查", "checks")
    b.html(found.summary(esc))
    return b.page(path)


def _pictures(filing: Extract, view: Overview, region: Region, path: str, esc: Escaper) -> Markup:
    """Where the money goes: 基本支出 against 项目支出, and spending by 功能分类 类."""
    tables = urls.tables(region, filing)
    parts = []
    figures = {f.topic: f for f in view.headline}
    basic, project = figures[Topic.BASIC], figures[Topic.PROJECT]
    if basic.wan is not None and project.wan is not None and basic.wan + project.wan > 0:
        parts.append(split_bar(esc, "split", "基本支出和项目支出", [
            Bar("基本支出", basic.value, urls.link(path, tables, basic.row or basic.table)),
            Bar("项目支出", project.value, urls.link(path, tables, project.row or project.table))],
            UNIT_WORDS[basic.unit]))
    classes = view.classes()
    if classes:
        bars = [Bar(f"{r.code.code} {official_name(r.code) or r.name}", r.total.value if r.total else None,
                    urls.link(path, tables, r.row_id)) for r in classes]
        bars.sort(key=lambda bar: (-(bar.value or 0), bar.label))
        parts.append(bar_chart(esc, "classes", "支出按功能分类（类）", bars, head=("功能分类（类）", "合计")))
    return Markup("").join(parts)


def _facts(filing: Filing, region: Region, org: Organisation, path: str, esc: Escaper,
           found: FilingFindings, downloads: bool) -> Markup:
    rows: list[tuple[str, Markup]] = [
        ("地区", _a(urls.link(path, urls.region(region)), region.name, esc)),
        ("单位", _a(urls.link(path, urls.unit(region, org.id)), org.name, esc)),
    ]
    parent = region.organisation(org.parent) if org.parent else None
    if parent is not None:
        rows.append(("主管部门", _a(urls.link(path, urls.unit(region, parent.id)), parent.name, esc)))
    year = escape(f"{filing.fiscal_year} 年")
    if filing.fiscal_year_basis is Basis.INFERRED:
        year = Markup("{}（文件未写明年度，据以下内容推断：{}）").format(year, esc.html(filing.fiscal_year_evidence))
    rows.append(("预算年度", year))
    contents = []
    if filing.profile or filing.explanation or filing.glossary:
        contents.append(_a("#profile" if filing.profile else "#explanation", "情况说明", esc))
    if filing.tables:
        contents.append(_a(urls.link(path, urls.tables(region, filing)), f"公开表（{len(filing.tables)} 张）", esc))
    forms = len(filing.project_forms) + len(filing.dept_overall_forms)
    if forms:
        contents.append(_a(urls.link(path, urls.projects(region, filing)), f"绩效目标表（{forms} 张）", esc))
    rows.append(("公开内容", Markup("、").join(contents)))
    # 出处: the original as its publisher issued it; an address is shown as text (a reader copies it), so the
    # page links to no other host
    rows.extend((label, esc.html(text)) for label, text in publication(filing))
    if found.checked is not None and found.checked.checks:
        explained = sum(1 for s in found.shown if s.finding.acknowledged is not None)
        said = f"{len(found.shown)} 处发现" + (f"（{explained} 处已说明）" if explained else "") if found.shown \
            else "未发现问题"
        rows.append(("数据核查", Markup('<a href="#checks">{}</a>').format(said)))
    data = urls.file_link(path, urls.extract(region, filing))
    rows.append(("数据", Markup('{}（JSON，<a href="{}">格式说明</a>）').format(
        _a(data, "本文件的全部数字和指标", esc), urls.link(path, urls.data_format()))))
    if downloads:
        links = [_download(urls.file_link(path, workbook_file(region, filing)), "Excel 工作簿（每张表一页）", esc),
                 _download(urls.file_link(path, facts_file(region, filing)), "全部金额（CSV）", esc)]
        if filing.project_forms or filing.dept_overall_forms:
            links.append(_download(urls.file_link(path, indicators_file(region, filing)), "绩效指标（CSV）", esc))
        links.append(_a(urls.link(path, urls.downloads()), "说明", esc))
        rows.append(("下载", Markup(" · ").join(links)))
    return facts_table(rows)


def _download(href: str, text: str, esc: Escaper) -> Markup:
    """A link to a file to save (``download``: the browser saves a CSV rather than showing it)."""
    return Markup('<a href="{}" download>{}</a>').format(href, esc.html(text))


def _numbered(items: Iterator[tuple[str | None, str]], esc: Escaper) -> Markup:
    parts = [Markup('<p class="gk-item"><span class="gk-no">{}</span>{}</p>').format(esc.html(n), esc.html(t))
             for n, t in items]
    return Markup('<div class="gk-items">{}</div>').format(Markup("").join(parts))


def _part(b: Builder, part: Part, anchor: str, path: str, esc: Escaper, found: FilingFindings) -> None:
    b.heading(2, part.heading, anchor)
    b.html(found.box([f"head:{anchor}", f"part:{anchor}"], path, esc), searchable=False)
    if part.note:
        b.html(Markup('<p class="gk-part-note">{}</p>').format(esc.html(part.note)))
    for index, paragraph in enumerate(part.paragraphs):
        b.html(esc.markdown(paragraph))
        b.html(found.box([f"para:{anchor}:{index}"], path, esc), searchable=False)
    for i, section in enumerate(part.sections, 1):
        _section(b, section, 3, f"{anchor}-{i}", path, esc, found)


def _section(b: Builder, section: Section, level: int, anchor: str, path: str, esc: Escaper,
             found: FilingFindings) -> None:
    title = (section.number or "") + section.title
    if level <= 6:
        b.heading(level, title, anchor)
    else:
        b.html(Markup('<p id="{}"><strong>{}</strong></p>').format(anchor, esc.html(title)))
    b.html(found.box([f"head:{anchor}", f"section:{anchor}"], path, esc), searchable=False)
    for index, paragraph in enumerate(section.paragraphs):
        b.html(Markup('<div class="gk-text">{}</div>').format(esc.markdown(paragraph)))
        b.html(found.box([f"para:{anchor}:{index}"], path, esc), searchable=False)
    for i, child in enumerate(section.sections, 1):
        _section(b, child, level + 1, f"{anchor}-{i}", path, esc, found)


def _tables(filing: Filing, region: Region, org: Organisation, esc: Escaper, found: FilingFindings,
            downloads: bool) -> Page:
    path = urls.tables(region, filing)
    b = Builder(esc)
    b.heading(1, f"{filing_title(filing, org)}公开表")
    back = _a(urls.link(path, urls.filing(region, filing)), "返回文件首页", esc)
    toc = Markup("").join(Markup('<li><a href="#{}">{}</a></li>').format(t.anchor, esc.html(t.title))
                          for t in filing.tables)
    b.html(Markup('<p class="gk-back">{}</p><ol class="gk-toc">{}</ol>').format(back, toc))
    if filing.tables_heading:
        b.html(Markup('<p class="gk-part-note">{}</p>').format(esc.html(filing.tables_heading)))
    for table in filing.tables:
        if table.note:  # printed above the title; indexed with its table (table_search), not the table before
            b.html(Markup('<p class="gk-note">{}</p>').format(esc.html(table.note)), searchable=False)
        b.heading(2, table.title, table.anchor)
        if downloads:
            b.html(Markup('<p class="gk-downloads">下载：{} · {}</p>').format(
                _download(urls.file_link(path, table_file(region, filing, table.anchor)), "本表 CSV", esc),
                _download(urls.file_link(path, workbook_file(region, filing)), "Excel 工作簿", esc)), searchable=False)
        anchors = row_anchors(table)
        views = _row_views(table, anchors, path, found)
        cite = f"{filing_title(filing, org)} · {table.title} · 金额单位：{table.unit.value}"
        b.html(table_html(table, views, esc, cite), search=table_search(table, views, esc))
        b.html(found.box([f"table:{table.anchor}", *(f"row:{a}" for a in anchors)], path, esc), searchable=False)
    return b.page(path)


def _row_views(table: BudgetTable, anchors: list[str], path: str, found: FilingFindings) -> list[RowView]:
    leaves = table.leaves()
    views = []
    for row_id, row in zip(anchors, table.rows, strict=True):
        code = row.code
        depth = code.depth if code is not None and code.scheme is not CodeScheme.DEPARTMENT else 0
        cells = []
        label_at = 0
        for position, (cell, column) in enumerate(zip(row.cells, leaves, strict=True), 1):
            cells.append(_cell_view(table, row, cell, column.role, path, depth))
            if not label_at and column.role in (ColumnRole.NAME, ColumnRole.LABEL):
                label_at = position
        views.append(RowView(row_id, row.role.value, depth, tuple(cells), label_at or 1,
                             found.marks(f"row:{row_id}") or None))
    return views


def _cell_view(table: BudgetTable, row: Row, cell: Cell, role: ColumnRole, path: str, depth: int) -> CellView:
    if cell.amount is not None:
        return CellView(format_amount(cell.amount, 2), "gk-num")
    if cell.code is not None:
        shown = cell.code.code
        if cell.code.level is CodeLevel.SECTION and table.code_style.value == "suffix" \
                and cell.code.scheme is CodeScheme.FUNCTION:
            shown = cell.code.suffix
        href = "" if cell.code.scheme is CodeScheme.DEPARTMENT else urls.link(path, urls.subject(cell.code))
        return CellView(shown, f"gk-code gk-indent-{depth}", href)
    text = cell.text or ""
    if role is ColumnRole.NAME or role is ColumnRole.LABEL:
        indent = depth if role is ColumnRole.NAME else row.indent
        href = ""
        if row.subject is not None and role is ColumnRole.LABEL:
            href = urls.link(path, urls.subject(row.subject))
        return CellView(text, f"gk-name gk-indent-{indent}", href)
    return CellView(text, "gk-num" if role is ColumnRole.AMOUNT else "")


def _projects(filing: Filing, region: Region, org: Organisation, esc: Escaper, found: FilingFindings) -> Page:
    path = urls.projects(region, filing)
    b = Builder(esc)
    b.heading(1, f"{filing_title(filing, org)}绩效目标表")
    back = _a(urls.link(path, urls.filing(region, filing)), "返回文件首页", esc)
    items = [Markup('<li><a href="#{}">{}</a></li>').format(f.id, esc.html(f.name or f.title))
             for f in filing.project_forms]
    items += [Markup('<li><a href="#{}">{}</a></li>').format(d.id, esc.html(d.title))
              for d in filing.dept_overall_forms]
    b.html(Markup('<p class="gk-back">{}</p><ol class="gk-toc">{}</ol>').format(back, Markup("").join(items)))
    for form in filing.project_forms:
        b.heading(2, form.name or form.title, form.id)
        b.html(found.box([f"form:{form.id}"], path, esc), searchable=False)
        b.html(form_html(form, esc.mask))
    for dept in filing.dept_overall_forms:
        b.heading(2, f"{dept.title}：{dept.dept_name or ''}", dept.id)
        b.html(found.box([f"form:{dept.id}"], path, esc), searchable=False)
        b.html(dept_form_html(dept, esc.mask))
    return b.page(path)
