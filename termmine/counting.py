"""count_ngrams(): exact n-gram counts of a corpus in bounded memory, with their neighbour sums.

The result, NgramCounts (tables.py), holds every n-gram of 1 .. order tokens seen at least `min_count`
times, its count, and for each the two sums that boundary entropy needs: sum over right neighbours x of
c(wx) ln c(wx), and the same over left neighbours (kernels._neighbour_sums). Every n-gram is counted,
whatever its count, so these are exact; only the table that is kept at the end is cut at min_count.

Two paths, with identical results:
- in memory: all token ids are held, and the trie is built one length at a time (each in two threads,
  Trie.count_tokens); an n-gram is looked at only where its prefix and suffix were both seen twice (an
  n-gram seen once adds nothing to any sum) and one of them min_count times (only the sums of n-grams
  seen min_count times are kept); with min_count 1, everywhere (a table to be merged holds every n-gram,
  tables.merge_counts).
- spilling: when the token ids of the corpus would need more than the memory limit (or the pruned trie
  outgrows it), the tokens are streamed through a trie of fixed size that counts every n-gram, nothing
  pruned; each time it is full, its n-grams are written to partition files on disk (by a hash of the
  n-gram, so each partition holds all the occurrences of its n-grams) and it is emptied. The partitions
  are then added up one at a time (one too big to add up in memory is first split by another hash), the
  n-grams seen min_count times go into a table of exactly their number, and a last pass over the
  partitions adds the neighbour sums. Temporary files are removed on every exit path.

Memory: --memory-limit bounds what grows with the corpus (buffered token ids, tries, the rows being added
up, the final table) and, for limits of 192 MB and more, the reading and tokenizing of the current piece
of text (READ_BYTES; a quarter of smaller limits). Outside the limit is a fixed overhead of about 150 MB
resident: the interpreter, numpy, numba with the compiled kernels, and the character tables of
normalize.py; add some tens of MB of free memory that the C allocator keeps rather than returns. With
jobs > 1, each tokenizing process also has its own memory. The sizes below and those of trie.py turn the
limit into capacities.
"""
import itertools
import math
import os
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from . import kernels as K
from .config import parse_size
from .corpus import check_corpus, corpus_bytes, iter_texts
from .errors import TermmineError
from .files import make_temporary_folder, remove_folder
from .normalize import NORMALIZATION, Normalizer
from .progress import COUNTING, MERGING, READING, bytes_read, no_progress
from .tables import NgramCounts, from_full_trie
from .trie import LEVEL_BYTES, TABLE_NODE_BYTES, TABLE_SLOTS, TOKEN_BYTES, Trie
from .workers import available_cores, ignore_sigint, iter_forked, iter_submitted, start_processes

NODES_PER_TOKEN_PER_LEVEL = 0.08                  # pruned trie, max_n 6: law 0.45, it 0.44, reference 0.48
ALL_NODES_PER_TOKEN_PER_LEVEL = 0.35              # min_count 1 (nothing pruned), max_n 6: law_sample 2.1
FLUSH_ROWS = 1 << 16                              # rows built at a time when a trie is spilled (at most)
MIN_IO_BYTES = 8 << 20                            # smallest read when the final table leaves no room
MAX_IO_BYTES = 32 << 20                           # largest read of rows that are streamed
READ_BYTES = 48 << 20                             # reading and tokenizing a piece of corpus.MAX_CHARS


class _Spill:
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


class _SpillCounter:
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


