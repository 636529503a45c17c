"""The stages in order: discover() for one corpus, count() for a count table, mine() for domain terms."""
import collections
import contextlib
import dataclasses
import os
from concurrent.futures.process import BrokenProcessPool

import numpy as np

from .contrast import MEASURES, keyness
from .corpus import check_corpus, corpus_bytes, iter_texts, rereadable
from .counting import count_ngrams
from .discovery import DISCOVER_COLUMNS, DiscoverOptions, candidate_columns, extract_candidates
from .errors import TermmineError
from .filters import check_pos, check_terms, dictionary_pairs, insertable_adverbs, load_tokenizer, read_stopwords
from .kernels import ATOM_BASE
from .lookup import lookup_counts
from .progress import CANDIDATES, FILTERS, RANKING, WORD_COUNTS, bytes_read, no_progress
from .reference import check_reference, check_reference_files, reference_counts
from .wordcount import estimated_word_counts, word_counts_in_texts
from .workers import available_cores, ready_worker

MINE_COLUMNS = ["term", "length", "domain_count", "domain_fpm", "reference_count", "reference_fpm", "cohesion",
                "left_entropy", "right_entropy", "keyness", "score"]
_READ_OPTIONS = ("encoding", "glob", "jsonl_field", "memory_limit", "jobs", "keep_case", "tmpdir", "max_chars",
                 "progress", "notify")


def _split_options(options):
    discover_fields = {f.name for f in dataclasses.fields(DiscoverOptions)}
    read, disc = {}, {}
    for key, value in options.items():
        if key in _READ_OPTIONS:
            read[key] = value
        elif key in discover_fields:
            disc[key] = value
        else:
            raise TermmineError(f"unknown option '{key}'")
    if "min_cohesion" in disc:
        disc["min_cohesion"] = tuple(disc["min_cohesion"])
    if disc.get("min_count", 2) < 2:      # a word seen once has no boundary to measure (count tables may be 1)
        raise TermmineError("--min-count must be at least 2")
    return read, DiscoverOptions(**disc)


def discover(paths=None, *, texts=None, top=None, **options):
    """Candidate words of a corpus, best first, as a DataFrame with DISCOVER_COLUMNS.

    The corpus: `paths` (a file, a folder or '-', or a list of them, str or PathLike) or `texts` (an
    iterable of strings, one text each), not both. Options: those of DiscoverOptions (min_count, max_len,
    min_cohesion, min_entropy, fragment_ratio) and of count_ngrams (encoding, glob, jsonl_field,
    memory_limit, jobs, keep_case, tmpdir, progress, notify).
    """
    import pandas as pd
    return pd.DataFrame(discover_columns(paths, texts=texts, top=top, **options))


def discover_columns(paths=None, *, texts=None, top=None, **options):
    """discover() as a dict of columns (numpy arrays, and a list of terms), made without loading pandas:
    the command line writes it as it is."""
    read, disc = _split_options(options)
    table = count_ngrams(paths, texts=texts, max_n=disc.max_len, min_count=disc.min_count, **read)
    progress = read.get("progress") or no_progress
    progress(CANDIDATES, 0, 1)
    columns = candidate_columns(table, disc)
    progress(CANDIDATES, 1, 1)
    return {name: columns[name][:top] for name in DISCOVER_COLUMNS}


def count(paths=None, *, texts=None, max_n=6, min_count=2, **options):
    """The n-gram count table of a corpus, `paths` or `texts` as for discover() (NgramCounts; save it
    with termmine.save_counts). Options as for count_ngrams."""
    return count_ngrams(paths, texts=texts, max_n=max_n, min_count=min_count, **options)


