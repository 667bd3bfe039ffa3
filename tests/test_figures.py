"""Figures in text (文中数字): printed sentences of the five seeds and the figures a reader finds in them,
every figure of 寻乌's 情况说明 checked by hand, and properties that hold on any text."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load.figures import Found, find_figures
from generator.model.figures import FigureKind, FigureRole

from .conftest import CONTENT, ROOT, SHARED

A, P, C, Y, D = FigureKind.AMOUNT, FigureKind.PERCENT, FigureKind.COUNT, FigureKind.YEAR, FigureKind.DATE
CHANGE, SHARE, LEVEL = FigureRole.CHANGE, FigureRole.SHARE, FigureRole.LEVEL
XUNWU = CONTENT / "xunwu" / "xunwu-sbfwzx" / "2023-budget.yaml"


class Want(NamedTuple):
    """What a reader finds: the figure as printed, read, and what it is said about."""

    text: str
    kind: FigureKind
    value: str | None
    unit: str | None
    about: str | None
    role: FigureRole
    direction: int
    base: str | None
    scope: str | None
    date: str | None


def F(text: str, kind: FigureKind, value: str | None, unit: str | None, about: str | None = None, *,
      role: FigureRole = LEVEL, direction: int = 0, base: str | None = None, scope: str | None = None,
      date: str | None = None) -> Want:
    return Want(text, kind, value, unit, about, role, direction, base, scope, date)


def got(f: Found) -> Want:
    return Want(f.text, f.kind, None if f.value is None else str(f.value), f.unit, f.about, f.role, f.direction,
                f.base, f.scope, f.date)


# -- 1. printed sentences of the seeds and their figures, by hand -----------------------------------------------
# 002 (寻乌) as transcribed in content/xunwu (lines the extraction wrapped are joined); 000, 001, 003 and 004 as
# the lines of the seed text. test_sentences_are_printed proves each one is copied, not invented.

SENTENCES: list[tuple[str, list[Want]]] = [
    # 002 情况说明 (一) 收入预算情况: a total, its change, a count, then 其中 opens a sentence that splits the total
    ("2023年县社保中心收入预算总额为 2495.56万元，同比减少 83%，主要原因是对机关事业单位基本养老保险基金的补助、财政对"
     "城乡居民基本养老保险基金的补助、财政对企业职工基本养老保险基金的补助等 3项事项由财政代编，不编入县社保中心预算。"
     "其中：财政拨款收入 2495.56万元，占收入预算总额的 100%。", [
        F("2023年", Y, "2023", "年"),
        F("2495.56万元", A, "2495.56", "万元", "县社保中心收入预算总额"),
        F("83%", P, "83", "%", "县社保中心收入预算总额", role=CHANGE, direction=-1),
        F("3项", C, "3", "项", "财政对企业职工基本养老保险基金的补助"),
        F("2495.56万元", A, "2495.56", "万元", "财政拨款收入", scope="县社保中心收入预算总额"),
        F("100%", P, "100", "%", "财政拨款收入", role=SHARE, base="收入预算总额", scope="县社保中心收入预算总额"),
    ]),
    # (二) 支出预算情况: 其中 splits the total, 包括 makes 基本支出 the head of the items after it
    ("2023年县社保中心支出预算总额为 2495.56万元，同比减少 83%，主要原因同收入预算情况。其中：按支出项目类别划分："
     "基本支出 353.7万元，包括工资福利支出294.15万元、商品和服务支出 55.95万元，资本性支出 3.6万元。", [
        F("2023年", Y, "2023", "年"),
        F("2495.56万元", A, "2495.56", "万元", "县社保中心支出预算总额"),
        F("83%", P, "83", "%", "县社保中心支出预算总额", role=CHANGE, direction=-1),
        F("353.7万元", A, "353.7", "万元", "基本支出", scope="县社保中心支出预算总额"),
        F("294.15万元", A, "294.15", "万元", "工资福利支出", scope="基本支出"),
        F("55.95万元", A, "55.95", "万元", "商品和服务支出", scope="基本支出"),
        F("3.6万元", A, "3.6", "万元", "资本性支出", scope="基本支出"),
    ]),
    ("项目支出 2141.86万元，包括工资福利支出 1200万元，对个人和家庭补助 905.66万元，其他相关支出 36.2万元。", [
        F("2141.86万元", A, "2141.86", "万元", "项目支出"),
        F("1200万元", A, "1200", "万元", "工资福利支出", scope="项目支出"),
        F("905.66万元", A, "905.66", "万元", "对个人和家庭补助", scope="项目支出"),
        F("36.2万元", A, "36.2", "万元", "其他相关支出", scope="项目支出"),
    ]),
    ("按支出功能科目划分：社会保险经办机构 282.9万元，其他人力资源和社会保障管理事务支出 0.98万元，机关事业单位"
     "基本养老保险缴费支出 31.26 万元，对机关事业单位职业年金的补助 1200万元，死亡抚恤 421.49 万元", [
        F("282.9万元", A, "282.9", "万元", "社会保险经办机构"),
        F("0.98万元", A, "0.98", "万元", "其他人力资源和社会保障管理事务支出"),
        F("31.26 万元", A, "31.26", "万元", "机关事业单位基本养老保险缴费支出"),
        F("1200万元", A, "1200", "万元", "对机关事业单位职业年金的补助"),
        F("421.49 万元", A, "421.49", "万元", "死亡抚恤"),
    ]),
    ("2023 年县社会保险服务中心财政拨款支出预算2495.56万元。", [
        F("2023 年", Y, "2023", "年"),
        F("2495.56万元", A, "2495.56", "万元", "县社会保险服务中心财政拨款支出预算"),
    ]),
    # (三) 财政拨款支出情况: each share is said about the level before it, of the whole named between 占 and 的
    ("具体支出情况是：社会保险经办机构 282.9万元，占财政拨款支出的 11.34%；其他人力资源和社会保障管理事务支出 "
     "0.98万元，占财政拨款支出的 0.04%；", [
        F("282.9万元", A, "282.9", "万元", "社会保险经办机构"),
        F("11.34%", P, "11.34", "%", "社会保险经办机构", role=SHARE, base="财政拨款支出"),
        F("0.98万元", A, "0.98", "万元", "其他人力资源和社会保障管理事务支出"),
        F("0.04%", P, "0.04", "%", "其他人力资源和社会保障管理事务支出", role=SHARE, base="财政拨款支出"),
    ]),
    ("死亡抚恤 421.49 万元，占财政拨款支出的 16.89%；", [
        F("421.49 万元", A, "421.49", "万元", "死亡抚恤"),
        F("16.89%", P, "16.89", "%", "死亡抚恤", role=SHARE, base="财政拨款支出"),
    ]),
    ("事业单位医疗 15.09 万元，占财政拨款支出的 0.6%；住房公积金 23.47万元，占财政拨款支出的 0.94%。", [
        F("15.09 万元", A, "15.09", "万元", "事业单位医疗"),
        F("0.6%", P, "0.6", "%", "事业单位医疗", role=SHARE, base="财政拨款支出"),
        F("23.47万元", A, "23.47", "万元", "住房公积金"),
        F("0.94%", P, "0.94", "%", "住房公积金", role=SHARE, base="财政拨款支出"),
    ]),
    ("本部门 2023 年没有使用政府性基金预算拨款安排的支出。", [F("2023 年", Y, "2023", "年")]),
    # (六): 部门 is a determiner; the space before 。 is printed
    ("2023 年部门机关运行经费预算 55.95 万元，比上年下降 23.22% 。", [
        F("2023 年", Y, "2023", "年"),
        F("55.95 万元", A, "55.95", "万元", "机关运行经费预算"),
        F("23.22%", P, "23.22", "%", "机关运行经费预算", role=CHANGE, direction=-1),
    ]),
    # (七): 其中 after a figure makes it the head of what follows in the sentence
    ("2023 年部门所属各单位政府采购总额 3.6 万元，其中：政府采购货物预算 3.6万元，政府采购工程预算 0 万元、"
     "政府采购服务预算 0 万元。", [
        F("2023 年", Y, "2023", "年"),
        F("3.6 万元", A, "3.6", "万元", "政府采购总额"),
        F("3.6万元", A, "3.6", "万元", "政府采购货物预算", scope="政府采购总额"),
        F("0 万元", A, "0", "万元", "政府采购工程预算", scope="政府采购总额"),
        F("0 万元", A, "0", "万元", "政府采购服务预算", scope="政府采购总额"),
    ]),
    # (八): a date with spaces between its parts; 共有 is a verb, not the subject
    ("截至 2022 年 12 月 31 日，部门共有车辆 0 辆，其中，一般公务用车 0 辆，执法执勤用车 0 辆。", [
        F("2022 年 12 月 31 日", D, None, None, date="2022-12-31"),
        F("0 辆", C, "0", "辆", "车辆"),
        F("0 辆", C, "0", "辆", "一般公务用车", scope="车辆"),
        F("0 辆", C, "0", "辆", "执法执勤用车", scope="车辆"),
    ]),
    ("2023 年部门预算安排购置车辆 0 辆，未安排购置单位价值 200 万元以上大型设备。", [
        F("2023 年", Y, "2023", "年"),
        F("0 辆", C, "0", "辆", "购置车辆"),
        F("200 万元", A, "200", "万元", "未安排购置单位价值"),
    ]),
    # (九): the ASCII `;` printed inside a project's name ends the sentence as `；` does (and clears the scope)
    ("2023年寻乌县社会保险服务中心部门预算安排项目 7个，项目预算金额合计 2141.86 万元，其中：退休、转移人员单位"
     "部分职业年金及记账利息;在职人员调出、辞职等单位补记部分 1200 万元；死亡抚恤金补贴项目预算金额 421.49万元；", [
        F("2023年", Y, "2023", "年"),
        F("7个", C, "7", "个", "寻乌县社会保险服务中心部门预算安排项目"),
        F("2141.86 万元", A, "2141.86", "万元", "项目预算金额"),
        F("1200 万元", A, "1200", "万元", "辞职等单位补记部分"),
        F("421.49万元", A, "421.49", "万元", "死亡抚恤金补贴项目预算金额"),
    ]),
    # (十) ⑵ 立项依据: 文号 are no figures
    ("（赣府厅发〔2015〕79 号）、《江西省人社厅 江西省财政厅关于印发职业年金基金管理实施办法（试行）的通知》（赣人社"
     "〔2018〕37 号）", []),
    ("2023 年 1 月 1 日至 2023 年 12月 31 日", [
        F("2023 年 1 月 1 日", D, None, None, date="2023-01-01"),
        F("2023 年 12月 31 日", D, None, None, date="2023-12-31"),
    ]),
    ("1200 万元", [F("1200 万元", A, "1200", "万元")]),
    ("根据上年度职业年金做实人数预测本年度做实 240 人，预算资金安排 1200 万元。", [
        F("240 人", C, "240", "人", "根据上年度职业年金做实人数预测本年度做实"),
        F("1200 万元", A, "1200", "万元", "预算资金"),
    ]),
    # 二、“三公”经费: a change in 万元 and one in %, both about the level of the sentence
    ("本部门 2023 年度“三公”经费支出预算数为 2 万元，同比减少 1.6万元，下降 45%其中：", [
        F("2023 年度", Y, "2023", "年度"),
        F("2 万元", A, "2", "万元", "“三公”经费支出预算数"),
        F("1.6万元", A, "1.6", "万元", "“三公”经费支出预算数", role=CHANGE, direction=-1),
        F("45%", P, "45", "%", "“三公”经费支出预算数", role=CHANGE, direction=-1),
    ]),
    ("（一）因公出国（境）支出预算数为 0 万元。", [F("0 万元", A, "0", "万元", "因公出国（境）支出预算数")]),
    ("（二）公务接待费支出预算数为 2 万元，较上年下降45%。", [
        F("2 万元", A, "2", "万元", "公务接待费支出预算数"),
        F("45%", P, "45", "%", "公务接待费支出预算数", role=CHANGE, direction=-1),
    ]),
    ("（三）公务用车购置及运行维护费支出 0 万元，比上年增加 0 万元，与上年安排保持一致。", [
        F("0 万元", A, "0", "万元", "公务用车购置及运行维护费支出"),
        F("0 万元", A, "0", "万元", "公务用车购置及运行维护费支出", role=CHANGE, direction=1),
    ]),
    # 002 概况: 其中 and 包括 heads, each cleared at the sentence end (；)
    ("县社保中心共有预算单位 1个，编制人数 26人，其中：全部补助事业编制人数 26人；实有人数 30人，其中：在职人数 "
     "25人，包括全部补助事业人员 25人，临聘人员5人。", [
        F("1个", C, "1", "个", "县社保中心共有预算单位"),
        F("26人", C, "26", "人", "编制人数"),
        F("26人", C, "26", "人", "全部补助事业编制人数", scope="编制人数"),
        F("30人", C, "30", "人", "实有人数"),
        F("25人", C, "25", "人", "在职人数", scope="实有人数"),
        F("25人", C, "25", "人", "全部补助事业人员", scope="在职人数"),
        F("5人", C, "5", "人", "临聘人员", scope="在职人数"),
    ]),
    ("第二部分 县社保中心 2022 年部门预算表", [F("2022 年", Y, "2022", "年")]),
    ("填列 2022 年全部结转和结余的资金数，包括当年结转结余资金和历年滚存结转结余资金。", [
        F("2022 年", Y, "2022", "年"),
    ]),
    ("填报单位:[202002]寻乌县社会保险服务中心 单位：万元", []),
    # 002 project forms: indicator names and values as printed on one line; a comparison sign is not the subject
    ("退休人员职业年金、利息缴纳人数 ≥240人", [F("240人", C, "240", "人", "利息缴纳人数")]),
    ("拨付个人储蓄性养老保险待遇 ≤9300元", [F("9300元", A, "9300", "元", "拨付个人储蓄性养老保险待遇")]),
    ("资金成本浪费率 ≤1%", [F("1%", P, "1", "%", "资金成本浪费率")]),
    # 000 (阳新): an enumeration of years (the first prints no unit), codes, plain counts
    ("2022、2023年主要用于养老保险转移邮寄费用", [F("2022", Y, "2022", None), F("2023年", Y, "2023", "年")]),
    ("2022、2023年用于对机关事业单位参保人数和基金收支情况清理", [
        F("2022", Y, "2022", None),
        F("2023年", Y, "2023", "年"),
    ]),
    ("邮寄单个成本大于或等于10元", [F("10元", A, "10", "元", "邮寄单个成本")]),
    ("类：201 款：01 项：01", []),
    ("养老保险转移寄信数 10000封", [F("10000封", C, "10000", "封", "养老保险转移寄信数")]),
    ("寄信量 9000封 10000封 10000封", [
        F("9000封", C, "9000", "封", "寄信量"),
        F("10000封", C, "10000", "封", "寄信量"),
        F("10000封", C, "10000", "封", "寄信量"),
    ]),
    ("参保人数 24909人", [F("24909人", C, "24909", "人", "参保人数")]),
    ("养老保险生存认证调查户数 400户", [F("400户", C, "400", "户", "养老保险生存认证调查户数")]),
    ("下乡次数 70次", [F("70次", C, "70", "次", "下乡次数")]),
    ("服务人员满意度 ≥95%", [F("95%", P, "95", "%", "服务人员满意度")]),
    ("项目预算数 120万 120万 120万", []),  # 万 alone is no unit
    ("填报日期： 年   月   日 单位：万元", []),
    ("1、  用于养老保险转移邮寄费用", []),
    # 003 (石鼓)
    ("资金总额：74万元", [F("74万元", A, "74", "万元", "资金总额")]),
    ("一、财政拨款：1.5万元", [F("1.5万元", A, "1.5", "万元", "财政拨款")]),
    ("待遇人员基础养老金85每人每月，区级负担7.5元每人每月", [F("7.5元", A, "7.5", "元", "区级负担")]),
    ("石政发【2014】17号、湘财预【2016】79号文、湘人社【2017】66号文", []),
    ("湘人社发〔2017〕26号", []),
    ("2019.1-2019.12", []),
    ("对及时（1个月内）申报死亡的给予100元/人奖励，对举报骗取、冒领养老金待遇的按200元/人给予奖励，"
     "所需资金由区财政负担。", [
        F("1个月", C, "1", "个月"),
        F("100元", A, "100", "元", "申报死亡的"),
        F("200元", A, "200", "元", "冒领养老金待遇的"),
    ]),
    ("丧葬补助金标准为600元/人，所需资金由市、区财政按7:3比例分担。", [F("600元", A, "600", "元", "丧葬补助金标准")]),
    ("属于低保二类、三类的，区政府给予30元补助，所需资金由区财政负担。", [F("30元", A, "30", "元", "区政府")]),
    ("给予经办人员4元一人的代办经费，区级负担50%。", [
        F("4元", A, "4", "元", "给予经办人员"),
        F("50%", P, "50", "%", "区级负担"),
    ]),
    ("填报人：全莉\t联系电话：18373422236       填报日期：2019年5月21日", [
        F("2019年5月21日", D, None, None, date="2019-05-21"),
    ]),
    ("（2019年度）", [F("2019年度", Y, "2019", "年度")]),
    ("\u30005500人受益", [F("5500人", C, "5500", "人")]),
    ("60岁以上的城乡居民", [F("60岁", C, "60", "岁")]),
    ("11430404006258088\u3000", []),
    # 001 (弋阳): table cells separated by tabs
    ("确保“1953年前参军退伍军人生活补助”按时足额发放到位", [F("1953年", Y, "1953", "年")]),
    ("2023年度领取待遇人员预测数\t≥52677人", [
        F("2023年度", Y, "2023", "年度"),
        F("52677人", C, "52677", "人", "领取待遇人员预测数"),
    ]),
    ("县级配套补助资金\t≥1481.36万元", [F("1481.36万元", A, "1481.36", "万元", "县级配套补助资金")]),
    ("支出占收入比重\t=100%", [F("100%", P, "100", "%", "支出", role=SHARE, base="收入")]),
    ("参保人员的满意度\t≥97百分比", [F("97百分比", P, "97", "百分比", "参保人员的满意度")]),
    ("年度资金总额\t1,800,000", []),
    ("2023年度参保人员政府缴费补贴及时到位。", [F("2023年度", Y, "2023", "年度")]),
    ("601-弋阳县人力资源和社会保障局", []),
    # 004 (原州)
    ("2022年原州区部门项目支出预算绩效目标表（公开）", [F("2022年", Y, "2022", "年")]),
    ("本项目2022年度共计安排3万元资金，主要用于养老保险日常工作，项章养老保险经办工作正常开展。", [
        F("2022年度", Y, "2022", "年度"),
        F("3万元", A, "3", "万元"),
    ]),
    ("区社保中心2022年预算特定目标类800万资金，主要用于发放城乡居民养老保险待遇。", [F("2022年", Y, "2022", "年")]),
    ("对年满60周岁并符合待遇领取发放养老金，确实有效的改善人民群众", [F("60周岁", C, "60", "周岁", "对年满")]),
    ("指标1: 2022年底完成", [F("2022年", Y, "2022", "年")]),
    ("19.4万人", [F("19.4万人", C, "19.4", "万人")]),
    ("30-320元", [F("30", A, "30", None), F("320元", A, "320", "元")]),  # a range: the lower bound prints no unit
    ("3万元内", [F("3万元", A, "3", "万元")]),
]


def _joined_seed_texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((SHARED / "seeds").glob("*.txt"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted(CONTENT.glob("*/*/*.yaml"))]
    return texts


def test_sentences_are_printed() -> None:
    """Every sentence of the table is copied from a seed (or from its transcription in content/), not invented."""
    texts = _joined_seed_texts()
    missing = [sentence for sentence, _ in SENTENCES if not any(sentence in text for text in texts)]
    assert missing == []
    assert len(SENTENCES) >= 40


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES, ids=[s[:24] for s, _ in SENTENCES])
def test_printed_sentences(sentence: str, expected: list[Want]) -> None:
    found = find_figures(sentence)
    assert [got(f) for f in found] == expected
    for f in found:
        assert sentence[f.start:f.end] == f.text
        if f.about is None:
            assert (f.about_start, f.about_end) == (-1, -1)
        else:
            assert sentence[f.about_start:f.about_end] == f.about


# -- the principles on text no seed prints ----------------------------------------------------------------------

PRINCIPLES: list[tuple[str, list[Want]]] = [
    ("２０２３年收入２，４９５．５６万元，占比１１．３４％", [  # full-width digits; ， is no thousands separator
        F("２０２３年", Y, "2023", "年"),
        F("４９５．５６万元", A, "495.56", "万元"),
        F("１１．３４％", P, "11.34", "%", role=SHARE),
    ]),
    ("支出合计 2,495.56 万元，较去年持平。", [F("2,495.56 万元", A, "2495.56", "万元", "支出")]),
    ("工资福利支出占基本支出的比重为 80%，比上年增长 5 个百分点。", [
        F("80%", P, "80", "%", "工资福利支出", role=SHARE, base="基本支出"),
        F("5 个百分点", P, "5", "个百分点", "工资福利支出", role=CHANGE, direction=1),
    ]),
    ("机关运行经费比上年减少12.5万元，降幅为 10％。", [
        F("12.5万元", A, "12.5", "万元", "机关运行经费", role=CHANGE, direction=-1),
        F("10％", P, "10", "%", "机关运行经费", role=CHANGE, direction=-1),
    ]),
    ("截至2019年5月，在职200余人，第3条，编号01项，电话0797-2832123，12:00", [
        F("2019年5月", D, None, None, date="2019-05"),
        F("200余人", C, "200", "人", "在职"),
    ]),
    ("支出 100万元（其中：工资 50万元），同比增长 5%。", [
        F("100万元", A, "100", "万元", "支出"),
        F("50万元", A, "50", "万元", "工资", scope="支出"),
        F("5%", P, "5", "%", "工资", role=CHANGE, direction=1, scope="支出"),
    ]),
    ("1、2019-2021年度 下乡3次", [  # a list number is no figure; a range of years is an enumeration
        F("2019", Y, "2019", None),
        F("2021年度", Y, "2021", "年度"),
        F("3次", C, "3", "次", "下乡"),
    ]),
]


@pytest.mark.parametrize(("sentence", "expected"), PRINCIPLES, ids=[s[:16] for s, _ in PRINCIPLES])
def test_principles(sentence: str, expected: list[Want]) -> None:
    assert [got(f) for f in find_figures(sentence)] == expected


# -- 2. every figure of 寻乌's 情况说明, by hand ---------------------------------------------------------------------

XUNWU_EXPLANATION: list[list[tuple[str, FigureKind]]] = [
    # 一、(一) 收入预算情况
    [("2023年", Y), ("2495.56万元", A), ("83%", P), ("3项", C), ("2495.56万元", A), ("100%", P)],
    # (二) 支出预算情况
    [("2023年", Y), ("2495.56万元", A), ("83%", P), ("353.7万元", A), ("294.15万元", A), ("55.95万元", A),
     ("3.6万元", A), ("2141.86万元", A), ("1200万元", A), ("905.66万元", A), ("36.2万元", A)],
    [("282.9万元", A), ("0.98万元", A), ("31.26 万元", A), ("1200万元", A), ("421.49 万元", A), ("49.27万元", A),
     ("295.92万元", A), ("175.18万元", A), ("15.09万元", A), ("23.47万元", A)],
    # (三) 财政拨款支出情况
    [("2023 年", Y), ("2495.56万元", A), ("282.9万元", A), ("11.34%", P), ("0.98万元", A), ("0.04%", P),
     ("31.26万元", A), ("1.26%", P), ("1200万元", A), ("48.08%", P), ("421.49 万元", A), ("16.89%", P),
     ("49.27 万元", A), ("1.97%", P), ("295.92万元", A), ("11.86%", P), ("175.18万元", A), ("7.02%", P),
     ("15.09 万元", A), ("0.6%", P), ("23.47万元", A), ("0.94%", P)],
    # (四) 政府性基金, (五) 国有资本经营
    [("2023 年", Y)],
    [("2023 年", Y)],
    # (六) 机关运行经费
    [("2023 年", Y), ("55.95 万元", A), ("23.22%", P)],
    # (七) 政府采购
    [("2023 年", Y), ("3.6 万元", A), ("3.6万元", A), ("0 万元", A), ("0 万元", A)],
    # (八) 国有资产占有使用
    [("2022 年 12 月 31 日", D), ("0 辆", C), ("0 辆", C), ("0 辆", C)],
    [("2023 年", Y), ("0 辆", C), ("200 万元", A)],
    # (九) 绩效目标设置
    [("2023年", Y), ("7个", C), ("2141.86 万元", A), ("1200 万元", A), ("421.49万元", A), ("13.91 万元", A),
     ("0.84 万元", A), ("35.36 万元", A), ("295.92万元", A), ("174.34 万元", A)],
    [],  # 本部门所有项目支出绩效目标表详见第二部分附表。
    # (十) 重点项目 ⑴–⑺
    [],  # ⑴ 项目概述
    [],  # ⑵ 立项依据: 〔2015〕79 号, 〔2018〕37 号
    [],  # ⑶ 实施主体
    [],  # ⑷ 实施方案
    [("2023 年 1 月 1 日", D), ("2023 年 12月 31 日", D)],  # ⑸ 实施周期
    [("1200 万元", A)],  # ⑹ 本年度预算安排
    [("240 人", C), ("1200 万元", A)],  # ⑺ 绩效目标 (上年度, 本年度 print no digits)
    # 二、“三公”经费
    [("2023 年度", Y), ("2 万元", A), ("1.6万元", A), ("45%", P)],
    [("0 万元", A)],
    [("2 万元", A), ("45%", P)],
    [("0 万元", A), ("0 万元", A)],
]


def _paragraphs(section: dict[str, Any]) -> Iterator[str]:
    yield from section.get("paragraphs") or []
    for child in section.get("sections") or []:
        yield from _paragraphs(child)


def test_every_figure_of_the_xunwu_explanation() -> None:
    """A missed or a spurious figure in any paragraph of 寻乌's 情况说明 fails."""
    filing = yaml.safe_load(XUNWU.read_text(encoding="utf-8"))
    paragraphs = list(_paragraphs(filing["explanation"]))
    assert len(paragraphs) == len(XUNWU_EXPLANATION)
    for paragraph, expected in zip(paragraphs, XUNWU_EXPLANATION, strict=True):
        assert [(f.text, f.kind) for f in find_figures(paragraph)] == expected, paragraph


