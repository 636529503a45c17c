"""Every Numba kernel of termmine: integer arrays in, integer or float arrays out.

Strings never reach this module. normalize.py hands it the code points of a text (normalize.codes_of) and
gets token ids back: a token id is a Unicode code point for a single character, or ATOM_BASE + index for
a run of Latin letters and digits, and 0 marks a hard boundary (punctuation, space, line end) that no
n-gram crosses.

The n-gram table is a trie held in flat arrays: node v has a parent node, the token that extends the
parent's n-gram by one, a depth (the n of its n-gram) and a count. Node 0 is the root (the empty n-gram,
whose count is the number of tokens). An open-addressing hash table maps (parent, token) to the child
node. Nodes are numbered in the order they are created and every node is created after its parent, so a
loop over node ids visits parents before children. The slot table may have any number of slots (the hash is
scaled to it, not masked), so tables can be sized to the memory they are given; it always keeps free slots.

A kernel `_name` checks nothing: it is called by the module named in its section below, which sizes,
casts and checks its inputs (Trie for the trie kernels, NgramCounts for the table's), and grows the
arrays and calls again where a kernel stops early when full. Each kernel has a plain Python twin of the
same name in tests/naive.py, which the tests compare it with (tests/test_twins.py checks that each has one).
"""
import numba
import numpy as np

from .jitcache import CACHE  # cached in the user's cache folder, never in the package (jitcache.py)

TOKEN_BITS = 22
TOKEN_SPACE = 1 << TOKEN_BITS        # token ids are below this
ATOM_BASE = 0x110000                 # first id above the Unicode code points
MAX_ATOMS = TOKEN_SPACE - ATOM_BASE  # how many distinct Latin/digit runs one table can hold
EMPTY = -1
MAX_SLOTS = 1 << 32                  # _slot_of scales a 32-bit hash
_MIX = np.uint64(0x9E3779B97F4A7C15)


# --- text to token ids (normalize.py: CharTables, Normalizer) ---

# the class of each code point (normalize._classify, kept in CharTables.classes) that _scan reads; PENDING
# and UNKNOWN mark the entries of a table not yet learnt (_new_code_points)
BOUNDARY, CHAR, ATOM, JOIN, TAIL, PENDING, UNKNOWN = 0, 1, 2, 3, 4, 254, 255
# how NFKC treats a code point on its own (normalize._nfkc_kind), as _apply_nfkc reads it
KEEP, SINGLE, EXPAND, COMPLEX = 0, 1, 2, 3


@numba.njit(cache=CACHE)
def _new_code_points(codes, table):
    """The distinct code points of `codes` whose entry in `table` is UNKNOWN, in the order first met;
    their entries are set to PENDING, and the caller must then set each (CharTables._learn)."""
    found = np.empty(codes.size, dtype=np.uint32)
    n = 0
    for i in range(codes.size):
        c = codes[i]
        if table[c] == UNKNOWN:
            table[c] = PENDING
            found[n] = c
            n += 1
    return found[:n].copy()


@numba.njit(cache=CACHE)
def _apply_nfkc(codes, kind, single, expand_index, expand_offsets, expand_data):
    """Per-character NFKC; returns None if any character is COMPLEX (see _nfkc_kind)."""
    n_out = 0
    changed = False
    for i in range(codes.size):
        k = kind[codes[i]]
        if k == COMPLEX:
            return None
        if k == EXPAND:
            j = expand_index[codes[i]]
            n_out += expand_offsets[j + 1] - expand_offsets[j]
            changed = True
        else:
            n_out += 1
            if k == SINGLE:
                changed = True
    if not changed:
        return codes
    out = np.empty(n_out, dtype=np.uint32)
    o = 0
    for i in range(codes.size):
        c = codes[i]
        k = kind[c]
        if k == EXPAND:
            j = expand_index[c]
            for m in range(expand_offsets[j], expand_offsets[j + 1]):
                out[o] = expand_data[m]
                o += 1
        else:
            out[o] = single[c] if k == SINGLE else c
            o += 1
    return out


