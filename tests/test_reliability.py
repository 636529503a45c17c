"""Bad input never crashes termmine or loses data: each case through the CLI, most in a real subprocess.

Exit status: 0 ok, 1 error (one line on stderr naming the file and what to do), 2 usage, 130 interrupted.
"""
import bz2
import errno
import gzip
import json
import lzma
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from subprocesses import one_line_error, run

from termmine.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "law_sample.txt"
HEADER = "term\tlength\tcount\tcohesion\tleft_entropy\tright_entropy\tscore"


# --- paths and contents -------------------------------------------------------------------------------

def test_missing_path(tmp_path):
    one_line_error(run("discover", tmp_path / "nope.txt"), "nope.txt: no such file or folder")


def test_folder_without_matching_files(tmp_path):
    (tmp_path / "a.md").write_text("文本", encoding="utf-8")
    one_line_error(run("discover", tmp_path), "no files matching '*.txt'", "--glob")


@pytest.mark.parametrize("content", [b"", "，。！？……\n（）【】\n".encode("utf-8")])
def test_empty_and_punctuation_only_files_give_an_empty_table(tmp_path, content):
    path = tmp_path / "x.txt"
    path.write_bytes(content)
    proc = run("discover", path)
    assert proc.returncode == 0 and proc.stdout.decode().splitlines() == [HEADER]
    assert proc.stderr.decode().strip() == ("termmine: no words found: a word must occur at least 5 times "
                                            "(--min-count) to be kept; give more text or a lower --min-count")
    assert run("discover", path, "-q").stderr == b""
    mined = run("mine", path, "--min-count", 3)
    assert mined.returncode == 0 and mined.stdout.decode().startswith("term\tlength\tdomain_count")
    assert mined.stderr.decode().strip().splitlines()[-1].startswith("termmine: no terms found: a term must "
                                                                     "occur at least 3 times (--min-count) and")


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n" + os.urandom(4000), os.urandom(4000)])
def test_binary_files(tmp_path, content):
    path = tmp_path / "image.png"
    path.write_bytes(content)
    one_line_error(run("discover", path), "image.png: looks like a binary file")


def test_nul_bytes_are_boundaries(tmp_path, small, expected):
    path = tmp_path / "nul.txt"
    path.write_bytes(small.read_bytes().replace("。".encode(), b"\x00"))
    proc = run("discover", path, "--top", 40)
    assert proc.returncode == 0 and proc.stdout == expected       # NUL splits like 。 does


def test_invalid_utf8_deep_inside(tmp_path, small):
    data = small.read_bytes() * 4
    offset = data.rfind(b"\n", 0, len(data) - 1000) + 1      # at a character boundary
    path = tmp_path / "bad.txt"
    path.write_bytes(data[:offset] + b"\xff" + data[offset:])
    one_line_error(run("discover", path), f"bad.txt: could not decode as utf-8 (byte 0xff at offset {offset})",
                   "--encoding")


def test_gb18030_with_and_without_auto(tmp_path, small, expected):
    path = tmp_path / "gb.txt"
    path.write_bytes(small.read_text(encoding="utf-8").encode("gb18030"))
    one_line_error(run("discover", path), "gb.txt: could not decode as utf-8", "--encoding gb18030")
    proc = run("discover", path, "--encoding", "auto", "--top", 40)
    assert proc.returncode == 0 and proc.stdout == expected
    assert "reading it as GB18030" in proc.stderr.decode()


@pytest.mark.parametrize("encode", [
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),                    # UTF-8 with BOM
    lambda t: t.encode("utf-16"),                                      # UTF-16 with BOM
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),                 # CRLF
    lambda t: t.replace("\n", "\r").encode("utf-8"),                   # lone CR
], ids=["utf8-bom", "utf16-bom", "crlf", "cr"])
def test_boms_and_line_ends(tmp_path, small, expected, encode):
    path = tmp_path / "t.txt"
    path.write_bytes(encode(small.read_text(encoding="utf-8")))
    proc = run("discover", path, "--top", 40)
    assert proc.returncode == 0 and proc.stdout == expected


def test_astral_characters_marks_and_long_runs(tmp_path):
    text = ("𠀀𠀁𠀂科技😀测试，e\u0301té 数据" * 30 + "\n") + ("哈" * 100000 + "\n") * 3
    path = tmp_path / "odd.txt"
    path.write_text(text, encoding="utf-8")
    proc = run("discover", path, "--min-count", 2)
    assert proc.returncode == 0, proc.stderr.decode()
    terms = [line.split("\t")[0] for line in proc.stdout.decode("utf-8").splitlines()[1:]]
    assert any("𠀀𠀁𠀂科技" in t for t in terms)      # characters outside the BMP are tokens like any other
    assert "été" in terms                             # e + combining acute, composed by NFKC


