"""The kernels against their plain twins in naive.py, for those that test_kernels.py, test_normalize.py and
test_mine.py do not already compare; and the rule that keeps it so: every kernel lives in kernels.py and
has a twin of its name."""
import re
from pathlib import Path

import naive
import numba
import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from termmine import kernels as K
from termmine.trie import Trie

PACKAGE = Path(K.__file__).resolve().parent
TOKENS = st.lists(st.sampled_from([1, 2, 3, 0, 5]), max_size=120)


def test_every_kernel_lives_in_kernels_py_and_has_a_twin():
    kernels = sorted(name for name, f in vars(K).items() if isinstance(f, numba.core.dispatcher.Dispatcher))
    assert len(kernels) >= 30
    assert [name for name in kernels if not callable(getattr(naive, name, None))] == []
    decorator = re.compile(r"(?m)^\s*@(numba\.)?(n?jit|vectorize|guvectorize|stencil)\b")
    elsewhere = [p.name for p in PACKAGE.glob("*.py") if p.name != "kernels.py" and decorator.search(p.read_text())]
    assert elsewhere == []


def full_trie(tokens, order):
    """A trie of every n-gram of 1 .. order tokens of `tokens` (Trie.count_positions, nothing pruned)."""
    arr = np.asarray(list(tokens) + [0], dtype=np.int32)
    trie = Trie(64)
    start = 0
    while start < arr.size:
        start = trie.count_positions(arr, start, order)
        if start < arr.size:
            trie.grow()
    return trie


def ngram_nodes(parent, token, n_nodes):
    """{n-gram: node} of a trie's nodes but the root, the n-grams found by naive._node_rows."""
    rows = naive._node_rows(parent, token, range(1, n_nodes), 64)
    return {tuple(t for t in row if t): v for v, row in enumerate(rows, start=1)}


def model_of(parent, token, depth, count, n_nodes):
    return naive.Model(parent[:n_nodes].tolist(), token[:n_nodes].tolist(), depth[:n_nodes].tolist(),
                       count[:n_nodes].tolist())


def assert_same_trie(model, slot_keys, slot_nodes, parent, token, depth, count, n_nodes):
    """The node arrays and the hash table of a kernel's trie hold what the model holds."""
    assert n_nodes == model.n_nodes
    assert parent[1:n_nodes].tolist() == model.parent[1:]
    assert token[:n_nodes].tolist() == model.token
    assert depth[:n_nodes].tolist() == model.depth
    assert count[:n_nodes].tolist() == model.count
    assert naive._keys_of(slot_keys, slot_nodes) == {p * K.TOKEN_SPACE + t: v for (p, t), v in model.children.items()}


def empty_arrays(capacity, model=None):
    """Node arrays of `capacity` nodes and a hash table for them, holding the model's nodes if given."""
    model = model or naive.Model()
    parent, token = np.zeros(capacity, dtype=np.int32), np.zeros(capacity, dtype=np.int32)
    depth, count = np.zeros(capacity, dtype=np.int8), np.zeros(capacity, dtype=np.int64)
    n = model.n_nodes
    parent[:n], token[:n], depth[:n], count[:n] = model.parent, model.token, model.depth, model.count
    slot_keys, slot_nodes = K._trie_rehash(parent, token, 1, n, 2 * capacity + 1)
    return slot_keys, slot_nodes, parent, token, depth, count


# --- the hash table of (parent, token) keys


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2 ** 62), st.integers(1, 2 ** 32 - 1))
@example(0, 1)
@example(2 ** 53 + 12345, 2 ** 32 - 1)
def test_slot_of(key, n_slots):
    assert K._slot_of(key, n_slots) == naive._slot_of(key, n_slots)


