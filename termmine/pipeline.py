"""The stages in order: discover() for one corpus, count() for a count table, mine() for domain terms."""
import collections
import contextlib
import dataclasses
import os
from collections.abc import Iterable, Sequence
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, NamedTuple, Union

import numpy as np

from .config import MEASURES, REPORT_CONTEXTS, REPORT_TERMS, SEGMENTATIONS, TERMHOOD_WEIGHT
from .contrast import keyness
from .corpus import check_corpus, corpus_bytes, iter_texts, rereadable
from .counting import count_ngrams
from .discovery import DISCOVER_COLUMNS, DiscoverOptions, candidate_columns, extract_candidates
from .errors import TermmineError
from .filters import (
    check_pos,
    check_terms,
    dictionary_pairs,
    in_dictionary,
    insertable_adverbs,
    load_tokenizer,
    read_known,
    read_stopwords,
)
from .kernels import ATOM_BASE
from .lookup import lookup_counts
from .progress import CANDIDATES, FILTERS, RANKING, REPORTING, WORD_COUNTS, bytes_read, no_progress
from .reference import REFERENCE_MIN_COUNT, check_reference, check_reference_files, reference_counts
from .rules import CANDIDATES as CANDIDATE_RULES
from .rules import DISCOVERY, Rules, apply_rules, check_rules, share_columns
from .rules import FILTERS as FILTER_RULES
from .rules import WORDS as WORD_RULES
from .tables import NgramCounts
from .termhood import termhood, unit_features
from .variants import defined_abbreviations, variant_groups
from .wordcount import as_words, word_counts_in_texts, word_share
from .workers import available_cores, ready_worker

if TYPE_CHECKING:
    import pandas as pd

# a corpus given by paths: a file, a folder or '-' (stdin), or a list of them
Paths = Union[str, os.PathLike, Sequence[Union[str, os.PathLike]], None]

MINE_COLUMNS = ["term", "length", "domain_count", "domain_fpm", "reference_count", "reference_fpm", "cohesion",
                "left_entropy", "right_entropy", "keyness", "termhood", "score", "group"]
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
        elif key == "fragment_ratio":
            raise TermmineError("fragment_ratio: now the threshold of rule inside_longer; pass "
                                "rules=Rules(thresholds={'inside_longer': ...})")
        else:
            raise TermmineError(f"unknown option '{key}'")
    if "min_cohesion" in disc:
        disc["min_cohesion"] = tuple(disc["min_cohesion"])
    if disc.get("min_count", 2) < 2:      # a word seen once has no boundary to measure (count tables may be 1)
        raise TermmineError("`min_count` must be at least 2")
    return read, DiscoverOptions(**disc)


def discover(paths: Paths = None, *, texts: Iterable[str] | None = None, top: int | None = None,
             rules: Rules | None = None, **options) -> "pd.DataFrame":
    """Candidate words of a corpus, best first, as a DataFrame with DISCOVER_COLUMNS.

    The corpus: `paths` (a file, a folder or '-', or a list of them, str or PathLike) or `texts` (an
    iterable of strings, one text each), not both. rules: a termmine.Rules (None: every rule on, at its
    default threshold); discover applies the rules of its stages (rules.DISCOVER_STAGES). Options: those
    of DiscoverOptions (min_count, max_len, min_cohesion, min_entropy, extension_ratio) and of
    count_ngrams (encoding, glob, jsonl_field, memory_limit, jobs, keep_case, tmpdir, progress, notify).
    """
    import pandas as pd
    return pd.DataFrame(discover_columns(paths, texts=texts, top=top, rules=rules, **options))


def discover_columns(paths=None, *, texts=None, top=None, rules=None, **options):
    """discover() as a dict of columns (numpy arrays, and a list of terms), made without loading pandas:
    the command line writes it as it is."""
    rules = check_rules(rules)
    read, disc = _split_options(options)
    table = count_ngrams(paths, texts=texts, max_n=disc.max_len, min_count=disc.min_count, **read)
    progress = read.get("progress") or no_progress
    progress(CANDIDATES, 0, 1)
    columns = candidate_columns(table, disc, rules)
    progress(CANDIDATES, 1, 1)
    return {name: columns[name][:top] for name in DISCOVER_COLUMNS}


