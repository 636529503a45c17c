"""count_ngrams(): exact n-gram counts of a corpus in bounded memory, with their neighbour sums.

The result, NgramCounts, holds every n-gram of 1 .. order tokens seen at least `min_count` times, its
count, and for each the two sums that boundary entropy needs: sum over right neighbours x of
c(wx) ln c(wx), and the same over left neighbours (kernels._neighbour_sums). Every n-gram is counted,
whatever its count, so these are exact; only the table that is kept at the end is cut at min_count.

Two paths, with identical results:
- in memory: all token ids are held, and the trie is built one length at a time; an n-gram is looked at
  only where its prefix and suffix were both seen twice (an n-gram seen once adds nothing to any sum).
- spilling: when the token ids of the corpus would need more than the memory limit, each segment of the
  corpus is counted alone, every n-gram of it is written to partition files on disk (by a hash of the
  n-gram, so each partition holds all the occurrences of its n-grams), and the partitions are then
  added up one at a time. Temporary files are removed on every exit path.
"""
import dataclasses
import math
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from . import kernels as K
from .corpus import corpus_bytes, iter_texts
from .errors import TermmineError
from .normalize import Normalizer, Vocabulary

BYTES_PER_NODE = 4 + 4 + 1 + 8 + 2 * (8 + 4)      # parent, token, depth, count, slots at half load
BYTES_PER_TOKEN_IN_MEMORY = 4 + 8 + 60            # ids, two level arrays, ~1.5 nodes a token when pruned
NORMALIZATION = "nfkc-atoms-1"                    # changes whenever tokens would come out differently
NODES_PER_TOKEN_SPILLING = 3.5                    # nodes a token with nothing pruned (law: 1, it: 2.5)


def parse_size(text):
    """'2G', '300M', '512k' or a number of bytes -> bytes."""
    units = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    s = str(text).strip().lower()
    s = s[:-1] if s.endswith("b") else s
    num = s.rstrip("kmgt")
    unit = s[len(num):]
    try:
        value = float(num)
    except ValueError:
        value = -1.0
    if not (value > 0 and unit in units and math.isfinite(value)):
        raise TermmineError(f"cannot read '{text}' as a size; write it like 2G, 300M or 500000000")
    return int(value * units[unit])


class Trie:
    """Growable flat-array trie (see kernels.py)."""

    def __init__(self, capacity=1 << 12):
        self.parent = np.zeros(capacity, dtype=np.int32)
        self.token = np.zeros(capacity, dtype=np.int32)
        self.depth = np.zeros(capacity, dtype=np.int8)
        self.count = np.zeros(capacity, dtype=np.int64)
        self.parent[0] = -1
        self.n_nodes = 1
        self.slot_keys, self.slot_nodes = K._trie_rehash(self.parent, self.token, 1, 2 * capacity)

    @property
    def nbytes(self):
        return sum(a.nbytes for a in (self.parent, self.token, self.depth, self.count,
                                      self.slot_keys, self.slot_nodes))

    def grow(self, limit_bytes=None):
        capacity = 2 * self.parent.size
        if limit_bytes is not None and capacity * BYTES_PER_NODE > limit_bytes:
            raise MemoryError
        for name in ("parent", "token", "depth", "count"):
            old = getattr(self, name)
            new = np.zeros(capacity, dtype=old.dtype)
            new[:old.size] = old
            setattr(self, name, new)
        self.slot_keys = self.slot_nodes = None
        self.slot_keys, self.slot_nodes = K._trie_rehash(self.parent, self.token, self.n_nodes, 2 * capacity)

    def count_tokens(self, tokens, order, min_parent_count, limit_bytes=None, on_level=None):
        """Count all n-grams of 1 .. order tokens of `tokens` (see kernels._count_level)."""
        n = tokens.size
        prev = np.full(n, -1, dtype=np.int32)
        cur = np.full(n, -1, dtype=np.int32)
        for depth in range(1, order + 1):
            start = 0
            while True:
                start, self.n_nodes = K._count_level(
                    tokens, prev, cur, depth, min_parent_count, start, self.slot_keys, self.slot_nodes,
                    self.parent, self.token, self.depth, self.count, self.n_nodes)
                if start == n:
                    break
                self.grow(limit_bytes)
            prev, cur = cur, prev
            if on_level:
                on_level(depth)
        self.count[0] = int((tokens != 0).sum())

    def insert_rows(self, rows, counts):
        start = 0
        skipped = 0
        while True:
            start, self.n_nodes, s = K._insert_rows(rows, counts, self.slot_keys, self.slot_nodes, self.parent,
                                                    self.token, self.depth, self.count, self.n_nodes, start)
            skipped += s
            if start == rows.shape[0]:
                return skipped
            self.grow()

    def trimmed(self):
        n = self.n_nodes
        return self.parent[:n], self.token[:n], self.depth[:n], self.count[:n]