@settings(max_examples=60, deadline=None)
@given(TOKENS, st.integers(1, 4), st.data())
def test_trie_rehash_probe_and_trie_find(tokens, order, data):
    """A table made for nodes first .. n_nodes-1 holds those and no others; probing finds each key or the
    empty slot where it would go; a (parent, token) is found where the table holds it."""
    trie = full_trie(tokens, order)
    n = trie.n_nodes
    first = data.draw(st.integers(0, n))
    n_slots = data.draw(st.integers(n - max(first, 1) + 1, 2 * n + 2))
    slot_keys, slot_nodes = K._trie_rehash(trie.parent, trie.token, first, n, n_slots)
    assert slot_keys.size == n_slots
    assert naive._keys_of(slot_keys, slot_nodes) == naive._trie_rehash(trie.parent, trie.token, first, n)
    asked = data.draw(st.lists(st.tuples(st.integers(0, n), st.sampled_from([1, 2, 3, 5, 7])), max_size=20))
    asked += [(int(trie.parent[v]), int(trie.token[v])) for v in range(max(first, 1), n)]
    for p, t in asked:
        key = p * K.TOKEN_SPACE + t
        assert K._probe(slot_keys, key) == naive._probe(slot_keys, key)
        assert K._trie_find(slot_keys, slot_nodes, p, t) == naive._trie_find(slot_keys, slot_nodes, p, t)


@settings(max_examples=60, deadline=None)
@given(TOKENS, st.integers(1, 4), st.lists(st.sampled_from([1, 2, 3, 5, 7]), max_size=30), st.data())
def test_find_row_and_find_rows(tokens, order, query, data):
    trie = full_trie(tokens, order)
    nodes = ngram_nodes(trie.parent, trie.token, trie.n_nodes)
    starts = data.draw(st.lists(st.integers(0, len(query)), max_size=15))
    lengths = [data.draw(st.integers(0, min(order + 1, len(query) - s))) for s in starts]
    arr = np.asarray(query, dtype=np.int32)
    got = K._find_rows(trie.slot_keys, trie.slot_nodes, arr, np.asarray(starts, dtype=np.int64),
                       np.asarray(lengths, dtype=np.int64))
    assert got.tolist() == naive._find_rows(nodes, query, starts, lengths)
    for s, n in zip(starts, lengths):
        assert K._find_row(trie.slot_keys, trie.slot_nodes, arr, s, s + n) == naive._find_row(nodes, query, s, s + n)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 6), st.integers(1, 9)), max_size=60),
       st.integers(1, 30))
def test_add_count_and_add_node(ops, max_nodes):
    """Adding counts to (parent, token) pairs one at a time, making nodes until the arrays hold max_nodes:
    each step returns what the model's does, and the trie holds what the model holds."""
    arrays = empty_arrays(max_nodes)
    model = naive.Model()
    n_nodes = 1
    for p_pick, t, c in ops:
        p = p_pick % n_nodes
        depth = model.depth[p] + 1
        got = K._add_count(*arrays[:2], *arrays[2:], n_nodes, max_nodes, p, t, depth, c)
        want = naive._add_count(model, max_nodes, p, t, depth, c)
        assert tuple(map(int, got)) == want
        n_nodes = int(got[1])
    assert_same_trie(model, *arrays, n_nodes)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 6), st.integers(1, 9)), max_size=30))
def test_add_node(new_nodes):
    """Each new (parent, token) made node number n_nodes in the slot where probing puts it."""
    arrays = empty_arrays(len(new_nodes) + 1)
    slot_keys, slot_nodes, parent, token, depth, count = arrays
    model = naive.Model()
    for p_pick, t, c in new_nodes:
        p = p_pick % model.n_nodes
        if (p, t) in model.children:
            continue
        key = p * K.TOKEN_SPACE + t
        v = model.n_nodes
        K._add_node(slot_keys, slot_nodes, K._probe(slot_keys, key), key, parent, token, depth, count, v, p, t,
                    model.depth[p] + 1, c)
        naive._add_node(model, v, p, t, model.depth[p] + 1, c)
    assert_same_trie(model, *arrays, model.n_nodes)


# --- counting into a trie


@settings(max_examples=60, deadline=None)
@given(TOKENS, st.lists(st.tuples(st.integers(0, 100), st.sampled_from([1, 2, 3, 5, 7]), st.integers(1, 9),
                                  st.integers(0, 100)), max_size=25),
       st.integers(0, 30), st.data())
