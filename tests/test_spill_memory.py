"""The memory-bounded paths of count_ngrams give the same counts, and the limit bounds the process.

The first tests force the rare paths with small budgets: lengths counted in many groups, counts read by
position, a pruned trie that outgrows the limit (counting falls back to the disk); then `termmine count`
and mine past the limit. The last one runs count_ngrams in child processes and compares their peak
resident memory.
"""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

from termmine import counting, external
from termmine.counting import count_ngrams
from termmine.tables import load_counts


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


def test_counted_on_disk_in_groups_gives_the_same_counts(lines, tmp_path, monkeypatch):
    """Tries of a few thousand nodes: every length past the first is counted in several groups, some
    lengths again with more groups once one outgrows its trie; the counts of the length before are read
    by position (as when they are too many to keep in memory) and the ranks of the kept n-grams from
    their file. Counts and sums equal the in-memory path's, in one thread and in two."""
    base = count_ngrams(texts=lines, max_n=4, jobs=1)
    counted = []
    count_groups = external._LevelCounter._count_groups

    def small_tries(self, depth, n_groups):
        self.capacity = 3000
        self.budget = min(self.budget, 200_000)             # ranks from the file, sums in ranges
        counted.append((depth, n_groups))
        return count_groups(self, depth, n_groups)

    monkeypatch.setattr(external._LevelCounter, "_count_groups", small_tries)
    monkeypatch.setattr(external, "_counts_in_memory", lambda size, budget: False)
    for jobs in (1, None):
        counted.clear()
        on_disk = count_ngrams(texts=lines, max_n=4, jobs=jobs, memory_limit="4M", tmpdir=tmp_path)
        same_tables(base, on_disk)
        assert max(n for _, n in counted) >= 8
        assert len(counted) > 4                                # a length counted again in more groups
        assert list(tmp_path.iterdir()) == []


def test_count_streams_a_table_counted_on_disk(lines, tmp_path):
    """`termmine count` past the limit writes the table from its files, equal to the in-memory one, and
    removes them."""
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("\n".join(lines), encoding="utf-8")
    spill = tmp_path / "spill"
    spill.mkdir()
    env = dict(os.environ, TMPDIR=str(spill))
    for limit, name in (("2G", "memory.npz"), ("4M", "disk.npz")):
        done = subprocess.run([sys.executable, "-m", "termmine", "count", str(corpus), "-o", str(tmp_path / name),
                               "--max-len", "4", "--memory-limit", limit], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
    assert "spilled" in done.stderr
    same_tables(load_counts(tmp_path / "memory.npz"), load_counts(tmp_path / "disk.npz"))
    assert list(spill.iterdir()) == []


def test_mine_with_a_small_limit_gives_the_same_terms(lines):
    """A limit that sends the domain to disk (mine's other stages keep their own bounds): the same terms,
    counts and scores as with room to spare."""
    import termmine
    notes = []
    small = termmine.mine(texts=lines, memory_limit="2M", notify=notes.append)
    assert any("spilled" in n for n in notes)
    pd.testing.assert_frame_equal(termmine.mine(texts=lines), small)


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
