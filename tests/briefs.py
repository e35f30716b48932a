"""Short invented economic briefs written to files, for the tests that need a small corpus on
disk (batch runs, bulk loads): figures for several cities and years and a target each."""

from __future__ import annotations

from pathlib import Path

PLACES = [("江西省", "南昌市"), ("浙江省", "温州市"), ("四川省", "德阳市"), ("山东省", "烟台市")]
FIGURES = ["地区生产总值", "规模以上工业增加值", "社会消费品零售总额", "固定资产投资"]


def write_briefs(folder: Path, n: int, start: int = 0, kinds: int = 4) -> list[Path]:
    """n briefs in two sub-folders; `kinds` of the places and figures are used."""
    places, figures = PLACES[:kinds], FIGURES[:kinds]
    paths = []
    for i in range(start, start + n):
        province, city = places[i % len(places)]
        year = 2019 + i % 5 if kinds == 4 else 2020 + i % 4
        lines = [f"{city}{year}年经济运行简报（第{i}期）"]
        for j in range(3):
            lines.append(f"{year}年，{city}{figures[(i + j) % kinds]}增长{(i * 7 + j) % 90 / 10 + 1:.1f}%，"
                         f"总量为{100 + i * 3 + j}亿元。")
        lines.append(f"到{year + 3}年，{province}{figures[i % kinds]}年均增长{5 + i % 3}%左右。")
        path = folder / f"part{i % 2}" / f"brief{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
