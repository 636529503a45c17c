"""termmine discover against the 2019 post's discovery step (nlp_zero Word_Finder), side by side.

    python benchmarks/bench_discover.py [--runs 3] [--skip-spill]

Needs nlp_zero 0.1.6 (pip install nlp_zero==0.1.6) and the shared corpora next to the checkout.
Prints, for law and it: wall seconds, characters per second, peak RSS, words found and recall of
gold_ge5.txt among them, for a cold termmine run (empty Numba cache), then the medians of --runs rounds of a
warm termmine run and a Word_Finder run one after the other; then
counting alone (count_ngrams in a process of its own: its first call, which includes loading the
compiled kernels from Numba's cache, and a second call on the same file); then the spill check:
law + it + reference counted with --memory-limit 300M against an unlimited run.
"""
import argparse
import sys
import tempfile
from pathlib import Path

from common import BENCH, clear_numba_cache, corpus, gold, median, print_table, timed

PY = sys.executable


def termmine_words(out_path):
    lines = Path(out_path).read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t")[0] for line in lines]


def recall(words, gold_words):
    found = {w.lower() for w in words}
    return len(found & gold_words) / len(gold_words)


def n_chars(path):
    return len(Path(path).read_text(encoding="utf-8"))


COUNT_ONLY = """
import sys, time
from pathlib import Path
from termmine.counting import count_ngrams
start = time.perf_counter()
table = count_ngrams(Path(sys.argv[1]), max_n=6, min_count=5)
first = time.perf_counter() - start
start = time.perf_counter()
table = count_ngrams(Path(sys.argv[1]), max_n=6, min_count=5)
print(first, time.perf_counter() - start, table.n_ngrams)
"""

CANONICAL = """
import hashlib, sys
from pathlib import Path
from termmine.counting import count_ngrams
table = count_ngrams([Path(p) for p in sys.argv[2:]], max_n=6, min_count=5, memory_limit=sys.argv[1],
                     notify=lambda m: print(m, file=sys.stderr))
rows, counts, left, right = table.canonical()
digest = hashlib.sha256(rows.tobytes() + counts.tobytes()).hexdigest()
print(digest, table.n_ngrams, table.total, float(abs(left).sum()), float(abs(right).sum()))
"""


def bench_case(case, runs, tmp):
    path = corpus(case)
    gold_words = gold(case)
    chars = n_chars(path)
    out = Path(tmp) / f"{case}.tsv"
    rows = []
    clear_numba_cache()
    argv = [PY, "-m", "termmine", "discover", path, "-o", out, "--quiet"]
    wall, rss, _ = timed(argv)
    words = termmine_words(out)
    rows.append([case, "termmine discover (cold)", f"{wall:.2f}", f"{chars / wall / 1e6:.2f}", f"{rss:.0f}",
                 len(words), f"{recall(words, gold_words):.3f}"])
    # rounds of one termmine run and one Word_Finder run, side by side, so that a slow spell of the
    # machine falls on both; medians over the rounds
    wf_out = Path(tmp) / f"{case}.wf.tsv"
    walls, rsses, wf_walls, wf_rsses = [], [], [], []
    for _ in range(runs):
        wall, rss, _ = timed(argv)
        walls.append(wall)
        rsses.append(rss)
        wall, rss, _ = timed([PY, BENCH / "run_wordfinder.py", path, wf_out])
        wf_walls.append(wall)
        wf_rsses.append(rss)
    warm = median(walls)
    rows.append([case, f"termmine discover (warm, median of {runs})", f"{warm:.2f}",
                 f"{chars / warm / 1e6:.2f}", f"{max(rsses):.0f}", len(words), f"{recall(words, gold_words):.3f}"])
    wf_words = [line.split("\t")[0] for line in wf_out.read_text(encoding="utf-8").splitlines()]
    wf_wall = median(wf_walls)
    rows.append([case, f"nlp_zero Word_Finder (median of {runs})", f"{wf_wall:.2f}", f"{chars / wf_wall / 1e6:.2f}",
                 f"{max(wf_rsses):.0f}", len(wf_words), f"{recall(wf_words, gold_words):.3f}"])
    rows.append([case, "speed ratio Word_Finder / termmine warm", f"{wf_wall / warm:.1f}x", "", "",
                 f"{len(words) / len(wf_words):.3f} of the words", ""])
    first_secs, again_secs = [], []
    for _ in range(runs):
        _, _, stdout = timed([PY, "-c", COUNT_ONLY, path])
        first_secs.append(float(stdout.split()[0]))
        again_secs.append(float(stdout.split()[1]))
    for label, secs in (("first call in a process", median(first_secs)),
                        ("second call: kernels already loaded", median(again_secs))):
        rows.append([case, f"counting alone (count_ngrams, {label}, median of {runs})", f"{secs:.2f}",
                     f"{chars / secs / 1e6:.2f}", "", "", ""])
    return rows


def bench_spill(tmp):
    joined = Path(tmp) / "all.txt"
    with open(joined, "wb") as f:
        for case in ("law", "it", "reference"):
            f.write(corpus(case, "reference.txt" if case == "reference" else "domain.txt").read_bytes())
    size_mb = joined.stat().st_size / 1e6
    rows = []
    results = {}
    for limit in ("300M", "8G"):
        wall, rss, stdout = timed([PY, "-c", CANONICAL, limit, joined])
        results[limit] = stdout.decode().split()
        rows.append([f"{size_mb:.1f} MB", limit, f"{wall:.1f}", f"{rss:.0f}", results[limit][1],
                     results[limit][0][:16]])
    same = results["300M"][:3] == results["8G"][:3]
    return rows, same


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-spill", action="store_true")
    parser.add_argument("--cases", default="law,it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for case in args.cases.split(","):
            rows.extend(bench_case(case, args.runs, tmp))
        print_table(["case", "system", "wall s", "M chars/s", "peak RSS MiB", "words", "recall gold_ge5"], rows)
        if not args.skip_spill:
            print()
            spill_rows, same = bench_spill(tmp)
            print_table(["corpus", "--memory-limit", "wall s", "peak RSS MiB", "n-grams kept", "sha256 of counts"],
                        spill_rows)
            print(f"\nspilled counts identical to the unlimited run: {same}")


if __name__ == "__main__":
    main()
