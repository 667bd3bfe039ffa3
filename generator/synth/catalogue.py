"""Synthetic counties: regions, 主管部门 and their 预算单位, in a fixed order."""

from __future__ import annotations

import enum
from dataclasses import dataclass

OTHER_DUTY = "完成县委、县政府和上级主管部门交办的其他任务。"


class UnitKind(enum.Enum):
    """单位性质: decides the salary structure and the 医疗 subject."""

    ADMIN = "行政单位"
    CIVIL = "参照公务员法管理事业单位"
    INSTITUTION = "公益类事业单位"


@dataclass(frozen=True, slots=True)
class UnitSpec:
    """A kind of 预算单位; ``{county}`` and ``{town}`` in the name are filled per region."""

    key: str
    name: str
    kind: UnitKind
    main: str
    """功能分类 项 that carries its 基本支出 (行政运行, 事业运行, 高中教育 …)"""
    theme: str
    """project vocabulary (see ``vocab.THEMES``)"""
    staff: tuple[int, int]
    duties: tuple[str, ...]
    fees: bool = False
    """has 事业收入 (fees) that fund some projects"""


@dataclass(frozen=True, slots=True)
class DeptSpec:
    """A 主管部门 and the units under it, the most characteristic unit first."""

    key: str
    name: str
    code: str
    units: tuple[UnitSpec, ...]
    town_units: tuple[UnitSpec, ...] = ()
    """one unit per 乡镇 (中心小学, 卫生院)"""


A, C, INST = UnitKind.ADMIN, UnitKind.CIVIL, UnitKind.INSTITUTION


def _own(name: str, main: str, theme: str, staff: tuple[int, int], *duties: str,
         kind: UnitKind = A) -> UnitSpec:
    """The department's own office (本级)."""
    return UnitSpec("bj", name + "（本级）", kind, main, theme, staff, duties)


