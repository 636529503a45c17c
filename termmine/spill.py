"""The spill path of count_ngrams: counts that do not fit in memory go through files on disk.

The tokens are streamed through a trie of fixed size that counts every n-gram, nothing pruned
(SpillCounter); each time it is full, its n-grams are written to partition files in a temporary folder
(Spill: by a hash of the n-gram, so each partition holds all the occurrences of its n-grams) and it is
emptied. The partitions are then added up one at a time, one too big to add up in memory first split by
another hash; the n-grams seen min_count times go into a table of exactly their number, and a last pass
over the partitions adds the neighbour sums (from_spill). The folder is removed on every exit path
(Spill.close, files.remove_folder).
"""
import math
import os

import numpy as np

from . import kernels as K
from .errors import TermmineError
from .files import make_temporary_folder, remove_folder
from .progress import MERGING, no_progress
from .tables import NgramCounts
from .trie import LEVEL_BYTES, TABLE_NODE_BYTES, TABLE_SLOTS, TOKEN_BYTES, Trie

FLUSH_ROWS = 1 << 16                              # rows built at a time when a trie is spilled (at most)
MIN_IO_BYTES = 8 << 20                            # smallest read when the final table leaves no room
MAX_IO_BYTES = 32 << 20                           # largest read of rows that are streamed


class Spill:
    """Buckets of n-gram rows and counts in a temporary folder.

    A bucket is two files, `{name}.rows` (int32 token ids, `depth` a row) and `{name}.counts` (int64).
    Bucket `n{d}-p{p}` gets the d-grams of partition p (kernels._row_partitions with salt 0), so it holds
    every occurrence of its n-grams; a bucket too big to add up in memory is split into `{name}.{k}` by
    the hash with another salt.
    """

    def __init__(self, order, n_parts, tmpdir=None, flush_rows=FLUSH_ROWS):
        self.order = order
        self.n_parts = n_parts
        self.flush_rows = flush_rows
        self.folder = make_temporary_folder(tmpdir)
        self.segments = 0

    def path(self, name, kind):
        return os.path.join(self.folder, f"{name}.{kind}")

    def exists(self, name):
        return os.path.exists(self.path(name, "rows"))

    def n_rows(self, name, depth):
        return os.path.getsize(self.path(name, "rows")) // (4 * depth) if self.exists(name) else 0

    def add_trie(self, trie):
        """Append every n-gram of the trie with its count to the buckets, and empty the trie.

        The trie's slot table is the work space of the grouping (it is cleared afterwards), so this needs
        no memory beyond `flush_rows` rows.
        """
        n = trie.n_nodes
        bounds = K._spill_groups(trie.parent, trie.token, trie.depth, n, self.order, self.n_parts,
                                 trie.slot_keys.view(np.uint64), trie.slot_nodes)
        groups = trie.slot_nodes
        for d in range(1, self.order + 1):
            for p in range(self.n_parts):
                lo, hi = bounds[(d - 1) * self.n_parts + p], bounds[(d - 1) * self.n_parts + p + 1]
                if lo == hi:
                    continue
                name = f"n{d}-p{p}"
                with open(self.path(name, "rows"), "ab") as rows_file, \
                        open(self.path(name, "counts"), "ab") as counts_file:
                    for at in range(lo, hi, self.flush_rows):
                        nodes = groups[at:min(hi, at + self.flush_rows)].astype(np.int64)
                        K._node_rows(trie.parent, trie.token, trie.depth, nodes, d).tofile(rows_file)
                        trie.count[nodes].tofile(counts_file)
        trie.reset()
        self.segments += 1

    def read(self, name, depth, start=0, stop=None):
        """Rows start .. stop of a bucket and their counts."""
        if stop is None:
            stop = self.n_rows(name, depth)
        rows = np.fromfile(self.path(name, "rows"), dtype=np.int32, count=(stop - start) * depth,
                           offset=start * depth * 4).reshape(-1, depth)
        counts = np.fromfile(self.path(name, "counts"), dtype=np.int64, count=stop - start, offset=start * 8)
        return rows, counts

    def iter_chunks(self, name, depth, n_rows):
        """The rows of a bucket and their counts, n_rows at a time."""
        total = self.n_rows(name, depth)
        for start in range(0, total, max(1, int(n_rows))):
            yield self.read(name, depth, start, min(total, start + max(1, int(n_rows))))

    def append(self, name, rows, counts):
        if rows.shape[0]:
            with open(self.path(name, "rows"), "ab") as f:
                rows.tofile(f)
            with open(self.path(name, "counts"), "ab") as f:
                counts.tofile(f)

    def write(self, name, rows, counts):
        rows.tofile(self.path(name, "rows"))
        counts.tofile(self.path(name, "counts"))

    def remove(self, name):
        for kind in ("rows", "counts"):
            if os.path.exists(self.path(name, kind)):
                os.remove(self.path(name, kind))

    def split(self, name, depth, n_sub, chunk_rows):
        """Split a bucket into n_sub buckets by the hash with the next salt; returns their names."""
        salt = name.count(".") + 1
        names = [f"{name}.{k}" for k in range(n_sub)]
        for rows, counts in self.iter_chunks(name, depth, chunk_rows):
            parts = K._row_partitions(rows, n_sub, salt)
            order = np.argsort(parts, kind="stable")
            bounds = np.searchsorted(parts[order], np.arange(n_sub + 1))
            del parts
            for k in range(n_sub):
                sel = order[bounds[k]:bounds[k + 1]]
                self.append(names[k], rows[sel], counts[sel])
        self.remove(name)
        return [b for b in names if self.exists(b)]

    def close(self):
        remove_folder(self.folder)


