"""The command line: parse options, open inputs and outputs, show progress, turn errors into exit codes.

Exit status: 0 ok, 1 error (a one-line message on stderr), 2 usage, 130 interrupted.
"""
import contextlib
import gc
import io
import os
import re
import signal
import sys
import time
from pathlib import Path

import click

from . import config as C
from . import progress as P
from .config import FORMATS, MEASURES, SEGMENTATIONS, TERMHOOD_WEIGHT
from .rules import DISCOVER_STAGES as DISCOVER_RULE_STAGES
from .rules import STAGES as RULE_STAGES

FORMAT_CHOICES = tuple(f for f in FORMATS if f not in ("table", "synonyms"))   # those two are mine's alone
WRITING = "writing"                 # the command line's own stage, after the library's
# the stages each command shows (merging, only when counts spill, is added when it comes)
COUNT_STAGES = (P.READING, P.COUNTING)
DISCOVER_STAGES = COUNT_STAGES + (P.CANDIDATES,)
MINE_STAGES = DISCOVER_STAGES + (P.FILTERS, P.WORD_COUNTS, P.REFERENCE, P.RANKING)
EXPAND_STAGES = MINE_STAGES + (P.SEGMENTING, P.TRAINING, P.EXPANDING)
REPORT_STAGES = MINE_STAGES + (P.CONTEXTS, P.REPORTING)
OUTPUT_HELP = "Output file ('-' for stdout); a name ending in .gz, .bz2 or .xz is compressed so."
FORMAT_HELP = ("Output format: tsv, csv, jsonl (all columns); jieba ('word freq tag' lines for "
               "jieba.load_userdict), hanlp ('word tag freq' lines, HanLP's custom dictionary), words (one "
               "term a line, as the IK analyzer and most segmenters read); synonyms (mine: a line a group of "
               "variants, comma-separated, as the synonym filters of Elasticsearch and Solr read); table "
               "(mine, for reading). Default: the one -o's name ends in (.tsv, .csv or .jsonl, perhaps "
               "followed by .gz, .bz2 or .xz); tsv for stdout and any other name, .txt too. A --format that "
               "contradicts -o's name is refused.")


def _stderr(message):
    message = _as_flags(message)
    if _Progress.active is not None:
        _Progress.active.note(message)
    else:
        click.echo(f"termmine: {message}", err=True)


_PARAMETER = re.compile(r"`([a-z][a-z_]*)`")


def _as_flags(message):
    """A library message with the flags of the command line for the parameters it names (`max_len` is
    --max-len; termmine.errors)."""
    return _PARAMETER.sub(lambda m: "--" + m[1].replace("_", "-"), message)


