"""What jieba's cut of a candidate shows: the shapes that the filter rules of rules.py test (SHAPES:
numbers, stopwords, function words at an edge or inside, part of speech), and the shapes that other
rules' measures need (a verb phrase, a subject and its predicate, one-character edges, a person's name).
Terms are cut by jieba's own Tokenizer instance, HMM off. Which shape drops a candidate is rules.py's;
examples and evidence are in docs/rules.md.
"""
import collections
import functools
import importlib.resources
import logging
import re
import sys
from typing import NamedTuple

from .workers import iter_forked

NUMERAL = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟\\d"
UNIT = "条款项章节编篇目号次届年月日时分秒岁个名倍期"
_NUMBERED = re.compile(f"^(?:第?[{NUMERAL}.]+[{UNIT}]?(?:之[{NUMERAL}]+)?)+$")
_HAS_NUMBERED = re.compile(f"第[{NUMERAL}]+[条款项章节编]|^[{NUMERAL}]+[条款项章节编年月日天]|第[{NUMERAL}]+$")
# a jieba word that is a text's reference to itself (本法, 该条例, 此项, 本规范): a pronoun in effect
_SELF_REFERENCE = re.compile("[本该此](?:法|条|款|项|章|节|编|办法|条例|规定|决定|细则|标准|规范|规程|合同|协议|"
                             "导则|指南|章程)")
_FUNCTION_TAGS = frozenset(("p", "c", "y", "e", "u", "uj", "ul", "uz", "ug", "ud", "uv"))
# single characters that begin (or end) no term, even where jieba keeps them inside one word (之日起)
_NEVER_FIRST = frozenset("之的及或与")
_NEVER_LAST = frozenset("的了着之或")
# adverbs of degree that jieba keeps inside one adjective (很小, 太慢, 较大): a predicate, not a name
_DEGREE_FIRST = frozenset("很太挺较")
_PREDICATE_TAGS = frozenset(("a", "ad", "an", "d", "z"))
# jieba's adverbs: d, df (不要, 不用) and dg (a one-character adverb as a morpheme)
_ADVERB_TAGS = frozenset(("d", "df", "dg"))
_COMMON_NOUN_TAGS = frozenset(("n", "ng", "nz"))


@functools.lru_cache(maxsize=None)
def _word_list(name):
    text = importlib.resources.files("termmine").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def function_words():
    return _word_list("function_words.txt")


def predicate_markers():
    """Modal verbs and adverbs that stand before a predicate (应当, 依法, 有权, 不)."""
    return _word_list("predicate_markers.txt")


@functools.lru_cache(maxsize=1)
def _pos_tokenizer():
    fresh = "jieba.posseg" not in sys.modules
    import jieba
    import jieba.posseg
    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    default_tags = getattr(jieba.posseg.dt, "word_tag_tab", None)
    if fresh and isinstance(default_tags, dict):
        # importing jieba.posseg just now read the default dictionary's tags into its default instance,
        # which nothing else can have changed yet: copy them rather than read the file again (0.4 s)
        pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        pos.tokenizer = tokenizer
        pos.word_tag_tab = dict(default_tags)
        return pos
    return jieba.posseg.POSTokenizer(tokenizer)


def load_tokenizer():
    """Load jieba's dictionary and tags now rather than at the first cut (about a second), and find the
    adverbs that also work as attributives (0.2 s): before processes are forked, so that they share
    these rather than each making them."""
    _pos_tokenizer().tokenizer.check_initialized()
    _noun_modifying_adverbs()


def is_numbered(term):
    """A numeral, a numbered reference, or a string holding one (条第一款规定, 第十条规定)."""
    return bool(_NUMBERED.match(term) or _HAS_NUMBERED.search(term))


@functools.lru_cache(maxsize=1)
def pos_tags():
    """The tags jieba gives words: those of its dictionary, and eng, m and x, which it gives the words it
    does not hold (Latin and digits, numbers, others)."""
    import jieba
    tags = {"eng", "m", "x"}
    with jieba.Tokenizer().get_dict_file() as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                tags.add(parts[2].decode("utf-8"))
    return frozenset(tags)


