"""The trie that counts n-grams: flat node arrays and a hash table of their (parent, token) keys, filled
by the kernels (kernels.py explains the layout), and the bytes each part takes, which turn --memory-limit
into capacities (counting.py, external.py)."""
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from . import kernels as K
from .errors import TermmineError

NODE_BYTES = 4 + 4 + 1 + 8 + 4                    # parent, token, depth, count, suffix link
SLOT_BYTES = 8 + 4                                # key, node
COUNTING_SLOTS = 2.0                              # slots a node in a trie being counted into (half full)
TABLE_SLOTS = 1.5                                 # slots a node in a finished table (only looked up)
TABLE_NODE_BYTES = NODE_BYTES + 2 * 8 + TABLE_SLOTS * SLOT_BYTES    # and the two neighbour sums
TOKEN_BYTES = 4                                   # a token id
LEVEL_BYTES = 2 * 4                               # node ids of two lengths a token (Trie.count_tokens)
GROWTH = 1.5                                      # capacity factor when a trie grows
THREAD_TOKENS = 1 << 18                           # fewer tokens are counted in one thread
SIDE_NODES = 1 << 10                              # smallest side trie of Trie.count_tokens


class Trie:
    """Flat-array trie (see kernels.py): node arrays of `capacity` entries and a slot table of
    `slots_per_node` slots for each; grows when full.

    While count_tokens counts one length, the slot table holds the nodes of that length alone
    (`level_first` is the first of them): it is looked up for no others, and a table a fraction of the
    size of the whole trie's misses the CPU's caches less often (law, one thread: 1.33 -> 0.99 s). It
    starts small and is made anew twice as large whenever it is half full; it never outgrows the table
    of the whole trie that the memory accounting (bytes_for) assumes. The suffix links of the nodes that
    count_tokens makes are recorded as they are made (`suffix`); no table is left when it is done.
    """

    def __init__(self, capacity=1 << 12, slots_per_node=COUNTING_SLOTS, with_table=True):
        capacity = max(2, int(capacity))
        self.slots_per_node = slots_per_node
        self.parent = np.zeros(capacity, dtype=np.int32)
        self.token = np.zeros(capacity, dtype=np.int32)
        self.depth = np.zeros(capacity, dtype=np.int8)
        self.count = np.zeros(capacity, dtype=np.int64)
        self.suffix = np.zeros(capacity, dtype=np.int32)
        self.parent[0] = -1
        self.suffix[0] = -1
        self.n_nodes = 1
        self.level_first = self.level_room = None
        self.has_suffix_links = False
        self.slot_keys = self.slot_nodes = None
        if with_table:   # count_tokens makes a table for each length instead
            self.slot_keys, self.slot_nodes = K._trie_rehash(self.parent, self.token, 1, 1,
                                                             n_slots(capacity, slots_per_node))

    @staticmethod
    def bytes_for(capacity, slots_per_node=COUNTING_SLOTS):
        """Bytes of a trie of this capacity."""
        return int(capacity * (NODE_BYTES + slots_per_node * SLOT_BYTES))

    @property
    def capacity(self):
        return self.parent.size

    @property
    def nbytes(self):
        return sum(a.nbytes for a in (self.parent, self.token, self.depth, self.count, self.suffix,
                                      self.slot_keys, self.slot_nodes) if a is not None)

    def grow(self, limit_bytes=None):
        """GROWTH times the capacity; MemoryError if the old node arrays and the new trie together would
        need more than limit_bytes."""
        old_capacity = self.capacity
        capacity = max(old_capacity + 1, int(old_capacity * GROWTH))
        if limit_bytes is not None and \
                old_capacity * NODE_BYTES + self.bytes_for(capacity, self.slots_per_node) > limit_bytes:
            raise MemoryError
        if self.level_first is None:
            self.slot_keys = self.slot_nodes = None
        for name in ("parent", "token", "depth", "count", "suffix"):
            old = getattr(self, name)
            new = np.zeros(capacity, dtype=old.dtype)
            new[:old.size] = old
            setattr(self, name, new)
            del old
        if self.level_first is None:
            self.slot_keys, self.slot_nodes = K._trie_rehash(self.parent, self.token, 1, self.n_nodes,
                                                             n_slots(capacity, self.slots_per_node))

    def _start_level(self, expected_nodes):
        """A slot table for the nodes of the next length alone, sized for `expected_nodes` of them."""
        self.level_first = self.n_nodes
        self._level_table(max(SIDE_NODES, min(int(expected_nodes), self.capacity)))

    def _level_table(self, room):
        """A slot table of the current length with room for `room` nodes (at most the capacity)."""
        self.slot_keys = self.slot_nodes = None
        self.level_room = room
        self.slot_keys, self.slot_nodes = K._trie_rehash(self.parent, self.token, self.level_first, self.n_nodes,
                                                         n_slots(room, self.slots_per_node))

    def _max_nodes(self):
        """How many nodes the trie may reach before the arrays or the slot table need more room."""
        if self.level_first is None:
            return self.capacity
        return min(self.capacity, self.level_first + self.level_room)

    def _make_room(self, limit_bytes, may_grow=True):
        """Room for more nodes: a larger slot table of the current length if that is what is full, else
        larger node arrays (grow); False if the node arrays are full and may_grow is False."""
        if self.level_first is not None and self.n_nodes < self.capacity:
            self._level_table(min(self.capacity, 2 * self.level_room))
            return True
        if not may_grow:
            return False
        self.grow(limit_bytes)
        if self.level_first is not None and self.level_first + self.level_room <= self.n_nodes:
            self._level_table(min(self.capacity, 2 * self.level_room))
        return True

    def reset(self):
        """Forget every node but the root."""
        self.slot_keys.fill(K.EMPTY)
        self.n_nodes = 1
        self.count[0] = 0

    def release(self):
        """Let go of the arrays (for the functions that take them over)."""
        self.parent = self.token = self.depth = self.count = self.suffix = None
        self.slot_keys = self.slot_nodes = None
        self.n_nodes = 0

    def count_tokens(self, tokens, order, min_parent_count, limit_bytes=None, min_either_count=0, threads=1,
                     on_level=None):
        """Count the n-grams of 1 .. order tokens of `tokens` that kernels._count_level counts with these
        thresholds, one length at a time; MemoryError if the trie would grow past limit_bytes.

        With threads > 1 (and THREAD_TOKENS tokens or more), each length is counted in two threads: the
        first half of the positions into this trie, the second into a trie of their own, whose nodes are
        then added in their order (kernels._merge_level). The nodes come out numbered as in one thread, in
        the order of their first occurrence: those first seen in the first half, then the others.
        on_level(done), if given, is called with the number of lengths counted so far: 0 .. order."""
        n = tokens.size
        # each length writes every position of cur (a node or -1), and the first reads nothing of prev
        prev = np.empty(n, dtype=np.int32)
        cur = np.empty(n, dtype=np.int32)
        pool = ThreadPoolExecutor(1) if threads > 1 and n >= THREAD_TOKENS else None
        level_nodes = 0
        try:
            for depth in range(1, order + 1):
                if on_level is not None:
                    on_level(depth - 1)
                thresholds = (depth, min_parent_count, min_either_count)
                # a length has rarely more than twice the nodes of the one before (law: 4.6k, 192k, 572k,
                # 745k, 550k ...); the table is made anew when it is not enough
                self._start_level(2 * level_nodes)
                side = self._side_trie(limit_bytes, level_nodes) if pool is not None else None
                if side is None:
                    self._count_range(tokens, prev, cur, thresholds, 0, n, limit_bytes)
                else:
                    middle = n // 2
                    second = pool.submit(side._count_range, tokens, prev, cur, thresholds, middle, n, None,
                                         self.count)
                    self._count_range(tokens, prev, cur, thresholds, 0, middle, limit_bytes)
                    done = second.result()
                    new_id = self._merge(side, depth, limit_bytes)
                    # the second half's ids to this trie's numbers, half of them in the other thread
                    quarter = (middle + done) // 2
                    renumbered = pool.submit(K._renumber, cur, quarter, done, new_id)
                    K._renumber(cur, middle, quarter, new_id)
                    renumbered.result()
                    # the side trie was full: the rest goes straight into this one, still in order
                    self._count_range(tokens, prev, cur, thresholds, done, n, limit_bytes)
                level_nodes = self.n_nodes - self.level_first
                prev, cur = cur, prev
        finally:
            if pool is not None:
                pool.shutdown()
            self.level_first = None
            self.slot_keys = self.slot_nodes = None
        self.has_suffix_links = True
        self.count[0] = int((tokens != 0).sum())
        if on_level is not None:
            on_level(order)

    def _count_range(self, tokens, prev, cur, thresholds, start, stop, limit_bytes, parent_count=None):
        """kernels._count_level over positions start .. stop-1, growing the trie as needed within
        limit_bytes; a side trie (parent_count given: the counts of the main trie) stops when full
        instead. Returns the position it stopped at."""
        depth, min_parent_count, min_either_count = thresholds
        while True:
            start, self.n_nodes = K._count_level(
                tokens, prev, cur, depth, min_parent_count, min_either_count, start, stop,
                self.count if parent_count is None else parent_count, self.slot_keys, self.slot_nodes,
                self.parent, self.token, self.depth, self.count, self.suffix, self.n_nodes, self._max_nodes())
            if start == stop or not self._make_room(limit_bytes, may_grow=parent_count is None):
                return start

    def _side_trie(self, limit_bytes, level_nodes):
        """A trie for the second half of a length's positions, of a quarter of this one's free capacity
        (at least SIDE_NODES nodes), or None if it would not fit in limit_bytes next to this one. Its slot
        table is that of one length, sized like this one's."""
        capacity = max(SIDE_NODES, (self.capacity - self.n_nodes) // 4)
        if limit_bytes is not None and self.nbytes + Trie.bytes_for(capacity) > limit_bytes:
            return None
        side = Trie(capacity, self.slots_per_node, with_table=False)
        side._start_level(2 * level_nodes)
        return side

    def _merge(self, side, depth, limit_bytes):
        """Add the nodes of a side trie to this one (kernels._merge_level); returns their new numbers."""
        new_id = np.full(side.n_nodes, -1, dtype=np.int32)
        start = 1
        while True:
            start, self.n_nodes = K._merge_level(
                side.parent, side.token, side.count, side.suffix, start, side.n_nodes, depth, self.slot_keys,
                self.slot_nodes, self.parent, self.token, self.depth, self.count, self.suffix, self.n_nodes,
                self._max_nodes(), new_id)
            if start == side.n_nodes:
                return new_id
            self._make_room(limit_bytes)

    def count_positions(self, tokens, start, order):
        """Count every n-gram of 1 .. order tokens that starts at tokens[start:], nothing pruned, until the
        trie is full; returns the position to go on from (tokens.size when done). See
        kernels._count_positions."""
        if self.n_nodes + order > self.capacity and self.n_nodes == 1:
            raise TermmineError("`memory_limit` is too small to count even a short piece of the corpus")
        start, self.n_nodes = K._count_positions(
            tokens, int(start), int(order), self.slot_keys, self.slot_nodes, self.parent, self.token,
            self.depth, self.count, self.n_nodes, self.capacity)
        return start

    def insert_rows(self, rows, counts):
        start = 0
        skipped = 0
        while True:
            start, self.n_nodes, s = K._insert_rows(rows, counts, self.slot_keys, self.slot_nodes, self.parent,
                                                    self.token, self.depth, self.count, self.n_nodes, start,
                                                    self.capacity)
            skipped += s
            if start == rows.shape[0]:
                return skipped
            self.grow()

    def trimmed(self):
        n = self.n_nodes
        return self.parent[:n], self.token[:n], self.depth[:n], self.count[:n]

    def suffix_links(self):
        """The suffix link of each node: those recorded by count_tokens, or else found in the slot table."""
        n = self.n_nodes
        if self.has_suffix_links:
            return self.suffix[:n]
        parent, token, depth, _ = self.trimmed()
        return K._suffix_links(self.slot_keys, self.slot_nodes, parent, token, depth, n)


def n_slots(n_nodes, slots_per_node):
    """Slots of a hash table for n_nodes nodes; an error if that is more than the kernels can address."""
    n_slots = int(n_nodes * slots_per_node) + 1
    if n_slots >= K.MAX_SLOTS:
        raise TermmineError("too many n-grams for one table; raise `min_count` or lower `max_len`")
    return n_slots