def test_merge_level(tokens, side, extra, data):
    """Side nodes of length 3 (their parents and suffixes nodes of length 2 of the main trie) are added in
    order: a count where the main trie has the node, a new node (with the side node's suffix) where not,
    until the main trie is full."""
    main = full_trie(tokens + [1, 2, 3, 0], 3)
    n = main.n_nodes
    model = model_of(main.parent, main.token, main.depth, main.count, n)
    twos = [v for v in range(1, n) if model.depth[v] == 2]
    side = list({(twos[p % len(twos)], t): (c, twos[s % len(twos)]) for p, t, c, s in side}.items())
    side = [(p, t, c, s) for (p, t), (c, s) in side]
    start = data.draw(st.integers(0, len(side)))
    max_nodes = n + extra
    slot_keys, slot_nodes, parent, token, depth, count = empty_arrays(max_nodes, model)
    suffix = np.full(max_nodes, -7, dtype=np.int32)
    side_arrays = [np.asarray([s[i] for s in side], dtype=dtype)
                   for i, dtype in enumerate((np.int32, np.int32, np.int64, np.int32))]
    new_id = np.full(max(1, len(side)), -1, dtype=np.int32)
    resume, n_nodes = K._merge_level(*side_arrays, start, len(side), 3, slot_keys, slot_nodes, parent, token, depth,
                                     count, suffix, n, max_nodes, new_id)
    want_resume, want_new_id, want_suffix = naive._merge_level(model, side, start, 3, max_nodes)
    assert resume == want_resume
    assert_same_trie(model, slot_keys, slot_nodes, parent, token, depth, count, n_nodes)
    assert {k: int(new_id[k]) for k in range(start, resume)} == want_new_id
    assert {v: int(suffix[v]) for v in range(n, n_nodes)} == want_suffix


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-1, 9), max_size=40), st.permutations(range(10)), st.data())
def test_renumber(ids, new_id, data):
    start = data.draw(st.integers(0, len(ids)))
    stop = data.draw(st.integers(start, len(ids)))
    got = np.asarray(ids, dtype=np.int32)
    K._renumber(got, start, stop, np.asarray(new_id, dtype=np.int32))
    assert got.tolist() == naive._renumber(ids, start, stop, new_id)


@settings(max_examples=60, deadline=None)
@given(TOKENS, st.integers(1, 3), st.integers(1, 4),
       st.lists(st.tuples(st.lists(st.sampled_from([1, 2, 3, 5, 7]), min_size=4, max_size=4), st.integers(1, 9)),
                max_size=30),
       st.integers(0, 20), st.data())
def test_insert_rows(tokens, order, width, rows, extra, data):
    """Rows of one length added to a trie: counted where the node is there, made where their prefix is,
    skipped where it is not, until the trie is full."""
    trie = full_trie(tokens, order)
    model = model_of(trie.parent, trie.token, trie.depth, trie.count, trie.n_nodes)
    rows, counts = [tuple(r[:width]) for r, _ in rows], [c for _, c in rows]
    start = data.draw(st.integers(0, len(rows)))
    max_nodes = model.n_nodes + extra
    arrays = empty_arrays(max_nodes, model)
    resume, n_nodes, skipped = K._insert_rows(np.asarray(rows, dtype=np.int32).reshape(-1, width),
                                              np.asarray(counts, dtype=np.int64), *arrays, model.n_nodes, start,
                                              max_nodes)
    assert (resume, skipped) == naive._insert_rows(model, rows, counts, start, max_nodes)
    assert_same_trie(model, *arrays, n_nodes)


# --- count tables


@settings(max_examples=60, deadline=None)
@given(TOKENS, st.integers(1, 5), st.data())
def test_node_rows(tokens, order, data):
    trie = full_trie(tokens, order)
    nodes = data.draw(st.lists(st.integers(0, trie.n_nodes - 1), max_size=30))
    width = data.draw(st.integers(order, order + 2))
    got = K._node_rows(trie.parent, trie.token, trie.depth, np.asarray(nodes, dtype=np.int64), width)
    assert got.tolist() == naive._node_rows(trie.parent, trie.token, nodes, width)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 2 ** 40))
@example(1)
@example(2)
@example(10 ** 9)
def test_c_log_c(c):
    assert K._c_log_c(c) == naive._c_log_c(c)