DEPARTMENTS: tuple[DeptSpec, ...] = (
    DeptSpec("jyj", "{county}教育体育局", "301", (
        UnitSpec("dyzx", "{county}第一中学", INST, "2050204", "education", (90, 170), (
            "实施普通高中学历教育，促进基础教育发展。",
            "组织开展高中阶段教育教学、学籍管理和学业水平考试工作。",
            "负责学生资助、校园安全和后勤保障工作。",
            "开展教师队伍建设和教育教学研究。"), fees=True),
        _own("{county}教育体育局", "2050101", "edu_admin", (18, 36),
             "贯彻执行国家教育、体育工作的方针政策，拟订全县教育体育事业发展规划并组织实施。",
             "统筹管理全县各级各类学校的教育教学工作，推进义务教育均衡发展。",
             "负责全县教育经费的统筹管理，管理学生资助工作。",
             "负责全县教师队伍建设和教师资格管理工作。",
             "负责全县学校安全稳定和校园周边环境综合治理工作。",
             "组织开展全民健身活动，指导群众体育和青少年体育工作。"),
        UnitSpec("syxx", "{county}实验小学", INST, "2050202", "education", (60, 120), (
            "实施小学义务教育，促进基础教育发展。",
            "开展小学教育教学、学籍管理和课后服务工作。",
            "负责学生营养改善、资助和校园安全工作。")),
        UnitSpec("dezx", "{county}第二中学", INST, "2050203", "education", (60, 130), (
            "实施初中义务教育，促进基础教育发展。",
            "组织开展初中教育教学、学籍管理和中考组织工作。",
            "负责学生资助、寄宿生管理和校园安全工作。")),
        UnitSpec("zz", "{county}职业中等专业学校", INST, "2050302", "education", (40, 90), (
            "实施中等职业学历教育，培养技术技能人才。",
            "开展职业技能培训和产教融合、校企合作工作。",
            "负责中职学生资助和就业指导工作。"), fees=True),
        UnitSpec("yey", "{county}实验幼儿园", INST, "2050201", "education", (20, 50), (
            "实施学前教育，促进幼儿身心健康发展。",
            "开展保育教育和家园共育工作。",
            "负责幼儿园安全和卫生保健工作。"), fees=True),
        UnitSpec("jxxx", "{county}教师进修学校", INST, "2050801", "education", (12, 30), (
            "承担全县中小学教师继续教育和培训工作。",
            "开展教育教学研究和课程改革指导。",
            "组织教师信息技术应用能力提升培训。")),
    ), town_units=(
        UnitSpec("zx", "{county}{town}中心小学", INST, "2050202", "education", (25, 70), (
            "实施{town}小学义务教育，管理辖区村小和教学点。",
            "开展教育教学、学籍管理和留守儿童关爱工作。",
            "负责学生营养改善计划实施和校园安全工作。")),
    )),
    DeptSpec("wjw", "{county}卫生健康委员会", "302", (
        UnitSpec("rmyy", "{county}人民医院", INST, "2100201", "health", (90, 200), (
            "承担全县急危重症和疑难病症的诊疗任务。",
            "开展医疗、预防、保健、康复和健康教育服务。",
            "承担基层医疗卫生机构的业务指导和人员培训。",
            "承担突发公共卫生事件医疗救治任务。"), fees=True),
        _own("{county}卫生健康委员会", "2100101", "health_admin", (16, 32),
             "贯彻执行国民健康政策和卫生健康法律法规，拟订全县卫生健康事业发展规划。",
             "统筹规划全县卫生健康资源配置，指导区域卫生规划的编制和实施。",
             "负责全县疾病预防控制工作，组织实施免疫规划和重大疾病防控。",
             "推进深化医药卫生体制改革，组织实施基本药物制度。",
             "负责全县计划生育管理和服务工作，完善生育政策。"),
        UnitSpec("jkzx", "{county}疾病预防控制中心", INST, "2100401", "health", (25, 60), (
            "承担全县传染病、慢性病和地方病的预防控制工作。",
            "组织实施免疫规划，开展预防接种管理。",
            "开展公共卫生监测、检验检测和突发公共卫生事件处置。")),
        UnitSpec("zyy", "{county}中医院", INST, "2100202", "health", (50, 120), (
            "提供中医药医疗、预防、保健和康复服务。",
            "开展中医药特色专科建设和适宜技术推广。",
            "承担基层中医药服务能力提升的指导工作。"), fees=True),
        UnitSpec("fybjy", "{county}妇幼保健院", INST, "2100403", "health", (30, 80), (
            "承担全县妇女儿童保健和妇幼健康服务工作。",
            "开展孕产妇和儿童系统管理、出生缺陷综合防治。",
            "指导基层医疗卫生机构开展妇幼保健工作。"), fees=True),
    ), town_units=(
        UnitSpec("wsy", "{county}{town}卫生院", INST, "2100302", "health", (12, 40), (
            "承担{town}基本医疗和基本公共卫生服务。",
            "开展家庭医生签约服务和慢性病患者健康管理。",
            "指导辖区村卫生室开展工作。"), fees=True),
    )),
    DeptSpec("rsj", "{county}人力资源和社会保障局", "202", (
        UnitSpec("sbfwzx", "{county}社会保险服务中心", C, "2080109", "social_security", (15, 35), (
            "贯彻落实社会保险法律法规和政策，开展全县社会养老保险业务的组织实施和管理工作。",
            "承办机关事业单位养老保险和职业年金业务。",
            "负责城乡居民基本养老保险参保登记、待遇核定和发放工作。",
            "负责社会保险基金管理、稽核和待遇领取资格认证工作。",
            "负责社会保险信息系统的运行维护和统计报表工作。")),
        _own("{county}人力资源和社会保障局", "2080101", "employment", (15, 30),
             "贯彻执行人力资源和社会保障法律法规，拟订全县人力资源和社会保障事业发展规划。",
             "负责促进就业工作，统筹城乡就业发展和职业技能培训。",
             "统筹推进全县社会保障体系建设，监督管理社会保险基金。",
             "负责事业单位人事管理和工资福利政策的组织实施。",
             "负责劳动保障监察和劳动人事争议调解仲裁工作。"),
        UnitSpec("jyzx", "{county}就业创业服务中心", INST, "2080199", "employment", (8, 20), (
            "负责全县就业创业服务和失业登记工作。",
            "组织实施职业技能培训和创业担保贷款工作。",
            "开展公益性岗位开发管理和就业援助。")),
    )),
    DeptSpec("nyncj", "{county}农业农村局", "401", (
        UnitSpec("njzx", "{county}农业技术推广中心", INST, "2130104", "agriculture", (15, 40), (
            "负责全县农业新技术、新品种的引进、试验和推广。",
            "开展农作物病虫害监测预警和防治指导。",
            "开展耕地质量监测和测土配方施肥工作。")),
        _own("{county}农业农村局", "2130101", "agriculture", (20, 40),
             "贯彻落实党中央关于“三农”工作的方针政策，统筹研究和组织实施全县“三农”工作发展规划。",
             "负责种植业、畜牧业、渔业等农业各产业的监督管理。",
             "负责农产品质量安全监督管理和农业投入品监管。",
             "牵头组织改善农村人居环境，指导乡村治理和农村精神文明建设。",
             "负责高标准农田建设和耕地质量管理。"),
        UnitSpec("xmsy", "{county}畜牧兽医站", INST, "2130104", "agriculture", (8, 25), (
            "负责全县动物疫病防控和强制免疫工作。",
            "开展畜禽养殖技术推广和畜产品质量安全监测。",
            "负责病死畜禽无害化处理的监督指导。")),
    )),
    DeptSpec("mzj", "{county}民政局", "203", (
        UnitSpec("fly", "{county}社会福利院", INST, "2081002", "civil_affairs", (10, 30), (
            "负责特困供养人员、孤儿的集中供养和日常照料。",
            "开展老年人养护、康复和精神慰藉服务。",
            "承担全县养老服务的示范和指导工作。")),
        _own("{county}民政局", "2080201", "civil_affairs", (14, 28),
             "贯彻执行民政工作法律法规，拟订全县民政事业发展规划。",
             "负责全县最低生活保障、特困人员救助供养和临时救助工作。",
             "指导城乡社区治理体系建设和村（居）民委员会建设。",
             "负责养老服务体系建设和儿童福利工作。",
             "负责殡葬管理、婚姻登记和社会组织登记管理工作。"),
        UnitSpec("jzz", "{county}救助管理站", INST, "2082001", "civil_affairs", (5, 12), (
            "负责生活无着的流浪乞讨人员的救助和护送返乡工作。",
            "开展街面巡查和主动救助。",
            "做好受助人员的生活照料和安全管理。")),
    )),
    DeptSpec("czj", "{county}财政局", "106", (
        _own("{county}财政局", "2010601", "finance", (30, 60),
             "贯彻执行财税法律法规，拟订全县财政发展规划和政策。",
             "负责编制年度县级预决算草案并组织执行。",
             "负责政府非税收入管理和政府采购监督管理。",
             "负责县级国有资产管理和政府债务管理。",
             "组织实施全面预算绩效管理。"),
        UnitSpec("tzps", "{county}财政投资评审中心", INST, "2010650", "finance", (6, 15), (
            "承担财政性投资项目预算、结算和决算评审工作。",
            "开展政府投资项目的跟踪评审。",
            "建立评审项目档案和评审数据库。")),
    )),
    DeptSpec("lyj", "{county}林业局", "402", (
        _own("{county}林业局", "2130201", "forestry", (12, 25),
             "贯彻执行林业法律法规，拟订全县林业发展规划。",
             "负责森林资源保护和发展，组织实施造林绿化工作。",
             "负责森林防火和林业有害生物防治工作。",
             "负责自然保护地和野生动植物保护管理。"),
        UnitSpec("lc", "{county}国有林场", INST, "2130205", "forestry", (15, 40), (
            "负责经营区内森林资源培育、保护和管理。",
            "开展国有林场森林防火和有害生物防治。",
            "组织实施公益林管护和森林抚育。")),
    )),
    DeptSpec("slj", "{county}水利局", "403", (
        _own("{county}水利局", "2130301", "water", (14, 30),
             "贯彻执行水利法律法规，拟订全县水利发展规划。",
             "负责水资源的统一监督管理和节约用水工作。",
             "负责水利工程建设与运行管理。",
             "承担水旱灾害防御和河湖长制日常工作。"),
        UnitSpec("skgl", "{county}水库管理所", INST, "2130306", "water", (8, 20), (
            "负责县属水库工程的运行、维护和安全管理。",
            "开展水库大坝安全监测和汛期调度。",
            "做好库区水源保护和水质监测。")),
    )),
    DeptSpec("zjj", "{county}住房和城乡建设局", "405", (
        _own("{county}住房和城乡建设局", "2120101", "urban", (18, 36),
             "贯彻执行住房和城乡建设法律法规，拟订全县城乡建设发展规划。",
             "负责建筑市场和工程质量安全监督管理。",
             "负责城市市政公用设施建设和管理。",
             "推进城镇老旧小区改造和住房保障工作。"),
        UnitSpec("hwgl", "{county}环境卫生管理所", INST, "2120501", "urban", (15, 40), (
            "负责城区道路清扫保洁和生活垃圾收集清运。",
            "负责公共厕所和环卫设施的维护管理。",
            "推进生活垃圾分类工作。")),
        UnitSpec("yllh", "{county}园林绿化所", INST, "2120399", "urban", (10, 25), (
            "负责城区公园、广场和道路绿化的养护管理。",
            "实施城区绿化提升工程。",
            "开展古树名木保护和园林病虫害防治。")),
    )),
    DeptSpec("wglj", "{county}文化广电新闻出版旅游局", "303", (
        UnitSpec("tsg", "{county}图书馆", INST, "2070104", "culture", (8, 20), (
            "负责图书文献的采集、编目、保存和借阅服务。",
            "开展全民阅读推广活动和数字图书馆建设。",
            "指导乡镇综合文化站图书室和农家书屋工作。")),
        _own("{county}文化广电新闻出版旅游局", "2070101", "culture", (14, 28),
             "贯彻执行文化、广电、旅游工作的方针政策，拟订全县文化旅游发展规划。",
             "负责公共文化服务体系建设，组织实施文化惠民工程。",
             "负责文化遗产保护和非物质文化遗产传承工作。",
             "负责文化和旅游市场的行业监管。"),
        UnitSpec("whg", "{county}文化馆", INST, "2070109", "culture", (8, 20), (
            "组织开展群众文化活动和文艺创作。",
            "开展非物质文化遗产保护和传承工作。",
            "指导基层文化队伍建设和业务培训。")),
        UnitSpec("bwg", "{county}博物馆", INST, "2070204", "culture", (6, 15), (
            "负责馆藏文物的收藏、保护和研究。",
            "举办陈列展览，开展社会教育活动。",
            "协助开展不可移动文物保护工作。")),
    )),
    DeptSpec("jtysj", "{county}交通运输局", "406", (
        _own("{county}交通运输局", "2140101", "transport", (16, 30),
             "贯彻执行交通运输法律法规，拟订全县综合交通运输发展规划。",
             "负责公路、水路运输市场监管和客货运输管理。",
             "负责农村公路建设和养护管理。",
             "负责交通运输安全生产监督管理。"),
        UnitSpec("glzx", "{county}公路事业发展中心", INST, "2140106", "transport", (20, 45), (
            "负责县道、乡道的养护和路政管理。",
            "开展公路危桥改造和安全生命防护工程建设。",
            "做好公路水毁修复和应急抢通。")),
    )),
    DeptSpec("zrzyj", "{county}自然资源局", "404", (
        _own("{county}自然资源局", "2200101", "natural", (20, 40),
             "履行全县自然资源资产所有者职责和国土空间用途管制职责。",
             "负责国土空间规划编制和耕地保护工作。",
             "负责土地征收、出让和不动产统一登记工作。",
             "负责地质灾害防治和矿产资源管理。"),
        UnitSpec("bdcdj", "{county}不动产登记中心", INST, "2200106", "natural", (10, 25), (
            "承担全县不动产统一登记的具体工作。",
            "负责不动产登记簿管理和登记资料查询。",
            "推进不动产登记信息化建设。")),
    )),
    DeptSpec("tyjrj", "{county}退役军人事务局", "204", (
        _own("{county}退役军人事务局", "2082801", "veterans", (8, 18),
             "贯彻落实退役军人工作的法律法规和政策。",
             "负责退役军人移交安置、就业创业和权益维护工作。",
             "负责优抚对象抚恤优待工作。",
             "负责烈士纪念设施的保护和管理。"),
        UnitSpec("fwzx", "{county}退役军人服务中心", INST, "2082850", "veterans", (5, 12), (
            "为退役军人提供政策咨询和信息采集服务。",
            "开展退役军人就业创业培训和帮扶援助。",
            "承担退役军人服务站点的业务指导。")),
    )),
    DeptSpec("scjgj", "{county}市场监督管理局", "108", (
        _own("{county}市场监督管理局", "2013801", "market", (40, 80),
             "负责全县市场综合监督管理和市场主体登记注册工作。",
             "负责食品安全、药品安全和特种设备安全监督管理。",
             "负责产品质量安全监督和计量标准化工作。",
             "组织查处价格违法、不正当竞争等违法行为。"),
    )),
    DeptSpec("sfj", "{county}司法局", "109", (
        _own("{county}司法局", "2040601", "justice", (20, 40),
             "负责全面依法治县的统筹协调和法治政府建设。",
             "负责普法宣传和公共法律服务体系建设。",
             "负责人民调解、社区矫正和安置帮教工作。",
             "负责法律援助和律师、公证的监督管理。"),
    )),
    DeptSpec("yjglj", "{county}应急管理局", "110", (
        _own("{county}应急管理局", "2240101", "emergency", (14, 28),
             "负责全县应急管理工作，指导各部门应对安全生产类、自然灾害类突发事件。",
             "负责安全生产综合监督管理和工矿商贸行业安全生产监管。",
             "组织编制应急预案和开展应急演练。",
             "负责救灾物资储备和受灾群众生活救助。"),
    )),
    DeptSpec("fgw", "{county}发展和改革委员会", "104", (
        _own("{county}发展和改革委员会", "2010401", "planning", (15, 30),
             "拟订并组织实施全县国民经济和社会发展规划。",
             "负责全县重大项目的统筹协调和投资管理。",
             "负责价格管理、粮食和物资储备工作。",
             "推进经济体制改革和营商环境优化。"),
    )),
    DeptSpec("tjj", "{county}统计局", "105", (
        _own("{county}统计局", "2010501", "statistics", (10, 20),
             "组织实施全县统计调查和统计监督。",
             "负责国民经济核算和主要统计数据的发布。",
             "组织实施人口、经济、农业等重大国情国力普查。"),
    )),
    DeptSpec("sjj", "{county}审计局", "107", (
        _own("{county}审计局", "2010801", "audit", (14, 28),
             "主管全县审计工作，对财政收支和有关经济活动进行审计监督。",
             "负责领导干部经济责任审计和自然资源资产离任审计。",
             "对政府投资项目和重大政策措施落实情况开展审计。"),
    )),
    DeptSpec("rdbgs", "{county}人大常委会办公室", "101", (
        _own("{county}人大常委会办公室", "2010101", "congress", (15, 30),
             "负责县人民代表大会及其常委会会议的组织和服务工作。",
             "为常委会依法行使立法监督、决定重大事项和人事任免提供服务。",
             "负责人大代表的联络服务和代表建议办理督办工作。"),
    )),
    DeptSpec("zxbgs", "政协{county}委员会办公室", "102", (
        _own("政协{county}委员会办公室", "2010201", "cppcc", (12, 25),
             "负责政协全体会议和常委会议的组织和服务工作。",
             "组织委员开展视察、调研和民主监督活动。",
             "负责提案的征集、交办和督办工作。"),
    )),
    DeptSpec("zfbgs", "{county}人民政府办公室", "103", (
        _own("{county}人民政府办公室", "2010301", "government", (25, 50),
             "负责县政府会议的组织和县政府领导同志日常公务的协助工作。",
             "负责县政府文电处理、督查督办和政务公开工作。",
             "负责信访事项的受理、交办和协调工作。"),
        UnitSpec("zwfw", "{county}政务服务中心", INST, "2010350", "government", (10, 24), (
            "负责政务服务大厅的运行管理和窗口服务。",
            "推进“一网通办”和政务服务事项标准化。",
            "开展12345政务服务便民热线的受理和转办。")),
    )),
    DeptSpec("cl", "{county}残疾人联合会", "206", (
        _own("{county}残疾人联合会", "2081101", "disability", (8, 16),
             "代表残疾人共同利益，维护残疾人合法权益。",
             "开展残疾人康复、教育、就业和社会保障工作。",
             "负责残疾人证的办理和管理。", kind=C),
    )),
    DeptSpec("zgh", "{county}总工会", "501", (
        _own("{county}总工会", "2012901", "mass", (8, 18),
             "维护职工合法权益，参与协调劳动关系。",
             "组织开展职工技能竞赛和劳动模范评选工作。",
             "开展困难职工帮扶和送温暖活动。", kind=C),
    )),
    DeptSpec("fl", "{county}妇女联合会", "503", (
        _own("{county}妇女联合会", "2012901", "mass", (5, 12),
             "维护妇女儿童合法权益，促进男女平等。",
             "开展家庭文明建设和妇女儿童关爱服务。",
             "组织妇女参与经济社会发展，开展巾帼建功活动。", kind=C),
    )),
    DeptSpec("kx", "{county}科学技术协会", "504", (
        _own("{county}科学技术协会", "2012901", "science", (5, 12),
             "组织开展群众性科学技术普及活动。",
             "联系和服务全县科技工作者，开展学术交流。",
             "承担全民科学素质提升的组织协调工作。", kind=C),
    )),
)

