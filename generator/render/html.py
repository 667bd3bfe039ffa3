"""HTML fragments for tables and forms, from autoescaping Jinja templates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from generator.model.forms import DeptOverallForm, FormLayout, ProjectForm
from generator.model.indicators import IndicatorBranch, IndicatorSet
from generator.model.money import Amount
from generator.model.tables import BudgetTable, Column, ColumnRole
from generator.render.escape import Escaper
from generator.render.numbers import format_amount

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class HeaderCell:
    label: str
    colspan: int
    rowspan: int
    cls: str = ""
    """``gk-stick gk-stick-N`` for the header of a label column kept in view on a phone (see ``sticky_columns``)"""


@dataclass(frozen=True, slots=True)
class CellView:
    text: str
    cls: str = ""
    href: str = ""


@dataclass(frozen=True, slots=True)
class RowView:
    id: str
    role: str
    depth: int
    cells: tuple[CellView, ...]
    permalink_at: int
    marks: Markup | None = None
    """the markers of the checker's findings on this row (render/findings.py)"""


_LABELS = frozenset({ColumnRole.CODE, ColumnRole.NAME, ColumnRole.LABEL})
STICKY_MAX = 2
"""at most the code and name columns stay in view: on a 390-pixel phone more would leave no room for figures"""


def sticky_columns(columns: tuple[Column, ...]) -> int:
    """How many leading leaf columns hold the row's labels (科目编码, 科目名称, 项目) and stay in view while a wide
    table scrolls sideways."""
    count = 0
    for leaf in (leaf for c in columns for leaf in c.leaves()):
        if leaf.role not in _LABELS or count == STICKY_MAX:
            break
        count += 1
    return count


def _stick(position: int) -> str:
    return f"gk-stick gk-stick-{position}"


def header_rows(columns: tuple[Column, ...]) -> list[list[HeaderCell]]:
    """The column tree as header rows with rowspan/colspan (多级表头); a header over sticky columns only sticks too."""
    depth = max((c.depth() for c in columns), default=0)
    rows: list[list[HeaderCell]] = [[] for _ in range(depth)]
    sticky = sticky_columns(columns)
    start = 0

    def walk(column: Column, level: int) -> None:
        nonlocal start
        width = len(column.leaves())
        cls = _stick(start + 1) if start + width <= sticky else ""
        if column.children:
            rows[level].append(HeaderCell(column.label, width, 1, cls))
            for child in column.children:
                walk(child, level + 1)
        else:
            rows[level].append(HeaderCell(column.label, 1, depth - level, cls))
            start += 1

    for column in columns:
        walk(column, 0)
    return rows


def branch_rows(branch: IndicatorBranch) -> int:
    return sum(max(1, len(g.items)) for g in branch.groups) or 1


def set_rows(indicator_set: IndicatorSet) -> int:
    return sum(branch_rows(b) for b in indicator_set.branches)


@cache
def _environment(mask: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    escaper = Escaper(mask)
    env.filters["t"] = escaper.html
    env.filters["money"] = _money
    env.globals["branch_rows"] = branch_rows
    env.globals["set_rows"] = set_rows
    return env


def _money(amount: Amount | None) -> str:
    return "" if amount is None else format_amount(amount)


def _compact(html: str) -> Markup:
    """No blank lines: Python-Markdown would end the raw HTML block at one."""
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))


def table_html(table: BudgetTable, rows: list[RowView], esc: Escaper, cite: str = "") -> Markup:
    """The table as printed; ``cite`` names what a reader cites from it (unit, year, table, unit of money), shown
    above it and naming its scroll region, so that a link to one row lands beside it."""
    numbering = table.numbering.split() if table.numbering else []
    template = _environment(esc.mask).get_template("table.html.j2")
    sticky = sticky_columns(table.columns)
    return _compact(template.render(
        table=table, header=header_rows(table.columns), numbering=numbering, body=_body_rows(rows, esc, sticky),
        width=len(table.leaves()), sticky=sticky, cite=cite or table.title,
    ))


_PERMALINK = 'title="复制本行链接" aria-label="复制本行链接"'