def count(paths: Paths = None, *, texts: Iterable[str] | None = None, max_len: int = 6, min_count: int = 2,
          **options) -> NgramCounts:
    """The n-gram count table of a corpus, `paths` or `texts` as for discover() (NgramCounts; save it
    with termmine.save_counts): every n-gram of 1 .. max_len + 1 tokens seen min_count times or more,
    so that it serves runs of this max_len or a smaller one. Options: the reading options of discover()."""
    return count_ngrams(paths, texts=texts, max_n=max_len, min_count=min_count, **options)




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
    """(check_terms, dictionary_pairs, in_dictionary), in the worker that loaded jieba while the corpus was counted if
    there is one (it forks the processes that cut the terms); here if it failed to start (the error is
    then raised here)."""
    if jieba_worker is not None:
        try:
            return jieba_worker.submit(_checks_and_pairs, terms, stopwords, pos, workers).result()
        except BrokenProcessPool:
            pass
    return _checks_and_pairs(terms, stopwords, pos, workers)


def _checks_and_pairs(terms, stopwords, pos, workers):
    return check_terms(terms, stopwords, pos, jobs=workers), dictionary_pairs(), in_dictionary(terms)


def adverb_inserted_share(table, candidates):
    """For each candidate that ends in an adjective, or a verb after a noun (column predicate_at, from
    filters.predicate_split: where that word begins), the share of its occurrences with an adverb of
    degree or negation, or a predicate marker, before that word (外观很漂亮, 交通也方便, 理由不成立) among
    those and its own (外观漂亮); nan for the others (what rule subject_predicate measures). From the
    domain table, so forms seen fewer than min_count times count as unseen."""
    share = np.full(len(candidates), np.nan)
    predicate_at = candidates["predicate_at"].to_numpy()
    rows = np.flatnonzero(predicate_at > 0)
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


def name_pair_counts(table, candidates, name_shaped):
    """For each name-shaped candidate (filters.is_name_shaped), the larger count of its first two and
    last two characters (what rule person_name measures against its own count: 晓飞 is hardly ever seen
    without 徐, while 池化 of 池化层 is also 最大池化); inf if either is not in the table, nan for the
    other candidates."""
    out = np.full(len(candidates), np.nan)
    for i in np.flatnonzero(np.asarray(name_shaped, dtype=bool)).tolist():
        tokens = candidates["tokens"].iat[i]
        found = [table.find(part) for part in (tokens[:2], tokens[1:])]
        out[i] = max(table.count[v] for v in found) if min(found) >= 0 else np.inf
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


class MinedTerms(NamedTuple):
    """What mine(explain=True) returns: the terms (MINE_COLUMNS), and every candidate, kept or not, with
    what the rules measured and the rules that fired on it (EXPLAIN_COLUMNS)."""
    terms: "pd.DataFrame"
    explanation: "pd.DataFrame"


# the columns of an explanation: the string, what discovery measured, each rule's measure in the order
# the rules are tried (empty where not measured), the counts and rank of a kept term, the verdict
EXPLAIN_COLUMNS = ["term", "length", "count", "cohesion", "left_entropy", "right_entropy", "extension_share",
                   "longer_share", "pair_share", "inserted_share", "word_count", "code_share", "predicate_share",
                   "clause_final_share", "after_de_share", "name_share", "glued_share", "word_share",
                   "domain_count", "reference_count", "keyness", "termhood", "rank", "kept", "rules"]
# what the word counts measure for the rules of stage `words` (wordcount.WordCounts fields)
_WORD_MEASURES = ("code_share", "predicate_share", "clause_final_share", "after_de_share", "name_share",
                  "glued_share")


