"""Linking the figures of the text to the table facts they state, where the wording makes it unambiguous.

A figure is said about a phrase (``社会保险经办机构``, ``收入预算总额``, ``“三公”经费支出预算数``). The phrase names
a *concept*: a subject printed in the tables (by its code, printed name or official name; the longest name
found wins), a project of the filing's forms (by its name), or one of the totals below (by its wording). The
section the text stands in says which table a subject's figure comes from (收入 -> 部门收入总表, 支出 -> 部门支出
总表, 财政拨款 -> the fund tables …). A link is a list of fact addresses (table, row key, measure) whose sum the
figure states; an address may name a blank cell (the text says 0 where the table prints nothing). A share links
its whole too; a change links this year's value. Anything else stays unlinked, and is counted."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from generator.facts.forms import annual_ref
from generator.model.extract import FactRef, FigureLink, FormInfo, LinkedFigure, TableInfo
from generator.model.figures import FigureKind, FigureRole, TextFigure
from generator.model.keys import TOTAL_KEY, LineKey, RowKey, RowKind
from generator.model.measures import Measure
from generator.model.tables import TableKind
from generator.reference import normalise, official_name

SUBJECT, PROJECT = "subject", "project_form"

# wording -> concept, longest first within each group; phrases are compared normalised (no spaces or quotes)
_THREE_PUBLIC: tuple[tuple[str, str], ...] = (
    ("公务用车购置及运行维护费", "vehicle"), ("公务用车购置及运行(维护)费", "vehicle"),
    ("公务用车购置及运行费", "vehicle"),
    ("公务用车购置费", "vehicle_purchase"), ("公务用车购置", "vehicle_purchase"),
    ("公务用车运行维护费", "vehicle_operation"), ("公务用车运行(维护)费", "vehicle_operation"),
    ("公务用车运行费", "vehicle_operation"), ("因公出国(境)费用", "abroad"), ("因公出国(境)费", "abroad"),
    ("因公出国(境)", "abroad"), ("公务接待费", "reception"), ("三公经费", "three_public"), ("三公", "three_public"),
)
_TOTALS: tuple[tuple[str, str], ...] = (
    ("机关运行经费", "running_cost"), ("机关运行费", "running_cost"),
    ("政府采购货物", "procurement_goods"), ("政府采购工程", "procurement_works"),
    ("政府采购服务", "procurement_services"), ("政府采购", "procurement"),
    ("本年收入合计", "income_total"), ("收入预算总额", "income_total"), ("收入总额", "income_total"),
    ("收入总计", "income_grand_total"), ("本年支出合计", "expenditure_total"), ("支出预算总额", "expenditure_total"),
    ("支出总额", "expenditure_total"), ("支出总计", "expenditure_grand_total"),
    ("财政拨款收入", "fiscal_income"), ("财政拨款支出", "fiscal_expenditure"),
    ("一般公共预算拨款收入", "general_income"), ("一般公共预算收入", "general_income"),
    ("政府性基金预算拨款收入", "govfund_income"), ("政府性基金预算收入", "govfund_income"),
    ("事业收入", "business_income"), ("上年结转", "carryover"),
    ("基本支出", "basic"), ("项目预算金额", "project"), ("项目支出", "project"),
    ("人员经费", "personnel"), ("公用经费", "public"), ("收入预算", "income_total"), ("支出预算", "expenditure_total"),
)
_FILLER = re.compile(r"(?:本部门|部门|本单位|单位|所属各单位|各单位|全年|本年度|本年|年度|\d{4}年度?|预算数|预算|"
                     r"总额|合计|金额|安排|项目|经费|资金|支出|共计|为|的|:)*")
"""words that may stand around the name of what a figure is about (``…收入预算总额``, ``…支出预算数为``)"""
_CODE = re.compile(r"(?<!\d)(\d{7}|\d{5}|\d{3})(?!\d)")
_FUND_TABLES = (TableKind.GENERAL_EXPENDITURE, TableKind.GOVFUND_EXPENDITURE, TableKind.SOE_EXPENDITURE)
_BY_SECTION = {"income": TableKind.INCOME, "expenditure": TableKind.EXPENDITURE,
               "govfund": TableKind.GOVFUND_EXPENDITURE, "soe": TableKind.SOE_EXPENDITURE}
_LINE = RowKey.line


@dataclass(frozen=True, slots=True)
class _Concept:
    name: str
    keys: tuple[RowKey, ...] = ()
    """the subject named (a subject concept) or the form (a project concept, by its id in ``form``)"""
    form: str | None = None


class Linker:
    """The figures of one filing against its tables and forms."""

    def __init__(self, tables: Sequence[TableInfo], forms: Sequence[FormInfo], unit_names: Iterable[str] = (),
                 printed: Collection[FactRef] = ()) -> None:
        self.tables = {t.kind: t for t in reversed(tables)}  # the first table of a kind
        self.refs_printed = printed
        self.cells: set[tuple[str, RowKey, Measure]] = set()
        names: dict[str, set[RowKey]] = {}
        self.codes: set[RowKey] = set()
        for table in tables:
            measures = [c.measure for c in table.columns if c.measure is not None]
            for row in table.rows:
                for key, label in zip(row.keys, row.names, strict=False):
                    if key is None:
                        continue
                    self.cells.update((table.id, key, m) for m in measures)
                    code = key.code
                    if code is None or key.kind is RowKind.DEPARTMENT:
                        continue
                    self.codes.add(key)
                    for name in {label, official_name(code)}:
                        if name:
                            names.setdefault(normalise(name), set()).add(key)
        self.subjects = names
        self.projects = {normalise(f.name): f.id for f in forms if f.name and f.kind == "project_form"}
        self.units = sorted({normalise(n) for n in unit_names if n}, key=len, reverse=True)
        self.memo: dict[tuple[str, str | None, str | None], _Concept | None] = {}

    # -- concepts --------------------------------------------------------------------------------

    def _alone(self, text: str, term: str) -> bool:
        """``term`` is what ``text`` names: what stands around it is the unit's name or filler words."""
        before, _, after = text.partition(term)
        for unit in self.units:
            before = before.replace(unit, "")
        return bool(_FILLER.fullmatch(before)) and bool(_FILLER.fullmatch(after))

    def _concept(self, phrase: str, context: str | None, scope: str | None) -> _Concept | None:
        """``concept``, once per phrase, context and scope (a text names the same thing many times)."""
        key = (phrase, context, scope)
        if key not in self.memo:
            self.memo[key] = self.concept(phrase, context, scope)
        return self.memo[key]

    def concept(self, phrase: str | None, context: str | None, scope: str | None = None) -> _Concept | None:
        """What the phrase names: the longest subject, project or wording found in it that stands alone."""
        if not phrase:
            return None
        text = normalise(phrase)
        if context == "three_public" or "三公" in text:
            found = _keyword(text, _THREE_PUBLIC, self._alone)
            if found:
                return _Concept(found)
        projects = [(len(name), _Concept(PROJECT, form=form)) for name, form in self.projects.items()
                    if name and name in text and self._alone(text, name)]
        subject = self._subject(text, scope)
        subjects = [subject] if subject is not None else []
        # a project named like a subject (科普活动): the project where the text speaks of projects
        about_projects = "项目" in text or context in ("performance", "key_project") \
            or (context or "").startswith("form:")
        candidates = [*projects, *subjects] if about_projects else [*subjects, *projects]
        for table in (_TOTALS, _THREE_PUBLIC):
            word = next((w for w, _ in table if w in text and self._alone(text, w)), None)
            if word is not None:
                candidates.append((len(word), _Concept(dict(table)[word])))
        return max(candidates, key=lambda c: c[0])[1] if candidates else None

    def _subject(self, text: str, scope: str | None) -> tuple[int, _Concept] | None:
        for match in _CODE.finditer(text):
            coded = [k for k in self.codes if k.name == match[1]]
            if len(coded) == 1:
                return len(text), _Concept(SUBJECT, (coded[0],))
        found = [name for name in self.subjects if name in text and self._alone(text, name)]
        if not found:
            return None
        longest = max(found, key=len)
        keys = self.subjects[longest]
        if len({k.kind for k in keys}) > 1:  # 住房公积金 is 2210201 and 30113: 基本支出 lists economic classes
            economic = scope is not None and "基本支出" in normalise(scope)
            keys = {k for k in keys if (k.kind is RowKind.ECONOMIC) == economic}
        if not keys:
            return None
        deepest = max(keys, key=lambda k: len(k.name))
        chain = all(deepest.name.startswith(k.name) for k in keys)
        return (len(longest), _Concept(SUBJECT, (deepest,))) if chain else None

    # -- addresses -------------------------------------------------------------------------------

    def _ref(self, kind: TableKind, row: RowKey, measure: Measure) -> FactRef | None:
        table = self.tables.get(kind.value)
        if table is None or (table.id, row, measure) not in self.cells:
            return None
        return FactRef(table.id, row, measure)

    def _first(self, *candidates: tuple[TableKind, RowKey, Measure]) -> tuple[FactRef, ...]:
        for candidate in candidates:
            ref = self._ref(*candidate)
            if ref is not None:
                return (ref,)
        return ()

    def _rows_of(self, kind: TableKind, measure: Measure) -> tuple[FactRef, ...]:
        """The 三公 table: its total row, or else every row (one per department)."""
        total = self._ref(kind, TOTAL_KEY, measure)
        if total is not None:
            return (total,)
        table = self.tables.get(kind.value)
        if table is None:
            return ()
        keys = [k for row in table.rows for k in row.keys if k is not None and k.kind is not RowKind.BLANK]
        return tuple(ref for key in keys if (ref := self._ref(kind, key, measure)) is not None)

    def refs(self, concept: _Concept, context: str | None, scope: str | None) -> tuple[FactRef, ...]:
        name = concept.name
        if name == SUBJECT:
            return self._subject_refs(concept.keys[0], context, scope)
        if name == PROJECT:
            assert concept.form is not None
            annual = annual_ref(concept.form, self.refs_printed)
            return (annual,) if annual is not None else ()
        if name in ("three_public", "abroad", "reception", "vehicle", "vehicle_purchase", "vehicle_operation"):
            measure = Measure.TOTAL if name == "three_public" else Measure(name)
            found = self._rows_of(TableKind.THREE_PUBLIC, measure)
            if not found and name == "vehicle":
                found = (*self._rows_of(TableKind.THREE_PUBLIC, Measure.VEHICLE_PURCHASE),
                         *self._rows_of(TableKind.THREE_PUBLIC, Measure.VEHICLE_OPERATION))
            return found
        lines = _LINES.get(name)
        if lines is not None:
            return self._first(*lines)
        if name == "fiscal_expenditure":
            found = self._first((TableKind.FISCAL_SUMMARY, _LINE(LineKey.CURRENT_EXPENDITURE), Measure.TOTAL))
            return found or tuple(r for k in _FUND_TABLES if (r := self._ref(k, TOTAL_KEY, Measure.TOTAL)))
        return ()

    def _subject_refs(self, key: RowKey, context: str | None, scope: str | None) -> tuple[FactRef, ...]:
        if key.kind is RowKind.ECONOMIC:  # only 基本支出 is printed by economic class
            if scope and "基本支出" not in normalise(scope):
                return ()
            return self._first((TableKind.GENERAL_BASIC, key, Measure.TOTAL))
        if context == "fiscal":
            found = tuple(r for k in _FUND_TABLES if (r := self._ref(k, key, Measure.TOTAL)))
            return found or self._first((TableKind.INCOME, key, Measure.FISCAL))
        kind = _BY_SECTION.get(context or "", TableKind.EXPENDITURE)
        return self._first((kind, key, Measure.TOTAL))

    # -- figures ---------------------------------------------------------------------------------

    def link(self, figure: TextFigure) -> LinkedFigure:
        if figure.kind not in (FigureKind.AMOUNT, FigureKind.PERCENT) or figure.about is None:
            return LinkedFigure(figure)  # counts, years and dates state no table fact
        concept = self._concept(figure.about, figure.context, figure.scope)
        if concept is None or figure.kind not in (FigureKind.AMOUNT, FigureKind.PERCENT):
            return LinkedFigure(figure, concept.name if concept else None)
        refs = self.refs(concept, figure.context, figure.scope)
        link: FigureLink | None = None
        if refs and figure.role is FigureRole.SHARE:
            whole = self.concept(figure.base, figure.context)
            base = self.refs(whole, figure.context, None) if whole is not None else ()
            link = FigureLink("share", refs, base) if base else None
        elif refs and figure.role is FigureRole.CHANGE:
            link = FigureLink("change", refs)
        elif refs and figure.kind is FigureKind.AMOUNT:
            link = FigureLink("equals", refs)
        return LinkedFigure(figure, concept.name, link)


