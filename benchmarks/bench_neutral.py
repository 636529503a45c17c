"""Self-contrast: each corpus mined against itself as the reference text gives every term keyness 0.

    python benchmarks/bench_neutral.py [--cases law_sample,law,it]

law_sample is the bundled corpora/law_sample.txt; the others are the shared corpora. Prints, per case and
measure (log_ratio and g2), the number of terms, how many have keyness other than 0, how many have
different domain and reference counts (after rounding the fractional reference count), and the largest
|keyness|.
"""
import argparse
import sys

from common import BENCH, corpus, print_table

sys.path.insert(0, str(BENCH.parent))
import numpy as np  # noqa: E402

from termmine import mine  # noqa: E402


def path_of(case):
    return BENCH.parent / "corpora" / "law_sample.txt" if case == "law_sample" else corpus(case)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="law_sample,law,it")
    args = parser.parse_args()
    rows = []
    for case in args.cases.split(","):
        path = path_of(case)
        for measure in ("log_ratio", "g2"):
            terms = mine(path, reference=[path], measure=measure)
            differ = int((terms["domain_count"] != np.rint(terms["reference_count"])).sum())
            rows.append([case, measure, len(terms), int((terms["keyness"] != 0).sum()), differ,
                         f"{terms['keyness'].abs().max():.3g}"])
    print_table(["case", "measure", "terms", "keyness not 0", "counts differ", "max |keyness|"], rows)


if __name__ == "__main__":
    main()