@settings(max_examples=60, deadline=None)
@given(TOKENS, st.integers(1, 5), st.integers(1, 2), st.integers(0, 4))
def test_neighbour_sums(tokens, order, min_parent_count, min_either_count):
    """The neighbour sums of every node of a trie, whole or pruned as count_ngrams prunes it (a node
    whose suffix is not in the trie adds to no left sum), are exactly the twin's: the rounded terms add
    up to the same sums in any order."""
    tries = [full_trie(tokens, order), Trie(64, with_table=False)]
    tries[1].count_tokens(np.asarray(tokens + [0], dtype=np.int32), order, min_parent_count,
                          min_either_count=min_either_count)
    for trie in tries:
        n = trie.n_nodes
        parent, token, _, count = trie.trimmed()
        left, right = K._neighbour_sums(parent, count, trie.suffix_links(), n)
        nodes = ngram_nodes(parent, token, n)
        want = naive._neighbour_sums({w: int(count[v]) for w, v in nodes.items()})
        assert (left[0], right[0]) == want[()]
        assert {w: (left[v], right[v]) for w, v in nodes.items()} == {w: want[w] for w in nodes}


@settings(max_examples=60, deadline=None)
@given(TOKENS, st.integers(1, 5), st.integers(1, 5))
def test_compact_nodes(tokens, order, min_count):
    trie = full_trie(tokens, order)
    parent, _, _, count = trie.trimmed()
    keep = count >= min_count
    keep[0] = True
    new_id, parents = K._compact_nodes(parent, count, keep)
    assert (new_id.tolist(), parents.tolist()) == naive._compact_nodes(parent, keep)


# --- counting on disk


def test_group_index():
    assert [K._group_index(t, 40000) for t in (1, 39999, K.ATOM_BASE, K.ATOM_BASE + 3)] == \
        [naive._group_index(t, 40000) for t in (1, 39999, K.ATOM_BASE, K.ATOM_BASE + 3)] == [1, 39999, 40000, 40003]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from([1, 2, 3, 0, 5, K.ATOM_BASE, K.ATOM_BASE + 1]), max_size=80), st.integers(1, 4),
       st.integers(1, 3), st.integers(1, 3), st.booleans(), st.data())
def test_count_group_level(tokens, depth, min_parent_count, min_either_count, by_id, data):
    """One chunk, two groups, prev ids given as numbers within three groups of the length before, their
    counts by id or by position; a trie too small at first (the wrapper makes room and calls again)."""
    n_codes = 6
    group_of = np.array([0, 1, 0, 1, 0, 1, 0, 1], dtype=np.uint8)            # codes 0-5, then atoms 0-1
    prev_group_of = np.array([0, 2, 1, 0, 2, 1, 2, 0], dtype=np.uint8)
    prev_offsets = np.array([0, 10, 20], dtype=np.int32)
    n = len(tokens)
    numbers = [data.draw(st.integers(-1, 9)) for _ in range(n)]
    id_counts = np.array([data.draw(st.integers(0, 4)) for _ in range(30)], dtype=np.int32)
    ids = [-1 if x < 0 or t == 0 else x + prev_offsets[prev_group_of[naive._group_index(t, n_codes)]]
           for x, t in zip(numbers, tokens)]
    position_counts = np.array([id_counts[i] if i >= 0 else 0 for i in ids], dtype=np.int32)
    prev = {i: (ids[i], int(position_counts[i])) for i in range(n) if ids[i] >= 0}
    arr = np.asarray(tokens, dtype=np.int32)
    prev_numbers = np.asarray([x if t != 0 else -1 for x, t in zip(numbers, tokens)] or [-1], dtype=np.int32)
    for group in (0, 1):
        trie = Trie(4096, with_table=False)
        trie._start_level(4)
        cur = np.full(n, -1, dtype=np.int32)
        start = 0
        while True:
            start, trie.n_nodes = K._count_group_level(
                arr, n, prev_numbers, id_counts if by_id else position_counts, by_id, prev_group_of, prev_offsets,
                cur, group_of, n_codes, group, depth, min_parent_count, min_either_count, start, n, trie.slot_keys,
                trie.slot_nodes, trie.parent, trie.token, trie.depth, trie.count, trie.suffix, trie.n_nodes,
                trie._max_nodes())
            if start == n:
                break
            assert trie._make_room(None, may_grow=False)
        want_nodes, want_numbers = naive._count_group_level(tokens, prev, group_of, n_codes, group, depth,
                                                            min_parent_count, min_either_count)
        got_nodes = list(zip(trie.parent[1:trie.n_nodes].tolist(), trie.token[1:trie.n_nodes].tolist(),
                             trie.count[1:trie.n_nodes].tolist(), trie.suffix[1:trie.n_nodes].tolist()))
        assert got_nodes == want_nodes
        assert {i: int(cur[i]) for i in want_numbers} == want_numbers
        assert all(cur[i] == -1 for i in range(n) if i not in want_numbers)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(-1, 20), st.integers(1, 9)), max_size=40),
       st.integers(0, 10), st.integers(0, 15))
