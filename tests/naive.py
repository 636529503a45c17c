"""Plain Python twins of the Numba kernels in termmine/kernels.py.

Each twin has the kernel's name and computes the same thing the slow, obvious way: from a token list in
which 0 is a boundary, from n-grams as tuples of tokens with their counts in a dict, or, for the kernels
that add nodes to a trie, on a Model of the trie (a dict from (parent, token) to node and a list per
field). Tests compare the kernels against them (test_kernels.py, test_twins.py, test_normalize.py,
test_mine.py).
"""
import math
import unicodedata
from collections import Counter

from termmine.kernels import ATOM, ATOM_BASE, CHAR, EMPTY, JOIN, TAIL, TOKEN_SPACE


def ngrams(tokens, order):
    """Every n-gram of 1 .. order tokens that does not contain a boundary, with its count."""
    counts = Counter()
    for i in range(len(tokens)):
        for n in range(1, order + 1):
            window = tuple(tokens[i:i + n])
            if len(window) < n or 0 in window:
                break
            counts[window] += 1
    return counts


def _count_level(tokens, depth):
    """The counts of the n-grams of exactly `depth` tokens."""
    return {w: c for w, c in ngrams(tokens, depth).items() if len(w) == depth}


def _count_known(tokens, order, known):
    """{n-gram: count in tokens} for the given n-grams (of 1 .. order tokens)."""
    counts = ngrams(tokens, order)
    return {w: counts.get(w, 0) for w in known}


def _lookup_known(table, known):
    """{n-gram: count in a table ({n-gram: count}), 0 if absent} for the given n-grams."""
    return {w: table.get(w, 0) for w in known}


def _boundary_entropy(tokens, ngram):
    """(left, right) entropy of the tokens around each occurrence of `ngram`; every boundary or text
    edge is a distinct neighbour."""
    n = len(ngram)
    left, right = Counter(), Counter()
    edge = 0
    for i in range(len(tokens) - n + 1):
        if tuple(tokens[i:i + n]) != tuple(ngram):
            continue
        before = tokens[i - 1] if i > 0 else 0
        after = tokens[i + n] if i + n < len(tokens) else 0
        edge += 1
        left[before if before != 0 else ("edge", edge)] += 1
        edge += 1
        right[after if after != 0 else ("edge", edge)] += 1
    return _entropy(left), _entropy(right)


def _entropy(counter):
    total = sum(counter.values())
    return -sum(c / total * math.log(c / total) for c in counter.values()) if total else 0.0


def _cohesion(counts, ngram, total):
    """min over splits a+b of ln(total * c(w) / (c(a) c(b))); None for a single token."""
    if len(ngram) < 2:
        return None
    return min(math.log(total * counts[ngram] / (counts[ngram[:k]] * counts[ngram[k:]]))
               for k in range(1, len(ngram)))


def _apply_nfkc(text):
    return unicodedata.normalize("NFKC", text)


def _scan(text, classify):
    """Token strings of a normalized text: atoms (Latin/digit runs with inner . - _ and trailing + #),
    single characters, and None for each run of boundaries."""
    out = []
    i = 0
    n = len(text)
    cls = [classify(ord(ch)) for ch in text]
    while i < n:
        if cls[i] == ATOM:
            j = i + 1
            while j < n:
                if cls[j] == ATOM:
                    j += 1
                elif cls[j] == JOIN and j + 1 < n and cls[j + 1] == ATOM:
                    j += 2
                else:
                    break
            while j < n and cls[j] == TAIL:
                j += 1
            out.append(text[i:j])
            i = j
        elif cls[i] == CHAR:
            out.append(text[i])
            i += 1
        else:
            if not out or out[-1] is not None:
                out.append(None)
            i += 1
    return out


def _new_code_points(codes, known):
    """The distinct code points of `codes` not in the set `known`, in the order first met."""
    out = []
    for c in codes:
        if c not in known and c not in out:
            out.append(c)
    return out


def _count_positions(tokens, order):
    """Every n-gram of 1 .. order tokens with its count, nothing pruned."""
    return ngrams(tokens, order)


_MASK = (1 << 64) - 1
_MIX = 0x9E3779B97F4A7C15


def _suffix_links(ngram_set):
    return {w: (w[1:] if w[1:] in ngram_set or len(w) == 1 else None) for w in ngram_set}