@numba.njit(cache=CACHE)
def _scan(codes, class_of):
    """Token ids for one text: code points for single characters, 0 for boundaries and -(k+1) for the
    k-th atom; plus the start and end offsets (in code points) of each atom. class_of: the class of
    every code point (CharTables.classes, which must know those of `codes`)."""
    n = codes.size
    tokens = np.empty(n, dtype=np.int32)
    starts = np.empty(n, dtype=np.int64)
    ends = np.empty(n, dtype=np.int64)
    n_tok = 0
    n_atoms = 0
    i = 0
    while i < n:
        c = class_of[codes[i]]
        if c == ATOM:
            j = i + 1
            while j < n:
                cj = class_of[codes[j]]
                if cj == ATOM:
                    j += 1
                elif cj == JOIN and j + 1 < n and class_of[codes[j + 1]] == ATOM:
                    j += 2
                else:
                    break
            while j < n and class_of[codes[j]] == TAIL:
                j += 1
            starts[n_atoms] = i
            ends[n_atoms] = j
            n_atoms += 1
            tokens[n_tok] = -n_atoms
            n_tok += 1
            i = j
        elif c == CHAR:
            tokens[n_tok] = codes[i]
            n_tok += 1
            i += 1
        else:
            if n_tok == 0 or tokens[n_tok - 1] != 0:
                tokens[n_tok] = 0
                n_tok += 1
            i += 1
    return tokens[:n_tok], starts[:n_atoms], ends[:n_atoms]


# --- the hash table of (parent, token) keys, shared by tries and tables ---


@numba.njit("i8(i8, i8)", cache=CACHE, inline="always")
def _slot_of(key, n_slots):
    """Home slot of a key: the top 32 bits of a multiplicative hash, scaled to [0, n_slots)."""
    h = np.uint64(key) * _MIX
    return np.int64(((h >> np.uint64(32)) * np.uint64(n_slots)) >> np.uint64(32))


@numba.njit(cache=CACHE, inline="always")
def _probe(slot_keys, key):
    """The slot that holds `key`, or else the empty slot where it would go (linear probing)."""
    n_slots = slot_keys.size
    s = _slot_of(key, n_slots)
    while True:
        k = slot_keys[s]
        if k == key or k == EMPTY:
            return s
        s += 1
        if s == n_slots:
            s = 0


@numba.njit(cache=CACHE)
def _trie_find(slot_keys, slot_nodes, parent, token):
    """The node for (parent, token), or -1."""
    s = _probe(slot_keys, np.int64(parent) * TOKEN_SPACE + token)
    if slot_keys[s] == EMPTY:
        return -1
    return slot_nodes[s]


@numba.njit(cache=CACHE)
def _trie_rehash(node_parent, node_token, first, n_nodes, n_slots):
    """A fresh slot table of `n_slots` slots (more than n_nodes - first) holding nodes first .. n_nodes-1
    (first is 1 for a whole trie; the first node of a length for the table of that length alone)."""
    slot_keys = np.full(n_slots, EMPTY, dtype=np.int64)
    slot_nodes = np.empty(n_slots, dtype=np.int32)
    for v in range(max(first, 1), n_nodes):
        key = np.int64(node_parent[v]) * TOKEN_SPACE + node_token[v]
        s = _probe(slot_keys, key)
        slot_keys[s] = key
        slot_nodes[s] = v
    return slot_keys, slot_nodes


@numba.njit(cache=CACHE)
def _find_row(slot_keys, slot_nodes, row, start, stop):
    """The node of the n-gram row[start:stop], or -1."""
    p = 0
    for d in range(start, stop):
        p = _trie_find(slot_keys, slot_nodes, p, row[d])
        if p < 0:
            return -1
    return p


@numba.njit(cache=CACHE, inline="always")
def _add_node(slot_keys, slot_nodes, s, key, node_parent, node_token, node_depth, node_count, v, parent,
              token, depth, count):
    """Make node v for (parent, token) in slot s, with its depth and first count."""
    slot_keys[s] = key
    slot_nodes[s] = v
    node_parent[v] = parent
    node_token[v] = token
    node_depth[v] = depth
    node_count[v] = count