class _Progress:
    """The library's progress (termmine.progress) drawn on stderr, one line a stage: its name, and where
    the amount is known, a percentage, the rate and the time left; when a stage ends, its line stays with
    the time it took. Notes go on lines of their own above the stage's line. Drawn only when stderr is a
    terminal and not --quiet; checks for a pending interrupt at every call either way."""
    active = None
    REDRAW_SECONDS = 0.1

    def __init__(self, quiet, stages):
        self.show = not quiet and sys.stderr.isatty()
        self.stages = list(stages)
        self.stage = None
        self.drawn_at = 0.0
        if self.show:
            _Progress.active = self

    def __call__(self, stage, done, total):
        _Interrupts.check()
        if not self.show:
            return
        now = time.monotonic()
        if stage != self.stage:
            if stage not in self.stages:
                at = self.stages.index(self.stage) + 1 if self.stage in self.stages else len(self.stages)
                self.stages.insert(at, stage)
            self._end_stage(now)
            self.stage, self.started, self.done, self.total = stage, now, done, total
            self.drawn_at = 0.0
        self.done, self.total = done, total
        if now - self.drawn_at >= self.REDRAW_SECONDS:
            self._draw(self._line(now))
            self.drawn_at = now

    def _line(self, now):
        number = f"[{self.stages.index(self.stage) + 1}/{len(self.stages)}] "
        elapsed = now - self.started
        parts = [f"termmine: {number}{self.stage}"]
        if P.UNITS.get(self.stage) == "bytes" and (self.total or self.done):
            rate = self.done / elapsed if elapsed > 0 else 0.0
            if self.total:
                parts.append(f"{min(100, 100 * self.done // self.total):3d}%")
            parts.append(f"{self.done / 1e6:.1f} MB")
            if elapsed >= 0.5 and rate > 0:
                parts.append(f"{rate / 1e6:.1f} MB/s")
                if self.total:
                    parts.append(f"{_clock(max(0.0, (self.total - self.done) / rate))} left")
        elif self.total:
            parts.append(f"{self.done}/{self.total} {P.UNITS.get(self.stage, 'steps')}")
        parts.append(f"{_clock(elapsed)}")
        return "  ".join(parts)

    def _draw(self, line, end=""):
        sys.stderr.write("\r\x1b[2K" + line + end)
        sys.stderr.flush()

    def _end_stage(self, now):
        if self.stage is not None:
            self._draw(self._line(now), "\n")
            self.stage = None

    def note(self, message):
        """A note on a line of its own; the stage's line is drawn again below it."""
        self._draw(f"termmine: {message}", "\n")
        if self.stage is not None:
            self._draw(self._line(time.monotonic()))

    @classmethod
    def writing(cls):
        """The command's own last stage, if progress is shown."""
        if cls.active is not None:
            cls.active(WRITING, 0, None)

    @classmethod
    def end(cls):
        """End the last stage's line and stop showing progress: what is written to stderr after this
        is plain."""
        if cls.active is not None:
            cls.active._end_stage(time.monotonic())
            cls.active = None


def _clock(seconds):
    if seconds < 60:
        return f"{seconds:.1f} s"
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else \
        f"{seconds // 60}:{seconds % 60:02d}"


class _Size(click.ParamType):
    """A size such as 2G, 300M or 500000000 (a usage error otherwise)."""
    name = "size"

    def convert(self, value, param, ctx):
        from .config import parse_size
        from .errors import TermmineError
        try:
            parse_size(value)
        except TermmineError as e:
            self.fail(str(e), param, ctx)
        return value


def _jobs_option(what):
    return click.option("--jobs", type=click.IntRange(1, 256), default=None,
                        help=f"Processes to use. {what} Output does not depend on it.")


_COUNT_JOBS = ("By default, tokenizing uses one process (on 2 cores a second was measured slower) and n-grams "
               "are counted in two threads on 2 cores or more; --jobs 1 counts them in one.")


