"""Counting past the memory limit: the corpus's token ids on disk, its n-grams counted one length at a time.

count_ngrams (counting.py) comes here when the token ids and the trie of the corpus would not fit in
--memory-limit. The token ids are written to a file in a temporary folder (DiskCorpus) and the n-grams are
counted by the rule of the in-memory path (kernels._count_level: a d-gram is counted only where the
(d-1)-grams at i and i + 1 were both seen often enough), one length after the other, reading the file in
chunks. What the in-memory path keeps in two arrays of node ids a position is kept here in files of the
same shape: for each position, the id and the count of the n-gram of the length before that starts there.
So counting a length needs in memory only a chunk of positions and the n-grams of that length.

When those do not fit either, the length is counted in groups: the first token of an n-gram decides its
group (tokens go to groups by their counts, the most frequent first, each to the lightest group so far),
and each group reads the whole file and keeps only its n-grams, so that one group's n-grams are in memory
at a time. The prefix of an n-gram starts with the same token, so it is in the same group; its suffix may
be anywhere, which is why the counts of the length before are kept by position and not in a trie.

Each length's n-grams go to files as they are made (parent and suffix are ids of the length before). The
neighbour sums of a length are then added from the next one's files, and the table is written out one
length after the other, without the n-grams seen fewer than min_count times (TableFiles). Nothing of it is
held whole: `termmine count` streams it into its .npz (tables.save_counts); discover and mine load it.

Node ids in one group come in the order of their first occurrence, so with one group a length the table
is the in-memory path's, node for node; with more, the n-grams of a length come group by group. Counts
and neighbour sums are the same either way (the sums are of values rounded so that their order does not
matter, kernels._c_log_c).
"""
import contextlib
import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from . import kernels as K
from .errors import TermmineError
from .files import make_temporary_folder, remove_folder
from .kernels import ATOM_BASE
from .progress import COUNTING, MERGING, no_progress
from .tables import NgramCounts
from .trie import Trie

POSITION_BYTES = 5 * 4 + 1                         # a chunk's token, ids and counts of two lengths, a mask
MAX_CHUNK = 1 << 22                                # positions read at a time, at most
MAX_GROUPS = 255                                   # groups of a length (one byte a token id)
SUM_BYTES = 2 * 8                                  # the two neighbour sums of an n-gram being added up
_NODE_FIELDS = {"parent": np.int32, "token": np.int32, "count": np.int64, "suffix": np.int32}
TABLE_FIELDS = {"parent": np.int32, "token": np.int32, "depth": np.int8, "count": np.int64,
                "left_sum": np.float64, "right_sum": np.float64}


class DiskCorpus:
    """Token ids written to a file in a temporary folder, and the files that counting them makes there.
    The folder is removed by close(), on every exit path of the caller."""

    def __init__(self, tmpdir=None):
        self.folder = make_temporary_folder(tmpdir)
        self._writer = open(self.path("tokens"), "wb")
        self.n_tokens = 0
        self.total = 0                 # tokens that are not boundaries
        self.n_codes = 1               # code points below this and atoms below ATOM_BASE + n_atoms are seen
        self.n_atoms = 0

    def path(self, name):
        return os.path.join(self.folder, name)

    def add(self, tokens):
        tokens = np.ascontiguousarray(tokens, dtype=np.int32)
        tokens.tofile(self._writer)
        self.n_tokens += tokens.size
        self.total += int(np.count_nonzero(tokens))
        if tokens.size:
            top = int(tokens.max())
            if top >= ATOM_BASE:
                self.n_atoms = max(self.n_atoms, top - ATOM_BASE + 1)
                codes = tokens[tokens < ATOM_BASE]
                top = int(codes.max()) if codes.size else 0
            self.n_codes = max(self.n_codes, top + 1)

    def finish(self):
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def close(self):
        try:
            self.finish()
        finally:
            remove_folder(self.folder)


