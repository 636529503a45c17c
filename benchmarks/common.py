"""Helpers shared by the benchmark scripts: timed subprocesses, corpora paths, gold lists."""
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TERMMINE_SHARED", ROOT.parent / "shared")) / "corpora"
BENCH = Path(__file__).resolve().parent


def corpus(case, name="domain.txt"):
    path = SHARED / case / name
    if not path.exists():
        sys.exit(f"missing {path}: the benchmarks read the shared corpora next to the checkout")
    return path


def gold(case, name="gold_ge5.txt"):
    return set(corpus(case, name).read_text(encoding="utf-8").split())


# a script for `python -c SCRIPT TABLE.npz`: a digest of a count table's rows and counts
TABLE_DIGEST = """
import hashlib, sys
from termmine.tables import load_counts
t = load_counts(sys.argv[1])
rows, counts, _, _ = t.canonical()
print(hashlib.sha256(rows.tobytes() + counts.tobytes()).hexdigest()[:16])
"""


def timed(argv, stdout=None, env=None, with_cpu=False):
    """Run a command under /usr/bin/time -v; returns (wall seconds, peak RSS MiB, stdout bytes), and the
    CPU seconds (user + system) after them if with_cpu."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", report.name, *map(str, argv)],
                              stdout=subprocess.PIPE if stdout is None else stdout,
                              stderr=subprocess.PIPE, env=env)
        text = Path(report.name).read_text()
    if proc.returncode != 0:
        raise RuntimeError(f"{argv} failed: {proc.stderr.decode(errors='replace')[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    hours, minutes, seconds = wall.groups()
    seconds = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    if with_cpu:
        cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", text).group(1)) for kind in ("User", "System"))
        return seconds, rss, proc.stdout, cpu
    return seconds, rss, proc.stdout


def median(values):
    return statistics.median(values)


def clear_numba_cache():
    """Remove termmine's compiled-kernel cache (termmine/jitcache.py: in the user's cache folder since
    issue 15, no longer beside the package) so that the next run compiles from scratch."""
    import shutil

    from termmine.jitcache import _cache_folder
    folder = _cache_folder()
    if folder is not None and folder.is_dir():
        shutil.rmtree(folder)


def print_table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    print("| " + " | ".join(str(h).ljust(w) for h, w in zip(headers, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")
    sys.stdout.flush()
