"""Counts do not depend on chunk size, job count or memory limit (spilling); merging the tables of the
parts of a corpus is counting the whole."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termmine.config import parse_size
from termmine.counting import count_ngrams
from termmine.errors import TableError, TermmineError
from termmine.tables import merge_counts, prune_counts


def same_tables(a, b):
    ca, cb = a.canonical(), b.canonical()
    assert np.array_equal(ca[0], cb[0])
    assert np.array_equal(ca[1], cb[1])
    assert np.allclose(ca[2], cb[2]) and np.allclose(ca[3], cb[3])


@pytest.fixture(scope="module")
def sample_lines():
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "corpora" / "law_sample.txt"
    return path.read_text(encoding="utf-8").splitlines()[:1500]


def test_chunk_sizes_jobs_and_spilling_give_the_same_counts(sample_lines, tmp_path):
    base = count_ngrams(texts=sample_lines, max_n=4, jobs=1)
    assert base.n_ngrams > 1000
    same_tables(base, count_ngrams(texts=sample_lines, max_n=4, jobs=1, max_chars=97))
    same_tables(base, count_ngrams(texts=sample_lines, max_n=4, jobs=2))
    notes = []
    spilled = count_ngrams(texts=sample_lines, max_n=4, jobs=1, memory_limit="3M", tmpdir=tmp_path, notify=notes.append)
    assert any("spilled" in n for n in notes)          # the small limit really forced the spill path
    same_tables(base, spilled)
    assert list(tmp_path.iterdir()) == []               # spill files removed


def test_a_higher_min_count_keeps_exact_sums(sample_lines, tmp_path):
    """With min_count 5 the in-memory counting prunes more (kernels._count_level): the n-grams kept have
    the counts and neighbour sums of the min_count 2 table, and of a spilled count, which prunes nothing."""
    full = count_ngrams(texts=sample_lines, max_n=4, min_count=2, jobs=1)
    pruned = count_ngrams(texts=sample_lines, max_n=4, min_count=5, jobs=1)
    rows, counts, left, right = full.canonical()
    keep = counts >= 5
    got = pruned.canonical()
    assert np.array_equal(got[0], rows[keep]) and np.array_equal(got[1], counts[keep])
    assert np.array_equal(got[2], left[keep]) and np.array_equal(got[3], right[keep])
    notes = []
    spilled = count_ngrams(texts=sample_lines, max_n=4, min_count=5, jobs=1, memory_limit="1M", tmpdir=tmp_path,
                           notify=notes.append)
    assert any("spilled" in n for n in notes)
    same_tables(pruned, spilled)


def test_min_count_1_keeps_every_ngram_in_memory_and_spilled(sample_lines, tmp_path):
    """A table to be merged (min_count 1) holds every n-gram, those seen once too, with the neighbour
    sums of the pruned tables; spilling gives the same."""
    every = count_ngrams(texts=sample_lines, max_n=3, min_count=1, jobs=1)
    assert every.min_count == 1 and (every.count[1:] == 1).sum() > 10000
    same_tables(prune_counts(every, 2), count_ngrams(texts=sample_lines, max_n=3, min_count=2, jobs=1))
    notes = []
    spilled = count_ngrams(texts=sample_lines, max_n=3, min_count=1, jobs=1, memory_limit="1M", tmpdir=tmp_path,
                           notify=notes.append)
    assert any("spilled" in n for n in notes)
    same_tables(every, spilled)


pieces = st.sampled_from(["甲", "乙", "丙", "丁", "甲乙", "，", "\n", " ", "GIS", "gis", "Gis", "c++", "x1"])
part = st.lists(st.lists(pieces, max_size=25).map("".join), max_size=5)


@settings(max_examples=60, deadline=None)
@given(st.lists(part, min_size=2, max_size=3), st.integers(1, 4), st.integers(1, 4))
def test_merging_the_tables_of_parts_is_counting_the_whole(parts, max_n, min_count):
    """merge(count(a), count(b)) == count(a + b): every n-gram, count, neighbour sum, atom and written
    form, when the parts are counted with min_count 1 and the sum is pruned at min_count."""
    tables = [count_ngrams(texts=texts, max_n=max_n, min_count=1, jobs=1) for texts in parts]
    merged = merge_counts(tables, min_count=min_count)
    whole = count_ngrams(texts=[t for texts in parts for t in texts], max_n=max_n, min_count=min_count, jobs=1)
    assert (merged.total, merged.order, merged.min_count, merged.settings) == \
        (whole.total, whole.order, whole.min_count, whole.settings)
    assert merged.vocabulary.atoms == whole.vocabulary.atoms
    assert merged.vocabulary.surfaces == whole.vocabulary.surfaces
    got, want = merged.canonical(), whole.canonical()
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    # the same sums, added up in another order
    assert np.allclose(got[2], want[2], rtol=1e-12, atol=0) and np.allclose(got[3], want[3], rtol=1e-12, atol=0)


def test_tables_pruned_before_merging_are_refused(sample_lines):
    halves = [count_ngrams(texts=half, max_n=2, min_count=m, jobs=1)
              for half, m in ((sample_lines[:700], 1), (sample_lines[700:], 2))]
    with pytest.raises(TableError, match=r"^table 2 of 2 was counted with min_count 2: it lacks the n-grams seen "
                                         r"fewer times in its part, so merged counts would fall short; count each "
                                         r"part with min_count 1 \(termmine count --min-count 1\) to merge them$"):
        merge_counts(halves)
    # one table is only pruned: its neighbour sums stay those of its part
    same_tables(merge_counts(halves[1:], min_count=3), prune_counts(halves[1], 3))


words = st.text(alphabet="甲乙丙丁xy", max_size=12)
texts = st.lists(words, max_size=30).map(lambda ws: "，".join(ws))


@settings(max_examples=25, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8), st.integers(16, 400))
def test_counts_independent_of_chunk_size(texts, max_chars):
    """Pieces are cut at punctuation, so no n-gram is lost while no run of characters is longer
    than a piece."""
    same_tables(count_ngrams(texts=texts, max_n=3, jobs=1),
                count_ngrams(texts=texts, max_n=3, jobs=1, max_chars=max_chars))


def test_parse_size():
    assert parse_size("2G") == 2 << 30
    assert parse_size("300M") == 300 << 20
    assert parse_size("512k") == 512 << 10
    assert parse_size("1000") == 1000
    for bad in ("", "-1G", "lots", "2X"):
        with pytest.raises(TermmineError):
            parse_size(bad)