def check_pos(pos):
    """TermmineError unless each of `pos` begins one of jieba's tags (pos_tags()), which is how the
    filter compares them: n keeps n, nr, ns, nz ..."""
    tags = pos_tags()
    for p in pos:
        if not any(t.startswith(p) for t in tags):
            from .errors import TermmineError
            raise TermmineError(f"unknown part-of-speech tag '{p}' in pos; jieba's tags are "
                                + ", ".join(sorted(tags)))


def jieba_words(term):
    """(word, tag) pairs of jieba's cut of a term."""
    return [(p.word, p.flag) for p in _pos_tokenizer().cut(term, HMM=False)]


# single characters that are function words when what follows (or precedes) them is a word of its own:
# 本 + 行政区域, 并 + 打印, 吊销 + 其 (jieba's dictionary holds some such strings as one word)
_GLUED_FIRST = frozenset("本其该此并及或与之的")
_GLUED_LAST = frozenset("其的了着之或")


def _is_dictionary_word(text):
    return _pos_tokenizer().tokenizer.FREQ.get(text, 0) > 0


def _glued_to_function_character(term):
    if len(term) < 3:
        return False
    return (term[0] in _GLUED_FIRST and _is_dictionary_word(term[1:])) or \
        (term[-1] in _GLUED_LAST and _is_dictionary_word(term[:-1]))


@functools.lru_cache(maxsize=1)
def _noun_modifying_adverbs():
    """Words of two or more characters that jieba tags as adverbs (d) but that begin at least three
    longer words of its dictionary, four in five of them nouns (n*) or set phrases (l): 随机 (随机变量),
    实时, 相对, 异常, 特定, 长期. Such an adverb also works as an attributive; 立即, 如实, 始终, 已经,
    进一步 begin few or no nouns."""
    tags = _pos_tokenizer().word_tag_tab
    adverbs = {word for word, tag in tags.items() if tag == "d" and len(word) > 1}
    longer, nouns = collections.Counter(), collections.Counter()
    for word, tag in tags.items():
        for k in range(2, min(5, len(word))):
            if word[:k] in adverbs:
                longer[word[:k]] += 1
                nouns[word[:k]] += tag[0] in "nl"
    return frozenset(a for a, n in longer.items() if n >= 3 and nouns[a] >= 0.8 * n)


def is_adverb_led_noun(words):
    """An adverb that also works as an attributive (_noun_modifying_adverbs) before a common noun (n,
    ng, nz; not one of jieba's names), with no verb between: 随机/d 森林/n, 实时/d 系统/n, 异常/d 值/n,
    but also 特定/d 对象/n; not 比较/d 吸引/v 人/n. A name when it is not used as a predicate, judged as
    for a verb-led string (is_verb_led). Adverbs that mark a predicate (predicate_markers.txt) are not
    included."""
    return (len(words) > 1 and words[0][1] == "d" and words[-1][1] in _COMMON_NOUN_TAGS
            and all(tag != "v" for _, tag in words[1:])
            and words[0][0] not in predicate_markers() and words[0][0] in _noun_modifying_adverbs())


# the function-edge shapes (function_edges), each the rule of that name in rules.py
EDGE_SHAPES = tuple(f"function_edge.{name}" for name in (
    "character", "function_word", "particle", "adverb", "pronoun", "self_reference", "modal_before_verb",
    "suffix_first", "time_before_verb", "number_or_place", "inner_function_word", "inner_particle",
    "inner_bound_character", "degree_adverb", "glued_character"))
# every shape check_terms finds, each the rule of that name in rules.py
SHAPES = ("numbered", "stopword", "numeral_measure") + EDGE_SHAPES + ("pos",)


def function_edges(term, words):
    """Which of EDGE_SHAPES a string has, as a tuple of booleans in that order: the marks of a phrase
    with a grammatical word at an edge or a particle inside rather than a unit of its own, judged on
    jieba's cut (word, tag) of it and, for a glued function character, on the string."""
    if not words:
        return (False,) * len(EDGE_SHAPES)
    stop = function_words()
    first, last = words[0], words[-1]
    edges = (first, last)
    several = len(words) > 1
    inner = words[1:-1]
    return (
        first[0][0] in _NEVER_FIRST or last[0][-1] in _NEVER_LAST,
        any(word in stop for word, _ in edges),
        any(tag in _FUNCTION_TAGS for _, tag in edges),
        (first[1] in _ADVERB_TAGS and not is_adverb_led_noun(words)) or last[1] in _ADVERB_TAGS,
        any(tag == "r" for _, tag in edges),
        any(_SELF_REFERENCE.fullmatch(word) for word, _ in edges),
        several and first[0] in predicate_markers() and words[1][1].startswith("v"),
        several and first[1] == "k",
        several and first[1] == "t" and any(tag == "v" for _, tag in words[1:]),
        several and (first[1] in ("m", "q") or last[1] in ("m", "f")),
        any(word in stop for word, _ in inner),
        any(tag in _FUNCTION_TAGS or tag in ("r", "m") for _, tag in inner),
        any(word[0] in _NEVER_FIRST for word, _ in words[1:]),
        any(len(word) > 1 and word[0] in _DEGREE_FIRST and tag in _PREDICATE_TAGS for word, tag in words),
        _glued_to_function_character(term),
    )


