"""Candidate words: words longer than max_len, joined from the counted windows."""
import numpy as np
from conftest import tokens_of
from hypothesis import given, settings
from hypothesis import strategies as st

from termmine.counting import count_ngrams
from termmine.discovery import DiscoverOptions, _most_frequent_by, extract_candidates
from termmine.rules import Rules

LOOSE = dict(min_cohesion=(0.0,), min_entropy=0.0, extension_ratio=0.8)
# the rule that drops candidates inside longer ones switched off, so that the long words are all seen
SKIP = Rules(skip=["inside_longer"])


def occurrences(tokens, word):
    n = len(word)
    return sum(1 for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n]) == word)


def test_a_long_name_is_joined_past_a_rare_branch():
    """药品监督管理部门 (8 characters, windows of 5): 化学品监督管理 branches off the overlap 品监督管
    three times in forty, which does not stop the join, and the count is a lower bound; 农民专业合作社 is
    followed by 联合社 in a minority of its uses, so the frequent name is not swallowed by the rare one."""
    heads = "甲乙丙丁戊己庚辛壬癸"
    tails = "子丑寅卯辰巳午未申酉"
    lines = [f"{heads[i % 10]}药品监督管理部门{tails[i * 3 % 10]}" for i in range(40)]
    lines += [f"{heads[i]}化学品监督管理{tails[i]}" for i in range(3)]
    lines += [f"{heads[i % 10]}农民专业合作社{tails[i * 7 % 10]}" for i in range(30)]
    lines += [f"{heads[i]}农民专业合作社联合社{tails[i]}" for i in range(4)]
    options = DiscoverOptions(min_count=3, max_len=4, **LOOSE)
    frame = extract_candidates(count_ngrams(texts=lines, max_n=4, min_count=3, jobs=1), options, SKIP)
    counts = dict(zip(frame["term"], frame["count"]))
    assert 36 <= counts["药品监督管理部门"] <= 40
    assert counts["农民专业合作社"] == 34           # its occurrences, 联合社 ones included
    assert "农民专业合作社联合社" not in counts


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="甲乙丙丁，", min_size=20, max_size=80), min_size=1, max_size=6),
       st.integers(2, 3), st.integers(2, 3))
def test_joined_words_count_no_more_than_they_occur(texts, max_len, min_count):
    """A word longer than max_len reaches min_count, and its count never exceeds its occurrences in the
    text (the smallest count of its windows would)."""
    options = DiscoverOptions(min_count=min_count, max_len=max_len, **LOOSE)
    frame = extract_candidates(count_ngrams(texts=list(texts), max_n=max_len, min_count=min_count, jobs=1), options,
                               SKIP)
    tokens = tokens_of(texts)
    for word, count in zip(frame["tokens"], frame["count"]):
        if len(word) > max_len:
            assert min_count <= count <= occurrences(tokens, tuple(word))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(-1, 5), st.integers(1, 4)), max_size=40))
def test_most_frequent_by_key(items):
    """Each key's most frequent item, ties to the lowest index; -1 for keys without items."""
    keys = np.array([k for k, _ in items], dtype=np.int64)
    counts = np.array([c for _, c in items], dtype=np.int64)
    want = [-1] * 6
    for i, (k, c) in enumerate(items):
        if k >= 0 and (want[k] < 0 or c > items[want[k]][1]):
            want[k] = i
    assert _most_frequent_by(keys, counts, 6).tolist() == want
