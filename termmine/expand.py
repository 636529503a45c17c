"""Expansion from seed terms: a lexicon of one kind grown from a few examples.

The third step of the 2019 post that termmine follows. The domain text is cut into words by jieba with
the mined terms (and the seeds) added to its dictionary, so that each term is one token; word vectors are
trained on that text with gensim's Word2Vec (skip-gram); then the mined terms are walked breadth-first
from the seeds. At depth d, each term reached at depth d - 1 (the seeds at depth 0) brings in its
`neighbours` nearest mined terms whose cosine similarity to it is at least threshold + (d - 1) * step:
the bar rises with depth, so the walk stays near the seeds and ends. A term reached from several terms of
one depth is kept with the most similar one. Rows come out by depth, then similarity.

Deterministic: training runs in one thread from a fixed seed (gensim's own advice for reproducible
vectors), and nothing depends on the order of a set or a dictionary.
"""
import contextlib
import math
import os
from pathlib import Path

import numpy as np

from .config import EXPAND_MAX_DEPTH, EXPAND_NEIGHBOURS, EXPAND_STEP, EXPAND_THRESHOLD
from .corpus import check_corpus, corpus_bytes, iter_texts, rereadable
from .errors import InputError, TermmineError
from .files import atomic_path, check_output_path, temporary_folder
from .progress import EXPANDING, SEGMENTING, TRAINING, bytes_read, no_progress
from .workers import available_cores, iter_forked

EXPAND_COLUMNS = ["term", "similarity", "depth", "seed", "score"]
THRESHOLD = EXPAND_THRESHOLD        # similarity a term needs at depth 1 ... (benchmarks/bench_expand.py)
THRESHOLD_STEP = EXPAND_STEP        # ... and how much more at each further depth
MAX_DEPTH = EXPAND_MAX_DEPTH
NEIGHBOURS = EXPAND_NEIGHBOURS      # nearest mined terms that each term of the walk brings in, at most
VECTOR_SIZE = 100
WINDOW = 5
EPOCHS = 5
MIN_COUNT = 3            # words seen fewer times get no vector
SEED = 1


def _gensim():
    try:
        import gensim  # noqa: F401
        from gensim.models import KeyedVectors, Word2Vec
    except ImportError:
        raise TermmineError("expand needs gensim: pip install 'termmine[expand]'") from None
    return Word2Vec, KeyedVectors


def check_seeds(seeds, seeds_file=None):
    """The seed terms, in the order given and without repeats, from a comma-separated string or a list,
    and from a file of one a line; an error if there are none."""
    out = []
    if isinstance(seeds, str):
        seeds = seeds.replace("，", ",").split(",")
    for seed in list(seeds or ()):
        out.append(str(seed).strip())
    if seeds_file is not None:
        try:
            with open(seeds_file, encoding="utf-8-sig") as f:
                out.extend(line.split("\t")[0].strip() for line in f)
        except OSError as e:
            raise InputError(f"{seeds_file}: cannot read the seeds ({e.strerror})") from None
        except UnicodeDecodeError:
            raise InputError(f"{seeds_file}: the seeds are not UTF-8") from None
    out = list(dict.fromkeys(s for s in out if s))
    if not out:
        raise InputError("no seed terms: give --seeds a,b,c or --seeds-file")
    if any(" " in s for s in out):
        raise InputError("a seed has a space: " + ", ".join(s for s in out if " " in s))
    return out


def read_ranked(path):
    """(terms, scores) of a ranked file that termmine wrote: any format evaluate.read_terms reads; the
    scores where the file has a `score` column, else NaN."""
    from .evaluate import read_terms
    terms = read_terms(path)
    scores = [math.nan] * len(terms)
    name = os.fspath(path)
    with contextlib.suppress(Exception):
        import pandas as pd
        if name.endswith((".tsv", ".csv", ".jsonl", ".tsv.gz", ".csv.gz", ".jsonl.gz")):
            if ".jsonl" in name:
                frame = pd.read_json(name, lines=True)
            else:
                frame = pd.read_csv(name, sep="\t" if ".tsv" in name else ",", keep_default_na=False)
            if "score" in frame and len(frame) == len(terms):
                scores = frame["score"].astype(float).tolist()
    return terms, scores


