"""The stages in order: discover() for word discovery on one corpus."""
import dataclasses

from .counting import count_ngrams
from .discovery import DISCOVER_COLUMNS, DiscoverOptions, extract_candidates
from .errors import TermmineError

_READ_OPTIONS = ("encoding", "glob", "jsonl_field", "memory_limit", "jobs", "keep_case", "tmpdir", "max_chars",
                 "progress", "notify")


def _split_options(options, known):
    discover_fields = {f.name for f in dataclasses.fields(DiscoverOptions)}
    read, disc = {}, {}
    for key, value in options.items():
        if key in _READ_OPTIONS:
            read[key] = value
        elif key in discover_fields:
            disc[key] = value
        elif key not in known:
            raise TermmineError(f"unknown option '{key}'")
    if "min_cohesion" in disc:
        disc["min_cohesion"] = tuple(disc["min_cohesion"])
    return read, DiscoverOptions(**disc)


def discover(corpus, top=None, **options):
    """Candidate words of a corpus, best first, as a DataFrame with DISCOVER_COLUMNS.

    corpus: a path, a list of Path objects, or an iterable of texts. Options: those of DiscoverOptions
    (min_count, max_len, min_cohesion, min_entropy, fragment_ratio) and of count_ngrams (encoding, glob,
    jsonl_field, memory_limit, jobs, keep_case, tmpdir, progress, notify).
    """
    read, disc = _split_options(options, ())
    table = count_ngrams(corpus, max_n=disc.max_len, min_count=disc.min_count, **read)
    frame = extract_candidates(table, disc)
    if top is not None:
        frame = frame.head(top)
    return frame[DISCOVER_COLUMNS].reset_index(drop=True)