def _fragment_cover(candidates):
    """{ngram: largest count of another candidate that starts or ends with it, or 0} for candidates given
    as {tuple of tokens: count}."""
    cover = {w: 0 for w in candidates}
    for w, c in candidates.items():
        for length in range(1, len(w)):
            for part in (w[:length], w[len(w) - length:]):
                if part in cover:
                    cover[part] = max(cover[part], c)
    return cover


def _latin(ch):
    return ch.isascii() and ch.isalnum()


def most_probable_word_counts(terms, text, word_weight, char_weight):
    """Word counts in the best segmentation of `text` into `terms` and single characters, found by trying
    every segmentation; also the number of segmentations that reach the best weight (ties make the
    answer ambiguous). A term may not cut a run of Latin letters or digits."""
    n = len(text)
    segmentations = [(0.0, ())]  # for text[:0]
    best_upto = [segmentations]
    for end in range(1, n + 1):
        options = [(w + char_weight(text[end - 1]), words) for w, words in best_upto[end - 1]]
        for i, term in enumerate(terms):
            start = end - len(term)
            if start < 0 or text[start:end] != term:
                continue
            if (_latin(term[0]) and start > 0 and _latin(text[start - 1])) or \
                    (_latin(term[-1]) and end < n and _latin(text[end])):
                continue
            options.extend((w + word_weight[i], words + (i,)) for w, words in best_upto[start])
        best_upto.append(options)
    top = max(w for w, _ in best_upto[n])
    winners = [words for w, words in best_upto[n] if w > top - 1e-9]
    counts = [0] * len(terms)
    for i in winners[0]:
        counts[i] += 1
    return counts, len(winners)


def _next_to_code(neighbour, beyond):
    if neighbour == "_":
        return beyond == "_" or _latin(beyond)
    if neighbour == ".":
        return beyond == "_" or (beyond.isascii() and beyond.isalpha())
    return neighbour in frozenset("=[]{}<>\\$@&|~^")


def latin_edge_matches(terms, text):
    """Every occurrence of a term with a Latin letter or digit at an edge, one character at a time:
    (term index, end, valid: cuts no Latin/digit run, next to a code character, Latin word across a
    space after it or '', ... before it or ''), ordered by end and then term index."""
    found = []
    for end in range(len(text)):
        for i, term in enumerate(terms):
            start = end - len(term) + 1
            if not term or start < 0 or text[start:end + 1] != term or not (_latin(term[0]) or _latin(term[-1])):
                continue
            before = text[start - 1] if _latin(term[0]) and start > 0 else ""
            after = text[end + 1] if _latin(term[-1]) and end + 1 < len(text) else ""
            if _latin(before) or _latin(after):
                found.append((i, end, False, False, "", ""))
                continue
            beyond_before = text[start - 2] if start >= 2 else ""
            beyond_after = text[end + 2] if end + 2 < len(text) else ""
            code = _next_to_code(before, beyond_before) or _next_to_code(after, beyond_after)
            word_after = word_before = ""
            if after == " " and _latin(beyond_after):
                stop = end + 2
                while stop < len(text) and _latin(text[stop]):
                    stop += 1
                word_after = text[end + 2:stop]
            if before == " " and _latin(beyond_before):
                first = start - 2
                while first > 0 and _latin(text[first - 1]):
                    first -= 1
                word_before = text[first:start - 1]
            found.append((i, end, True, code, word_after, word_before))
    return found


# --- the hash table of (parent, token) keys


def _slot_of(key, n_slots):
    """The top 32 bits of key * _MIX (mod 2**64), scaled to [0, n_slots)."""
    return (((key * _MIX) & _MASK) >> 32) * n_slots >> 32


def _probe(slot_keys, key):
    """The first slot, going round from the key's home slot, that holds the key or is empty."""
    n = len(slot_keys)
    home = _slot_of(key, n)
    return next(s % n for s in range(home, home + n) if slot_keys[s % n] in (key, EMPTY))


def _keys_of(slot_keys, slot_nodes):
    """{key: node} of the filled slots of a hash table."""
    return {int(k): int(v) for k, v in zip(slot_keys, slot_nodes) if k != EMPTY}


def _trie_find(slot_keys, slot_nodes, parent, token):
    return _keys_of(slot_keys, slot_nodes).get(parent * TOKEN_SPACE + token, -1)


def _trie_rehash(node_parent, node_token, first, n_nodes):
    """{key: node} of nodes max(first, 1) .. n_nodes-1 (the kernel's table, read back, must hold these)."""
    return {int(node_parent[v]) * TOKEN_SPACE + int(node_token[v]): v for v in range(max(first, 1), n_nodes)}


