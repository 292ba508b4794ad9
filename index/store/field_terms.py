"""Terms of the rectification field that jieba's general dictionary splits or misses.

Added to the BM25 tokenizer's private jieba dictionary, so that 八项规定 or 师德师风 are one token
(search mode still emits their parts, so 规定 alone keeps matching). Terms, not unit names: a
unit's name is matched through its parts.
"""

from __future__ import annotations

FIELD_TERMS: tuple[str, ...] = tuple(
    """
    巡视整改 巡察整改 巡视反馈 巡察反馈 巡视组 巡察组 巡视办 巡察办 反馈意见 整改方案 整改台账
    选人用人 干部选拔任用 带病提拔 超职数 八项规定 中央八项规定 四风 形式主义 官僚主义 享乐主义 奢靡之风
    意识形态 意识形态工作责任制 网络意识形态 主体责任 监督责任 第一责任人 一岗双责 党风廉政 党风廉政建设
    全面从严治党 两个维护 两个确立 四个意识 四个自信 两学一做 三会一课 民主生活会 组织生活会
    专题民主生活会 软弱涣散 扫黑除恶 保护伞 小官大贪 三公经费 六项经费 津补贴 个人有关事项
    师德 师德师风 学术不端 立德树人 意识形态阵地 科研经费 招生录取
    问题清单 任务清单 责任清单 对账销号 举一反三 立行立改 以案促改 以改促建 长效机制 回头看
    领导小组 整改领导小组 党工委 党组 党委 卫健委 民政局 管理局 合作区 开发区 高新区 国资委
    养老床位 养老服务 养老机构 养老院 护理院 敬老院 食品留样 黑臭水体 正本清源 雨污分流 营商环境
    民生微实事 城市更新 棚户区改造 保障性住房 法定图则 违法建筑 查违拆违 P2P网贷 对口帮扶
    """.split()
)
