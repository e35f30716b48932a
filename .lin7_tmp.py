import sys, time, cProfile, pstats
sys.path.insert(0,'benchmarks')
import throughput as T
import zhibiao
from zhibiao.extract import figures, entities, regions, text as TX
text = T.realistic(1_000_000)
zhibiao.extract(text)
r=TX.reading_text(text).text; regs=regions.find_regions(r); ents=entities.find_entities(r, regs)
cProfile.run('figures.read(r, None, regs, ents, False)','/work/main/.fig.out')
p=pstats.Stats('/work/main/.fig.out'); p.sort_stats('tottime').print_stats(25)
