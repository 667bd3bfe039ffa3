"""概况, 情况说明 and 名词解释 of a synthetic filing; every figure is taken from the budget."""

from __future__ import annotations

from decimal import Decimal

from generator.model.codes import CodeScheme, SubjectCode
from generator.model.narrative import (
    Glossary,
    NumberedText,
    Part,
    Profile,
    Section,
    SectionRole,
    Staffing,
    Term,
    TermGroup,
)
from generator.synth import words
from generator.synth.budget import ZERO, Budget
from generator.synth.departments import OTHER_DUTY, UnitKind
from generator.synth.fmt import difference, percent, plain, versus
from generator.synth.reference import ECONOMIC_NAMES, FUNCTION_NAMES, definition

CLASS_ORDER = ("301", "302", "303", "310")


def duties(b: Budget) -> tuple[str, ...]:
    unit = b.unit
    return (*(d.format(town=unit.town or "") for d in unit.spec.duties), OTHER_DUTY)


def profile(b: Budget) -> Profile:
    unit, staff = b.unit, b.staff
    items = tuple(NumberedText(text, words.numbered(i)) for i, text in enumerate(duties(b), 1))
    admin = unit.spec.kind is UnitKind.ADMIN
    kind = "行政编制人数" if admin else "全部补助事业编制人数"
    people = "行政人员" if admin else "全部补助事业人员"
    actual = staff.in_service + staff.temporary
    text = (f"{unit.short}共有预算单位 1个，编制人数 {staff.authorized}人，其中：{kind} {staff.authorized}人；"
            f"实有人数 {actual}人，其中：在职人数 {staff.in_service}人，包括{people} {staff.in_service}人，"
            f"临聘人员 {staff.temporary}人；另有离退休人员 {staff.retired}人。")
    figures = Staffing(
        budget_units=1, authorized=staff.authorized,
        authorized_admin=staff.authorized if admin else None,
        authorized_full_subsidy=None if admin else staff.authorized,
        actual=actual, in_service=staff.in_service,
        in_service_full_subsidy=None if admin else staff.in_service,
        temporary=staff.temporary, retired=staff.retired)
    return Profile(heading=f"第一部分 {unit.short}概况", duties_heading="一、部门主要职责", duties=items,
                   staffing_heading="二、机构设置及人员情况", staffing_text=text, staffing=figures)


def _join(parts: list[str], empty: str = "无") -> str:
    return "、".join(parts) if parts else empty


def _econ_split(amounts: dict[str, Decimal]) -> str:
    return _join([f"{ECONOMIC_NAMES[c]} {plain(amounts[c])}万元" for c in CLASS_ORDER if amounts.get(c)])


def _income(b: Budget, prior: Budget) -> Section:
    total, fiscal, business = b.total, b.sum("fiscal"), b.sum("business")
    text = (f"{b.year}年{b.unit.short}收入预算总额为 {plain(total)}万元，{versus(total, prior.total)}，"
            f"主要原因是{words.reason(total, prior.total)}。其中：财政拨款收入 {plain(fiscal)}万元，"
            f"占收入预算总额的 {percent(fiscal, total)}")
    if business:
        text += f"；事业收入 {plain(business)}万元，占收入预算总额的 {percent(business, total)}"
    return Section("收入预算情况", "（一）", SectionRole.INCOME, (text + "。",))


def _expenditure(b: Budget, prior: Budget) -> Section:
    basic = {c: b.econ_class(c) for c in CLASS_ORDER}
    project: dict[str, Decimal] = {}
    for p in b.projects:
        project[p.spec.econ] = project.get(p.spec.econ, ZERO) + p.amount
    total = b.total
    first = (f"{b.year}年{b.unit.short}支出预算总额为 {plain(total)}万元，{versus(total, prior.total)}。"
             f"其中：按支出项目类别划分：基本支出 {plain(b.sum('basic'))}万元，包括{_econ_split(basic)}；"
             f"项目支出 {plain(b.sum('project'))}万元，包括{_econ_split(project)}。")
    second = "按支出功能科目划分：" + "，".join(
        f"{FUNCTION_NAMES[leaf.code]} {plain(leaf.total)}万元" for leaf in b.leaves) + "。"
    return Section("支出预算情况", "（二）", SectionRole.EXPENDITURE, (first, second))