def corpus_options(f):
    """The options shared by the commands that read a corpus."""
    options = [
        click.option("--encoding", default="utf-8", show_default=True,
                     help="Text encoding of the input (a Python codec name); 'auto' tries UTF-8 and falls back to "
                          "GB18030 file by file, saying so on stderr."),
        click.option("--glob", "glob_pattern", default="*.txt", show_default=True,
                     help="Which files to read inside folders (searched recursively)."),
        click.option("--jsonl-field", default=None,
                     help="Read JSON lines and take the text from this field (default: plain text)."),
        click.option("--keep-case", is_flag=True,
                     help="Keep Latin letters as written (default: lower-case them; each term is written in its "
                          "most frequent form)."),
        click.option("--memory-limit", type=_Size(), default="2G", show_default=True,
                     help="Memory for the count tables (like 2G, 300M); past it, counts spill to disk and stay "
                          "exact."),
        click.option("--quiet", "-q", is_flag=True, help="No progress or notes on stderr (errors are still shown)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _output_format(output, fmt):
    """The format to write in, checked before any work: --format, or the one -o's name says (a --format
    that contradicts it is a usage error); and an error if -o is a folder or in none."""
    from .errors import TermmineError
    from .files import check_output_path
    from .output import output_format
    try:
        fmt = output_format(output, fmt)
    except TermmineError:
        raise click.UsageError(f"--format {fmt} contradicts -o {output}, whose name says "
                               f"{output_format(output)}; drop --format or rename the file") from None
    if output != "-":
        check_output_path(output, example="terms.tsv")
    return fmt


def _write(frame, columns, output, fmt):
    """Write a table to -o or to stdout as UTF-8, whatever the locale."""
    from .output import write_terms
    _Progress.writing()
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


def _with_progress(run, corpus, glob_pattern, quiet, stages, **options):
    """Run a library stage on the command's corpus, with its progress and notes on stderr; the progress
    stays on for the command's writing, and _run() ends it."""
    progress = _Progress(quiet, stages + (WRITING,))
    return run(_paths(corpus), glob=glob_pattern, progress=progress, notify=None if quiet else _stderr, **options)


def _note_if_empty(data, what, min_count, quiet):
    """Say so on stderr when nothing was found (the output is then the header alone); data is a
    DataFrame or a dict of columns."""
    if len(data["term"]) == 0 and not quiet:
        rule = "and pass the filters " if what == "term" else ""
        _stderr(f"no {what}s found: a {what} must occur at least {min_count} times (--min-count) {rule}"
                "to be kept; give more text or a lower --min-count")


def _check_pos(value, param, ctx):
    """--pos as a list of tags, each one jieba gives (a usage error otherwise), or None."""
    if value is None:
        return None
    tags = [p.strip() for p in value.split(",") if p.strip()]
    from .errors import TermmineError
    from .filters import check_pos
    try:
        check_pos(tags)
    except TermmineError as e:
        raise click.BadParameter(str(e).replace(" in pos", ""), ctx, param) from None
    return tags or None


def _skip_rule_option(command, stages):
    """--skip-rule for a command that runs the rules of `stages`: each name a rule of those stages or a
    group of them (rules.GROUPS), else a usage error."""
    def check(ctx, param, names):
        from .errors import TermmineError
        from .rules import RULES, expand_names
        acting = [rule.name for rule in RULES if rule.stage in stages]
        for name in names:
            try:
                expanded = expand_names([name], where="--skip-rule")
            except TermmineError as e:
                raise click.BadParameter(str(e).replace("--skip-rule: ", ""), ctx, param) from None
            if not set(expanded) <= set(acting):
                raise click.BadParameter(f"rule '{name}' does not act in {command}; its rules are "
                                         f"{', '.join(acting)}", ctx, param)
        return tuple(names)
    return click.option("--skip-rule", "skip_rules", multiple=True, metavar="NAME", callback=check,
                        help="Switch a rule off, repeatable (`termmine rules` lists them; function_edge names all "
                             "its rules). Default: every rule on.")


def _rules(skip_rules):
    from .rules import Rules
    return Rules(skip=skip_rules) if skip_rules else None


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
        try:
            job()
        finally:
            _Progress.end()
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
                     help="Fewest occurrences of a word in the corpus."),
        click.option("--max-len", type=click.IntRange(1, 12), default=6, show_default=True,
                     help="Longest n-gram (in tokens: a character, or a Latin/digit run) scored directly; longer "
                          "words are joined from overlapping ones."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@main.command()
@click.argument("corpus", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True, help=OUTPUT_HELP)
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default=None, help=FORMAT_HELP)
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep only the best K words (default: all).")
@_discover_options
@_skip_rule_option("discover", DISCOVER_RULE_STAGES)
@_jobs_option(_COUNT_JOBS)
@corpus_options
def discover(corpus, output, fmt, top, min_count, max_len, skip_rules, encoding, glob_pattern, jsonl_field,
             keep_case, memory_limit, jobs, quiet):
    """Discover the words of CORPUS (files, folders or '-') by cohesion and boundary entropy."""
    def job():
        fmt_to_write = _output_format(output, fmt)
        _note_if_cold(quiet)
        from .discovery import DISCOVER_COLUMNS
        from .pipeline import discover_columns
        _settle()
        frame = _with_progress(discover_columns, corpus, glob_pattern, quiet, DISCOVER_STAGES, top=top,
                               min_count=min_count, max_len=max_len, rules=_rules(skip_rules), encoding=encoding,
                               jsonl_field=jsonl_field, keep_case=keep_case, memory_limit=memory_limit, jobs=jobs)
        _note_if_empty(frame, "word", min_count, quiet)
        _write(frame, DISCOVER_COLUMNS, output, fmt_to_write)
    _run(job)


def _mine_options(f):
    """The options of a mining run, shared by mine and report."""
    options = [
        click.option("--reference", "-r", multiple=True,
                     help="General-language corpus, repeatable: text files, folders, or count tables (.npz) made "
                          "by `termmine count`. Default: the built-in table of general Chinese."),
        click.option("--measure", type=click.Choice(MEASURES), default="log_ratio", show_default=True,
                     help="Keyness of a term, domain against reference: log_ratio, log2 of the ratio of the two "
                          "relative frequencies, a zero count taken as 0.5 (Hardie 2014); post, the 2019 post's "
                          "smoothed ratio; simple, (fpm_domain + 100) / (fpm_reference + 100) (Kilgarriff 2009); "
                          "g2, log-likelihood (Dunning 1993)."),
        click.option("--segmentation", type=click.Choice(SEGMENTATIONS), default="probable", show_default=True,
                     help="How candidates are counted as words in the domain text: probable, in the most probable "
                          "cut of each line into candidates and characters; longest, by greedy leftmost-longest "
                          "match."),
        click.option("--termhood-weight", type=click.FloatRange(min=0, max=100), default=TERMHOOD_WEIGHT,
                     show_default=True,
                     help="Weight of term-hood in the score: score = keyness + W * termhood, where termhood says how "
                          "much a candidate behaves like a unit of the text (learnt on the corpus itself); 0 ranks "
                          "by keyness alone."),
        click.option("--stopwords", type=click.Path(dir_okay=False), default=None,
                     help="File of words to drop, one a line, compared in lower case (default: none)."),
        click.option("--pos", default=None, callback=lambda ctx, param, value: _check_pos(value, param, ctx),
                     help="Keep only terms whose last jieba word has one of these tags, comma-separated; a tag keeps "
                          "the tags it begins (n keeps n, nr, ns, nz ...); terms of Latin letters alone are tagged "
                          "eng. Default: all."),
        click.option("--new-only", is_flag=True,
                     help="Leave out the terms that a dictionary already holds (jieba's own, or --known), so that a "
                          "user dictionary holds only what the segmenter lacks; stderr says how many were left "
                          "out."),
        click.option("--known", type=click.Path(exists=True, dir_okay=False), default=None,
                     help="The dictionary of known words for --new-only (which it implies): the first field of each "
                          "line (a word list, a jieba or HanLP dictionary), compared in lower case. Default: "
                          "jieba's own."),
        _discover_options,
        _skip_rule_option("mine", RULE_STAGES),
        _jobs_option(_COUNT_JOBS + " The jieba filter and the word counts use one process per core by default."),
        corpus_options,
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _report_options(f):
    """How much a report holds, shared by mine --report and report."""
    options = [
        click.option("--report-terms", type=click.IntRange(min=1), default=C.REPORT_TERMS, show_default=True,
                     help="Rows of the report's table: the best terms, each with its lines of context (the scatter "
                          "shows every term)."),
        click.option("--report-contexts", type=click.IntRange(min=0), default=C.REPORT_CONTEXTS, show_default=True,
                     help="Lines of the corpus shown for each term of the report's table, at most."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _run_mine(corpus, settings, **arguments):
    """The library's mine() on CORPUS with the command's settings (_mine_options), progress and notes on
    stderr."""
    from .pipeline import mine as run_mine
    _settle("pandas")
    reference = settings.pop("reference")
    stages = REPORT_STAGES if arguments.get("report") else MINE_STAGES
    return _with_progress(run_mine, corpus, settings.pop("glob_pattern"), settings.pop("quiet"), stages,
                          reference=[Path(r) for r in reference] or None, rules=_rules(settings.pop("skip_rules")),
                          **settings, **arguments)


def _check_report(path, flag):
    """--report or report's -o, checked before any work: a file that can be written, and Bokeh installed."""
    if path is not None:
        from .report import check_report
        check_report(path, flag=flag)


@main.command()
@click.argument("corpus", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True, help=OUTPUT_HELP)
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES + ("synonyms", "table")), default=None,
              help=FORMAT_HELP)
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep only the best K terms (default: all).")
@click.option("--explain", "explain_path", default=None, metavar="PATH",
              help="Also write every candidate, kept or not, with what the rules measured and the rules that fired "
                   "on it, in order, to PATH (a file; its name gives the format, as for -o). Default: none.")
@click.option("--report", "report_path", default=None, metavar="PATH",
              help="Also write an HTML report of the run to PATH (needs termmine[report]): the terms in a scatter "
                   "and a searchable table with their lines, what each rule dropped. Default: none.")
@_report_options
@_mine_options
def mine(corpus, output, fmt, top, explain_path, report_path, report_terms, report_contexts, **settings):
    """Mine the terms of the domain CORPUS against a general reference corpus."""
    def job():
        fmt_to_write = _output_format(output, fmt)
        explain_fmt = _explain_format(explain_path, output)
        _check_report(report_path, "--report")
        _note_if_cold(settings["quiet"])
        from .pipeline import EXPLAIN_COLUMNS, MINE_COLUMNS
        quiet, min_count = settings["quiet"], settings["min_count"]
        frame = _run_mine(corpus, settings, top=top, explain=explain_path is not None, report=report_path,
                          report_terms=report_terms, report_contexts=report_contexts)
        frame, explanation = frame if explain_path is not None else (frame, None)
        _note_if_empty(frame, "term", min_count, quiet)
        _write(frame, MINE_COLUMNS, output, fmt_to_write)
        if explanation is not None:
            _write(explanation, EXPLAIN_COLUMNS, explain_path, explain_fmt)
    _run(job)


@main.command()
@click.argument("corpus", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The HTML file to write (one file, works offline).")
@_report_options
@_mine_options
def report(corpus, output, report_terms, report_contexts, **settings):
    """Mine CORPUS as `mine` does and write an HTML report for reviewing the terms: a scatter of domain against
    reference frequency, a searchable table of the best terms with their lines in the corpus, what each rule
    dropped and why, and the run's settings and timings."""
    def job():
        _check_report(output, "-o")
        _note_if_cold(settings["quiet"])
        quiet = settings["quiet"]
        min_count = settings["min_count"]
        terms = _run_mine(corpus, settings, report=output, report_terms=report_terms,
                          report_contexts=report_contexts)
        _Progress.end()
        _note_if_empty(terms, "term", min_count, quiet)
        if not quiet:
            _stderr(f"{output}: a report of {len(terms)} terms")
    _run(job)


@main.command()
@click.argument("corpus", nargs=-1)
@click.option("--seeds", default=None,
              help="Seed terms of one kind, comma-separated (高血压,糖尿病,...); --seeds or --seeds-file is needed "
                   "(no default).")
@click.option("--seeds-file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A file of seed terms, one a line, added to --seeds (default: none).")
@click.option("--terms", "terms_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="The ranked terms to expand within, a file `termmine mine` wrote (with its score column if "
                   "tsv, csv or jsonl). Default: mine CORPUS first, against the built-in reference.")
@click.option("--vectors", "vectors_path", default=None, metavar="PATH",
              help="Word vectors: used if PATH exists (then CORPUS is not read for them, and --window and --seed do "
                   "not apply), else trained and saved there, so that several seed sets cost one training. Default: "
                   "trained and not kept.")
@click.option("-o", "--output", default="-", show_default=True, help=OUTPUT_HELP)
@click.option("--format", "fmt", type=click.Choice(("tsv", "csv", "jsonl", "words", "table")), default=None,
              help="Output format: tsv, csv, jsonl (all columns), words (one term a line) or table (for "
                   "reading). Default: the one -o's name says, tsv for stdout.")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep only the first K terms (default: all).")
@click.option("--threshold", type=click.FloatRange(-1, 1), default=C.EXPAND_THRESHOLD, show_default=True,
              help="Cosine similarity a term needs to the term it is reached from, at depth 1.")
@click.option("--step", type=click.FloatRange(0, 1), default=C.EXPAND_STEP, show_default=True,
              help="How much more similarity each further depth needs.")
@click.option("--max-depth", type=click.IntRange(1, 20), default=C.EXPAND_MAX_DEPTH, show_default=True,
              help="Deepest step of the walk.")
@click.option("--neighbours", type=click.IntRange(1, 1000), default=C.EXPAND_NEIGHBOURS, show_default=True,
              help="Nearest terms each term of the walk brings in, at most.")
@click.option("--window", type=click.IntRange(1, 20), default=5, show_default=True,
              help="Words on each side that word2vec learns from: 5 puts terms of one topic together; 1 more those "
                   "that stand in the same places (better on law, worse on it: docs/benchmarks.md).")
@click.option("--seed", "random_seed", type=int, default=1, show_default=True,
              help="Seed of the training's random numbers; one seed, one result.")
@_jobs_option("Cutting the corpus into words uses one process per core by default; training uses one thread, "
              "so that the vectors are the same from run to run.")
@corpus_options
def expand(corpus, seeds, seeds_file, terms_path, vectors_path, output, fmt, top, threshold, step, max_depth,
           neighbours, window, random_seed, encoding, glob_pattern, jsonl_field, keep_case, memory_limit, jobs, quiet):
    """Grow a lexicon of one kind from a few SEEDS: word vectors trained on CORPUS cut with the mined terms,
    walked breadth-first from the seeds with a similarity bar that rises with depth."""
    def job():
        from .expand import EXPAND_COLUMNS, check_seeds
        from .expand import expand as run_expand
        fmt_to_write = _output_format(output, fmt)
        seed_list = check_seeds(seeds, seeds_file)
        if not corpus and not (terms_path and vectors_path and os.path.exists(vectors_path)):
            raise click.UsageError("give CORPUS, unless both --terms and saved --vectors are given")
        _note_if_cold(quiet)
        _settle("pandas")
        progress = _Progress(quiet, EXPAND_STAGES + (WRITING,))
        frame = run_expand(_paths(corpus) if corpus else None, seeds=seed_list, terms=terms_path,
                           vectors=vectors_path, top=top, window=window, seed=random_seed, glob=glob_pattern,
                           encoding=encoding, jsonl_field=jsonl_field, jobs=jobs, progress=progress,
                           notify=None if quiet else _stderr, keep_case=keep_case, memory_limit=memory_limit,
                           threshold=threshold, step=step, max_depth=max_depth, neighbours=neighbours)
        if len(frame) == 0 and not quiet:
            _stderr("no term is similar enough to the seeds: lower --threshold")
        _write(frame, EXPAND_COLUMNS, output, fmt_to_write)
    _run(job)


def _explain_format(path, output):
    """The format to write --explain in (its name's, as for -o), checked before any work: a file other
    than -o's, in a folder that exists."""
    if path is None:
        return None
    if path == "-" or os.path.abspath(path) == os.path.abspath(output):
        raise click.UsageError(f"--explain {path}: give a file of its own, not -o's or stdout")
    from .errors import TermmineError
    from .files import check_output_path
    from .output import output_format
    fmt = output_format(path)
    if fmt not in ("tsv", "csv", "jsonl"):
        raise click.UsageError(f"--explain {path}: write it as .tsv, .csv or .jsonl")
    try:
        check_output_path(path, example="explain.tsv")
    except TermmineError as e:
        raise click.UsageError(str(e).replace("give -o", "give --explain")) from None
    return fmt


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "tsv", "jsonl"]), default="table", show_default=True,
              help="table: aligned columns; tsv: tab-separated with a header; jsonl: one JSON object a line.")
def rules_command(fmt):
    """List the rules that drop candidates, in the order they are tried: name, stage, default threshold and
    what each drops. Switch one off with --skip-rule NAME (mine, discover); docs/rules.md has each rule's
    examples and evidence."""
    def job():
        from .rules import RULE_COLUMNS, rule_table
        table = rule_table()
        if fmt != "table":
            _write(table, RULE_COLUMNS, "-", fmt)
            return
        # left-aligned, the description (the one column with Chinese in it) last and not padded
        widths = [max(len(v) for v in [name] + table[name]) for name in RULE_COLUMNS[:-1]]
        for row in [RULE_COLUMNS] + [[table[name][i] for name in RULE_COLUMNS] for i in range(len(table["name"]))]:
            click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths)) + "  " + row[-1])
    _run(job)