def expand(paths=None, *, texts=None, seeds, seeds_file=None, terms=None, vectors=None, top=None,
           threshold=THRESHOLD, step=THRESHOLD_STEP, max_depth=MAX_DEPTH, neighbours=NEIGHBOURS,
           vector_size=VECTOR_SIZE, window=WINDOW, epochs=EPOCHS, min_count=MIN_COUNT, seed=SEED,
           encoding="utf-8", glob="*.txt", jsonl_field=None, jobs=None, tmpdir=None, progress=None,
           notify=None, **mine_options):
    """Terms of the seeds' kind: a DataFrame with EXPAND_COLUMNS (the term, its similarity to the term
    it was reached from, the depth, the seed it was reached from, and its mine score).

    `terms` is the ranked list to expand within: a DataFrame with `term` (and `score`) columns, a file
    that termmine wrote, or None to mine the corpus first (with mine_options). `vectors` is a path: if it
    holds vectors (word2vec binary format), they are used and the corpus is not read for them; otherwise
    they are trained and saved there. The corpus is `paths` or `texts`, as for mine(); it is needed
    unless both `terms` and saved `vectors` are given. Every seed must occur in the corpus (and have a
    vector): else an InputError, raised before mining and training."""
    Word2Vec, KeyedVectors = _gensim()
    seeds = check_seeds(seeds, seeds_file)
    progress = progress or no_progress
    have_vectors = vectors is not None and os.path.exists(vectors)
    if vectors is not None and not have_vectors:
        check_output_path(os.fspath(vectors), example="vectors.bin", flag="`vectors`")
    if not (have_vectors and terms is not None):
        paths, texts = check_corpus(paths, texts)
    if isinstance(terms, (str, os.PathLike)):
        ranked, scores = read_ranked(terms)
    elif terms is not None:
        ranked = [str(t) for t in terms["term"]]
        scores = terms["score"].astype(float).tolist() if "score" in terms else [math.nan] * len(ranked)
    else:
        ranked = scores = None
    read = {"encoding": encoding, "glob": glob, "jsonl_field": jsonl_field}
    with contextlib.ExitStack() as stack:
        if not (have_vectors and terms is not None):
            paths, texts = stack.enter_context(rereadable(paths, texts, tmpdir))
            corpus = texts if paths is None else paths
        if have_vectors:
            try:
                kv = KeyedVectors.load_word2vec_format(os.fspath(vectors), binary=True)
            except Exception as e:
                raise InputError(f"{vectors}: not word vectors that termmine saved ({e})") from None
            _check_in_vectors(seeds, kv, vectors)
        else:
            _check_in_corpus(seeds, corpus, read)
        if ranked is None:
            from .pipeline import mine
            mined = mine(paths, texts=texts, progress=progress, notify=notify, jobs=jobs, encoding=encoding,
                         glob=glob, jsonl_field=jsonl_field, **mine_options)
            ranked, scores = mined["term"].tolist(), mined["score"].astype(float).tolist()
        if not have_vectors:
            kv = train_vectors(corpus, ranked + seeds, read, vector_size=vector_size, window=window,
                               epochs=epochs, min_count=min_count, seed=seed, jobs=jobs, tmpdir=tmpdir,
                               progress=progress)
            _check_in_vectors(seeds, kv, None, min_count)
            if vectors is not None:
                _save(kv, os.fspath(vectors))
    progress(EXPANDING, 0, None)
    frame = walk(kv, seeds, ranked, scores, threshold=threshold, step=step, max_depth=max_depth,
                 neighbours=neighbours)
    progress(EXPANDING, 1, None)
    return frame if top is None else frame.head(top)


def _save(kv, path):
    """Save vectors in word2vec's binary format, whole or not at all (files.atomic_path)."""
    with atomic_path(path) as tmp:
        kv.save_word2vec_format(tmp, binary=True)


def _check_in_corpus(seeds, corpus, read):
    """An InputError naming the seeds that the corpus never contains (one pass over it, before the long
    work)."""
    missing = set(seeds)
    for text in iter_texts(corpus, **read):
        missing = {s for s in missing if s not in text}
        if not missing:
            return
    raise InputError("seed not in the corpus: " + ", ".join(s for s in seeds if s in missing))


def _check_in_vectors(seeds, kv, vectors, min_count=None):
    missing = [s for s in seeds if s not in kv.key_to_index]
    if missing:
        where = (f"the vectors of {vectors}" if vectors is not None
                 else f"the corpus as a word seen {min_count} times or more")
        raise InputError(f"seed not in {where}: " + ", ".join(missing))


def _tokenizer(words):
    """A jieba tokenizer of its own dictionary with `words` added (each with the frequency that makes
    jieba cut it whole), so that every mined term is one token."""
    import logging

    import jieba
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in dict.fromkeys(words):
        if word and not any(ch.isspace() for ch in word):
            tokenizer.add_word(word)
    return tokenizer


def _segmented(tokenizer, text):
    """The lines of a text as lines of tokens separated by spaces (no empty lines, no space tokens)."""
    out = []
    for line in text.splitlines():
        words = [w for w in tokenizer.lcut(line, HMM=False) if not w.isspace()]
        if words:
            out.append(" ".join(words))
    return "\n".join(out) + "\n" if out else ""


