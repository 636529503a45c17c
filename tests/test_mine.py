"""mine(): filters, word counts, keyness, count tables, evaluation, and the CLI commands around them."""
import collections
import json
import math
import zipfile
from pathlib import Path
from types import SimpleNamespace

import naive
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from termmine import wordcount
from termmine.cli import main
from termmine.contrast import keyness
from termmine.counting import count_ngrams
from termmine.errors import TableError, TermmineError
from termmine.evaluate import evaluate_ranking, read_terms
from termmine.filters import SHAPES, check_terms, is_name_shaped, jieba_words, single_edges
from termmine.lookup import count_known_ngrams, lookup_counts
from termmine.normalize import Normalizer
from termmine.output import FORMATS, write_terms
from termmine.pipeline import MINE_COLUMNS, adverb_inserted_share, mine, name_pair_counts
from termmine.reference import REFERENCE_MIN_COUNT, load_reference, reference_ngram_counts
from termmine.rules import apply_rules
from termmine.tables import check_compatible, load_counts, merge_counts, prune_counts, save_counts
from termmine.wordcount import word_counts_in_texts

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "corpora" / "law_sample.txt"


def test_words_are_counted_as_words_not_substrings():
    terms = ["人民法院", "法院", "县级人民政府", "级人民", "gis设备"]
    texts = ["最高人民法院和法院。", "县级人民政府", "xgis设备与GIS设备"]
    assert word_counts_in_texts(terms, texts).counts.tolist() == [1, 1, 1, 0, 1]


def test_the_most_probable_segmentation_beats_the_longest_match():
    terms = ["所在地县级", "所在地", "县级人民政府"]
    texts = ["所在地县级人民政府"]
    assert word_counts_in_texts(terms, texts).counts.tolist() == [1, 0, 0]
    word_weight = np.log([0.001, 0.01, 0.01])
    char_weight = np.full(0x110000, np.log(0.001))
    assert word_counts_in_texts(terms, texts, word_weight, char_weight).counts.tolist() == [0, 1, 1]
    # undecodable input bytes arrive as lone surrogates (surrogateescape) and are single characters
    found = word_counts_in_texts(terms, ["所在地\udcff县级人民政府"], word_weight, char_weight)
    assert found.counts.tolist() == [0, 1, 1]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="甲乙丙ab", min_size=1, max_size=3), min_size=1, max_size=5, unique=True),
       st.text(alphabet="甲乙丙ab。", max_size=12), st.data())
def test_most_probable_segmentation_matches_naive(terms, text, data):
    weights = st.floats(-12.0, -0.5, allow_nan=False)
    word_weight = np.array(data.draw(st.lists(weights, min_size=len(terms), max_size=len(terms))))
    char_weight = {ch: data.draw(weights) for ch in "甲乙丙ab。"}
    expected, n_best = naive.most_probable_word_counts(terms, text, word_weight, char_weight.__getitem__)
    assume(n_best == 1)
    table = np.zeros(0x110000)
    for ch, w in char_weight.items():
        table[ord(ch)] = w
    assert word_counts_in_texts(terms, [text], word_weight, table).counts.tolist() == expected


def test_code_share_of_latin_edged_terms():
    terms = ["data", "tensorflow", "python3", "数据"]
    texts = ["load_data(x)和data.csv", "x = data。", "用TensorFlow.", "python3.6版", "数据"]
    found = word_counts_in_texts(terms, texts)
    assert found.counts.tolist() == [3, 1, 1, 1]
    assert found.code_share[:3].tolist() == pytest.approx([2 / 3, 0.0, 0.0])
    assert math.isnan(found.code_share[3])


def test_name_share_of_latin_edged_terms():
    """The largest share of a Latin-edged term's occurrences beside one same Latin word across a space."""
    terms = ["raspberry", "pi", "python", "树莓派"]
    texts = ["用Raspberry Pi 4。", "Raspberry Pi和Python 3", "raspberry pi", "Python代码，python 2，Python 3",
             "树莓派 pi"]
    found = word_counts_in_texts(terms, texts)
    assert found.name_share[:3].tolist() == pytest.approx([1.0, 3 / 4, 2 / 4])
    assert math.isnan(found.name_share[3])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="ab1甲", min_size=1, max_size=3), min_size=1, max_size=4, unique=True), st.data())