def mine(paths: Paths = None, *, texts: Iterable[str] | None = None, reference: "Paths | NgramCounts" = None,
         reference_texts: Iterable[str] | None = None, top: int | None = None, measure: str = "log_ratio",
         simple_k: float = 100.0, stopwords: "str | os.PathLike | Iterable[str] | None" = None,
         pos: Sequence[str] | None = None, segmentation: str = "probable", rules: Rules | None = None,
         termhood_weight: float = TERMHOOD_WEIGHT, new_only: bool = False,
         known: "str | os.PathLike | Iterable[str] | None" = None, explain: bool = False,
         report: "str | os.PathLike | None" = None, report_terms: int = REPORT_TERMS,
         report_contexts: int = REPORT_CONTEXTS, **options) -> "pd.DataFrame | MinedTerms":
    """Domain terms of a corpus, best first, as a DataFrame with MINE_COLUMNS.

    The domain corpus: `paths` (a file, a folder or '-', or a list of them, str or PathLike) or `texts`
    (an iterable of strings, one text each), not both. The reference: None for the built-in
    general-Chinese table; reference= a count table (NgramCounts) or paths, of count tables (.npz) or of
    text files to count; or reference_texts= an iterable of strings; not both.
    measure: one of contrast.MEASURES. termhood_weight: the terms are ranked by score = keyness +
    termhood_weight * termhood (termhood.py; 0: by keyness alone). stopwords: a path or a set of words.
    pos: jieba tags to keep. new_only: leave out the terms that a dictionary already holds: `known`, a
    path (the first field of each line) or a set of words, compared in lower case, or else jieba's own
    dictionary; `known` implies new_only. The explanation (explain=True) is not changed by it.
    rules: a termmine.Rules, the rules switched off and thresholds changed (None: the defaults).
    explain: return MinedTerms(terms, explanation) instead, the explanation holding every candidate,
    kept or not, with its measures and the rules that fired on it, in order (EXPLAIN_COLUMNS).
    report: also write an HTML report of the run to this path (report.py; needs Bokeh): every kept term
    in a scatter, the best `report_terms` in a table, each with up to `report_contexts` lines of the
    corpus, what each rule dropped, the settings and timings. `top` and new_only do not change it.
    Other options as for discover().
    """
    if segmentation not in SEGMENTATIONS:
        raise TermmineError(f"unknown segmentation '{segmentation}'; choose one of {', '.join(SEGMENTATIONS)}")
    if measure not in MEASURES:
        raise TermmineError(f"unknown measure '{measure}'; choose one of {', '.join(MEASURES)}")
    if not (isinstance(termhood_weight, (int, float)) and 0 <= termhood_weight <= 100):
        raise TermmineError(f"`termhood_weight` must be a number from 0 to 100, not {termhood_weight!r}")
    rules = check_rules(rules)
    if report is not None:
        return _mine_with_report(paths, texts, report, report_terms, report_contexts, explain,
                                 dict(reference=reference, reference_texts=reference_texts, top=top, measure=measure,
                                      simple_k=simple_k, stopwords=stopwords, pos=pos, segmentation=segmentation,
                                      rules=rules, termhood_weight=termhood_weight, new_only=new_only, known=known),
                                 options)
    read, disc = _split_options(options)
    notify = read.get("notify")
    progress = read.get("progress") or no_progress
    if pos:
        check_pos(pos)
    if isinstance(stopwords, (str, os.PathLike)):
        stopwords = read_stopwords(stopwords)
    if isinstance(known, (str, os.PathLike)):
        known = read_known(known)
    elif known is not None:
        known = frozenset(str(w).lower() for w in known)
    new_only = new_only or known is not None
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
            candidates = extract_candidates(table, disc, rules, dropped=explain)
            discarded = None
            if explain:       # the strings the discovery rules dropped go no further
                at_discovery = np.array([bool(fired) for fired in candidates["rules"]], dtype=bool)
                discarded = candidates[at_discovery]
                candidates = candidates[~at_discovery].reset_index(drop=True)
            progress(FILTERS, 0, None)
            checks, pairs, in_jieba = _checks(candidates["term"].tolist(), stopwords, tuple(pos or ()), workers,
                                    jieba_worker)
        for name, flags in checks.shapes.items():
            candidates[name] = flags
        candidates["predicate_shaped"] = checks.predicate_shaped
        candidates["predicate_at"] = checks.predicate_at
        candidates["single_edges"] = checks.single_edges
        candidates["pair_count"] = name_pair_counts(table, candidates, checks.name_shaped)
        candidates["inserted_share"] = adverb_inserted_share(table, candidates)
        filtered = apply_rules(FILTER_RULES, candidates, rules)
        # the lexicon that segments the text: the candidates no filter rule dropped, and those whose first
        # rule keeps them words of the text (第二款 absorbs 款规定, a name its own characters); a string
        # glued to function words is not one: its occurrences belong to the words inside it
        lexicon = candidates[filtered.kept_as_words()].reset_index()
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
        lexicon["word_count"] = found.counts
        for name in _WORD_MEASURES:
            lexicon[name] = getattr(found, name)
        counted = apply_rules(WORD_RULES, lexicon, rules, min_count=disc.min_count)
        lexicon["termhood"] = termhood(unit_features(lexicon), np.asarray(in_jieba)[lexicon["candidate"].to_numpy()])
    token_tuples = lexicon["tokens"].tolist()
    # one counting rule on both sides (as_words): a candidate's n-gram count times the share of its
    # n-gram occurrences in the domain that the segmentation keeps whole as a word
    domain_ngrams = lookup_counts(table, token_tuples, REFERENCE_MIN_COUNT)
    lexicon["word_share"] = word_share(lexicon["word_count"], domain_ngrams)
    domain_counts = as_words(domain_ngrams, lexicon["word_share"])
    ref_ngrams, n_ref = reference_counts(reference, token_tuples, table.vocabulary, disc.max_len,
                                         read.get("keep_case", False), read, notify, jobs=workers,
                                         reference_texts=reference_texts, progress=progress)
    progress(RANKING, 0, None)
    # the counts as words, fractional, go into keyness (so that both sides are one rule to the last
    # digit); the domain's are written as the whole numbers they are, up to rounding
    lexicon["reference_count"] = as_words(ref_ngrams, lexicon["word_share"])
    lexicon["domain_words"] = domain_counts
    lexicon["domain_count"] = np.rint(domain_counts).astype(np.int64)
    kept = lexicon[~filtered.dropped[lexicon["candidate"].to_numpy()] & ~counted.dropped].reset_index(drop=True)
    n_dom = table.total
    kept["domain_fpm"] = kept["domain_count"] * 1e6 / max(n_dom, 1)
    kept["reference_fpm"] = kept["reference_count"] * 1e6 / max(n_ref, 1)
    kept["keyness"] = keyness(measure, kept["domain_words"], kept["reference_count"], n_dom, n_ref, simple_k)
    kept["score"] = kept["keyness"] + termhood_weight * kept["termhood"]
    kept = kept.sort_values(["score", "domain_count", "term"], ascending=[False, False, True], kind="mergesort")
    kept = kept.reset_index(drop=True)
    kept["group"] = variant_groups(kept["term"].tolist(), kept["domain_count"].tolist(),
                                   defined_abbreviations(_bracket_evidence(found.bracketed, lexicon["term"])))
    terms = kept[MINE_COLUMNS]
    if new_only:
        old = (np.asarray(in_jieba)[kept["candidate"].to_numpy()] if known is None
               else np.array([t.lower() in known for t in kept["term"]], dtype=bool))
        terms = terms[~old].reset_index(drop=True)
        if notify:
            holder = "jieba's dictionary" if known is None else "`known`"
            notify(f"`new_only`: left out {int(old.sum())} of {len(kept)} terms, which {holder} already holds")
    terms = terms if top is None else terms.head(top)
    if not explain:
        return terms
    fired = filtered.rules_fired()
    for row, words in zip(lexicon["candidate"].tolist(), counted.rules_fired()):
        fired[row] += words
    explanation = _explanation(candidates, fired, lexicon, kept, discarded)
    explanation.attrs.update(domain_tokens=int(n_dom), reference_tokens=int(n_ref))
    return MinedTerms(terms, explanation)