TOWNS: tuple[tuple[str, str], ...] = (
    ("城关镇", "chengguan"), ("长宁镇", "changning"), ("南桥镇", "nanqiao"), ("东山乡", "dongshan"),
    ("西河乡", "xihe"), ("白沙镇", "baisha"), ("石门乡", "shimen"), ("桃源镇", "taoyuan"),
    ("金坑乡", "jinkeng"), ("龙泉镇", "longquan"), ("清水乡", "qingshui"), ("黄岗乡", "huanggang"),
    ("柳塘镇", "liutang"), ("梅林乡", "meilin"), ("高田镇", "gaotian"), ("新田乡", "xintian"),
)

COUNTIES: tuple[tuple[str, str], ...] = (
    ("云溪", "yunxi"), ("明川", "mingchuan"), ("桐林", "tonglin"), ("青岚", "qinglan"),
    ("岚河", "lanhe"), ("白川", "baichuan"), ("宁川", "ningchuan"), ("枫溪", "fengxi"),
    ("石岭", "shiling"), ("芦溪", "luxi"), ("檀川", "tanchuan"), ("沐阳", "muyang"),
)

UNITS_PER_REGION = 60
PROVINCE = "江西省"
PREFECTURE = "示例市"


@dataclass(frozen=True, slots=True)
class County:
    """One synthetic 县."""

    index: int
    code: str
    slug: str
    name: str
    short: str
    towns: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Unit:
    """A 预算单位 placed in a county."""

    county: County
    dept: DeptSpec
    spec: UnitSpec
    id: str
    name: str
    code: str
    town: str | None
    serial: int
    """its position in the whole synthetic dataset (drives its random stream)"""

    @property
    def dept_id(self) -> str:
        return f"{self.county.slug}-{self.dept.key}"

    @property
    def dept_name(self) -> str:
        return self.dept.name.format(county=self.county.name)

    @property
    def short(self) -> str:
        """The name without the county prefix, as the narrative refers to the unit."""
        name = self.name.removesuffix("（本级）")
        return "县" + name[len(self.county.name):] if name.startswith(self.county.name) else name