def test_latin_edge_checks_match_naive(terms, data):
    """Which matches of Latin-edged terms cut a Latin run, sit next to code, or have a word beside them
    across a space: the array version in wordcount against a character-by-character one. The text is
    made of the terms and other pieces, so that most examples hold matches to check (some hold none)."""
    pieces = st.one_of(st.sampled_from(terms), st.text(alphabet="ab1甲 _.=[", min_size=1, max_size=2))
    text = "".join(data.draw(st.lists(pieces, max_size=8), label="pieces"))
    expected = naive.latin_edge_matches(terms, text)
    ids = np.array([m[0] for m in expected], dtype=np.int64)
    ends = np.array([m[1] for m in expected], dtype=np.int64)
    latin = [(t[0].isascii() and t[0].isalnum(), t[-1].isascii() and t[-1].isalnum()) for t in terms]
    scan = SimpleNamespace(starts_alnum=np.array([s for s, _ in latin]), ends_alnum=np.array([e for _, e in latin]),
                           lengths=np.array([len(t) for t in terms]))
    codes = np.array([ord(ch) for ch in text], dtype=np.uint32)
    seen, by_code = np.zeros(len(terms), dtype=np.int64), np.zeros(len(terms), dtype=np.int64)
    beside = collections.Counter()
    ok = wordcount._check_latin_edges(scan, text, codes, ends, ids, seen, by_code, beside)
    assert ok.tolist() == [m[2] for m in expected]
    assert seen.tolist() == np.bincount(ids[ok], minlength=len(terms)).tolist()
    code = np.array([m[3] for m in expected], dtype=bool)
    assert by_code.tolist() == np.bincount(ids[code], minlength=len(terms)).tolist()
    words = collections.Counter()
    for i, _, _, _, after, before in expected:
        words.update([(i, 1, after)] if after else [])
        words.update([(i, -1, before)] if before else [])
    assert beside == words


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="甲乙丙ab", min_size=1, max_size=3), min_size=1, max_size=5, unique=True),
       st.text(alphabet="甲乙丙ab。\u2126", max_size=12), st.permutations("甲乙丙ab。\u03c9"))
@example(["a"], "a\u2126", list("ab甲乙丙。\u03c9"))
def test_character_order_changes_no_count(terms, text, order):
    """The order the automaton's first links are made in (word_counts_in_texts' char_order) is speed
    only: the counts are those without it, for any order, with OHM SIGN in the text too."""
    for weights in ((), (np.log(np.linspace(0.01, 0.02, len(terms))), np.full(0x110000, np.log(0.005)))):
        plain = word_counts_in_texts(terms, [text], *weights)
        ordered = word_counts_in_texts(terms, [text], *weights, char_order=order)
        assert plain.counts.tolist() == ordered.counts.tolist()


def test_mine_drops_one_word_of_a_name_written_with_spaces():
    words = ["模型", "数据", "训练", "代码", "实验", "网络"]
    lines = [f"{words[i % 6]}，Raspberry Pi，{words[i % 5]}。Python，{words[i % 4]}，Python 3。" for i in range(60)]
    kept, explanation = mine(texts=lines, reference_texts=["普通的文字。"] * 5, explain=True, min_count=5)
    rules = dict(zip(explanation["term"], explanation["rules"]))
    assert rules["Raspberry"] == "name_part" and rules["Pi"] == "name_part"
    assert rules["Python"] == ""                    # beside 3 half the time
    assert "Python" in set(kept["term"]) and "Raspberry" not in set(kept["term"])


def test_mine_reports_its_stages_in_order_with_amounts_that_grow(tmp_path):
    """The progress callback (termmine.progress) hears each stage in order, the reference after the word
    counts (it may be a large text); bytes read grow to the size of the files."""
    from termmine import progress as P
    calls = []
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:500]
    domain = tmp_path / "domain.txt"
    domain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reference = tmp_path / "reference.txt"
    reference.write_text("普通的文字。\n" * 5, encoding="utf-8")
    mine([domain], reference=[reference], jobs=1, progress=lambda *call: calls.append(call))
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages == [P.READING, P.COUNTING, P.CANDIDATES, P.FILTERS, P.WORD_COUNTS, P.REFERENCE, P.RANKING]
    for stage, size in ((P.READING, domain.stat().st_size), (P.WORD_COUNTS, domain.stat().st_size),
                        (P.REFERENCE, reference.stat().st_size)):
        done = [d for s, d, _ in calls if s == stage]
        assert done[0] == 0 and done == sorted(done) and done[-1] == size
        assert {t for s, _, t in calls if s == stage} == {size}
    levels = [d for s, d, _ in calls if s == P.COUNTING]
    assert levels == list(range(0, 8))            # lengths 1 .. max_len + 1 = 7


