"""The command line: formats, stdin, determinism and exit codes."""
import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from termmine.cli import main

HEADER = ["term", "length", "count", "cohesion", "left_entropy", "right_entropy", "score"]


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory, law_sample_module):
    path = tmp_path_factory.mktemp("cli") / "small.txt"
    lines = law_sample_module.read_text(encoding="utf-8").splitlines()[:3000]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def law_sample_module():
    from pathlib import Path
    return Path(__file__).resolve().parent.parent / "corpora" / "law_sample.txt"


def invoke(*args, input=None):
    return CliRunner().invoke(main, list(map(str, args)), input=input)


def test_tsv_has_header_rows_and_is_stable(small_corpus):
    first = invoke("discover", small_corpus, "--top", 50)
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert lines[0].split("\t") == HEADER
    assert len(lines) == 51
    terms = [line.split("\t")[0] for line in lines[1:]]
    assert "当事人" in terms
    assert invoke("discover", small_corpus, "--top", 50).stdout == first.stdout


def test_csv_and_jsonl(small_corpus):
    out = invoke("discover", small_corpus, "--top", 20, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == HEADER and len(rows) == 21
    out = invoke("discover", small_corpus, "--top", 20, "--format", "jsonl")
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) == 20 and list(records[0]) == HEADER
    assert "\\u" not in out.stdout                     # Chinese stays readable


def test_command_line_writes_what_the_library_returns(small_corpus):
    """`termmine discover` writes pipeline.discover_columns() as it is; termmine.discover() makes a
    DataFrame of the same rows, which writes the same text."""
    import termmine
    from termmine.output import render_terms
    frame = termmine.discover([small_corpus], top=40)
    assert list(frame.columns) == HEADER and len(frame) == 40
    written = io.StringIO()
    render_terms(frame, HEADER, "tsv", written)
    assert invoke("discover", small_corpus, "--top", 40).stdout == written.getvalue()


def test_discover_command_does_not_load_pandas(small_corpus, tmp_path):
    """pandas takes some 0.15 s to import; `termmine discover` has no use for it."""
    out = tmp_path / "words.tsv"
    code = ("import sys\nfrom termmine import cli\n"
            f"sys.argv = ['termmine', 'discover', {str(small_corpus)!r}, '-o', {str(out)!r}, '--quiet']\n"
            "try:\n    cli.run()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print('pandas' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert out.read_text(encoding="utf-8").startswith("\t".join(HEADER) + "\n")


def test_jieba_user_dictionary_loads(small_corpus, tmp_path):
    target = tmp_path / "user.dict"
    out = invoke("discover", small_corpus, "--top", 30, "--format", "jieba", "-o", target)
    assert out.exit_code == 0 and out.stdout == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 30 and all(len(line.split(" ")) == 3 for line in lines)     # word freq tag
    import jieba
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(target))
    word = lines[0].split(" ")[0]
    assert word in tokenizer.FREQ


def run(*args, input=None):
    return subprocess.run([sys.executable, "-m", "termmine", *map(str, args)], input=input,
                          capture_output=True)


def test_stdin_and_exit_codes(small_corpus):
    data = small_corpus.read_bytes()
    piped = run("discover", "-", "--top", 10, input=data)
    assert piped.returncode == 0
    assert piped.stdout.decode("utf-8") == run("discover", small_corpus, "--top", 10).stdout.decode("utf-8")

    missing = run("discover", "no/such/file.txt")
    assert missing.returncode == 1
    assert missing.stderr.decode().strip() == "termmine: no/such/file.txt: no such file or folder"
    assert missing.stdout == b""

    usage = run("discover", small_corpus, "--format", "xml")
    assert usage.returncode == 2 and b"Traceback" not in usage.stderr
