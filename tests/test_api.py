"""The library's entry points take a corpus as paths (the first argument) or as texts (texts=), never
guessing which: a list of path strings, as glob.glob gives, is read as files (issue 15, item 5)."""
import glob
from pathlib import Path

import numpy as np
import pytest

import termmine
from termmine.counting import count_ngrams
from termmine.errors import TermmineError

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "law_sample.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two files of law text in a folder, and their lines."""
    folder = tmp_path_factory.mktemp("api")
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:3000]
    (folder / "a.txt").write_text("\n".join(lines[:1500]) + "\n", encoding="utf-8")
    (folder / "b.txt").write_text("\n".join(lines[1500:]) + "\n", encoding="utf-8")
    return folder, lines


def test_a_list_of_path_strings_is_read_as_files(corpus):
    folder, lines = corpus
    paths = sorted(glob.glob(str(folder / "*.txt")))
    assert all(isinstance(p, str) for p in paths)
    from_strings = termmine.discover(paths, min_count=3, jobs=1)
    assert len(from_strings) > 100
    assert from_strings.equals(termmine.discover([Path(p) for p in paths], min_count=3, jobs=1))
    assert from_strings.equals(termmine.discover(folder, min_count=3, jobs=1))
    assert from_strings.equals(termmine.discover(texts=lines, min_count=3, jobs=1))
    table = termmine.count(paths, max_len=3, jobs=1)
    for x, y in zip(table.canonical(), termmine.count(texts=iter(lines), max_len=3, jobs=1).canonical()):
        assert np.array_equal(x, y)


def test_mine_takes_paths_and_texts_for_the_corpus_and_the_reference(corpus, tmp_path):
    folder, lines = corpus
    reference = tmp_path / "ref.txt"
    general = ["我们今天进行了讨论，他们需要进一步的情况。"] * 50
    reference.write_text("\n".join(general) + "\n", encoding="utf-8")
    paths = sorted(glob.glob(str(folder / "*.txt")))
    from_paths = termmine.mine(paths, reference=str(reference), min_count=3, jobs=1)
    assert len(from_paths) > 50
    assert from_paths.equals(termmine.mine(texts=lines, reference_texts=general, min_count=3, jobs=1))
    assert from_paths.equals(termmine.mine(texts=iter(lines), reference=[reference], min_count=3, jobs=1))


@pytest.mark.parametrize("call, message", [
    (lambda: termmine.discover(["第一条 为了保护当事人的合法权益。"]),
     r"^'第一条 为了保护当事人的合法权益。': no such file or folder \(in paths\); to pass texts, use texts=$"),
    (lambda: termmine.discover("甲乙丙" * 30),
     r"^'甲乙丙甲乙丙.*…': no such file or folder \(in paths\); to pass texts, use texts=$"),
    (lambda: termmine.discover(["a.txt"], texts=["甲乙"]), r"^pass the corpus as paths or as texts=, not both$"),
    (lambda: termmine.discover(), r"^no corpus: pass paths \(files, folders or '-'\) or texts= \(strings\)$"),
    (lambda: termmine.count([]), r"^paths is empty: no file to read$"),
    (lambda: termmine.count([Path("a.txt"), 3]), r"^paths\[1\] is int, not a path \(str or PathLike\)"),
    (lambda: termmine.count(texts="甲乙丙"), r"^texts= takes an iterable of strings, not one string; "
                                             r"pass \[text\] for one text$"),
    (lambda: termmine.count(texts=["甲乙", Path("a.txt")]), r"^texts\[1\] is \w*Path, not a string"),
    (lambda: termmine.mine(texts=["甲乙"], reference=["a.npz"], reference_texts=["甲乙"]),
     r"^pass the reference as reference= or as reference_texts=, not both$"),
    (lambda: termmine.mine(texts=["甲乙"], reference=["普通的文字。"]),
     r"^'普通的文字。': no such file or folder \(in reference=\); to pass texts, use reference_texts=$"),
], ids=["text in paths", "one text as paths", "both", "neither", "no paths", "not a path", "one string as texts",
        "a path in texts", "both references", "text as reference"])
def test_paths_and_texts_are_never_guessed(call, message):
    with pytest.raises(TermmineError, match=message):
        call()


def test_options_after_the_corpus_are_keyword_only(corpus):
    folder, _ = corpus
    with pytest.raises(TypeError):
        termmine.discover(folder, ["甲乙"])
    with pytest.raises(TypeError):
        termmine.mine(folder, folder / "a.txt")
    with pytest.raises(TypeError):
        termmine.count(folder, 3)
    with pytest.raises(TypeError):
        count_ngrams(folder, 3)
    assert "count_ngrams" not in termmine.__all__      # termmine.count is the one public way to count