JIEBA_TAGS = """
import jieba, jieba.posseg, sys
if sys.argv[1] == "touched":          # a user changed the default instance's tags before termmine ran
    jieba.posseg.dt.word_tag_tab["给予"] = "zz"
from termmine.filters import _pos_tokenizer
ours = _pos_tokenizer().word_tag_tab
fresh = jieba.posseg.POSTokenizer(jieba.Tokenizer()).word_tag_tab
print(ours == fresh, ours is not jieba.posseg.dt.word_tag_tab, ours["给予"])
"""


@pytest.mark.parametrize("state", ["untouched", "touched"])
def test_jieba_tags_are_the_default_dictionary_s(state):
    """The tag table is copied from jieba.posseg's default instance only when termmine imported it itself;
    either way it is the default dictionary's, and not the default instance's own dict."""
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-c", JIEBA_TAGS, state], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "v"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="甲乙丙丁ab1 ，", max_size=60), min_size=1, max_size=6),
       st.lists(st.text(alphabet="甲乙丙丁ab1", min_size=1, max_size=9), min_size=1, max_size=12),
       st.integers(1, 3), st.integers(2, 4))
def test_reference_text_counts_as_its_table_would(texts, terms, max_n, min_count):
    """Counting only the candidates in reference text gives the counts (and the token total) that the
    reference's count table gives them, Latin atoms and n-grams longer than the table's order included,
    with counts below min_count zeroed alike, whether or not the table itself was pruned there."""
    normalizer = Normalizer(False)
    tuples = [tuple(normalizer.tokens(term).tolist()) for term in terms]
    got, total = count_known_ngrams(texts, tuples, normalizer.vocabulary, max_n + 1, min_count=min_count)
    table = count_ngrams(texts=texts, max_n=max_n, min_count=2, jobs=1)
    assert got.tolist() == reference_ngram_counts(table, tuples, normalizer.vocabulary, min_count).tolist()
    pruned = prune_counts(table, min_count)
    assert got.tolist() == reference_ngram_counts(pruned, tuples, normalizer.vocabulary, min_count).tolist()
    assert total == table.total


def test_predicate_shapes():
    # three characters or more that begin with a verb: verb phrases and some terms (鉴定意见, 出卖人),
    # also as one jieba word (提出异议); not a noun compound; and an adverb that also works as an
    # attributive before a noun (随机森林, 相对人), kept by the filters but shaped like a predicate
    terms = ["说明理由", "申请行政复议", "鉴定意见", "出卖人", "行政复议", "当事人", "随机森林", "相对人", "提出异议"]
    checks = check_terms(terms)
    assert checks.predicate_shaped == [True, True, True, True, False, False, True, True, True]
    assert not any(any(flags) for flags in checks.shapes.values())


def test_subject_predicate_strings_are_found_with_an_adverb_inserted():
    # 外观漂亮 is a subject and its predicate: the text also says 外观很漂亮 and 外观不漂亮; 骨质疏松 is
    # a name, never said with an adverb inside; a string that already holds an adverb (房间比较小, and
    # the legal 情节特别严重) is not judged this way
    checks = check_terms(["外观漂亮", "骨质疏松", "房间比较小", "县级人民政府", "理由成立", "梯度下降"])
    assert checks.predicate_at == [2, 2, 0, 0, 2, 2]
    texts = ["外观漂亮。"] * 12 + ["外观很漂亮，", "外观不漂亮。", "外观也漂亮"] * 2 + ["骨质疏松。"] * 9
    table = count_ngrams(texts=texts, max_n=6, min_count=2, jobs=1)
    terms = ["外观漂亮", "骨质疏松"]
    candidates = pd.DataFrame({"tokens": [tuple(map(ord, t)) for t in terms], "count": [12, 9],
                               "predicate_at": [2, 2]})
    share = adverb_inserted_share(table, candidates)
    assert share.tolist() == pytest.approx([6 / 18, 0.0])
    candidates["predicate_at"] = [0, 2]             # not shaped so: not measured
    assert math.isnan(adverb_inserted_share(table, candidates)[0])


def test_predicate_split_counts_every_adverb_tag():
    # jieba tags 不要 df and a one-character adverb dg: a string that already holds one is not judged by
    # inserting another, as for d (房间比较小); the edge rule counts the same tags as adverbs
    from termmine.filters import predicate_split
    assert predicate_split([("外观", "n"), ("漂亮", "a")]) == 2
    for tag in ("d", "df", "dg"):
        assert predicate_split([("外观", "n"), ("不要", tag), ("漂亮", "a")]) == 0


