"""The command line: parse options, open inputs and outputs, show progress, turn errors into exit codes.

Exit status: 0 ok, 1 error (a one-line message on stderr), 2 usage, 130 interrupted.
"""
import gc
import io
import os
import signal
import sys
from pathlib import Path

import click

FORMAT_CHOICES = ("tsv", "csv", "jsonl", "jieba")


def _stderr(message):
    click.echo(f"termmine: {message}", err=True)


class _Progress:
    """A progress bar on stderr, only when stderr is a terminal and not --quiet."""

    def __init__(self, total_bytes, quiet, label):
        self.bar = None
        if not quiet and sys.stderr.isatty():
            self.bar = click.progressbar(length=total_bytes or 0, label=label, file=sys.stderr,
                                         show_pos=False, show_percent=bool(total_bytes))
            self.bar.__enter__()

    def __call__(self, kind, amount):
        _Interrupts.check()
        if self.bar is None:
            return
        if kind == "bytes":
            self.bar.update(amount)
        elif kind == "stage":
            self.bar.label = amount

    def close(self):
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def corpus_options(f):
    """The options shared by the commands that read a corpus."""
    options = [
        click.option("--encoding", default="utf-8", show_default=True,
                     help="Text encoding; 'auto' tries UTF-8 and falls back to GB18030 per file."),
        click.option("--glob", "glob_pattern", default="*.txt", show_default=True,
                     help="Which files to read inside folders."),
        click.option("--jsonl-field", default=None, help="Read JSON lines and take the text from this field."),
        click.option("--keep-case", is_flag=True, help="Do not lower-case Latin letters."),
        click.option("--memory-limit", default="2G", show_default=True,
                     help="Memory for the count tables; past it counts spill to disk."),
        click.option("--jobs", type=click.IntRange(1, 256), default=None,
                     help="Processes: for mine's filter and word counts (default: one per core) and for "
                          "tokenizing (default 1: on 2 cores a second process was measured slower); "
                          "--jobs 1 also counts n-grams in one thread instead of two."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar or notes on stderr."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _write(frame, columns, output, fmt):
    """Write a table to -o or to stdout as UTF-8, whatever the locale."""
    from .output import write_terms
    if output != "-":
        _Interrupts.check()
        write_terms(frame, columns, output, fmt)
        return
    _Interrupts.check()
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        write_terms(frame, columns, None, fmt, stream=stream)
        stream.flush()
    finally:
        stream.detach()


def _with_progress(run, corpus, glob_pattern, quiet, **options):
    """Run a library stage on the command's corpus, with the progress bar and notes on stderr."""
    from .corpus import corpus_bytes
    paths = _paths(corpus)
    progress = _Progress(corpus_bytes(paths, glob_pattern), quiet, "counting")
    try:
        return run(paths, glob=glob_pattern, progress=progress, notify=None if quiet else _stderr, **options)
    finally:
        progress.close()


def _note_if_empty(data, what, min_count, quiet):
    """Say so on stderr when nothing was found (the output is then the header alone); data is a
    DataFrame or a dict of columns."""
    if len(data["term"]) == 0 and not quiet:
        rule = "and pass the filters " if what == "term" else ""
        _stderr(f"no {what}s found: a {what} must occur at least {min_count} times (--min-count) {rule}"
                "to be kept; give more text or a lower --min-count")


def _paths(corpus):
    return [Path(p) for p in corpus]


def _note_if_cold(quiet):
    """Before the kernels load: say on stderr when this run compiles them (the first after an install)."""
    from . import jitcache
    if quiet or not jitcache.is_cold():
        return
    if jitcache.CACHE:
        _stderr("compiling the kernels for this machine (about 5 s, once)")
    else:
        _stderr(f"compiling the kernels (about 5 s, every run: {jitcache.PROBLEM})")


class _Interrupts:
    """SIGINT raises KeyboardInterrupt and is also remembered, because an interrupt that lands inside a
    finalizer (numba and llvmlite run some at exit of a compile) is swallowed by Python; check() at each
    piece of progress raises it again. One that lands in llvmlite's or numba's own code (a ctypes
    callback of llvmlite's while compiled kernels load, once in 60 runs interrupted at 0.4-3.3 s) is only
    remembered: raised there, Python would print it as an ignored exception with a traceback."""
    received = False

    @classmethod
    def install(cls):
        def handler(signum, frame):
            cls.received = True
            if frame is not None and _in_compiler(frame.f_code.co_filename):
                return
            raise KeyboardInterrupt
        signal.signal(signal.SIGINT, handler)

    @classmethod
    def check(cls):
        if cls.received:
            raise KeyboardInterrupt


_COMPILER_FOLDERS = tuple(f"{os.sep}{name}{os.sep}" for name in ("llvmlite", "numba"))


def _in_compiler(filename):
    return any(folder in filename for folder in _COMPILER_FOLDERS)


def _settle(*modules):
    """Once the libraries a command needs are imported: hand every object made so far to gc.freeze(),
    so that the collector no longer walks them (nor touches them in forked workers, which then share
    their pages), and collect young objects every GC_YOUNG allocations rather than 700. The garbage
    collector took 0.24 s of a mine run on law and 0.06 s of a discover run; with this, 0.06 and 0.04 s.
    Only the command line does this: it owns its process, a notebook using the library does not."""
    import importlib
    for name in modules:
        importlib.import_module(name)
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


GC_YOUNG = 10_000


def _run(job):
    """Run a job, turning termmine errors, interrupts and closed pipes into exit codes."""
    from .errors import TermmineError
    _Interrupts.install()
    try:
        job()
        _Interrupts.check()
        # the output is complete: an interrupt from here on has nothing left to stop, and at interpreter
        # exit Python restores the default action, which would kill the process with no message
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except TermmineError as e:
        _stderr(str(e))
        sys.exit(1)
    except KeyboardInterrupt:
        _stderr("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except MemoryError:
        _stderr("out of memory; pass a smaller --memory-limit so that counts spill to disk")
        sys.exit(1)
    except Exception:
        if _Interrupts.received:        # an interrupt that a library turned into another error
            _stderr("interrupted")
            sys.exit(130)
        raise


def _quiet_broken_pipe():
    # stdout's reader went away (| head): end quietly, without Python's complaint at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


@click.group()
@click.version_option(package_name="termmine")
def main():
    """Mine the vocabulary of a specialised field from raw text."""


def _discover_options(f):
    options = [
        click.option("--min-count", type=click.IntRange(min=2), default=5, show_default=True,
                      help="Fewest occurrences of a word."),
        click.option("--max-len", type=click.IntRange(1, 12), default=6, show_default=True,
                      help="Longest n-gram (in tokens) scored directly; longer words are joined from overlaps."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@main.command()
@click.argument("corpus", nargs=-1, required=True)
@click.option("-o", "--output", default="-", help="Output file ('-' for stdout).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="tsv", show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep only the best K words.")
@_discover_options
@corpus_options
def discover(corpus, output, fmt, top, min_count, max_len, encoding, glob_pattern, jsonl_field, keep_case,
             memory_limit, jobs, quiet):
    """Discover the words of CORPUS (files, folders or '-') by cohesion and boundary entropy."""
    def job():
        _note_if_cold(quiet)
        from .discovery import DISCOVER_COLUMNS
        from .pipeline import discover_columns
        _settle()
        frame = _with_progress(discover_columns, corpus, glob_pattern, quiet, top=top, min_count=min_count,
                               max_len=max_len, encoding=encoding, jsonl_field=jsonl_field, keep_case=keep_case,
                               memory_limit=memory_limit, jobs=jobs)
        _note_if_empty(frame, "word", min_count, quiet)
        _write(frame, DISCOVER_COLUMNS, output, fmt)
    _run(job)


@main.command()
@click.argument("corpus", nargs=-1, required=True)
@click.option("--reference", "-r", multiple=True,
              help="General-language corpus: text files, folders or count tables (.npz). "
                   "Default: the built-in table.")
@click.option("--measure", type=click.Choice(["post", "simple", "g2", "log_ratio"]), default="log_ratio",
              show_default=True, help="Keyness measure (see README).")
@click.option("--segmentation", type=click.Choice(["probable", "longest"]), default="probable", show_default=True,
              help="How candidates are counted as words in the domain text (see README).")
@click.option("-o", "--output", default="-", help="Output file ('-' for stdout).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES + ("table",)), default="tsv", show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep only the best K terms.")
@click.option("--stopwords", type=click.Path(dir_okay=False), default=None,
              help="File of words to drop, one per line.")
@click.option("--pos", default=None, help="Keep terms whose head has one of these jieba tags, e.g. n,nz,vn.")
@_discover_options
@corpus_options
def mine(corpus, reference, measure, segmentation, output, fmt, top, stopwords, pos, min_count, max_len, encoding,
         glob_pattern, jsonl_field, keep_case, memory_limit, jobs, quiet):
    """Mine the terms of the domain CORPUS against a general reference corpus."""
    def job():
        _note_if_cold(quiet)
        from .pipeline import MINE_COLUMNS, mine as run_mine
        _settle("pandas")
        frame = _with_progress(run_mine, corpus, glob_pattern, quiet,
                               reference=[Path(r) for r in reference] or None, top=top, measure=measure,
                               segmentation=segmentation, stopwords=stopwords,
                               pos=[p.strip() for p in pos.split(",")] if pos else None,
                               min_count=min_count, max_len=max_len, encoding=encoding, jsonl_field=jsonl_field,
                               keep_case=keep_case, memory_limit=memory_limit, jobs=jobs)
        _note_if_empty(frame, "term", min_count, quiet)
        _write(frame, MINE_COLUMNS, output, fmt)
    _run(job)


@main.command()
@click.argument("corpus", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The count table to write (.npz).")
@click.option("--min-count", type=click.IntRange(min=2), default=2, show_default=True,
              help="Keep n-grams seen at least this often.")
@click.option("--max-len", type=click.IntRange(1, 12), default=6, show_default=True)
@corpus_options
def count(corpus, output, min_count, max_len, encoding, glob_pattern, jsonl_field, keep_case, memory_limit, jobs,
          quiet):
    """Count the n-grams of CORPUS into a table for reuse as a reference."""
    def job():
        _note_if_cold(quiet)
        from .pipeline import count as run_count
        from .tables import save_counts
        table = _with_progress(run_count, corpus, glob_pattern, quiet, max_n=max_len, min_count=min_count,
                               encoding=encoding, jsonl_field=jsonl_field, keep_case=keep_case,
                               memory_limit=memory_limit, jobs=jobs)
        save_counts(table, _npz(output))
        if not quiet:
            _stderr(f"{_npz(output)}: {table.n_ngrams} n-grams of {table.total} tokens")
    _run(job)


def _npz(path):
    return path if path.endswith(".npz") else path + ".npz"


@main.command()
@click.argument("tables", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The merged table to write (.npz).")
def merge(tables, output):
    """Add up count TABLES made with the same settings."""
    def job():
        _note_if_cold(False)
        from .tables import load_counts, merge_counts, save_counts
        merged = merge_counts([load_counts(t) for t in tables])
        save_counts(merged, _npz(output))
    _run(job)


@main.command()
@click.argument("ranked", type=click.Path(dir_okay=False))
@click.option("--gold", required=True, type=click.Path(dir_okay=False), help="Gold word list, one per line.")
@click.option("--recall-set", type=click.Path(dir_okay=False), default=None,
              help="Words whose share in the top 2000 is R@2000 (default: the gold list).")
def evaluate(ranked, gold, recall_set):
    """Precision and recall of a RANKED term list (termmine output or one term per line)."""
    def job():
        from .evaluate import evaluate_ranking, read_terms
        scores = evaluate_ranking(read_terms(ranked), read_terms(gold),
                                  read_terms(recall_set) if recall_set else None)
        for name, value in scores.items():
            click.echo(f"{name}\t{value:.4f}")
    _run(job)


def run():
    """The console script: main(), then an end without the interpreter's last garbage collection, which
    walks every object left (numba's, pandas', the tables') and took 0.2 s of each mine run."""
    try:
        main(prog_name="termmine")
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
