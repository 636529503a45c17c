"""Comparison baselines that the benchmarks run side by side with termmine.

Three baselines are provided:

* ``run_wordfinder``: unsupervised word discovery with nlp_zero 0.1.6's
  ``Word_Finder(min_proba=1e-6, min_pmi=0.5)``, the discovery step of the
  2019 blog post "分享一次专业领域词汇的无监督挖掘".
* ``post_pipeline``: that post's domain/reference contrast, which ranks the
  words found in a domain corpus by a smoothed frequency ratio against the
  words found in a reference corpus.
* ``jieba_tfidf``: ``jieba.analyse.extract_tags`` over the whole domain text.

nlp_zero and jieba are imported lazily so that importing this module costs
nothing.  nlp_zero must be installed separately (``pip install
nlp_zero==0.1.6``).

Command line::

    python benchmarks/baselines.py CORPUS [REFERENCE] [--save DIR]

runs every baseline in a fresh ``spawn`` subprocess (so peak RSS is measured
per baseline) and prints a small table to stdout.  ``--save DIR`` also writes
the Word_Finder counts as ``wf_domain.tsv`` / ``wf_reference.tsv``.
"""

from __future__ import annotations

import collections
import collections.abc
import os
import sys
import time
from typing import Dict, Iterator, List, Mapping, Tuple

__all__ = [
    "LineCorpus",
    "run_wordfinder",
    "contrast_scores",
    "post_pipeline",
    "jieba_tfidf",
    "write_counts_tsv",
    "read_counts_tsv",
]


class LineCorpus:
    """Re-iterable view of a UTF-8 text file, one stripped line per item.

    Word_Finder walks its input twice (``train`` then ``find``), so a plain
    generator would be exhausted after the first pass; every ``__iter__`` call
    here opens the file again.
    """

    def __init__(self, path: str) -> None:
        self.path = os.fspath(path)

    def __iter__(self) -> Iterator[str]:
        with open(self.path, encoding="utf-8") as handle:
            for line in handle:
                yield line.strip()


def _import_nlp_zero():
    # nlp_zero 0.1.6 does ``from collections import Iterable``, which was
    # removed in Python 3.10; restore the alias before importing it.
    if not hasattr(collections, "Iterable"):
        collections.Iterable = collections.abc.Iterable
    import nlp_zero

    return nlp_zero


def run_wordfinder(
    path: str, min_proba: float = 1e-6, min_pmi: float = 0.5
) -> Dict[str, int]:
    """Run nlp_zero's Word_Finder on ``path`` and return ``{word: count}``.

    After ``find`` the finder's ``words`` attribute is a plain dict mapping
    every retained segment (single characters included) to its count in the
    corpus, after nlp_zero's own pruning (``min_proba``) and redundancy
    removal.  That dict is returned as is, with plain ``int`` counts.
    """
    nlp_zero = _import_nlp_zero()
    texts = LineCorpus(path)
    finder = nlp_zero.Word_Finder(min_proba=min_proba, min_pmi=min_pmi)
    finder.train(texts)
    finder.find(texts)
    return {word: int(count) for word, count in finder.words.items()}


def contrast_scores(
    domain_counts: Mapping[str, float],
    reference_counts: Mapping[str, float],
    zero_fill: bool = False,
) -> List[Tuple[str, float]]:
    """Rank domain words by the post's smoothed frequency ratio.

    Reference counts are first rescaled so that their total equals the domain
    total (both totals over all found words).  For each kept word, with
    ``t = f_dom + f_ref``::

        score = (f_dom + a * m) / (t + m)

    where ``m`` is the mean of ``t`` and ``a = sum(f_dom) / sum(t)``, both
    taken over the kept words.  With ``zero_fill=False`` (as published) only
    words found in both corpora are kept; with ``zero_fill=True`` every word
    found in either corpus is kept and a missing count is 0.  The result is
    sorted by score descending, ties broken by the word.
    """
    dom_total = float(sum(domain_counts.values()))
    ref_total = float(sum(reference_counts.values()))
    scale = dom_total / ref_total if ref_total else 0.0

    if zero_fill:
        vocab = set(domain_counts) | set(reference_counts)
    else:
        vocab = set(domain_counts) & set(reference_counts)
    if not vocab:
        return []

    dom = {w: float(domain_counts.get(w, 0)) for w in vocab}
    ref = {w: float(reference_counts.get(w, 0)) * scale for w in vocab}
    both = {w: dom[w] + ref[w] for w in vocab}

    both_sum = sum(both.values())
    mean_both = both_sum / len(vocab)
    alpha = sum(dom.values()) / both_sum if both_sum else 0.0

    scored = [
        (w, (dom[w] + alpha * mean_both) / (both[w] + mean_both)) for w in vocab
    ]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored


