"""Form facts: the funds of every performance form (年度资金总额 and its sources, detail lines and their 合计,
部门整体 funds and projects) as facts like the tables', and every indicator with its place in the tree."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from generator.model.extract import Fact, FactRef, FormInfo, IndicatorFact
from generator.model.forms import DeptOverallForm, Funding, FundRow, ProjectForm
from generator.model.indicators import IndicatorSet
from generator.model.keys import TOTAL_KEY, RowKey, RowKind
from generator.model.measures import Measure, Side
from generator.model.money import Amount, MoneyUnit
from generator.reference import line_of, measure_of, normalise

PROJECT, DEPT = "project_form", "dept_form"

_FUNDING = (("total_budget", Measure.TOTAL_BUDGET), ("annual", Measure.ANNUAL), ("fiscal", Measure.FISCAL),
            ("govfund", Measure.GOVFUND), ("own_funds", Measure.OWN_FUNDS), ("other", Measure.OTHER),
            ("carryover", Measure.CARRYOVER))
_SCOPE = (("annual", Measure.ANNUAL), ("fiscal", Measure.FISCAL), ("other", Measure.OTHER))


def _fact(form: str, kind: str, row: RowKey, measure: Measure, amount: Amount | None, unit: MoneyUnit,
          name: str | None = None) -> Fact | None:
    if amount is None:
        return None
    return Fact(form, kind, row, measure, amount.value, amount.text, unit, amount.span, name)


def _funding(form: ProjectForm, funding: Funding) -> Iterable[Fact | None]:
    unit = funding.unit
    for field, measure in _FUNDING:
        yield _fact(form.id, PROJECT, RowKey(RowKind.FUNDING), measure, getattr(funding, field), unit)
    for scope in funding.scopes:
        key = RowKey(RowKind.FUNDING, normalise(scope.scope) or "".join(scope.scope.split()))
        for field, measure in _SCOPE:
            yield _fact(form.id, PROJECT, key, measure, getattr(scope, field), unit, scope.label)


def annual_ref(form: str, refs: Collection[FactRef]) -> FactRef | None:
    """Where a project form prints its 年度资金总额: its funding block, or (原州's parallel scope columns) the scope
    of the unit itself (含本级), else its first scope."""
    main = FactRef(form, RowKey(RowKind.FUNDING), Measure.ANNUAL)
    if main in refs:
        return main
    scopes = sorted((r for r in refs if r.table == form and r.row.kind is RowKind.FUNDING and r.row.name
                     and r.measure is Measure.ANNUAL), key=lambda r: ("本级" not in r.row.name or "市县" in r.row.name))
    return scopes[0] if scopes else None


def project_facts(form: ProjectForm) -> list[Fact]:
    found: list[Fact | None] = []
    if form.funding is not None:
        found.extend(_funding(form, form.funding))
    unit = form.funding.unit if form.funding is not None else MoneyUnit.WAN_YUAN
    if form.detail_budget is not None:
        for number, item in enumerate(form.detail_budget.items, 1):
            found.append(_fact(form.id, PROJECT, RowKey(RowKind.DETAIL, str(number)), Measure.TOTAL, item.amount,
                               unit, item.text))
        found.append(_fact(form.id, PROJECT, TOTAL_KEY, Measure.TOTAL, form.detail_budget.total, unit, "合计"))
    return [f for f in found if f is not None]


def _fund_rows(form: DeptOverallForm, rows: tuple[FundRow, ...], side: Side,
               history: list[Measure | None]) -> Iterable[Fact | None]:
    for row in rows:
        line = line_of(row.item, side)
        label = normalise(row.item) or "".join(row.item.split())
        key = RowKey.line(line) if line is not None else RowKey(RowKind.LABEL, f"{side.value}:{label}")
        yield _fact(form.id, DEPT, key, Measure.BUDGET, row.current, MoneyUnit.WAN_YUAN, row.item)
        for measure, amount in zip(history, row.history, strict=False):
            if measure is not None:
                yield _fact(form.id, DEPT, key, measure, amount, MoneyUnit.WAN_YUAN, row.item)


def dept_facts(form: DeptOverallForm, year: int) -> list[Fact]:
    found: list[Fact | None] = []
    if form.funds is not None:
        history = [measure_of([label], year) for label in form.funds.years]
        found.extend(_fund_rows(form, form.funds.income, Side.INCOME, history))
        found.extend(_fund_rows(form, form.funds.expenditure, Side.EXPENDITURE, history))
    for number, project in enumerate(form.projects, 1):
        key = RowKey(RowKind.PROJECT, str(number))
        found.append(_fact(form.id, DEPT, key, Measure.TOTAL_BUDGET, project.total_budget, MoneyUnit.WAN_YUAN,
                           project.name))
        found.append(_fact(form.id, DEPT, key, Measure.ANNUAL, project.annual_budget, MoneyUnit.WAN_YUAN,
                           project.name))
    return [f for f in found if f is not None]


def indicators(form: str, project: str | None, sets: tuple[IndicatorSet, ...]) -> list[IndicatorFact]:
    return [IndicatorFact(form, project, s.horizon, branch.level1, group.level2, item.name, item.value, s.label,
                          s.goal_ref, item.slot, item.note, item.prior2, item.prior1, item.span)
            for s in sets for branch in s.branches for group in branch.groups for item in group.items]


def form_info(form: ProjectForm | DeptOverallForm) -> FormInfo:
    if isinstance(form, ProjectForm):
        unit = form.funding.unit if form.funding is not None else MoneyUnit.WAN_YUAN
        return FormInfo(form.id, PROJECT, form.layout.value, form.title, form.name, unit, form.span)
    return FormInfo(form.id, DEPT, "yx_fu2_2", form.title, form.dept_name, MoneyUnit.WAN_YUAN, form.span)
