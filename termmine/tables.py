"""Count tables: NgramCounts, the n-grams of a corpus with their counts and neighbour sums, made from a
counting trie (from_full_trie), and saved, loaded, merged and pruned.

On disk a count table is one NumPy .npz file (a zip archive) holding:
- `header`: UTF-8 JSON with "format": "termmine-counts", "version": 1, "order" (longest n-gram counted,
  max_n + 1), "min_count" (n-grams seen fewer times are not in the table), "settings" (the normalisation:
  keep_case, max_n, normalization scheme), "atoms" (the Latin/digit words, by index) and "surfaces" (for
  each atom its written forms and how often each was seen);
- `parent`, `token`, `depth`, `count`, `left_sum`, `right_sum`: the trie of NgramCounts, node 0
  being the empty n-gram whose count is the number of tokens.
A table can serve any run whose max_n is at most the table's and whose other settings are equal.
"""
import dataclasses
import itertools
import json
import os
import zipfile

import numpy as np

from . import kernels as K
from .errors import TableError, TermmineError
from .files import atomic_file
from .kernels import ATOM_BASE
from .normalize import NORMALIZATION, Vocabulary
from .trie import TABLE_SLOTS, Trie, n_slots

FORMAT = "termmine-counts"
VERSION = 1
_ARRAYS = ("parent", "token", "depth", "count", "left_sum", "right_sum")
SAVE_CHUNK = 1 << 20                  # items of an array copied into the archive at a time


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
    suffix: np.ndarray = None       # suffix links, made at the first call of suffix_links()

    def slots(self):
        """The hash table from (parent, token) to node, made at the first call: a table loaded to look
        up given n-grams (lookup_counts) never needs it."""
        if self.slot_keys is None:
            self.slot_keys, self.slot_nodes = K._trie_rehash(self.parent, self.token, 1, self.parent.size,
                                                             n_slots(self.parent.size, TABLE_SLOTS))
        return self.slot_keys, self.slot_nodes

    @property
    def total(self):
        return int(self.count[0])

    @property
    def n_ngrams(self):
        return self.parent.size - 1

    def iter_chunks(self, name, n_items):
        """The array `name` (one of the table's arrays), n_items at a time (as external.TableFiles)."""
        array = getattr(self, name)
        for start in range(0, array.size, n_items):
            yield array[start:start + n_items]

    def rows(self, nodes=None):
        """Token ids of the n-grams of the given nodes (all by default), padded with 0."""
        if nodes is None:
            nodes = np.arange(self.parent.size, dtype=np.int64)
        return K._node_rows(self.parent, self.token, self.depth, np.asarray(nodes, dtype=np.int64), self.order)

    def suffix_links(self):
        """suffix[v] = the node of v's n-gram without its first token (0 for one token; -1 for the root)."""
        if self.suffix is None:
            self.suffix = K._suffix_links(*self.slots(), self.parent, self.token, self.depth, self.parent.size)
        return self.suffix

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
        return int(K._find_row(*self.slots(), row, 0, row.size))

    def canonical(self):
        """(rows, counts, left_sum, right_sum) sorted by row: a form that does not depend on how the
        table was built, for comparing tables."""
        rows = self.rows()
        order = np.lexsort(rows.T[::-1])
        return rows[order], self.count[order], self.left_sum[order], self.right_sum[order]


def _join_tokens(vocabulary, tokens, surface=True):
    return "".join(vocabulary.text_of(t, surface) for t in tokens)


