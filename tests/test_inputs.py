"""What termmine reads and writes, by content and by name: --encoding auto over any mix of files, input
compressed whatever its name (or on stdin), the output format and compression from -o's name, and the
one-line messages for inputs that are not text. Through a real subprocess for exit codes and messages, as in
test_reliability.py; the output formats through click's CliRunner."""
import bz2
import csv
import errno
import gzip
import io
import json
import lzma
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from subprocesses import one_line_error, run

from termmine.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "law_sample.txt"


# --- --encoding auto ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def halves(tmp_path_factory, text_lines):
    """Two texts (a, b), each in UTF-8 (folder u) and GB18030 (folder g); mine's are shorter, it is slower."""
    root = tmp_path_factory.mktemp("halves")
    files = {}
    for size, tag in ((750, ""), (200, "short")):
        for name, part in (("a", text_lines[:size]), ("b", text_lines[size:2 * size])):
            text = "\n".join(part) + "\n"
            for enc, folder in (("utf-8", "u"), ("gb18030", "g")):
                path = root / f"{folder}{tag}" / f"{name}.txt"
                path.parent.mkdir(exist_ok=True)
                path.write_bytes(text.encode(enc))
                files[folder + tag, name] = path
    return files


COMMANDS = {
    "discover": ["discover", "--top", 40],
    "count": ["count", "--max-len", 3],
    "mine": ["mine", "--top", 40, "--min-count", 3, "--jobs", 1],
}

# (files read with --encoding auto, the same text in UTF-8 read with the default encoding)
AUTO_CASES = {
    "one utf-8": ([("u", "a")], [("u", "a")]),
    "several utf-8": ([("u", "a"), ("u", "b")], [("u", "a"), ("u", "b")]),
    "a folder of utf-8": (["u"], [("u", "a"), ("u", "b")]),
    "gb18030 then utf-8": ([("g", "a"), ("u", "b")], [("u", "a"), ("u", "b")]),
    "utf-8 then gb18030": ([("u", "a"), ("g", "b")], [("u", "a"), ("u", "b")]),
}


def _result(command, args, folder):
    """What a run produced: the table on stdout, or for count the table it wrote (as its arrays)."""
    target = folder / "t.npz"
    proc = run(*COMMANDS[command], *args, *(["-o", target, "-q"] if command == "count" else []))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()
    if command != "count":
        return proc.stdout
    from termmine.tables import load_counts
    table = load_counts(target)
    return (table.total, table.vocabulary.atoms, table.parent.tolist(), table.token.tolist(), table.count.tolist())


def _paths(halves, items, short):
    """The paths of AUTO_CASES items: (folder, name) is a file, a folder name alone the folder."""
    tag = "short" if short else ""
    return [halves[item + tag, "a"].parent if isinstance(item, str) else halves[item[0] + tag, item[1]]
            for item in items]


@pytest.fixture(scope="module")
def utf8_result(halves, tmp_path_factory):
    """_result of a command on UTF-8 files read with the default encoding, made once for each."""
    made = {}

    def result(command, items):
        key = command, tuple(items)
        if key not in made:
            made[key] = _result(command, _paths(halves, items, command == "mine"), tmp_path_factory.mktemp("utf8"))
        return made[key]
    return result


@pytest.mark.parametrize("case", AUTO_CASES)
@pytest.mark.parametrize("command", COMMANDS)
def test_auto_reads_utf8_and_gb18030_in_any_mix(halves, utf8_result, tmp_path, command, case):
    auto, utf8 = AUTO_CASES[case]
    got = _result(command, [*_paths(halves, auto, command == "mine"), "--encoding", "auto"], tmp_path)
    assert got == utf8_result(command, utf8)


