import cProfile, pstats, glob, zhibiao
texts=[open(f).read() for f in sorted(glob.glob('/work/shared/corpus/*/*.txt'))]+[open('src/zhibiao/samples/page.txt').read()]
big='\n\n'.join(texts*6)
zhibiao.extract('预热 2023年增长5%'); zhibiao.extract(big)
cProfile.run('zhibiao.extract(big)','/work/main/.prof.out')
p=pstats.Stats('/work/main/.prof.out'); p.sort_stats('tottime').print_stats(22)