def test_predicate_share_of_predicate_shaped_terms():
    terms = ["说明理由", "鉴定意见", "数据"]
    texts = ["说明理由。应当说明理由，并说明理由。", "他说明理由", "鉴定意见应当载明。", "数据可以说明理由"]
    found = word_counts_in_texts(terms, texts, predicate_shaped=[True, True, False])
    # 说明理由: at the start of a text, after 应当, after 并, after 他, after 可以 -> 3 of 5
    assert found.counts.tolist() == [5, 1, 1]
    assert found.predicate_share[:2].tolist() == pytest.approx([3 / 5, 0.0])
    assert math.isnan(found.predicate_share[2])
    # 自 + a verb phrase + 之日起: from the day of ...
    found = word_counts_in_texts(["收到申请"], ["应当自收到申请之日起", "收到申请后"], predicate_shaped=[True])
    assert found.predicate_share.tolist() == [0.5]
    # adverbs of aspect and time: 刚, 才, 就
    texts = ["刚收到货", "才收到货。收到货了", "今天就收到货"]
    found = word_counts_in_texts(["收到货"], texts, predicate_shaped=[True])
    assert found.predicate_share.tolist() == [0.75]
    # personal pronouns as subjects; 他 of 其他 is not one
    texts = ["我拿到书", "我们拿到书了", "今天拿到书", "其他拿到书"]
    found = word_counts_in_texts(["拿到书"], texts, predicate_shaped=[True])
    assert found.predicate_share.tolist() == [0.5]


def test_glued_share_of_one_character_edges():
    """A one-character edge (bit 1: the first jieba word, 2: the last) that makes a dictionary word with
    its neighbour outside the match: 单项 of 单项冠军, 两项 of 两项冠军; 超过 of 贷款超过. A word that does not
    reach across the edge (冠军 itself, 项目) does not count, nor does an edge that is not flagged."""
    pairs = np.array(sorted(ord(w[0]) * 0x110000 + ord(w[1]) for w in ("单项", "两项", "超过", "项目")),
                     dtype=np.int64)
    terms = ["项冠军", "贷款超", "冠军"]
    texts = ["单项冠军，两项冠军。三项冠军", "项冠军", "贷款超过一万。贷款超", "冠军"]
    found = word_counts_in_texts(terms, texts, single_edges=[1, 2, 0], dictionary_pairs=pairs)
    # 项冠军: 4 matches, 2 of them after 单 or 两 (三项 is not in these pairs)
    assert found.glued_share[:2].tolist() == pytest.approx([2 / 4, 1 / 2])
    assert math.isnan(found.glued_share[2])
    # the edges are looked at only where flagged
    found = word_counts_in_texts(terms, texts, single_edges=[2, 1, 0], dictionary_pairs=pairs)
    assert found.glued_share[:2].tolist() == [0.0, 0.0]
    # a match at the very start or end of a text has no neighbour there
    found = word_counts_in_texts(["项冠军"], ["项冠军"], single_edges=[3], dictionary_pairs=pairs)
    assert found.glued_share.tolist() == [0.0]


def test_clause_final_and_after_de_shares_of_predicate_shaped_terms():
    """The share of a predicate-shaped term's matches followed by the end of a clause (, . ; ! ? 。, full
    width or not, a line end, the end of the text) and of those right after 的."""
    terms = ["夺得冠军", "鉴定意见"]
    texts = ["中国队夺得冠军。她再次夺得冠军，", "夺得冠军的队伍", "夺得冠军",
             "出具的鉴定意见应当载明；鉴定意见。", "鉴定意见、证人证言"]
    found = word_counts_in_texts(terms, texts, predicate_shaped=[True, True])
    assert found.clause_final_share.tolist() == pytest.approx([3 / 4, 1 / 3])
    assert found.after_de_share.tolist() == pytest.approx([0.0, 1 / 3])
    found = word_counts_in_texts(terms, texts, predicate_shaped=[False, True])
    assert math.isnan(found.clause_final_share[0]) and math.isnan(found.after_de_share[0])


def test_person_names_are_name_shaped_and_opaque():
    """Name-shaped: three Chinese characters, a surname first, no jieba word inside; a name when its two
    pairs of characters are seldom seen without it (晓飞 only in 徐晓飞, 池化 also alone)."""
    cut = {t: jieba_words(t) for t in ("徐晓飞", "池化层", "高血压", "张量", "ab层")}
    assert is_name_shaped("徐晓飞", cut["徐晓飞"]) and is_name_shaped("池化层", cut["池化层"])
    assert not is_name_shaped("高血压", cut["高血压"])        # a dictionary word
    assert not is_name_shaped("张量", cut["张量"])            # two characters
    assert not is_name_shaped("ab层", cut["ab层"])
    texts = ["徐晓飞说，", "最大池化层。", "池化操作"] * 6 + ["池化"] * 3
    table = count_ngrams(texts=texts, max_n=4, min_count=2, jobs=1)
    candidates = pd.DataFrame({"tokens": [tuple(map(ord, t)) for t in ("徐晓飞", "池化层")]})
    candidates["count"] = [table.count[table.find(t)] for t in candidates["tokens"]]
    pairs = name_pair_counts(table, candidates, [True, True])
    assert pairs.tolist() == [6, 15]                # 晓飞 only in 徐晓飞; 池化 in 池化层, 池化操作 and alone
    assert apply_rules("filters", {**{s: [False] * 2 for s in SHAPES}, "pair_count": pairs,
                                   "count": candidates["count"], "inserted_share": [np.nan] * 2}).rules_fired() == \
        [("person_name",), ()]
    assert math.isnan(name_pair_counts(table, candidates, [False, True])[0])