@dataclasses.dataclass
class NgramCounts:
    """The n-grams of a corpus seen at least min_count times, with counts and neighbour sums.

    Node 0 is the empty n-gram; its count is the number of tokens in the corpus (`total`).
    """
    order: int
    min_count: int
    parent: np.ndarray
    token: np.ndarray
    depth: np.ndarray
    count: np.ndarray
    left_sum: np.ndarray
    right_sum: np.ndarray
    vocabulary: Vocabulary
    settings: dict
    slot_keys: np.ndarray = None
    slot_nodes: np.ndarray = None

    def __post_init__(self):
        if self.slot_keys is None:
            capacity = 1 << max(4, int(2 * self.parent.size - 1).bit_length())
            self.slot_keys, self.slot_nodes = K._trie_rehash(self.parent, self.token, self.parent.size, capacity)

    @property
    def total(self):
        return int(self.count[0])

    @property
    def n_ngrams(self):
        return self.parent.size - 1

    def rows(self, nodes=None):
        """Token ids of the n-grams of the given nodes (all by default), padded with 0."""
        if nodes is None:
            nodes = np.arange(self.parent.size, dtype=np.int64)
        return K._node_rows(self.parent, self.token, self.depth, np.asarray(nodes, dtype=np.int64), self.order)

    def suffix_links(self):
        return K._suffix_links(self.slot_keys, self.slot_nodes, self.parent, self.token, self.depth,
                               self.parent.size)

    def text(self, node, surface=True):
        """The n-gram of a node as a string (Latin/digit atoms in their most frequent written form)."""
        parts = []
        v = int(node)
        while v > 0:
            parts.append(int(self.token[v]))
            v = int(self.parent[v])
        return _join_tokens(self.vocabulary, parts[::-1], surface)

    def find(self, token_ids):
        """The node of an n-gram given as token ids, or -1."""
        row = np.asarray(token_ids, dtype=np.int32)
        return int(K._find_row(self.slot_keys, self.slot_nodes, row, 0, row.size))

    def canonical(self):
        """(rows, counts, left_sum, right_sum) sorted by row: a form that does not depend on how the
        table was built, for comparing tables."""
        rows = self.rows()
        order = np.lexsort(rows.T[::-1])
        return rows[order], self.count[order], self.left_sum[order], self.right_sum[order]


def _join_tokens(vocabulary, tokens, surface=True):
    return "".join(vocabulary.text_of(t, surface) for t in tokens)


def _from_full_trie(trie, order, min_count, vocabulary, settings):
    """NgramCounts from a trie that holds every n-gram seen twice or more."""
    parent, token, depth, count = trie.trimmed()
    suffix = K._suffix_links(trie.slot_keys, trie.slot_nodes, parent, token, depth, trie.n_nodes)
    left, right = K._neighbour_sums(parent, count, suffix, trie.n_nodes)
    left[0] = right[0] = 0.0          # the empty n-gram has no neighbours worth a sum
    keep = count >= min_count
    keep[0] = True
    new_id, new_parent = K._compact_nodes(parent, count, keep)
    return NgramCounts(order, min_count, new_parent, token[keep].copy(), depth[keep].copy(), count[keep].copy(),
                       left[keep].copy(), right[keep].copy(), vocabulary, settings)


