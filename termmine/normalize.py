"""Text to token ids.

NFKC first (full-width letters and digits become ASCII), then each character is classed:
- a run of Latin letters and digits is one token (an "atom"), lower-cased unless keep_case; inside a
  run '.', '-' and '_' join two alphanumerics (v2.0, gpt-4) and trailing '+' or '#' stay on (c++, c#);
- any other letter or mark (Chinese, kana, Greek ...) is a token of its own: its code point;
- everything else (punctuation, symbols, spaces, controls, line ends) is a hard boundary, id 0.

Atom ids are ATOM_BASE + the atom's index in a Vocabulary, which also remembers the surface forms
seen for each atom so that terms can be written as the user wrote them (GIS设备, not gis设备).

Normalizer turns one text into token ids; iter_token_arrays() does so for the pieces of a corpus, in
worker processes if asked (count_ngrams reads its corpus through it).
"""
import collections
import unicodedata
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from . import kernels as K
from .errors import TermmineError
from .kernels import (
    ATOM,
    ATOM_BASE,
    BOUNDARY,
    CHAR,
    COMPLEX,
    EXPAND,
    JOIN,
    KEEP,
    MAX_ATOMS,
    PENDING,
    SINGLE,
    TAIL,
    UNKNOWN,
)
from .workers import ignore_sigint, iter_submitted, start_processes

# the scheme, written in the settings of count tables: it changes whenever tokens would come out differently
NORMALIZATION = "nfkc-atoms-1"
_JOINERS = ".-_"
_TAILS = "+#"


def _classify(cp):
    ch = chr(cp)
    if ch in _JOINERS:
        return JOIN
    if ch in _TAILS:
        return TAIL
    cat = unicodedata.category(ch)
    if cat == "Nd":
        return ATOM
    if cat[0] == "L":
        if cp < 0x80 or "LATIN" in unicodedata.name(ch, ""):
            return ATOM
        return CHAR
    if cat[0] == "M" or cat == "Nl":
        return CHAR
    return BOUNDARY


def _nfkc_kind(cp):
    """How NFKC treats one code point on its own: kept, mapped to one code point, expanded to several,
    or 'complex' (it or its mapping carries a combining mark or a Hangul jamo, so that it may compose
    or reorder with its neighbours and its line must go through unicodedata: nfkc_codes)."""
    ch = chr(cp)
    if unicodedata.combining(ch) or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F or 0xA960 <= cp <= 0xA97F \
            or 0xD7B0 <= cp <= 0xD7FF or 0xAC00 <= cp <= 0xD7A3:
        return COMPLEX, ""
    if 0xD800 <= cp <= 0xDFFF:
        return KEEP, ""
    mapped = unicodedata.normalize("NFKC", ch)
    if mapped == ch:
        return KEEP, ""
    if any(unicodedata.combining(m) or 0x1100 <= ord(m) <= 0x11FF for m in mapped):
        return COMPLEX, ""
    return (SINGLE if len(mapped) == 1 else EXPAND), mapped


class CharTables:
    """Per code point: its class and its NFKC mapping, filled lazily as code points are met."""

    def __init__(self):
        self.classes = np.full(0x110000, UNKNOWN, dtype=np.uint8)
        self.nfkc_kind = np.full(0x110000, UNKNOWN, dtype=np.uint8)
        self.nfkc_single = np.arange(0x110000, dtype=np.uint32)
        self.expansions = {0: ""}
        self.expand_index = np.zeros(0x110000, dtype=np.int32)
        self.expand_offsets = np.zeros(1, dtype=np.int64)
        self.expand_data = np.zeros(0, dtype=np.uint32)

    def _learn(self, codes, table, learn_one):
        new = K._new_code_points(codes, table)
        try:
            for cp in sorted(new.tolist()):
                learn_one(cp)
        except BaseException:       # an interrupt: what was not learnt is unknown again, not PENDING
            table[new[table[new] == PENDING]] = UNKNOWN
            raise

    def learn_classes(self, codes):
        """Learn the class of every code point of `codes` new to the tables."""
        self._learn(codes, self.classes, self._learn_class)

    def _learn_class(self, cp):
        self.classes[cp] = _classify(cp)

    def _learn_nfkc(self, cp):
        kind, mapped = _nfkc_kind(cp)
        self.nfkc_kind[cp] = kind
        if kind == SINGLE:
            self.nfkc_single[cp] = ord(mapped)
        elif kind == EXPAND:
            k = len(self.expansions)
            self.expansions[k] = mapped
            self.expand_index[cp] = k
            pieces = [np.frombuffer(self.expansions[i].encode("utf-32-le"), dtype=np.uint32)
                      for i in range(len(self.expansions))]
            self.expand_offsets = np.cumsum([0] + [p.size for p in pieces]).astype(np.int64)
            self.expand_data = np.concatenate(pieces)

    def nfkc(self, codes):
        """NFKC of a code point array, or None where the text needs unicodedata's full algorithm."""
        self._learn(codes, self.nfkc_kind, self._learn_nfkc)
        return K._apply_nfkc(codes, self.nfkc_kind, self.nfkc_single, self.expand_index,
                           self.expand_offsets, self.expand_data)


