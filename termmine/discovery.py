"""Word discovery from n-gram counts: cohesion, boundary entropy and candidate words.

For an n-gram w seen c(w) times in a corpus of N tokens:
- cohesion(w) = min over the splits w = a + b of ln(N c(w) / (c(a) c(b))), that is the pointwise mutual
  information of the weakest split, with every probability estimated as count / N;
- left_entropy(w) and right_entropy(w) = the entropy (natural log) of the token just before / after w,
  where a boundary (line end, punctuation) counts as a distinct neighbour each time it occurs.

A candidate word is an n-gram of 1 .. max_len tokens with count >= min_count, cohesion at least the
minimum for its length, and min(left_entropy, right_entropy) >= min_entropy. A single token qualifies
only if it is a Latin/digit run of two or more characters (a Chinese character alone is not a term).
Words longer than max_len are built from the counted (max_len + 1)-grams, the windows: two qualifying
windows w and w' that overlap in o (w without its first token, w' without its last) are joined when each
holds at least extension_ratio (0.8) of o's occurrences, w' the most frequent window that begins with o
and w the most frequent that ends with it; the joined word is kept only if every window qualifies. Its
count is a lower bound of its occurrences, which must reach min_count: the first window's count less, at
each join, the occurrences of o that w' does not continue (c(o) - c(w')). Its entropies are those of its
first and last max_len-long windows.
Two rules of rules.py then drop pieces of longer strings: mostly_extended, an n-gram whose most frequent
one-token extension on either side holds most of its occurrences, candidate or not; and inside_longer, a
candidate that one longer candidate holds nearly all the time (巧克 of 巧克力).
"""
import dataclasses

import numpy as np

from . import kernels as K
from .rules import CANDIDATES, DISCOVERY, apply_rules

DISCOVER_COLUMNS = ["term", "length", "count", "cohesion", "left_entropy", "right_entropy", "score"]


@dataclasses.dataclass(frozen=True)
class DiscoverOptions:
    min_count: int = 5
    max_len: int = 6
    # minimum cohesion for n-grams of 2, 3, 4 and more tokens (chosen by benchmarks/bench_discover.py)
    min_cohesion: tuple = (2.0, 3.0, 4.0)
    min_entropy: float = 1.0
    extension_ratio: float = 0.8  # a long word's windows are joined when each holds this share of their overlap

    def cohesion_floor(self, depth):
        depth = np.asarray(depth)
        idx = np.clip(depth - 2, 0, len(self.min_cohesion) - 1)
        floor = np.asarray(self.min_cohesion, dtype=np.float64)[idx]
        return np.where(depth < 2, -np.inf, floor)


@dataclasses.dataclass
class NodeStats:
    """Per-node measures of an NgramCounts table."""
    cohesion: np.ndarray
    left_entropy: np.ndarray
    right_entropy: np.ndarray
    suffix: np.ndarray


def cohesion(table, nodes, suffix=None):
    """Cohesion of the given nodes (NaN for single tokens)."""
    suffix = table.suffix_links() if suffix is None else suffix
    values = K._cohesion(table.parent, table.depth, table.count, suffix, np.asarray(nodes, dtype=np.int64),
                         max(table.total, 1))
    values[np.isinf(values)] = np.nan
    return values


def boundary_entropy(table):
    """(left, right) boundary entropy of every node."""
    return K._boundary_entropy(table.count, table.left_sum), K._boundary_entropy(table.count, table.right_sum)


def _is_atom(table, nodes):
    return table.token[nodes] >= K.ATOM_BASE


def extract_candidates(table, options=DiscoverOptions(), rules=None, dropped=False):
    """The candidate words of a table as a DataFrame: candidate_columns() as a frame."""
    import pandas as pd  # here: `termmine discover` writes candidate_columns() without loading pandas
    return pd.DataFrame(candidate_columns(table, options, rules, dropped))