# -- 3. properties on any text ------------------------------------------------------------------------------------

def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


HOSTILE_FILING = ROOT / "tests/fixtures/valid/hostile/content/evil/evil-unit/2023-budget.yaml"
HOSTILE = [
    *sorted(set(_strings(yaml.safe_load(HOSTILE_FILING.read_text(encoding="utf-8"))))),
    "", "%", "％", "万元", "年", "月", "日", "占", "的", "其中", "包括", "（", "）", "〔", "】", ".", ",", "，", "、",
    "-", "9" * 5000 + "万元", "1" + "0" * 400 + "%", "2023年13月45日", "2023年2月30日", "0000年", "1,2345元",
    "1,234,5678人", "\u202e5人\u202c", "\x00\x01", "\ud7ff", "𝟘𝟙人", "١٢٣人", "１２３人", "⑴⑵①", "占的%", "占比%",
    "同比%", "下降%",
]
ALPHABET = st.sampled_from(list(
    "0123456789０１２３４５６７８９.．,，、 \u3000\t\n年度月日号万亿千元%％‰人个项辆余多占的比重其中包括同比较上年"
    "增加减少下降为是：:；;。（）()〔〕【】“”第部门"
))
SEED_PIECES = [sentence for sentence, _ in SENTENCES] + HOSTILE
TEXTS = st.one_of(
    st.text(),
    st.text(ALPHABET, max_size=80),
    st.lists(st.one_of(st.sampled_from(SEED_PIECES), st.text(ALPHABET, max_size=8)), max_size=8).map("".join),
)
PROPERTIES = settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text: str) -> None:
    found = find_figures(text)
    previous_end = 0
    for f in found:
        assert 0 <= previous_end <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
        if f.about is None:
            assert (f.about_start, f.about_end) == (-1, -1)
        else:
            assert 0 <= f.about_start < f.about_end <= len(text)
            assert text[f.about_start:f.about_end] == f.about
        assert (f.value is None) == (f.kind is D)
        assert (f.date is None) == (f.kind is not D)
        assert f.direction in (-1, 0, 1)
        previous_end = f.end


