"""Where a headless commentary begins inside running text: a lexical-cohesion cut.

OCR'd pages often lose a commentary's headline, so the commentary reads as the tail of
the news article above it and only its sign-off line marks its end. A news story keeps
returning to its own subject (its region, its companies); a commentary brings its own
vocabulary. So the cut is the paragraph boundary where hanzi-bigram vectors (tf-idf over
the page's paragraphs) of the text before and after are least alike (TextTiling).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter

_HANZI_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WINDOW = 3


def _bigrams(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for run in _HANZI_RUN.findall(text):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def commentary_start(texts: list[str]) -> int:
    """Index k (1 <= k < len(texts)) of the first paragraph of the commentary.

    ``texts`` are the body paragraphs from the last subhead of the running article to
    the sign-off. The commentary keeps at least its last paragraph, the article at least
    its first. With fewer than two paragraphs there is nothing to cut: returns 0.
    """
    n = len(texts)
    if n < 2:
        return 0
    grams = [_bigrams(t) for t in texts]
    df: Counter[str] = Counter()
    for g in grams:
        df.update(g.keys())
    idf = {k: math.log((n + 1) / (v + 0.5)) for k, v in df.items()}
    vecs = [{k: (1 + math.log(v)) * idf[k] for k, v in g.items()} for g in grams]

    # Window sums are never built: their dot products and norms add up from the pairwise
    # dot products of paragraphs at most 2*_WINDOW-1 apart, each computed once.
    dots: dict[tuple[int, int], float] = {}

    def dot(i: int, j: int) -> float:
        key = (i, j) if i <= j else (j, i)
        if key not in dots:
            a, b = vecs[key[0]], vecs[key[1]]
            if len(a) > len(b):
                a, b = b, a
            dots[key] = sum(x * b.get(k, 0.0) for k, x in a.items())
        return dots[key]

    def similarity(k: int) -> float:
        left = range(max(k - _WINDOW, 0), k)
        right = range(k, min(k + _WINDOW, n))
        cross = sum(dot(i, j) for i in left for j in right)
        nl = math.sqrt(sum(dot(i, j) for i in left for j in left))
        nr = math.sqrt(sum(dot(i, j) for i in right for j in right))
        return cross / (nl * nr) if nl and nr else 0.0

    sims = [similarity(k) for k in range(1, n)]
    # Depth of each valley (TextTiling): how far the similarity dips below the peaks on
    # either side; the deepest valley is the topic change.
    best_k, best_depth = 1, -1.0
    lefts = list(itertools.accumulate(sims, max))
    rights = list(itertools.accumulate(reversed(sims), max))[::-1]
    for j, s in enumerate(sims):
        depth = (lefts[j] - s) + (rights[j] - s)
        if depth > best_depth + 1e-9:
            best_k, best_depth = j + 1, depth
    return best_k