def _body_rows(rows: list[RowView], esc: Escaper, sticky: int = 0) -> Markup:
    """The table's body rows, one line each. Built here rather than in the template: a county prints some
    40,000 rows, and the template's loop over their cells was a third of all rendering. Text still goes
    through the escaper, and everything else through ``escape``, as the template's autoescape did."""
    lines = []
    for row in rows:
        ident = escape(row.id)
        cells = []
        for position, cell in enumerate(row.cells, 1):
            inner = esc.html(cell.text)
            if cell.href:
                inner = Markup(f'<a href="{escape(cell.href)}">{inner}</a>')
            if position == row.permalink_at:
                inner += Markup(f' <a class="gk-permalink" href="#{ident}" {_PERMALINK}>#</a>') + (row.marks or "")
            cls = f"{cell.cls} {_stick(position)}" if position <= sticky else cell.cls
            cells.append(f'<td class="{escape(cls.strip())}">{inner}</td>' if cls else f"<td>{inner}</td>")
        depth = f" gk-depth-{row.depth}" if row.depth else ""
        flagged = " gk-flagged" if row.marks else ""
        lines.append(f'<tr id="{ident}" class="gk-{escape(row.role)}{depth}{flagged}">{"".join(cells)}</tr>\n')
    return Markup("".join(lines))


def table_search(table: BudgetTable, rows: list[RowView], esc: Escaper) -> Markup:
    """What the search index gets for a table: its unit and column labels, then each row as a sub-result of its
    own (a heading with the row's permalink id, holding its code and name, and its figures under it), so that a
    result excerpt for a code shows that row's figures and never a neighbour's (the parent 20801's 283.88 beside
    2080109), and the result links to the row itself. The headings weigh as much as body text: a table that
    prints a code must not outrank the code's subject page."""
    labels = " ".join(str(esc.html(c.label)) for row in header_rows(table.columns) for c in row)
    parts = [f"<p>{esc.html(table.note or '')} {esc.html(table.unit_label or '')} {labels}</p>"]
    for row in rows:
        names = " ".join(str(esc.html(c.text)) for c in row.cells if c.text and "gk-num" not in c.cls)
        figures = " ".join(str(esc.html(c.text)) for c in row.cells if c.text and "gk-num" in c.cls)
        parts.append(f'<h6 id="{escape(row.id)}" data-pagefind-weight="1">{names}</h6><p>{figures}</p>')
    return Markup("".join(parts))


_FORM_MACROS = {
    FormLayout.JX2023: "jx2023",
    FormLayout.YX_FU2_1: "yx_fu2_1",
    FormLayout.YZ2022_PUBLIC: "yz2022_public",
}


def form_html(form: ProjectForm, mask: bool) -> Markup:
    module = _environment(mask).get_template("forms.html.j2").module
    if form.layout in (FormLayout.SG2019_FJ1_1, FormLayout.SG2019_FJ2_1):
        html = module.sg2019(form, form.layout is FormLayout.SG2019_FJ2_1)  # type: ignore[attr-defined]
    else:
        html = getattr(module, _FORM_MACROS[form.layout])(form)
    return _compact(f'<div class="gk-form-wrap" data-layout="{form.layout.value}">{html}{form_notes(form, mask)}</div>')


def form_notes(form: ProjectForm, mask: bool) -> Markup:
    """本站说明 under a form: each grid's values that could not be placed, as printed, and the form's notes."""
    esc = Escaper(mask)
    notes = []
    for grid in form.indicator_sets:
        if grid.unplaced:
            notes.append(Markup("原表{}另印有 {} 个指标值，原件中无法确定属于哪个指标，照印：{}。").format(
                esc.html(grid.label or "绩效指标表中"), len(grid.unplaced),
                Markup("、").join(Markup('<span class="gk-unplaced">{}</span>').format(esc.html(v))
                                  for v in grid.unplaced)))
    notes += [esc.html(n) for n in form.notes]
    if not notes:
        return Markup("")
    items = Markup("").join(Markup("<li>{}</li>").format(n) for n in notes)
    return Markup('<div class="gk-form-notes"><p>本站说明：</p><ul>{}</ul></div>').format(items)


def dept_form_html(form: DeptOverallForm, mask: bool) -> Markup:
    module = _environment(mask).get_template("forms.html.j2").module
    html = module.yx_fu2_2(form)  # type: ignore[attr-defined]
    return _compact(f'<div class="gk-form-wrap" data-layout="yx_fu2_2">{html}</div>')