@numba.njit(cache=CACHE, inline="always")
def _add_count(slot_keys, slot_nodes, node_parent, node_token, node_depth, node_count, n_nodes, max_nodes, p, t,
               depth, c):
    """Add c to the count of the node (p, t), made (at this depth) if the trie lacks it; returns (node,
    number of nodes), node -1 if it would have been node number max_nodes."""
    key = np.int64(p) * TOKEN_SPACE + t
    s = _probe(slot_keys, key)
    if slot_keys[s] == key:
        v = np.int64(slot_nodes[s])
        node_count[v] += c
        return v, n_nodes
    if n_nodes >= max_nodes:
        return np.int64(-1), n_nodes
    _add_node(slot_keys, slot_nodes, s, key, node_parent, node_token, node_depth, node_count, n_nodes, p, t, depth,
              c)
    return np.int64(n_nodes), n_nodes + 1


# --- counting into a trie (trie.py: Trie) ---


@numba.njit(cache=CACHE, nogil=True)
def _count_level(tokens, prev_ids, cur_ids, depth, min_parent_count, min_either_count, start, stop, parent_count,
                 slot_keys, slot_nodes, node_parent, node_token, node_depth, node_count, node_suffix, n_nodes,
                 max_nodes):
    """Count the n-grams of length `depth` that start at tokens[start:stop], adding nodes to the trie.

    prev_ids[i] is the node of the (depth-1)-gram at i (or -1), cur_ids[i] receives the node of the
    depth-gram at i (or -1). A depth-gram is counted only where its prefix and its suffix (the
    (depth-1)-grams at i and i+1) both have at least `min_parent_count` occurrences, and one of them at
    least `min_either_count`. With 2 and 2, every n-gram seen twice or more is counted exactly and most
    of those seen once are skipped (Apriori). With 2 and m, every n-gram seen m times or more is counted,
    and so is every n-gram seen twice or more that extends one of those by a token on the left or the
    right (its prefix or suffix is that n-gram); by induction on the length, so is every prefix and
    suffix of such an extension. These are all that the neighbour sums of the n-grams seen m times need
    (an extension seen once adds 1 ln 1 = 0). The counts of the (depth-1)-grams are read from
    parent_count: node_count itself, or that of the trie that holds them when the new nodes go to a
    trie of their own (Trie.count_tokens in two threads). The slot table need hold only the n-grams of
    this length: no other is looked up. A new node's suffix link, node_suffix[v], is the (depth-1)-gram
    at i + 1 (the root for one token).

    Stops early when a new node would be node number `max_nodes` (the wrapper keeps it within the node
    arrays and below the load it allows the slot table), and returns (position to resume from, number of
    nodes); the wrapper grows the arrays and calls again.
    """
    n_tokens = tokens.size
    for i in range(start, stop):
        if depth == 1:
            t = tokens[i]
            if t == 0:
                cur_ids[i] = -1
                continue
            p = 0
            b = 0
        else:
            j = i + depth - 1
            if j >= n_tokens:
                cur_ids[i] = -1
                continue
            a = prev_ids[i]
            b = prev_ids[i + 1]
            if a < 0 or b < 0:
                cur_ids[i] = -1
                continue
            ca = parent_count[a]
            cb = parent_count[b]
            if ca < min_parent_count or cb < min_parent_count or max(ca, cb) < min_either_count:
                cur_ids[i] = -1
                continue
            p = a
            t = tokens[j]
        v, n_after = _add_count(slot_keys, slot_nodes, node_parent, node_token, node_depth, node_count, n_nodes,
                                max_nodes, p, t, depth, 1)
        if v < 0:
            return i, n_nodes
        if n_after > n_nodes:
            node_suffix[v] = b
            n_nodes = n_after
        cur_ids[i] = v
    return stop, n_nodes


