"""evaluate_ranking(): precision and recall of a ranked term list against a gold list.

Only terms of two or more characters count, in the ranking and in the gold list, compared after NFKC
and lower-casing. P@k = share of the first k ranked terms that are gold; AP@1000 = the mean of the
precision at each rank (within the first 1000) where a gold term stands, over those hits; R@2000 =
share of the recall set (the gold list if none is given) found among the first 2000 terms.
"""
import unicodedata

from .errors import TermmineError


def _key(term):
    return unicodedata.normalize("NFKC", term).strip().lower()


def read_terms(path):
    """Terms from a ranked file: TSV/CSV with a header whose first column is `term`, or one per line."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            lines = [line.rstrip("\n\r") for line in f]
    except OSError as e:
        raise TermmineError(f"{path}: cannot read ({e.strerror})") from None
    except UnicodeDecodeError:
        raise TermmineError(f"{path}: not UTF-8") from None
    if lines and lines[0].split("\t")[0].split(",")[0] == "term":
        sep = "\t" if "\t" in lines[0] else ","
        lines = [line.split(sep)[0] for line in lines[1:]]
    else:
        lines = [line.split("\t")[0].split(" ")[0] for line in lines]
    return [t for t in lines if t]


def evaluate_ranking(ranked, gold, recall_set=None):
    gold = {_key(g) for g in gold if len(_key(g)) >= 2}
    recall_set = gold if recall_set is None else {_key(g) for g in recall_set if len(_key(g)) >= 2}
    seen = set()
    terms = []
    for t in ranked:
        k = _key(t)
        if len(k) >= 2 and k not in seen:
            seen.add(k)
            terms.append(k)
    hits = [t in gold for t in terms]

    def precision(k):
        return sum(hits[:k]) / k if terms else 0.0

    precisions = []
    found = 0
    for i, hit in enumerate(hits[:1000], 1):
        if hit:
            found += 1
            precisions.append(found / i)
    return {"P@100": precision(100), "P@500": precision(500), "P@1000": precision(1000),
            "AP@1000": sum(precisions) / len(precisions) if precisions else 0.0,
            "R@2000": len(set(terms[:2000]) & recall_set) / len(recall_set) if recall_set else 0.0}