@pytest.mark.parametrize("opener,suffix", [(gzip.open, ".gz"), (bz2.open, ".bz2"), (lzma.open, ".xz")])
def test_compressed_files_and_damaged_ones(tmp_path, small, expected, opener, suffix):
    path = tmp_path / ("c.txt" + suffix)
    with opener(path, "wb") as f:
        f.write(small.read_bytes())
    proc = run("discover", path, "--top", 40)
    assert proc.returncode == 0 and proc.stdout == expected
    damaged = tmp_path / ("d.txt" + suffix)
    damaged.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    one_line_error(run("discover", damaged), "d.txt" + suffix, "damaged or truncated")


def test_count_tables_truncated_other_version_other_settings(tmp_path, small):
    table = tmp_path / "t.npz"
    assert run("count", small, "-o", table, "-q").returncode == 0
    bad = tmp_path / "bad.npz"
    bad.write_bytes(table.read_bytes()[:1000])
    one_line_error(run("mine", small, "--reference", bad), "bad.npz", "truncated or damaged", "termmine count")
    short = tmp_path / "short.npz"
    assert run("count", small, "-o", short, "--max-len", 3, "-q").returncode == 0
    one_line_error(run("mine", small, "--reference", short), "--max-len")
    cased = tmp_path / "cased.npz"
    assert run("count", small, "-o", cased, "--keep-case", "-q").returncode == 0
    one_line_error(run("mine", small, "--reference", cased), "keep-case")


# --- outputs ------------------------------------------------------------------------------------------

def test_output_in_a_missing_or_unwritable_folder(tmp_path, small):
    one_line_error(run("discover", small, "-o", tmp_path / "no" / "out.tsv"), "does not exist")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    one_line_error(run("discover", small, "-o", blocker / "out.tsv"), "does not exist")