@numba.njit(cache=CACHE)
def _merge_level(side_parent, side_token, side_count, side_suffix, start, side_nodes, depth, slot_keys, slot_nodes,
                 node_parent, node_token, node_depth, node_count, node_suffix, n_nodes, max_nodes, new_id):
    """Add the nodes start .. side_nodes-1 of a trie of one length (made by _count_level from the second
    half of the positions; their parents and suffix links are nodes of the main trie) to the main trie, in
    their order: the counts of those it holds are added, the others are made. new_id[k] receives the node
    of side node k. Stops early like _count_level, returning (side node to resume from, number of nodes)."""
    for k in range(start, side_nodes):
        v, n_after = _add_count(slot_keys, slot_nodes, node_parent, node_token, node_depth, node_count, n_nodes,
                                max_nodes, side_parent[k], side_token[k], depth, side_count[k])
        if v < 0:
            return k, n_nodes
        if n_after > n_nodes:
            node_suffix[v] = side_suffix[k]
            n_nodes = n_after
        new_id[k] = v
    return side_nodes, n_nodes


@numba.njit(cache=CACHE, nogil=True)
def _renumber(ids, start, stop, new_id):
    """ids[start:stop] = new_id[ids[start:stop]] where they are nodes (not -1)."""
    for i in range(start, stop):
        if ids[i] >= 0:
            ids[i] = new_id[ids[i]]


@numba.njit(cache=CACHE)
def _count_positions(tokens, start, order, slot_keys, slot_nodes, node_parent, node_token, node_depth,
                     node_count, n_nodes, max_nodes):
    """Count every n-gram of 1 .. order tokens that starts at tokens[start:], nothing pruned.

    Position by position: the n-grams that start at i are found by walking down from the root. Stops
    before a position when fewer than `order` new nodes could still be made (node number `max_nodes` is
    the first that may not be made), so everything before the returned position is counted in full and
    nothing after it; returns (position to resume from, number of nodes). The wrapper grows the trie
    and calls again.
    """
    n_tokens = tokens.size
    for i in range(start, n_tokens):
        if n_nodes + order > max_nodes:
            return i, n_nodes
        p = 0
        for depth in range(1, order + 1):
            j = i + depth - 1
            if j >= n_tokens:
                break
            t = tokens[j]
            if t == 0:
                break
            # never full here: the check above left room for `order` new nodes
            p, n_nodes = _add_count(slot_keys, slot_nodes, node_parent, node_token, node_depth, node_count,
                                    n_nodes, max_nodes, p, t, depth, 1)
    return n_tokens, n_nodes


@numba.njit(cache=CACHE)
def _insert_rows(rows, counts, slot_keys, slot_nodes, node_parent, node_token, node_depth, node_count,
                 n_nodes, start, max_nodes):
    """Add n-grams given as rows of token ids (all rows the same length n) with their counts.

    Every proper prefix of a row must already be in the trie (insert shorter n-grams first). A row
    whose prefix is missing is skipped and counted in the third return value. Returns (position to
    resume from, number of nodes, rows skipped); stops early like _count_level when full.
    """
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
        s = _probe(slot_keys, key)
        if slot_keys[s] == key:
            node_count[slot_nodes[s]] += counts[r]
        else:
            if n_nodes >= max_nodes:
                return r, n_nodes, skipped
            v = n_nodes
            n_nodes += 1
            _add_node(slot_keys, slot_nodes, s, key, node_parent, node_token, node_depth, node_count, v, p, t, n,
                      counts[r])
    return rows.shape[0], n_nodes, skipped


# --- count tables (tables.py: NgramCounts, from_full_trie, prune_counts) ---


@numba.njit(cache=CACHE)
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


@numba.njit(cache=CACHE)
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


SUM_SCALE = float(1 << 20)


@numba.njit("f8(i8)", cache=CACHE)
def _c_log_c(c):
    """c ln c rounded to a multiple of 2**-20. Sums of such values are exact in float64 up to 2**33
    (corpora of some 4e8 tokens), so neighbour sums do not depend on the order of addition: results do
    not change with line order, chunking or spilling."""
    return np.floor(c * np.log(c) * SUM_SCALE + 0.5) / SUM_SCALE


@numba.njit(cache=CACHE)
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
            f = _c_log_c(c)
            right[node_parent[v]] += f
            s = suffix[v]
            if s > 0:
                left[s] += f
    return left, right


@numba.njit(cache=CACHE)
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


# --- counting on disk (external.py) ---


@numba.njit(cache=CACHE, inline="always")
def _group_index(t, n_codes):
    """The entry of token t in an array of the code points below n_codes followed by the atoms."""
    return t if t < ATOM_BASE else n_codes + t - ATOM_BASE


