"""数据核查 on a filing's pages: each finding of the checker beside the row, paragraph, heading or form it concerns,
with its explanation and the computed value, and the filing's summary (rules run, passed, not applicable, found).

A finding is placed by its position: the innermost record of the filing whose span holds it (a table row, a
paragraph, a heading, a glossary term, a form, a table). Every finding is numbered within its filing (``chk-3``,
the same number on the filing's page and on the site-wide 数据核查 page), and shown twice: beside its figure
(``at-chk-3``) and in the list of the filing's page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from markupsafe import Markup

from generator.check import BY_CODE
from generator.check.context import CheckRule
from generator.diagnostics import Diagnostic, Severity
from generator.model.extract import CheckStatus, Extract
from generator.model.filing import Filing
from generator.model.narrative import Part, Section
from generator.model.tables import row_anchors
from generator.render import urls
from generator.render.escape import Escaper
from generator.source import Span

STATUS_WORDS = {CheckStatus.PASSED: "通过", CheckStatus.FOUND: "有发现", CheckStatus.NOT_APPLICABLE: "不适用",
                CheckStatus.NOT_RUN: "未运行"}
SEVERITY_WORDS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def findings_of(extract: Extract) -> list[Diagnostic]:
    """The checker's findings of a filing (not its problems of form), in the order they are numbered."""
    return [d for d in sorted(extract.diagnostics) if d.code in BY_CODE]


@dataclass(frozen=True, slots=True)
class Slot:
    """Where findings are shown: a record of the filing, on one of its pages."""

    key: str
    page: str
    scope: Span


@dataclass(frozen=True, slots=True)
class Shown:
    """One finding as a page shows it."""

    number: int
    finding: Diagnostic
    rule: CheckRule
    slot: Slot | None
    """None: no record holds it more closely than the filing (shown in the filing's list only)"""

    @property
    def anchor(self) -> str:
        return f"chk-{self.number}"


def _texts(part: Part | Section, key: str, page: str) -> Iterator[Slot]:
    heading = "heading" if isinstance(part, Part) else "title"
    span = part.spans.get(heading)
    if span is not None:
        yield Slot(f"head:{key}", page, span)
    for index in range(len(part.paragraphs)):
        span = part.spans.get(f"paragraphs.{index}")
        if span is not None:
            yield Slot(f"para:{key}:{index}", page, span)
    for index, section in enumerate(part.sections, 1):
        yield Slot(f"section:{key}-{index}", page, section.span)
        yield from _texts(section, f"{key}-{index}", page)


def _slots(filing: Filing, document: str, tables: str, projects: str) -> Iterator[Slot]:
    """Every record that can show findings, outermost first."""
    if filing.profile is not None:
        yield Slot("profile", document, filing.profile.span)
    for part, key in ((filing.tables_part, "tables-part"), (filing.explanation, "explanation")):
        if part is not None:
            yield Slot(f"part:{key}", document, part.span)
            yield from _texts(part, key, document)
    if filing.glossary is not None:
        yield Slot("glossary", document, filing.glossary.span)
        for group in filing.glossary.groups:
            for term in group.terms:
                yield Slot(f"term:{term.span.line}:{term.span.column}", document, term.span)
    for table in filing.tables:
        yield Slot(f"table:{table.anchor}", tables, table.span)
        for anchor, row in zip(row_anchors(table), table.rows, strict=True):
            yield Slot(f"row:{anchor}", tables, row.span)
    for form in filing.project_forms:
        yield Slot(f"form:{form.id}", projects, form.span)
    for dept in filing.dept_overall_forms:
        yield Slot(f"form:{dept.id}", projects, dept.span)


