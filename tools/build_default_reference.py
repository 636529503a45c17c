"""Build termmine/data/reference.npz, the built-in general-Chinese reference count table.

    python tools/build_default_reference.py [REFERENCE_TEXT] [--min-count REFERENCE_MIN_COUNT]

REFERENCE_TEXT defaults to ../shared/corpora/reference/reference.txt (see termmine/data/SOURCES.md).
The corpus is counted with the default settings (max_n 6), n-grams seen fewer than --min-count times
are dropped to keep the file small (by default reference.REFERENCE_MIN_COUNT, 3, below which mine treats
any reference's counts as unseen, so that the table ranks as its source text does), and the table is
saved compressed.
"""
import argparse
import os
from pathlib import Path

from termmine.counting import count_ngrams
from termmine.reference import REFERENCE_MIN_COUNT
from termmine.tables import prune_counts, save_counts

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("text", nargs="?", default=str(ROOT.parent / "shared/corpora/reference/reference.txt"))
    parser.add_argument("--min-count", type=int, default=REFERENCE_MIN_COUNT)
    parser.add_argument("-o", "--output", default=str(ROOT / "termmine/data/reference.npz"))
    args = parser.parse_args()
    table = prune_counts(count_ngrams(Path(args.text), max_n=6, min_count=2), args.min_count)
    save_counts(table, args.output, compress=True)
    print(f"{args.output}: {table.n_ngrams} n-grams, {table.total} tokens, "
          f"{os.path.getsize(args.output) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
