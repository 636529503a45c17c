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
- on disk (external.py): when the token ids of the corpus and their trie would need more than the memory
  limit, the token ids are written to a temporary folder and counted by the same rule, one length at a
  time, reading them in chunks; a length whose n-grams do not fit is counted in groups by first token.
  The table is written to files as it is made: `termmine count` copies them into its .npz, and others
  load them.

Memory: --memory-limit bounds what grows with the corpus (buffered token ids, tries, the chunks read, the
n-grams of a length being counted) and, for limits of 192 MB and more, the reading and tokenizing of the
current piece of text (READ_BYTES; a quarter of smaller limits). What it does not bound: the table that
discover and mine load at the end (about 33 bytes an n-gram, and a hash table of 18 bytes an n-gram when
candidates are looked up), and, outside the limit, a fixed overhead of about 150 MB resident: the
interpreter, numpy, numba with the compiled kernels, and the character tables of normalize.py; add some
tens of MB of free memory that the C allocator keeps rather than returns. With jobs > 1, each tokenizing
process also has its own memory. The sizes below and those of trie.py and external.py turn the limit
into capacities.
"""
import numpy as np

from .config import parse_size
from .corpus import check_corpus, corpus_bytes, iter_texts
from .errors import TermmineError
from .external import DiskCorpus, count_on_disk
from .normalize import NORMALIZATION, Normalizer, iter_token_arrays
from .progress import COUNTING, READING, bytes_read, no_progress
from .tables import from_full_trie
from .trie import LEVEL_BYTES, TOKEN_BYTES, Trie
from .workers import available_cores

NODES_PER_TOKEN_PER_LEVEL = 0.08                  # pruned trie, max_n 6: law 0.45, it 0.44, reference 0.48
ALL_NODES_PER_TOKEN_PER_LEVEL = 0.35              # min_count 1 (nothing pruned), max_n 6: law_sample 2.1
READ_BYTES = 48 << 20                             # reading and tokenizing a piece of corpus.MAX_CHARS


def count_ngrams(paths=None, *, texts=None, max_n=6, min_count=2, keep_case=False, memory_limit="2G", jobs=None,
                 encoding="utf-8", glob="*.txt", jsonl_field=None, tmpdir=None, max_chars=None,
                 progress=None, notify=None, on_disk=False):
    """Count every n-gram of 1 .. max_n + 1 tokens of a corpus; keep those seen min_count times or more
    (min_count 1 keeps every n-gram: only such tables can be merged, tables.merge_counts).

    The corpus is either `paths` (a file, a folder or '-', or a list of them) or `texts` (an iterable
    of strings), never both (corpus.check_corpus).
    memory_limit bounds the memory of counting (see the module's docstring); past it, the token ids are
    counted from files in tmpdir. jobs is the number of processes that tokenize: by default 1, this one, which is
    faster than a pool here because the pool's results still have to be received and their atoms
    mapped in this process. The n-grams held in memory are counted in two threads (Trie.count_tokens)
    unless jobs is 1 (by default, when there are two cores or more). progress(stage, done, total) is
    called as the work goes on (see termmine.progress); notify(message) with warnings. Nothing is printed.
    on_disk: where the corpus was counted on disk, return the table as the files it was written to
    (external.TableFiles, to be closed by the caller; tables.save_counts streams it) instead of loading it.
    """
    paths, texts = check_corpus(paths, texts)
    corpus = texts if paths is None else paths
    if max_n < 1:
        raise TermmineError("`max_len` must be at least 1")
    if min_count < 1:
        raise TermmineError("`min_count` must be at least 1")
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

    buffered, n_buffered = [], 0
    disk = None
    try:
        for tokens in iter_token_arrays(texts, normalizer, use_jobs):
            if disk is not None:
                disk.add(tokens)
                continue
            tokens = _own(tokens)
            buffered.append(tokens)
            n_buffered += tokens.size
            if n_buffered > in_memory_tokens:
                disk = _to_disk(buffered, tmpdir, notify)
        if disk is None:
            tokens = np.concatenate(buffered) if buffered else np.zeros(0, dtype=np.int32)
            del buffered
            trie = _count_pruned(tokens, order, min_count, limit, threads, progress)
            if trie is not None:
                del tokens
                return from_full_trie(trie, order, min_count, normalizer.vocabulary, settings)
            disk = _to_disk([tokens], tmpdir, notify)
            del tokens
        files = count_on_disk(disk, order, min_count, limit, normalizer.vocabulary, settings, threads, progress)
        if on_disk:
            disk = None           # the caller's to close
            return files
        return files.load()
    finally:
        if disk is not None:
            disk.close()


def _to_disk(buffered, tmpdir, notify):
    """A DiskCorpus holding the token ids buffered so far (the list is emptied as they are written)."""
    disk = DiskCorpus(tmpdir)
    try:
        # the note is inside: an interrupt while it is written must still remove the folder
        if notify:
            notify("the corpus needs more than `memory_limit` in memory; its token ids are spilled to "
                   f"{disk.folder} and counted from there")
        while buffered:
            disk.add(buffered.pop(0))
        return disk
    except BaseException:
        disk.close()
        raise


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
