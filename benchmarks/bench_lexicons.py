"""How much of a ranking a segmenter already knows: what --new-only leaves out.

    python benchmarks/bench_lexicons.py [--cases law,it] [--top 1000]

For each case (built-in reference), mine once; print how many of the top --top terms jieba's dictionary
holds, and the first 20 terms it does not hold (the head of `termmine mine --new-only`). Then the variant
groups of all the terms (`termmine mine --format synonyms`): how many, how many of them join an
abbreviation the corpus defines (a member with Latin letters and one without, or two Chinese ones), and
the first ten.
"""
import argparse
import sys

from common import BENCH, corpus, print_table

sys.path.insert(0, str(BENCH.parent))
from termmine import mine  # noqa: E402
from termmine.filters import in_dictionary  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="law,it")
    parser.add_argument("--top", type=int, default=1000)
    args = parser.parse_args()
    rows, group_rows = [], []
    for case in args.cases.split(","):
        mined = mine(corpus(case))
        terms = mined["term"].tolist()[:args.top]
        known = in_dictionary(terms)
        new = [t for t, k in zip(terms, known) if not k]
        rows.append([case, len(terms), sum(known), " ".join(new[:20])])
        groups = {}
        for term, group in zip(mined["term"], mined["group"]):
            groups.setdefault(group, []).append(term)
        groups = [members for members in groups.values() if len(members) > 1]
        spelled = [g for g in groups if all(_latin(t) for t in g)]
        group_rows.append([case, len(mined), len(groups), len(groups) - len(spelled),
                           "; ".join(",".join(g) for g in groups[:10])])
    print_table(["case", "top", "known to jieba", "first 20 that jieba lacks"], rows)
    print()
    print_table(["case", "terms", "groups", "with an abbreviation", "first ten"], group_rows)


def _latin(term):
    return not any("\u3400" <= ch <= "\u9fff" for ch in term)


if __name__ == "__main__":
    main()
