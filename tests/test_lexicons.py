"""The lexicons termmine writes (jieba, hanlp, words) loaded by what reads them, and --new-only."""
import io

import jieba
import jieba.posseg
import pytest
from subprocesses import run

from termmine import mine
from termmine.evaluate import read_terms
from termmine.filters import dictionary_tags, in_dictionary
from termmine.output import render_terms
from termmine.pipeline import MINE_COLUMNS


@pytest.fixture(scope="module")
def mined(text_lines):
    return mine(texts=text_lines, top=300)


def new_term(terms):
    """The best-ranked Chinese term of two words or more that jieba's dictionary lacks."""
    known = in_dictionary(terms)
    return next(t for t, k in zip(terms, known) if not k and len(t) >= 4 and jieba.lcut(t, HMM=False) != [t])


def rendered(frame, fmt):
    stream = io.StringIO()
    render_terms(frame, MINE_COLUMNS, fmt, stream)
    return stream.getvalue()


def fresh_jieba(lexicon, tmp_path):
    path = tmp_path / "user.txt"
    path.write_text(lexicon, encoding="utf-8")
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(path))
    return tokenizer


@pytest.mark.parametrize("fmt", ["jieba", "words"])
def test_jieba_loads_the_lexicon_and_cuts_a_mined_term_whole(mined, fmt, tmp_path):
    term = new_term(mined["term"].tolist())
    sentence = f"依照本条例，{term}应当在三日内作出决定。"
    assert term not in jieba.Tokenizer().lcut(sentence, HMM=False)          # without it, cut in pieces
    tokenizer = fresh_jieba(rendered(mined, fmt), tmp_path)
    assert term in tokenizer.lcut(sentence, HMM=False)
    if fmt == "jieba":                     # and its tag is the one written, which jieba.posseg gives it
        tagged = dict(jieba.posseg.POSTokenizer(tokenizer).lcut(sentence, HMM=False))
        assert tagged[term] == dictionary_tags([term])[0] == "nz"


def test_jieba_lines_are_word_freq_tag(mined):
    lines = rendered(mined, "jieba").splitlines()
    assert len(lines) == len(mined)
    for line, (term, count) in zip(lines, zip(mined["term"], mined["domain_count"])):
        word, freq, tag = line.split(" ")
        assert word == term and int(freq) == max(count, 1) and tag.isalpha() and tag.islower()


def test_hanlp_lines_follow_its_custom_dictionary_format(mined):
    # HanLP (hankcs/HanLP, its dictionary documentation) reads a custom dictionary line as a word, then
    # pairs of part-of-speech tag and frequency, separated by spaces or tabs: a word may hold neither.
    # pyhanlp installs from the registry, but its first import downloads HanLP's jar and data (tried on
    # 2026-12-03: URLError without internet), so the format is checked here as documented.
    lines = rendered(mined, "hanlp").splitlines()
    assert len(lines) == len(mined)
    tags = dictionary_tags(mined["term"].tolist())
    for line, term, count, tag in zip(lines, mined["term"], mined["domain_count"], tags):
        fields = line.split()
        assert len(fields) == 3 and fields == line.split(" ")
        assert fields[0] == term and fields[1] == tag and int(fields[2]) == max(count, 1)


def test_lexicons_skip_terms_with_spaces_and_read_back_in_order():
    import pandas as pd
    frame = pd.DataFrame({"term": ["神经网络", "Raspberry Pi", "TensorFlow"], "domain_count": [9, 8, 0]})
    for fmt in ("jieba", "hanlp"):
        text = rendered(frame.reindex(columns=MINE_COLUMNS).assign(term=frame["term"],
                                                                   domain_count=frame["domain_count"]), fmt)
        assert "Raspberry" not in text
        assert "TensorFlow 1 eng" in text or "TensorFlow eng 1" in text
    assert dictionary_tags(["神经网络", "TensorFlow", "某某新词"]) == ["n", "eng", "nz"]