def from_full_trie(trie, order, min_count, vocabulary, settings):
    """NgramCounts from a trie that holds every n-gram seen min_count times or more and every extension
    of those by one token seen twice or more (all that their neighbour sums need).

    Takes the trie's arrays over (the trie is left empty) and lets each go once it is used, so that the
    peak stays near the size of the trie.
    """
    n = trie.n_nodes
    parent, token, depth, count = trie.trimmed()
    suffix = trie.suffix_links()
    trie.release()
    left, right = K._neighbour_sums(parent, count, suffix, n)
    left[0] = right[0] = 0.0          # the empty n-gram has no neighbours worth a sum
    keep = count >= min_count
    keep[0] = True
    new_id, parent = K._compact_nodes(parent, count, keep)
    # the suffix of an n-gram seen min_count times is seen as often: it is kept too (-1 stays -1)
    suffix = suffix[keep]
    suffix = np.where(suffix >= 0, new_id[np.maximum(suffix, 0)], -1).astype(np.int32)
    del new_id
    token = token[keep]
    depth = depth[keep]
    count = count[keep]
    left = left[keep]
    right = right[keep]
    del keep
    return NgramCounts(order, min_count, parent, token, depth, count, left, right, vocabulary, settings,
                       suffix=suffix)


def save_counts(table, path, compress=False):
    """Write a table atomically (temporary file beside it, then rename): an NgramCounts, or the files of
    one counted on disk (external.TableFiles), copied into the archive a chunk at a time so that the table
    is never in memory whole. The archive is what numpy.savez writes, and numpy.load reads it."""
    vocab = table.vocabulary
    header = {"format": FORMAT, "version": VERSION, "order": table.order, "min_count": table.min_count,
              "settings": table.settings, "atoms": vocab.atoms,
              "surfaces": [sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:8] for c in vocab.surfaces]}
    header = np.frombuffer(json.dumps(header, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    n_nodes = table.n_ngrams + 1
    with atomic_file(path, "wb") as f, \
            zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as archive:
        for name in _ARRAYS:
            _write_member(archive, name, table.iter_chunks(name, SAVE_CHUNK), n_nodes)
        _write_member(archive, "header", [header], header.size)


def _write_member(archive, name, chunks, size):
    """One array of the archive, `size` items written from `chunks` (arrays of one dtype), as np.save
    writes it."""
    chunks = iter(chunks)
    first = next(chunks, None)
    dtype = first.dtype if first is not None else np.dtype(np.int8)
    with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
        np.lib.format.write_array_header_1_0(
            member, {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": (size,)})
        for chunk in itertools.chain([first] if first is not None else [], chunks):
            member.write(np.ascontiguousarray(chunk, dtype=dtype).tobytes())


def load_counts(path):
    """Read a table written by save_counts; TableError if it is damaged or of another format."""
    path = os.fspath(path)
    header, arrays = _read(path, _ARRAYS)
    n = arrays["parent"].size
    if n == 0 or any(a.size != n for a in arrays.values()):
        raise TableError(f"{path}: the count table is truncated or damaged (arrays of unequal length); "
                         "count the corpus again with `termmine count`")
    vocab = Vocabulary(header["settings"].get("keep_case", False))
    vocab.atoms = list(header["atoms"])
    vocab.index = {a: i for i, a in enumerate(vocab.atoms)}
    vocab.surfaces = [dict(map(tuple, s)) for s in header["surfaces"]]
    return NgramCounts(int(header["order"]), int(header["min_count"]), vocabulary=vocab,
                       settings=header["settings"], **arrays)


def read_header(path):
    """The header of a table written by save_counts (without its arrays), to check it before it is
    needed; TableError as load_counts."""
    return _read(os.fspath(path), ())[0]


def _read(path, names):
    """(header, {name: array}) of a table file."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if "header" not in data.files:
                raise TableError(f"{path}: not a termmine count table")
            header = json.loads(data["header"].tobytes().decode("utf-8"))
            if header.get("format") != FORMAT:
                raise TableError(f"{path}: not a termmine count table")
            if header.get("version") != VERSION:
                raise TableError(f"{path}: count table format version {header.get('version')}, but this termmine "
                                 f"reads version {VERSION}; count the corpus again with `termmine count`")
            return header, {name: data[name] for name in names}
    except FileNotFoundError:
        raise TableError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise TableError(f"{path}: is a folder, not a count table") from None
    except (zipfile.BadZipFile, EOFError, ValueError, KeyError, OSError, UnicodeDecodeError) as e:
        raise TableError(f"{path}: the count table is truncated or damaged ({type(e).__name__}); "
                         "count the corpus again with `termmine count`") from None


def check_compatible(table, max_n, keep_case, name="the table"):
    """TableError unless `table` (a table, or the settings of one) can serve a run with these settings."""
    settings = table if isinstance(table, dict) else table.settings
    if settings.get("normalization") != NORMALIZATION:
        raise TableError(f"{name} was made with normalisation '{settings.get('normalization')}', this termmine "
                         f"uses '{NORMALIZATION}'; count the reference again with `termmine count`")
    if bool(settings.get("keep_case")) != bool(keep_case):
        raise TableError(f"{name} was made {'with' if settings.get('keep_case') else 'without'} `keep_case`; "
                         "use the same setting or count the reference again")
    if int(settings.get("max_n", 0)) < max_n:
        raise TableError(f"{name} holds n-grams up to {settings.get('max_n')} tokens but `max_len` is {max_n}; "
                         f"lower `max_len` or count the reference again with `max_len` {max_n}")


def merge_counts(tables, *, min_count=2, names=None):
    """One table with the summed counts of several made with the same settings, then without the n-grams
    seen fewer than min_count times in the sum: the table that counting the parts together would give,
    neighbour sums included.

    That sum is exact only if each table holds every n-gram of its part: tables counted with min_count 1.
    A table counted with a higher min_count lacks the n-grams seen fewer times in its part, which may
    be seen often enough in the whole, so merging two or more is refused (TableError); one table is only
    pruned (prune_counts). `names` are the tables' names for messages (their paths), in order.
    """
    tables = list(tables)
    if not tables:
        raise TermmineError("nothing to merge")
    if min_count < 1:
        raise TermmineError("min_count must be at least 1")
    names = list(names) if names is not None else [f"table {i + 1} of {len(tables)}" for i in range(len(tables))]
    first = tables[0]
    for t in tables[1:]:
        if t.settings != first.settings or t.order != first.order:
            raise TableError("the tables were made with different settings or `max_len`; they cannot be merged")
    if len(tables) == 1:
        return prune_counts(first, min_count)          # its neighbour sums stay those of its whole part
    for name, t in zip(names, tables):
        if t.min_count > 1:
            raise TableError(f"{name} was counted with min_count {t.min_count}: it lacks the n-grams seen fewer "
                             "times in its part, so merged counts would fall short; count each part with "
                             "min_count 1 (termmine count --min-count 1) to merge them")
    vocabulary = Vocabulary(first.vocabulary.keep_case)
    atom_ids = [np.asarray(vocabulary.ids_for_keys(t.vocabulary.atoms, t.vocabulary.surfaces) or [0], dtype=np.int32)
                for t in tables]
    trie = Trie()
    for depth in range(1, first.order + 1):
        for t, ids in zip(tables, atom_ids):
            nodes = np.flatnonzero(t.depth == depth)
            if nodes.size == 0:
                continue
            rows = t.rows(nodes)[:, :depth].copy()
            is_atom = rows >= ATOM_BASE
            rows[is_atom] = ids[rows[is_atom] - ATOM_BASE]
            trie.insert_rows(np.ascontiguousarray(rows), t.count[nodes])
    trie.count[0] = sum(t.total for t in tables)
    return from_full_trie(trie, first.order, min_count, vocabulary, dict(first.settings))


def prune_counts(table, min_count):
    """The table without the n-grams seen fewer than min_count times (their neighbour sums stay exact)."""
    keep = table.count >= min_count
    keep[0] = True
    _, parent = K._compact_nodes(table.parent, table.count, keep)
    return NgramCounts(table.order, max(min_count, table.min_count), parent, table.token[keep].copy(),
                       table.depth[keep].copy(), table.count[keep].copy(), table.left_sum[keep].copy(),
                       table.right_sum[keep].copy(), table.vocabulary, dict(table.settings))