def test_single_edges_of_jieba_cuts():
    assert single_edges([("项", "n"), ("冠军", "n")]) == 1
    assert single_edges([("贷款", "n"), ("超", "v")]) == 2
    assert single_edges([("送", "v"), ("养", "v")]) == 3
    assert single_edges([("冠军", "n")]) == 0                       # one word: nothing to glue
    assert single_edges([("2", "m"), ("星", "n")]) == 2              # a digit is not a Chinese character
    assert single_edges([("银行", "n"), ("卡", "n")]) == 2


def test_word_counts_are_ngram_counts_times_the_domain_word_share():
    # 法院 10 times as an n-gram, 6 of them whole words in the domain's segmentation
    share = wordcount.word_share([6, 3, 0], [10, 4, 0])
    assert share.tolist() == [0.6, 0.75, 0.0]
    assert wordcount.as_words([10, 4, 0], share).tolist() == [6.0, 3.0, 0.0]      # the domain's own counts
    assert wordcount.as_words([20, 0, 5], share).tolist() == [12.0, 0.0, 0.0]     # a reference's, by one rule
    assert wordcount.word_share([12], [10]).tolist() == [1.0]                      # never above 1


def test_a_corpus_against_itself_is_neutral(text_lines):
    """Self-contrast: one counting rule on both sides gives every term the same count in the domain and
    the reference, and so keyness 0 (log ratio and G2), and a score that is the term-hood alone."""
    for measure in ("log_ratio", "g2"):
        terms = mine(texts=text_lines, reference_texts=text_lines, measure=measure)
        assert len(terms) > 100
        assert (terms["keyness"] == 0).all()
        assert np.allclose(terms["reference_count"], terms["domain_count"], atol=0.5)
        assert np.allclose(terms["score"], terms["termhood"])


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(["甲乙", "丙丁戊", "己庚", "辛", "壬癸", "ab", "，"]), min_size=20, max_size=200),
       st.integers(2, 6))
def test_generated_text_against_itself_is_neutral(words, width):
    text = "".join(words)
    lines = [text[i:i + width * 7] for i in range(0, len(text), width * 7)] * 3
    terms = mine(texts=lines, reference_texts=lines, min_count=2)
    assert (terms["keyness"] == 0).all()

def test_keyness_formulas():
    a, b = np.array([10.0, 0.0]), np.array([5.0, 20.0])
    nd, nr = 1000.0, 2000.0
    assert keyness("log_ratio", a, b, nd, nr)[0] == pytest.approx(math.log2((10 / nd) / (5 / nr)))
    assert keyness("log_ratio", a, b, nd, nr)[1] == pytest.approx(math.log2((0.5 / nd) / (20 / nr)))
    assert keyness("simple", a, b, nd, nr, 1.0)[0] == pytest.approx((10e6 / nd + 1) / (5e6 / nr + 1))
    e1, e2 = nd * 15 / 3000, nr * 15 / 3000
    assert keyness("g2", a, b, nd, nr)[0] == pytest.approx(2 * (10 * math.log(10 / e1) + 5 * math.log(5 / e2)))
    assert keyness("g2", a, b, nd, nr)[1] < 0
    scaled = b * nd / nr
    m = (a + scaled).mean()
    alpha = a.sum() / (a + scaled).sum()
    assert keyness("post", a, b, nd, nr)[0] == pytest.approx((10 + alpha * m) / (10 + scaled[0] + m))


def test_evaluate_metrics():
    ranked = ["甲乙", "丙", "丁戊", "己庚"] + [f"词{i}" for i in range(2000)]
    scores = evaluate_ranking(ranked, ["甲乙", "己庚", "丙", "辛壬"], recall_set=["甲乙", "辛壬"])
    assert scores["P@100"] == pytest.approx(2 / 100)       # 丙 is one character: not counted
    assert scores["AP@1000"] == pytest.approx((1 / 1 + 2 / 3) / 2)
    assert scores["R@2000"] == pytest.approx(1 / 2)


