"""Indicator grids (绩效指标) for synthetic projects, shaped like each regional layout's template."""

from __future__ import annotations

from generator.model.indicators import (
    Horizon,
    Indicator,
    IndicatorBranch,
    IndicatorGroup,
    IndicatorSet,
    IndicatorValue,
)
from generator.synth.budget import Project
from generator.synth.fmt import plain
from generator.synth.words import pick, satisfaction

QUALITY = (("资金使用合规率", "100%"), ("任务完成率", "≥95%"), ("项目验收合格率", "100%"), ("服务覆盖率", "≥95%"))
IMPROVES = ("有所提升", "明显提升", "持续改善", "稳步提高")


def item(name: str | None, value: str | None = None, slot: str | None = None, note: str | None = None) -> Indicator:
    return Indicator(name=name, slot=slot, value=IndicatorValue.parse(value) if value is not None else None,
                     note=note)


def group(level2: str, *items: Indicator) -> IndicatorGroup:
    return IndicatorGroup(level2, items)


def branch(level1: str, *groups: IndicatorGroup) -> IndicatorBranch:
    return IndicatorBranch(level1, groups)


class Facts:
    """The measurable facts of one project in one year, worded for indicator rows."""

    def __init__(self, project: Project, year: int) -> None:
        spec = project.spec
        self.quantity = item(spec.measure, f"≥{project.quantity}{spec.unit}")
        first = pick(tuple(str(i) for i in range(len(QUALITY))), project.name, "quality")
        self.quality = item(*QUALITY[int(first)])
        self.quality2 = item(*QUALITY[(int(first) + 1) % len(QUALITY)])
        self.budget = item("预算控制数", f"≤{plain(project.amount)}万元")
        self.waste = item("资金成本浪费率", "≤1%")
        self.paid = item("资金拨付及时率", "≥95%")
        self.done = item("项目完成时间", f"{year}年12月底前")
        self.effect = item(spec.effect, pick(IMPROVES, project.name, year))
        self.known = item("社会公众知晓率", "≥90%")
        self.lasting = item("长效管理机制", "逐步健全")
        self.green = item("生态环境改善情况", "无不良影响")
        self.money = item("资金使用效益", "有效发挥")
        self.satisfied = item(f"{spec.target}满意度", f"≥{satisfaction(project, year)}%")


def jx2023(project: Project, year: int) -> tuple[IndicatorSet, ...]:
    f = Facts(project, year)
    return (IndicatorSet(Horizon.ANNUAL, branches=(
        branch("成本指标", group("经济成本指标", f.budget), group("社会成本指标", f.waste)),
        branch("产出指标", group("数量指标", f.quantity), group("质量指标", f.quality), group("时效指标", f.paid, f.done)),
        branch("效益指标", group("社会效益指标", f.effect, f.known)),
        branch("满意度指标", group("服务对象满意度", f.satisfied)),
    )),)


def yx_fu2_1(project: Project, year: int) -> tuple[IndicatorSet, ...]:
    f = Facts(project, year)
    return (IndicatorSet(Horizon.ANNUAL, "项目年度绩效指标", branches=(
        branch("成本指标", group("经济成本指标", f.budget), group("社会成本指标", f.waste),
               group("生态环境成本指标", item("生态环境成本", "无"))),
        branch("产出指标", group("数量指标", f.quantity), group("质量指标", f.quality), group("时效指标", f.done)),
        branch("效益指标", group("经济效益指标", f.money), group("社会效益指标", f.effect),
               group("生态效益指标", f.green)),
        branch("满意度指标", group("服务对象满意度指标", f.satisfied)),
    )),)


def _sg_branches(f: Facts) -> tuple[IndicatorBranch, ...]:
    return (
        branch("产出指标", group("数量指标", f.quantity), group("质量指标", f.quality), group("时效指标", f.done),
               group("成本指标", f.budget)),
        branch("效益指标", group("经济效益指标", f.money), group("社会效益指标", f.effect), group("生态效益指标", f.green),
               group("可持续影响指标", f.lasting), group("社会公众或服务对象满意度指标", f.satisfied)),
    )


def sg2019_fj1_1(project: Project, year: int) -> tuple[IndicatorSet, ...]:
    annual = Facts(project, year)
    lasting = Facts(project, year)
    lasting.done = item("项目实施期限", "长期")
    return (IndicatorSet(Horizon.LONG_TERM, "长期绩效指标", branches=_sg_branches(lasting)),
            IndicatorSet(Horizon.ANNUAL, "年度绩效指标", branches=_sg_branches(annual)))


def sg2019_fj2_1(project: Project, year: int) -> tuple[IndicatorSet, ...]:
    return (IndicatorSet(Horizon.ANNUAL, "专项年度绩效指标", branches=_sg_branches(Facts(project, year))),)


def _slots(level2: str, *named: Indicator, spare: bool = True) -> IndicatorGroup:
    items = [Indicator(name=i.name, slot=f"指标{n}", value=i.value) for n, i in enumerate(named, 1)]
    if spare:
        items.append(Indicator(slot=f"指标{len(items) + 1}"))
    return IndicatorGroup(level2, tuple(items))


def yz2022_public(project: Project, year: int) -> tuple[IndicatorSet, ...]:
    f = Facts(project, year)
    return (IndicatorSet(Horizon.ANNUAL, branches=(
        branch("产出指标", _slots("数量指标", f.quantity), _slots("质量指标", f.quality, f.quality2, spare=False),
               _slots("时效指标", f.done), _slots("成本指标", f.budget)),
        branch("效益指标", _slots("经济效益指标", f.money), _slots("社会效益指标", f.effect),
               _slots("生态效益指标", f.green), _slots("可持续影响指标", f.lasting)),
        branch("满意度指标", _slots("服务对象满意度指标", f.satisfied)),
    )),)
