"""Counting candidate words as words, not as substrings.

In the domain text: an Aho-Corasick automaton (pyahocorasick) over the candidate lexicon scans the
normalised text (NFKC, lower-cased) and keeps the leftmost-longest matches (Automaton.iter_long):
reading left to right, at each position the longest candidate that starts there is taken and the scan
resumes after it. 法院 inside 人民法院 is then not an occurrence of 法院 when 人民法院 is a candidate,
and a fragment such as 级人民 is seldom counted once 县级人民政府 is one. A match that would cut a
Latin/digit run (gis设备 inside xgis设备) is not counted.

With weights (the default in mine()), the rule is instead the most probable segmentation: of all ways to
cut a text into candidates and single characters, the one whose summed log probabilities is greatest,
where a candidate's probability is its n-gram count over the number of tokens and a character's its own
count (Viterbi over the Aho-Corasick matches, kernels._best_segmentation). Greedy longest match takes
所在地县级 from 所在地县级人民政府 when both are candidates; the most probable segmentation takes
所在地 + 县级人民政府, since a frequent word is likelier than a rare longer one.

What the rules of stage `words` (rules.py) read is measured in the same scan, over the places the
automaton finds a term (before segmentation):
- for a term with a Latin letter or digit at an edge, the share of its occurrences in which the neighbour
  at that edge marks program text (_check_latin_edges: `x[0]`, `a=data`, `_` or `.` joining it to a
  longer name as in load_data, __init__, self.x, data.csv): rule code;
- for such a term, the largest share of its occurrences that have one same Latin word beside them across
  a space (spaces are boundaries, so a name written with spaces, Raspberry Pi, reaches discovery as
  separate words): rule name_part;
- for a term shaped like a predicate (filters.is_verb_led, filters.is_adverb_led_noun), the share of its
  occurrences right after a predicate marker (a modal verb, adverb or personal pronoun of
  termmine/data/predicate_markers.txt: 应当, 可以, 依法, 不得, 并, 不, 我们 ...): rule
  predicate_after_marker; and the shares that end a clause and that follow 的: rule
  clause_final_predicate;
- for a term whose first or last jieba word is one character, the largest share of its occurrences in
  which that character and its neighbour outside the term make a word of jieba's dictionary: rule
  glued_edge.
- for each term alone in brackets right after another term, the pair, whether a marker such as 简称
  stood in the brackets, and the character before the first term: the evidence of abbreviations that
  the corpus defines (variants.defined_abbreviations).

In the reference (a count table, or text counted for the candidates alone, lookup.count_known_ngrams)
there is no text to cut, so both sides count a candidate by one rule (as_words): its n-gram count times
the share of its n-gram occurrences in the domain that the segmentation keeps whole (word_share). On
the domain side that is the segmentation's count; a corpus mined against itself is neutral.
"""
import collections
import functools
import itertools
import re
from typing import NamedTuple

import ahocorasick
import numpy as np

from . import kernels as K
from .filters import predicate_markers
from .normalize import CharTables, nfkc_text
from .normalize import codes_of as _codes_of
from .workers import iter_forked

CODE_CHARACTERS = frozenset("=[]{}<>\\$@&|~^")
_NEVER_IN_TEXT = "\u2126"  # OHM SIGN: NFKC (and NFC) writes it as GREEK CAPITAL LETTER OMEGA


class WordCounts(NamedTuple):
    counts: np.ndarray  # occurrences as words, per term
    code_share: np.ndarray  # share of a Latin-edged term's occurrences next to a code character (else nan)
    predicate_share: np.ndarray  # share of a predicate-shaped term's occurrences after a predicate marker (else nan)
    name_share: np.ndarray  # most of a Latin-edged term's occurrences beside one Latin word across a space (else nan)
    glued_share: np.ndarray  # most of a term's occurrences with a one-character edge glued to its neighbour (else nan)
    clause_final_share: np.ndarray  # share of a predicate-shaped term's occurrences that end a clause (else nan)
    after_de_share: np.ndarray  # share of a predicate-shaped term's occurrences right after 的 (else nan)
    # (term outside, term inside, marked by 简称 or the like, character before the outside term) ->
    # occurrences of the outside term followed by the inside one alone in brackets: _bracketed
    bracketed: collections.Counter


