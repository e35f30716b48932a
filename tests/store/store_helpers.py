"""Documents and corpora written by the store tests themselves."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text

from zhibiao.model import Article, Document, Entity, Fact, Target


# -- documents built by hand: the store must not depend on what the extractor finds ----
def figure_document(doc_id: str, lines: list[tuple[str, str, str, str, float, str, str]],
                    published: str = "2024-01-30", source: str | None = None) -> Document:
    """One sentence per (subject, code, indicator, measure, value, unit, period), with the
    fact, a region entity and, for a period after 2024, a target instead of a fact."""
    text, facts, targets, entities = "", [], [], []
    for subject, code, indicator, measure, value, unit, period in lines:
        sentence = f"{period}年，{subject}{indicator}{'增长' if measure == 'growth' else '为'}{value:g}{unit}。"
        start = len(text)
        text += sentence
        end = start + len(sentence) - 1
        entities.append(Entity("region", subject, start + len(period) + 2, start + len(period) + 2 + len(subject),
                               code))
        if period > "2024":
            targets.append(Target(indicator, measure, value, unit, period, start, end, plan="十四五规划",  # type: ignore[arg-type]
                                  subject=subject, subject_code=code))
        else:
            facts.append(Fact(indicator, measure, value, unit, period, start, end,  # type: ignore[arg-type]
                              subject=subject, subject_code=code))
    return Document(id=doc_id, text=text, published=published, source=source,
                    articles=[Article("news", 0, len(text), title=doc_id)],
                    facts=facts, targets=targets, entities=entities)


JIANGXI = [
    ("江西省", "360000", "规模以上工业增加值", "growth", 5.4, "%", "2023"),
    ("赣州市", "360700", "地区生产总值", "level", 4.6e11, "元", "2023"),
    ("南康区", "360703", "家具产业集群产值", "level", 2.0e11, "元", "2023"),
    ("南昌市", "360100", "规模以上工业增加值", "growth", 7.2, "%", "2022"),
    ("浙江省", "330000", "规模以上工业增加值", "growth", 6.0, "%", "2023"),
    ("江西省", "360000", "数字经济增加值", "growth", 8.0, "%", "2025"),
]

_LINE = re.compile(r"^(?P<subject>\S+?)(?P<code>\d{6}) (?P<indicator>\S+) (?P<value>[\d.]+)(?P<unit>%|元) (?P<period>\d{4})$")


def line_extractor(text: str, published: str | None = None, doc_id: str | None = None,
                   source: str | None = None, title: str | None = None) -> Document:
    """A stand-in extractor for generated files: one fact per line `江西省360000 指标 5.4% 2023`."""
    facts, entities, pos = [], [], 0
    for line in text.splitlines(keepends=True):
        m = _LINE.match(line.rstrip("\n"))
        if m:
            facts.append(Fact(m["indicator"], "growth" if m["unit"] == "%" else "level", float(m["value"]),
                              m["unit"], m["period"], pos, pos + len(line.rstrip("\n")),
                              subject=m["subject"], subject_code=m["code"]))
            entities.append(Entity("region", m["subject"], pos, pos + len(m["subject"]), m["code"]))
        pos += len(line)
    return Document(id=doc_id or "doc", text=text, published=published, source=source, title=title,
                    facts=facts, entities=entities)


REGIONS = [("江西省", "360000"), ("赣州市", "360700"), ("南康区", "360703"), ("南昌市", "360100"),
           ("浙江省", "330000"), ("杭州市", "330100")]
INDICATORS = ["规模以上工业增加值", "地区生产总值", "社会消费品零售总额", "固定资产投资"]


def write_corpus(folder: Path, n: int, lines: int = 5, pad: int = 0) -> list[Path]:
    """n generated documents in the line format, distinct contents; `pad` adds filler text."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        rows = []
        for j in range(lines):
            subject, code = REGIONS[(i + j) % len(REGIONS)]
            indicator = INDICATORS[(i * 7 + j) % len(INDICATORS)]
            rows.append(f"{subject}{code} {indicator} {(i * 13 + j) % 97 + 0.5}% {2019 + (i + j) % 5}")
        filler = ("第" + str(i) + "号通报。发展质量稳步提升，民生保障持续加强。\n") * pad
        path = folder / f"doc{i:04d}.txt"
        path.write_text(f"通报{i}\n" + "\n".join(rows) + "\n" + filler, encoding="utf-8")
        paths.append(path)
    return paths


Extractor = Callable[..., Document]


def reset_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