def _start_spilling(order, limit, held_bytes, size, tmpdir, notify):
    """A _Spill and a _SpillCounter whose trie fits in the limit next to `held_bytes` of token ids
    that are about to be counted."""
    flush_row_bytes = TOKEN_BYTES * order + 8 + 8            # a row, its count and its node
    flush_rows = int(max(1 << 8, min(FLUSH_ROWS, limit // 32 // flush_row_bytes)))
    # token ids held now are let go as they are counted; if a single piece of text already takes more
    # than half the limit, the trie still gets half
    free = max(limit - held_bytes, limit // 2) - flush_rows * flush_row_bytes
    capacity = int(free // Trie.bytes_for(1))
    if capacity < max(1 << 10, 2 * order):
        raise TermmineError("--memory-limit is too small to count even a short piece of the corpus")
    # partitions: enough that a bucket of the longest n-grams fits the limit even if every token
    # started a distinct one (about a token each 2.5 bytes of input); later splits cover the rest
    est_tokens = size / 2.5 if size else 8 * limit / (TOKEN_BYTES + LEVEL_BYTES)
    n_parts = int(min(512, max(16, math.ceil(est_tokens * _merge_bytes_per_row(order) / limit))))
    spill = _Spill(order, n_parts, tmpdir, flush_rows)
    try:
        # the note is inside: an interrupt while it is written must still remove the folder
        if notify:
            notify("the corpus needs more than --memory-limit in memory; "
                   f"counting it in segments spilled to {spill.folder}")
        return spill, _SpillCounter(spill, order, capacity)
    except BaseException:
        spill.close()
        raise


def _merge_bytes_per_row(depth):
    """Peak bytes a row while a bucket is added up: the rows and counts read, then either the hash table
    of _sum_equal_rows or the copy of the kept rows."""
    return 2 * (TOKEN_BYTES * depth + 8) + 1


def _from_spill(spill, order, min_count, total, vocabulary, settings, limit, notify=None, progress=no_progress):
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
        notify(f"the {n_kept} n-grams seen --min-count times or more need {table_bytes >> 20} MB, more than "
               "--memory-limit; raise --min-count or lower --max-len to make the table smaller")
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
    with ProcessPoolExecutor(jobs, initializer=ignore_sigint) as pool:
        start_processes(pool)
        pieces = ((text, keep_case) for text in texts)
        for result in iter_submitted(pool, _tokenize_piece, pieces, 2 * jobs):
            yield normalizer.map_atoms(*result)
            yield sep


def count_ngrams(paths=None, *, texts=None, max_n=6, min_count=2, keep_case=False, memory_limit="2G", jobs=None,
                 encoding="utf-8", glob="*.txt", jsonl_field=None, tmpdir=None, max_chars=None,
                 progress=None, notify=None):
    """Count every n-gram of 1 .. max_n + 1 tokens of a corpus; keep those seen min_count times or more
    (min_count 1 keeps every n-gram: only such tables can be merged, tables.merge_counts).

    The corpus is either `paths` (a file, a folder or '-', or a list of them) or `texts` (an iterable
    of strings), never both (corpus.check_corpus).
    memory_limit bounds the memory of counting (see the module's docstring); past it, counts spill to
    files in tmpdir. jobs is the number of processes that tokenize: by default 1, this one, which is
    faster than a pool here because the pool's results still have to be received and their atoms
    mapped in this process. The n-grams held in memory are counted in two threads (Trie.count_tokens)
    unless jobs is 1 (by default, when there are two cores or more). progress(stage, done, total) is
    called as the work goes on (see termmine.progress); notify(message) with warnings. Nothing is printed.
    """
    paths, texts = check_corpus(paths, texts)
    corpus = texts if paths is None else paths
    if max_n < 1:
        raise TermmineError("--max-len must be at least 1")
    if min_count < 1:
        raise TermmineError("--min-count must be at least 1")
    order = max_n + 1
    limit = _data_limit(parse_size(memory_limit))
    threads = available_cores() if jobs is None else max(1, int(jobs))
    jobs = 1 if jobs is None else max(1, int(jobs))
    settings = {"keep_case": bool(keep_case), "max_n": int(max_n), "normalization": NORMALIZATION}
    normalizer = Normalizer(keep_case)
    size = corpus_bytes(corpus, glob)
    progress = progress or no_progress
    texts = iter_texts(corpus, encoding=encoding, glob=glob, jsonl_field=jsonl_field, max_chars=max_chars,
                       notify=notify, on_bytes=bytes_read(progress, READING, size))
    use_jobs = jobs if (size is None or size > (8 << 20)) else 1
    per_token = TOKEN_BYTES + LEVEL_BYTES + _pruned_nodes_per_token(order, min_count) * Trie.bytes_for(1)
    in_memory_tokens = max(1 << 12, int(limit / per_token))

    buffered, n_buffered, held_bytes = [], 0, 0
    spill = counter = None
    try:
        for tokens in iter_token_arrays(texts, normalizer, use_jobs):
            if counter is not None:
                counter.add(tokens)
                continue
            tokens = _own(tokens)
            buffered.append(tokens)
            n_buffered += tokens.size
            held_bytes += _buffer_bytes(tokens)
            if n_buffered > in_memory_tokens:
                spill, counter = _start_spilling(order, limit, held_bytes, size, tmpdir, notify)
                while buffered:
                    counter.add(buffered.pop(0))
        tokens = None
        if counter is None:
            tokens = np.concatenate(buffered) if buffered else np.zeros(0, dtype=np.int32)
            del buffered
            trie = _count_pruned(tokens, order, min_count, limit, threads, progress)
            if trie is not None:
                del tokens
                return from_full_trie(trie, order, min_count, normalizer.vocabulary, settings)
            spill, counter = _start_spilling(order, limit, tokens.nbytes, size, tmpdir, notify)
            counter.add(tokens)
            del tokens
        total = counter.finish()
        del counter
        return _from_spill(spill, order, min_count, total, normalizer.vocabulary, settings, limit, notify,
                           progress)
    finally:
        if spill is not None:
            spill.close()


def count_known_ngrams(corpus, token_tuples, vocabulary, order, min_count=2, encoding="utf-8", glob="*.txt",
                       jsonl_field=None, max_chars=None, notify=None, jobs=1, on_bytes=None):
    """(counts, total): how often each n-gram of `token_tuples` (token ids of `vocabulary`) occurs in a
    corpus, and the corpus's number of tokens, without counting any other n-gram.

    The counts are those that a count table of the corpus (count_ngrams with this min_count and max_n =
    order - 1) gives for them: 0 below min_count, and for an n-gram longer than `order` tokens the
    smallest count of its windows of `order` tokens. The corpus is normalised with the vocabulary's
    keep_case; an atom the vocabulary does not hold matches none of the n-grams. The pieces of text are
    read in `jobs` processes (workers.iter_forked); the counts do not depend on it. on_bytes(n) is called
    as n bytes of the corpus are read.
    """
    windows = _windows(token_tuples, order)
    trie = _known_trie(windows, order)
    texts = iter_texts(corpus, encoding=encoding, glob=glob, jsonl_field=jsonl_field, max_chars=max_chars,
                       notify=notify, on_bytes=on_bytes)
    state = (Normalizer(vocabulary.keep_case), vocabulary, order, trie)
    total = 0
    for found, times, n_tokens in iter_forked(_count_known_in_text, state, texts, jobs):
        trie.count[found] += times
        total += n_tokens
    return _known_counts(trie.slot_keys, trie.slot_nodes, trie.count, windows, min_count), total


def lookup_counts(table, token_tuples, min_count=2, hash_table=None):
    """How often each n-gram of `token_tuples` (token ids of the table's vocabulary) occurs according to
    a count table: 0 below min_count, and for an n-gram longer than the table's order the smallest count
    of its windows of that many tokens.

    Looked up in the table's hash table (NgramCounts.slots, made if need be) when it has one or when the
    n-grams hold more tokens than the table has nodes; else found by one pass over the table's nodes
    (kernels._lookup_known) through a trie of the n-grams. Making the hash table costs some 20-35 ns a
    node, the trie some 280 ns a token: law's 182k adverb-inserted forms (1.2M tokens, domain table of
    759k nodes) take 0.34 s one way and 0.07 s the other; its 26k candidates in the built-in reference
    (120k tokens, 2M nodes) 0.03 s one way and 0.08 s the other. hash_table=True or False forces one."""
    windows = _windows(token_tuples, table.order)
    if hash_table is None:
        hash_table = table.slot_keys is not None or int(windows[2].sum()) > table.parent.size
    if hash_table:
        return _known_counts(*table.slots(), table.count, windows, min_count)
    trie = _known_trie(windows, table.order)
    K._lookup_known(table.parent, table.token, table.count, trie.slot_keys, trie.slot_nodes, trie.count)
    return _known_counts(trie.slot_keys, trie.slot_nodes, trie.count, windows, min_count)


def _windows(token_tuples, order):
    """The n-grams to look up for token_tuples: each tuple itself, or for one longer than `order` tokens
    its windows of `order` tokens. Returns (tokens of all tuples end to end, start and length of each
    n-gram in it, index of each tuple's first n-gram); a tuple's n-grams are consecutive."""
    lengths = np.fromiter(map(len, token_tuples), dtype=np.int64, count=len(token_tuples))
    tokens = np.fromiter(itertools.chain.from_iterable(token_tuples), dtype=np.int32, count=int(lengths.sum()))
    n_windows = np.maximum(1, lengths - order + 1)
    owner = np.repeat(np.arange(lengths.size), n_windows)
    first = np.cumsum(n_windows) - n_windows
    starts = (np.cumsum(lengths) - lengths)[owner] + np.arange(owner.size) - first[owner]
    return tokens, starts, np.minimum(lengths, order)[owner], first


def _known_trie(windows, order):
    """A trie whose nodes are the n-grams of `windows` (_windows) and every shorter n-gram inside them,
    each with count 0."""
    tokens, starts, lengths, _ = windows
    # the n-grams end to end, each followed by a 0 (a boundary)
    flat = np.zeros(int(lengths.sum()) + lengths.size, dtype=np.int32)
    of = np.repeat(np.arange(lengths.size), lengths)
    inner = np.arange(of.size) - (np.cumsum(lengths) - lengths)[of]
    flat[(np.cumsum(lengths + 1) - lengths - 1)[of] + inner] = tokens[starts[of] + inner]
    trie = Trie(max(16, 2 * lengths.size))
    start = 0
    while start < flat.size:               # every n-gram of the windows becomes a node
        start = trie.count_positions(flat, start, order)
        if start < flat.size:
            trie.grow()
    trie.count[:] = 0
    return trie


def _known_counts(slot_keys, slot_nodes, node_counts, windows, min_count):
    """The counts of the tuples whose windows are `windows` (_windows), from a trie or table's hash table
    and node counts: the smallest count of a tuple's n-grams (0 where one is absent), then 0 below
    min_count. Reference text and reference tables share this rule, so that text and its table give the
    same counts."""
    tokens, starts, lengths, first = windows
    if first.size == 0:
        return np.zeros(0, dtype=np.int64)
    nodes = K._find_rows(slot_keys, slot_nodes, tokens, starts, lengths)
    counts = np.minimum.reduceat(np.where(nodes >= 0, node_counts[nodes], 0), first).astype(np.int64)
    counts[counts < min_count] = 0
    return counts


def _count_known_in_text(state, text):
    """(nodes, their counts, number of tokens) of count_known_ngrams' trie in one text."""
    normalizer, vocabulary, order, trie = state
    tokens, strings = normalizer.split_tokens(text)
    if strings:
        keys = strings if vocabulary.keep_case else [x.lower() for x in strings]
        unknown = K.ATOM_BASE + len(vocabulary.atoms)
        ids = np.array([K.ATOM_BASE + k if k is not None else unknown
                        for k in map(vocabulary.index.get, keys)], dtype=np.int32)
        where = tokens < 0
        tokens[where] = ids[-tokens[where] - 1]
    count = np.zeros_like(trie.count)
    K._count_known(tokens, order, trie.slot_keys, trie.slot_nodes, count)
    found = np.flatnonzero(count)
    return found, count[found], int(np.count_nonzero(tokens))


def _data_limit(limit):
    """The part of --memory-limit left for counting once text is being read and tokenized."""
    return limit - min(READ_BYTES, limit // 4)


def _count_pruned(tokens, order, min_count, limit, threads=1, progress=no_progress):
    """A trie of every n-gram of `tokens` seen min_count times or more and of every one-token extension of
    those seen twice or more (see kernels._count_level; with min_count 1, of every n-gram), or None if it
    would need more than the limit next to the token ids."""
    trie = Trie(max(1 << 12, int(_pruned_nodes_per_token(order, min_count) * tokens.size) + 1), with_table=False)
    try:
        trie.count_tokens(tokens, order, min(2, min_count),
                          limit_bytes=limit - tokens.size * (TOKEN_BYTES + LEVEL_BYTES),
                          min_either_count=min_count, threads=threads,
                          on_level=lambda depth: progress(COUNTING, depth, order))
    except MemoryError:
        return None
    return trie


def _pruned_nodes_per_token(order, min_count=2):
    per_level = NODES_PER_TOKEN_PER_LEVEL if min_count > 1 else ALL_NODES_PER_TOKEN_PER_LEVEL
    return 0.02 + per_level * (order - 1)


def _buffer_bytes(tokens):
    """Bytes held by an array: those of the buffer it is a view of, if any."""
    base = tokens.base
    return base.nbytes if isinstance(base, np.ndarray) else tokens.nbytes


def _own(tokens):
    """The token ids without the unused end of the buffer they may be a view of (normalize.py cuts them
    from an array of one entry a character)."""
    if _buffer_bytes(tokens) > tokens.nbytes + (tokens.nbytes >> 2) + 4096:
        return tokens.copy()
    return tokens