def _is_alnum_ascii(ch):
    return ch.isascii() and ch.isalnum()


def word_counts_in_texts(terms, texts, word_weight=None, char_weight=None, jobs=1, predicate_shaped=None,
                         char_order=(), single_edges=None, dictionary_pairs=None):
    """How often each of `terms` (normalised, lower-case strings) occurs as a word in `texts`: in the
    leftmost-longest segmentation, or, given word_weight (log probability per term) and char_weight (log
    probability per code point), in the most probable one. For the terms flagged in `predicate_shaped`,
    the share of their occurrences right after a predicate marker is reported too. The texts are scanned in
    `jobs` processes (workers.py); the counts do not depend on it, nor on char_order, the characters of
    the texts most frequent first if known (it makes the scan faster). For the terms whose first (bit 1 of
    `single_edges`) or last (bit 2) jieba word is one character, the largest share of their occurrences in
    which that character and its neighbour outside the term make a word of `dictionary_pairs` (a sorted
    array of c1 * 0x110000 + c2) is reported too. Returns WordCounts."""
    counts = np.zeros(len(terms), dtype=np.int64)
    seen = np.zeros(len(terms), dtype=np.int64)  # valid matches of Latin-edged terms
    by_code = np.zeros(len(terms), dtype=np.int64)  # ... of them next to a code character
    predicate_shaped = np.zeros(len(terms), dtype=bool) if predicate_shaped is None else \
        np.asarray(predicate_shaped, dtype=bool)
    single_edges = np.zeros(len(terms), dtype=np.int8) if single_edges is None else \
        np.asarray(single_edges, dtype=np.int8)
    dictionary_pairs = np.zeros(0, dtype=np.int64) if dictionary_pairs is None else \
        np.asarray(dictionary_pairs, dtype=np.int64)
    if not any(terms):
        return WordCounts(counts, *(np.full(len(terms), np.nan) for _ in range(6)), collections.Counter())
    automaton = ahocorasick.Automaton()
    # pyahocorasick looks a character up among a node's links one by one, in the order they were made;
    # links from the root made first for the text's frequent characters (each through a word that ends
    # in a character NFKC text never holds, so never matches) find them sooner: twice as fast on law
    for ch in char_order:
        automaton.add_word(ch + _NEVER_IN_TEXT, -1)
    for i, term in enumerate(terms):
        if term:
            automaton.add_word(term, i)
    automaton.make_automaton()
    starts_alnum = np.array([bool(t) and _is_alnum_ascii(t[0]) for t in terms])
    ends_alnum = np.array([bool(t) and _is_alnum_ascii(t[-1]) for t in terms])
    lengths = np.array([len(t) for t in terms])
    shaped_seen = np.zeros(len(terms), dtype=np.int64)  # matches of predicate-shaped terms
    after_marker = np.zeros(len(terms), dtype=np.int64)  # ... of them right after a predicate marker
    needs_check = starts_alnum | ends_alnum
    clause_final = np.zeros(len(terms), dtype=np.int64)  # matches of predicate-shaped terms ending a clause
    after_de = np.zeros(len(terms), dtype=np.int64)  # ... of them right after 的
    edged_seen = np.zeros(len(terms), dtype=np.int64)  # matches of terms with a one-character edge
    glued = np.zeros((2, len(terms)), dtype=np.int64)  # ... of them glued at the start, at the end
    scan = _Scan(automaton, starts_alnum, ends_alnum, needs_check, lengths, word_weight, char_weight, CharTables(),
                 predicate_shaped, *_predicate_markers(), single_edges, dictionary_pairs)
    beside = collections.Counter()  # (term, side, Latin word across a space) -> occurrences
    bracketed = collections.Counter()
    for piece in iter_forked(_count_in_text, scan, texts, jobs):
        for total, part in zip((counts, seen, by_code, shaped_seen, after_marker, clause_final, after_de, edged_seen,
                                glued), piece):
            total += part
        beside.update(piece[-2])
        bracketed.update(piece[-1])
    most_beside = np.zeros(len(terms), dtype=np.int64)
    for (i, _, _), n in beside.items():
        most_beside[i] = max(most_beside[i], n)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(needs_check, by_code / seen, np.nan)
        predicate = np.where(predicate_shaped, after_marker / shaped_seen, np.nan)
        name = np.where(needs_check, most_beside / seen, np.nan)
        glued_share = np.where(single_edges > 0, glued.max(axis=0) / edged_seen, np.nan)
        final_share = np.where(predicate_shaped, clause_final / shaped_seen, np.nan)
        de_share = np.where(predicate_shaped, after_de / shaped_seen, np.nan)
    return WordCounts(counts, share, predicate, name, glued_share, final_share, de_share, bracketed)


