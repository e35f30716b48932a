"""A synthetic corpus of regional-development documents, for the scale benchmarks.

    .venv/bin/python benchmarks/corpus.py OUT [--docs 500] [--mb 200] [--chars 1000] [--seed 1]

Writes OUT/<year>/<kind>-<n>.txt: a mix of government work reports, statistical
communiqués and news items with figures and targets, for several regions, years and
indicators. Every sentence comes from templates written for this project; a seed gives
the same corpus byte for byte. --mb stops at that many megabytes instead of --docs files.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

# (province, city, county) triples with their places in the hierarchy.
REGIONS = [
    ("江西省", "赣州市", "瑞金市"), ("浙江省", "宁波市", "慈溪市"), ("广东省", "佛山市", "顺德区"),
    ("四川省", "绵阳市", "江油市"), ("河南省", "洛阳市", "偃师区"), ("湖北省", "宜昌市", "枝江市"),
    ("山东省", "潍坊市", "寿光市"), ("福建省", "泉州市", "晋江市"), ("安徽省", "芜湖市", "无为市"),
    ("陕西省", "宝鸡市", "凤翔区"), ("云南省", "曲靖市", "宣威市"), ("湖南省", "株洲市", "醴陵市"),
]
LEVELS = [  # indicator, unit word, low, high (in that unit)
    ("地区生产总值", "亿元", 300, 9000), ("一般公共预算收入", "亿元", 20, 900),
    ("社会消费品零售总额", "亿元", 100, 4000), ("粮食产量", "万吨", 50, 700),
    ("进出口总额", "亿元", 50, 3000), ("城镇居民人均可支配收入", "元", 30000, 70000),
    ("农村居民人均可支配收入", "元", 12000, 35000), ("常住人口", "万人", 80, 1200),
]
GROWTHS = ["地区生产总值", "规模以上工业增加值", "固定资产投资", "社会消费品零售总额", "一般公共预算收入",
           "进出口总额", "高新技术产业增加值", "数字经济核心产业增加值"]
GOALS = [("地区生产总值", "增长", "%", 4, 8), ("研发经费投入强度", "达到", "%", 2, 4),
         ("常住人口城镇化率", "达到", "%", 55, 75), ("单位地区生产总值能耗", "下降", "%", 2, 4),
         ("新增城镇就业", "达到", "万人", 3, 60), ("森林覆盖率", "稳定在", "%", 40, 70)]
PLANS = ["十四五规划", "十五五规划纲要", "三年行动计划", "高质量发展实施方案"]
OPENINGS = {
    "report": ["{year}年政府工作报告", "关于{place}{year}年国民经济和社会发展计划执行情况的报告"],
    "communique": ["{place}{year}年国民经济和社会发展统计公报", "{place}{year}年经济运行情况通报"],
    "news": ["{place}经济运行稳中向好", "{place}前{months}个月主要经济指标发布", "一组数据看{place}发展新成效"],
}
LEADS = {
    "report": "各位代表：现在，我代表{place}人民政府，向大会报告工作，请予审议，并请政协委员提出意见。",
    "communique": "{place}统计局\n{pub}\n",
    "news": "本报讯（记者 {reporter}）{month}月{day}日，记者从{place}统计局获悉，",
}
REPORTERS = ["林晓", "周安", "陈思远", "何静", "宋立新", "冯雪"]
FILLERS = [
    "全年经济运行总体平稳，结构持续优化，发展质量稳步提升。",
    "重点项目建设加快推进，营商环境持续改善，市场主体活力不断增强。",
    "民生保障扎实有力，城乡居民收入稳步增长，社会事业全面进步。",
    "产业转型升级步伐加快，新动能加速成长，创新驱动作用更加明显。",
    "生态环境质量持续改善，绿色低碳发展取得新进展。",
]


def _level(rng: random.Random, who: str, year: int) -> str:
    indicator, unit, lo, hi = rng.choice(LEVELS)
    value = rng.uniform(lo, hi)
    amount = f"{value:.1f}" if unit != "元" else f"{value:.0f}"
    verb = rng.choice(["达到", "为", "完成"])
    return f"{year}年，{who}{indicator}{verb}{amount}{unit}，比上年增长{rng.uniform(0.5, 12):.1f}%。"


def _growth(rng: random.Random, who: str, year: int) -> str:
    indicator = rng.choice(GROWTHS)
    rate = rng.uniform(-3, 15)
    change = f"增长{rate:.1f}%" if rate >= 0 else f"下降{-rate:.1f}%"
    rank = f"，增速居全省第{rng.randint(1, 11)}位" if rng.random() < 0.3 else ""
    return f"全年{who}{indicator}{change}{rank}。"


def _goal(rng: random.Random, who: str, year: int) -> str:
    indicator, verb, unit, lo, hi = rng.choice(GOALS)
    plan = rng.choice(PLANS)
    deadline = year + rng.randint(1, 5)
    return f"按照{plan}，到{deadline}年，{who}{indicator}{verb}{rng.uniform(lo, hi):.1f}{unit}左右。"


def _this_year(rng: random.Random, who: str, year: int) -> str:
    indicator, verb, unit, lo, hi = rng.choice(GOALS)
    return f"{year + 1}年{who}主要预期目标是：{indicator}{verb}{rng.uniform(lo, hi):.1f}{unit}。"


SENTENCES = {"report": [_level, _growth, _goal, _this_year], "communique": [_level, _growth, _growth],
             "news": [_growth, _level, _goal]}


def document(rng: random.Random, kind: str, year: int, chars: int) -> str:
    """One document of about `chars` characters."""
    province, city, county = rng.choice(REGIONS)
    place = rng.choice((province, city, county))
    month = rng.randint(1, 12)
    title = rng.choice(OPENINGS[kind]).format(place=place, year=year, months=rng.randint(2, 11))
    lead = LEADS[kind].format(place=place, pub=f"{year + 1}年{rng.randint(1, 4)}月{rng.randint(1, 28)}日",
                              reporter=rng.choice(REPORTERS), month=month, day=rng.randint(1, 28))
    lines = [title, lead]
    size = len(title) + len(lead)
    while size < chars:
        who = rng.choice((place, place, "全" + place[-1], province, city, county))
        sentence = rng.choice(SENTENCES[kind])(rng, who, year)
        if rng.random() < 0.25:
            sentence += rng.choice(FILLERS)
        lines.append(sentence)
        size += len(sentence)
    return "\n".join(lines) + "\n"


def generate(out: Path, docs: int | None = None, megabytes: float | None = None, chars: int = 1000,
             seed: int = 1) -> Iterator[Path]:
    """Write the corpus under `out`, yielding each file as it is written."""
    rng = random.Random(seed)
    limit = int(megabytes * 1_000_000) if megabytes else None
    written, n = 0, 0
    while (docs is None or n < docs) and (limit is None or written < limit):
        kind = rng.choices(["report", "communique", "news"], weights=[2, 3, 5])[0]
        year = rng.randint(2018, 2025)
        data = document(rng, kind, year, chars).encode("utf-8")
        path = out / str(year) / f"{kind}-{n:07d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += len(data)
        n += 1
        yield path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=None)
    parser.add_argument("--mb", type=float, default=None)
    parser.add_argument("--chars", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    docs = args.docs if args.docs or args.mb else 500
    n = sum(1 for _ in generate(args.out, docs, args.mb, args.chars, args.seed))
    print(f"wrote {n} documents under {args.out}")


if __name__ == "__main__":
    main()
