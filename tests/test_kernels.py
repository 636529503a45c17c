"""The counting, cohesion and entropy kernels against their plain twins in naive.py."""
import math
from unittest import mock

import naive
import numpy as np
import pytest
from conftest import tokens_of
from hypothesis import given, settings
from hypothesis import strategies as st

from termmine import kernels as K
from termmine import trie as trie_module
from termmine.counting import count_ngrams
from termmine.discovery import boundary_entropy, cohesion
from termmine.trie import Trie


def table_as_dict(table):
    rows, counts, _, _ = table.canonical()
    return {tuple(int(t) for t in r if t != 0): int(c) for r, c in zip(rows, counts) if r.any()}


def check_against_naive(texts, max_n, min_count=2):
    table = count_ngrams(texts=list(texts), max_n=max_n, min_count=min_count, jobs=1)
    tokens = tokens_of(texts)
    expected = naive.ngrams(tokens, max_n + 1)
    got = table_as_dict(table)
    assert got == {w: c for w, c in expected.items() if c >= min_count}
    assert table.total == sum(1 for t in tokens if t != 0)
    # the suffix links kept from counting (tables.from_full_trie) are those of the table itself
    assert table.suffix is not None
    nodes = np.arange(1, table.parent.size)
    grams = [tuple(int(t) for t in r if t != 0) for r in table.rows(nodes)]
    links = naive._suffix_links(set(grams))
    node_of = dict(zip(grams, nodes.tolist()))
    assert table.suffix[0] == -1
    assert table.suffix[nodes].tolist() == [0 if len(w) == 1 else node_of.get(links[w], -1) for w in grams]
    left, right = boundary_entropy(table)
    coh = cohesion(table, nodes)
    for v, c in zip(nodes, coh):
        w = tuple(int(t) for t in table.rows([v])[0] if t != 0)
        if len(w) <= max_n:          # the longest counted n-grams have no counted neighbours
            want_left, want_right = naive._boundary_entropy(tokens, w)
            # neighbour sums add c ln c rounded to 2**-20 (kernels._c_log_c), so entropies agree to ~1e-7
            assert left[v] == pytest.approx(want_left, abs=1e-6)
            assert right[v] == pytest.approx(want_right, abs=1e-6)
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
    table = count_ngrams(texts=["甲乙。丙甲乙，丁甲乙"], max_n=2, min_count=2, jobs=1)
    _, right = boundary_entropy(table)
    assert right[table.find([ord("甲"), ord("乙")])] == pytest.approx(math.log(3))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([1, 2, 3, 0, 5]), max_size=200),
       st.lists(st.lists(st.sampled_from([1, 2, 3, 5, 7]), min_size=1, max_size=4), max_size=12), st.integers(1, 4))
def test_count_known(tokens, known, order):
    """Occurrences of the n-grams a trie holds, and of no other: as the twin counts them."""
    known = sorted({tuple(k[:order]) for k in known})
    trie = Trie(capacity=8)
    flat = np.asarray([t for k in known for t in k + (0,)], dtype=np.int32)
    start = 0
    while start < flat.size:
        start = trie.count_positions(flat, start, order)
        if start < flat.size:
            trie.grow()
    trie.count[:] = 0
    K._count_known(np.asarray(tokens, dtype=np.int32), order, trie.slot_keys, trie.slot_nodes, trie.count)
    got = {k: int(trie.count[K._find_row(trie.slot_keys, trie.slot_nodes, np.asarray(k, dtype=np.int32), 0,
                                         len(k))]) for k in known}
    assert got == naive._count_known(tokens, order, known)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="甲乙丙，", min_size=10, max_size=80), min_size=1, max_size=5),
       st.integers(2, 4), st.data())
