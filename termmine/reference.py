"""The reference corpus: which one (the built-in table, count tables, or text), checked before the long
work starts, and the counts of the candidates in it (reference_counts)."""
import importlib.resources
import os

from .corpus import check_corpus, corpus_bytes, list_sources
from .errors import TermmineError
from .kernels import ATOM_BASE
from .lookup import count_known_ngrams, lookup_counts
from .progress import REFERENCE, bytes_read, no_progress
from .tables import NgramCounts, check_compatible, load_counts, merge_counts, read_header

DEFAULT_REFERENCE = "data/reference.npz"
# n-grams seen fewer times than this in the reference count as unseen, whatever form it takes: the
# built-in table holds no others (tools/build_default_reference.py prunes it there, to fit in the
# package), so its source text, or a count table of that text, gives the same ranking as the built-in one
REFERENCE_MIN_COUNT = 3


def default_reference_path():
    return importlib.resources.files("termmine").joinpath(DEFAULT_REFERENCE)


def check_reference(reference, reference_texts):
    """(reference, reference_texts) checked as corpus.check_corpus checks a corpus; reference may also be
    a table (NgramCounts), and neither (the built-in table) is allowed."""
    names = ("reference=", "reference_texts=")
    if isinstance(reference, NgramCounts):
        if reference_texts is not None:
            raise TermmineError("pass the reference as reference= or as reference_texts=, not both")
        return reference, None
    return check_corpus(reference, reference_texts, names, "reference", required=False)


def _is_text(items):
    """Whether a reference (None, a table, or a list of paths) is text files."""
    if items is None or isinstance(items, NgramCounts):
        return False
    tables = [os.fspath(p).endswith(".npz") for p in items]
    if any(tables) and not all(tables):
        raise TermmineError("`reference` takes either count tables (.npz) or text, not both")
    return not all(tables)


def check_reference_files(reference, max_n, keep_case, glob="*.txt"):
    """Raise now, before any corpus is read, what reading a reference (as check_reference returns it)
    would raise later: text files that do not exist, tables that are damaged, of another version or made
    with other settings (only their headers are read)."""
    if reference is None:
        path = default_reference_path()
        if path.is_file():
            with importlib.resources.as_file(path) as real:
                check_compatible(read_header(real)["settings"], max_n, keep_case, "the built-in reference")
    elif isinstance(reference, NgramCounts):
        check_compatible(reference, max_n, keep_case, "the reference table")
    elif _is_text(reference):
        list_sources(reference, glob)
    else:
        for p in reference:
            check_compatible(read_header(p)["settings"], max_n, keep_case, os.fspath(p))


def load_reference(reference, max_n, keep_case, notify=None):
    """The reference count table: the built-in one (None), a table, or a list of saved tables (.npz)."""
    if reference is None:
        path = default_reference_path()
        if not path.is_file():
            raise TermmineError("the built-in reference table is missing from this installation; "
                                "pass `reference` with a general-language corpus or count table")
        if notify:
            notify("no `reference` given: using the built-in general-Chinese reference table")
        with importlib.resources.as_file(path) as real:
            table = load_counts(real)
        check_compatible(table, max_n, keep_case, "the built-in reference")
        return table
    if isinstance(reference, NgramCounts):
        check_compatible(reference, max_n, keep_case, "the reference table")
        return reference
    tables = [load_counts(p) for p in reference]
    for p, t in zip(reference, tables):
        check_compatible(t, max_n, keep_case, os.fspath(p))
    if len(tables) == 1:
        return tables[0]
    return merge_counts(tables, min_count=REFERENCE_MIN_COUNT, names=[os.fspath(p) for p in reference])


def reference_counts(reference, token_tuples, vocabulary, max_n, keep_case, read_options, notify=None, jobs=1,
                     reference_texts=None, progress=no_progress):
    """(n-gram counts of the candidates in the reference, number of tokens of the reference).

    A table (None for the built-in one, an NgramCounts, or paths of .npz files) is looked up
    (reference_ngram_counts). Text (paths of text files, or reference_texts) is read once, in `jobs`
    processes, for the candidates alone (lookup.count_known_ngrams), which gives them the counts that
    a count table of the text would give. Either way, counts below REFERENCE_MIN_COUNT are 0.
    reference and reference_texts are as check_reference returns them (mine() checks them first)."""
    if reference_texts is None and not _is_text(reference):
        progress(REFERENCE, 0, None)
        ref = load_reference(reference, max_n, keep_case, notify)
        return reference_ngram_counts(ref, token_tuples, vocabulary), ref.total
    options = {k: v for k, v in read_options.items() if k in ("encoding", "glob", "jsonl_field", "max_chars")}
    size = None if reference is None else corpus_bytes(reference, options.get("glob", "*.txt"))
    return count_known_ngrams(reference_texts if reference is None else reference, token_tuples, vocabulary,
                              max_n + 1, min_count=REFERENCE_MIN_COUNT, notify=notify, jobs=jobs,
                              on_bytes=bytes_read(progress, REFERENCE, size), **options)


def reference_ngram_counts(reference, token_tuples, vocabulary, min_count=REFERENCE_MIN_COUNT):
    """n-gram counts in the reference (0 where absent or below min_count); an n-gram longer than the
    reference's order gets the smallest count of its windows."""
    return lookup_counts(reference, [_tokens_in(reference, t, vocabulary) for t in token_tuples], min_count)


def _tokens_in(reference, tokens, vocabulary):
    """A candidate's token ids in the reference table's vocabulary; an atom unknown there gets an id that
    no n-gram of the table holds."""
    index = reference.vocabulary.index
    unknown = ATOM_BASE + len(reference.vocabulary.atoms)
    out = []
    for t in tokens:
        if t >= ATOM_BASE:
            k = index.get(vocabulary.atoms[t - ATOM_BASE])
            out.append(unknown if k is None else ATOM_BASE + k)
        else:
            out.append(t)
    return out