_LINES: dict[str, tuple[tuple[TableKind, RowKey, Measure], ...]] = {
    "income_total": ((TableKind.SUMMARY, _LINE(LineKey.INCOME_TOTAL), Measure.BUDGET),
                     (TableKind.INCOME, TOTAL_KEY, Measure.TOTAL)),
    "income_grand_total": ((TableKind.SUMMARY, _LINE(LineKey.INCOME_GRAND_TOTAL), Measure.BUDGET),),
    "expenditure_total": ((TableKind.SUMMARY, _LINE(LineKey.EXPENDITURE_TOTAL), Measure.BUDGET),
                          (TableKind.EXPENDITURE, TOTAL_KEY, Measure.TOTAL)),
    "expenditure_grand_total": ((TableKind.SUMMARY, _LINE(LineKey.EXPENDITURE_GRAND_TOTAL), Measure.BUDGET),),
    "fiscal_income": ((TableKind.SUMMARY, _LINE(LineKey.FISCAL_INCOME), Measure.BUDGET),
                      (TableKind.FISCAL_SUMMARY, _LINE(LineKey.FISCAL_INCOME), Measure.BUDGET),
                      (TableKind.INCOME, TOTAL_KEY, Measure.FISCAL)),
    "general_income": ((TableKind.SUMMARY, _LINE(LineKey.GENERAL_INCOME), Measure.BUDGET),
                       (TableKind.INCOME, TOTAL_KEY, Measure.GENERAL)),
    "govfund_income": ((TableKind.SUMMARY, _LINE(LineKey.GOVFUND_INCOME), Measure.BUDGET),
                       (TableKind.INCOME, TOTAL_KEY, Measure.GOVFUND)),
    "business_income": ((TableKind.SUMMARY, _LINE(LineKey.BUSINESS_INCOME), Measure.BUDGET),
                        (TableKind.INCOME, TOTAL_KEY, Measure.BUSINESS)),
    "carryover": ((TableKind.SUMMARY, _LINE(LineKey.CARRYOVER), Measure.BUDGET),
                  (TableKind.INCOME, TOTAL_KEY, Measure.CARRYOVER)),
    "basic": ((TableKind.EXPENDITURE, TOTAL_KEY, Measure.BASIC),
              (TableKind.GENERAL_BASIC, TOTAL_KEY, Measure.TOTAL)),
    "project": ((TableKind.EXPENDITURE, TOTAL_KEY, Measure.PROJECT),),
    "personnel": ((TableKind.GENERAL_BASIC, TOTAL_KEY, Measure.PERSONNEL),),
    "public": ((TableKind.GENERAL_BASIC, TOTAL_KEY, Measure.PUBLIC),),
}
"""where each total is printed, in order of preference"""


def _keyword(text: str, table: Iterable[tuple[str, str]], alone: Callable[[str, str], bool]) -> str | None:
    return next((concept for word, concept in table if word in text and alone(text, word)), None)


def link_figures(figures: Iterable[TextFigure], tables: Sequence[TableInfo], forms: Sequence[FormInfo],
                 unit_names: Iterable[str] = (), printed: Collection[FactRef] = ()) -> tuple[LinkedFigure, ...]:
    """Every figure with its concept and link; ``unit_names`` are the names the text may call the unit by,
    ``printed`` the addresses of the facts the forms print."""
    linker = Linker(tables, forms, unit_names, printed)
    return tuple(linker.link(f) for f in figures)
