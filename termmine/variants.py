"""Variant groups: terms that are one word written differently, by what the strings themselves show.

A term's key is the term in lower case (the text is already in NFKC, so full-width forms are gone) with
the separators that a name is written with or without (-, · and spaces) taken out where they stand
between two Latin letters or digits: R-CNN and RCNN, VGG-16 and VGG16, CIFAR-10 and CIFAR10, UTF-8 and
utf8 share a key. _ and . are kept: in program text they join different names (w_hat is not What,
html.parser not HTMLParser). Only keys with three Latin letters or more group their terms, since short
ones are as often different symbols (n-1 and n1). Terms that share a key form a
group, whose canonical form is the one seen most often as a word (the first ranked on a tie).
Abbreviations (肝功 for 肝功能) are not grouped: nothing in the strings says which shortening is a
variant and which a different word (人民 and 人民法院).
"""
import re

_SEPARATOR = re.compile(r"(?<=[0-9a-z])[-·\s]+(?=[0-9a-z])")
MIN_LETTERS = 3


def variant_key(term):
    """The key that a term's variants share, or None where the term groups with no other."""
    key = _SEPARATOR.sub("", term.lower())
    if sum(ch.isascii() and ch.isalpha() for ch in key) < MIN_LETTERS:
        return None
    return key


def variant_groups(terms, counts):
    """For each term, the canonical form of its group (itself when it has no variant): the member with
    the largest count, the earliest on a tie."""
    best = {}
    for i, (term, count) in enumerate(zip(terms, counts)):
        key = variant_key(term)
        if key is not None and (key not in best or count > counts[best[key]]):
            best[key] = i
    out = []
    for term in terms:
        key = variant_key(term)
        out.append(term if key is None else terms[best[key]])
    return out
