import sys, cProfile, pstats
sys.path.insert(0,'benchmarks')
import throughput as T
from zhibiao.ingest import layout
from zhibiao.extract import entities, regions, text as TX
text = T.realistic(1_000_000)
layout.segment(text)
cProfile.run('layout.segment(text)','/work/main/.seg.out')
pstats.Stats('/work/main/.seg.out').sort_stats('tottime').print_stats(8)
r=TX.reading_text(text).text; regs=regions.find_regions(r); entities.find_entities(r, regs)
cProfile.run('entities.find_entities(r, regs)','/work/main/.ent.out')
pstats.Stats('/work/main/.ent.out').sort_stats('tottime').print_stats(10)
