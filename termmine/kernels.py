"""Every Numba kernel of termmine: integer arrays in, integer or float arrays out.

Strings never reach this module. Text is first turned into token ids (normalize.py): a token id is a
Unicode code point for a single character, or ATOM_BASE + index for a run of Latin letters and digits,
and 0 marks a hard boundary (punctuation, space, line end) that no n-gram crosses.

The n-gram table is a trie held in flat arrays: node v has a parent node, the token that extends the
parent's n-gram by one, a depth (the n of its n-gram) and a count. Node 0 is the root (the empty n-gram,
whose count is the number of tokens). An open-addressing hash table maps (parent, token) to the child
node. Nodes are numbered in the order they are created and every node is created after its parent, so a
loop over node ids visits parents before children.

Each private kernel `_name` has a public wrapper in counting.py or discovery.py that checks and casts its
inputs, and a plain Python twin of the same name in tests/naive.py.
"""
import numba
import numpy as np

TOKEN_BITS = 22
TOKEN_SPACE = 1 << TOKEN_BITS        # token ids are below this
ATOM_BASE = 0x110000                 # first id above the Unicode code points
MAX_ATOMS = TOKEN_SPACE - ATOM_BASE  # how many distinct Latin/digit runs one table can hold
EMPTY = -1
_MIX = np.uint64(0x9E3779B97F4A7C15)


@numba.njit("i8(i8, i8)", cache=True, inline="always")
def _slot_of(key, mask):
    h = np.uint64(key) * _MIX
    return np.int64((h >> np.uint64(29)) ^ h) & mask


@numba.njit(cache=True)
def _trie_find(slot_keys, slot_nodes, parent, token):
    """The node for (parent, token), or -1."""
    key = np.int64(parent) * TOKEN_SPACE + token
    mask = slot_keys.size - 1
    s = _slot_of(key, mask)
    while True:
        k = slot_keys[s]
        if k == key:
            return slot_nodes[s]
        if k == EMPTY:
            return -1
        s = (s + 1) & mask


@numba.njit(cache=True)
def _trie_rehash(node_parent, node_token, n_nodes, capacity):
    """A fresh slot table of `capacity` slots (a power of two) holding nodes 1 .. n_nodes-1."""
    slot_keys = np.full(capacity, EMPTY, dtype=np.int64)
    slot_nodes = np.empty(capacity, dtype=np.int32)
    mask = capacity - 1
    for v in range(1, n_nodes):
        key = np.int64(node_parent[v]) * TOKEN_SPACE + node_token[v]
        s = _slot_of(key, mask)
        while slot_keys[s] != EMPTY:
            s = (s + 1) & mask
        slot_keys[s] = key
        slot_nodes[s] = v
    return slot_keys, slot_nodes


