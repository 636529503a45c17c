"""Progress that follows the work: each stage on a line of its own, with a percentage, rate and time left
where the amount is known, notes on lines of their own, and nothing when stderr is not a terminal or
with --quiet. The library's side (the callback) is tested in test_mine.py."""
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from termmine import cli
from termmine import progress as P

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "law_sample.txt"
CLEAR = "\r\x1b[2K"


def run_on_a_terminal(*args, stdin=None):
    """(exit status, stdout, stderr) of termmine with stderr on a pseudo-terminal."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "termmine", *map(str, args)], stdin=stdin,
                            stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 1 << 16)
        except OSError:             # the other end is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    out = proc.stdout.read()
    return proc.wait(), out, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("progress") / "small.txt"
    path.write_text("\n".join(SAMPLE.read_text(encoding="utf-8").splitlines()[:1500]) + "\n", encoding="utf-8")
    return path


def final_lines(err):
    """What stays on the terminal: each line as last drawn."""
    return [line.rsplit(CLEAR, 1)[-1] for line in err.split("\n") if line]


def test_mine_on_a_terminal_shows_each_stage_on_its_own_line_and_notes_apart(small):
    status, out, err = run_on_a_terminal("mine", small, "--top", 5)
    assert status == 0 and len(out.decode().splitlines()) == 6
    lines = final_lines(err)
    stages = [line for line in lines if line.startswith("termmine: [")]
    names = [line.split("] ", 1)[1].split("  ")[0] for line in stages]
    assert names == [*cli.MINE_STAGES, cli.WRITING]
    assert all(line.startswith(f"termmine: [{k}/8] ") for k, line in enumerate(stages, 1))
    reading = stages[0]
    assert " 100%" in reading and " MB" in reading                  # the whole file was read
    assert "0/7 lengths" not in stages[1] and "7/7 lengths" in stages[1]
    # the note about the built-in reference stands on a line of its own, not glued to a bar
    assert "termmine: no --reference given: using the built-in general-Chinese reference table" in lines
    assert "%termmine" not in err and "stermmine" not in err


def test_on_stdin_the_amount_read_is_shown_without_a_percentage(small):
    with open(small, "rb") as f:
        status, out, err = run_on_a_terminal("discover", "-", "--top", 5, stdin=f)
    assert status == 0
    reading = final_lines(err)[0]
    assert reading.startswith("termmine: [1/4] reading") and " MB" in reading
    # stdin is read into a temporary file before it is counted: its size is known by then
    names = [line.split("] ", 1)[1].split("  ")[0] for line in final_lines(err)]
    assert names == [*cli.DISCOVER_STAGES, cli.WRITING]


def test_quiet_or_not_a_terminal_shows_nothing(small):
    status, out, err = run_on_a_terminal("discover", small, "--top", 5, "--quiet")
    assert status == 0 and err == ""
    proc = subprocess.run([sys.executable, "-m", "termmine", "discover", str(small), "--top", "5"], capture_output=True)
    assert proc.returncode == 0 and proc.stderr == b""


class _Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_stage_of_known_size_shows_percentage_rate_and_time_left(monkeypatch, capsys):
    clock = _Clock()
    monkeypatch.setattr(cli.time, "monotonic", clock)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    progress = cli._Progress(False, cli.MINE_STAGES + (cli.WRITING,))
    try:
        progress(P.READING, 0, 40_000_000)
        clock.now += 2.0
        progress(P.READING, 10_000_000, 40_000_000)
        line = capsys.readouterr().err.rsplit(CLEAR, 1)[-1]
        assert line == "termmine: [1/8] reading   25%  10.0 MB  5.0 MB/s  6.0 s left  2.0 s"
        cli._stderr("a note")                               # on its own line, the stage drawn again below
        assert capsys.readouterr().err == CLEAR + "termmine: a note\n" + CLEAR + line
        clock.now += 1.0
        progress(P.COUNTING, 3, 7)
        err = capsys.readouterr().err
        assert err.startswith(CLEAR + "termmine: [1/8] reading   25%  10.0 MB  3.3 MB/s  9.0 s left  3.0 s\n")
        assert err.endswith(CLEAR + "termmine: [2/8] counting  3/7 lengths  0.0 s")
        progress(P.MERGING, 0, 7)                           # a stage not foreseen is numbered where it comes
        assert capsys.readouterr().err.endswith("termmine: [3/9] merging  0/7 lengths  0.0 s")
        clock.now += 125
        progress(P.CANDIDATES, 0, None)
        assert "[3/9] merging  0/7 lengths  2:05\n" in capsys.readouterr().err
    finally:
        cli._Progress.end()
    assert cli._Progress.active is None