class TableFiles:
    """A count table as files of TABLE_FIELDS (node 0 the root), written by count_on_disk."""

    def __init__(self, disk, order, min_count, n_nodes, vocabulary, settings):
        self.disk = disk
        self.order = order
        self.min_count = min_count
        self.n_nodes = n_nodes
        self.vocabulary = vocabulary
        self.settings = settings

    @property
    def n_ngrams(self):
        return self.n_nodes - 1

    @property
    def total(self):
        return self.disk.total

    def path(self, name):
        return self.disk.path(f"table.{name}")

    def close(self):
        """Remove the files."""
        self.disk.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def iter_chunks(self, name, n_items):
        """The array `name` of the table, n_items at a time."""
        with open(self.path(name), "rb") as f:
            for start in range(0, self.n_nodes, n_items):
                yield np.fromfile(f, dtype=TABLE_FIELDS[name], count=min(n_items, self.n_nodes - start))

    def load(self):
        """The table in memory (NgramCounts)."""
        arrays = {name: np.fromfile(self.path(name), dtype=dtype) for name, dtype in TABLE_FIELDS.items()}
        return NgramCounts(self.order, self.min_count, vocabulary=self.vocabulary, settings=self.settings, **arrays)


def count_on_disk(disk, order, min_count, limit, vocabulary, settings, threads=1, progress=no_progress):
    """Count the n-grams of 1 .. order tokens of the token ids written to `disk` (a DiskCorpus) within
    `limit` bytes, and write the table of those seen min_count times or more, with their neighbour sums,
    beside them, counting `threads` groups at a time. Returns TableFiles."""
    disk.finish()
    counter = _LevelCounter(disk, order, min_count, limit, threads)
    for depth in range(1, order + 1):
        progress(COUNTING, depth - 1, order)
        counter.count_length(depth)
        if depth > 1:
            counter.add_sums(depth - 1)
    progress(COUNTING, order, order)
    progress(MERGING, 0, order)
    n_nodes = counter.write_table(progress)
    progress(MERGING, order, order)
    return TableFiles(disk, order, min_count, n_nodes, vocabulary, settings)


