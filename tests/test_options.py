"""Options a user gets wrong are refused before any work: usage errors exit 2, what can be checked
before the corpus is read is checked first, and every option says what it does and its default."""
from pathlib import Path

import click
import pytest
from subprocesses import one_line_error, run

import termmine
from termmine.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "law_sample.txt"


@pytest.fixture(scope="module")
def unreadable_corpus(tmp_path_factory):
    """A corpus that fails as soon as it is read: an error about anything else came before reading."""
    path = tmp_path_factory.mktemp("options") / "corpus.txt"
    path.write_bytes(bytes(range(1, 32)) * 400)
    assert "binary" in run("discover", path).stderr.decode()
    return path


@pytest.fixture(scope="module")
def short_table(tmp_path_factory):
    path = tmp_path_factory.mktemp("options") / "short.npz"
    text = path.with_suffix(".txt")
    text.write_text("\n".join(SAMPLE.read_text(encoding="utf-8").splitlines()[:300]) + "\n", encoding="utf-8")
    assert run("count", text, "-o", path, "--max-len", 3, "--quiet").returncode == 0
    return path


@pytest.mark.parametrize("args", [["--memory-limit", "lots"], ["--memory-limit", "-1G"], ["--pos", "xyz"],
                                  ["--pos", "n,qq"], ["--top", "0"], ["--format", "xml"]])
def test_usage_errors_exit_2_before_any_work(unreadable_corpus, args):
    proc = run("mine", unreadable_corpus, *args)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and proc.stdout == b"", err
    assert "Invalid value for" in err and "Traceback" not in err and "binary" not in err


def test_unknown_pos_tag_names_the_tags_jieba_gives():
    err = run("mine", SAMPLE, "--pos", "xyz").stderr.decode()
    assert "unknown part-of-speech tag 'xyz'" in err and " nz, " in err and " eng, " in err


@pytest.mark.parametrize("args, fragment", [
    (["-r", "nosuch.npz"], "nosuch.npz: no such file"),
    (["-r", "nosuch_folder"], "nosuch_folder: no such file or folder"),
    (["-o", "/nonexistent/x.tsv"], "the folder /nonexistent does not exist"),
])
def test_mine_checks_reference_and_output_before_reading_the_corpus(unreadable_corpus, args, fragment):
    one_line_error(run("mine", unreadable_corpus, *args), fragment)


def test_a_reference_table_of_a_smaller_max_len_is_refused_before_reading(unreadable_corpus, short_table):
    one_line_error(run("mine", unreadable_corpus, "-r", short_table), "holds n-grams up to 3 tokens",
                   "lower --max-len")


def test_an_output_that_is_a_folder_is_refused_before_reading(unreadable_corpus, tmp_path):
    for command in ("discover", "mine"):
        one_line_error(run(command, unreadable_corpus, "-o", tmp_path), "is a folder; give -o a file name")
    one_line_error(run("count", unreadable_corpus, "-o", tmp_path / "no" / "t.npz"), "does not exist")


def test_the_library_checks_the_reference_before_reading_the_corpus(short_table):
    def corpus():
        raise AssertionError("the corpus was read before the reference was checked")
        yield
    with pytest.raises(termmine.TermmineError, match="holds n-grams up to 3 tokens"):
        termmine.mine(texts=corpus(), reference=short_table)
    with pytest.raises(termmine.TermmineError, match="unknown part-of-speech tag 'xyz'"):
        termmine.mine(texts=corpus(), pos=["xyz"])


def test_pos_judges_latin_terms_by_jiebas_tag_eng(tmp_path):
    before = ["我们用", "先装", "以及", "和", "比较", "学习", "打开"]
    after = ["训练模型", "保存", "的文档", "读取数据", "实现", "写代码"]
    lines = [f"{before[i % 7]}TensorFlow{after[i % 6]}，{before[(i + 3) % 7]}张量{after[(i + 2) % 6]}。"
             for i in range(84)]
    path = tmp_path / "latin.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reference = tmp_path / "reference.txt"
    reference.write_text("普通的文字。\n" * 5, encoding="utf-8")

    def terms(*args):
        proc = run("mine", path, "-r", reference, "--min-count", 5, *args)
        assert proc.returncode == 0, proc.stderr.decode()
        return {line.split("\t")[0] for line in proc.stdout.decode().splitlines()[1:]}
    everything = terms()
    assert {"tensorflow", "张量"} <= {t.lower() for t in everything}
    nouns = terms("--pos", "n")
    assert "张量" in nouns and not any(t.lower() == "tensorflow" for t in nouns)
    assert any(t.lower() == "tensorflow" for t in terms("--pos", "n,eng"))


def _commands():
    return [(name, command) for name, command in main.commands.items()]


@pytest.mark.parametrize("name, command", _commands())
def test_every_option_says_what_it_does_and_its_default(name, command):
    assert command.help and "see README" not in command.help
    for param in command.params:
        if not isinstance(param, click.Option) or param.name == "help":
            continue
        assert param.help and "see README" not in param.help, (name, param.name)
        if param.required:
            continue
        if param.default not in (None, False, ()) and not param.is_flag:
            assert param.show_default or "default" in param.help.lower(), (name, param.name)
        elif not param.is_flag and not param.multiple:
            assert "default" in param.help.lower(), (name, param.name)


def test_evaluate_help_says_what_it_prints():
    proc = run("evaluate", "--help")
    out = proc.stdout.decode()
    for measure in ("P@100", "P@500", "P@1000", "AP@1000", "R@2000"):
        assert measure in out