def cut_corpus(corpus, words, read, path, *, jobs=None, progress=no_progress):
    """Write the corpus cut by jieba with `words` added to its dictionary to `path`, a line of words
    separated by spaces for each line of text."""
    tokenizer = _tokenizer(words)
    jobs = available_cores() if jobs is None else max(1, int(jobs))
    size = corpus_bytes(corpus, read.get("glob", "*.txt"))
    pieces = iter_texts(corpus, **read, on_bytes=bytes_read(progress, SEGMENTING, size))
    with open(path, "w", encoding="utf-8") as f:
        for lines in iter_forked(_segmented, tokenizer, pieces, jobs):
            f.write(lines)


def train_vectors(corpus, words, read, *, vector_size=VECTOR_SIZE, window=WINDOW, epochs=EPOCHS,
                  min_count=MIN_COUNT, seed=SEED, jobs=None, tmpdir=None, progress=no_progress):
    """gensim KeyedVectors trained (skip-gram, one thread, fixed seed) on the corpus cut by jieba with
    `words` added to its dictionary (cut_corpus). The cut text goes to a temporary file that gensim
    streams, so memory does not grow with the corpus."""
    Word2Vec, _ = _gensim()
    from gensim.models.callbacks import CallbackAny2Vec
    from gensim.models.word2vec import LineSentence
    with temporary_folder(tmpdir) as folder:
        cut = Path(folder) / "cut.txt"
        cut_corpus(corpus, words, read, cut, jobs=jobs, progress=progress)

        class Epochs(CallbackAny2Vec):
            def __init__(self):
                self.done = 0

            def on_epoch_end(self, model):
                self.done += 1
                progress(TRAINING, self.done, epochs)

        progress(TRAINING, 0, epochs)
        model = Word2Vec(LineSentence(str(cut)), vector_size=vector_size, window=window, min_count=min_count,
                         sg=1, workers=1, seed=seed, epochs=epochs, callbacks=[Epochs()])
    return model.wv


def _candidates(kv, seeds, ranked):
    """The ranked terms, once each, that have vectors and are not seeds, and their unit vectors (a row
    each)."""
    seed_set = set(seeds)
    keys = [t for t in dict.fromkeys(ranked) if t in kv.key_to_index and t not in seed_set]
    matrix = np.stack([kv.get_vector(t, norm=True) for t in keys]) if keys else np.zeros((0, kv.vector_size))
    return keys, matrix


def walk(kv, seeds, ranked, scores, *, threshold=THRESHOLD, step=THRESHOLD_STEP, max_depth=MAX_DEPTH,
         neighbours=NEIGHBOURS):
    """The breadth-first walk from the seeds among the ranked terms that have vectors (see the module's
    docstring), as a DataFrame with EXPAND_COLUMNS."""
    import pandas as pd
    score_of = dict(zip(ranked, scores))
    keys, matrix = _candidates(kv, seeds, ranked)
    rows = []
    if keys:
        index = {t: j for j, t in enumerate(keys)}
        taken = np.zeros(len(keys), dtype=bool)
        frontier = [(s, s) for s in seeds]
        for depth in range(1, max_depth + 1):
            bar = threshold + (depth - 1) * step
            best = np.full(len(keys), -np.inf)
            origin = np.full(len(keys), -1)
            for i, (node, _) in enumerate(frontier):
                sims = matrix @ kv.get_vector(node, norm=True)
                if node in index:
                    sims[index[node]] = -np.inf         # a term is not its own neighbour
                near = np.argsort(-sims, kind="stable")[:neighbours]
                near = near[(sims[near] >= bar) & ~taken[near] & (sims[near] > best[near])]
                best[near], origin[near] = sims[near], i
            reached = np.flatnonzero(origin >= 0)
            reached = reached[np.lexsort((reached, -best[reached]))]
            rows += [(keys[j], float(best[j]), depth, frontier[origin[j]][1]) for j in reached]
            taken[reached] = True
            frontier = [(keys[j], frontier[origin[j]][1]) for j in reached]
            if not frontier:
                break
    frame = pd.DataFrame(rows, columns=EXPAND_COLUMNS[:4])
    frame["similarity"] = frame["similarity"].round(4)
    frame["score"] = [score_of.get(t, math.nan) for t in frame["term"]]
    return frame


def nearest_to_mean(kv, seeds, ranked, top=50):
    """The baseline: the `top` ranked terms nearest to the mean of the seeds' unit vectors."""
    keys, matrix = _candidates(kv, seeds, ranked)
    mean = np.mean([kv.get_vector(s, norm=True) for s in seeds], axis=0)
    sims = matrix @ mean
    order = np.argsort(-sims, kind="stable")[:top]
    return [keys[j] for j in order]
