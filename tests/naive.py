"""Plain Python twins of the Numba kernels in termmine/kernels.py.

Each twin has the kernel's name and computes the same thing the slow, obvious way, from a token list in
which 0 is a boundary. Tests compare the kernels against them.
"""
import math
import unicodedata
from collections import Counter, defaultdict

from termmine.kernels import ATOM, CHAR, JOIN, TAIL


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


def _row_partitions(rows, n_parts, salt):
    """FNV-1a of each row's tokens, mixed with the salt (splitmix64's finalizer), scaled to n_parts."""
    out = []
    for row in rows:
        h = 1469598103934665603
        for t in row:
            h = ((h ^ t) * 1099511628211) & _MASK
        z = (h + (salt + 1) * 0x9E3779B97F4A7C15) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        z ^= z >> 31
        out.append(((z >> 32) * n_parts) >> 32)
    return out


def _spill_groups(ngrams_by_node, order, n_parts):
    """{(depth, partition): [nodes in increasing order]} for n-grams given as {node: tuple of tokens}."""
    groups = defaultdict(list)
    for v in sorted(ngrams_by_node):
        w = ngrams_by_node[v]
        groups[(len(w), _row_partitions([w], n_parts, 0)[0])].append(v)
    return dict(groups)


def _sum_equal_rows(rows, counts, min_sum):
    """[(row, summed count)] of the distinct rows in order of first appearance, sums below min_sum left out."""
    sums = {}
    for row, c in zip(rows, counts):
        sums[tuple(row)] = sums.get(tuple(row), 0) + c
    return [(row, c) for row, c in sums.items() if c >= min_sum]


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
