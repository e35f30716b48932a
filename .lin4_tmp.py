import sys, time, cProfile, pstats
sys.path.insert(0,'benchmarks')
import throughput as T
import zhibiao
text = T.realistic(1_000_000); warm = T.realistic(4_000)
zhibiao.extract(warm)
cProfile.run('zhibiao.extract(text)','/work/main/.first.out')
cProfile.run('zhibiao.extract(text)','/work/main/.second.out')
a=pstats.Stats('/work/main/.first.out'); b=pstats.Stats('/work/main/.second.out')
sa={k:v[2] for k,v in a.stats.items()}; sb={k:v[2] for k,v in b.stats.items()}
diff=sorted(((sa[k]-sb.get(k,0),k) for k in sa), reverse=True)[:12]
for d,k in diff: print(round(d,3), k)