def _fiscal(b: Budget) -> Section:
    fiscal = b.sum("fiscal")
    items = "；".join(f"{FUNCTION_NAMES[leaf.code]} {plain(leaf.fiscal)}万元，占财政拨款支出的 "
                     f"{percent(leaf.fiscal, fiscal)}" for leaf in b.leaves if leaf.fiscal)
    text = f"{b.year} 年{b.unit.name}财政拨款支出预算 {plain(fiscal)}万元。具体支出情况是：{items}。"
    return Section("财政拨款支出情况", "（三）", SectionRole.FISCAL, (text,))


def _govfund(b: Budget) -> Section:
    govfund = b.sum("govfund")
    if not govfund:
        text = f"本部门 {b.year} 年没有使用政府性基金预算拨款安排的支出。"
    else:
        items = "，".join(f"{FUNCTION_NAMES[leaf.code]} {plain(leaf.govfund)}万元" for leaf in b.leaves if leaf.govfund)
        text = f"本部门 {b.year} 年政府性基金预算拨款支出 {plain(govfund)}万元，其中：{items}。"
    return Section("政府性基金情况", "（四）", SectionRole.GOVFUND, (text,))


def _key_project(b: Budget) -> Section:
    project = max(b.projects, key=lambda p: (p.amount, p.name))
    parts = (("项目概述", words.overview(project, b)), ("立项依据", words.basis(project, b)),
             ("实施主体", b.unit.name), ("实施方案", words.plan(project, b)),
             ("实施周期", f"{b.year} 年 1 月 1 日至 {b.year} 年 12 月 31 日"),
             ("本年度预算安排", f"{plain(project.amount)} 万元"), ("绩效目标", words.annual_goal(project, b.year)))
    subsections = tuple(Section(title, "⑴⑵⑶⑷⑸⑹⑺"[i], paragraphs=(text,)) for i, (title, text) in enumerate(parts))
    return Section(f"重点项目：{project.name}项目情况说明", "（十）", SectionRole.KEY_PROJECT, sections=subsections)


def _three_public(b: Budget, prior: Budget) -> Section:
    _, reception, car_run, car_buy = b.three_public()
    _, was_reception, was_car_run, was_car_buy = prior.three_public()
    total, was = reception + car_run + car_buy, was_reception + was_car_run + was_car_buy
    cause = "按照过“紧日子”和厉行节约的要求，进一步压减公务接待支出" if reception < was_reception else "公务活动安排有所调整"
    cars, were = car_run + car_buy, was_car_run + was_car_buy
    why = "" if cars == were else "主要原因是：" + (
        "公务用车使用年限增加，运行维护费用相应调整" if cars > were else "严控公务用车使用，压减运行维护费用") + "。"
    paragraphs = (
        f"本部门 {b.year} 年度“三公”经费支出预算数为 {plain(total)} 万元，{difference(total, was)}。其中：",
        "（一）因公出国（境）支出预算数为 0 万元。",
        f"（二）公务接待费支出预算数为 {plain(reception)} 万元，{versus(reception, was_reception)}。主要原因是：{cause}。",
        f"（三）公务用车购置及运行维护费支出 {plain(cars)} 万元，其中：公务用车购置 {plain(car_buy)} 万元，"
        f"公务用车运行维护费 {plain(car_run)} 万元，{versus(cars, were)}。{why}",
    )
    return Section(f"{b.year} 年“三公”经费预算情况说明", "二、", SectionRole.THREE_PUBLIC, paragraphs)


