import sys, time, gc
sys.path.insert(0,'benchmarks')
import throughput as T
import zhibiao
text = T.realistic(1_000_000); warm = T.realistic(4_000)
zhibiao.extract(warm)
if sys.argv[1]=='nogc': gc.disable()
if sys.argv[1]=='freeze': gc.freeze()
t=time.perf_counter(); zhibiao.extract(text); print(sys.argv[1], 'first', time.perf_counter()-t)
