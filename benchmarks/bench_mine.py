"""termmine mine against the 2019 post's pipeline and jieba TF-IDF, side by side.

    python benchmarks/bench_mine.py [--cases law,it] [--runs 3]

Needs nlp_zero 0.1.6 (pip install nlp_zero==0.1.6) and the shared corpora next to the checkout.
For each case prints P@100, P@500, P@1000, AP@1000 and R@2000 (as `termmine evaluate` computes them,
gold = gold.txt, recall set = gold_ge5.txt), wall seconds (median of --runs rounds, each running every
system once) and peak RSS of:
- termmine mine with the reference text, with a cached reference table (counted once beforehand, the
  counting timed on its own row) and with the built-in default reference;
- the post's pipeline: nlp_zero Word_Finder on both corpora and the smoothed ratio, as published (words
  in both corpora only) and zero-filled;
- jieba.analyse.extract_tags over the whole domain text (topK=3000).
Then, for the top 500 of each system, how many strings look like numbered references, how many have a
function word at an edge and how many look like fragments, by checks independent of termmine's filters
(see `defects`).
"""
import argparse
import re
import sys
import tempfile
from pathlib import Path

from common import BENCH, corpus, median, print_table, timed

PY = sys.executable
sys.path.insert(0, str(BENCH.parent))
from termmine.evaluate import evaluate_ranking, read_terms  # noqa: E402

NUM = "零〇一二三四五六七八九十百千万两\\d"
NUMBERED = re.compile(f"^第?[{NUM}]+[条款项章节编目号次年月日]?$|第[{NUM}]+[条款项章节]?|^[{NUM}]+[条款项章节]")
EDGE_BOTH = ("的", "了", "在", "和", "与", "或", "及", "对", "把", "被", "将", "从", "于", "以", "而", "并", "等",
             "之")
EDGE_START = EDGE_BOTH + ("应当", "可以", "依照", "按照", "根据", "或者", "以及", "其", "该", "本")
EDGE_END = EDGE_BOTH + ("着", "过", "第", "其", "该", "本")


class Neighbours:
    """Exact counts of a corpus's n-grams (up to 9 tokens) with their most frequent left and right
    neighbour, from termmine's counter (its counts are checked against a naive twin in the tests)."""

    def __init__(self, path):
        import numpy as np

        from termmine.counting import count_ngrams
        from termmine.normalize import Normalizer
        self.table = count_ngrams(path, max_n=8, min_count=2)
        self.normalizer = Normalizer()
        self.normalizer.vocabulary = self.table.vocabulary
        t = self.table
        suffix = t.suffix_links()
        n = t.parent.size
        self.best_right = np.zeros(n, dtype=np.int64)
        self.best_left = np.zeros(n, dtype=np.int64)
        nodes = np.arange(1, n)
        np.maximum.at(self.best_right, t.parent[nodes], t.count[nodes])
        ok = suffix[nodes] > 0
        np.maximum.at(self.best_left, suffix[nodes][ok], t.count[nodes][ok])

    def fragment(self, term):
        tokens = self.normalizer.tokens(term)
        if (tokens == 0).any() or tokens.size == 0 or tokens.size >= self.table.order:
            return False
        v = self.table.find(tokens)
        if v < 0:
            return False
        c = self.table.count[v]
        return max(self.best_right[v], self.best_left[v]) >= 0.8 * c


def defects(terms, neighbours):
    """(numbered, function-word edge, fragment) counts among `terms`.

    fragment: in the domain text the string is followed (or preceded) by one same token in at least 80%
    of its occurrences (级人民 -> 政府/法院..., 巧克 -> 力): it is mostly part of one longer string. The edge
    check is naive on purpose (it also flags 被告人): a ceiling, not a verdict.
    """
    numbered = sum(bool(NUMBERED.search(t)) for t in terms)
    edge = sum(t.startswith(EDGE_START) or t.endswith(EDGE_END) for t in terms)
    fragments = sum(neighbours.fragment(t) for t in terms)
    return numbered, edge, fragments