SEGMENTATIONS = ("probable", "longest")
CODE_SHARE = 0.6  # a Latin-edged candidate this often next to a code character is dropped (wordcount.py)
# a candidate shaped like a predicate (filters.is_verb_led, is_adverb_led_noun) this often right after a
# predicate marker (a modal verb, adverb or personal pronoun: data/predicate_markers.txt) is dropped
PREDICATE_SHARE = 0.1
# a predicate-shaped candidate that ends its clause (, . ; ! ? 。 or a line end after it) in this share of
# its occurrences or more, and follows 的 in under AFTER_DE_SHARE of them, is a verb phrase that is a
# whole predicate: 夺得冠军 .97, 受法律保护 1.0, 提起行政诉讼 .53, 送往医院 .52, none of them after 的. A noun
# of that shape is often an object at the end of a clause too, but is also modified (的鉴定意见): of the
# verb-led terms in the top 100 of six corpora only 不予受理 (.68) ends its clauses as often, and it
# follows 的 4% of the time. Below .5 the verb phrases thin out and nouns take over (独立显卡 .48)
CLAUSE_FINAL_SHARE = 0.5
AFTER_DE_SHARE = 0.01
# a name-shaped candidate (filters.is_name_shaped) whose two pairs of characters are each seen at most
# this many times as often as the whole is a person's name: of such candidates in the top 1000 of six
# corpora, 45 names (路生梅, 孙颖莎, 潘功胜), one currency (索莫尼) and one town (阿贝歇), and no term
NAME_OPACITY = 1.25
# a Latin-edged candidate this often next to one same Latin word across a space is part of a longer name
# and dropped (the share of discovery's rule for one token that mostly continues a string)
NAME_SHARE = DiscoverOptions().extension_ratio
# a candidate whose one-character edge (filters.single_edges) makes a dictionary word with the character
# beside it this often is a piece of other words (wordcount.py, glued edges): 项冠军 .90 (单项, 两项),
# 商银行 .93 (工商, 农商); terms of this shape are glued less often, though some are pieces of longer
# compounds much of the time: 分位数 .75 (四分位数), 考验期 .80 (考验期限), 工作流 .72 (工作流程), 科医生 .68
GLUED_SHARE = 0.85


def segmentation_weights(table, word_ngram_counts):
    """Log probabilities for the most probable segmentation: of each candidate, its n-gram count over
    the number of tokens; of each character outside the candidates, its own count (0.5 if unseen)."""
    total = float(max(table.total, 1))
    char_weight = np.full(ATOM_BASE, np.log(0.5 / total))
    singles = np.flatnonzero((table.depth == 1) & (table.token < ATOM_BASE))
    char_weight[table.token[singles]] = np.log(table.count[singles] / total)
    counts = np.maximum(np.asarray(word_ngram_counts, dtype=np.float64), 0.5)
    return np.log(counts / total), char_weight


def _checks(terms, stopwords, pos, workers, jieba_worker):
    """(check_terms, dictionary_pairs), in the worker that loaded jieba while the corpus was counted if
    there is one (it forks the processes that cut the terms); here if it failed to start (the error is
    then raised here)."""
    if jieba_worker is not None:
        try:
            return jieba_worker.submit(_checks_and_pairs, terms, stopwords, pos, workers).result()
        except BrokenProcessPool:
            pass
    return _checks_and_pairs(terms, stopwords, pos, workers)


def _checks_and_pairs(terms, stopwords, pos, workers):
    return check_terms(terms, stopwords, pos, jobs=workers), dictionary_pairs()


def adverb_inserted_share(table, candidates):
    """For each candidate kept by the filters that ends in an adjective, or a verb after a noun
    (column predicate_at, from filters.predicate_split: where that word begins), the share of its
    occurrences with an adverb of degree or negation, or a predicate marker, before that word
    (外观很漂亮, 交通也方便, 理由不成立) among those and its own (外观漂亮); nan for the others. From the
    domain table, so forms seen fewer than min_count times count as unseen."""
    share = np.full(len(candidates), np.nan)
    predicate_at = candidates["predicate_at"].to_numpy()
    rows = np.flatnonzero((candidates["reason"].to_numpy() == "") & (predicate_at > 0))
    adverbs = [tuple(map(ord, a)) for a in insertable_adverbs()]
    tuples, owner = [], []
    for r in rows:
        tokens, at, length = candidates["tokens"].iat[r], predicate_at[r], 0
        for k, t in enumerate(tokens):
            if length == at:
                tuples.extend(tuple(tokens[:k]) + a + tuple(tokens[k:]) for a in adverbs)
                owner.extend([r] * len(adverbs))
                break
            length += len(table.vocabulary.text_of(t, surface=False))
    if owner:
        inserted = np.bincount(owner, weights=lookup_counts(table, tuples, 1), minlength=len(candidates))
        own = candidates["count"].to_numpy()
        share[rows] = inserted[rows] / (inserted[rows] + own[rows])
    return share