@pytest.fixture(scope="module")
def ranked_outputs(tmp_path_factory):
    """The same 150 terms written by `termmine mine` in each --format, and a gold list of some of them."""
    folder = tmp_path_factory.mktemp("formats")
    corpus = folder / "small.txt"
    corpus.write_text("\n".join(SAMPLE.read_text(encoding="utf-8").splitlines()[:2000]) + "\n", encoding="utf-8")
    paths = {}
    for fmt in FORMATS:
        paths[fmt] = folder / f"ranked.{fmt}"
        result = invoke("mine", corpus, "--top", 150, "--format", fmt, "-o", paths[fmt], "-q", "--jobs", 1)
        assert result.exit_code == 0, result.output
    terms = [line.split("\t")[0] for line in paths["tsv"].read_text(encoding="utf-8").splitlines()[1:]]
    assert len(terms) == 150
    gold = folder / "gold.txt"
    gold.write_text("\n".join(terms[1:150:3]) + "\n", encoding="utf-8")
    return paths, terms, gold


# every format that lists the terms (synonyms lists only the variant groups)
RANKED_FORMATS = [fmt for fmt in FORMATS if fmt != "synonyms"]


@pytest.mark.parametrize("fmt", RANKED_FORMATS)
def test_evaluate_reads_every_format_termmine_writes(ranked_outputs, fmt):
    """`termmine evaluate` gives the same figures on each format as on tsv (jsonl read as JSON, the
    table's header and rule line not taken for terms)."""
    paths, terms, gold = ranked_outputs
    assert read_terms(paths[fmt]) == terms
    tsv = invoke("evaluate", paths["tsv"], "--gold", gold)
    assert tsv.exit_code == 0 and tsv.stdout.startswith("P@100\t0.3300\n")
    assert invoke("evaluate", paths[fmt], "--gold", gold).stdout == tsv.stdout


def test_read_terms_takes_terms_whole_in_every_format(tmp_path):
    """Terms with a comma, quotes, a space (jieba's format drops those) or a Latin name, written by
    output.write_terms; one term a line keeps a line whole."""
    terms = ["当事人", "a,b", '"引号"', "raspberry pi", "GIS设备", "c++"]
    frame = pd.DataFrame({"term": terms, "length": [3, 3, 4, 12, 5, 3], "score": [6.0, 5.0, 4.0, 3.0, 2.0, 1.0],
                          "domain_count": [9, 8, 7, 6, 5, 4]})
    for fmt in RANKED_FORMATS:
        path = tmp_path / f"terms.{fmt}"
        write_terms(frame, ["term", "length", "domain_count", "score"], path, fmt)
        want = [t for t in terms if " " not in t] if fmt in ("jieba", "hanlp") else terms
        assert read_terms(path) == want, fmt
    plain = tmp_path / "gold.txt"
    plain.write_text("\ufeff当事人\r\nraspberry pi\n\n人民法院\t12\n", encoding="utf-8")
    assert read_terms(plain) == ["当事人", "raspberry pi", "人民法院"]
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"term": "当事人"}\n{"word": "法院"}\n', encoding="utf-8")
    with pytest.raises(TermmineError, match=r"broken.jsonl: line 2 has no field 'term'"):
        read_terms(broken)


@pytest.fixture(scope="module")
def small_tables(tmp_path_factory):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    a = count_ngrams(texts=lines[:1500], max_n=3, min_count=1, jobs=1)
    b = count_ngrams(texts=lines[1500:3000], max_n=3, min_count=1, jobs=1)
    both = count_ngrams(texts=lines[:3000], max_n=3, jobs=1)
    return a, b, both, tmp_path_factory.mktemp("tables")


def test_table_round_trip_and_errors(small_tables):
    a, _, _, folder = small_tables
    path = folder / "a.npz"
    save_counts(a, path)
    loaded = load_counts(path)
    for x, y in zip(a.canonical(), loaded.canonical()):
        assert np.array_equal(x, y)
    truncated = folder / "truncated.npz"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(TableError, match="truncated or damaged"):
        load_counts(truncated)
    other = folder / "other.npz"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(other, "w") as dst:
        for item in src.namelist():
            data = src.read(item)
            if item == "header.npy":
                data = data.replace(b'"version": 1', b'"version": 7')   # same length
            dst.writestr(item, data)
    with pytest.raises(TableError, match="format version 7"):
        load_counts(other)
    with pytest.raises(TableError, match="`max_len`"):
        check_compatible(loaded, 5, False)
    with pytest.raises(TableError, match="`keep_case`"):
        check_compatible(loaded, 3, True)