def test_auto_reads_a_gb18030_reference_and_says_so_once(halves):
    """mine reads the domain twice (n-grams, then words) and the reference text once, each with auto."""
    argv = [*COMMANDS["mine"], halves["ushort", "a"], halves["gshort", "b"], "--encoding", "auto"]
    got = run(*argv, "--reference", halves["gshort", "a"])
    want = run(*COMMANDS["mine"], halves["ushort", "a"], halves["ushort", "b"], "--reference", halves["ushort", "a"])
    assert got.returncode == 0 and got.stdout == want.stdout, got.stderr.decode()
    notes = [line for line in got.stderr.decode().splitlines() if "reading it as GB18030" in line]
    assert notes == [f"termmine: {halves['gshort', 'b']}: not UTF-8, reading it as GB18030",
                     f"termmine: {halves['gshort', 'a']}: not UTF-8, reading it as GB18030"]


# --- compressed input, known by its first bytes ---------------------------------------------------------

COMPRESSORS = {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress}


@pytest.mark.parametrize("kind", COMPRESSORS)
def test_compressed_under_any_name_and_on_stdin(tmp_path, small, expected, kind):
    data = COMPRESSORS[kind](small.read_bytes())
    path = tmp_path / "plain-looking.txt"
    path.write_bytes(data)
    proc = run("discover", path, "--top", 40)
    assert proc.returncode == 0 and proc.stdout == expected, proc.stderr.decode()
    proc = run("discover", "-", "--top", 40, input=data)
    assert proc.returncode == 0 and proc.stdout == expected, proc.stderr.decode()


def test_compressed_gb18030_on_stdin_with_auto(small, expected):
    data = gzip.compress(small.read_text(encoding="utf-8").encode("gb18030"))
    proc = run("discover", "-", "--top", 40, "--encoding", "auto", input=data)
    assert proc.returncode == 0 and proc.stdout == expected, proc.stderr.decode()
    assert proc.stderr.decode() == "termmine: -: not UTF-8, reading it as GB18030\n"


def test_mine_reads_compressed_stdin(halves, utf8_result):
    """mine spools stdin to a file, read twice."""
    got = run(*COMMANDS["mine"], "-", input=gzip.compress(halves["ushort", "a"].read_bytes()))
    assert got.returncode == 0 and got.stdout == utf8_result("mine", [("u", "a")]), got.stderr.decode()


# --- inputs that are not text ------------------------------------------------------------------------

def test_binary_on_stdin_does_not_mention_glob():
    err = one_line_error(run("discover", "-", input=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20),
                         "-: looks like binary data, not text")
    assert "--glob" not in err


def test_a_count_table_passed_as_text(tmp_path, small):
    table = tmp_path / "t.npz"
    assert run("count", small, "-o", table, "-q").returncode == 0
    message = f"{table}: is a count table (.npz), not text; pass it to mine with --reference, or to merge"
    for command in ("mine", "discover", "count"):
        extra = ["-o", tmp_path / "again.npz"] if command == "count" else []
        err = one_line_error(run(command, table, *extra))
        assert err == f"termmine: {message}\n"
    one_line_error(run("discover", "-", input=table.read_bytes()), "-: is a count table (.npz), not text")


def test_a_zip_archive(tmp_path):
    path = tmp_path / "texts.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "中文文本\n" * 100)
    one_line_error(run("discover", path), f"{path}: is a zip archive, not text; unpack it")


@pytest.mark.parametrize("cut", [1, 2])
def test_a_file_cut_inside_a_character(tmp_path, small, cut):
    data = small.read_bytes()
    end = data.rfind("。".encode()) + cut                  # 。 is three bytes in UTF-8
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:end])
    at = end - cut
    for encoding in ("utf-8", "auto"):
        err = one_line_error(run("discover", path, "--encoding", encoding),
                             f"cut.txt: the text ends inside a character (offset {at}); the file looks truncated")
        assert "gb18030" not in err.lower()