def opaque_names(table, candidates, name_shaped):
    """Which candidates are names: name-shaped (filters.is_name_shaped) and opaque, their first two and
    last two characters each seen at most NAME_OPACITY times as often as the whole (晓飞 hardly ever
    without 徐, while 池化 of 池化层 is also 最大池化, 池化操作)."""
    out = np.zeros(len(candidates), dtype=bool)
    counts = candidates["count"].to_numpy()
    for i in np.flatnonzero(np.asarray(name_shaped, dtype=bool)).tolist():
        tokens = candidates["tokens"].iat[i]
        out[i] = all(0 <= (v := table.find(part)) and table.count[v] <= NAME_OPACITY * counts[i]
                     for part in (tokens[:2], tokens[1:]))
    return out


def character_order(table):
    """The characters of a counted text, most frequent first (ties by code point): each character by its
    own count, and the letters and digits of each atom by the atom's count, as keys (lower-case unless
    keep_case) then lower-cased, the way mine() writes the candidates for word_counts_in_texts."""
    singles = np.flatnonzero(table.depth == 1)
    frequency = collections.Counter()
    for token, count in zip(table.token[singles].tolist(), table.count[singles].tolist()):
        for ch in table.vocabulary.text_of(token, surface=False).lower():
            frequency[ch] += count
    return sorted(frequency, key=lambda ch: (-frequency[ch], ch))


