import sys, time, zhibiao, cProfile, pstats
sys.path.insert(0,'benchmarks')
import throughput as T
for name, fn in (("regions", T._regions), ("growth", T._growth_list)):
    for n in (50000, 200000):
        t = fn(n)
        zhibiao.extract(t[:1000])
        s=time.time(); zhibiao.extract(t); d=time.time()-s
        print(name, n, round(d,2), round(d/len(t)*1e6,2), "us/char")
t=T._regions(200000)
cProfile.run('zhibiao.extract(t)','/work/main/.lin.out')
pstats.Stats('/work/main/.lin.out').sort_stats('tottime').print_stats(8)