def test_merge_of_halves_is_the_count_of_the_whole(small_tables):
    """The halves of a corpus counted with min_count 1, merged and pruned at 2: the table of the whole
    (the halves counted with min_count 2 would have lost n-grams seen once in each half)."""
    a, b, both, _ = small_tables
    merged = merge_counts([a, b], min_count=2)
    assert merged.n_ngrams == both.n_ngrams > 10000
    got, want = merged.canonical(), both.canonical()
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    assert np.allclose(got[2], want[2], rtol=1e-12, atol=0) and np.allclose(got[3], want[3], rtol=1e-12, atol=0)
    with pytest.raises(TableError, match="was counted with min_count 2"):
        merge_counts([both, a])


def test_mine_ranks_terms_with_a_text_reference(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:4000]
    reference = tmp_path / "ref.txt"
    reference.write_text("我们今天进行了讨论，他们需要进一步的情况。" * 50 + "\n", encoding="utf-8")
    frame = mine(texts=lines, reference=[reference], jobs=1)
    assert list(frame.columns) == MINE_COLUMNS
    assert len(frame) > 100
    assert frame["score"].is_monotonic_decreasing
    assert (frame["domain_count"] >= 5).all()
    checks = check_terms(frame["term"].head(200).tolist())
    assert not any(any(flags) for flags in checks.shapes.values())
    again = mine(texts=lines, reference=[reference], jobs=1)
    assert again.equals(frame)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="甲乙丙丁，", min_size=5, max_size=60), min_size=1, max_size=6),
       st.lists(st.text(alphabet="甲乙丙丁戊", min_size=1, max_size=6), max_size=6), st.integers(2, 4), st.data())
def test_lookup_counts_is_the_smallest_count_of_the_windows(texts, wanted, min_count, data):
    """A table's count of an n-gram, or for one longer than the table's order the smallest count of its
    windows of that many tokens; 0 where absent or below min_count (the rule reference text shares)."""
    table = count_ngrams(texts=texts, max_n=2, min_count=2, jobs=1)
    for text in texts:              # pieces of the texts too, most of whose windows the table holds
        start = data.draw(st.integers(0, len(text) - 1))
        wanted.append(text[start:start + data.draw(st.integers(1, 6))].replace("，", "") or "甲")
    rows = table.rows(np.arange(1, table.parent.size)).tolist()
    ngrams = {tuple(r[:n]): int(c) for r, n, c in zip(rows, table.depth[1:].tolist(), table.count[1:].tolist())}
    tuples = [tuple(map(ord, w)) for w in wanted]
    want = []
    for t in tuples:
        windows = [t[j:j + table.order] for j in range(max(1, len(t) - table.order + 1))]
        c = min(naive._lookup_known(ngrams, windows).values())
        want.append(c if c >= min_count else 0)
    assert table.slot_keys is None
    # one pass over the table's nodes, which leaves the table without a hash table
    assert lookup_counts(table, tuples, min_count, hash_table=False).tolist() == want
    assert table.slot_keys is None
    assert lookup_counts(table, tuples, min_count).tolist() == want     # either way, by size
    # looked up in the table's hash table, made for it
    assert lookup_counts(table, tuples, min_count, hash_table=True).tolist() == want
    assert table.slot_keys is not None


