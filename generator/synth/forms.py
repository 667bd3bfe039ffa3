"""项目支出绩效目标表 in the five regional layouts, and the 阳新 部门整体绩效目标申报表."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from generator.model.forms import (
    CheckboxGroup,
    DeptFunds,
    DeptOverallForm,
    DeptProject,
    DetailBudget,
    DetailItem,
    FormLayout,
    Funding,
    FundingScope,
    FundRow,
    Goals,
    Person,
    ProjectForm,
    Review,
    ScheduleRow,
    ScopedGoal,
)
from generator.model.indicators import Horizon, Indicator, IndicatorSet, IndicatorValue
from generator.model.money import MoneyUnit
from generator.model.narrative import NumberedText
from generator.synth import indicators, words
from generator.synth.budget import BUSINESS, GOVFUND, ZERO, Budget, Project
from generator.synth.fmt import amount, percent, plain
from generator.synth.narrative import duties

LAYOUTS = (FormLayout.JX2023, FormLayout.YX_FU2_1, FormLayout.SG2019_FJ1_1, FormLayout.SG2019_FJ2_1,
           FormLayout.YZ2022_PUBLIC)
DETAILS = {
    "301": ("人员劳务补助", "社会保险单位缴费"),
    "302": ("业务工作开展费用", "宣传及印刷费用", "劳务及委托业务费用"),
    "303": ("补助资金发放", "资金发放手续费"),
    "310": ("设备及材料购置", "安装及验收费用"),
}
REVIEWS = (Review("财政部门预算管理科室审核意见"), Review("财政绩效管理部门审核意见"))


def _sources(p: Project) -> tuple[Decimal, Decimal, Decimal]:
    """(一般公共预算, 政府性基金, 其他资金) of a project."""
    if p.fund == GOVFUND:
        return ZERO, p.amount, ZERO
    if p.fund == BUSINESS:
        return ZERO, ZERO, p.amount
    return p.amount, ZERO, ZERO


def _goals(p: Project, year: int) -> Goals:
    return Goals(long_term=(words.long_goal(p),), annual=(words.annual_goal(p, year),))


def _filled(b: Budget, p: Project) -> str:
    return f"{b.year - 1}年{words.pick(('10', '11', '12'), p.name, 'month')}月" \
           f"{words.pick(tuple(str(d) for d in range(1, 29)), p.name, 'day')}日"


def _details(p: Project) -> DetailBudget:
    """Two or three detail lines that add up to the annual amount."""
    names = DETAILS[p.spec.econ]
    count = 1 if p.amount < 2 else min(len(names), 2 + int(words.pick(("0", "1"), p.name)))
    cents = int(p.amount * 100)
    parts = [cents * (count - i) // (count * (count + 1) // 2) for i in range(count)]
    parts[0] += cents - sum(parts)
    items = tuple(DetailItem(f"{i}、{names[i - 1]}", amount(Decimal(c) / 100)) for i, c in enumerate(parts, 1))
    return DetailBudget(items, amount(p.amount))


def _history(b: Budget, p: Project) -> str:
    before = next((q for q in b.prior.projects if q.name == p.name), None) if b.prior else None
    if before is None or p.started == b.year:
        return f"该项目为{b.year}年新增项目。"
    return (f"{b.year - 2}、{b.year - 1}年主要用于{p.spec.measure}等相关工作，上年预算 {plain(before.amount)} 万元，"
            f"本年预算 {plain(p.amount)} 万元。")


def jx2023(b: Budget, p: Project, ident: str) -> ProjectForm:
    general, govfund, other = _sources(p)
    unit = b.unit
    return ProjectForm(
        id=ident, layout=FormLayout.JX2023, title="项目支出绩效目标表", subtitle=f"（{b.year}年度）",
        declared_year=b.year, name=p.name, supervisor=f"{unit.dept.code}-{unit.dept_name}", implementer=unit.name,
        funding=Funding(MoneyUnit.WAN_YUAN, "项目资金（万元）", annual=amount(p.amount),
                        fiscal=amount(general + govfund), other=amount(other), carryover=amount(ZERO)),
        goals=Goals(annual=(words.annual_goal(p, b.year),)), indicator_sets=indicators.jx2023(p, b.year))


def yx_fu2_1(b: Budget, p: Project, ident: str) -> ProjectForm:
    general, govfund, other = _sources(p)
    unit = b.unit
    code = p.code
    category = "特定目标类——转移性支出项目" if p.spec.econ == "303" else "特定目标类——本级支出项目"
    return ProjectForm(
        id=ident, layout=FormLayout.YX_FU2_1, title="项目支出绩效目标申报表", form_label="附2-1",
        subtitle="（本表在项目库审核阶段报送）", applicant=unit.name, unit_label="单位：万元", name=p.name,
        parent_project=f"{unit.dept_name.removeprefix(unit.county.name)}专项业务经费", supervisor=unit.dept_name,
        attributes=(
            CheckboxGroup("项目属性", ("持续性项目", "新增项目"),
                          ("新增项目",) if p.started == b.year else ("持续性项目",)),
            CheckboxGroup("项目分类", ("常年性项目", "延续性项目", "一次性项目"), (p.recurrence,)),
            CheckboxGroup("项目类别", ("其他运转类", "特定目标类——本级支出项目", "特定目标类——转移性支出项目"),
                          (category,))),
        funding=Funding(MoneyUnit.WAN_YUAN, total_budget=amount(p.total), annual=amount(p.amount),
                        fiscal=amount(general) if general else None, govfund=amount(govfund) if govfund else None,
                        other=amount(other) if other else None),
        function_subject=f"类：{code[:3]} 款：{code[3:5]} 项：{code[5:]}", overview=words.overview(p, b),
        history=_history(b, p), detail_budget=_details(p),
        calculation_basis=f"按照{p.spec.measure}{p.quantity}{p.spec.unit}及相关支出标准测算，共需资金{plain(p.amount)}万元。",
        goals=_goals(p, b.year), indicator_sets=indicators.yx_fu2_1(p, b.year))


def _schedule(b: Budget, p: Project) -> tuple[ScheduleRow, ...]:
    y = b.year
    return (ScheduleRow(f"1、{p.name}前期准备", f"{y}.1", f"{y}.3"),
            ScheduleRow(f"2、组织实施{p.name}", f"{y}.4", f"{y}.11"),
            ScheduleRow("3、绩效自评和资金清算", f"{y}.12", f"{y}.12"))


def _people(b: Budget, p: Project, lead: bool) -> tuple[Person, ...]:
    unit = b.unit
    filler = Person("填报人", words.person(unit.id, "filler"), words.phone(unit.id, "filler"))
    if not lead:
        return (filler,)
    return (Person("项目负责人", words.person(unit.id, p.name), words.phone(unit.id, p.name)), filler)


def sg2019_fj1_1(b: Budget, p: Project, ident: str) -> ProjectForm:
    general, govfund, other = _sources(p)
    unit = b.unit
    return ProjectForm(
        id=ident, layout=FormLayout.SG2019_FJ1_1, title="项目绩效目标申报表", form_label="附件1-1",
        subtitle=f"（{b.year}年度）", declared_year=b.year, name=p.name,
        attributes=(CheckboxGroup("项目属性", ("新增项目", "延续项目"),
                                  ("新增项目",) if p.started == b.year else ("延续项目",)),),
        supervisor=unit.dept_name, supervisor_code=unit.dept.code, implementer=unit.name, people=_people(b, p, True),
        period=f"{b.year}.1-{b.year}.12",
        funding=Funding(MoneyUnit.WAN_YUAN, "项目资金申请（万元）", annual=amount(p.amount, "万元"),
                        fiscal=amount(general + govfund, "万元") if general + govfund else None,
                        own_funds=amount(other, "万元") if other else None),
        overview=words.overview(p, b), basis=words.basis(p, b),
        feasibility=f"项目符合{unit.short}职能定位，实施方案明确，资金测算依据充分。",
        necessity=f"实施该项目是提升{p.spec.effect}的需要。", schedule=_schedule(b, p), goals=_goals(p, b.year),
        indicator_sets=indicators.sg2019_fj1_1(p, b.year), reviews=REVIEWS, filled_on=_filled(b, p))


def sg2019_fj2_1(b: Budget, p: Project, ident: str) -> ProjectForm:
    unit = b.unit
    return ProjectForm(
        id=ident, layout=FormLayout.SG2019_FJ2_1, title="专项资金绩效目标申报表", form_label="附件2-1",
        subtitle=f"（{b.year}年度）", declared_year=b.year, name=p.name,
        attributes=(CheckboxGroup("专项属性", ("延续专项", "新增专项"),
                                  ("新增专项",) if p.started == b.year else ("延续专项",)),),
        implementer=unit.name, people=_people(b, p, False),
        funding=Funding(MoneyUnit.WAN_YUAN, "资金总额（万元）", annual=amount(p.amount)),
        duties_summary="\n".join(duties(b)[:2]), basis=words.basis(p, b), schedule=_schedule(b, p)[1:],
        goals=_goals(p, b.year), indicator_sets=indicators.sg2019_fj2_1(p, b.year),
        safeguards="建立项目资金管理制度，专款专用，按进度拨付，年底开展绩效自评。", reviews=REVIEWS,
        filled_on=_filled(b, p))


def yz2022_public(b: Budget, p: Project, ident: str) -> ProjectForm:
    general, govfund, other = _sources(p)
    unit = b.unit
    scopes = tuple(FundingScope(scope, f"年度资金总额（含{scope}）", amount(p.amount), amount(general + govfund),
                                amount(other)) for scope in ("本级和市县", "本级"))
    goal = f"{unit.short}{b.year}年安排{p.name}资金{plain(p.amount)}万元，" + words.annual_goal(p, b.year)
    return ProjectForm(
        id=ident, layout=FormLayout.YZ2022_PUBLIC, title=f"{b.year}年{unit.county.name}部门项目支出预算绩效目标表（公开表样）",
        declared_year=b.year, name=p.name, supervisor=unit.dept_name, implementer=unit.name,
        attribute_text="运转类其他项目" if p.spec.econ in ("301", "302") else "特定目标类项目",
        term="一年期" if p.recurrence != "延续性项目" else "多年期",
        funding=Funding(MoneyUnit.WAN_YUAN, "项目资金 (万元)", scopes=scopes),
        goals=Goals(scoped=(ScopedGoal("本级和市县", goal, "年度总体绩效目标（含本级和市县）"),
                            ScopedGoal("本级", goal, "年度绩效目标（含本级）"))),
        indicator_sets=indicators.yz2022_public(p, b.year))


BUILDERS: dict[FormLayout, Callable[[Budget, Project, str], ProjectForm]] = {
    FormLayout.JX2023: jx2023, FormLayout.YX_FU2_1: yx_fu2_1, FormLayout.SG2019_FJ1_1: sg2019_fj1_1,
    FormLayout.SG2019_FJ2_1: sg2019_fj2_1, FormLayout.YZ2022_PUBLIC: yz2022_public,
}


def project_forms(b: Budget) -> tuple[ProjectForm, ...]:
    """One form per project, the layouts taken in turn."""
    return tuple(BUILDERS[LAYOUTS[(b.unit.serial + i) % len(LAYOUTS)]](b, p, f"p{i + 1:02d}")
                 for i, p in enumerate(b.projects))


def _fund_rows(current: tuple[Decimal, ...], history: list[tuple[Decimal, ...]],
               names: tuple[str, str]) -> tuple[FundRow, ...]:
    """Two component rows and their 合计, with 占比 of the current year."""
    total = sum(current, ZERO)
    rows = [FundRow(name, amount(value), percent(value, total), tuple(amount(h[i]) for h in history))
            for i, (name, value) in enumerate(zip(names, current, strict=True))]
    rows.append(FundRow("合   计", amount(total), "100%", tuple(amount(sum(h, ZERO)) for h in history)))
    return tuple(rows)


def _value(text: str) -> IndicatorValue:
    return IndicatorValue.parse(text)


def dept_overall_form(b: Budget) -> DeptOverallForm:
    """部门整体绩效目标申报表 with two years of history."""
    history = [x for x in (b.prior.prior if b.prior else None, b.prior) if x is not None]
    income = _fund_rows((b.sum("fiscal"), b.sum("business")),
                        [(h.sum("fiscal"), h.sum("business")) for h in history], ("财政拨款", "其他资金"))
    spending = _fund_rows((b.sum("basic"), b.sum("project")),
                          [(h.sum("basic"), h.sum("project")) for h in history], ("基本支出", "项目支出"))
    older = [h.total for h in history]
    cost = Indicator(name="部门预算总额", value=_value(f"{plain(b.total)}万元"),
                     prior2=_value(f"{plain(older[0])}万元") if len(older) > 1 else None,
                     prior1=_value(f"{plain(older[-1])}万元") if older else None)
    count = Indicator(name="实施项目个数", value=_value(f"{len(b.projects)}个"),
                      prior2=_value(f"{len(history[0].projects)}个") if len(history) > 1 else None,
                      prior1=_value(f"{len(history[-1].projects)}个") if history else None)
    steady = tuple(Indicator(name=n, value=_value(v), prior2=_value(v), prior1=_value(v))
                   for n, v in (("预算执行率", "≥95%"), ("资金拨付及时率", "≥95%"), ("履职能力", "有所提升"),
                                ("服务对象满意度", "≥90%")))
    g = indicators.group
    annual = IndicatorSet(Horizon.ANNUAL, "年度绩效指标", "年度目标1", branches=(
        indicators.branch("成本指标", g("经济成本指标", cost)),
        indicators.branch("产出指标", g("数量指标", count), g("质量指标", steady[0]), g("时效指标", steady[1])),
        indicators.branch("效益指标", g("社会效益指标", steady[2])),
        indicators.branch("满意度指标", g("服务对象满意度指标", steady[3]))))
    lasting = IndicatorSet(Horizon.LONG_TERM, "长期绩效指标", "长期目标1", branches=(
        indicators.branch("产出指标", g("质量指标", indicators.item("预算执行率", "≥95%"))),
        indicators.branch("效益指标", g("社会效益指标", indicators.item("履职能力", "持续提升"))),
        indicators.branch("满意度指标", g("服务对象满意度指标", indicators.item("服务对象满意度", "≥90%")))))
    unit = b.unit
    return DeptOverallForm(
        id="d01", title="部门整体绩效目标申报表", form_label="附2-2", filled_on=f"{b.year - 1}年12月20日",
        unit_label="单位：万元", dept_name=unit.name,
        preparer=Person("填报人", words.person(unit.id, "filler"), words.phone(unit.id, "filler")),
        funds=DeptFunds(tuple(f"{h.year}  年" for h in history), income, spending),
        functions=tuple(NumberedText(t, f"{i}、") for i, t in enumerate(duties(b), 1)),
        annual_tasks=tuple(NumberedText(f"完成{p.name}，{p.spec.measure}达到{p.quantity}{p.spec.unit}；", f"{i}、")
                           for i, p in enumerate(b.projects, 1)),
        projects=tuple(DeptProject(p.name, p.recurrence, amount(p.total), amount(p.amount), words.overview(p, b))
                       for p in b.projects),
        long_term_goals=(f"全面履行{unit.short}职能，持续提升服务质量和效率。", "规范预算管理，提高财政资金使用效益。"),
        annual_goals=(f"完成{b.year}年度各项工作任务。", "项目支出预算执行率达到95%以上。"),
        indicator_sets=(lasting, annual))
