import sys, time, gc
sys.path.insert(0,'benchmarks')
import throughput as T
import zhibiao
text = T.realistic(1_000_000); warm = T.realistic(4_000)
zhibiao.extract(warm)
for i in range(2):
    t=time.perf_counter(); zhibiao.extract(text); print('run', i, time.perf_counter()-t)
gc.disable()
t=time.perf_counter(); zhibiao.extract(text); print('nogc', time.perf_counter()-t)
