"""The choices of the settings that take one of a list, and settings given as text, read the same way by
the command line and the library. Light: the command line reads its options with it before NumPy and
Numba are imported."""
import math

from .errors import TermmineError

# output.py writes each; jieba, hanlp and words are lexicons that segmenters load as they are, synonyms
# the variant groups of mine (a line a group, as the synonym filters of Elasticsearch and Solr read them)
FORMATS = ("tsv", "csv", "jsonl", "jieba", "hanlp", "words", "synonyms", "table")
MEASURES = ("post", "simple", "g2", "log_ratio")        # contrast.py computes each
SEGMENTATIONS = ("probable", "longest")                 # how mine() counts candidates as words (wordcount.py)
# mine() ranks by keyness + TERMHOOD_WEIGHT * termhood (termhood.py): against 0, read blind, more terms in
# the top 100 of eight corpora of ten; law's R@2000 0.096 to 0.120 (docs/benchmarks.md)
TERMHOOD_WEIGHT = 1.0


def parse_size(text):
    """'2G', '300M', '512k' or a number of bytes -> bytes."""
    units = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    s = str(text).strip().lower()
    s = s[:-1] if s.endswith("b") else s
    num = s.rstrip("kmgt")
    unit = s[len(num):]
    try:
        value = float(num)
    except ValueError:
        value = -1.0
    if not (value > 0 and unit in units and math.isfinite(value)):
        raise TermmineError(f"cannot read '{text}' as a size; write it like 2G, 300M or 500000000")
    return int(value * units[unit])

# expand(): the walk from the seeds (a term at depth d needs similarity EXPAND_THRESHOLD + (d - 1) *
# EXPAND_STEP to the term it is reached from), chosen by benchmarks/bench_expand.py: four walks reach the
# held-out seed equally often in all six seed sets; this one reaches the fewest terms
EXPAND_THRESHOLD = 0.7
EXPAND_STEP = 0.05
EXPAND_MAX_DEPTH = 3
EXPAND_NEIGHBOURS = 10

# the HTML report (report.py): rows of its table, the best terms, and lines of context shown for each;
# with these, law's report is 3.0 MB (docs/benchmarks.md)
REPORT_TERMS = 2000
REPORT_CONTEXTS = 5