class SpillCounter:
    """Counts every n-gram of a stream of token arrays in a trie of fixed capacity, spilling it whenever
    it is full."""

    def __init__(self, spill, order, capacity):
        self.spill = spill
        self.order = order
        self.trie = Trie(capacity)
        self.total = 0

    def add(self, tokens):
        start = 0
        while True:
            start = self.trie.count_positions(tokens, start, self.order)
            if start == tokens.size:
                break
            self.spill.add_trie(self.trie)
        self.total += int(np.count_nonzero(tokens))

    def finish(self):
        """Spill what is left and let go of the trie; returns the number of tokens counted."""
        if self.trie.n_nodes > 1:
            self.spill.add_trie(self.trie)
        self.trie = None
        return self.total


def start_spilling(order, limit, held_bytes, size, tmpdir, notify):
    """A Spill and a SpillCounter whose trie fits in the limit next to `held_bytes` of token ids
    that are about to be counted."""
    flush_row_bytes = TOKEN_BYTES * order + 8 + 8            # a row, its count and its node
    flush_rows = int(max(1 << 8, min(FLUSH_ROWS, limit // 32 // flush_row_bytes)))
    # token ids held now are let go as they are counted; if a single piece of text already takes more
    # than half the limit, the trie still gets half
    free = max(limit - held_bytes, limit // 2) - flush_rows * flush_row_bytes
    capacity = int(free // Trie.bytes_for(1))
    if capacity < max(1 << 10, 2 * order):
        raise TermmineError("`memory_limit` is too small to count even a short piece of the corpus")
    # partitions: enough that a bucket of the longest n-grams fits the limit even if every token
    # started a distinct one (about a token each 2.5 bytes of input); later splits cover the rest
    est_tokens = size / 2.5 if size else 8 * limit / (TOKEN_BYTES + LEVEL_BYTES)
    n_parts = int(min(512, max(16, math.ceil(est_tokens * _merge_bytes_per_row(order) / limit))))
    spill = Spill(order, n_parts, tmpdir, flush_rows)
    try:
        # the note is inside: an interrupt while it is written must still remove the folder
        if notify:
            notify("the corpus needs more than `memory_limit` in memory; "
                   f"counting it in segments spilled to {spill.folder}")
        return spill, SpillCounter(spill, order, capacity)
    except BaseException:
        spill.close()
        raise


def _merge_bytes_per_row(depth):
    """Peak bytes a row while a bucket is added up: the rows and counts read, then either the hash table
    of _sum_equal_rows or the copy of the kept rows."""
    return 2 * (TOKEN_BYTES * depth + 8) + 1


def from_spill(spill, order, min_count, total, vocabulary, settings, limit, notify=None, progress=no_progress):
    """Add up the buckets: first each alone (keeping what was seen twice, and setting aside what was seen
    min_count times), then the table of those set aside, then the neighbour sums."""
    n_kept = 0
    seen_twice = []                   # (bucket, depth) holding the n-grams seen twice, for the sums
    for d in range(1, order + 1):
        progress(MERGING, d - 1, order)
        max_rows = max(1, limit // _merge_bytes_per_row(d))
        todo = [name for name in (f"n{d}-p{p}" for p in range(spill.n_parts)) if spill.exists(name)]
        while todo:
            name = todo.pop()
            n_rows = spill.n_rows(name, d)
            if n_rows > max_rows:
                n_sub = max(2, 2 * math.ceil(n_rows / max_rows))
                todo.extend(spill.split(name, d, n_sub, max(1, limit // (2 * (TOKEN_BYTES * d + 8) + 24))))
                continue
            rows, counts = spill.read(name, d)
            m = K._sum_equal_rows(rows, counts, min(2, min_count))
            rows, counts = rows[:m], counts[:m]
            if d > 1:
                spill.write(name, rows, counts)
                seen_twice.append((name, d))
            else:
                spill.remove(name)
            keep = counts >= min_count
            spill.append(f"k{d}", rows[keep], counts[keep])
            n_kept += int(np.count_nonzero(keep))
            del rows, counts, keep

    n_nodes = 1 + n_kept
    table_bytes = int(n_nodes * TABLE_NODE_BYTES)
    if table_bytes > limit and notify:
        notify(f"the {n_kept} n-grams seen `min_count` times or more need {table_bytes >> 20} MB, more than "
               "`memory_limit`; raise `min_count` or lower `max_len` to make the table smaller")
    io_bytes = min(MAX_IO_BYTES, max(MIN_IO_BYTES, limit - table_bytes))
    trie = Trie(n_nodes, TABLE_SLOTS)
    for d in range(1, order + 1):
        for rows, counts in spill.iter_chunks(f"k{d}", d, io_bytes // (TOKEN_BYTES * d + 8)):
            trie.insert_rows(rows, counts)
        spill.remove(f"k{d}")
    trie.count[0] = total
    parent, token, depth, count = trie.trimmed()
    slots = (trie.slot_keys, trie.slot_nodes) if trie.n_nodes == trie.capacity else (None, None)
    trie.release()
    table = NgramCounts(order, min_count, parent, token, depth, count, np.zeros(parent.size),
                        np.zeros(parent.size), vocabulary, settings, *slots)
    for name, d in seen_twice:
        for rows, counts in spill.iter_chunks(name, d, io_bytes // (TOKEN_BYTES * d + 8)):
            K._add_neighbour_sums(rows, counts, *table.slots(), table.left_sum, table.right_sum)
    progress(MERGING, order, order)
    return table
