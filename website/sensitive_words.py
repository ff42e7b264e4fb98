"""The starter 敏感词 list shipped with the site (migration website 0006); editors edit it in 代码片段 → 敏感词.

Generic spam terms (gambling, fraud, pornography, weapons, drugs) so the checks before publishing and
comment moderation do something from day one. The bureau adds, deactivates or deletes words as it sees fit.
"""

STARTER_NOTE = "初始词库"

STARTER_WORDS = [
    "赌博",
    "博彩",
    "六合彩",
    "网络赌场",
    "代开发票",
    "办假证",
    "刷单",
    "套现",
    "裸聊",
    "色情",
    "枪支",
    "毒品",
    "冰毒",
]
