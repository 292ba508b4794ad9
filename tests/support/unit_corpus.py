"""Thirty small synthetic bulletins from units of every kind, a few of them on one shared problem.

For tests of compare at scale. Each bulletin is short (a handful of chunks) so that embedding all
of them with the real model takes seconds.
"""

from __future__ import annotations

from pathlib import Path

SHARED_QUERY = "公务用车管理不规范怎么整改的"
SHARED_PROBLEM = "关于公务用车管理不规范的问题"

# (bulletin id, issuer as the title names it, unit as the opening names it)
UNITS = [
    ("u01-qingshi", "中共澜州市青石区委", "青石区"),
    ("u02-songhe", "中共澜州市松河县委", "松河县"),
    ("u03-beiling", "中共江宁市北岭区委", "北岭区"),
    ("u04-dongpo", "中共江宁市东坡县委", "东坡县"),
    ("u05-jinshui", "中共海川市金水区委", "金水区"),
    ("u06-yunan", "中共海川市云南县委", "云南县"),
    ("u07-huaxi", "中共西平市花溪区委", "花溪区"),
    ("u08-shanyang", "中共西平市山阳县委", "山阳县"),
    ("u09-lanzhou-city", "中共澜州市委", "澜州市"),
    ("u10-jiangning-city", "中共江宁市委", "江宁市"),
    ("u11-nanhu-univ", "中共南湖大学委员会", "南湖大学"),
    ("u12-xishan-univ", "中共西山理工大学委员会", "西山理工大学"),
    ("u13-donghai-univ", "中共东海师范大学委员会", "东海师范大学"),
    ("u14-health-bureau", "中共澜州市卫生健康委员会党组", "市卫健委"),
    ("u15-civil-affairs", "中共青石区民政局党组", "青石区民政局"),
    ("u16-transport", "中共江宁市交通运输局党组", "市交通运输局"),
    ("u17-education", "中共海川市教育局党组", "市教育局"),
    ("u18-water", "中共西平市水务局党组", "市水务局"),
    ("u19-grid", "中共澜州电网有限公司委员会", "澜州电网公司"),
    ("u20-port", "中共江宁港务集团有限公司委员会", "江宁港务集团"),
    ("u21-invest", "中共海川城市投资集团委员会", "海川城投集团"),
    ("u22-devzone", "中共澜州经济技术开发区工作委员会", "澜州经开区"),
    ("u23-hightech", "中共江宁高新技术产业开发区工作委员会", "江宁高新区"),
    ("u24-baiyun", "中共西平市白云区委", "白云区"),
    ("u25-taoyuan", "中共海川市桃源县委", "桃源县"),
    ("u26-stats", "中共澜州市统计局党组", "市统计局"),
    ("u27-culture", "中共江宁市文化广电旅游局党组", "市文广旅局"),
    ("u28-medical-univ", "中共海川医科大学委员会", "海川医科大学"),
    ("u29-grain", "中共西平粮食储备集团委员会", "西平粮储集团"),
    ("u30-lakeside", "中共江宁市湖滨区委", "湖滨区"),
]
# The bulletins that answer SHARED_QUERY (each with its own figures).
SHARED = {"u03-beiling": (15, 40), "u11-nanhu-univ": (6, 12), "u19-grid": (22, 70), "u26-stats": (3, 9)}

# Problems no other bulletin shares: (problem heading, measure 一是, measure 二是).
TOPICS = [
    ("关于档案数字化进度滞后的问题", "完成历史档案扫描{a}卷", "建立档案借阅登记制度"),
    ("关于河道保洁不及时的问题", "聘用河道保洁员{a}名", "每周巡河{b}次并公布结果"),
    ("关于招商项目落地缓慢的问题", "梳理在谈项目{a}个", "建立项目落地专班"),
    ("关于科研经费报销审核不严的问题", "追回违规报销经费{a}万元", "上线科研经费报销系统"),
    ("关于安全生产隐患排查不彻底的问题", "排查企业{a}家，整改隐患{b}处", "开展应急演练"),
    ("关于基层党支部组织生活不严肃的问题", "整顿软弱涣散党支部{a}个", "规范三会一课记录"),
    ("关于政务服务窗口办事效率不高的问题", "压缩审批时限{a}%", "推行一窗受理"),
    ("关于垃圾分类推进缓慢的问题", "新建分类投放点{a}个", "开展入户宣传{b}场"),
    ("关于青年教师培养不足的问题", "选派青年教师{a}人进修", "实施导师制"),
    ("关于统计数据报送不及时的问题", "培训统计员{a}人次", "建立数据质量抽查制度"),
]


def bulletin_text(n: int, bid: str, issuer: str, unit: str) -> str:
    """One bulletin: title, date, opening, two problems (one shared when ``bid`` is in SHARED)."""
    kind = "巡视" if n % 3 else "巡察"
    year = 2019 + n % 6
    lines = [
        "（本文为测试用合成通报，内容虚构）",
        f"{issuer}关于{kind}整改进展情况的通报",
        f"发布时间：{year}年{n % 12 + 1}月{n % 27 + 1}日　　来源：测试网",
        "",
        f"根据统一部署，{year - 1}年3月至5月，第{n % 9 + 1}{kind}组对{unit}进行了{kind}。现将整改进展情况予以公布。",
        "",
    ]
    problems = []
    if bid in SHARED:
        cars, km = SHARED[bid]
        problems.append(
            (
                SHARED_PROBLEM,
                f"清理超标准配备的公务用车{cars}辆，全部纳入平台统一调度",
                f"安装公务用车北斗定位设备，全年核查行驶记录{km}批次",
            )
        )
    for t in (TOPICS[n % len(TOPICS)], TOPICS[(n * 7 + 3) % len(TOPICS)]):
        if len(problems) < 2 and t[0] not in [p[0] for p in problems]:
            problems.append((t[0], t[1].format(a=n + 5, b=n % 4 + 2), t[2].format(a=n + 5, b=n % 4 + 2)))
    for i, (problem, one, two) in enumerate(problems):
        lines += [f"{'一二'[i]}、{problem}", f"一是{one}。", f"二是{two}。", ""]
    lines += [issuer, f"{year}年{n % 12 + 1}月{n % 27 + 1}日"]
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path) -> list[str]:
    """Write the thirty bulletins into ``folder``; returns their ids in order."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, (bid, issuer, unit) in enumerate(UNITS, start=1):
        (folder / f"{bid}.txt").write_text(bulletin_text(n, bid, issuer, unit), encoding="utf-8")
    return [u[0] for u in UNITS]