def candidate_columns(table, options=DiscoverOptions(), rules=None, dropped=False):
    """The candidate words of a table, best first (by score, then term), as a dict of columns:
    DISCOVER_COLUMNS, `node` (-1 for joined long words), `tokens` (tuples of token ids; `term` and
    `tokens` are lists, the others numpy arrays), and what the discovery rules (rules.py, stages
    discovery and candidates) measure: extension_count and longer_count (NaN where not measured).
    With dropped=True, the strings those rules drop are there too, and `rules` holds the names of the
    rules that fired on each string (an empty tuple for a candidate)."""
    depth = table.depth.astype(np.int64)
    count = table.count
    max_len = options.max_len
    left, right = boundary_entropy(table)
    suffix = table.suffix_links()
    enough = count >= options.min_count
    enough[0] = False
    ent = np.minimum(left, right)
    # cohesion is wanted only of the n-grams that may still be candidates, or windows of long words
    maybe = enough & (((depth <= max_len) & (ent >= options.min_entropy)) | (depth == table.order))
    cohesion_of = np.full(depth.size, np.nan)
    cohesion_of[maybe] = cohesion(table, np.flatnonzero(maybe), suffix)
    stats = NodeStats(cohesion_of, left, right, suffix)
    coh_ok = np.nan_to_num(stats.cohesion, nan=np.inf) >= options.cohesion_floor(depth)
    single_ok = (depth != 1) | _is_atom(table, np.arange(depth.size))
    nodes = np.flatnonzero(maybe & coh_ok & single_ok & (depth <= max_len) & (ent >= options.min_entropy))
    # single atoms need two or more characters
    singles = nodes[depth[nodes] == 1]
    atoms = table.vocabulary.atoms
    too_short = [v for v, t in zip(singles.tolist(), table.token[singles].tolist())
                 if not (len(atoms[t - K.ATOM_BASE]) >= 2 and atoms[t - K.ATOM_BASE].isascii())  # the written
                 and len(table.vocabulary.text_of(t)) < 2]                                        # form is as long
    nodes = nodes[~np.isin(nodes, too_short)]
    rows = table.rows(nodes)
    columns = {"node": nodes, "count": count[nodes], "cohesion": stats.cohesion[nodes],
               "left_entropy": stats.left_entropy[nodes], "right_entropy": stats.right_entropy[nodes],
               "tokens": [tuple(row[:n]) for row, n in zip(rows.tolist(), depth[nodes].tolist())],
               "extension_count": _most_extended(table, stats.suffix)[nodes].astype(np.float64)}
    texts = _Texts(table.vocabulary)
    columns["term"] = _row_texts(rows, columns["tokens"], texts)
    long_words = _join_long_words(table, stats, enough & coh_ok & (depth == table.order), options)
    long_words["term"] = [texts(t) for t in long_words["tokens"]]
    long_words["extension_count"] = np.full(long_words["count"].size, np.nan)   # built from windows
    for name, values in columns.items():
        more = long_words[name]
        columns[name] = values + more if isinstance(values, list) else np.concatenate([values, more])
    extended = apply_rules(DISCOVERY, columns, rules)
    candidates = ~extended.dropped
    columns["longer_count"] = np.full(candidates.size, np.nan)
    columns["longer_count"][candidates] = _longer_counts(table, stats.suffix, _take(columns, candidates))
    inside = apply_rules(CANDIDATES, columns, rules)
    if dropped:
        columns["rules"] = [a + b for a, b in zip(extended.rules_fired(), inside.rules_fired())]
    else:
        columns = _take(columns, candidates & ~inside.dropped)
    columns["length"] = np.array([len(t) for t in columns["term"]], dtype=np.int64)
    columns["score"] = score_words(columns)
    # best score first (a NaN score last), ties by term, then by position (a stable sort)
    terms = columns["term"]
    term_rank = np.empty(len(terms), dtype=np.int64)
    term_rank[sorted(range(len(terms)), key=terms.__getitem__)] = np.arange(len(terms))
    order = np.lexsort((term_rank, -np.nan_to_num(columns["score"], nan=-np.inf)))
    return _take(columns, order)


def _take(columns, index):
    """The rows `index` (positions, or a boolean mask) of a dict of columns."""
    positions = np.flatnonzero(index) if index.dtype == bool else index
    return {name: [values[i] for i in positions.tolist()] if isinstance(values, list) else values[positions]
            for name, values in columns.items()}


def _most_extended(table, suffix):
    """Per node, the count of its most frequent one-token extension, on the left or the right (what
    rule mostly_extended measures: 药品监督管理 is mostly 药品监督管理部门, whether or not the longer string
    is a candidate)."""
    n = table.parent.size
    nodes = np.arange(1, n)
    best = np.zeros(n, dtype=np.int64)
    np.maximum.at(best, table.parent[nodes], table.count[nodes])
    has_suffix = suffix[nodes] > 0
    np.maximum.at(best, suffix[nodes][has_suffix], table.count[nodes][has_suffix])
    return best


def _row_texts(rows, tokens, texts):
    """The strings of n-grams given as rows of token ids padded with 0: read as UTF-32 all at once where
    a row holds code points only (numpy drops the padding), one at a time by `texts` where it holds an
    atom."""
    if rows.shape[0] == 0:
        return []
    with_atoms = np.flatnonzero((rows >= K.ATOM_BASE).any(axis=1))
    codes = np.array(rows, dtype=np.uint32, order="C")
    codes[with_atoms] = 0
    out = codes.view(f"<U{rows.shape[1]}")[:, 0].tolist()
    for i in with_atoms.tolist():
        out[i] = texts(tokens[i])
    return out


class _Texts:
    """Token ids -> the string (atoms in their most frequent surface form, each worked out once)."""

    def __init__(self, vocabulary):
        self.vocabulary = vocabulary
        self.atoms = {}

    def __call__(self, tokens):
        if max(tokens) < K.ATOM_BASE:
            return "".join(map(chr, tokens))
        return "".join(chr(t) if t < K.ATOM_BASE else self._atom(t) for t in tokens)

    def _atom(self, token):
        if token not in self.atoms:
            self.atoms[token] = self.vocabulary.text_of(token)
        return self.atoms[token]


