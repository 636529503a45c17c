"""Counts do not depend on chunk size, job count or memory limit (spilling)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from termmine.counting import count_ngrams, parse_size
from termmine.errors import TermmineError


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


words = st.text(alphabet="甲乙丙丁xy", max_size=12)
texts = st.lists(words, max_size=30).map(lambda ws: "，".join(ws))


@settings(max_examples=25, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8), st.integers(16, 400))
def test_counts_independent_of_chunk_size(texts, max_chars):
    """Pieces are cut at punctuation, so no n-gram is lost while no run of characters is longer
    than a piece."""
    same_tables(count_ngrams(texts=texts, max_n=3, jobs=1), count_ngrams(texts=texts, max_n=3, jobs=1, max_chars=max_chars))


def test_parse_size():
    assert parse_size("2G") == 2 << 30
    assert parse_size("300M") == 300 << 20
    assert parse_size("512k") == 512 << 10
    assert parse_size("1000") == 1000
    for bad in ("", "-1G", "lots", "2X"):
        with pytest.raises(TermmineError):
            parse_size(bad)