@main.command()
@click.argument("corpus", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The count table to write (.npz is added if missing).")
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True,
              help="Keep n-grams seen at least this often; 1 keeps them all, which tables to merge need.")
@click.option("--max-len", type=click.IntRange(1, 12), default=6, show_default=True,
              help="Longest word the table can serve (in tokens); it holds n-grams of up to one token more. A "
                   "table serves runs with this --max-len or a smaller one.")
@_jobs_option(_COUNT_JOBS)
@corpus_options
def count(corpus, output, min_count, max_len, encoding, glob_pattern, jsonl_field, keep_case, memory_limit, jobs,
          quiet):
    """Count the n-grams of CORPUS into a table for reuse as a reference."""
    def job():
        target = _npz(output)
        _note_if_cold(quiet)
        from .external import TableFiles
        from .pipeline import count as run_count
        from .tables import save_counts
        table = _with_progress(run_count, corpus, glob_pattern, quiet, COUNT_STAGES, max_len=max_len,
                               min_count=min_count, encoding=encoding, jsonl_field=jsonl_field,
                               keep_case=keep_case, memory_limit=memory_limit, jobs=jobs, on_disk=True)
        _Progress.writing()
        with table if isinstance(table, TableFiles) else contextlib.nullcontext():
            save_counts(table, target)    # a table counted on disk is copied from its files, then removed
        _Progress.end()
        if not quiet:
            _stderr(f"{target}: {table.n_ngrams} n-grams of {table.total} tokens")
    _run(job)


