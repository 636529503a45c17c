"""Term-hood (termhood.py): Fisher's discriminant between dictionary words and the other candidates,
learnt on the corpus itself, and what mine() does with it."""
import numpy as np
import pandas as pd
import pytest

from termmine import mine
from termmine.termhood import FEATURES, MIN_CLASS, termhood, unit_features


def test_termhood_ranks_the_side_of_the_positives_first():
    rng = np.random.default_rng(0)
    positive = np.arange(400) < 200
    features = rng.normal(size=(400, 3))
    features[positive, 1] += 2.0             # only the second feature tells the classes apart
    score = termhood(features, positive)
    assert score.mean() == pytest.approx(0.0, abs=1e-9) and score.std() == pytest.approx(1.0)
    assert score[positive].mean() > score[~positive].mean() + 1.0
    # the learnt direction follows the feature that separates, whatever its sign or scale
    flipped = features.copy()
    flipped[:, 1] *= -10
    assert np.allclose(termhood(flipped, positive), score)


def test_termhood_is_zero_when_there_is_nothing_to_learn():
    features = np.random.default_rng(1).normal(size=(100, 4))
    assert not termhood(features, np.arange(100) < MIN_CLASS - 1).any()
    assert not termhood(features, np.arange(100) >= 100 - MIN_CLASS + 1).any()
    assert not termhood(np.ones((100, 4)), np.arange(100) < 50).any()      # features that never vary


def test_unit_features_compare_word_share_and_cohesion_within_a_length():
    frame = pd.DataFrame({"count": [10, 10, 20, 20], "word_count": [10, 5, 20, 10],
                          "cohesion": [3.0, 5.0, 6.0, 8.0], "left_entropy": [1.0, 2.0, 3.0, np.nan],
                          "right_entropy": [2.0, 1.0, 0.5, 1.0],
                          "tokens": [(1, 2), (3, 4), (1, 2, 3), (2, 3, 4)]})
    x = unit_features(frame)
    assert x.shape == (4, len(FEATURES)) and np.isfinite(x).all()
    assert x[:, 0].tolist() == [1.0, -1.0, 1.0, -1.0]       # word share 1 and 0.5 within each length
    assert x[:, 3].tolist() == [-1.0, 1.0, -1.0, 1.0]       # cohesion within each length
    assert x[:, 1].tolist() == [1.0, 1.0, 0.5, 0.0]         # smaller entropy; unmeasured is 0
    assert x[:, 2].tolist() == [2.0, 2.0, 3.0, 0.0]


def test_score_is_keyness_plus_weighted_termhood(text_lines):
    terms = mine(texts=text_lines, termhood_weight=0.5)
    assert np.allclose(terms["score"], terms["keyness"] + 0.5 * terms["termhood"])
    assert (np.diff(terms["score"].to_numpy()) <= 0).all()
    assert terms["termhood"].std() > 0.5
    plain = mine(texts=text_lines, termhood_weight=0)
    assert plain["score"].equals(plain["keyness"])


@pytest.mark.parametrize("weight", [-1, float("nan"), "1", 101])
def test_a_bad_termhood_weight_is_one_clear_error(weight):
    from termmine.errors import TermmineError
    with pytest.raises(TermmineError, match="termhood_weight"):
        mine(texts=["甲乙丙"] * 10, termhood_weight=weight)