class _Scan(NamedTuple):
    automaton: ahocorasick.Automaton
    starts_alnum: np.ndarray
    ends_alnum: np.ndarray
    needs_check: np.ndarray  # a Latin edge: matches are checked against the characters around them
    lengths: np.ndarray
    word_weight: np.ndarray
    char_weight: np.ndarray
    tables: CharTables  # filled as code points are met, in each process separately
    predicate_shaped: np.ndarray
    marker_chars: np.ndarray  # bool per code point: a one-character predicate marker
    marker_pairs: np.ndarray  # sorted c1 * 0x110000 + c2 of the two-character ones
    single_edges: np.ndarray  # per term: bit 1, its first jieba word is one character; bit 2, its last
    dictionary_pairs: np.ndarray  # sorted c1 * 0x110000 + c2 of the dictionary's two-character words


def _count_in_text(scan, text):
    """(word counts, valid matches of Latin-edged terms, ... of them next to code, matches of
    predicate-shaped terms, ... of them right after a predicate marker, ..., Counter of (term, side, Latin word
    next to a Latin-edged term across a space), Counter of bracketed pairs (_bracketed)) in one text."""
    n_terms = scan.lengths.size
    counts = np.zeros(n_terms, dtype=np.int64)
    seen = np.zeros(n_terms, dtype=np.int64)
    by_code = np.zeros(n_terms, dtype=np.int64)
    beside = collections.Counter()
    text = _normalized(text, scan.tables)
    longest = scan.word_weight is None
    found_in = scan.automaton.iter_long(text) if longest else scan.automaton.iter(text)
    matches = np.fromiter(itertools.chain.from_iterable(found_in), dtype=np.int64).reshape(-1, 2)
    matches = matches[matches[:, 1] >= 0]  # none, as the text is NFKC; kept for safety
    ends, ids = matches[:, 0], matches[:, 1]
    codes = _codes_of(text)
    check = np.flatnonzero(scan.needs_check[ids])
    if check.size:
        ok = np.ones(ids.size, dtype=bool)
        ok[check] = _check_latin_edges(scan, text, codes, ends[check], ids[check], seen, by_code, beside)
        ids, ends = ids[ok], ends[ok]
    if longest:
        counts += np.bincount(ids, minlength=n_terms)
    else:
        K._best_segmentation(len(text), scan.char_weight[codes], ends, ids, scan.lengths, scan.word_weight, counts)
    led = scan.predicate_shaped[ids]
    starts = (ends - scan.lengths[ids] + 1)[led]
    before = np.where(starts >= 1, codes[np.maximum(starts - 1, 0)], 0).astype(np.int64)
    two_before = np.where(starts >= 2, codes[np.maximum(starts - 2, 0)].astype(np.int64) * 0x110000 + before, -1)
    marked = scan.marker_chars[before] | np.isin(two_before, scan.marker_pairs)
    shaped_seen = np.bincount(ids[led], minlength=n_terms)
    after_marker = np.bincount(ids[led][marked], minlength=n_terms)
    # what follows and precedes them: the end of a clause, 的
    after = np.where(ends[led] + 1 < codes.size, codes[np.minimum(ends[led] + 1, codes.size - 1)], ord("\n"))
    clause_final = np.bincount(ids[led][_CLAUSE_END[np.minimum(after, _CLAUSE_END.size - 1)]], minlength=n_terms)
    after_de = np.bincount(ids[led][before == ord("的")], minlength=n_terms)
    edged_seen, glued = _glued_edges(scan, codes, ends, ids)
    return (counts, seen, by_code, shaped_seen, after_marker, clause_final, after_de, edged_seen, glued, beside,
            _bracketed(scan, text, ends, ids))