def _mine_with_report(paths, texts, path, report_terms, report_contexts, explain, arguments, options):
    """mine() with explain=True, and its report written to `path` (report.py) from the explanation and
    one more pass over the corpus for the contexts; what mine() returns."""
    from .report import StageClock, check_report, contexts_for, report_data, write_report
    check_report(path, report_terms, report_contexts)
    read, disc = _split_options(options)
    paths, texts = check_corpus(paths, texts)
    clock = StageClock(read.get("progress"))
    settings = _report_settings(paths, texts, arguments, read, disc)
    glob = read.get("glob", "*.txt")
    with rereadable(paths, texts, read.get("tmpdir")) as (paths, texts):
        mined = mine(paths, texts=texts, explain=True, **arguments, **{**options, "progress": clock})
        size = None if paths is None else corpus_bytes(paths, glob)
        contexts = contexts_for(mined.explanation, texts if paths is None else paths, report_terms=report_terms,
                                report_contexts=report_contexts, keep_case=read.get("keep_case", False),
                                encoding=read.get("encoding", "utf-8"), glob=glob,
                                jsonl_field=read.get("jsonl_field"), max_chars=read.get("max_chars"),
                                total_bytes=size, progress=clock)
    clock(REPORTING, 0, None)
    attrs = mined.explanation.attrs
    data = report_data(mined.explanation, domain_tokens=attrs["domain_tokens"],
                       reference_tokens=attrs["reference_tokens"], termhood_weight=arguments["termhood_weight"],
                       report_terms=report_terms, contexts=contexts,
                       settings=settings, timings=clock.durations(), domain_bytes=size)
    write_report(path, data)
    return mined if explain else mined.terms


