from pathlib import Path

import pytest
from subprocesses import run

import termmine
from termmine import jitcache
from termmine.normalize import Normalizer


@pytest.fixture(scope="session", autouse=True)
def warm_kernels():
    """A CLI run that compiles the kernels says so on stderr (the first run after an install); the tests
    that compare stderr exactly expect no such note, so the kernels of this checkout are cached first."""
    assert jitcache.CACHE, f"the kernels cannot be cached, so every CLI run would say so: {jitcache.PROBLEM}"
    termmine.discover(texts=["变压器的油温过高。", "变压器的油温正常。"], min_count=2)
    assert not jitcache.is_cold()


SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "law_sample.txt"


@pytest.fixture(scope="module")
def text_lines():
    """The first 1500 lines of the bundled sample."""
    return SAMPLE.read_text(encoding="utf-8").splitlines()[:1500]


@pytest.fixture(scope="module")
def small(tmp_path_factory, text_lines):
    """A file of text_lines."""
    path = tmp_path_factory.mktemp("small") / "small.txt"
    path.write_text("\n".join(text_lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def expected(small):
    """The command line's discover --top 40 of `small`, as bytes."""
    proc = run("discover", small, "--top", 40)
    assert proc.returncode == 0
    return proc.stdout


def tokens_of(texts, keep_case=False):
    """The token list count_ngrams sees for an iterable of texts (each text ends with a boundary)."""
    normalizer = Normalizer(keep_case)
    out = []
    for text in texts:
        out.extend(normalizer.tokens(text + "\n").tolist())
        out.append(0)
    return out