class _Spill:
    """Partition files of n-gram rows and counts in a temporary folder."""

    def __init__(self, order, n_parts, tmpdir=None):
        self.order = order
        self.n_parts = n_parts
        self.folder = tempfile.mkdtemp(prefix="termmine-", dir=tmpdir)
        self.segments = 0

    def path(self, depth, part, kind):
        return os.path.join(self.folder, f"n{depth}-p{part}.{kind}")

    def add_trie(self, trie):
        parent, token, depth, count = trie.trimmed()
        for d in range(1, self.order + 1):
            nodes = np.flatnonzero(depth == d)
            if nodes.size == 0:
                continue
            rows = K._node_rows(parent, token, depth, nodes.astype(np.int64), d)
            counts = count[nodes]
            parts = K._row_partitions(rows, self.n_parts)
            order = np.argsort(parts, kind="stable")
            bounds = np.searchsorted(parts[order], np.arange(self.n_parts + 1))
            for p in range(self.n_parts):
                sel = order[bounds[p]:bounds[p + 1]]
                if sel.size:
                    with open(self.path(d, p, "rows"), "ab") as f:
                        rows[sel].tofile(f)
                    with open(self.path(d, p, "counts"), "ab") as f:
                        counts[sel].tofile(f)
        self.segments += 1

    def read(self, depth, part):
        rows_path = self.path(depth, part, "rows")
        if not os.path.exists(rows_path):
            return np.zeros((0, depth), dtype=np.int32), np.zeros(0, dtype=np.int64)
        rows = np.fromfile(rows_path, dtype=np.int32).reshape(-1, depth)
        counts = np.fromfile(self.path(depth, part, "counts"), dtype=np.int64)
        return rows, counts

    def write(self, depth, part, rows, counts):
        rows.tofile(self.path(depth, part, "rows"))
        counts.tofile(self.path(depth, part, "counts"))

    def close(self):
        shutil.rmtree(self.folder, ignore_errors=True)


def _from_spill(spill, order, min_count, total, vocabulary, settings):
    """Add up the partitions: first the kept table, level by level, then the neighbour sums."""
    trie = Trie()
    for d in range(1, order + 1):
        for p in range(spill.n_parts):
            rows, counts = spill.read(d, p)
            if rows.shape[0] == 0:
                continue
            first, sums = K._aggregate_rows(rows, counts)
            rows, counts = rows[first], sums
            if d > 1:
                seen_twice = counts >= 2
                rows, counts = rows[seen_twice], counts[seen_twice]
            spill.write(d, p, rows, counts)
            kept = counts >= min_count
            trie.insert_rows(np.ascontiguousarray(rows[kept]), counts[kept])
    trie.count[0] = total
    parent, token, depth, count = (a.copy() for a in trie.trimmed())
    table = NgramCounts(order, min_count, parent, token, depth, count,
                        np.zeros(parent.size), np.zeros(parent.size), vocabulary, settings)
    for d in range(2, order + 1):
        for p in range(spill.n_parts):
            rows, counts = spill.read(d, p)
            K._add_neighbour_sums(rows, counts, table.slot_keys, table.slot_nodes, table.left_sum, table.right_sum)
    return table


def _tokenize_piece(args):
    """Worker: (text, keep_case) -> (token ids with atoms as -(k+1), atom strings)."""
    text, keep_case = args
    normalizer = _worker_normalizer(keep_case)
    return normalizer.split_tokens(text)


_WORKER = {}


def _worker_normalizer(keep_case):
    if keep_case not in _WORKER:
        _WORKER[keep_case] = Normalizer(keep_case)
    return _WORKER[keep_case]


def iter_token_arrays(texts, normalizer, jobs=1):
    """Token id arrays of the pieces of text, each ended by a boundary; tokenized in `jobs` processes."""
    sep = np.zeros(1, dtype=np.int32)
    if jobs <= 1:
        for text in texts:
            yield normalizer.tokens(text)
            yield sep
        return
    keep_case = normalizer.vocabulary.keep_case
    with ProcessPoolExecutor(jobs) as pool:
        window = []
        for text in texts:
            window.append(pool.submit(_tokenize_piece, (text, keep_case)))
            if len(window) >= 2 * jobs:
                yield normalizer.map_atoms(*window.pop(0).result())
                yield sep
        for future in window:
            yield normalizer.map_atoms(*future.result())
            yield sep


