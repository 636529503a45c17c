"""The counting, cohesion and entropy kernels against their plain twins in naive.py."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import naive
from conftest import tokens_of
from termmine.counting import Trie, count_ngrams
from termmine.discovery import boundary_entropy, cohesion


def table_as_dict(table):
    rows, counts, _, _ = table.canonical()
    return {tuple(int(t) for t in r if t != 0): int(c) for r, c in zip(rows, counts) if r.any()}


def check_against_naive(texts, max_n, min_count=2):
    table = count_ngrams(list(texts), max_n=max_n, min_count=min_count, jobs=1)
    tokens = tokens_of(texts)
    expected = naive.ngrams(tokens, max_n + 1)
    got = table_as_dict(table)
    assert got == {w: c for w, c in expected.items() if c >= min_count}
    assert table.total == sum(1 for t in tokens if t != 0)
    left, right = boundary_entropy(table)
    nodes = np.arange(1, table.parent.size)
    coh = cohesion(table, nodes)
    for v, c in zip(nodes, coh):
        w = tuple(int(t) for t in table.rows([v])[0] if t != 0)
        if len(w) <= max_n:          # the longest counted n-grams have no counted neighbours
            want_left, want_right = naive._boundary_entropy(tokens, w)
            assert left[v] == pytest.approx(want_left, abs=1e-9)
            assert right[v] == pytest.approx(want_right, abs=1e-9)
        want = naive._cohesion(expected, w, table.total)
        if want is None:
            assert math.isnan(c)
        else:
            assert c == pytest.approx(want, abs=1e-9)
    return table


def test_hand_made_counts_and_measures():
    texts = ["甲乙丙甲乙丙，甲乙", "乙丙丁。甲乙丙丁", "丙丁甲乙"]
    table = check_against_naive(texts, max_n=3)
    assert table.count[table.find([ord("甲"), ord("乙")])] == 5
    assert table.count[table.find([ord("甲"), ord("乙"), ord("丙")])] == 3


def test_boundary_neighbours_are_distinct():
    # 甲乙 is followed by a boundary each time: right entropy ln 3, not 0
    table = count_ngrams(["甲乙。丙甲乙，丁甲乙"], max_n=2, min_count=2, jobs=1)
    _, right = boundary_entropy(table)
    assert right[table.find([ord("甲"), ord("乙")])] == pytest.approx(math.log(3))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="甲乙丙丁戊，。\nab", max_size=60), min_size=1, max_size=6),
       st.integers(1, 4))
def test_random_texts_match_naive(texts, max_n):
    check_against_naive(texts, max_n)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([1, 2, 3, 0, 5]), max_size=200), st.integers(1, 5))
def test_count_level_all_ngrams_unpruned(tokens, order):
    """With nothing pruned, every n-gram is in the trie with its exact count."""
    arr = np.asarray(tokens + [0], dtype=np.int32)
    trie = Trie(capacity=8)
    trie.count_tokens(arr, order, 1)
    parent, token, depth, count = trie.trimmed()
    from termmine import kernels as K
    rows = K._node_rows(parent, token, depth, np.arange(1, trie.n_nodes, dtype=np.int64), order)
    got = {tuple(int(t) for t in r if t): int(c) for r, c in zip(rows, count[1:])}
    want = {}
    for d in range(1, order + 1):
        want.update(naive._count_level(arr.tolist(), d))
    assert got == want


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3)), max_size=50),
       st.lists(st.integers(1, 9), min_size=50, max_size=50))
def test_aggregate_rows(pairs, counts):
    from termmine import kernels as K
    rows = np.asarray(pairs, dtype=np.int32).reshape(-1, 2)
    counts = np.asarray(counts[:rows.shape[0]], dtype=np.int64)
    first, sums = K._aggregate_rows(rows, counts)
    got = {tuple(rows[f].tolist()): int(s) for f, s in zip(first, sums)}
    assert got == naive._aggregate_rows(rows.tolist(), counts.tolist())
