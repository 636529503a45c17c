"""termmine: mine the vocabulary of a specialised field from raw text, without labels."""
from .counting import NgramCounts, count_ngrams
from .errors import InputError, TableError, TermmineError
from .pipeline import discover

__version__ = "0.1.0"
__all__ = ["discover", "count_ngrams", "NgramCounts", "TermmineError", "InputError", "TableError", "__version__"]
