import glob, zhibiao
from line_profiler import LineProfiler
from zhibiao.extract import figures
texts=[open(f).read() for f in sorted(glob.glob('/work/shared/corpus/*/*.txt'))]+[open('src/zhibiao/samples/page.txt').read()]
big='\n\n'.join(texts*3)
zhibiao.extract(big)
lp=LineProfiler(figures._walk)
lp.runcall(zhibiao.extract, big)
lp.print_stats(output_unit=1e-3)