@PROPERTIES
@given(TEXTS)
def test_any_text(text: str) -> None:
    """Never raises; every figure lies in the text, as printed, in order and without overlap."""
    _check(text)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_strings(text: str) -> None:
    _check(text)


def test_a_megabyte_of_digits_and_spaces_is_read_in_bounded_time() -> None:
    """A guard against hostile input, not a speed measurement: linear work takes a fraction of a second here,
    quadratic work would take hours, so the bound is set far above the first and far below the second."""
    rng = random.Random(1)
    text = "".join(rng.choice("0123456789 ") for _ in range(1_000_000))
    started = time.perf_counter()
    _check(text)
    assert time.perf_counter() - started < 20.0


PATHOLOGICAL = ["1 万元，", "2023 年 ", "2001、", "1-", "1,000,", "其中", "为", "（", "）", "占", "比上年",
                "2023年1月1日", "5人 ", "9" * 999 + " "]


@pytest.mark.parametrize("piece", PATHOLOGICAL)
def test_no_pattern_backtracks(piece: str) -> None:
    """100 KB of one repeated piece: linear work takes a fraction of a second, quadratic work would take hours
    (a guard against hostile input with a bound far from both, not a speed measurement)."""
    text = piece * (100_000 // len(piece)) + "5万元"
    started = time.perf_counter()
    _check(text)
    assert time.perf_counter() - started < 20.0
