"""Build termmine/data/reference.npz, the built-in general-Chinese reference count table.

    python tools/build_default_reference.py [--corpora ../shared/corpora] [--min-count 3] [-o PATH]

The sources and the share of each are in tools/reference_recipe.json (see termmine/data/SOURCES.md):
all of the news, encyclopedia and microblogs, a third of the reviews and of the subtitles (dialogue)
and a sixth of the novels, so that news is two thirds of the whole (the shares were chosen by blind
readings, docs/benchmarks.md). Their kept lines
are written to one temporary file, counted with the default settings (max_n 6), and the n-grams seen
fewer than --min-count times dropped (by default reference.REFERENCE_MIN_COUNT, below which mine treats
any reference's counts as unseen, so that the table ranks as its source text does). A reference is only
looked up for counts, so the boundary-entropy sums are set to zero, which makes the compressed file a
third smaller for as many n-grams.
"""
import argparse
import json
import os
import tempfile
from pathlib import Path

from termmine.counting import count_ngrams
from termmine.reference import REFERENCE_MIN_COUNT
from termmine.tables import prune_counts, save_counts

ROOT = Path(__file__).resolve().parent.parent
RECIPE = Path(__file__).resolve().parent / "reference_recipe.json"


def write_recipe_text(corpora, out, skip=None):
    """Write the recipe's kept lines to the open file `out`; skip(source, line index) leaves lines out."""
    for source in json.loads(RECIPE.read_text(encoding="utf-8"))["sources"]:
        every = int(source.get("every", 1))
        with open(Path(corpora) / source["path"], encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % every == 0 and not (skip and skip(source["path"], i)):
                    out.write(line if line.endswith("\n") else line + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared/corpora"))
    parser.add_argument("--min-count", type=int, default=REFERENCE_MIN_COUNT)
    parser.add_argument("--memory-limit", default="12G")
    parser.add_argument("-o", "--output", default=str(ROOT / "termmine/data/reference.npz"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "reference.txt"
        with open(text, "w", encoding="utf-8") as out:
            write_recipe_text(args.corpora, out)
        table = count_ngrams(text, max_n=6, min_count=2, memory_limit=args.memory_limit)
    table = prune_counts(table, args.min_count)
    table.left_sum[:] = 0.0
    table.right_sum[:] = 0.0
    save_counts(table, args.output, compress=True)
    print(f"{args.output}: {table.n_ngrams} n-grams, {table.total} tokens, "
          f"{os.path.getsize(args.output) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