def test_add_level_sums(nodes, lo, width):
    parents, suffixes, counts = ([x[k] for x in nodes] for k in range(3))
    left, right = np.zeros(width), np.zeros(width)
    K._add_level_sums(np.asarray(parents, dtype=np.int32), np.asarray(suffixes, dtype=np.int32),
                      np.asarray(counts, dtype=np.int64), lo, lo + width, left, right)
    want = naive._add_level_sums(parents, suffixes, counts, lo, lo + width)
    assert [[left[k], right[k]] for k in range(width)] == [want.get(lo + k, [0.0, 0.0]) for k in range(width)]


# --- measures of candidates


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=1, max_size=30), st.data())
def test_cover_chain(picks, data):
    """Along a chain of links that end at the root (parents, or suffix links), the cover of each
    candidate on it rises to the count."""
    n = len(picks) + 1
    links = np.asarray([-1] + [p % v for v, p in enumerate(picks, start=1)], dtype=np.int32)
    index = np.asarray(data.draw(st.lists(st.integers(-1, 4), min_size=n, max_size=n)), dtype=np.int64)
    cover = data.draw(st.lists(st.integers(0, 9), min_size=5, max_size=5))
    a = data.draw(st.integers(0, n - 1))
    count = data.draw(st.integers(0, 12))
    got = np.asarray(cover, dtype=np.int64)
    K._cover_chain(links, a, index, got, count)
    assert got.tolist() == naive._cover_chain(links, a, index, cover, count)


# --- word counts in the most probable segmentation


def best_segmentation(n_chars, char_weight, matches, word_length, word_weight):
    """The kernel's word counts, and the twin's of every segmentation of the greatest weight."""
    matches = sorted(matches)
    counts = np.zeros(len(word_length), dtype=np.int64)
    K._best_segmentation(n_chars, np.asarray(char_weight, dtype=np.float64),
                         np.asarray([e for e, _ in matches], dtype=np.int64),
                         np.asarray([w for _, w in matches], dtype=np.int64), np.asarray(word_length, dtype=np.int64),
                         np.asarray(word_weight, dtype=np.float64), counts)
    return counts.tolist(), naive._best_segmentation(n_chars, char_weight, matches, word_length, word_weight)


def test_best_segmentation_prefers_characters_on_a_tie():
    """Two characters of -1 each or one word of -2: both are best, the kernel keeps the characters."""
    got, best = best_segmentation(2, [-1.0, -1.0], [(1, 0)], [2], [-2.0])
    assert best == [[0], [1]] and got == [0]
    got, best = best_segmentation(2, [-1.0, -1.0], [(1, 0)], [2], [-1.5])
    assert best == [[1]] and got == [1]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 9), st.lists(st.integers(1, 3), min_size=1, max_size=4), st.data())
def test_best_segmentation(n_chars, word_length, data):
    """The kernel's segmentation is one of those of the greatest weight, each weight summed from the left
    as the kernel sums it (so a tie is a tie in both)."""
    weights = st.floats(-12.0, -0.5, allow_nan=False)
    char_weight = data.draw(st.lists(weights, min_size=n_chars, max_size=n_chars))
    word_weight = data.draw(st.lists(weights, min_size=len(word_length), max_size=len(word_length)))
    places = [(end, w) for end in range(n_chars) for w in range(len(word_length)) if word_length[w] <= end + 1]
    matches = data.draw(st.sets(st.sampled_from(places))) if places else set()
    got, best = best_segmentation(n_chars, char_weight, matches, word_length, word_weight)
    assert got in best