@numba.njit(cache=CACHE, nogil=True)
def _count_group_level(tokens, n_valid, prev_ids, prev_counts, by_id, prev_group_of, prev_offsets, cur_ids, group_of,
                       n_codes, group, depth, min_parent_count, min_either_count, start, stop, slot_keys, slot_nodes,
                       node_parent, node_token, node_depth, node_count, node_suffix, n_nodes, max_nodes):
    """_count_level for a chunk of a corpus held on disk (external.py), for the positions whose first token
    is in `group` alone (group_of[_group_index(token, n_codes)]).

    tokens[:n_valid] are the chunk's tokens and those after it that its n-grams reach. prev_ids[i] is the
    (depth-1)-gram at i, for the chunk and one position more, as its number within its group (-1 if
    none): its id is that number plus prev_offsets[g], g its group by prev_group_of. Its count is
    prev_counts[id] if by_id, else prev_counts[i] (a count a position). A
    node's parent and suffix link are such ids (the root 0 and -1 for one token). cur_ids[i] receives the
    number of the depth-gram at i within the group, its node less one, or -1, for the positions of the
    group only. Stops early like _count_level."""
    for i in range(start, stop):
        t = tokens[i]
        if t == 0 or group_of[_group_index(t, n_codes)] != group:
            continue
        if depth == 1:
            p = 0
            b = -1
        else:
            j = i + depth - 1
            if j >= n_valid:
                cur_ids[i] = -1
                continue
            a = prev_ids[i]
            b = prev_ids[i + 1]
            if a < 0 or b < 0:
                cur_ids[i] = -1
                continue
            a += prev_offsets[prev_group_of[_group_index(t, n_codes)]]
            b += prev_offsets[prev_group_of[_group_index(tokens[i + 1], n_codes)]]
            ca = prev_counts[a] if by_id else prev_counts[i]
            cb = prev_counts[b] if by_id else prev_counts[i + 1]
            if ca < min_parent_count or cb < min_parent_count or max(ca, cb) < min_either_count:
                cur_ids[i] = -1
                continue
            p = a
            t = tokens[j]
        v, n_after = _add_count(slot_keys, slot_nodes, node_parent, node_token, node_depth, node_count, n_nodes,
                                max_nodes, p, t, depth, 1)
        if v < 0:
            return i, n_nodes
        if n_after > n_nodes:
            node_suffix[v] = b
            n_nodes = n_after
        cur_ids[i] = v - 1
    return stop, n_nodes


@numba.njit(cache=CACHE)
def _add_level_sums(node_parent, node_suffix, node_count, lo, hi, left, right):
    """For the n-grams of one length (ids of the length before as parent and suffix link): add _c_log_c of
    each count over 1 to right[parent - lo] and left[suffix - lo], where those are in lo .. hi-1."""
    for v in range(node_parent.size):
        c = node_count[v]
        if c > 1:
            f = _c_log_c(c)
            p = node_parent[v]
            if lo <= p < hi:
                right[p - lo] += f
            s = node_suffix[v]
            if lo <= s < hi:
                left[s - lo] += f


# --- counts of given n-grams (lookup.py) ---


@numba.njit(cache=CACHE)
def _count_known(tokens, order, slot_keys, slot_nodes, node_count):
    """Add to node_count the occurrences in `tokens` of the n-grams (of 1 .. order tokens) that the trie
    already holds, making no node: from each position, walk down the trie while the tokens match."""
    n_tokens = tokens.size
    for i in range(n_tokens):
        p = 0
        for j in range(i, min(n_tokens, i + order)):
            t = tokens[j]
            if t == 0:
                break
            p = _trie_find(slot_keys, slot_nodes, p, t)
            if p < 0:
                break
            node_count[p] += 1


