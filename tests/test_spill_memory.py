"""The memory-bounded paths of count_ngrams give the same counts, and the limit bounds the process.

The first tests force the rare paths with small budgets: buckets too big to add up (split by another
hash), and a pruned trie that outgrows the limit (counting falls back to spilling). The last one runs
count_ngrams in child processes and compares their peak resident memory.
"""
import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from termmine import counting
from termmine.counting import count_ngrams
from termmine.spill import Spill


def same_tables(a, b):
    ca, cb = a.canonical(), b.canonical()
    assert np.array_equal(ca[0], cb[0])
    assert np.array_equal(ca[1], cb[1])
    assert np.allclose(ca[2], cb[2]) and np.allclose(ca[3], cb[3])
    assert a.total == b.total


@pytest.fixture(scope="module")
def lines():
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "corpora" / "law_sample.txt"
    return path.read_text(encoding="utf-8").splitlines()[:1500]


def test_buckets_too_big_are_split(lines, tmp_path, monkeypatch):
    base = count_ngrams(texts=lines, max_n=4, jobs=1)
    splits = []
    split = Spill.split

    def counted_split(self, name, *args):
        splits.append(name)
        return split(self, name, *args)

    monkeypatch.setattr(Spill, "split", counted_split)
    from_spill = counting.from_spill

    def merge_in_20k(*args, **kwargs):     # buckets of a few hundred rows at most: many are split
        return from_spill(*args[:6], 20_000, **kwargs)

    monkeypatch.setattr(counting, "from_spill", merge_in_20k)
    spilled = count_ngrams(texts=lines, max_n=4, jobs=1, memory_limit="3M", tmpdir=tmp_path)
    assert splits
    same_tables(base, spilled)
    assert list(tmp_path.iterdir()) == []


def test_pruned_trie_past_the_limit_falls_back_to_spilling(lines, tmp_path, monkeypatch):
    base = count_ngrams(texts=lines, max_n=4, jobs=1)
    # expect almost no nodes: the corpus is kept in memory, and its trie then grows past the limit
    monkeypatch.setattr(counting, "NODES_PER_TOKEN_PER_LEVEL", 1e-6)
    notes = []
    spilled = count_ngrams(texts=lines, max_n=4, jobs=1, memory_limit="3M", tmpdir=tmp_path, notify=notes.append)
    assert any("spilled" in n for n in notes)
    same_tables(base, spilled)
    assert list(tmp_path.iterdir()) == []


_CHILD = textwrap.dedent("""
    import json, pathlib, sys
    from termmine.counting import count_ngrams
    path, limit = sys.argv[1], sys.argv[2]
    notes = []
    table = count_ngrams([pathlib.Path(path)], max_n=6, min_count=3, memory_limit=limit, jobs=1,
                         notify=notes.append)
    status = pathlib.Path("/proc/self/status").read_text()
    peak = int(status.split("VmHWM:")[1].split()[0]) * 1024
    print(json.dumps({"peak": peak, "spilled": any("spilled" in n for n in notes), "n": table.n_ngrams}))
""")


def _peak(path, limit):
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), limit], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the peak from /proc/self/status")
def test_peak_memory_follows_the_limit(tmp_path):
    """A corpus of many distinct n-grams, spilled with two limits: each peak stays within its limit
    plus the fixed overhead (the peak for a tiny corpus, and a margin for reading and for the
    allocator's unreturned free memory)."""
    rng = np.random.default_rng(7)
    n_chars = 4_000_000
    ranks = np.minimum(rng.zipf(1.3, size=n_chars), 3000) - 1
    codes = (0x4E00 + ranks).astype(np.uint32)
    codes[rng.random(n_chars) < 0.08] = ord("，")
    codes[::200] = ord("\n")
    corpus = tmp_path / "zipf.txt"
    corpus.write_text(codes.tobytes().decode("utf-32-le"), encoding="utf-8")
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("甲乙丙，甲乙丙。\n" * 100, encoding="utf-8")

    baseline = _peak(tiny, "200M")["peak"]
    margin = 64 << 20
    small, large = _peak(corpus, "64M"), _peak(corpus, "128M")
    assert small["spilled"] and large["spilled"] and small["n"] == large["n"]
    assert small["peak"] <= baseline + (64 << 20) + margin
    assert large["peak"] <= baseline + (128 << 20) + margin