def _find_row(nodes, row, start, stop):
    """The node of the n-gram row[start:stop] in {n-gram: node}: the root for none, -1 if absent."""
    ngram = tuple(int(t) for t in row[start:stop])
    return 0 if not ngram else nodes.get(ngram, -1)


class Model:
    """A trie the plain way: children[(parent, token)] = node, and parent, token, depth, count by node."""

    def __init__(self, parent=(-1,), token=(0,), depth=(0,), count=(0,)):
        self.parent, self.token, self.depth, self.count = list(parent), list(token), list(depth), list(count)
        self.children = {(p, t): v for v, (p, t) in enumerate(zip(self.parent, self.token)) if v > 0}

    @property
    def n_nodes(self):
        return len(self.parent)

    def node_of(self, ngram):
        """The node of an n-gram (a tuple of tokens), or -1."""
        v = 0
        for t in ngram:
            v = self.children.get((v, t), -1)
            if v < 0:
                return -1
        return v


def _add_node(model, v, parent, token, depth, count):
    """Node v (the next number) is (parent, token), with its depth and first count."""
    assert v == model.n_nodes
    model.children[(parent, token)] = v
    model.parent.append(parent)
    model.token.append(token)
    model.depth.append(depth)
    model.count.append(count)


def _add_count(model, max_nodes, p, t, depth, c):
    """Add c to the count of node (p, t), made if missing unless that would be node number max_nodes;
    returns (node or -1, number of nodes)."""
    v = model.children.get((p, t))
    if v is not None:
        model.count[v] += c
        return v, model.n_nodes
    if model.n_nodes >= max_nodes:
        return -1, model.n_nodes
    v = model.n_nodes
    _add_node(model, v, p, t, depth, c)
    return v, model.n_nodes


# --- counting into a trie


def _merge_level(model, side, start, depth, max_nodes):
    """Add side nodes start .. to the model in order (side: a list of (parent, token, count, suffix) whose
    parents and suffixes are model nodes); returns (side node to resume from, new number of each side node
    added, {new node: suffix}); stops at the first side node that would be node number max_nodes."""
    new_id, suffix = {}, {}
    for k in range(start, len(side)):
        p, t, c, s = side[k]
        n_before = model.n_nodes
        v, _ = _add_count(model, max_nodes, p, t, depth, c)
        if v < 0:
            return k, new_id, suffix
        if model.n_nodes > n_before:
            suffix[v] = s
        new_id[k] = v
    return len(side), new_id, suffix


def _renumber(ids, start, stop, new_id):
    """ids with those at start .. stop-1 that are nodes (not -1) replaced by new_id[node]."""
    return [new_id[x] if start <= i < stop and x >= 0 else x for i, x in enumerate(ids)]


def _insert_rows(model, rows, counts, start, max_nodes):
    """Add rows (n-grams of one length, as tuples) from `start` with their counts: a row whose prefix is
    not in the model is skipped; returns (row to resume from, rows skipped), stopping at the first new
    row that would be node number max_nodes."""
    skipped = 0
    for r in range(start, len(rows)):
        row = tuple(rows[r])
        p = model.node_of(row[:-1])
        if p < 0:
            skipped += 1
            continue
        if (p, row[-1]) not in model.children and model.n_nodes >= max_nodes:
            return r, skipped
        _add_count(model, max_nodes, p, row[-1], len(row), counts[r])
    return len(rows), skipped


# --- count tables


def _node_rows(node_parent, node_token, nodes, width):
    """The tokens of each node's n-gram, found by climbing to the root, padded with 0 to width."""
    rows = []
    for v in nodes:
        ngram = []
        while v > 0:
            ngram.insert(0, int(node_token[v]))
            v = node_parent[v]
        rows.append(ngram + [0] * (width - len(ngram)))
    return rows


def _c_log_c(c):
    """c ln c rounded to the nearest multiple of 2**-20."""
    return math.floor(c * math.log(c) * 2 ** 20 + 0.5) / 2 ** 20


def _neighbour_sums(counts):
    """{n-gram: (left, right)} for every n-gram of {n-gram: count} and the empty one: right = the sum of
    _c_log_c(c) over its one-token extensions on the right seen c > 1 times, left the same on the left
    (none for the empty n-gram)."""
    sums = {w: [0.0, 0.0] for w in list(counts) + [()]}
    for w, c in counts.items():
        if c > 1:
            sums[w[:-1]][1] += _c_log_c(c)
            if len(w) > 1 and w[1:] in sums:
                sums[w[1:]][0] += _c_log_c(c)
    return {w: tuple(s) for w, s in sums.items()}


