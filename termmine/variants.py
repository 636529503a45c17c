"""Variant groups: terms that are one word written differently, by what the strings and the corpus show.

Spellings. A term's key is the term in lower case (the text is already in NFKC, so full-width forms are
gone) with the separators that a name is written with or without (-, · and spaces) taken out where they
stand between two Latin letters or digits: R-CNN and RCNN, VGG-16 and VGG16, CIFAR-10 and CIFAR10, UTF-8
and utf8 share a key. _ and . are kept: in program text they join different names (w_hat is not What,
html.parser not HTMLParser). Only keys with three Latin letters or more group their terms, since short
ones are as often different symbols (n-1 and n1).

Abbreviations that the corpus defines (defined_abbreviations). A shortening is grouped with its full
form only where the text writes one right after the other, alone in brackets, as authors do when they
introduce an abbreviation: 卷积神经网络（CNN）, CNN（卷积神经网络）, 国防科学技术工业委员会（以下简称国防科工委）.
Nothing in the strings alone says which shortening is a variant and which a different word (人民 and
人民法院, 编码 and 编码器), and the characters around a shortening do not tell them apart either
(docs/method.md), so a shortening the corpus never defines is not grouped.

Terms joined by either way form a group, whose canonical form is the member seen most often as a word
(the first ranked on a tie).
"""
import collections
import re

_SEPARATOR = re.compile(r"(?<=[0-9a-z])[-·\s]+(?=[0-9a-z])")
MIN_LETTERS = 3
# a Latin abbreviation: a letter, then up to nine letters, digits or hyphens, of which one digit at
# most (A3C, EC2; L298N and HC-SR04 are model numbers), and two capitals or more
_LATIN = re.compile(r"(?=[^0-9]*[0-9]?[^0-9]*$)[A-Za-z][A-Za-z0-9-]{1,9}")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
MIN_CAPITALS = 2
# an abbreviation in brackets with no marker counts when the corpus writes it so this many times ...
MIN_DEFINITIONS = 3
# ... and not when this share of them or more have one same letter, digit or character right before the
# full form: then the full form is longer than any term (均方误差（MSE） read as 误差（MSE）)
TRUNCATED_SHARE = 0.5
# ... or one same joining mark (词频-逆文档频率（TF-IDF） read as 逆文档频率（TF-IDF）)
_JOINERS = "-/·_"


def variant_key(term):
    """The key that a term's spelling variants share, or None where the term groups with no other."""
    key = _SEPARATOR.sub("", term.lower())
    if sum(ch.isascii() and ch.isalpha() for ch in key) < MIN_LETTERS:
        return None
    return key


def is_shortening(short, full):
    """Whether Chinese `short` can abbreviate `full`: two characters or more, fewer than full's, the same
    first character, and the rest of them in full in order, but not a run of full's other than its start
    (企业 of 全民所有制工业企业 or 境内 of 中华人民共和国境内 name a wider thing, not the same one)."""
    if not 2 <= len(short) < len(full) or short[0] != full[0]:
        return False
    rest = iter(full)
    if not all(ch in rest for ch in short):
        return False
    return full.startswith(short) or short not in full


def _truncated(before):
    """Whether one letter, digit, character or joining mark stands before the full form in
    TRUNCATED_SHARE of its definitions or more (of two or more)."""
    n = sum(before.values())
    if n < 2:
        return False
    ch, k = max(before.items(), key=lambda item: (item[1], item[0]))
    return (ch.isalnum() or ch in _JOINERS) and k >= TRUNCATED_SHARE * n


def _capitals(term):
    return sum(ch.isupper() for ch in term)


def defined_abbreviations(evidence):
    """Pairs (abbreviation, full form) from `evidence`, a mapping of (term outside the brackets, term
    inside, marked by 简称 or the like) to a Counter of the characters before the outside term
    (wordcount._bracketed, over written terms):
    - a Latin abbreviation (two capitals or more) and a Chinese term, either of them in the brackets,
      seen MIN_DEFINITIONS times or more, the Chinese term of as many characters as the abbreviation has
      capitals or more (误差（MSE） is a piece of 均方误差), and not truncated (_truncated) where the full
      form stands outside;
    - a Chinese shortening in brackets after a marker (以下简称, 简称, 下称, 缩写为 ...) of a Chinese term
      that it can shorten (is_shortening), not truncated.
    Where one full form has several Latin abbreviations, only those that are the most frequent one's
    spelling, or its plural, are kept: 卷积神经网络 with CNN and CNNs, not R-CNN. Where one Latin
    abbreviation has several full forms, only those with half their characters or more in the most
    frequent one are: GPU with 图形处理单元 and 图形处理器, RNN with 循环神经网络 and not with a gloss of
    its role, RNN（优化器）."""
    pairs = collections.Counter()
    before_full = collections.defaultdict(collections.Counter)
    for (outside, inside, marked), before in evidence.items():
        n = sum(before.values())
        if _LATIN.fullmatch(outside) and _HAN.fullmatch(inside):
            short, full, latin = outside, inside, True
        elif _HAN.fullmatch(outside) and _LATIN.fullmatch(inside):
            short, full, latin = inside, outside, True
            before_full[(short, full)].update(before)
        elif marked and _HAN.fullmatch(outside) and _HAN.fullmatch(inside) and is_shortening(inside, outside):
            short, full, latin = inside, outside, False
            before_full[(short, full)].update(before)
        else:
            continue
        if latin and (_capitals(short) < MIN_CAPITALS or len(full) < _capitals(short)):
            continue
        pairs[(short, full, latin)] += n
    kept = [(short, full, latin) for (short, full, latin), n in sorted(pairs.items())
            if (n >= MIN_DEFINITIONS or not latin) and not _truncated(before_full[(short, full)])]
    most_short, most_full = {}, {}
    for short, full, latin in kept:
        if latin and pairs[(short, full, latin)] > pairs.get((most_short.get(full), full, True), 0):
            most_short[full] = short
        if latin and pairs[(short, full, latin)] > pairs.get((short, most_full.get(short), True), 0):
            most_full[short] = full
    return sorted((short, full) for short, full, latin in kept
                  if not latin or (_singular(short) == _singular(most_short[full])
                                   and 2 * sum(ch in most_full[short] for ch in full) >= len(full)))


def _singular(term):
    key = variant_key(term) or term.lower()
    return key[:-1] if key.endswith("s") and len(key) > 2 else key


def variant_groups(terms, counts, abbreviations=()):
    """For each term, the canonical form of its group (itself when it has no variant): the member with
    the largest count, the earliest on a tie. Terms group by spelling (variant_key) and by the pairs of
    `abbreviations` (from defined_abbreviations; pairs with a term not in `terms` are ignored)."""
    parent = list(range(len(terms)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i, j):
        i, j = root(i), root(j)
        if i != j:
            parent[max(i, j)] = min(i, j)

    first = {}
    for i, term in enumerate(terms):
        key = variant_key(term)
        if key is not None:
            join(first.setdefault(key, i), i)
    where = {term: i for i, term in reversed(list(enumerate(terms)))}
    for short, full in abbreviations:
        if short in where and full in where:
            join(where[short], where[full])
    best = {}
    for i, count in enumerate(counts):
        r = root(i)
        if r not in best or count > counts[best[r]]:
            best[r] = i
    return [terms[best[root(i)]] for i in range(len(terms))]