def read_stopwords(path):
    return _read_words(path, "the stopword file", lambda line: line.strip())


def read_known(path):
    """The words of a dictionary file, lower-cased: the first field of each line (split on whitespace), so
    that a word list, a jieba user dictionary and a HanLP dictionary are all read; # starts a comment."""
    return _read_words(path, "the dictionary of known words", lambda line: line.split()[0])


def _read_words(path, what, word_of):
    """{word_of(line) in lower case} for the lines of a UTF-8 file that are not empty nor # comments."""
    from .errors import TermmineError
    try:
        with open(path, encoding="utf-8-sig") as f:
            return {word_of(line).lower() for line in f if line.strip() and not line.startswith("#")}
    except OSError as e:
        raise TermmineError(f"{path}: cannot read {what} ({e.strerror})") from None
    except UnicodeDecodeError:
        raise TermmineError(f"{path}: {what} is not UTF-8") from None


class TermChecks(NamedTuple):
    shapes: dict  # shape name (SHAPES) -> list of bool, per term
    predicate_shaped: list  # verb-led (is_verb_led) or an adverb before a noun (is_adverb_led_noun)
    predicate_at: list  # where a final adjective or verb begins (predicate_split), else 0
    single_edges: list  # 1: jieba's first word is one Chinese character, 2: the last is, 3: both (single_edges)
    name_shaped: list  # shaped like a person's name (is_name_shaped)


def check_terms(terms, stopwords=frozenset(), pos=None, jobs=1):
    """The shapes of each term (TermChecks). Terms are cut by jieba in `jobs` processes (workers.py),
    chunk by chunk; the shapes do not depend on it."""
    terms = list(terms)
    if jobs > 1 and len(terms) > _CHUNK:
        load_tokenizer()  # once, here, before the workers are forked
    chunks = (terms[i:i + _CHUNK] for i in range(0, len(terms), _CHUNK))
    settings = (frozenset(stopwords), tuple(pos or ()))
    verdicts = [v for chunk in iter_forked(_check_chunk, settings, chunks, jobs) for v in chunk]
    shapes = list(zip(*(v[0] for v in verdicts))) if verdicts else [()] * len(SHAPES)
    rest = [list(column) for column in zip(*(v[1:] for v in verdicts))] if verdicts else [[], [], [], []]
    return TermChecks({name: list(flags) for name, flags in zip(SHAPES, shapes)}, *rest)


def is_verb_led(words):
    """Three characters or more that begin with a verb in jieba's cut (说明/v 理由/n, 申请/v 行政复议/n,
    鉴定/v 意见/n, 收到/v 货/n, 出卖/v 人/n), or that jieba keeps as one verb (提出异议/v): the shape of a
    verb phrase, and of some terms, told apart by how the text uses them (rules predicate_after_marker
    and clause_final_predicate)."""
    return bool(words) and words[0][1] == "v" and sum(len(w) for w, _ in words) >= 3


_CHUNK = 2000  # terms cut in one piece of work


# adverbs of degree and of negation, which an adjective used as a predicate takes (外观很漂亮, 交通不方便)
# and one bound in a compound does not (骨质疏松); used with the predicate markers, for verbs too
DEGREE_ADVERBS = ("很", "非常", "挺", "太", "比较", "特别", "十分", "相当", "真", "蛮", "超", "更", "最", "较", "极",
                  "有点", "有些", "不太", "过于", "这么", "那么", "如此", "还是")