def _npz(path):
    """The table file to write for -o: an error if it names a folder, '.npz' added if missing."""
    from .files import check_output_path
    check_output_path(path, example="counts.npz")
    return path if path.endswith(".npz") else path + ".npz"


@main.command()
@click.argument("tables", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The merged table to write (.npz is added if missing).")
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True,
              help="Keep n-grams seen at least this often in the sum.")
def merge(tables, output, min_count):
    """Add up count TABLES made with the same settings and --min-count 1 (the table of the whole)."""
    def job():
        target = _npz(output)
        _note_if_cold(False)
        from .tables import load_counts, merge_counts, save_counts
        merged = merge_counts([load_counts(t) for t in tables], min_count=min_count, names=tables)
        save_counts(merged, target)
    _run(job)


@main.command()
@click.argument("ranked", type=click.Path(dir_okay=False))
@click.option("--gold", required=True, type=click.Path(dir_okay=False), help="Gold word list, one per line.")
@click.option("--recall-set", type=click.Path(dir_okay=False), default=None,
              help="Words whose share in the top 2000 is R@2000 (default: the gold list).")
def evaluate(ranked, gold, recall_set):
    """Precision and recall of a RANKED term list against a GOLD word list.

    RANKED is termmine's output in any format, or one term a line. Prints one measure a line, tab-separated:
    P@100, P@500 and P@1000 (share of the first k terms that are gold), AP@1000 (mean precision at the
    ranks of the gold terms in the first 1000) and R@2000 (share of the recall set among the first 2000).
    Terms of one character are not counted; terms are compared after NFKC and lower-casing."""
    def job():
        from .evaluate import evaluate_ranking, read_terms
        scores = evaluate_ranking(read_terms(ranked), read_terms(gold),
                                  read_terms(recall_set) if recall_set else None)
        for name, value in scores.items():
            click.echo(f"{name}\t{value:.4f}")
    _run(job)


def run():
    """The console script: main(), then an end without the interpreter's last garbage collection, which
    walks every object left (numba's, pandas', the tables') and took 0.2 s of each mine run.

    An interrupt ends with exit status 130 by os._exit: CPython (3.11 at least) remembers a
    KeyboardInterrupt raised inside eval() of a string, as some libraries run while they are imported
    (numpy.f2py), as unhandled even once it was handled, and then kills the process with SIGINT at exit
    (seen in 4 of 6 runs interrupted while the kernels' modules were imported)."""
    try:
        main(prog_name="termmine")
    except SystemExit as e:
        if e.code == 130:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            os._exit(130)
        raise
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
