"""evaluate_ranking(): precision and recall of a ranked term list against a gold list.

Only terms of two or more characters count, in the ranking and in the gold list, compared after NFKC
and lower-casing. P@k = share of the first k ranked terms that are gold; AP@1000 = the mean of the
precision at each rank (within the first 1000) where a gold term stands, over those hits; R@2000 =
share of the recall set (the gold list if none is given) found among the first 2000 terms.
"""
import re
import unicodedata

from .corpus import iter_json_field
from .errors import TermmineError


def _key(term):
    return unicodedata.normalize("NFKC", term).strip().lower()


def read_terms(path):
    """The terms of a ranked file, in order: any format termmine writes (output.FORMATS: tsv or csv with a
    header whose first column is `term`, jsonl with a "term" field, jieba's `word freq` lines, the
    table with its header and rule line), or one term a line (a tab ends it)."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            lines = [line.rstrip("\n\r") for line in f]
    except OSError as e:
        raise TermmineError(f"{path}: cannot read ({e.strerror})") from None
    except UnicodeDecodeError:
        raise TermmineError(f"{path}: not UTF-8") from None
    while lines and not lines[-1].strip():
        lines.pop()
    first = lines[0] if lines else ""
    if first.startswith("{"):
        terms = _jsonl_terms(path, lines)
    elif first.split("\t")[0] == "term":
        terms = [line.split("\t")[0] for line in lines[1:]]
    elif first.split(",")[0] in ("term", '"term"'):
        import csv
        terms = [row[0] if row else "" for row in csv.reader(lines[1:])]
    elif first.split(" ")[0] == "term" and len(lines) > 1 and _TABLE_RULE.fullmatch(lines[1]):
        terms = _table_terms(lines[2:], len(lines[1].split(" ")[0]))
    elif lines and all(_JIEBA_LINE.fullmatch(line) or _HANLP_LINE.fullmatch(line) for line in lines if line):
        terms = [line.split(" ")[0] for line in lines]
    else:
        terms = [line.split("\t")[0].strip() for line in lines]
    return [t for t in terms if t]


_TABLE_RULE = re.compile(r"-+(  -+)*")           # under the header of output.py's table format
_JIEBA_LINE = re.compile(r"\S+ \d+( \S+)?")      # a jieba user dictionary: word, frequency, optional tag
_HANLP_LINE = re.compile(r"\S+ [a-z]+ \d+")      # HanLP's custom dictionary: word, tag, frequency


def _jsonl_terms(path, lines):
    return list(iter_json_field(lines, path, "term", error=TermmineError))


def _table_terms(rows, width):
    """The first column of output.py's table rows: the text within `width` display columns (a wide
    character takes two), padding removed, so that a term with a space stays whole."""
    terms = []
    for row in rows:
        used = end = 0
        while end < len(row) and used < width:
            used += 2 if unicodedata.east_asian_width(row[end]) in "WF" else 1
            end += 1
        terms.append(row[:end].rstrip())
    return terms


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