def test_fragment_cover(texts, max_n, data):
    """Any set of the table's n-grams as candidates: the largest count of a candidate that starts or ends
    with each one, as the plain twin finds it; a candidate that is not a node counts for nothing."""
    table = count_ngrams(texts=list(texts), max_n=max_n, min_count=2, jobs=1)
    nodes = np.arange(1, table.parent.size)
    chosen = sorted(data.draw(st.sets(st.sampled_from(nodes.tolist())))) if nodes.size else []
    chosen = np.asarray(chosen + [-1], dtype=np.int64)
    counts = np.append(table.count[chosen[:-1]], 10 ** 6).astype(np.int64)
    got = K._fragment_cover(table.parent, table.suffix_links(), chosen, counts)
    rows = table.rows(chosen[:-1])
    grams = [tuple(int(t) for t in r if t) for r in rows]
    want = naive._fragment_cover(dict(zip(grams, counts[:-1].tolist())))
    assert got[:-1].tolist() == [want[w] for w in grams]
    assert got[-1] == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="甲乙丙丁戊，。\nab", max_size=60), min_size=1, max_size=6),
       st.integers(1, 4), st.integers(2, 4))
def test_random_texts_match_naive(texts, max_n, min_count):
    """Counts, entropies and cohesion of the n-grams kept; with min_count above 2 the counting prunes
    more (kernels._count_level), and the neighbour sums must still be exact."""
    check_against_naive(texts, max_n, min_count)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=300), st.integers(1, 5), st.integers(1, 2), st.integers(0, 4),
       st.integers(1, 6))
def test_count_level_in_two_threads(tokens, order, min_parent_count, min_either_count, side_nodes):
    """Two threads (the second half of the positions into a side trie, merged after) give the trie of one
    thread, node for node and numbered alike, with the same suffix links, also when the side trie fills
    up and the main trie grows; the links recorded while counting are those the trie's n-grams have."""
    arr = np.asarray(tokens + [0], dtype=np.int32)
    tries = []
    with mock.patch.object(trie_module, "THREAD_TOKENS", 0), mock.patch.object(trie_module, "SIDE_NODES", side_nodes):
        for threads in (1, 2):
            trie = Trie(capacity=4)
            trie.count_tokens(arr, order, min_parent_count, min_either_count=min_either_count, threads=threads)
            tries.append(trie.trimmed() + (trie.suffix_links(),))
    for one, two in zip(*tries):
        assert np.array_equal(one, two)
    parent, token, depth, _, suffix = tries[1]
    rows = K._node_rows(parent, token, depth, np.arange(parent.size, dtype=np.int64), order)
    grams = [tuple(int(t) for t in r if t) for r in rows]
    node_of = {g: v for v, g in enumerate(grams)}
    assert suffix[0] == -1
    assert suffix[1:].tolist() == [node_of.get(g[1:], -1) if len(g) > 1 else 0 for g in grams[1:]]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([1, 2, 3, 0, 5]), max_size=200), st.integers(1, 5))
def test_count_level_all_ngrams_unpruned(tokens, order):
    """With nothing pruned, every n-gram is in the trie with its exact count."""
    arr = np.asarray(tokens + [0], dtype=np.int32)
    trie = Trie(capacity=8)
    trie.count_tokens(arr, order, 1)
    parent, token, depth, count = trie.trimmed()
    rows = K._node_rows(parent, token, depth, np.arange(1, trie.n_nodes, dtype=np.int64), order)
    got = {tuple(int(t) for t in r if t): int(c) for r, c in zip(rows, count[1:])}
    want = {}
    for d in range(1, order + 1):
        want.update(naive._count_level(arr.tolist(), d))
    assert got == want


def trie_ngrams(trie):
    """{n-gram: count} of the nodes of a trie."""
    parent, token, depth, count = trie.trimmed()
    rows = K._node_rows(parent, token, depth, np.arange(1, trie.n_nodes, dtype=np.int64), int(depth.max(initial=1)))
    return {tuple(int(t) for t in r if t): int(c) for r, c in zip(rows, count[1:])}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([1, 2, 3, 0, 5]), max_size=200), st.integers(1, 5), st.integers(0, 40))
def test_count_positions_in_pieces(tokens, order, extra):
    """A trie too small for the whole text, emptied whenever it is full, has counted every n-gram once."""
    from collections import Counter
    arr = np.asarray(tokens + [0], dtype=np.int32)
    trie = Trie(capacity=order + 2 + extra)
    got = Counter()
    start = 0
    while True:
        start = trie.count_positions(arr, start, order)
        got.update(trie_ngrams(trie))
        trie.reset()
        if start == arr.size:
            break
    assert dict(got) == dict(naive._count_positions(arr.tolist(), order))