def explanation(b: Budget) -> Part:
    prior = b.prior or b
    goods, works, services = b.procurement()
    staff = b.staff
    projects = "；".join(f"{p.name}项目预算金额 {plain(p.amount)}万元" for p in b.projects)
    sections = (
        _income(b, prior), _expenditure(b, prior), _fiscal(b), _govfund(b),
        Section("国有资本经营情况", "（五）", SectionRole.SOE,
                (f"本部门 {b.year} 年没有使用国有资本经营预算拨款安排的支出。",)),
        Section("机关运行经费等重要事项的说明", "（六）", SectionRole.RUNNING_COST,
                (f"{b.year} 年部门机关运行经费预算 {plain(b.running_cost)} 万元，"
                 f"{versus(b.running_cost, prior.running_cost)}。",)),
        Section("政府采购情况", "（七）", SectionRole.PROCUREMENT,
                (f"{b.year} 年部门所属各单位政府采购总额 {plain(goods + works + services)} 万元，其中：政府采购货物预算 "
                 f"{plain(goods)} 万元，政府采购工程预算 {plain(works)} 万元、政府采购服务预算 {plain(services)} 万元。",)),
        Section("国有资产占有使用情况", "（八）", SectionRole.ASSETS, (
            f"截至 {b.year - 1} 年 12 月 31 日，部门共有车辆 {staff.cars + staff.enforcement_cars} 辆，其中，"
            f"一般公务用车 {staff.cars} 辆，执法执勤用车 {staff.enforcement_cars} 辆。",
            f"{b.year} 年部门预算安排购置车辆 0 辆，未安排购置单位价值 200 万元以上大型设备。")),
        Section("绩效目标设置情况", "（九）", SectionRole.PERFORMANCE, (
            f"{b.year}年{b.unit.name}部门预算安排项目 {len(b.projects)}个，项目预算金额合计 "
            f"{plain(b.sum('project'))} 万元，其中：{projects}。",
            "本部门所有项目支出绩效目标表详见绩效目标表。")),
        _key_project(b),
    )
    return Part(
        heading=f"第三部分 {b.unit.short} {b.year} 年部门预算情况说明",
        sections=(Section(f"{b.year} 年部门预算收支情况说明", "一、", sections=sections), _three_public(b, prior)))


INCOME_TERMS = (
    ("财政拨款", "指县级财政当年拨付的资金。"),
    ("事业收入", "指事业单位开展专项业务活动及辅助活动取得的收入。"),
    ("事业单位经营收入", "指事业单位在专项业务活动及辅助活动之外开展非独立核算经营活动取得的收入。"),
    ("其他收入", "指除财政拨款、上级补助收入、事业收入、事业单位经营收入等以外的各项收入。"),
    ("上级补助收入", "指单位从主管部门和上级单位取得的补助收入。"),
)
OTHER_TERMS = (
    ("机关运行经费", "指用一般公共预算财政拨款安排的为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务"
                 "的各项资金，包括办公费、印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、"
                 "办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。"),
    ("“三公”经费", "指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。"),
)


def glossary(b: Budget) -> Glossary:
    income = [Term(term, text, words.numbered(i)) for i, (term, text) in enumerate(INCOME_TERMS, 1)]
    income.append(Term("上年结转和结余", f"填列 {b.year - 1} 年全部结转和结余的资金数，包括当年结转结余资金和历年滚存结转结余资金。",
                       words.numbered(len(income) + 1)))
    spending = tuple(Term(FUNCTION_NAMES[leaf.code], definition(leaf.code), words.numbered(i),
                          SubjectCode(CodeScheme.FUNCTION, leaf.code)) for i, leaf in enumerate(b.leaves, 1))
    other = tuple(Term(term, text, words.numbered(i)) for i, (term, text) in enumerate(OTHER_TERMS, 1))
    return Glossary("第四部分 名词解释", (TermGroup("收入科目", "一、", tuple(income)),
                                     TermGroup("支出科目", "二、", spending), TermGroup("相关专业名词", "三、", other)))


def tables_part(b: Budget) -> Part:
    return Part(heading=f"第二部分 {b.unit.short} {b.year} 年部门预算表", note="（见附表）")
