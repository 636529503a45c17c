"""Counts of given n-grams (the candidates) without counting any other: looked up in a count table
(lookup_counts), or counted in a corpus read once (count_known_ngrams). Both give the counts that a count
table of the corpus would give, so a reference given as text or as its table ranks the terms alike.
"""
import itertools

import numpy as np

from . import kernels as K
from .corpus import iter_texts
from .normalize import Normalizer
from .trie import Trie
from .workers import iter_forked


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