def post_pipeline(
    domain_path: str, reference_path: str, zero_fill: bool = False
) -> List[Tuple[str, float]]:
    """Word_Finder on both corpora, then ``contrast_scores`` on the counts."""
    domain_counts = run_wordfinder(domain_path)
    reference_counts = run_wordfinder(reference_path)
    return contrast_scores(domain_counts, reference_counts, zero_fill=zero_fill)


def jieba_tfidf(path: str, top_k: int = 3000) -> List[str]:
    """jieba's TF-IDF keywords over the whole file read as one string."""
    import jieba.analyse

    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    return list(jieba.analyse.extract_tags(text, topK=top_k))


def write_counts_tsv(counts: Mapping[str, int], path: str) -> None:
    """Write ``word<TAB>count`` lines, by count descending then word."""
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    with open(path, "w", encoding="utf-8") as handle:
        for word, count in rows:
            handle.write(f"{word}\t{count}\n")


def read_counts_tsv(path: str) -> Dict[str, int]:
    """Read a file written by ``write_counts_tsv``."""
    counts: Dict[str, int] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, _, count = line.rstrip("\n").rpartition("\t")
            if word:
                counts[word] = int(count)
    return counts


# --------------------------------------------------------------------------
# Command line: one fresh subprocess per baseline.
# --------------------------------------------------------------------------


def _child(func_name: str, args: tuple, queue) -> None:
    import resource

    start = time.perf_counter()
    result = globals()[func_name](*args)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    queue.put((seconds, peak_kib, result))


def _run_isolated(func_name: str, *args):
    """Run ``func_name(*args)`` in a spawned process.

    Returns ``(seconds, peak_rss_mib, result)``; seconds covers the call only,
    peak RSS is the child's own maximum resident set size.
    """
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(func_name, args, queue))
    proc.start()
    seconds, peak_kib, result = queue.get()  # read before join: large payloads
    proc.join()
    if proc.exitcode != 0:
        raise RuntimeError(f"{func_name} exited with code {proc.exitcode}")
    return seconds, peak_kib / 1024.0, result


def _main(argv: List[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("reference", nargs="?")
    parser.add_argument("--save", metavar="DIR", help="write Word_Finder TSVs here")
    parser.add_argument("--top-k", type=int, default=3000)
    opts = parser.parse_args(argv)

    rows = []  # (name, seconds, peak MiB, words)

    sec, mib, dom_counts = _run_isolated("run_wordfinder", opts.corpus)
    rows.append(("wordfinder(domain)", sec, mib, list(
        w for w, _ in sorted(dom_counts.items(), key=lambda i: (-i[1], i[0])))))
    if opts.save:
        os.makedirs(opts.save, exist_ok=True)
        write_counts_tsv(dom_counts, os.path.join(opts.save, "wf_domain.tsv"))

    if opts.reference:
        rsec, rmib, ref_counts = _run_isolated("run_wordfinder", opts.reference)
        rows.append(("wordfinder(reference)", rsec, rmib, list(
            w for w, _ in sorted(ref_counts.items(), key=lambda i: (-i[1], i[0])))))
        if opts.save:
            write_counts_tsv(ref_counts, os.path.join(opts.save, "wf_reference.tsv"))
        # The contrast step is cheap; it reuses the two Word_Finder runs, so
        # its row reports their summed time and the larger of their peaks.
        for label, fill in (("post(published)", False), ("post(zero_fill)", True)):
            start = time.perf_counter()
            ranked = contrast_scores(dom_counts, ref_counts, zero_fill=fill)
            csec = time.perf_counter() - start
            rows.append((label, sec + rsec + csec, max(mib, rmib),
                         [w for w, _ in ranked]))

    jsec, jmib, tags = _run_isolated("jieba_tfidf", opts.corpus, opts.top_k)
    rows.append(("jieba_tfidf", jsec, jmib, tags))

    print(f"{'baseline':<22} {'seconds':>9} {'peak_MiB':>9} {'words':>8}  first 20")
    for name, seconds, mib, words in rows:
        print(f"{name:<22} {seconds:>9.1f} {mib:>9.1f} {len(words):>8}  "
              + " ".join(words[:20]))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
