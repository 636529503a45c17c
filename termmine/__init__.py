"""termmine: mine the vocabulary of a specialised field from raw text, without labels.

The public API is loaded on first use, so that `termmine --help` does not wait for NumPy and Numba.
"""
import importlib

__version__ = "0.1.0"
_API = {
    "mine": "pipeline", "discover": "pipeline", "count": "pipeline", "expand": "expand",
    "save_counts": "tables", "load_counts": "tables", "merge_counts": "tables",
    "NgramCounts": "tables",
    "TermmineError": "errors", "InputError": "errors", "TableError": "errors",
    "Rules": "rules", "RULES": "rules",
}
__all__ = list(_API) + ["__version__"]


def __getattr__(name):
    if name in _API:
        value = getattr(importlib.import_module(f".{_API[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'termmine' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
