"""Peak RSS against --memory-limit on the spill test.

    python benchmarks/bench_memory.py [--limits 150M,300M,600M,8G]

Counts law + it + reference (87.5 MB, concatenated) with `termmine count` at each limit and prints the
wall seconds, the peak RSS of the whole process (/usr/bin/time) and whether the table equals the one of
the largest limit. The process also holds the Python interpreter, NumPy, pandas and the compiled kernels,
a fixed overhead measured on the first row ("baseline": importing termmine and counting a few words).
"""
import argparse
import sys
import tempfile
from pathlib import Path

from common import TABLE_DIGEST, corpus, print_table, timed

PY = sys.executable


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limits", default="150M,300M,600M,8G")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "all.txt"
        with open(joined, "wb") as f:
            for case, name in (("law", "domain.txt"), ("it", "domain.txt"), ("reference", "reference.txt")):
                f.write(corpus(case, name).read_bytes())
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text("术语挖掘\n" * 10, encoding="utf-8")
        wall, base, _ = timed([PY, "-m", "termmine", "count", tiny, "-o", Path(tmp) / "tiny.npz", "-q",
                               "--min-count", "2"])
        rows = [["baseline (tiny input)", "", f"{wall:.1f}", f"{base:.0f}", "", ""]]
        digests = {}
        for limit in args.limits.split(","):
            out = Path(tmp) / f"{limit}.npz"
            wall, rss, _ = timed([PY, "-m", "termmine", "count", joined, "-o", out, "-q", "--min-count", "5",
                                  "--memory-limit", limit])
            _, _, digest = timed([PY, "-c", TABLE_DIGEST, out])
            digests[limit] = digest.decode().strip()
            rows.append([f"{joined.stat().st_size / 1e6:.1f} MB", limit, f"{wall:.1f}", f"{rss:.0f}",
                         f"{rss - base:.0f}", digests[limit]])
        print_table(["input", "--memory-limit", "wall s", "peak RSS MiB", "peak RSS - baseline MiB",
                     "sha256 of counts"], rows)
        print(f"\nall tables identical: {len(set(digests.values())) == 1}")


if __name__ == "__main__":
    main()