def _compact_nodes(node_parent, keep):
    """(new id of each node, -1 where dropped; new parent of each kept node, -1 for the root): the kept
    nodes numbered in order."""
    kept = [v for v in range(len(node_parent)) if keep[v]]
    new_id = {v: i for i, v in enumerate(kept)}
    return [new_id.get(v, -1) for v in range(len(node_parent))], \
        [new_id[node_parent[v]] if v > 0 else -1 for v in kept]


# --- counting on disk


def _group_index(t, n_codes):
    """Where the group of token t is kept: code points first, then the atoms."""
    return t if t < ATOM_BASE else n_codes + t - ATOM_BASE


def _count_group_level(tokens, prev, group_of, n_codes, group, depth, min_parent_count, min_either_count):
    """The n-grams of `depth` tokens that start at the positions of one group (by the group of their first
    token), counted where the (depth-1)-grams at i and i + 1 (prev: {position: (id, count)}) were seen
    often enough: ([(parent id, token, count, suffix id)] in the order first seen, {position: number of
    its n-gram among them, or -1})."""
    nodes, numbers = {}, {}
    for i, t in enumerate(tokens):
        if t == 0 or group_of[_group_index(t, n_codes)] != group:
            continue
        if depth == 1:
            key, suffix = (0, t), -1
        else:
            if i + depth - 1 >= len(tokens) or i not in prev or i + 1 not in prev:
                numbers[i] = -1
                continue
            (a, ca), (b, cb) = prev[i], prev[i + 1]
            if min(ca, cb) < min_parent_count or max(ca, cb) < min_either_count:
                numbers[i] = -1
                continue
            key, suffix = (a, tokens[i + depth - 1]), b
        if key not in nodes:
            nodes[key] = [len(nodes), 0, suffix]
        nodes[key][1] += 1
        numbers[i] = nodes[key][0]
    return [(k[0], k[1], c, s) for k, (_, c, s) in sorted(nodes.items(), key=lambda kv: kv[1][0])], numbers


def _add_level_sums(parents, suffixes, counts, lo, hi):
    """{id in lo .. hi-1: [left, right]}: _c_log_c of the counts over 1 of the n-grams whose suffix (left) or
    parent (right) it is."""
    sums = {}
    for p, s, c in zip(parents, suffixes, counts):
        if c > 1:
            if lo <= p < hi:
                sums.setdefault(p, [0.0, 0.0])[1] += _c_log_c(c)
            if lo <= s < hi:
                sums.setdefault(s, [0.0, 0.0])[0] += _c_log_c(c)
    return sums


# --- counts of given n-grams


def _find_rows(nodes, tokens, starts, lengths):
    """The node of each n-gram tokens[starts[k]:starts[k] + lengths[k]] in {n-gram: node}, or -1."""
    return [_find_row(nodes, tokens, s, s + n) for s, n in zip(starts, lengths)]


# --- measures of candidates


def _cover_chain(links, a, index, cover, count):
    """cover with each candidate on the chain a, links[a], ... (nodes above 0) raised to count."""
    chain = []
    while a > 0:
        chain.append(a)
        a = links[a]
    out = list(cover)
    for v in chain:
        if index[v] >= 0:
            out[index[v]] = max(out[index[v]], count)
    return out


# --- word counts in the most probable segmentation


def _best_segmentation(n_chars, char_weight, matches, word_length, word_weight):
    """The word counts of every segmentation of n_chars characters into single characters and matched
    words (matches: (index of the last character, word id)) of the greatest total weight, each summed
    from left to right as the kernel sums it."""
    ends = {}
    for end, w in matches:
        ends.setdefault(end, []).append(w)

    def segmentations(upto):          # (weight, words) of every segmentation of the first `upto` chars
        if upto == 0:
            return [(0.0, ())]
        out = [(weight + char_weight[upto - 1], words) for weight, words in segmentations(upto - 1)]
        for w in ends.get(upto - 1, ()):
            out.extend((weight + word_weight[w], words + (w,))
                       for weight, words in segmentations(upto - word_length[w]))
        return out

    found = segmentations(n_chars)
    top = max(weight for weight, _ in found)
    best = []
    for weight, words in found:
        if weight == top:
            counts = [0] * len(word_length)
            for w in words:
                counts[w] += 1
            best.append(counts)
    return best
