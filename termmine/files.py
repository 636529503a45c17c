"""Files that are never left half made: atomic_file() and atomic_path() write beside the target and rename
into place, temporary folders are removed on every exit path, also when an interrupt lands while they are
removed."""
import contextlib
import io
import os
import shutil
import tempfile

from .errors import TermmineError


def check_output_path(path, example=None, flag="-o"):
    """The folder of `path`, or an error unless `path` can name a new file: it is not a folder, and its
    folder exists and may be written in. `example`: a file name to suggest in the folder; `flag`: the
    option or parameter that gave the path, as messages name it."""
    path = os.fspath(path)
    if os.path.isdir(path):
        such_as = f", such as {os.path.join(path, example)}" if example else ""
        raise TermmineError(f"{path}: is a folder; give {flag} a file name{such_as}")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise TermmineError(f"{path}: the folder {folder} does not exist; create it or choose another {flag}")
    if not os.access(folder, os.W_OK):
        raise TermmineError(f"{path}: cannot write in {folder} (permission denied); choose another {flag}")
    return folder


@contextlib.contextmanager
def atomic_path(path):
    """The name of a new file beside `path` for the block to write (by any library that takes a name),
    renamed to `path` only when the block ends without an error; on any failure or interrupt it is
    removed and a file that was there before is left unchanged."""
    path = os.fspath(path)
    folder = check_output_path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".part", dir=folder)
    except OSError as e:
        raise TermmineError(f"{path}: cannot write in {folder} ({e.strerror}); choose another -o") from None
    try:
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        yield tmp
        os.replace(tmp, path)
    except OSError as e:
        _remove(tmp)
        raise TermmineError(f"{path}: writing failed ({e.strerror or e}); nothing was written") from None
    except BaseException:
        _remove(tmp)
        raise


@contextlib.contextmanager
def atomic_file(path, mode="w"):
    """A file object for `path` that is written beside it and renamed into place only when the block
    ends without an error (atomic_path), flushed to the disk first."""
    with atomic_path(path) as tmp:
        kwargs = {"encoding": "utf-8", "newline": ""} if "b" not in mode else {}
        with io.open(tmp, mode, **kwargs) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())


def _remove(path):
    try:
        os.unlink(path)
    except OSError:
        pass


def make_temporary_folder(tmpdir=None):
    """A new folder named termmine-* in `tmpdir` (the system's temporary folder if None); the caller
    removes it with remove_folder."""
    return tempfile.mkdtemp(prefix="termmine-", dir=tmpdir)


@contextlib.contextmanager
def temporary_folder(tmpdir=None):
    """A new folder (make_temporary_folder) for the block, removed with what it holds when it ends."""
    folder = make_temporary_folder(tmpdir)
    try:
        yield folder
    finally:
        remove_folder(folder)


def remove_folder(folder):
    """Remove a temporary folder and what it holds. An interrupt (Ctrl-C) that lands while the files are
    removed is raised again only once they are all gone, so that none are left behind."""
    try:
        shutil.rmtree(folder, ignore_errors=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