# a term alone in brackets, in NFKC lower-cased text (full-width brackets and punctuation are ASCII
# there): (CNN), (以下简称专利法), (简称“诉讼平台”)
_BRACKET = re.compile(r"\(\s*(以下简称|简称为|简称|以下称|下称|缩写为|缩写)?\s*[“\"《]?([^()“”\"《》,.。;:\s]{1,24}?)"
                      r"[”\"》]?\s*\)")
_CLOSING_QUOTES = "》”\""


def _bracketed(scan, text, ends, ids):
    """Counter of (a, b, marked, c): term a right before a bracket (across spaces, or a closing quote)
    that holds term b alone, after a marker such as 简称 or none (marked), where c is the first character
    before a that is not a space (a newline at the start of the text). The evidence of
    variants.defined_abbreviations: 卷积神经网络(CNN), 国防科学技术工业委员会(以下简称国防科工委)."""
    found = collections.Counter()
    if "(" not in text or ends.size == 0:
        return found
    order = np.argsort(ends, kind="stable")
    ends, ids = ends[order], ids[order]
    for m in _BRACKET.finditer(text):
        inside = scan.automaton.get(m.group(2), -1)
        at = m.start() - 1
        while at >= 0 and text[at] == " ":
            at -= 1
        if at >= 0 and text[at] in _CLOSING_QUOTES:
            at -= 1
        lo, hi = np.searchsorted(ends, at), np.searchsorted(ends, at, side="right")
        if inside < 0 or lo == hi:
            continue
        outside = int(ids[lo + np.argmax(scan.lengths[ids[lo:hi]])])   # the longest term ending there
        before = at - int(scan.lengths[outside])
        while before >= 0 and text[before].isspace() and text[before] != "\n":
            before -= 1
        found[(outside, int(inside), m.group(1) is not None, text[before] if before >= 0 else "\n")] += 1
    return found


def _glued_edges(scan, codes, ends, ids):
    """(matches of terms with a one-character edge, and of them those whose first / last character makes
    a dictionary word with the character before / after the match: 单项 of 项冠军, 超过 of 贷款超)."""
    n_terms = scan.lengths.size
    flags = scan.single_edges[ids]
    edged = flags > 0
    ids, ends, flags = ids[edged], ends[edged], flags[edged]
    starts = ends - scan.lengths[ids] + 1
    padded = np.zeros(codes.size + 2, dtype=np.int64)  # padded[j + 1] is codes[j]; 0 past either end
    padded[1:-1] = codes
    before = padded[starts] * 0x110000 + padded[starts + 1]
    after = padded[ends + 1] * 0x110000 + padded[ends + 2]
    glued = np.zeros((2, n_terms), dtype=np.int64)
    glued[0] = np.bincount(ids[((flags & 1) > 0) & _in_sorted(before, scan.dictionary_pairs)], minlength=n_terms)
    glued[1] = np.bincount(ids[((flags & 2) > 0) & _in_sorted(after, scan.dictionary_pairs)], minlength=n_terms)
    return np.bincount(ids, minlength=n_terms), glued


def _in_sorted(keys, sorted_values):
    """np.isin for a sorted array of values, without sorting it again at every call (texts may be short
    and many, and the dictionary's pairs some hundred thousand)."""
    if sorted_values.size == 0:
        return np.zeros(keys.size, dtype=bool)
    at = np.minimum(np.searchsorted(sorted_values, keys), sorted_values.size - 1)
    return sorted_values[at] == keys


# what ends a clause, in NFKC text (full-width ，；！？ are , ; ! ? there); the last entry stands for every
# code point from 0x3003 on
_CLAUSE_END = np.zeros(0x3004, dtype=bool)
_CLAUSE_END[[ord(c) for c in ",.;!?\n\r。"]] = True
_ASCII_ALNUM = np.array([chr(c).isalnum() for c in range(128)] + [False])
_ASCII_ALPHA = np.array([chr(c).isalpha() for c in range(128)] + [False])
_CODE_CHARACTER = np.array([chr(c) in CODE_CHARACTERS for c in range(128)] + [False])


