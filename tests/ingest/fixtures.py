"""Fixture documents for the ingest tests, built from text written for these tests.

One passage is rendered as UTF-8, GBK, Big5, UTF-16, HTML, DOCX and a two-column PDF,
so tests (and benchmarks/formats.py) can check that every format reads to the same
facts. ``PAGE`` is a made-up newspaper page with four items and column breaks.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

HEADLINE = "赣南工业经济稳中有进"
BYLINE = "本报记者 周明远 李华"
PARAGRAPHS = [
    "2023年，赣州市规模以上工业增加值增长6.2%，高于全省平均水平0.8个百分点。",
    "全市新增国家级专精特新企业85家，外贸进出口总额达到812.5亿元，同比增长12.4%。",
    "赣州国际陆港全年开行铁海联运班列1260列，完成集装箱吞吐量9.6万标箱。",
]
PASSAGE = "\n\n".join([HEADLINE, BYLINE, *PARAGRAPHS]) + "\n"

# A page: masthead, a reported story with a caption inside and a sentence cut by a
# column break, a commentary signed by its author (its headline lost), a caption, and
# a second story whose byline sits under its headline. Offsets are found by search.
PAGE = (
    "\n区域经济周刊\n\n"
    "□ 本报记者 王立群 孙晓\n\n"
    "湖南县域产业集群加速成长\n\n\n\n"
    "长沙经开区一家工程机械企业的装配车间里，工人正在调试新下线的泵车。 本报记者 孙晓摄\n\n"
    "开年以来，湘江两岸的县域工业园区里，一批新项目陆续投产，订单排到了二季度。\n\n"
    "2023年，湖南省县域规模以上工业增加值增长7.1%，县域经济占全省经济总量的比重"
    "提高到58.3%。浏阳、醴陵等地依托传统优势产业，在\n\n"
    "烟花鞭炮、陶瓷等领域培育出一批龙头企业，带动就业超过20万人。\n\n"
    "园区建设提速\n\n"
    "湖南推动园区“亩均论英雄”改革，全省省级以上园区实现技工贸总收入增长9.6%，"
    "新引进投资额超亿元的项目412个。\n\n"
    "湖南省相关负责人表示，今年将继续推动县域产业向集群化发展，争取新培育"
    "千亿级产业集群2个。\n\n"
    "近来，不少地方把发展银发经济摆上重要位置，出台扶持政策，建设适老化设施，"
    "培育养老服务新业态。老年群体消费需求日趋多元，银发市场空间广阔。\n\n"
    "发展银发经济，要坚持需求导向，丰富适老产品供给，提升养老服务质量，"
    "让老年人买得放心、用得舒心。同时要规范市场秩序，严厉打击针对老年人的消费欺诈。\n\n"
    "还要看到，银发经济涉及面广，需要政府、市场、社会协同发力，"
    "让老年人共享发展成果，安享幸福晚年。\n\n"
    "林晓峰\n\n\n\n"
    "2月3日，游客在浙江省杭州市西湖景区赏梅。 陈建国摄（视觉中国）\n\n"
    "广西糖料蔗喜获丰收\n\n"
    "本报记者 韦丽 莫凡\n\n"
    "眼下正值糖料蔗榨季，广西崇左市的田间地头，收割机来回穿梭，运蔗车辆排起长龙。\n\n"
    "据介绍，2023/2024年榨季广西糖料蔗种植面积稳定在1100万亩以上，预计产糖600万吨左右，"
    "蔗农种蔗收入持续增加。\n"
)


def cjk_font() -> Path | None:
    """A TrueType font with hanzi (fonts-wqy-microhei on Debian), or None."""
    for p in ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
              "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"):
        if Path(p).exists():
            return Path(p)
    return None


def as_html(text: str = PASSAGE, title: str = HEADLINE, script_bytes: int = 0) -> bytes:
    """A news web page: navigation, ads, a comment box and scripts around the article."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    body = "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in paras[1:])
    big = f"<script>var pad = '{'x' * script_bytes}';</script>" if script_bytes else ""
    nav = "".join(f'<li><a href="/c{i}">频道{i}</a></li>' for i in range(12))
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}_新闻频道</title>
<meta property="og:title" content="{html.escape(title)}">
<meta name="pubdate" content="2024-02-05">
<link rel="canonical" href="https://news.example.cn/2024/0205/a1.html">
<script>window.ads = {{"slot": "top"}};</script>{big}
<style>.nav{{color:red}}</style></head>
<body><header><nav class="nav"><ul>{nav}</ul></nav></header>
<div class="ad">广告 限时优惠 点击领取大礼包</div>
<article><h1>{html.escape(title)}</h1>
<div class="info">2024-02-05 09:30 来源：示例日报</div>
{body}
</article>
<aside class="comments"><h3>网友评论</h3><p>说得好，点赞！</p><p>沙发</p></aside>
<footer>版权所有 示例新闻网 联系我们 京ICP备00000000号</footer>
</body></html>"""
    return page.encode("utf-8")


def as_docx(text: str = PASSAGE, table: list[list[str]] | None = None) -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = HEADLINE
    for i, p in enumerate(x for x in text.split("\n\n") if x.strip()):
        if i == 0:
            d.add_heading(p.strip(), level=1)
        else:
            d.add_paragraph(p.strip())
        if table and i == 1:
            t = d.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c_, cell in enumerate(row):
                    t.cell(r, c_).text = cell
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def as_pdf(text: str = PASSAGE, two_columns: bool = True, password: str | None = None) -> bytes | None:
    """A PDF page: the headline across the top, the paragraphs flowing down two columns.

    Lines are wrapped at a fixed number of hanzi, so sentences run across line ends and
    (with two columns) from the bottom of the left column to the top of the right.
    """
    font = cjk_font()
    if font is None:
        return None
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("CJK", str(font), subfontIndex=0))
    buf = io.BytesIO()
    kw: dict[str, object] = {}
    if password:
        from reportlab.lib import pdfencrypt

        kw["encrypt"] = pdfencrypt.StandardEncryption(password, ownerPassword=password + "-owner")
    c = canvas.Canvas(buf, pagesize=A4, **kw)
    _width, height = A4
    size, per_line = 11.0, 16
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    c.setFont("CJK", 18)
    c.drawString(60, height - 70, paras[0])
    lines: list[tuple[str, bool]] = []  # (text, first line of a paragraph)
    for p in paras[1:]:
        chunks = [p[i:i + per_line] for i in range(0, len(p), per_line)]
        lines += [("\u3000\u3000" + ch if j == 0 else ch, j == 0) for j, ch in enumerate(chunks)]
    c.setFont("CJK", size)
    col_x = [60, 60 + per_line * size + 40] if two_columns else [60]
    rows = (len(lines) + len(col_x) - 1) // len(col_x)
    for k, (ln, _first) in enumerate(lines):
        col, row = divmod(k, rows)
        c.drawString(col_x[min(col, len(col_x) - 1)], height - 110 - row * size * 1.6, ln)
    c.showPage()
    c.save()
    return buf.getvalue()
