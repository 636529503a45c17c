"""Lists for blind reading, on every quality case (benchmarks/quality_cases.py), and their scores.

    python benchmarks/bench_quality.py OUT [--checkout DIR] [--cases law,it,...] [--labels LABELS.tsv]
                                           [--mine-args "--termhood-weight 0"]

Runs `termmine mine` of the checkout DIR (default: this one) on each case, with the built-in reference or
with the recipe's reference text minus the case's own lines, and writes into OUT, per case:
CASE.tsv (the ranking), CASE.top100.txt (its first 100 strings of two characters or more) and
CASE.sample.txt (50 strings drawn, seed 7, from ranks 101-1000 of those strings). Prints, per case, the
corpus size, the wall time, the share of the top 1000 that the reference has never seen (reference_count
0), and the two lists for reading (of a set-aside case only with --show-set-aside: it is read at the end,
blind, from the files in OUT); with --labels (string<TAB>T|G|F, as ../shared/quality/blind.py reads
them), the T/G/F shares of the top 100 and of the sample instead of the lists.
"""
import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, print_table
from quality_cases import CASES, SET_ASIDE, build


def ranked(path):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return rows


def strings(rows):
    seen, out = set(), []
    for row in rows:
        term = row["term"].strip()
        if len(term) >= 2 and term not in seen:
            seen.add(term)
            out.append(term)
    return out


def sample(terms, first=101, last=1000, n=50, seed=7):
    window = terms[first - 1:last]
    return random.Random(seed).sample(window, min(n, len(window)))


def shares(labels, terms):
    judged = [labels[t] for t in terms if t in labels]
    n = max(len(judged), 1)
    return f"{judged.count('T') / n:.2f} / {judged.count('G') / n:.2f} / {judged.count('F') / n:.2f}", len(judged)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--checkout", default=str(ROOT))
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--labels")
    parser.add_argument("--mine-args", default="", help="more options for termmine mine, as one string")
    parser.add_argument("--show-set-aside", action="store_true",
                        help="print the lists of the set-aside cases too (they are always written to OUT)")
    parser.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "termmine-quality-cases"))
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    labels = None
    if args.labels:
        labels = dict(line.rstrip("\n").split("\t")[:2] for line in open(args.labels, encoding="utf-8")
                      if "\t" in line)
    env = {**os.environ, "PYTHONPATH": str(Path(args.checkout).resolve())}
    rows = []
    for case in args.cases.split(","):
        domain, reference = build(case, args.checkout, args.cache)
        ranking = out / f"{case}.tsv"
        argv = [sys.executable, "-m", "termmine", "mine", str(domain), "-o", str(ranking)]
        if reference is not None:
            argv += ["--reference", str(reference)]
        argv += args.mine_args.split()
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, stderr=subprocess.DEVNULL, cwd=out)  # not this folder's termmine
        wall = time.perf_counter() - start
        table = ranked(ranking)
        terms = strings(table)
        top, drawn = terms[:100], sample(terms)
        (out / f"{case}.top100.txt").write_text("\n".join(top) + "\n", encoding="utf-8")
        (out / f"{case}.sample.txt").write_text("\n".join(drawn) + "\n", encoding="utf-8")
        unseen = sum(1 for row in table[:1000] if float(row["reference_count"]) == 0)
        row = [case + (" (set aside)" if case in SET_ASIDE else ""), f"{domain.stat().st_size / 1e6:.1f}",
               "built-in" if reference is None else "recipe minus the case", f"{wall:.1f}",
               f"{unseen / max(min(len(table), 1000), 1):.2f}"]
        if labels is not None:
            row += [*shares(labels, top), *shares(labels, drawn)]
        elif case not in SET_ASIDE or args.show_set_aside:
            print(f"\n## {case}: top 100\n" + " ".join(top))
            print(f"\n## {case}: 50 of ranks 101-1000\n" + " ".join(drawn))
        rows.append(row)
    print()
    headers = ["case", "MB", "reference", "wall s", "unseen in top 1000"]
    if labels is not None:
        headers += ["top 100 T/G/F", "judged", "101-1000 T/G/F", "judged"]
    print_table(headers, rows)


if __name__ == "__main__":
    main()
