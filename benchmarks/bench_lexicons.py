"""How much of a ranking a segmenter already knows: what --new-only leaves out.

    python benchmarks/bench_lexicons.py [--cases law,it] [--top 1000]

For each case (built-in reference), mine once; print how many of the top --top terms jieba's dictionary
holds, and the first 20 terms it does not hold (the head of `termmine mine --new-only`).
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
    rows = []
    for case in args.cases.split(","):
        terms = mine(corpus(case), top=args.top)["term"].tolist()
        known = in_dictionary(terms)
        new = [t for t, k in zip(terms, known) if not k]
        rows.append([case, len(terms), sum(known), " ".join(new[:20])])
    print_table(["case", "top", "known to jieba", "first 20 that jieba lacks"], rows)


if __name__ == "__main__":
    main()