def count_ngrams(corpus, max_n=6, min_count=2, keep_case=False, memory_limit="2G", jobs=None,
                 encoding="utf-8", glob="*.txt", jsonl_field=None, tmpdir=None, max_chars=None,
                 progress=None, notify=None):
    """Count every n-gram of 1 .. max_n + 1 tokens of a corpus; keep those seen min_count times or more.

    progress(kind, amount) is called with ("bytes", n) as input is read and ("stage", name) between
    stages; notify(message) with warnings. Nothing is printed.
    """
    if max_n < 1:
        raise TermmineError("--max-len must be at least 1")
    if min_count < 2:
        raise TermmineError("--min-count must be at least 2")
    order = max_n + 1
    limit = parse_size(memory_limit)
    jobs = os.cpu_count() or 1 if jobs is None else max(1, int(jobs))
    settings = {"keep_case": bool(keep_case), "max_n": int(max_n), "normalization": NORMALIZATION}
    normalizer = Normalizer(keep_case)
    on_bytes = (lambda n: progress("bytes", n)) if progress else None
    read_args = dict(encoding=encoding, glob=glob, jsonl_field=jsonl_field, notify=notify, on_bytes=on_bytes)
    if max_chars:
        read_args["max_chars"] = max_chars
    texts = iter_texts(corpus, **read_args)
    size = corpus_bytes(corpus, glob)
    use_jobs = jobs if (size is None or size > (8 << 20)) else 1
    segment_limit = max(1 << 16, limit // BYTES_PER_TOKEN_IN_MEMORY)

    in_memory_tokens = max(1 << 12, limit // BYTES_PER_TOKEN_IN_MEMORY)
    segment_tokens = max(1 << 10, int(limit / 2 / BYTES_PER_NODE / NODES_PER_TOKEN_SPILLING))

    buffered, n_buffered = [], 0
    spill = None
    total = 0
    try:
        for tokens in iter_token_arrays(texts, normalizer, use_jobs):
            buffered.append(tokens)
            n_buffered += tokens.size
            if spill is None and n_buffered >= in_memory_tokens:
                n_parts = max(16, min(1024, int(8 * (size or limit) / limit)))
                spill = _Spill(order, n_parts, tmpdir)
                if notify:
                    notify("the corpus needs more than --memory-limit in memory; "
                           f"counting it in segments spilled to {spill.folder}")
            if spill is not None and n_buffered >= segment_tokens:
                total += _spill_segment(spill, buffered, order, limit)
                buffered, n_buffered = [], 0
        if spill is None:
            if progress:
                progress("stage", "counting")
            tokens = np.concatenate(buffered) if buffered else np.zeros(0, dtype=np.int32)
            del buffered
            trie = Trie(capacity=_capacity_for(tokens.size // 2))
            trie.count_tokens(tokens, order, 2)
            del tokens
            return _from_full_trie(trie, order, min_count, normalizer.vocabulary, settings)
        if buffered:
            total += _spill_segment(spill, buffered, order, limit)
        if progress:
            progress("stage", "merging")
        return _from_spill(spill, order, min_count, total, normalizer.vocabulary, settings)
    finally:
        if spill is not None:
            spill.close()


def _spill_segment(spill, arrays, order, limit):
    """Count one segment with nothing pruned and spill it; halve it if its trie would pass the limit."""
    tokens = np.concatenate(arrays)
    total = int((tokens != 0).sum())
    pieces = [tokens]
    while pieces:
        piece = pieces.pop()
        trie = Trie()
        try:
            trie.count_tokens(piece, order, 1, limit_bytes=limit // 2)
        except MemoryError:
            if piece.size < 1024:
                raise TermmineError("--memory-limit is too small to count even a short piece of the corpus") from None
            del trie
            cut = _boundary_near(piece, piece.size // 2)
            pieces.extend([piece[cut:], piece[:cut]])
            continue
        spill.add_trie(trie)
        del trie
    return total


def _capacity_for(n_nodes):
    return 1 << max(12, int(n_nodes).bit_length())


def _boundary_near(tokens, middle):
    """A cut position at a boundary (token 0) near the middle, or the middle."""
    zeros = np.flatnonzero(tokens[middle:] == 0)
    if zeros.size:
        return middle + int(zeros[0]) + 1
    return middle