@numba.njit(cache=True)
def _count_level(tokens, prev_ids, cur_ids, depth, min_parent_count, start,
                 slot_keys, slot_nodes, node_parent, node_token, node_depth, node_count, n_nodes):
    """Count the n-grams of length `depth` that start at tokens[start:], adding nodes to the trie.

    prev_ids[i] is the node of the (depth-1)-gram at i (or -1), cur_ids[i] receives the node of the
    depth-gram at i (or -1). A depth-gram is counted only where its prefix and its suffix (the
    (depth-1)-grams at i and i+1) both have at least `min_parent_count` occurrences: with 2, every
    n-gram seen twice or more is counted exactly and most of those seen once are skipped (Apriori).

    Stops early when the node arrays are full or the slot table passes half load, and returns
    (position to resume from, number of nodes); the wrapper grows the arrays and calls again.
    """
    n_tokens = tokens.size
    mask = slot_keys.size - 1
    max_nodes = min(node_parent.size, slot_keys.size // 2)
    for i in range(start, n_tokens):
        if depth == 1:
            t = tokens[i]
            if t == 0:
                cur_ids[i] = -1
                continue
            p = 0
        else:
            j = i + depth - 1
            if j >= n_tokens:
                cur_ids[i] = -1
                continue
            a = prev_ids[i]
            b = prev_ids[i + 1]
            if a < 0 or b < 0 or node_count[a] < min_parent_count or node_count[b] < min_parent_count:
                cur_ids[i] = -1
                continue
            p = a
            t = tokens[j]
        key = np.int64(p) * TOKEN_SPACE + t
        s = _slot_of(key, mask)
        while True:
            k = slot_keys[s]
            if k == key:
                v = slot_nodes[s]
                node_count[v] += 1
                break
            if k == EMPTY:
                if n_nodes >= max_nodes:
                    return i, n_nodes
                v = n_nodes
                n_nodes += 1
                slot_keys[s] = key
                slot_nodes[s] = v
                node_parent[v] = p
                node_token[v] = t
                node_depth[v] = depth
                node_count[v] = 1
                break
            s = (s + 1) & mask
        cur_ids[i] = v
    return n_tokens, n_nodes


@numba.njit(cache=True)
def _insert_rows(rows, counts, slot_keys, slot_nodes, node_parent, node_token, node_depth, node_count,
                 n_nodes, start):
    """Add n-grams given as rows of token ids (all rows the same length n) with their counts.

    Every proper prefix of a row must already be in the trie (insert shorter n-grams first). A row
    whose prefix is missing is skipped and counted in the third return value. Returns (position to
    resume from, number of nodes, rows skipped); stops early like _count_level when full.
    """
    mask = slot_keys.size - 1
    max_nodes = min(node_parent.size, slot_keys.size // 2)
    n = rows.shape[1]
    skipped = 0
    for r in range(start, rows.shape[0]):
        p = 0
        for d in range(n - 1):
            p = _trie_find(slot_keys, slot_nodes, p, rows[r, d])
            if p < 0:
                break
        if p < 0:
            skipped += 1
            continue
        t = rows[r, n - 1]
        key = np.int64(p) * TOKEN_SPACE + t
        s = _slot_of(key, mask)
        while True:
            k = slot_keys[s]
            if k == key:
                node_count[slot_nodes[s]] += counts[r]
                break
            if k == EMPTY:
                if n_nodes >= max_nodes:
                    return r, n_nodes, skipped
                v = n_nodes
                n_nodes += 1
                slot_keys[s] = key
                slot_nodes[s] = v
                node_parent[v] = p
                node_token[v] = t
                node_depth[v] = n
                node_count[v] = counts[r]
                break
            s = (s + 1) & mask
    return rows.shape[0], n_nodes, skipped


@numba.njit(cache=True)
def _node_rows(node_parent, node_token, node_depth, nodes, width):
    """The token ids of each listed node's n-gram, one row per node, padded with 0 to `width`."""
    rows = np.zeros((nodes.size, width), dtype=np.int32)
    for r in range(nodes.size):
        v = nodes[r]
        d = node_depth[v]
        while d > 0:
            rows[r, d - 1] = node_token[v]
            v = node_parent[v]
            d -= 1
    return rows


@numba.njit(cache=True)
def _suffix_links(slot_keys, slot_nodes, node_parent, node_token, node_depth, n_nodes):
    """suffix[v] = the node of v's n-gram without its first token (root for depth 1), or -1 if absent."""
    suffix = np.full(n_nodes, -1, dtype=np.int32)
    suffix[0] = -1
    for v in range(1, n_nodes):
        if node_depth[v] == 1:
            suffix[v] = 0
        else:
            s = suffix[node_parent[v]]
            if s >= 0:
                suffix[v] = _trie_find(slot_keys, slot_nodes, s, node_token[v])
    return suffix


@numba.njit(cache=True)
def _neighbour_sums(node_parent, node_count, suffix, n_nodes):
    """For each node w: sum over right neighbours x of c(wx) ln c(wx), and the same over left ones.

    A neighbour seen once adds 1 ln 1 = 0, which is also what a line edge or boundary adds (each
    counts as a distinct neighbour), so n-grams seen once may be missing from the trie.
    """
    right = np.zeros(n_nodes, dtype=np.float64)
    left = np.zeros(n_nodes, dtype=np.float64)
    for v in range(1, n_nodes):
        c = node_count[v]
        if c > 1:
            f = c * np.log(c)
            right[node_parent[v]] += f
            s = suffix[v]
            if s > 0:
                left[s] += f
    return left, right


@numba.njit(cache=True)
def _boundary_entropy(node_count, sums):
    """Entropy of the neighbour distribution: ln c(w) - sums(w) / c(w); 0 for an unseen n-gram."""
    out = np.zeros(node_count.size, dtype=np.float64)
    for v in range(node_count.size):
        c = node_count[v]
        if c > 0:
            out[v] = np.log(c) - sums[v] / c
            if out[v] < 0.0:     # rounding of equal terms
                out[v] = 0.0
    return out


@numba.njit(cache=True)
def _cohesion(node_parent, node_depth, node_count, suffix, nodes, total):
    """min over binary splits w = a + b of ln(total * c(w) / (c(a) * c(b))); +inf for one token."""
    out = np.empty(nodes.size, dtype=np.float64)
    for r in range(nodes.size):
        v = nodes[r]
        n = node_depth[v]
        best = np.inf
        # prefix of length k: climb n - k parents; suffix of length n - k: follow k suffix links
        b = v
        for k in range(1, n):
            b = suffix[b]
            a = v
            for _ in range(n - k):
                a = node_parent[a]
            if b < 0:
                break
            value = (np.log(np.float64(total)) + np.log(np.float64(node_count[v]))
                     - np.log(np.float64(node_count[a])) - np.log(np.float64(node_count[b])))
            if value < best:
                best = value
        out[r] = best
    return out


@numba.njit(cache=True)
def _row_partitions(rows, n_parts):
    """A partition number for each row (a hash of its tokens), for spilling."""
    out = np.empty(rows.shape[0], dtype=np.int64)
    for r in range(rows.shape[0]):
        h = np.uint64(1469598103934665603)
        for d in range(rows.shape[1]):
            h = (h ^ np.uint64(rows[r, d])) * np.uint64(1099511628211)
        out[r] = np.int64((h >> np.uint64(33)) % np.uint64(n_parts))
    return out


@numba.njit(cache=True)
def _aggregate_rows(rows, counts):
    """Add up the counts of equal rows; returns (index of one row per distinct row, summed counts),
    in order of first appearance."""
    n, width = rows.shape
    capacity = 1
    while capacity < 2 * n + 2:
        capacity *= 2
    mask = capacity - 1
    slots = np.full(capacity, -1, dtype=np.int64)
    first = np.empty(n, dtype=np.int64)
    sums = np.zeros(n, dtype=np.int64)
    n_out = 0
    for r in range(n):
        h = np.uint64(1469598103934665603)
        for d in range(width):
            h = (h ^ np.uint64(rows[r, d])) * np.uint64(1099511628211)
        s = np.int64(h >> np.uint64(1)) & mask
        while True:
            k = slots[s]
            if k < 0:
                slots[s] = n_out
                first[n_out] = r
                sums[n_out] = counts[r]
                n_out += 1
                break
            q = first[k]
            same = True
            for d in range(width):
                if rows[q, d] != rows[r, d]:
                    same = False
                    break
            if same:
                sums[k] += counts[r]
                break
            s = (s + 1) & mask
    return first[:n_out], sums[:n_out]


@numba.njit(cache=True)
def _find_row(slot_keys, slot_nodes, row, start, stop):
    """The node of the n-gram row[start:stop], or -1."""
    p = 0
    for d in range(start, stop):
        p = _trie_find(slot_keys, slot_nodes, p, row[d])
        if p < 0:
            return -1
    return p


@numba.njit(cache=True)
def _add_neighbour_sums(rows, counts, slot_keys, slot_nodes, left, right):
    """Add c ln c of each row (an n-gram seen c times) to the right sum of its prefix and the left sum
    of its suffix, where those are in the trie."""
    n = rows.shape[1]
    for r in range(rows.shape[0]):
        c = counts[r]
        if c < 2:
            continue
        f = c * np.log(c)
        p = _find_row(slot_keys, slot_nodes, rows[r], 0, n - 1)
        if p >= 0:
            right[p] += f
        s = _find_row(slot_keys, slot_nodes, rows[r], 1, n)
        if s >= 0:
            left[s] += f


@numba.njit(cache=True)
def _compact_nodes(node_parent, node_count, keep):
    """New ids for the kept nodes (in the same order; -1 for dropped), and their new parents.
    A kept node's parent must be kept (true when keeping by a minimum count)."""
    new_id = np.full(node_parent.size, -1, dtype=np.int32)
    n = 0
    for v in range(node_parent.size):
        if keep[v]:
            new_id[v] = n
            n += 1
    parents = np.empty(n, dtype=np.int32)
    for v in range(node_parent.size):
        if keep[v]:
            parents[new_id[v]] = new_id[node_parent[v]] if v > 0 else -1
    return new_id, parents