def test_full_disk_leaves_the_old_file_and_no_partial_file(tmp_path, small, monkeypatch):
    target = tmp_path / "out.tsv"
    target.write_text("old\n", encoding="utf-8")

    def no_space(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(os, "fsync", no_space)      # ENOSPC, simulated where the data reaches the disk
    result = CliRunner().invoke(main, ["discover", str(small), "-o", str(target)])
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "nothing was written" in result.stderr
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tsv"]


def test_closed_pipe_ends_quietly(small):
    proc = subprocess.run(f"'{sys.executable}' -m termmine discover '{small}' | head -n 2", shell=True,
                          capture_output=True, executable="/bin/bash")
    assert proc.stdout.decode().splitlines()[0] == HEADER
    assert proc.stderr == b""


def interrupt_after(argv, seconds, env=None):
    proc = subprocess.Popen([sys.executable, "-m", "termmine", *map(str, argv)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    time.sleep(seconds)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err.decode()


def test_ctrl_c_while_counting_and_while_writing(tmp_path, small):
    big = tmp_path / "big.txt"
    big.write_bytes(small.read_bytes() * 40)
    target = tmp_path / "out.tsv"
    target.write_text("old\n", encoding="utf-8")
    spill = tmp_path / "spill"
    spill.mkdir()
    env = dict(os.environ, TMPDIR=str(spill))
    for delay in (1.0, 3.0):
        code, out, err = interrupt_after(["discover", big, "-o", target, "--memory-limit", "20M"], delay, env)
        if code == 0:
            continue            # finished before the signal: nothing to check on this machine
        assert code == 130 and err.strip().splitlines()[-1] == "termmine: interrupted" and "Traceback" not in err, err
        assert target.read_text(encoding="utf-8") == "old\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt", "out.tsv", "spill"]
        assert list(spill.iterdir()) == []           # spill files removed



def _processes_reading(path):
    """Processes whose command line names `path`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(path).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="looks for leftover processes in /proc")
def test_ctrl_c_while_mine_counts_leaves_no_process_behind(tmp_path, small):
    """While mine counts, a worker loads jieba's dictionary; Ctrl-C stops both, without a traceback."""
    big = tmp_path / "big.txt"
    big.write_bytes(small.read_bytes() * 40)
    target = tmp_path / "out.tsv"
    for delay in (0.8, 2.0):
        code, out, err = interrupt_after(["mine", big, "-o", target, "--jobs", 2], delay)
        if code == 0:
            continue            # finished before the signal: nothing to check on this machine
        assert code == 130 and err.strip().splitlines()[-1] == "termmine: interrupted" and "Traceback" not in err, err
        assert not target.exists()
        for _ in range(50):
            if not _processes_reading(big):
                break
            time.sleep(0.1)
        assert _processes_reading(big) == []


def _mark_ready():
    os.environ["TERMMINE_TEST_READY"] = str(os.getpid())


def _ready_mark():
    return os.getpid(), os.environ.get("TERMMINE_TEST_READY")


def _cannot_load():
    raise RuntimeError("no dictionary here")


def test_ready_worker_prepares_in_a_process_of_its_own(small):
    from termmine.filters import check_terms, dictionary_pairs, in_dictionary
    from termmine.pipeline import _checks
    from termmine.workers import ready_worker
    with ready_worker(_mark_ready) as worker:
        if worker is None:
            pytest.skip("fork is not available here")
        pid, mark = worker.submit(_ready_mark).result()
    assert pid != os.getpid() and mark == str(pid) and "TERMMINE_TEST_READY" not in os.environ
    # a worker whose preparation failed: the checks are made here, alike
    terms = termmine.discover([small], min_count=2)["term"].tolist()[:3000]
    with ready_worker(_cannot_load) as worker:
        checks, pairs, known = _checks(terms, frozenset(), (), 2, worker)
    assert checks == check_terms(terms, jobs=1)
    assert np.array_equal(pairs, dictionary_pairs())
    assert known == in_dictionary(terms)


def test_an_interrupt_while_a_folder_is_removed_still_removes_it(tmp_path, monkeypatch):
    """Ctrl-C landing in the removal of the spill folder (the last step of a spilled count): the folder
    still goes, then the interrupt is raised."""
    from termmine import files
    folder = tmp_path / "spill"
    folder.mkdir()
    for k in range(5):
        (folder / f"n1-p{k}.rows").write_bytes(b"x")
    real_rmtree = files.shutil.rmtree
    calls = []

    def interrupted_rmtree(path, ignore_errors=False):
        calls.append(path)
        if len(calls) == 1:
            os.remove(sorted(Path(path).iterdir())[0])
            raise KeyboardInterrupt
        real_rmtree(path, ignore_errors=ignore_errors)

    monkeypatch.setattr(files.shutil, "rmtree", interrupted_rmtree)
    with pytest.raises(KeyboardInterrupt):
        files.remove_folder(folder)
    assert not folder.exists() and len(calls) == 2


def test_ctrl_c_after_the_output_is_complete(tmp_path, small):
    # the signal lands after the job, as one can while the interpreter shuts down: the run still succeeds
    target = tmp_path / "out.tsv"
    script = ("import os, signal\n"
              "from termmine.cli import main\n"
              "try:\n"
              f"    main(['discover', {str(small)!r}, '-o', {str(target)!r}, '-q'], prog_name='termmine')\n"
              "finally:\n"
              "    os.kill(os.getpid(), signal.SIGINT)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    assert target.read_text(encoding="utf-8").splitlines()[0] == HEADER

# --- JSON lines ---------------------------------------------------------------------------------------

def test_jsonl_input_and_its_errors(tmp_path, text_lines, expected):
    good = tmp_path / "in.jsonl"
    good.write_text("\n".join(json.dumps({"text": line}, ensure_ascii=False) for line in text_lines) + "\n",
                    encoding="utf-8")
    proc = run("discover", good, "--jsonl-field", "text", "--glob", "*.jsonl", "--top", 40)
    assert proc.returncode == 0 and proc.stdout == expected
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "甲乙"}\n{"text": 甲乙\n', encoding="utf-8")
    one_line_error(run("discover", broken, "--jsonl-field", "text"), "broken.jsonl: line 2 is not valid JSON")
    one_line_error(run("discover", good, "--jsonl-field", "body"), "in.jsonl: line 1 has no field 'body'")


# --- properties -----------------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import termmine  # noqa: E402


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=200), max_size=20))
def test_arbitrary_unicode_never_crashes(texts):
    frame = termmine.discover(texts=texts, min_count=2, jobs=1)
    assert list(frame.columns)[0] == "term"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=200), min_size=1, max_size=10))
def test_arbitrary_unicode_through_mine(texts):
    mined = termmine.mine(texts=texts * 3, reference_texts=texts, min_count=2, jobs=1)
    assert list(mined.columns)[0] == "term"