@pytest.mark.parametrize("fmt", ["jieba", "hanlp", "words"])
def test_evaluate_reads_each_lexicon(mined, fmt, tmp_path):
    path = tmp_path / f"terms.{fmt}.txt"
    path.write_text(rendered(mined, fmt), encoding="utf-8")
    assert read_terms(path) == mined["term"].tolist()


def test_new_only_leaves_out_what_jieba_knows(text_lines):
    everything = mine(texts=text_lines)
    notes = []
    new = mine(texts=text_lines, new_only=True, notify=notes.append)
    known = in_dictionary(everything["term"].tolist())
    assert new["term"].tolist() == [t for t, k in zip(everything["term"], known) if not k]
    assert sum(known) > 0 and not any(in_dictionary(new["term"].tolist()))
    assert any(f"left out {sum(known)} of {len(everything)} terms" in note for note in notes)
    assert mine(texts=text_lines, new_only=True, top=10)["term"].tolist() == new["term"].tolist()[:10]


def test_known_words_from_a_file_or_a_set(text_lines, tmp_path):
    everything = mine(texts=text_lines)["term"].tolist()
    first, second = everything[0], everything[1]
    path = tmp_path / "known.txt"
    path.write_text(f"# my lexicon\n{first} 10 nz\n{second.upper()}\n", encoding="utf-8")
    assert mine(texts=text_lines, known=path)["term"].tolist() == everything[2:]    # known implies new_only
    assert mine(texts=text_lines, known={first})["term"].tolist() == everything[1:]


def test_cli_new_only_says_how_many_it_left_out(small, tmp_path):
    known = tmp_path / "known.txt"
    known.write_text("拘役\n", encoding="utf-8")
    proc = run("mine", small, "--known", known, "--format", "words")
    assert proc.returncode == 0
    assert "拘役" not in proc.stdout.decode().split()
    assert "--new-only: left out 1 of" in proc.stderr.decode()
    proc = run("mine", small, "--known", tmp_path / "missing.txt")
    assert proc.returncode == 2 and b"--known" in proc.stderr


def test_variant_keys_join_spellings_of_one_name_only():
    from termmine.variants import variant_groups, variant_key
    assert variant_key("R-CNN") == variant_key("RCNN") == variant_key("r cnn") == "rcnn"
    assert variant_key("VGG-16") == variant_key("VGG16") and variant_key("gpt-4模型") == variant_key("GPT4模型")
    assert variant_key("w_hat") != variant_key("What")                  # _ and . join different names
    assert variant_key("html.parser") != variant_key("HTMLParser")
    assert variant_key("n-1") is None and variant_key("卷积神经网络") is None      # too few letters to tell
    assert variant_groups(["RCNN", "R-CNN", "n1", "卷积"], [5, 9, 3, 2]) == ["R-CNN", "R-CNN", "n1", "卷积"]
    assert variant_groups(["VGG16", "VGG-16"], [4, 4]) == ["VGG16", "VGG16"]       # a tie: the first


def test_synonyms_lines_are_the_groups_of_two_or_more(tmp_path):
    import pandas as pd
    frame = pd.DataFrame({"term": ["R-CNN", "卷积", "RCNN", "r cnn", "a,b"],
                          "group": ["R-CNN", "卷积", "R-CNN", "R-CNN", "a,b"]})
    stream = io.StringIO()
    render_terms(frame, ["term", "group"], "synonyms", stream)
    assert stream.getvalue() == "R-CNN,RCNN,r cnn\n"


def test_mine_writes_a_group_for_every_term_and_only_mine_writes_synonyms(small):
    proc = run("mine", small, "--format", "synonyms")
    assert proc.returncode == 0
    proc = run("discover", small, "--format", "synonyms")
    assert proc.returncode == 2 and b"--format" in proc.stderr
    terms = mine([small], top=50)
    assert terms.columns[-1] == "group" and terms["group"].notna().all()