def _check_latin_edges(scan, text, codes, ends, ids, seen, by_code, beside):
    """For matches (ends, ids) of Latin-edged terms: which are valid (do not cut a Latin/digit run).
    For the valid ones, adds to seen, to by_code (next to a code character) and to beside (a Latin word
    across a space). The characters around each match are looked up as code points, with 0 (no
    character) past either end of the text; codes of 128 and above are neither letters, digits nor
    code characters (clipped to the False at index 128 of the tables)."""
    padded = np.zeros(codes.size + 4, dtype=np.int64)  # padded[j + 2] is codes[j]
    padded[2:-2] = codes
    ascii_of = functools.partial(np.minimum, 128)
    starts = ends - scan.lengths[ids] + 1
    before = np.where(scan.starts_alnum[ids], padded[starts + 1], 0)
    after = np.where(scan.ends_alnum[ids], padded[ends + 3], 0)
    two_before, two_after = padded[starts], padded[ends + 4]
    ok = ~(_ASCII_ALNUM[ascii_of(before)] | _ASCII_ALNUM[ascii_of(after)])

    def is_code(neighbour, beyond):
        """One of CODE_CHARACTERS, or `_` or `.` joining the term to more of a name (load_data, os.path,
        data.csv), but not a full stop that ends a sentence or starts a version number (python3.6)."""
        joined = (beyond == ord("_")) | _ASCII_ALNUM[ascii_of(beyond)]
        named = (beyond == ord("_")) | _ASCII_ALPHA[ascii_of(beyond)]
        return (_CODE_CHARACTER[ascii_of(neighbour)] | ((neighbour == ord("_")) & joined)
                | ((neighbour == ord(".")) & named))

    code = is_code(before, two_before) | is_code(after, two_after)
    seen += np.bincount(ids[ok], minlength=seen.size)
    by_code += np.bincount(ids[ok & code], minlength=by_code.size)
    spaced_after = ok & (after == ord(" ")) & _ASCII_ALNUM[ascii_of(two_after)]
    spaced_before = ok & (before == ord(" ")) & _ASCII_ALNUM[ascii_of(two_before)]
    for k in np.flatnonzero(spaced_after).tolist():
        beside[(int(ids[k]), 1, _latin_run(text, int(ends[k]) + 2, 1))] += 1
    for k in np.flatnonzero(spaced_before).tolist():
        beside[(int(ids[k]), -1, _latin_run(text, int(starts[k]) - 2, -1))] += 1
    return ok


def _latin_run(text, at, step):
    """The run of ASCII letters and digits from text[at] on, to the right (step 1) or the left (-1)."""
    other = at
    while 0 <= other + step < len(text) and _is_alnum_ascii(text[other + step]):
        other += step
    return text[min(at, other):max(at, other) + 1]


@functools.lru_cache(maxsize=1)
def _predicate_markers():
    """(bool per code point, sorted pairs) of the predicate markers (termmine/data/predicate_markers.txt)."""
    words = predicate_markers()
    chars = np.zeros(0x110000, dtype=bool)
    chars[[ord(w) for w in words if len(w) == 1]] = True
    pairs = np.sort(np.array([ord(w[0]) * 0x110000 + ord(w[1]) for w in words if len(w) == 2], dtype=np.int64))
    return chars, pairs


def _normalized(text, tables):
    return nfkc_text(text, tables).lower()


def word_share(word_counts, ngram_counts):
    """The share of a candidate's n-gram occurrences that the segmentation of the text keeps whole as a
    word (its word count over its n-gram count, at most 1; 0 where the n-gram count is 0)."""
    words = np.asarray(word_counts, dtype=np.float64)
    ngrams = np.asarray(ngram_counts, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.clip(np.where(ngrams > 0, words / ngrams, 0.0), 0.0, 1.0)


def as_words(ngram_counts, shares):
    """Word counts from n-gram counts, by the one rule that mine() applies to the domain and to the
    reference alike: each n-gram count times the candidate's word_share in the domain. On the domain side
    this gives the segmentation's own counts; a corpus mined against itself gets equal counts on both
    sides."""
    return np.asarray(ngram_counts, dtype=np.float64) * np.asarray(shares, dtype=np.float64)