def run_case(case, tmp, runs=1):
    domain = corpus(case)
    reference = corpus("reference", "reference.txt")
    gold = read_terms(corpus(case, "gold.txt"))
    recall = read_terms(corpus(case, "gold_ge5.txt"))
    neighbours = Neighbours(domain)
    rows, ranked = [], {}
    tm = [PY, "-m", "termmine"]
    table = Path(tmp) / "reference.npz"
    systems = [
        ("termmine mine, reference text", tm + ["mine", domain, "--reference", reference, "-q"]),
        ("termmine count reference (once)", tm + ["count", reference, "-o", table, "-q"]),
        ("termmine mine, cached table", tm + ["mine", domain, "--reference", table, "-q"]),
        ("termmine mine, built-in reference", tm + ["mine", domain, "-q"]),
        ("post pipeline, published", [PY, BENCH / "run_baseline.py", "post", domain, reference]),
        ("post pipeline, zero-filled", [PY, BENCH / "run_baseline.py", "post_zero_fill", domain, reference]),
        ("jieba TF-IDF topK=3000", [PY, BENCH / "run_baseline.py", "jieba", domain, reference]),
    ]
    # every system once per round, rounds one after another, so that a slow spell of the machine
    # falls on all of them alike; wall seconds are medians over the rounds, peak RSS the largest
    walls, peaks = {name: [] for name, _ in systems}, {name: 0.0 for name, _ in systems}
    for _ in range(runs):
        for k, (name, argv) in enumerate(systems):
            out = Path(tmp) / f"{case}-{k}.txt"
            if argv[0] == PY and str(argv[1]).endswith("run_baseline.py"):
                wall, rss, _ = timed(argv + [out])
            elif "count" in argv:
                wall, rss, _ = timed(argv)
            else:
                with open(out, "wb") as f:
                    wall, rss, _ = timed(argv, stdout=f)
            walls[name].append(wall)
            peaks[name] = max(peaks[name], rss)
    for k, (name, argv) in enumerate(systems):
        wall, rss = f"{median(walls[name]):.1f}", f"{peaks[name]:.0f}"
        if "count" in argv:
            rows.append([case, name, "", "", "", "", "", wall, rss, "", "", ""])
            continue
        terms = read_terms(Path(tmp) / f"{case}-{k}.txt")
        ranked[name] = terms
        m = evaluate_ranking(terms, gold, recall)
        top500 = [t.lower() for t in terms if len(t) >= 2][:500]
        numbered, edge, fragments = defects(top500, neighbours)
        rows.append([case, name, f"{m['P@100']:.3f}", f"{m['P@500']:.3f}", f"{m['P@1000']:.3f}",
                     f"{m['AP@1000']:.3f}", f"{m['R@2000']:.3f}", wall, rss, numbered, edge, fragments])
    post = median(walls["post pipeline, published"])
    ratios = " / ".join(f"{post / median(walls[name]):.1f}x" for name, _ in systems
                        if name.startswith("termmine mine"))
    rows.append([case, "speed: post pipeline / termmine (text / table / built-in)", "", "", "", "", "", ratios,
                 "", "", "", ""])
    return rows, ranked


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="law,it")
    parser.add_argument("--show", type=int, default=50, help="print termmine's top N terms per case")
    parser.add_argument("--runs", type=int, default=1, help="rounds of runs; wall seconds are medians")
    args = parser.parse_args()
    all_rows, tops = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.cases.split(","):
            rows, ranked = run_case(case, tmp, args.runs)
            all_rows.extend(rows)
            tops[case] = ranked["termmine mine, built-in reference"][:args.show]
    print_table(["case", "system", "P@100", "P@500", "P@1000", "AP@1000", "R@2000", "wall s", "peak RSS MiB",
                 "numbered in top 500", "edge in top 500", "fragments in top 500"], all_rows)
    for case, terms in tops.items():
        print(f"\n{case}, termmine mine (built-in reference), top {len(terms)}:")
        print(" ".join(terms))


if __name__ == "__main__":
    main()
