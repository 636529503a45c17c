"""Running the pieces of a stage in forked processes.

Some stages of mine() work on many independent pieces (pieces of text scanned by an Aho-Corasick
automaton, chunks of terms cut by jieba) with a large object built beforehand in this process (the
automaton, jieba's dictionary). iter_forked hands the pieces to processes forked once that object
exists, so they share it without pickling or rebuilding it, and yields the results in the order of the
pieces: the outcome does not depend on the number of processes. Pieces are submitted a few at a time,
so a corpus of any size is never held in memory at once. With one job, one piece, or where fork is not
available (Windows; macOS offers it but it is not safe there), the pieces run in this process.

Not for use from several threads at once: the shared object is handed over in a module global.
"""
import contextlib
import itertools
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

_SHARED = None  # (function, state) for the forked workers


def available_cores():
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _can_fork():
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def iter_forked(function, state, items, jobs):
    """function(state, item) for each of `items`, in order, computed in `jobs` forked processes."""
    items = iter(items)
    first = list(itertools.islice(items, 2))
    if jobs <= 1 or len(first) < 2 or not _can_fork():
        for item in itertools.chain(first, items):
            yield function(state, item)
        return
    global _SHARED
    _SHARED = (function, state)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=ignore_sigint) as pool:
            start_processes(pool)
            yield from iter_submitted(pool, _call, itertools.chain(first, items), 2 * jobs)
    finally:
        _SHARED = None


@contextlib.contextmanager
def ready_worker(prepare):
    """A process that runs prepare() as soon as it starts, while this one goes on: a slow load (jieba's
    dictionary) is then done on a core that this process leaves idle, and the work that needs it is
    submitted to the worker (submit(function, *args) returns a future). None where fork is not
    available. The worker leaves Ctrl-C to this process, and is stopped when the block ends."""
    if not _can_fork():
        yield None
        return
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(1, mp_context=context, initializer=_prepare_worker, initargs=(prepare,))
    try:
        start_processes(pool)  # the worker starts now
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def start_processes(pool):
    """Make a process pool fork its processes now (it forks them all at its first task), with Ctrl-C held
    back until they exist: a SIGINT that lands in the handlers that run around a fork (the logging
    module's lock) is printed as an ignored exception with a traceback and lost. Held back, it is
    delivered once the fork is over, as a KeyboardInterrupt in this process; the workers ignore it."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        pool.submit(int)
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool.submit(int)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _prepare_worker(prepare):
    ignore_sigint()
    prepare()


def iter_submitted(pool, function, items, window):
    """function(item) for each of `items`, in order, computed by `pool` with at most `window` items
    submitted and not yet taken, so that the items are not all held at once."""
    pending = []
    for item in items:
        pending.append(pool.submit(function, item))
        if len(pending) >= window:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()


def _call(item):
    function, state = _SHARED
    return function(state, item)


def ignore_sigint():
    """Worker initializer: workers leave Ctrl-C to the main process, which stops them and cleans up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