class _LevelCounter:
    def __init__(self, disk, order, min_count, limit, threads):
        self.disk = disk
        self.order = order
        self.min_count = min_count
        self.n = disk.n_tokens
        self.chunk = int(max(1 << 12, min(MAX_CHUNK, limit // 8 // POSITION_BYTES)))
        group_bytes = disk.n_codes + disk.n_atoms
        self.budget = limit - self.chunk * POSITION_BYTES - group_bytes
        self.threads = max(1, threads)
        self.capacity = self.budget // self.threads // Trie.bytes_for(1)
        if self.capacity < 1 << 12:
            raise TermmineError("`memory_limit` is too small to count even a short piece of the corpus")
        self.sizes = [1]               # n-grams of each length counted; one root
        self.unigrams = None           # (tokens, counts) of the n-grams of one token, to make the groups
        self.level_counts = None       # the counts of the length before (capped), if kept in memory
        # the group of each token and the first id of each group, of the length before
        self.grouping = (np.zeros(1, dtype=np.uint8), np.zeros(1, dtype=np.int32))
        self.groups = {}               # group_of for each number of groups

    def _file(self, name):
        return self.disk.path(name)

    def count_length(self, depth):
        """Count the n-grams of `depth` tokens in as few groups as fit the budget: twice the n-grams of
        the length before is the guess (a length has rarely more); a group that outgrows it doubles the
        groups and the length is counted again."""
        if depth == 1:             # the groups are made from the counts of single tokens
            n_groups = 1
        else:
            n_groups = max(self.threads, math.ceil(2 * self.sizes[-1] / self.capacity))
        while True:
            try:
                self.sizes.append(self._count_groups(depth, n_groups))
                break
            except MemoryError:
                n_groups *= 2
        if depth == 1:
            self.unigrams = (np.fromfile(self._file("level1.token"), dtype=np.int32),
                             np.fromfile(self._file("level1.count"), dtype=np.int64))

    def _group_of(self, n_groups):
        """The group of each token (at kernels._group_index): the most frequent tokens first, each to the
        group whose tokens have been seen the fewest times so far (ties: the lower group, the lower token)."""
        if n_groups > MAX_GROUPS:
            raise TermmineError("`memory_limit` is too small for the n-grams of this corpus; raise it")
        if n_groups in self.groups:
            return self.groups[n_groups]
        group_of = np.zeros(self.disk.n_codes + self.disk.n_atoms, dtype=np.uint8)
        self.groups[n_groups] = group_of
        if n_groups > 1:
            tokens, counts = self.unigrams
            load = np.zeros(n_groups, dtype=np.int64)
            index = self._group_index(tokens)
            for k in np.lexsort((tokens, -counts)).tolist():
                g = int(np.argmin(load))
                group_of[index[k]] = g
                load[g] += counts[k]
        return group_of

    def _count_groups(self, depth, n_groups):
        """Count the n-grams of one length, `threads` groups at a time (each in a thread, into a trie of
        its own); returns their number. Writes the n-grams' arrays (level{depth}.*) and, at each position,
        the number of the n-gram there within its group (ids.*): its id once the offset of its group is
        added (self.grouping), which the next length does as it reads them."""
        group_of = self._group_of(n_groups)
        for name in _NODE_FIELDS:
            open(self._file(f"level{depth}.{name}"), "wb").close()
        sizes = []
        for first in range(0, n_groups, self.threads):
            batch = list(range(first, min(n_groups, first + self.threads)))
            expected = min(self.capacity, max(1 << 12, 2 * self.sizes[-1] // n_groups))
            tries = [Trie(self.capacity, with_table=False) for _ in batch]
            for trie in tries:
                trie._start_level(expected)
            self._count_batch(tries, depth, group_of, batch)
            for trie in tries:
                for name in _NODE_FIELDS:
                    with open(self._file(f"level{depth}.{name}"), "ab") as f:
                        getattr(trie, name)[1:trie.n_nodes].tofile(f)
                sizes.append(trie.n_nodes - 1)
                trie.release()
        size = int(sum(sizes))
        self.grouping = (group_of, np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int32))
        self.level_counts = None
        if _counts_in_memory(size, self.budget):
            self.level_counts = np.minimum(np.fromfile(self._file(f"level{depth}.count"), dtype=np.int64),
                                           np.iinfo(np.int32).max).astype(np.int32)
        elif depth < self.order:
            self._write_counts(depth, size)
        return size

    def _positions(self, depth, kind):
        return self._file(f"{kind}.{depth % 2}")

    def _global_ids(self, ids, tokens):
        """The ids of the length counted last, from their numbers within their groups (ids, by position)
        and the tokens at the same positions (as kernels._count_group_level finds them)."""
        group_of, offsets = self.grouping
        if offsets.size == 1:
            return ids
        index = self._group_index(tokens[:ids.size])
        return np.where(ids >= 0, ids + offsets[group_of[index]], -1).astype(np.int32)

    def _group_index(self, tokens):
        """Where group_of holds the group of each of `tokens` (as kernels._group_index)."""
        return np.where(tokens < ATOM_BASE, tokens, self.disk.n_codes + tokens - ATOM_BASE)

    def _count_batch(self, tries, depth, group_of, batch):
        """One pass over the positions, counting the n-grams of each group of `batch` into its trie."""
        n, chunk = self.n, self.chunk
        none = np.full(1, -1, dtype=np.int32)
        pool = ThreadPoolExecutor(len(batch) - 1) if len(batch) > 1 else None
        try:
            with open(self._file("tokens"), "rb") as tokens_file, \
                    open(self._positions(depth, "ids"), "wb" if batch[0] == 0 else "r+b") as ids_file, \
                    _open_if(self._positions(depth - 1, "ids"), depth > 1) as prev_ids_file, \
                    _open_if(self._positions(depth - 1, "counts"), depth > 1 and self.level_counts is None) \
                    as prev_counts_file:
                for a in range(0, n, chunk):
                    b = min(n, a + chunk)
                    tokens = _read(tokens_file, a, min(n, b + depth) - a, np.int32)
                    if depth > 1:
                        prev_ids = _read(prev_ids_file, a, min(n, b + 1) - a, np.int32)
                        prev_counts = (self.level_counts if self.level_counts is not None
                                       else _read(prev_counts_file, a, min(n, b + 1) - a, np.int32))
                    else:
                        prev_ids = prev_counts = none
                    ids = np.full(b - a, -1, dtype=np.int32) if batch[0] == 0 else _read(ids_file, a, b - a, np.int32)
                    work = (tokens, prev_ids, prev_counts, ids, group_of, depth, b - a)
                    others = [pool.submit(self._count_chunk, trie, g, *work) for trie, g in zip(tries[1:], batch[1:])]
                    self._count_chunk(tries[0], batch[0], *work)
                    for future in others:
                        future.result()
                    _write(ids_file, a, ids)
        finally:
            if pool is not None:
                pool.shutdown()

    def _count_chunk(self, trie, group, tokens, prev_ids, prev_counts, ids, group_of, depth, stop):
        """kernels._count_group_level over a chunk for one group; MemoryError if its trie is full."""
        start = 0
        while True:
            start, trie.n_nodes = K._count_group_level(
                tokens, tokens.size, prev_ids, prev_counts, self.level_counts is not None, *self.grouping, ids,
                group_of, self.disk.n_codes, group, depth, min(2, self.min_count), self.min_count, start, stop,
                trie.slot_keys, trie.slot_nodes, trie.parent, trie.token, trie.depth, trie.count, trie.suffix,
                trie.n_nodes, trie._max_nodes())
            if start == stop:
                return
            if not trie._make_room(None, may_grow=False):
                raise MemoryError

    def _write_counts(self, depth, size):
        """The count of the n-gram of `depth` tokens at each position (capped at 2**31 - 1), by ranges of
        ids whose counts fit the budget: for the next length, when the counts of this one are too many to
        keep in memory."""
        n, chunk = self.n, self.chunk
        step = max(1, self.budget // 2 // 8)
        with open(self._file("tokens"), "rb") as tokens_file, \
                open(self._positions(depth, "ids"), "rb") as ids_file, \
                open(self._positions(depth, "counts"), "w+b") as counts_file, \
                open(self._file(f"level{depth}.count"), "rb") as level_file:
            for lo in range(0, size, step):
                part = _read(level_file, lo, min(step, size - lo), np.int64)
                part = np.minimum(part, np.iinfo(np.int32).max).astype(np.int32)
                for a in range(0, n, chunk):
                    b = min(n, a + chunk)
                    ids = self._global_ids(_read(ids_file, a, b - a, np.int32), _read(tokens_file, a, b - a, np.int32))
                    counts = np.zeros(b - a, dtype=np.int32) if lo == 0 else _read(counts_file, a, b - a, np.int32)
                    inside = (ids >= lo) & (ids < lo + part.size)
                    counts[inside] = part[ids[inside] - lo]
                    _write(counts_file, a, counts)

    def _iter_nodes(self, depth, names):
        """The arrays `names` of the n-grams of one length, a chunk at a time."""
        files = [open(self._file(f"level{depth}.{name}"), "rb") for name in names]
        try:
            size = self.sizes[depth]
            for start in range(0, size, self.chunk):
                yield [np.fromfile(f, dtype=_NODE_FIELDS[name], count=min(self.chunk, size - start))
                       for f, name in zip(files, names)]
        finally:
            for f in files:
                f.close()

    def add_sums(self, depth):
        """The neighbour sums of the n-grams of `depth` tokens, from those of depth + 1, in ranges of ids
        that fit the budget (level{depth}.left_sum and .right_sum)."""
        size = self.sizes[depth]
        step = max(1, self.budget // SUM_BYTES)
        with open(self._file(f"level{depth}.left_sum"), "wb") as left_file, \
                open(self._file(f"level{depth}.right_sum"), "wb") as right_file:
            for lo in range(0, size, step):
                hi = min(size, lo + step)
                left = np.zeros(hi - lo)
                right = np.zeros(hi - lo)
                for parent, suffix, count in self._iter_nodes(depth + 1, ("parent", "suffix", "count")):
                    K._add_level_sums(parent, suffix, count, lo, hi, left, right)
                left.tofile(left_file)
                right.tofile(right_file)

    def write_table(self, progress):
        """Write the table (table.*): the root, then each length's n-grams seen min_count times, in order;
        returns the number of nodes. A parent's new id is the ids kept before it, counted in ranges of the
        length before that fit the budget."""
        files = {name: open(self._file(f"table.{name}"), "wb") for name in TABLE_FIELDS}
        try:
            root = {"parent": -1, "token": 0, "depth": 0, "count": self.disk.total, "left_sum": 0, "right_sum": 0}
            for name, dtype in TABLE_FIELDS.items():
                np.array([root[name]], dtype=dtype).tofile(files[name])
            base = 1                           # the new id of the first n-gram kept of this length
            prev_base = 0
            for depth in range(1, self.order + 1):
                progress(MERGING, depth - 1, self.order)
                ranks = self._kept_ranks(depth - 1) if depth > 1 else None
                sums = self._iter_sums(depth)
                n_kept = 0
                for parent, token, count in self._iter_nodes(depth, ("parent", "token", "count")):
                    left, right = next(sums)
                    keep = count >= self.min_count
                    new_parent = (np.zeros(int(keep.sum()), dtype=np.int32) if depth == 1
                                  else prev_base + self._rank_of(ranks, parent[keep], depth - 1))
                    kept = {"parent": new_parent, "token": token[keep],
                            "depth": np.full(new_parent.size, depth, dtype=np.int8), "count": count[keep],
                            "left_sum": left[keep], "right_sum": right[keep]}
                    for name, dtype in TABLE_FIELDS.items():
                        kept[name].astype(dtype, copy=False).tofile(files[name])
                    n_kept += new_parent.size
                prev_base, base = base, base + n_kept
            return base
        finally:
            for f in files.values():
                f.close()

    def _iter_sums(self, depth):
        """The neighbour sums of one length, chunk by chunk as _iter_nodes (zeros for the longest)."""
        size = self.sizes[depth]
        if depth == self.order:
            for start in range(0, size, self.chunk):
                m = min(self.chunk, size - start)
                yield np.zeros(m), np.zeros(m)
            return
        with open(self._file(f"level{depth}.left_sum"), "rb") as lf, \
                open(self._file(f"level{depth}.right_sum"), "rb") as rf:
            for start in range(0, size, self.chunk):
                m = min(self.chunk, size - start)
                yield np.fromfile(lf, dtype=np.float64, count=m), np.fromfile(rf, dtype=np.float64, count=m)

    def _kept_ranks(self, depth):
        """For each n-gram of `depth` tokens, how many of that length before it are kept (int32), written
        to a file; in memory too if it fits a quarter of the budget."""
        path = self._file(f"level{depth}.rank")
        kept_before = 0
        with open(path, "wb") as f:
            for (count,) in self._iter_nodes(depth, ("count",)):
                keep = (count >= self.min_count).astype(np.int64)
                (kept_before + np.cumsum(keep) - keep).astype(np.int32).tofile(f)
                kept_before += int(keep.sum())
        if 4 * self.sizes[depth] <= self.budget // 4:
            return np.fromfile(path, dtype=np.int32)
        return path

    def _rank_of(self, ranks, ids, depth):
        """ranks[ids], from memory or, range by range, from the file."""
        if isinstance(ranks, np.ndarray):
            return ranks[ids]
        out = np.empty(ids.size, dtype=np.int32)
        step = max(1, self.budget // 4 // 4)
        with open(ranks, "rb") as f:
            for lo in range(0, self.sizes[depth], step):
                part = _read(f, lo, min(step, self.sizes[depth] - lo), np.int32)
                inside = (ids >= lo) & (ids < lo + part.size)
                out[inside] = part[ids[inside] - lo]
        return out


def _counts_in_memory(size, budget):
    """Whether the counts of `size` n-grams of a length are kept in memory to be looked up by id (at most a
    tenth of the budget), or else written by position."""
    return 4 * size <= budget // 10


def _open_if(path, needed):
    """The file, open for reading, if it is needed; else nothing."""
    return open(path, "rb") if needed else contextlib.nullcontext()


def _read(f, start, count, dtype):
    f.seek(start * np.dtype(dtype).itemsize)
    return np.fromfile(f, dtype=dtype, count=count)


def _write(f, start, array):
    f.seek(start * array.itemsize)
    array.tofile(f)