def mine(paths=None, *, texts=None, reference=None, reference_texts=None, top=None, measure="log_ratio",
         simple_k=100.0, stopwords=None, pos=None, segmentation="probable", with_reasons=False, **options):
    """Domain terms of a corpus, best first, as a DataFrame with MINE_COLUMNS.

    The domain corpus: `paths` (a file, a folder or '-', or a list of them, str or PathLike) or `texts`
    (an iterable of strings, one text each), not both. The reference: None for the built-in
    general-Chinese table; reference= a count table (NgramCounts) or paths, of count tables (.npz) or of
    text files to count; or reference_texts= an iterable of strings; not both.
    measure: one of contrast.MEASURES. stopwords: a path or a set of words. pos: jieba tags to keep.
    with_reasons: also return every candidate with the reason it was dropped ('' if kept).
    Other options as for discover().
    """
    if segmentation not in SEGMENTATIONS:
        raise TermmineError(f"unknown segmentation '{segmentation}'; choose one of {', '.join(SEGMENTATIONS)}")
    if measure not in MEASURES:
        raise TermmineError(f"unknown measure '{measure}'; choose one of {', '.join(MEASURES)}")
    read, disc = _split_options(options)
    notify = read.get("notify")
    progress = read.get("progress") or no_progress
    if pos:
        check_pos(pos)
    if isinstance(stopwords, (str, os.PathLike)):
        stopwords = read_stopwords(stopwords)
    stopwords = frozenset(w.lower() for w in (stopwords or ()))
    # the jieba filter and the word counts run in processes: --jobs, or else one per core
    workers = read.get("jobs") or available_cores()
    paths, texts = check_corpus(paths, texts)
    reference, reference_texts = check_reference(reference, reference_texts)   # before the long work
    check_reference_files(reference, disc.max_len, read.get("keep_case", False), read.get("glob", "*.txt"))
    with rereadable(paths, texts, read.get("tmpdir")) as (paths, texts):
        # jieba's dictionary loads in a worker while the corpus is counted (mostly on the other core); the
        # worker is gone before the word counts fork processes of their own
        with ready_worker(load_tokenizer) if workers > 1 else contextlib.nullcontext() as jieba_worker:
            table = count_ngrams(paths, texts=texts, max_n=disc.max_len, min_count=disc.min_count, **read)
            progress(CANDIDATES, 0, None)
            candidates = extract_candidates(table, disc)
            progress(FILTERS, 0, None)
            checks, pairs = _checks(candidates["term"].tolist(), stopwords, tuple(pos or ()), workers,
                                    jieba_worker)
        candidates["reason"] = checks.reasons
        candidates["predicate_shaped"] = checks.predicate_shaped
        candidates["predicate_at"] = checks.predicate_at
        candidates["single_edges"] = checks.single_edges
        # a person's name (孙颖莎, 徐晓飞): name-shaped, and its pairs of characters seldom seen outside it
        candidates.loc[opaque_names(table, candidates, checks.name_shaped), "reason"] = "name"
        # a subject and its predicate (外观漂亮, 理由成立): its occurrences belong to the words inside it, as
        # those of a string glued to a function word do
        inserted = adverb_inserted_share(table, candidates)
        candidates.loc[inserted >= PREDICATE_SHARE, "reason"] = "predicate"
        # the lexicon that segments the text keeps numbered references (第二款 absorbs 款规定) but not
        # strings glued to function words, whose occurrences belong to the words inside them
        lexicon = candidates[candidates["reason"].isin(["", "numbered", "name"])].reset_index()
        lexicon = lexicon.rename(columns={"index": "candidate"})
        # each atom's written forms lower-case to its key (or are it, with keep_case): the term in lower
        # case is the key of its tokens in lower case
        keys = [term.lower() for term in lexicon["term"]]
        glob = read.get("glob", "*.txt")
        pieces = iter_texts(texts if paths is None else paths, encoding=read.get("encoding", "utf-8"), glob=glob,
                            jsonl_field=read.get("jsonl_field"), max_chars=read.get("max_chars"),
                            on_bytes=bytes_read(progress, WORD_COUNTS,
                                                None if paths is None else corpus_bytes(paths, glob)))
        weights = segmentation_weights(table, lexicon["count"]) if segmentation == "probable" else (None, None)
        found = word_counts_in_texts(keys, pieces, *weights, jobs=workers, char_order=character_order(table),
                                     predicate_shaped=lexicon["predicate_shaped"],
                                     single_edges=lexicon["single_edges"], dictionary_pairs=pairs)
        lexicon["domain_count"] = found.counts
        # identifiers of program text (self, __init__, load_data), not terms
        lexicon.loc[found.code_share >= CODE_SHARE, "reason"] = "code"
        # verb phrases in use as predicates (应当说明理由, 可以申请复议), not names
        lexicon.loc[found.predicate_share >= PREDICATE_SHARE, "reason"] = "predicate"
        # ... and those that end their clause, never after 的 (夺得冠军。 提起行政诉讼，)
        lexicon.loc[(found.clause_final_share >= CLAUSE_FINAL_SHARE) & (found.after_de_share < AFTER_DE_SHARE),
                    "reason"] = "predicate"
        # one word of a name written with spaces (raspberry of raspberry pi)
        lexicon.loc[found.name_share >= NAME_SHARE, "reason"] = "name part"
        # a piece cut out of longer words at a one-character edge (项冠军 of 单项冠军, 商银行 of 工商银行)
        lexicon.loc[found.glued_share >= GLUED_SHARE, "reason"] = "fragment"
        candidates.loc[lexicon["candidate"], "reason"] = lexicon["reason"].to_numpy()
    token_tuples = lexicon["tokens"].tolist()
    ref_ngrams, n_ref = reference_counts(reference, token_tuples, table.vocabulary, disc.max_len,
                                         read.get("keep_case", False), read, notify, jobs=workers,
                                         reference_texts=reference_texts, progress=progress)
    progress(RANKING, 0, None)
    lexicon["reference_count"] = estimated_word_counts(token_tuples, ref_ngrams)
    kept = lexicon[(lexicon["reason"] == "") & (lexicon["domain_count"] >= disc.min_count)].reset_index(drop=True)
    n_dom = table.total
    kept["domain_fpm"] = kept["domain_count"] * 1e6 / max(n_dom, 1)
    kept["reference_fpm"] = kept["reference_count"] * 1e6 / max(n_ref, 1)
    kept["keyness"] = keyness(measure, kept["domain_count"], kept["reference_count"], n_dom, n_ref, simple_k)
    kept["score"] = kept["keyness"]
    kept = kept.sort_values(["score", "domain_count", "term"], ascending=[False, False, True], kind="mergesort")
    kept = kept.reset_index(drop=True)
    if top is not None:
        kept = kept.head(top)
    if with_reasons:
        return kept, candidates
    return kept[MINE_COLUMNS]