class Vocabulary:
    """Atoms (Latin/digit runs) by id, with the surface forms seen for each."""

    def __init__(self, keep_case=False):
        self.keep_case = keep_case
        self.atoms = []                 # index -> normalized atom
        self.index = {}                 # normalized atom -> index
        self._forms = []                # index -> {surface form: count} (surfaces)
        self._surface_ids = {}          # surface form -> token id, or None to be made from _forms
        self._pending = collections.Counter()   # surface forms counted since _forms was last brought up to date

    @property
    def surfaces(self):
        """index -> {surface form: count}."""
        if self._pending:
            ids, forms = self._token_ids(), self._forms
            for surface, n in self._pending.items():
                f = forms[ids[surface] - ATOM_BASE]
                f[surface] = f.get(surface, 0) + n
            self._pending.clear()
        return self._forms

    @surfaces.setter
    def surfaces(self, forms):
        self._forms = forms
        self._surface_ids = None
        self._pending.clear()

    def _token_ids(self):
        if self._surface_ids is None:
            self._surface_ids = {s: ATOM_BASE + k for k, f in enumerate(self._forms) for s in f}
        return self._surface_ids

    def ids_for(self, strings):
        """Token ids of atoms given as they are written, new atoms numbered in the order first met. The
        forms are counted by Counter.update, and only those not met before are looked at one by one:
        a piece of the it corpus holds 21k atoms, 12k of them distinct, mostly met in earlier pieces."""
        ids = self._token_ids()
        for surface in [s for s in dict.fromkeys(strings) if s not in ids]:
            key = surface if self.keep_case else surface.lower()
            k = self.index.get(key)
            if k is None:
                k = len(self.atoms)
                if k >= MAX_ATOMS:
                    raise TermmineError(
                        f"more than {MAX_ATOMS} distinct Latin/digit words in the corpus; "
                        "split the corpus or remove machine-generated text such as hashes and ids")
                self.index[key] = k
                self.atoms.append(key)
                self._forms.append({})    # a plain dict: a Counter per new atom is 3x slower to make
            ids[surface] = ATOM_BASE + k
        self._pending.update(strings)
        return list(map(ids.__getitem__, strings))

    def ids_for_keys(self, keys, surfaces):
        """Ids of normalized atoms (adding new ones) with their surface counters, for merging tables."""
        ids = []
        forms_of = self.surfaces
        token_ids = self._token_ids()
        for key, counter in zip(keys, surfaces):
            k = self.index.get(key)
            if k is None:
                k = len(self.atoms)
                self.index[key] = k
                self.atoms.append(key)
                forms_of.append({})
            forms = forms_of[k]
            for surface, n in counter.items():
                forms[surface] = forms.get(surface, 0) + n
                token_ids[surface] = ATOM_BASE + k
            ids.append(ATOM_BASE + k)
        return ids

    def text_of(self, token, surface=True):
        """The string for one token id; the most frequent surface form for an atom if surface."""
        if token < ATOM_BASE:
            return chr(token)
        k = token - ATOM_BASE
        if surface:
            counts = self.surfaces[k]
            return min(counts, key=lambda s: (-counts[s], s))
        return self.atoms[k]

    def is_atom(self, token):
        return token >= ATOM_BASE