def _report_settings(paths, texts, arguments, read, disc):
    """The settings of a run as (name, value) pairs for the report, named as the library names them."""
    def corpus_name(items, given_texts, default):
        if items is None:
            return default if given_texts is None else "texts given as strings"
        if isinstance(items, NgramCounts):
            return "a count table"
        return ", ".join(os.fspath(p) for p in ([items] if isinstance(items, (str, os.PathLike)) else items))
    rules = arguments["rules"]
    return [("corpus", corpus_name(paths, texts, "")),
            ("reference", corpus_name(arguments["reference"], arguments["reference_texts"],
                                      "the built-in table of general Chinese")),
            ("measure", arguments["measure"]), ("segmentation", arguments["segmentation"]),
            ("termhood_weight", arguments["termhood_weight"]), ("min_count", disc.min_count),
            ("max_len", disc.max_len),
            ("rules switched off", ", ".join(sorted(rules.skip)) if rules and rules.skip else "none"),
            ("thresholds changed", ", ".join(f"{n}={v}" for n, v in rules.thresholds) if rules and rules.thresholds
             else "none"),
            ("keep_case", read.get("keep_case", False)), ("top", arguments["top"] or "all"),
            ("new_only", bool(arguments["new_only"] or arguments["known"] is not None))]


def _bracket_evidence(bracketed, written):
    """wordcount's bracketed pairs of lexicon rows as (outside, inside, marked) -> Counter of the characters
    before the outside term, over the written terms."""
    evidence = collections.defaultdict(collections.Counter)
    for (outside, inside, marked, before), n in bracketed.items():
        evidence[(written[outside], written[inside], marked)][before] += n
    return evidence


def _explanation(candidates, fired, lexicon, kept, discarded):
    """Every candidate, kept or not, as a DataFrame with EXPLAIN_COLUMNS: the kept terms by rank, then the
    other candidates and the strings the discovery rules dropped, in discovery's order."""
    import pandas as pd
    frame = candidates.copy()
    frame["rules"] = fired
    for column in ("word_count", "domain_count"):
        frame[column] = pd.array([None] * len(frame), dtype="Int64")
        frame.loc[lexicon["candidate"].to_numpy(), column] = lexicon[column].to_numpy()
    for column in _WORD_MEASURES + ("word_share", "reference_count", "termhood"):
        frame[column] = np.nan
        frame.loc[lexicon["candidate"].to_numpy(), column] = lexicon[column].to_numpy()
    frame["keyness"] = np.nan
    frame["rank"] = pd.array([None] * len(frame), dtype="Int64")
    frame.loc[kept["candidate"].to_numpy(), "keyness"] = kept["keyness"].to_numpy()
    frame.loc[kept["candidate"].to_numpy(), "rank"] = np.arange(1, len(kept) + 1)
    frame = pd.concat([frame, discarded], ignore_index=True) if discarded is not None else frame
    for name, values in {**share_columns(frame, DISCOVERY), **share_columns(frame, CANDIDATE_RULES),
                         **share_columns(frame, FILTER_RULES)}.items():
        frame[name] = values
    frame["kept"] = np.where(frame["rules"].map(bool), "no", "yes")
    frame["rules"] = frame["rules"].map(",".join)
    order = np.argsort(frame["rank"].fillna(len(frame) + 1).to_numpy(), kind="stable")
    frame = frame.iloc[order].reset_index(drop=True)
    for column in ("word_count", "domain_count", "rank"):     # blank where not measured
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame[EXPLAIN_COLUMNS]