class FilingFindings:
    """A filing's findings, numbered and placed, and the outcome of each rule."""

    def __init__(self, filing: Filing, checked: Extract | None, document: str, tables: str, projects: str) -> None:
        self.document = document
        self.checked = checked
        found = findings_of(checked) if checked is not None else []
        slots = list(_slots(filing, document, tables, projects)) if found else []
        self.shown: list[Shown] = []
        self.by_slot: dict[str, list[Shown]] = {}
        for number, finding in enumerate(found, 1):
            holder = None
            for slot in slots:  # outermost first: the last that holds it is the innermost
                if finding.span.within(slot.scope) and (holder is None or slot.scope.within(holder.scope)):
                    holder = slot
            shown = Shown(number, finding, BY_CODE[finding.code], holder)
            self.shown.append(shown)
            if holder is not None:
                self.by_slot.setdefault(holder.key, []).append(shown)

    def at(self, key: str) -> list[Shown]:
        return self.by_slot.get(key, [])

    def marks(self, key: str) -> Markup:
        """The markers a row carries, each a link to its finding below the table."""
        return Markup("").join(
            Markup('<a class="gk-flag gk-{}" href="#at-{}" title="核查发现 {}：{}">⚠{}</a>').format(
                s.finding.severity.value, s.anchor, s.number, s.rule.title, s.number) for s in self.at(key))

    def box(self, keys: Iterable[str], path: str, esc: Escaper) -> Markup:
        """The findings of these records, shown beside them: what is wrong, the computed value, the filing's
        note; each links to the filing's list."""
        items = [s for key in keys for s in self.at(key)]
        if not items:
            return Markup("")
        back = urls.link(path, self.document)
        rules = urls.link(path, urls.rules())
        lines = [Markup('<li id="at-{}" class="gk-finding gk-{}">{}<a href="{}#{}">核查发现 {}</a></li>').format(
            s.anchor, s.finding.severity.value, _describe(s, rules, esc), back, s.anchor, s.number) for s in items]
        return Markup('<ul class="gk-findings" data-pagefind-ignore>{}</ul>').format(Markup("").join(lines))

    def summary(self, esc: Escaper) -> Markup:
        """The filing's 数据核查 section: what was checked and how it went, and every finding, with a link to
        where it is shown beside its figure."""
        path = self.document
        rules = urls.link(path, urls.rules())
        outcomes = self.checked.checks if self.checked is not None else ()
        if not outcomes:
            return Markup('<p class="gk-checks">这份文件没有进行数据核查。</p>')
        counts = Counter(o.status for o in outcomes)
        if counts[CheckStatus.NOT_RUN]:
            head = Markup("这份文件有格式错误（读不出的数字），数据核查未运行。")
        else:
            parts = [f"通过 {counts[CheckStatus.PASSED]} 条", f"有发现 {counts[CheckStatus.FOUND]} 条",
                     f"不适用 {counts[CheckStatus.NOT_APPLICABLE]} 条（要核对的内容本文件没有，不算通过）"]
            head = Markup("本站用 {} 条<a href=\"{}\">核查规则</a>核对了这份文件：{}。").format(
                len(outcomes), rules, "，".join(parts))
        explained = sum(1 for s in self.shown if s.finding.acknowledged is not None)
        if self.shown:
            tail = Markup("共 {} 处发现{}，列在下面，并标在相关的表行、段落和绩效目标表旁。").format(
                len(self.shown), f"，其中 {explained} 处文件已写明“原表如此”等核查说明" if explained else "")
        else:
            tail = Markup("没有发现问题。") if not counts[CheckStatus.NOT_RUN] else Markup("")
        parts_html = [Markup('<p class="gk-checks">{}{}</p>').format(head, tail)]
        if self.shown:
            items = []
            for s in self.shown:
                where = Markup("")
                if s.slot is not None:
                    where = Markup('<a href="{}#at-{}">查看原处</a>').format(urls.link(path, s.slot.page), s.anchor)
                items.append(Markup('<li id="{}" class="gk-finding gk-{}">{}{}</li>').format(
                    s.anchor, s.finding.severity.value, _describe(s, rules, esc), where))
            parts_html.append(Markup('<ol class="gk-finding-list">{}</ol>').format(Markup("").join(items)))
        rows = Markup("").join(
            Markup('<tr><td><a href="{}#{}">{}</a></td><td>{}</td><td class="gk-status-{}">{}</td><td>{}</td></tr>')
            .format(rules, o.rule, o.rule, BY_CODE[o.rule].title if o.rule in BY_CODE else "", o.status.value,
                    STATUS_WORDS[o.status], o.findings or "") for o in outcomes)
        parts_html.append(Markup(
            '<details class="gk-outcomes" data-pagefind-ignore><summary>各条规则的结果</summary>'
            '<div class="gk-scroll"><table class="gk-list"><thead><tr><th>规则</th><th>名称</th><th>结果</th>'
            '<th>发现</th></tr></thead><tbody>{}</tbody></table></div></details>').format(rows))
        return Markup("").join(parts_html)


def _describe(s: Shown, rules: str, esc: Escaper) -> Markup:
    """``[ARI001 科目层级合计不符] message（原文 …，应为 …）说明：原表如此``"""
    d = s.finding
    values = []  # what the message does not already say
    if d.printed is not None and d.printed not in d.message:
        values.append(Markup("原文 <span class=\"gk-printed\">{}</span>").format(esc.html(d.printed)))
    if d.expected is not None and d.expected not in d.message:
        values.append(Markup("应为 <span class=\"gk-expected\">{}</span>").format(esc.html(d.expected)))
    shown = Markup("（{}）").format(Markup("，").join(values)) if values else Markup("")
    note = Markup('<span class="gk-ack">说明：{}</span>').format(esc.html(d.acknowledged)) \
        if d.acknowledged is not None else Markup("")
    return Markup('<a class="gk-rule" href="{}#{}">{}</a> <strong>{}</strong>{}：{}{}{} ').format(
        rules, d.code, d.code, s.rule.title, _level(d), esc.html(d.message), shown, note)


def _level(d: Diagnostic) -> Markup:
    return Markup("（{}）").format(SEVERITY_WORDS[d.severity]) if d.severity is not Severity.WARNING else Markup("")
