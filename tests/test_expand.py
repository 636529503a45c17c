"""termmine expand: the walk from the seeds, the vectors, errors, and the same result from run to run."""
import sys

import numpy as np
import pandas as pd
import pytest
from subprocesses import one_line_error, run

from termmine.errors import InputError
from termmine.expand import EXPAND_COLUMNS, check_seeds, expand, nearest_to_mean, walk

gensim = pytest.importorskip("gensim", reason="the test command installs gensim (the test extra)")
SEEDS = ["有期徒刑", "拘役", "罚金"]


def vectors(pairs):
    from gensim.models import KeyedVectors
    kv = KeyedVectors(vector_size=2)
    kv.add_vectors([k for k, _ in pairs], np.array([v for _, v in pairs], dtype=np.float32))
    return kv


def at(degrees):
    return [np.cos(np.radians(degrees)), np.sin(np.radians(degrees))]


def test_the_walk_goes_breadth_first_with_a_bar_that_rises_with_depth():
    # cosine of angles: a seed at 0°, b at 30° (0.87), c at 60° from a and 30° from b, d at 90°
    kv = vectors([("s", at(0)), ("b", at(30)), ("c", at(60)), ("d", at(90)), ("e", at(-40))])
    ranked = ["b", "c", "d", "e", "s"]
    frame = walk(kv, ["s"], ranked, [1.0, 2.0, 3.0, 4.0, 5.0], threshold=0.7, step=0.15, max_depth=3)
    assert list(frame.columns) == EXPAND_COLUMNS
    # depth 1 (bar 0.7): b (0.87) and e (0.77), most similar first; depth 2 (bar 0.85): c from b (0.87);
    # depth 3 (bar 1.0): nothing, d is left
    assert frame[["term", "depth", "seed"]].values.tolist() == [["b", 1, "s"], ["e", 1, "s"], ["c", 2, "s"]]
    assert frame["similarity"].tolist() == [0.866, 0.766, 0.866]
    assert frame["score"].tolist() == [1.0, 4.0, 2.0]
    assert walk(kv, ["s"], ranked, [0.0] * 5, threshold=0.7, step=0.15, neighbours=1)["term"].tolist() == ["b", "c"]


def test_a_term_reached_from_two_terms_keeps_the_closer_and_its_seed():
    kv = vectors([("p", at(0)), ("q", at(90)), ("x", at(60))])
    frame = walk(kv, ["p", "q"], ["x"], [0.0], threshold=0.1, step=0.0)
    assert frame[["term", "seed"]].values.tolist() == [["x", "q"]]        # 30° from q, 60° from p


def test_baseline_takes_the_nearest_to_the_mean_of_the_seeds():
    kv = vectors([("p", at(0)), ("q", at(90)), ("x", at(45)), ("y", at(-80)), ("z", at(180))])
    assert nearest_to_mean(kv, ["p", "q"], ["z", "y", "x", "p"], top=2) == ["x", "y"]


def test_seeds_are_read_from_the_option_and_the_file(tmp_path):
    path = tmp_path / "seeds.txt"
    path.write_text("罚金\n\n拘役\t3\n", encoding="utf-8")
    assert check_seeds("有期徒刑，拘役, ", path) == ["有期徒刑", "拘役", "罚金"]
    with pytest.raises(InputError, match="no seed"):
        check_seeds(" , ")


@pytest.fixture(scope="module")
def expanded(text_lines, tmp_path_factory):
    folder = tmp_path_factory.mktemp("expand")
    frame = expand(texts=text_lines, seeds=SEEDS, vectors=folder / "v.bin", threshold=0.3)
    return frame, folder / "v.bin"


def test_expand_reaches_terms_from_the_seeds_and_saves_the_vectors(expanded, text_lines):
    frame, saved = expanded
    assert len(frame) > 5 and not set(frame["term"]) & set(SEEDS)
    assert set(frame["seed"]) <= set(SEEDS) and frame["depth"].min() == 1
    assert frame["score"].notna().all()                   # every term reached is a mined term, with its score
    assert saved.exists()
    terms = pd.DataFrame({"term": frame["term"], "score": frame["score"]})
    again = expand(seeds=SEEDS, vectors=saved, terms=terms, threshold=0.3)   # no corpus: all is given
    assert again["term"].tolist() == frame["term"].tolist()


def test_a_seed_the_corpus_lacks_is_an_error_before_the_work(text_lines, tmp_path):
    with pytest.raises(InputError, match="seed not in the corpus: 高血压"):
        expand(texts=text_lines, seeds=["罚金", "高血压"], vectors=tmp_path / "v.bin")
    assert not (tmp_path / "v.bin").exists()


def test_cli_gives_the_same_bytes_twice_and_one_line_errors(small, tmp_path):
    first = run("expand", small, "--seeds", ",".join(SEEDS), "--threshold", "0.3", "-q")
    second = run("expand", small, "--seeds", ",".join(SEEDS), "--threshold", "0.3", "-q")
    assert first.returncode == 0 and first.stdout == second.stdout
    assert first.stdout.decode().split("\n")[0] == "\t".join(EXPAND_COLUMNS)
    one_line_error(run("expand", small, "--seeds", "罚金,高血压", "-q"), "seed not in the corpus: 高血压")
    one_line_error(run("expand", small, "-q"), "no seed terms")
    proc = run("expand", "--seeds", "罚金")
    assert proc.returncode == 2 and b"CORPUS" in proc.stderr


def test_without_gensim_expand_says_what_to_install(monkeypatch, text_lines):
    monkeypatch.setitem(sys.modules, "gensim", None)
    from termmine.errors import TermmineError
    with pytest.raises(TermmineError, match=r"pip install 'termmine\[expand\]'"):
        expand(texts=text_lines, seeds=SEEDS)