def test_invalid_utf8_across_a_block_boundary_names_its_offset(tmp_path, small):
    from termmine.corpus import BLOCK_BYTES
    data = small.read_bytes() * (BLOCK_BYTES // small.stat().st_size + 2)
    lead = BLOCK_BYTES - 1
    while data[lead] < 0xc0:                          # the first byte of a character
        lead -= 1
    data = b"\n" * (BLOCK_BYTES - 1 - lead) + data   # moved to the last byte of the first block
    at = BLOCK_BYTES - 1
    path = tmp_path / "bad.txt"
    path.write_bytes(data[:at + 1] + b"\xff" + data[at + 2:])    # its second byte broken, in the next block
    one_line_error(run("discover", path), f"bad.txt: could not decode as utf-8 (byte 0x{data[at]:02x} at offset {at})",
                   "--encoding gb18030")


# --- the output: format and compression from -o's name ------------------------------------------------

def invoke(*args):
    return CliRunner().invoke(main, list(map(str, args)))


OPENERS = {"": open, ".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


@pytest.mark.parametrize("suffix", OPENERS)
@pytest.mark.parametrize("name", ["out.tsv", "out.csv", "out.jsonl", "out.txt", "out"])
def test_output_format_and_compression_from_its_name(tmp_path, small, expected, name, suffix):
    target = tmp_path / (name + suffix)
    result = invoke("discover", small, "--top", 40, "-o", target)
    assert result.exit_code == 0, result.output
    with OPENERS[suffix](target, "rt", encoding="utf-8", newline="") as f:
        text = f.read()
    want = expected.decode("utf-8")
    rows = [line.split("\t") for line in want.splitlines()]
    if name.endswith(".csv"):
        assert list(csv.reader(io.StringIO(text))) == rows
    elif name.endswith(".jsonl"):
        records = [json.loads(line) for line in text.splitlines()]
        assert [list(r) for r in records[:1]] == [rows[0]] and [r["term"] for r in records] == \
            [row[0] for row in rows[1:]]
    else:                                            # .tsv, and any other name: tsv
        assert text == want


def test_an_explicit_format_that_matches_the_name_or_names_none(tmp_path, small):
    assert invoke("discover", small, "--top", 5, "--format", "csv", "-o", tmp_path / "a.csv").exit_code == 0
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("term,length,")
    assert invoke("discover", small, "--top", 5, "--format", "jieba", "-o", tmp_path / "dict.txt").exit_code == 0
    assert len((tmp_path / "dict.txt").read_text(encoding="utf-8").splitlines()[0].split(" ")) == 3


def test_an_explicit_format_that_contradicts_the_name_is_refused(tmp_path, small):
    proc = run("discover", small, "--format", "tsv", "-o", tmp_path / "out.csv.gz")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and proc.stdout == b"" and "Traceback" not in err, err
    assert "--format tsv contradicts -o" in err and "out.csv.gz" in err
    assert not (tmp_path / "out.csv.gz").exists()


def test_a_compressed_output_is_written_whole_or_not_at_all(tmp_path, small, monkeypatch):
    target = tmp_path / "out.tsv.gz"
    target.write_bytes(gzip.compress(b"old\n"))

    def no_space(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(os, "fsync", no_space)
    result = invoke("discover", small, "-o", target)
    assert result.exit_code == 1 and "nothing was written" in result.stderr
    assert gzip.decompress(target.read_bytes()) == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.tsv.gz"]


@pytest.mark.parametrize("slash", ["", "/"])
def test_output_to_an_existing_folder(tmp_path, small, slash):
    folder = tmp_path / "results"
    folder.mkdir()
    err = one_line_error(run("discover", small, "-o", f"{folder}{slash}"))
    assert err == f"termmine: {folder}{slash}: is a folder; give -o a file name, such as {folder / 'terms.tsv'}\n"
    err = one_line_error(run("count", small, "-o", f"{folder}{slash}"))
    assert err == f"termmine: {folder}{slash}: is a folder; give -o a file name, such as {folder / 'counts.npz'}\n"
    assert list(folder.iterdir()) == []