def predicate_split(words):
    """Where the last word begins, in characters, for a string of jieba words whose last word is an
    adjective (a, ad, an), or a verb (v) after a noun (n*, vn), with no adverb before it (外观/n 漂亮/a,
    骨质/n 疏松/a, 理由/n 成立/v: 2); else 0. Rule subject_predicate looks for the string with an adverb of
    degree or negation, or a predicate marker, inserted before that word (外观很漂亮, 理由不成立)."""
    if len(words) < 2 or any(tag in _ADVERB_TAGS for _, tag in words[:-1]):
        return 0
    tag = words[-1][1]
    if tag in ("a", "ad", "an") or (tag == "v" and words[-2][1].startswith(("n", "vn"))):
        return sum(len(word) for word, _ in words[:-1])
    return 0


def single_edges(words):
    """1 if the first of several jieba words is one Chinese character, 2 if the last is, 3 if both, else 0:
    项/冠军, 商/银行, 贷款/超. Such a character may be the end of a word before the string (单项, 工商) or
    the start of one after it (超过) more often than it is the string's own (rule glued_edge)."""
    if len(words) < 2:
        return 0
    return (1 if _is_cjk_character(words[0][0]) else 0) | (2 if _is_cjk_character(words[-1][0]) else 0)


def surnames():
    return _word_list("surnames.txt")


def is_name_shaped(term, words):
    """Three Chinese characters, the first a common surname (data/surnames.txt), that jieba neither
    knows as a word nor finds any word in (徐/晓/飞, 孙/颖/莎): the shape of a person's name, and of some
    terms (池化层, 卫健委), told apart by rule person_name."""
    return (len(term) == 3 and all(_is_cjk_character(ch) for ch in term) and term[0] in surnames()
            and not _is_dictionary_word(term) and len(words) == 3)


def _is_cjk_character(word):
    return len(word) == 1 and "\u4e00" <= word <= "\u9fff"


@functools.lru_cache(maxsize=1)
def dictionary_pairs():
    """The words of two Chinese characters in jieba's dictionary, as a sorted array of c1 * 0x110000 + c2."""
    words = [w for w, n in _pos_tokenizer().tokenizer.FREQ.items()
             if n > 0 and len(w) == 2 and _is_cjk_character(w[0]) and _is_cjk_character(w[1])]
    import numpy as np
    return np.unique(np.array([ord(w[0]) * 0x110000 + ord(w[1]) for w in words], dtype=np.int64))


def in_dictionary(terms):
    """Whether each term of two characters or more is a word of jieba's dictionary (as written, or in lower case)."""
    tokenizer = _pos_tokenizer().tokenizer
    tokenizer.check_initialized()          # its dictionary is read at the first cut, or here
    freq = tokenizer.FREQ
    return [len(t) >= 2 and (freq.get(t, 0) > 0 or freq.get(t.lower(), 0) > 0) for t in terms]


def dictionary_tags(terms):
    """A part-of-speech tag for each term, for the lexicons termmine writes (jieba's user dictionary,
    HanLP's custom dictionary): the tag jieba's dictionary gives the word, if it holds it; eng for a term
    with no Chinese character; else nz, the tag both tag sets give a proper noun of no other class."""
    tags = _pos_tokenizer().word_tag_tab
    out = []
    for term in terms:
        tag = tags.get(term) or tags.get(term.lower())
        if not tag:
            tag = "nz" if any(_is_cjk_character(ch) for ch in term) else "eng"
        out.append(tag)
    return out


def insertable_adverbs():
    """The words predicate_split's test inserts: DEGREE_ADVERBS and the predicate markers."""
    return tuple(sorted(set(DEGREE_ADVERBS) | predicate_markers()))


def _check_chunk(settings, terms):
    """(SHAPES as booleans, predicate_shaped, predicate_at, single_edges, name_shaped) of each term."""
    stopwords, pos = settings
    out = []
    for term in terms:
        low = term.lower()
        cjk = any("\u4e00" <= ch <= "\u9fff" for ch in term)
        words = jieba_words(term) if cjk else []
        # a Latin term is judged by jieba's tag too: eng
        wrong_pos = bool(pos) and not (words or jieba_words(term))[-1][1].startswith(pos)
        shapes = (is_numbered(low), low in stopwords, len(words) == 1 and words[0][1] == "m",
                  *function_edges(term, words), wrong_pos)
        out.append((shapes, is_verb_led(words) or is_adverb_led_noun(words), predicate_split(words),
                    single_edges(words), is_name_shaped(term, words)))
    return out
