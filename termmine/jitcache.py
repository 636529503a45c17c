"""Where Numba keeps termmine's compiled kernels: in the user's cache folder, never in the installed package.

Left to itself, Numba caches a `cache=True` function beside its source, in termmine/__pycache__. pip does
not know those files, so `pip uninstall` (also the one inside `pip install -e .`) leaves the folder behind,
and the termmine/ it keeps in site-packages then shadows the new install as an empty namespace package.
So the kernels of kernels.py are cached in

    $NUMBA_CACHE_DIR/termmine/KEY     when the user set NUMBA_CACHE_DIR
    $XDG_CACHE_HOME/termmine/KEY      otherwise (~/.cache/termmine/KEY without XDG_CACHE_HOME; on macOS
                                      ~/Library/Caches/termmine/KEY, on Windows %LOCALAPPDATA%\\termmine\\KEY)

where KEY names termmine's and Numba's versions and the folder termmine is installed in, so that two
installs (a virtual environment, an editable checkout) never write over each other's kernels. Numba's other
functions in the same process (a notebook's own) are cached wherever Numba would put them anyway.

When that folder cannot be written, or Numba no longer has the list of locators this module extends,
CACHE is False and the kernels are compiled in each process, writing nothing. A user who chose Numba's
locators with NUMBA_CACHE_LOCATOR_CLASSES gets what they chose (FOLDER is then None).

kernels.py imports CACHE before its decorators run and passes it as `cache=`.
"""
import functools
import hashlib
import os
import sys
import tempfile
from pathlib import Path

import numba

from . import __version__

PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))


def _user_cache_root():
    """The user's cache folder, or None when there is no home to put it in."""
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) if base else None
    try:
        home = Path.home()
    except (KeyError, RuntimeError):     # no HOME and no entry in the password database
        home = None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" if home else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(base):              # the XDG spec says a relative value is to be ignored
        return Path(base)
    return home / ".cache" if home else None


def _cache_folder():
    """The folder of this install's kernels, or None when there is no place for it."""
    root = Path(numba.config.CACHE_DIR) if numba.config.CACHE_DIR else _user_cache_root()
    if root is None:
        return None
    place = hashlib.sha1(PACKAGE_DIR.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    parent = os.path.basename(os.path.dirname(PACKAGE_DIR)) or "root"
    return root / "termmine" / f"{__version__}-numba{numba.__version__}-{parent}-{place}"


@functools.lru_cache(maxsize=None)
def _source_hash(path, mtime_ns, size):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class _Locator:
    """Numba's cache-locator protocol, for the functions defined in termmine's own source files: each is
    cached in FOLDER, stamped with a hash of its source file. Any other file is left to Numba's locators."""

    def __init__(self, py_func, py_file):
        self._py_file = py_file
        self._lineno = py_func.__code__.co_firstlineno

    @classmethod
    def from_function(cls, py_func, py_file):
        if os.path.dirname(os.path.realpath(py_file)) != PACKAGE_DIR:
            return None
        return cls(py_func, py_file)

    def ensure_cache_path(self):
        FOLDER.mkdir(parents=True, exist_ok=True)

    def get_cache_path(self):
        return str(FOLDER)

    def get_source_stamp(self):
        st = os.stat(self._py_file)
        return _source_hash(self._py_file, st.st_mtime_ns, st.st_size)

    def get_disambiguator(self):
        return str(self._lineno)


def _numba_locators():
    """The list of locator classes Numba tries, in order, for each function it caches. It is Numba's
    internal (numba.core.caching.CacheImpl._locator_classes; _CacheImpl in older versions), used nowhere
    else in termmine: None when it is not there, and the kernels are then not cached."""
    try:
        from numba.core import caching
    except ImportError:
        return None
    impl = getattr(caching, "CacheImpl", None) or getattr(caching, "_CacheImpl", None)
    locators = getattr(impl, "_locator_classes", None)
    return locators if isinstance(locators, list) else None


def _enable():
    """(True, None) once FOLDER is writable and _Locator is the first locator Numba tries; else (False,
    why not)."""
    if _USER_LOCATORS:
        return True, None
    if FOLDER is None:
        return False, "there is no home folder to cache them in; set NUMBA_CACHE_DIR to a writable folder"
    try:
        FOLDER.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=FOLDER).close()
    except OSError as e:
        return False, f"cannot write {FOLDER} ({e.strerror or e}); set NUMBA_CACHE_DIR to a writable folder"
    locators = _numba_locators()
    if locators is None:
        return False, f"Numba {numba.__version__} has no list of cache locators that termmine knows"
    locators[:] = [c for c in locators if getattr(c, "__module__", None) != __name__]   # a reload's old one
    locators.insert(0, _Locator)
    return True, None


_USER_LOCATORS = bool(getattr(numba.config, "CACHE_LOCATOR_CLASSES", ""))   # NUMBA_CACHE_LOCATOR_CLASSES
FOLDER = None if _USER_LOCATORS else _cache_folder()
CACHE, PROBLEM = _enable()


def is_cold():
    """True when this process will compile the kernels: none is cached yet for this install (the first run
    after an install or upgrade, some 5 s), or they cannot be cached (PROBLEM says why)."""
    if not CACHE:
        return True
    if FOLDER is None:                   # the user's own NUMBA_CACHE_LOCATOR_CLASSES: theirs to know
        return False
    try:
        return not any(name.endswith(".nbi") for name in os.listdir(FOLDER))
    except OSError:
        return True