def score_words(columns):
    """Discovery score: ln(count) times the smaller boundary entropy (a frequent string that combines
    freely on both sides)."""
    return np.log(np.asarray(columns["count"], dtype=np.float64)) * np.minimum(
        np.asarray(columns["left_entropy"]), np.asarray(columns["right_entropy"]))


def _join_long_words(table, stats, qualifying, options):
    """Words of max_len + 1 tokens or more (see the module text).

    Window w links to window w' when w without its first token is w' without its last one (the overlap
    o), w' is the most frequent qualifying window that begins with o, w the most frequent one that ends
    with it, and both hold extension_ratio of o's occurrences. Each window then has at most one link on
    either side, and chains of linked windows are joined into one word.
    """
    windows = np.flatnonzero(qualifying)
    prefix = table.parent[windows]                 # w[:-1]
    suffix = stats.suffix[windows]                 # w[1:]
    counts = table.count[windows]
    n_nodes = table.parent.size
    first_after = _most_frequent_by(prefix, counts, n_nodes)   # the most frequent window beginning with x
    last_before = _most_frequent_by(suffix, counts, n_nodes)   # ... and ending with x
    overlap = np.maximum(suffix, 0)
    nxt = first_after[overlap]
    floor = options.extension_ratio * table.count[overlap]
    linked = (suffix >= 0) & (nxt >= 0) & (last_before[overlap] == np.arange(windows.size)) & (counts >= floor)
    linked[linked] &= counts[nxt[linked]] >= floor[linked]
    nxt = np.where(linked, nxt, -1)
    has_prev = np.zeros(windows.size, dtype=bool)
    has_prev[nxt[nxt >= 0]] = True

    # follow every chain from its first window to its last, all chains at once
    starts = np.flatnonzero(~has_prev)
    ends = starts.copy()
    for _ in range(windows.size):
        going = nxt[ends] >= 0
        if not going.any():
            break
        ends[going] = nxt[ends[going]]
    first, last = prefix[starts], suffix[ends]
    left = stats.left_entropy[first]
    right = stats.right_entropy[np.maximum(last, 0)]
    keep = (last >= 0) & (np.minimum(left, right) >= options.min_entropy)

    # occurrences of the overlap after window i that window nxt[i] does not continue
    lost = np.where(linked, table.count[overlap] - counts[np.maximum(nxt, 0)], 0)
    kept = starts[keep]
    # a word of one window is that window; the loop below extends those of several
    words = {"node": windows[kept].astype(np.int64), "count": counts[kept].astype(np.int64),
             "cohesion": stats.cohesion[windows[kept]], "left_entropy": left[keep], "right_entropy": right[keep],
             "tokens": [tuple(row) for row in table.rows(windows[kept]).tolist()]}
    lost, nxt_list = lost.tolist(), nxt.tolist()
    window_cohesion = stats.cohesion[windows].tolist()
    last_tokens = table.token[windows].tolist()
    for k in np.flatnonzero(nxt[kept] >= 0).tolist():
        chain = [int(kept[k])]
        while nxt_list[chain[-1]] >= 0 and len(chain) <= windows.size:
            chain.append(nxt_list[chain[-1]])
        words["node"][k] = -1
        words["count"][k] -= sum(lost[i] for i in chain[:-1])
        words["cohesion"][k] = min(window_cohesion[i] for i in chain)
        words["tokens"][k] += tuple(last_tokens[i] for i in chain[1:])
    return _take(words, words["count"] >= options.min_count)


def _most_frequent_by(keys, counts, n_keys):
    """For each key 0 .. n_keys - 1, the index of its most frequent item (ties to the lowest index), or
    -1; items whose key is negative belong to none."""
    out = np.full(n_keys, -1, dtype=np.int64)
    items = np.flatnonzero(keys >= 0)
    # by key, then count, then index from high to low: each key's last item is the one wanted
    order = items[np.lexsort((-items, counts[items], keys[items]))]
    last = np.ones(order.size, dtype=bool)
    last[:-1] = keys[order[:-1]] != keys[order[1:]]
    out[keys[order[last]]] = order[last]
    return out


def _longer_counts(table, suffix, columns):
    """Per candidate, the count of the most frequent longer candidate that starts or ends with it (what
    rule inside_longer measures; see kernels._fragment_cover; words joined from several windows are
    looked at here)."""
    counts = np.asarray(columns["count"], dtype=np.int64)
    nodes = np.asarray(columns["node"], dtype=np.int64)
    if counts.size == 0:
        return np.zeros(0, dtype=np.int64)
    cover = K._fragment_cover(table.parent, suffix, nodes, counts)
    joined = np.flatnonzero(nodes < 0)
    if joined.size:
        tokens = columns["tokens"]
        index = {t: i for i, t in enumerate(tokens)}
        for i in joined.tolist():
            t = tokens[i]
            n = len(t)
            for length in range(1, n):
                for start in (0, n - length):
                    j = index.get(t[start:start + length])
                    if j is not None and counts[i] > cover[j]:
                        cover[j] = counts[i]
    return cover