def test_reference_text_counts_do_not_depend_on_jobs(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    reference = tmp_path / "ref.txt"
    reference.write_text("\n".join(lines[:3000]) + "\nGIS设备与Python。\n", encoding="utf-8")
    domain = count_ngrams(texts=lines[3000:6000] + ["GIS设备和python"] * 3, max_n=3, min_count=3, jobs=1)
    tuples = [tuple(row[:n]) for row, n in zip(domain.rows(np.arange(1, domain.parent.size)).tolist(),
                                               domain.depth[1:].tolist())]
    one = count_known_ngrams([reference], tuples, domain.vocabulary, 4, max_chars=500, jobs=1)
    two = count_known_ngrams([reference], tuples, domain.vocabulary, 4, max_chars=500, jobs=2)
    assert one[1] == two[1] and one[0].tolist() == two[0].tolist()
    assert (one[0] > 0).sum() > 1000
    table = count_ngrams([reference], max_n=3, min_count=2, jobs=1)
    assert one[0].tolist() == reference_ngram_counts(table, tuples, domain.vocabulary, 2).tolist()


def test_a_reference_ranks_alike_as_text_as_its_table_and_as_the_table_pruned(tmp_path):
    """Reference counts below REFERENCE_MIN_COUNT count as unseen in every form of the reference, so
    that the built-in table, pruned there, ranks as its source text does."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    reference = tmp_path / "ref.txt"
    reference.write_text("\n".join(lines[4000:]) + "\n", encoding="utf-8")
    table = count_ngrams([reference], max_n=6, min_count=2, jobs=1)
    pruned = prune_counts(table, REFERENCE_MIN_COUNT)
    assert pruned.n_ngrams < table.n_ngrams
    ranked = [mine(texts=lines[:4000], reference=ref, jobs=1) for ref in ([reference], table, pruned)]
    assert len(ranked[0]) > 100 and (ranked[0]["reference_count"] > 0).any()
    assert ranked[1].equals(ranked[0]) and ranked[2].equals(ranked[0])


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_count_merge_mine_and_evaluate(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    part1, part2 = tmp_path / "p1.txt", tmp_path / "p2.txt"
    part1.write_text("\n".join(lines[:2000]) + "\n", encoding="utf-8")
    part2.write_text("\n".join(lines[2000:4000]) + "\n", encoding="utf-8")
    assert invoke("count", part1, "-o", tmp_path / "t1.npz", "-q", "--min-count", 1).exit_code == 0
    assert invoke("count", part2, "-o", tmp_path / "t2", "-q", "--min-count", 1).exit_code == 0   # .npz is added
    assert invoke("merge", tmp_path / "t1.npz", tmp_path / "t2.npz", "-o", tmp_path / "m.npz").exit_code == 0
    # the merged halves are the table of the whole, pruned at merge's --min-count (2, as count's)
    assert invoke("count", part1, part2, "-o", tmp_path / "whole.npz", "-q").exit_code == 0
    merged, whole = load_counts(tmp_path / "m.npz").canonical(), load_counts(tmp_path / "whole.npz").canonical()
    assert np.array_equal(merged[0], whole[0]) and np.array_equal(merged[1], whole[1])
    # tables pruned at --min-count 2 cannot be added up exactly: refused, saying why and what to do
    assert invoke("count", part2, "-o", tmp_path / "p2.npz", "-q").exit_code == 0
    refused = invoke("merge", tmp_path / "t1.npz", tmp_path / "p2.npz", "-o", tmp_path / "bad.npz")
    assert refused.exit_code == 1 and not (tmp_path / "bad.npz").exists()
    assert refused.stderr == (f"termmine: {tmp_path / 'p2.npz'} was counted with min_count 2: it lacks the n-grams "
                              "seen fewer times in its part, so merged counts would fall short; count each part "
                              "with min_count 1 (termmine count --min-count 1) to merge them\n")
    with pytest.raises(TableError, match="p2.npz was counted with min_count 2"):
        load_reference([tmp_path / "t1.npz", tmp_path / "p2.npz"], 6, False)
    out = invoke("mine", SAMPLE, "--reference", tmp_path / "m.npz", "--top", 20, "--format", "jsonl", "-q")
    assert out.exit_code == 0, out.output
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) == 20 and list(records[0]) == MINE_COLUMNS
    ranked = tmp_path / "ranked.tsv"
    assert invoke("mine", SAMPLE, "--top", 100, "-o", ranked, "-q").exit_code == 0
    gold = tmp_path / "gold.txt"
    gold.write_text("\n".join(ranked.read_text(encoding="utf-8").splitlines()[1:51:2]).split("\t")[0] + "\n",
                    encoding="utf-8")
    result = invoke("evaluate", ranked, "--gold", gold)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("P@100\t")
    table = invoke("mine", SAMPLE, "--top", 5, "--format", "table")
    assert "using the built-in" in table.stderr
    assert table.stdout.splitlines()[0].split()[0] == "term"


def test_cli_segmentation_option(tmp_path):
    longest = invoke("mine", SAMPLE, "--segmentation", "longest", "--top", 300, "-o", tmp_path / "l.tsv", "-q")
    probable = invoke("mine", SAMPLE, "--top", 300, "-o", tmp_path / "p.tsv", "-q")
    assert longest.exit_code == 0 and probable.exit_code == 0
    counts = [dict(line.split("\t")[:3:2] for line in (tmp_path / f).read_text(encoding="utf-8").splitlines()[1:])
              for f in ("l.tsv", "p.tsv")]
    # the rules read some strings differently (on this sample 给予警告: 52 by longest match, 54 by probable)
    assert counts[0] != counts[1]
    assert invoke("mine", SAMPLE, "--segmentation", "greedy").exit_code == 2
    with pytest.raises(TermmineError, match="unknown segmentation"):
        mine(texts=["甲乙"], segmentation="greedy")