def county(index: int) -> County:
    """The ``index``-th county: a fictional name with a 6-digit code in an unused prefecture."""
    short, slug = COUNTIES[index % len(COUNTIES)]
    rounds = index // len(COUNTIES)
    if rounds:
        short, slug = short + "北南东西"[rounds % 4], f"{slug}{rounds + 1}"
    towns = tuple(TOWNS[(index * 5 + i) % len(TOWNS)] for i in range(12))
    code = f"36{99 - index // 99:02d}{index % 99 + 1:02d}"
    return County(index, code, slug, short + "县", short, towns)


Slot = tuple[DeptSpec, UnitSpec, str | None, int]
"""a department, a unit kind, its 乡镇 (or None) and its number within the department (本级 = 1)"""


def _slots(c: County) -> list[Slot]:
    """All unit places of a county, round-robin over departments so that a few units are varied."""
    queues: list[list[Slot]] = []
    for dept in DEPARTMENTS:
        places: list[tuple[UnitSpec, str | None]] = [(u, None) for u in dept.units]
        places.extend((u, town) for town, _ in c.towns for u in dept.town_units)
        numbers = iter(range(2, len(places) + 2))
        queues.append([(dept, u, town, 1 if u.key == "bj" else next(numbers)) for u, town in places])
    order: list[Slot] = []
    depth = max(len(q) for q in queues)
    for i in range(depth):
        order.extend(q[i] for q in queues if i < len(q))
    return order


def place_units(total: int) -> list[Unit]:
    """``total`` units, filling counties of ``UNITS_PER_REGION`` units each."""
    units: list[Unit] = []
    index = 0
    while len(units) < total:
        c = county(index)
        for dept, spec, town, number in _slots(c)[: min(UNITS_PER_REGION, total - len(units))]:
            town_slug = next((s for n, s in c.towns if n == town), "")
            key = f"{spec.key}-{town_slug}" if town else spec.key
            units.append(Unit(
                county=c, dept=dept, spec=spec, id=f"{c.slug}-{dept.key}-{key}",
                name=spec.name.format(county=c.name, town=town or ""),
                code=f"{dept.code}{number:03d}", town=town, serial=len(units),
            ))
        index += 1
    return units