def test_word_counts_record_a_term_alone_in_brackets_after_another():
    from termmine.wordcount import word_counts_in_texts
    terms = ["卷积神经网络", "cnn", "专利法", "中华人民共和国专利法", "国防科学技术工业委员会", "国防科工委"]
    texts = ["我们用卷积神经网络（CNN）分类，又见 cnn (卷积神经网络)。",
             "《中华人民共和国专利法》（以下简称“专利法”）", "国防科学技术工业委员会(简称国防科工委)",
             "卷积神经网络（CNN 层）"]
    found = word_counts_in_texts(terms, texts).bracketed
    assert found == {(0, 1, False, "用"): 1, (1, 0, False, "见"): 1, (3, 2, True, "《"): 1, (4, 5, True, "\n"): 1}


def test_abbreviations_need_the_corpus_to_define_them():
    from collections import Counter

    from termmine.variants import defined_abbreviations, is_shortening
    assert is_shortening("国防科工委", "国防科学技术工业委员会") and is_shortening("肝功", "肝功能")
    assert not is_shortening("企业", "全民所有制工业企业") and not is_shortening("境内", "中华人民共和国境内")
    assert not is_shortening("科工委", "国防科学技术工业委员会")        # another first character
    varied = Counter({"用": 1, "\n": 1, "和": 1})
    evidence = {("卷积神经网络", "CNN", False): varied, ("CNN", "卷积神经网络", False): Counter({"又": 1}),
                ("卷积神经网络", "R-CNN", False): varied, ("卷积神经网络", "CNNs", False): varied,
                ("循环神经网络", "RNN", False): Counter({"用": 2}),           # defined twice only
                ("误差", "MSE", False): varied,                              # fewer characters than capitals
                ("编码器", "VAE", False): Counter({"自": 3}),                  # 变分自编码器 cut short
                ("图形处理单元", "GPU", False): varied, ("图形处理器", "GPU", False): varied,
                ("优化器", "GPU", False): Counter({"的": 1, "用": 2}),          # a gloss of its role
                ("距离传感器", "HC-SR04", False): varied,                       # a model number
                ("国防科学技术工业委员会", "国防科工委", True): Counter({"立": 1}),
                ("全民所有制工业企业", "企业", True): Counter({"的": 1}),
                ("国防科学技术工业委员会", "国防科工委", False): Counter()}
    assert defined_abbreviations(evidence) == sorted([
        ("CNN", "卷积神经网络"), ("CNNs", "卷积神经网络"), ("GPU", "图形处理单元"), ("GPU", "图形处理器"),
        ("国防科工委", "国防科学技术工业委员会")])


def test_abbreviations_and_spellings_make_one_group():
    from termmine.variants import variant_groups
    terms = ["卷积神经网络", "CNN", "cnn", "CNNs", "池化", "GPU"]
    groups = variant_groups(terms, [8, 16, 3, 2, 5, 1], [("CNN", "卷积神经网络"), ("CNNs", "卷积神经网络"),
                                                        ("GPU", "图形处理器")])   # a term not in terms
    assert groups == ["CNN", "CNN", "CNN", "CNN", "池化", "GPU"]


def test_mine_groups_an_abbreviation_that_the_corpus_defines(text_lines):
    extra = [f"第{i}种方法用{w}卷积神经网络（CNN）识别{x}，CNN的层数为{i}。"
             for i, (w, x) in enumerate(zip("的与和及把将被向", "图像文字声音车辆人脸指纹病灶表格"))]
    terms = mine(texts=text_lines + extra)
    groups = dict(zip(terms["term"], terms["group"]))
    assert groups["卷积神经网络"] == groups["CNN"] == "CNN"
    assert "CNN" not in mine(texts=text_lines + [line.replace("（CNN）", "") for line in extra])["group"].tolist()
