"""The command line: parse options, open inputs and outputs, show progress, turn errors into exit codes.

Exit status: 0 ok, 1 error (a one-line message on stderr), 2 usage, 130 interrupted.
"""
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
                     help="Processes for reading and tokenizing (default: all cores)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar or notes on stderr."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _write(frame, columns, output, fmt):
    """Write a table to -o or to stdout as UTF-8, whatever the locale."""
    from .output import write_terms
    if output != "-":
        write_terms(frame, columns, output, fmt)
        return
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        write_terms(frame, columns, None, fmt, stream=stream)
        stream.flush()
    finally:
        stream.detach()


def _paths(corpus):
    return [Path(p) for p in corpus]


def _run(job):
    """Run a job, turning termmine errors, interrupts and closed pipes into exit codes."""
    from .errors import TermmineError
    try:
        job()
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


def _quiet_broken_pipe():
    # stdout's reader went away (| head): end quietly, without Python's complaint at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


@click.group()
@click.version_option(package_name="termmine")
def main():
    """Mine the vocabulary of a specialised field from raw text."""


@main.command()
@click.argument("corpus", nargs=-1, required=True)
@click.option("-o", "--output", default="-", help="Output file ('-' for stdout).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="tsv", show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep only the best K words.")
@click.option("--min-count", type=click.IntRange(min=2), default=5, show_default=True)
@click.option("--max-len", type=click.IntRange(1, 12), default=6, show_default=True,
              help="Longest n-gram (in tokens) scored directly; longer words are joined from overlaps.")
@corpus_options
def discover(corpus, output, fmt, top, min_count, max_len, encoding, glob_pattern, jsonl_field, keep_case,
             memory_limit, jobs, quiet):
    """Discover the words of CORPUS (files, folders or '-') by cohesion and boundary entropy."""
    def job():
        from .corpus import corpus_bytes
        from .discovery import DISCOVER_COLUMNS
        from .pipeline import discover as run_discover
        paths = _paths(corpus)
        progress = _Progress(corpus_bytes(paths, glob_pattern), quiet, "counting")
        try:
            frame = run_discover(paths, top=top, min_count=min_count, max_len=max_len, encoding=encoding,
                                 glob=glob_pattern, jsonl_field=jsonl_field, keep_case=keep_case,
                                 memory_limit=memory_limit, jobs=jobs, progress=progress,
                                 notify=None if quiet else _stderr)
        finally:
            progress.close()
        _write(frame, DISCOVER_COLUMNS, output, fmt)
    _run(job)


if __name__ == "__main__":
    main()
