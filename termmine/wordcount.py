"""Counting candidate words as words, not as substrings.

In the domain text: an Aho-Corasick automaton (pyahocorasick) over the candidate lexicon scans the
normalised text (NFKC, lower-cased) and keeps the leftmost-longest matches (Automaton.iter_long):
reading left to right, at each position the longest candidate that starts there is taken and the scan
resumes after it. 法院 inside 人民法院 is then not an occurrence of 法院 when 人民法院 is a candidate,
and a fragment such as 级人民 is seldom counted once 县级人民政府 is one. A match that would cut a
Latin/digit run (gis设备 inside xgis设备) is not counted.

In a reference count table (no text): the word count of w is estimated as its n-gram count minus the
counts of the shortest candidates that contain it (each times the number of times w occurs inside), and
at least 0.
"""
import ahocorasick
import numpy as np

from .normalize import CharTables, nfkc_codes


def _is_alnum_ascii(ch):
    return ch.isascii() and ch.isalnum()


def word_counts_in_texts(terms, texts):
    """How often each of `terms` (normalised, lower-case strings) occurs as a word in `texts`."""
    automaton = ahocorasick.Automaton()
    for i, term in enumerate(terms):
        if term:
            automaton.add_word(term, i)
    counts = np.zeros(len(terms), dtype=np.int64)
    if len(automaton) == 0:
        return counts
    automaton.make_automaton()
    starts_alnum = np.array([bool(t) and _is_alnum_ascii(t[0]) for t in terms])
    ends_alnum = np.array([bool(t) and _is_alnum_ascii(t[-1]) for t in terms])
    lengths = np.array([len(t) for t in terms])
    needs_check = starts_alnum | ends_alnum
    tables = CharTables()
    found = []
    for text in texts:
        text = _normalized(text, tables)
        matches = np.fromiter((x for m in automaton.iter_long(text) for x in m), dtype=np.int64).reshape(-1, 2)
        ends, ids = matches[:, 0], matches[:, 1]
        check = needs_check[ids]
        if check.any():
            ok = np.ones(ids.size, dtype=bool)
            for k in np.flatnonzero(check).tolist():
                i, end = ids[k], ends[k]
                start = end - lengths[i] + 1
                if (starts_alnum[i] and start > 0 and _is_alnum_ascii(text[start - 1])) or \
                        (ends_alnum[i] and end + 1 < len(text) and _is_alnum_ascii(text[end + 1])):
                    ok[k] = False
            ids = ids[ok]
        found.append(ids)
    if found:
        counts += np.bincount(np.concatenate(found), minlength=len(terms))
    return counts


def _normalized(text, tables):
    return nfkc_codes(text, tables).tobytes().decode("utf-32-le", "surrogatepass").lower()


def estimated_word_counts(token_tuples, ngram_counts):
    """Word counts estimated from n-gram counts (see the module text).

    token_tuples: the candidates as tuples of token ids; ngram_counts: their n-gram counts.
    """
    index = {t: i for i, t in enumerate(token_tuples)}
    counts = np.asarray(ngram_counts, dtype=np.int64)
    # for each candidate u, the shorter candidates inside it, with how often each occurs in u
    inside = [dict() for _ in token_tuples]
    for i, u in enumerate(token_tuples):
        n = len(u)
        for length in range(1, n):
            for start in range(n - length + 1):
                j = index.get(u[start:start + length])
                if j is not None:
                    inside[i][j] = inside[i].get(j, 0) + 1
    result = counts.copy()
    for i, subs in enumerate(inside):
        for j, times in subs.items():
            # u = token_tuples[i] is one of the shortest candidates containing w = token_tuples[j]
            # unless some other candidate inside u also contains w
            if any(j in inside[k] for k in subs if k != j and len(token_tuples[k]) > len(token_tuples[j])):
                continue
            result[j] -= times * counts[i]
    return np.maximum(result, 0)
