import sys, time, zhibiao, cProfile, pstats
sys.path.insert(0,'benchmarks')
import throughput as T
base = T.realistic(1_000_000) if T.realistic.__code__.co_argcount else T.realistic()
print(len(base))
for n in (50000, 100000, 200000, 370000):
    t = base[:n]
    zhibiao.extract(t[:2000])
    s=time.time(); zhibiao.extract(t); d=time.time()-s
    print(n, round(d,2), round(d/len(t)*1e6,2), "us/char")
cProfile.run('zhibiao.extract(base)','/work/main/.lin.out')
pstats.Stats('/work/main/.lin.out').sort_stats('tottime').print_stats(12)
