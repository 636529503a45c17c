"""How count and mine grow with the corpus, and whether they keep --memory-limit (issue 17).

    python benchmarks/bench_scale.py [--ks 1,2,4,8] [--limits 2G,1G] [--commands count,mine]
                                     [--unlimited-up-to 2] [--tmpdir DIR]

The corpus of size k is k copies of 120 MB of real text (law, it, legal_consult, the reference, then
reviews, subtitles, wiki and weibo of general/, cut at a line end), each copy written in its own fixed
random permutation of the CJK Unified Ideographs block (U+4E00-U+9FFF; copy 0 as it is): each copy has
the statistics of real text and n-grams of its own, so the number of distinct n-grams grows with k as it
does with new text. The corpora are written in a temporary folder (--tmpdir) and removed at the end.

For each size and command, at each --memory-limit, under /usr/bin/time -v: wall and CPU seconds, millions
of characters a second, peak RSS (the whole process), and whether the output equals that of a run with
a limit large enough to hold everything (--memory-limit 20G), made for the sizes up to
--unlimited-up-to. count writes a table (compared by a digest of its rows and counts); mine, with the
built-in reference, its terms (compared byte for byte).
"""
import argparse
import hashlib
import random
import sys
import tempfile
from pathlib import Path

from common import SHARED, TABLE_DIGEST, print_table, timed

PY = sys.executable
BASE_BYTES = 120_000_000
SOURCES = ["law/domain.txt", "it/domain.txt", "legal_consult/domain.txt", "reference/reference.txt",
           "general/reviews.txt", "general/subtitles.txt", "general/wiki.txt", "general/weibo.txt"]
CJK = range(0x4E00, 0xA000)
UNLIMITED = "20G"


def base_lines():
    """The lines of the 120 MB of real text, in SOURCES' order, cut at the line that reaches BASE_BYTES."""
    written = 0
    for name in SOURCES:
        path = SHARED / name
        if not path.exists():
            sys.exit(f"missing {path}: the benchmarks read the shared corpora next to the checkout")
        with open(path, encoding="utf-8") as f:
            for line in f:
                yield line
                written += len(line.encode("utf-8"))
                if written >= BASE_BYTES:
                    return


def permutation(copy):
    """str.translate table of copy `copy`: a fixed random permutation of the CJK block (none for copy 0)."""
    if copy == 0:
        return None
    shuffled = list(CJK)
    random.Random(copy).shuffle(shuffled)
    return dict(zip(CJK, shuffled))


def write_corpus(path, k):
    """k copies of the base text, copy j in permutation j; returns (bytes, characters)."""
    n_bytes = n_chars = 0
    with open(path, "w", encoding="utf-8") as out:
        for copy in range(k):
            table = permutation(copy)
            for line in base_lines():
                line = line.translate(table) if table else line
                out.write(line)
                n_chars += len(line)
                n_bytes += len(line.encode("utf-8"))
    return n_bytes, n_chars


def run(command, corpus, limit, folder):
    """One timed run; (wall s, CPU s, peak RSS MiB, digest of the output)."""
    if command == "count":
        out = folder / f"count-{limit}.npz"
        wall, rss, _, cpu = timed([PY, "-m", "termmine", "count", corpus, "-o", out, "-q", "--memory-limit", limit],
                                  with_cpu=True)
        digest = timed([PY, "-c", TABLE_DIGEST, out])[2].decode().strip()
        out.unlink()
    else:
        out = folder / f"mine-{limit}.tsv"
        wall, rss, _, cpu = timed([PY, "-m", "termmine", "mine", corpus, "-o", out, "-q", "--memory-limit", limit],
                                  with_cpu=True)
        digest = hashlib.sha256(out.read_bytes()).hexdigest()[:16]
        out.unlink()
    return wall, cpu, rss, digest


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ks", default="1,2,4,8")
    parser.add_argument("--limits", default="2G,1G")
    parser.add_argument("--commands", default="count,mine")
    parser.add_argument("--unlimited-up-to", type=int, default=2)
    parser.add_argument("--tmpdir", default=None)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(dir=args.tmpdir) as tmp:
        folder = Path(tmp)
        for k in map(int, args.ks.split(",")):
            corpus = folder / f"scale{k}.txt"
            n_bytes, n_chars = write_corpus(corpus, k)
            for command in args.commands.split(","):
                reference = run(command, corpus, UNLIMITED, folder) if k <= args.unlimited_up_to else None
                if reference is not None:
                    wall, cpu, rss, _ = reference
                    rows.append([command, f"{n_bytes / 1e6:.0f}", k, UNLIMITED, f"{wall:.1f}", f"{cpu:.1f}",
                                 f"{n_chars / 1e6 / wall:.2f}", f"{rss:.0f}", "-"])
                    print(f"k={k} {command} {UNLIMITED}: {wall:.1f} s", file=sys.stderr, flush=True)
                for limit in args.limits.split(","):
                    wall, cpu, rss, digest = run(command, corpus, limit, folder)
                    same = "-" if reference is None else ("yes" if digest == reference[3] else "NO")
                    rows.append([command, f"{n_bytes / 1e6:.0f}", k, limit, f"{wall:.1f}", f"{cpu:.1f}",
                                 f"{n_chars / 1e6 / wall:.2f}", f"{rss:.0f}", same])
                    print(f"k={k} {command} {limit}: {wall:.1f} s", file=sys.stderr, flush=True)
            corpus.unlink()
    print_table(["command", "MB", "k", "limit", "wall s", "CPU s", "M chars/s", "peak RSS MiB",
                 "same as unlimited"], rows)


if __name__ == "__main__":
    main()
