"""Normalisation: NFKC, Latin/digit atoms, boundaries and surface forms."""
import unicodedata

import naive
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from termmine.kernels import UNKNOWN, _new_code_points
from termmine.normalize import CharTables, Normalizer, _classify, codes_of, nfkc_codes


def texts_of(tokens, normalizer):
    vocab = normalizer.vocabulary
    return [None if t == 0 else vocab.text_of(int(t), surface=False) for t in tokens]


def test_mixed_terms_are_atoms_plus_characters():
    norm = Normalizer()
    got = texts_of(norm.tokens("ＧＩＳ设备与110kV线路，v2.0版的C++和sf6断路器"), norm)
    assert got == ["gis", "设", "备", "与", "110kv", "线", "路", None, "v2.0", "版", "的", "c++", "和",
                   "sf6", "断", "路", "器"]


def test_surface_form_is_the_most_frequent_one():
    norm = Normalizer()
    norm.tokens("GIS设备 GIS设备 gis设备")
    k = norm.vocabulary.index["gis"]
    assert norm.vocabulary.text_of(0x110000 + k) == "GIS"


def test_keep_case():
    norm = Normalizer(keep_case=True)
    assert texts_of(norm.tokens("GIS gis"), norm) == ["GIS", None, "gis"]


def test_punctuation_and_line_ends_are_boundaries():
    norm = Normalizer()
    assert norm.tokens("甲，乙\n丙 丁").tolist() == [ord("甲"), 0, ord("乙"), 0, ord("丙"), 0, ord("丁")]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_nfkc_matches_unicodedata(text):
    tables = CharTables()
    got = tables.nfkc(codes_of(text))
    want = codes_of(naive._apply_nfkc(text))
    if got is not None:          # None: the text goes through unicodedata itself
        assert np.array_equal(got, want)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=60),
                 st.text(alphabet=st.sampled_from(list("e\u0301\u0327\u1100\u1161가Ａﬁ甲\n\r ")), max_size=60)))
def test_nfkc_codes_match_unicodedata(text):
    """Lines that hold combining marks or Hangul go through unicodedata, the others through the tables:
    the whole is NFKC of the whole text."""
    assert nfkc_codes(text, CharTables()).tolist() == codes_of(unicodedata.normalize("NFKC", text)).tolist()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1Z.-_+#设备，。 \n é")), max_size=40))
def test_scan_matches_naive(text):
    norm = Normalizer(keep_case=True)
    text = unicodedata.normalize("NFKC", text)
    got = texts_of(norm.tokens(text), norm)
    assert got == naive._scan(text, _classify)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab甲乙，Ａﬁ\u0301가\n")), max_size=20), min_size=1, max_size=4))
def test_new_code_points_and_tokens_of_successive_texts(texts):
    """_new_code_points finds each code point new to a table once, in the order first met; one Normalizer
    tokenizes a series of texts as NFKC and _scan do, whatever its tables learnt from the texts before."""
    tables = CharTables()
    known = set()
    normalizer = Normalizer(keep_case=True)
    for text in texts:
        codes = codes_of(text)
        new = _new_code_points(codes, tables.classes.copy()).tolist()
        assert new == naive._new_code_points(codes.tolist(), known)
        tables.learn_classes(codes)
        known.update(codes.tolist())
        assert not (tables.classes[codes] == UNKNOWN).any()
        got = texts_of(normalizer.tokens(text), normalizer)
        assert got == naive._scan(unicodedata.normalize("NFKC", text), _classify)


def test_an_interrupted_learning_leaves_no_code_point_pending():
    """Code points found new but not yet learnt when learning stops (Ctrl-C) are unknown again, so that
    the tables learn them next time rather than read a placeholder."""
    tables = CharTables()
    learnt = []

    def learn_one(cp):
        if len(learnt) == 1:
            raise KeyboardInterrupt
        learnt.append(cp)
        tables.classes[cp] = 1

    codes = codes_of("甲乙丙")
    try:
        tables._learn(codes, tables.classes, learn_one)
    except KeyboardInterrupt:
        pass
    assert learnt == [ord("丙")]           # learnt in code point order
    assert tables.classes[codes].tolist() == [UNKNOWN, UNKNOWN, 1]
    assert _new_code_points(codes, tables.classes.copy()).tolist() == [ord("甲"), ord("乙")]
