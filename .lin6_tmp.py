import sys, time
sys.path.insert(0,'benchmarks')
import throughput as T
import zhibiao
from zhibiao.extract import pipeline, figures, entities, regions, text as TX, periods, units, clauses
from zhibiao.ingest import layout
text = T.realistic(1_000_000)
zhibiao.extract(T.realistic(4000)); zhibiao.extract(text)
def tm(name, f, *a, **k):
    t=time.perf_counter(); r=f(*a, **k); print(f"{name:16s} {time.perf_counter()-t:.3f}"); return r
rt=tm('reading', TX.reading_text, text); r=rt.text
regs=tm('regions', regions._find_regions.__wrapped__ if hasattr(regions._find_regions,'__wrapped__') else regions._find_regions, r)
regs=list(regs)
ents=tm('entities', entities.find_entities, r, regs)
arts=tm('segment', layout.segment, text)
tm('figures', figures.read, r, None, regs, ents, False)
tm('total', zhibiao.extract, text)
import jieba; jieba.initialize(); jieba.lcut('热身')
tm('jieba', jieba.lcut, text)