@numba.njit(cache=CACHE, nogil=True)
def _lookup_known(table_parent, table_token, table_count, slot_keys, slot_nodes, node_count):
    """Set node_count of each n-gram that the trie (slot_keys, slot_nodes) holds to its count in a
    table (table_parent, table_token, table_count), leaving 0 for those the table lacks: one pass over
    the table's nodes, parents before children, following each into the trie while it matches. The
    table needs no slot table of its own."""
    n_nodes = table_parent.size
    at = np.empty(n_nodes, dtype=np.int32)  # the trie node of each table node's n-gram, or -1
    at[0] = 0
    for v in range(1, n_nodes):
        p = at[table_parent[v]]
        q = -1 if p < 0 else _trie_find(slot_keys, slot_nodes, p, table_token[v])
        at[v] = q
        if q >= 0:
            node_count[q] = table_count[v]


@numba.njit(cache=CACHE)
def _find_rows(slot_keys, slot_nodes, tokens, starts, lengths):
    """The node of each n-gram tokens[starts[k]:starts[k] + lengths[k]], or -1."""
    nodes = np.empty(starts.size, dtype=np.int64)
    for k in range(starts.size):
        nodes[k] = _find_row(slot_keys, slot_nodes, tokens, starts[k], starts[k] + lengths[k])
    return nodes


# --- measures of candidates (discovery.py) ---


@numba.njit(cache=CACHE)
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


@numba.njit(cache=CACHE)
def _cohesion(node_parent, node_depth, node_count, suffix, nodes, total):
    """min over binary splits w = a + b of ln(total * c(w) / (c(a) * c(b))); +inf for one token."""
    out = np.empty(nodes.size, dtype=np.float64)
    log_count = np.empty(node_count.size, dtype=np.float64)
    for v in range(node_count.size):
        log_count[v] = np.log(np.float64(node_count[v]))
    log_total = np.log(np.float64(total))
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
            value = log_total + log_count[v] - log_count[a] - log_count[b]
            if value < best:
                best = value
        out[r] = best
    return out


@numba.njit(cache=CACHE)
def _fragment_cover(node_parent, suffix, nodes, counts):
    """For each candidate k (node nodes[k], or -1 for one that is not a node, seen counts[k] times), the
    largest count of a candidate node that starts or ends with it: the proper prefixes of a node are its
    ancestors, its proper suffixes the chain of its suffix links."""
    index = np.full(node_parent.size, -1, dtype=np.int64)
    for k in range(nodes.size):
        if nodes[k] >= 0:
            index[nodes[k]] = k
    cover = np.zeros(nodes.size, dtype=np.int64)
    for k in range(nodes.size):
        v = nodes[k]
        if v < 0:
            continue
        _cover_chain(node_parent, node_parent[v], index, cover, counts[k])
        _cover_chain(suffix, suffix[v], index, cover, counts[k])
    return cover


@numba.njit(cache=CACHE, inline="always")
def _cover_chain(links, a, index, cover, count):
    """Raise to `count` the cover of each candidate on the chain a, links[a], ... down to the root."""
    while a > 0:
        j = index[a]
        if j >= 0 and count > cover[j]:
            cover[j] = count
        a = links[a]


# --- word counts in the most probable segmentation (wordcount.py) ---


@numba.njit(cache=CACHE)
def _best_segmentation(n_chars, char_weight, match_end, match_word, word_length, word_weight, counts):
    """Add to `counts` the words of the most probable segmentation of one text of n_chars characters.

    The candidates found in the text are given as match_end (index of the last character, ascending) and
    match_word (word id); word_length and word_weight (a log probability) are per word id, char_weight
    the log probability of each character left outside every word. Of the segmentations into words and
    single characters, the one with the greatest total weight is taken (ties: the one found first, which
    prefers single characters at the later position)."""
    best = np.empty(n_chars + 1, dtype=np.float64)
    back = np.full(n_chars + 1, -1, dtype=np.int64)
    best[0] = 0.0
    k = 0
    n_matches = match_end.size
    for pos in range(n_chars):
        best[pos + 1] = best[pos] + char_weight[pos]
        while k < n_matches and match_end[k] == pos:
            w = match_word[k]
            start = pos - word_length[w] + 1
            score = best[start] + word_weight[w]
            if score > best[pos + 1]:
                best[pos + 1] = score
                back[pos + 1] = k
            k += 1
    pos = n_chars
    while pos > 0:
        m = back[pos]
        if m < 0:
            pos -= 1
        else:
            w = match_word[m]
            counts[w] += 1
            pos -= word_length[w]