@settings(max_examples=5, deadline=None)
@given(st.randoms(use_true_random=False))
def test_line_order_does_not_matter(text_lines, rnd):
    lines = text_lines[:600]
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    assert termmine.discover(texts=lines, jobs=1).equals(termmine.discover(texts=shuffled, jobs=1))


def test_mine_does_not_depend_on_jobs_chunks_or_hash_seed(small, tmp_path):
    reference = tmp_path / "ref.txt"
    reference.write_text("我们今天进行了讨论。\n" * 20, encoding="utf-8")
    outputs = set()
    for seed, jobs in (("0", "1"), ("1", "2"), ("12345", "2")):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = run("mine", small, "--reference", reference, "--jobs", jobs, env=env)
        assert proc.returncode == 0
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    a = termmine.mine([small], reference=[reference], jobs=1)
    b = termmine.mine([small], reference=[reference], jobs=1, max_chars=500)
    assert a.equals(b)
    # pieces of 500 characters: the word counts are made in two forked processes
    c = termmine.mine([small], reference=[reference], jobs=2, max_chars=500)
    assert a.equals(c)


def test_filter_shapes_do_not_depend_on_jobs(small):
    from termmine.filters import _CHUNK, check_terms
    terms = termmine.discover([small], min_count=2)["term"].tolist()
    terms = (terms * (1 + 6 * _CHUNK // len(terms)))[:6 * _CHUNK]    # more chunks than the workers hold
    checks = check_terms(terms, stopwords={terms[0]}, pos=("n",), jobs=1)
    found = {name for name, flags in checks.shapes.items() if any(flags)}
    assert {"stopword", "pos", "function_edge.function_word", "numbered"} <= found
    assert not all(any(flags) for flags in zip(*checks.shapes.values()))     # some terms have none
    assert any(checks.predicate_shaped)
    assert check_terms(terms, stopwords={terms[0]}, pos=("n",), jobs=2) == checks


def test_200_mb_single_line_streams_in_bounded_memory(tmp_path, text_lines):
    """200 MB with no newline: read in pieces cut at punctuation, counted within --memory-limit, and
    counted exactly as the same text with line ends."""
    unit = "。".join(text_lines).encode("utf-8") + "。".encode("utf-8")
    one_line = tmp_path / "one_line.txt"
    with open(one_line, "wb") as f:
        written = 0
        while written < 200_000_000:
            f.write(unit)
            written += len(unit)
    lines = tmp_path / "lines.txt"
    with open(one_line, "rb") as src, open(lines, "wb") as dst:
        for block in iter(lambda: src.read(1 << 24), b""):
            dst.write(block.replace("。".encode("utf-8"), "。\n".encode("utf-8")))
    measure = ("import resource, subprocess, sys\n"
               "proc = subprocess.run(sys.argv[1:])\n"
               "print(proc.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n")
    limit_mb = 150
    digests = []
    for path in (one_line, lines):
        table = tmp_path / (path.stem + ".npz")
        out = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "termmine", "count", str(path),
                              "-o", str(table), "-q", "--min-count", "5", "--memory-limit", f"{limit_mb}M"],
                             capture_output=True, timeout=1200)
        code, peak_mb = map(int, out.stdout.split())
        assert code == 0, out.stderr.decode()
        # the limit bounds what grows with the input; about 150 MB of interpreter, NumPy and compiled
        # kernels and some tens of MB the allocator keeps come on top (counting.py, "Memory")
        assert peak_mb < limit_mb + 250, peak_mb
        loaded = termmine.load_counts(table)
        rows, counts, _, _ = loaded.canonical()
        digests.append((rows.tobytes(), counts.tobytes()))
    assert digests[0] == digests[1]


def test_interrupt_while_writing_keeps_the_old_file(tmp_path, small, monkeypatch):
    """Ctrl-C that lands while rows are being written (forced at the 10th row here)."""
    target = tmp_path / "out.tsv"
    target.write_text("old\n", encoding="utf-8")
    import termmine.output as output
    real = output._cell
    calls = {"n": 0}

    def cell(value):
        calls["n"] += 1
        if calls["n"] == 10:
            raise KeyboardInterrupt
        return real(value)
    monkeypatch.setattr(output, "_cell", cell)
    result = CliRunner().invoke(main, ["discover", str(small), "-o", str(target)])
    assert result.exit_code == 130 and result.stderr.strip() == "termmine: interrupted"
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tsv"]