def codes_of(text):
    """The code points of a string as a uint32 array (surrogates kept as they are)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def nfkc_codes(text, tables, codes=None):
    """The code points of NFKC(text): per character from the tables, or by unicodedata for the lines
    that hold a character that may compose or reorder with its neighbours (combining marks, Hangul
    jamo). A line end is a starter that composes with nothing, so NFKC changes nothing across it and
    the other lines need not go through the whole algorithm (a third of reference.txt's pieces hold
    such a character somewhere). codes: the text's code points (codes_of), if already made."""
    codes = codes_of(text) if codes is None else codes
    if codes.size == 0:
        return codes
    normalized = tables.nfkc(codes)
    if normalized is not None:
        return normalized
    # the lines that hold such a character, runs of neighbouring lines merged: [starts, ends)
    complex_at = np.flatnonzero(tables.nfkc_kind[codes] == COMPLEX)
    line_ends = np.append(np.flatnonzero(codes == ord("\n")), codes.size)
    k = np.searchsorted(line_ends, complex_at)
    starts = np.where(k > 0, line_ends[np.maximum(k - 1, 0)] + 1, 0)
    ends = line_ends[k]
    first = np.flatnonzero(np.append(True, starts[1:] > ends[:-1] + 1))  # each run's first character
    starts, ends = starts[first], ends[np.append(first[1:] - 1, ends.size - 1)]
    # everything else per character from the tables, at the output offsets of each input character
    kind = tables.nfkc_kind.copy()
    kind[kind == COMPLEX] = KEEP
    table_nfkc = K._apply_nfkc(codes, kind, tables.nfkc_single, tables.expand_index, tables.expand_offsets,
                             tables.expand_data)
    width = np.ones(codes.size, dtype=np.int64)
    expand = kind[codes] == EXPAND
    j = tables.expand_index[codes[expand]]
    width[expand] = tables.expand_offsets[j + 1] - tables.expand_offsets[j]
    offset = np.concatenate(([0], np.cumsum(width)))
    parts, at = [], 0
    for start, end in zip(starts.tolist(), ends.tolist()):
        parts.append(table_nfkc[offset[at]:offset[start]])
        parts.append(codes_of(unicodedata.normalize("NFKC", text[start:end])))
        at = end
    parts.append(table_nfkc[offset[at]:])
    return np.concatenate(parts)


def nfkc_text(text, tables):
    """NFKC(text) as a string (nfkc_codes)."""
    return nfkc_codes(text, tables).tobytes().decode("utf-32-le", "surrogatepass")


class Normalizer:
    """Turns text into token id arrays, growing one Vocabulary."""

    def __init__(self, keep_case=False, vocabulary=None):
        self.vocabulary = vocabulary if vocabulary is not None else Vocabulary(keep_case)
        self.tables = CharTables()

    def split_tokens(self, text):
        """Token ids of `text` with the k-th atom as -(k+1), and the atoms' strings (no vocabulary)."""
        codes = codes_of(text)
        if codes.size == 0:
            return np.zeros(0, dtype=np.int32), []
        t = self.tables
        normalized = nfkc_codes(text, t, codes)
        if normalized.size == 0:
            return np.zeros(0, dtype=np.int32), []
        t.learn_classes(normalized)
        tokens, starts, ends = K._scan(normalized, t.classes)
        strings = []
        if starts.size:
            if normalized.size != codes.size or not np.array_equal(normalized, codes):
                text = normalized.tobytes().decode("utf-32-le", "surrogatepass")
            strings = [text[a:b] for a, b in zip(starts.tolist(), ends.tolist())]
        return tokens, strings

    def map_atoms(self, tokens, strings):
        """Replace the atom placeholders of split_tokens() by vocabulary ids."""
        if strings:
            atom_ids = np.asarray(self.vocabulary.ids_for(strings), dtype=np.int32)
            where = tokens < 0
            tokens[where] = atom_ids[-tokens[where] - 1]
        return tokens

    def tokens(self, text):
        """int32 token ids of `text` (0 = boundary)."""
        return self.map_atoms(*self.split_tokens(text))


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
