"""The rules that drop candidates, in one registry.

A rule is a named test at one stage of the pipeline: a shape that filters.py finds in jieba's cut of a
string, or limits on measures that its stage computes (discovery.py from the count table, pipeline.py
from the domain table, wordcount.py while the domain text is cut into words). RULES holds them in the
order they are tried; Rules holds a caller's settings (rules switched off, thresholds changed);
apply_rules tries each rule of a stage on every string that reaches the stage and records every one that
fires. A candidate on which no rule fires is kept. What each rule is for, its examples and its effect on
each corpus: docs/rules.md.

Light on purpose: the command line lists and checks rules without loading NumPy.
"""
import dataclasses
import math
import operator
from typing import TYPE_CHECKING, NamedTuple

from .errors import TermmineError

if TYPE_CHECKING:
    import numpy as np

# the stages, in the order a string meets them
DISCOVERY = "discovery"    # n-grams of the count table, before they are candidates (discover and mine)
CANDIDATES = "candidates"  # candidate words, against each other (discover and mine)
FILTERS = "filters"        # each candidate: jieba's cut of it, its forms in the domain table (mine)
WORDS = "words"            # candidates as words of the domain text, once it is cut into them (mine)
STAGES = (DISCOVERY, CANDIDATES, FILTERS, WORDS)
DISCOVER_STAGES = (DISCOVERY, CANDIDATES)   # the stages `discover` runs; mine runs all

_OPS = {">=": operator.ge, "<=": operator.le, "<": operator.lt}


class Limit(NamedTuple):
    """One condition of a rule: `measure op value`. With `of` = (part, whole), the measure is the share
    part / whole, compared exactly as part op value * whole. A value of None is the caller's min_count."""
    measure: str
    op: str
    value: float = None
    of: tuple = None

    def describe(self, value):
        return f"{self.measure} {self.op} {'min_count' if value is None else f'{value:g}'}"


@dataclasses.dataclass(frozen=True)
class Rule:
    """A rule: it fires on a string where its shape is found (`shape`: a boolean measure of the same
    name as the rule) or where all its limits hold (a NaN measure, not measured, never fires)."""
    name: str
    stage: str
    description: str              # what the rule drops, with examples
    limits: tuple = ()            # Limit ...; () for a shape
    why: str = ""                 # why the thresholds are where they are
    still_a_word: bool = False    # a candidate this rule is the first to drop still cuts the text into words

    @property
    def shape(self):
        return not self.limits

    @property
    def thresholds(self):
        return tuple(limit.value for limit in self.limits)

    def threshold_text(self, values=None):
        """The limits as text, with `values` (the defaults if None); '-' for a shape."""
        values = self.thresholds if values is None else values
        return ", ".join(limit.describe(v) for limit, v in zip(self.limits, values)) or "-"


def _edge(name, description):
    return Rule(f"function_edge.{name}", FILTERS, description)


RULES = (
    Rule("mostly_extended", DISCOVERY,
         "a string whose most frequent one-token extension, left or right, holds most of its occurrences: a "
         "piece of the longer string (药品监督管理 of 药品监督管理部门)",
         (Limit("extension_share", ">=", 0.8, ("extension_count", "count")),),
         "four in five: a string continued that often in one way is seldom used alone"),
    Rule("inside_longer", CANDIDATES,
         "a candidate that one longer candidate beginning or ending with it holds nearly all the time "
         "(巧克 of 巧克力)",
         (Limit("longer_share", ">=", 0.9, ("longer_count", "count")),),
         "nine in ten: what is left outside the longer word is too little to be a word of its own"),
    Rule("numbered", FILTERS,
         "a numeral or numbered reference, or a string holding one (第十一条, 2019年, 条第一款规定)",
         still_a_word=True),
    Rule("stopword", FILTERS, "a word of the caller's stopword list (stopwords=, --stopwords), in lower case"),
    Rule("numeral_measure", FILTERS, "a numeral and its measure word, one word for jieba (两本, 一千元)",
         still_a_word=True),
    _edge("character", "begins with one of 之的及或与 or ends with one of 的了着之或 (规定的, 的规定, 之日起)"),
    _edge("function_word", "its first or last jieba word is in data/function_words.txt (如下所示, 请注意)"),
    _edge("particle", "its first or last jieba word is a preposition, conjunction or particle (应当在, 不错哦)"),
    _edge("adverb", "its first or last jieba word is an adverb, unless one that modifies the noun after it "
                    "(立即报告, 有点贵; not 随机森林)"),
    _edge("pronoun", "its first or last jieba word is a pronoun (依照本, 或者其他)"),
    _edge("self_reference", "its first or last jieba word is the text's name for itself (本法规定, 本规范)"),
    _edge("modal_before_verb", "a modal verb or adverb, then a verb (依法给予处分, 有权要求)"),
    _edge("suffix_first", "begins with a suffix, the end of a word before it (型禽流感病毒, 式餐厅)"),
    _edge("time_before_verb", "a time word, then a verb: a clause's adverbial (下次去, 逾期提供证据)"),
    _edge("number_or_place", "a numeral or measure word first, or a numeral or place word last, of several "
                             "words (万元以上, 县级以上)"),
    _edge("inner_function_word", "a listed function word inside (符合下列条件)"),
    _edge("inner_particle", "a particle, pronoun or numeral inside (万元以下的罚款, 违反本条例规定)"),
    _edge("inner_bound_character", "a word after the first begins with one of 之的及或与 (申请之日起)"),
    _edge("degree_adverb", "an adverb of degree inside one of jieba's adjectives (房间很小, 速度太慢)"),
    _edge("glued_character", "a function character glued to a dictionary word (本行政区域, 并打印, 吊销其)"),
    Rule("pos", FILTERS, "its last jieba word has none of the tags asked for (pos=, --pos)"),
    Rule("person_name", FILTERS,
         "three characters, a common surname first, no jieba word inside, each pair of its characters "
         "seldom seen without the third: a person's name (孙颖莎, 徐晓飞)",
         (Limit("pair_share", "<=", 1.25, ("pair_count", "count")),),
         "at 1.25 the name-shaped strings of six top 1000s were 45 names, a currency, a town and no term",
         still_a_word=True),
    Rule("subject_predicate", FILTERS,
         "ends in an adjective, or a verb after a noun, and the text also holds it with an adverb before "
         "that word: a subject and its predicate (外观漂亮: 外观很漂亮)",
         (Limit("inserted_share", ">=", 0.1),),
         "one in ten, as for predicate_after_marker: compounds (骨质疏松, 梯度下降) are never said so"),
    Rule("code", WORDS,
         "Latin-edged, next to a code character in most of its occurrences: an identifier (self, __init__, "
         "load_data)",
         (Limit("code_share", ">=", 0.6),),
         "prose names of software are written so far less often (json 21%, tensorflow 2%)"),
    Rule("predicate_after_marker", WORDS,
         "shaped like a verb phrase, and often right after a modal verb, adverb or personal pronoun: a "
         "predicate in use (应当说明理由, 可以申请复议)",
         (Limit("predicate_share", ">=", 0.1),),
         "terms of that shape seldom follow one (鉴定意见 .016), verb phrases mostly do (说明理由 .68)"),
    Rule("clause_final_predicate", WORDS,
         "shaped like a verb phrase, ends its clause at least half the time and almost never follows 的: a "
         "whole predicate (夺得冠军。 提起行政诉讼，)",
         (Limit("clause_final_share", ">=", 0.5), Limit("after_de_share", "<", 0.01)),
         "below half, nouns used as objects take over (独立显卡 .48); a noun is modified (的鉴定意见)"),
    Rule("name_part", WORDS,
         "Latin-edged, beside one same Latin word across a space most of the time: a word of a longer name "
         "(Raspberry of Raspberry Pi)",
         (Limit("name_share", ">=", 0.8),),
         "mostly_extended's share, for the word across a space"),
    Rule("glued_edge", WORDS,
         "its one-character edge makes a dictionary word with the character beside it most of the time: a "
         "piece of other words (项冠军 of 单项冠军, 商银行 of 工商银行)",
         (Limit("glued_share", ">=", 0.85),),
         "terms with such an edge are glued less often (考验期 .80, 分位数 .75)"),
    Rule("rare_word", WORDS,
         "seen fewer than min_count times as a word once the text is cut into words (法院 inside 人民法院 is "
         "not 法院)",
         (Limit("word_count", "<", None),),
         "the floor min_count (--min-count) sets for the n-gram counts, applied to the word counts"),
)
RULE_NAMES = tuple(rule.name for rule in RULES)
# names that stand for several rules in Rules(skip=...) and --skip-rule
GROUPS = {"function_edge": tuple(name for name in RULE_NAMES if name.startswith("function_edge."))}
_BY_NAME = {rule.name: rule for rule in RULES}
RULE_COLUMNS = ["name", "stage", "threshold", "description"]


def rules_of(stage):
    return tuple(rule for rule in RULES if rule.stage == stage)


def rule_table():
    """RULES as columns (RULE_COLUMNS), for `termmine rules`."""
    return {"name": list(RULE_NAMES), "stage": [r.stage for r in RULES],
            "threshold": [r.threshold_text() for r in RULES], "description": [r.description for r in RULES]}


def expand_names(names, where="rules"):
    """Rule names, each group (GROUPS) replaced by its rules; an unknown name is a TermmineError."""
    out = []
    for name in names:
        if name in GROUPS:
            out.extend(GROUPS[name])
        elif name in _BY_NAME:
            out.append(name)
        else:
            raise TermmineError(f"{where}: unknown rule '{name}'; `termmine rules` (or termmine.rules.RULES) "
                                "lists them")
    return out


@dataclasses.dataclass(frozen=True)
class Rules:
    """Which rules are on, and their thresholds.

    skip: names of rules to switch off (a group name, function_edge, switches off all of its rules).
    thresholds: rule name -> its threshold, or a tuple of them for a rule of several limits, in the order
    `termmine rules` lists them (clause_final_predicate: (0.5, 0.01)). rare_word's is min_count.
    """
    skip: frozenset = frozenset()
    thresholds: tuple = ()

    def __post_init__(self):
        if isinstance(self.skip, str):
            raise TermmineError(f"rules: skip takes a list of rule names, such as skip=['{self.skip}']")
        settings = self.thresholds.items() if isinstance(self.thresholds, dict) else self.thresholds
        object.__setattr__(self, "skip", frozenset(expand_names(self.skip)))
        object.__setattr__(self, "thresholds", tuple(sorted(_check_threshold(n, v) for n, v in settings)))

    def on(self, name):
        return name not in self.skip

    def values(self, rule, min_count=None):
        """The thresholds of `rule`, in the order of its limits (None, min_count's, replaced by it)."""
        values = dict(self.thresholds).get(rule.name, rule.thresholds)
        return tuple(min_count if v is None else v for v in values)


def _check_threshold(name, value):
    """(name, tuple of thresholds) checked, or a TermmineError naming the parameter."""
    rule = _BY_NAME.get(name)
    if rule is None:
        expand_names([name])
        raise TermmineError(f"rules: {name} is a group of rules; give thresholds rule by rule")
    if rule.shape:
        raise TermmineError(f"rules: {name} has no threshold (it tests the shape of a string); skip it instead")
    if None in rule.thresholds:
        raise TermmineError(f"rules: the threshold of {name} is min_count; set min_count")
    values = tuple(value) if isinstance(value, (tuple, list)) else (value,)
    if len(values) != len(rule.limits) or not all(_is_number(v) for v in values):
        measures = ", ".join(limit.measure for limit in rule.limits)
        wanted = "a number" if len(rule.limits) == 1 else f"{len(rule.limits)} numbers, for {measures}"
        raise TermmineError(f"rules: the threshold of {name} must be {wanted}, not {value!r}")
    return name, tuple(float(v) for v in values)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def check_rules(rules):
    """`rules` as given to mine() or discover(): None for the defaults, or a Rules."""
    if rules is None:
        return Rules()
    if not isinstance(rules, Rules):
        raise TermmineError(f"rules: expected a termmine.Rules or None, not {type(rules).__name__}; such as "
                            "rules=Rules(skip=['person_name'])")
    return rules


class Verdicts(NamedTuple):
    """What the rules of a stage found: `names`, the rules tried in order, and `fired`, a boolean array
    (rules x strings) of which fired on which."""
    names: tuple
    fired: "np.ndarray"
    still_a_word: "np.ndarray"    # per rule, Rule.still_a_word

    @property
    def dropped(self):
        return self.fired.any(axis=0)

    def kept_as_words(self):
        """Per string: no rule fired, or the first that fired keeps it a word of the text (still_a_word):
        the candidates that make the lexicon the domain text is cut into."""
        if not self.names:
            return ~self.dropped
        return ~self.dropped | self.still_a_word[self.fired.argmax(axis=0)]

    def rules_fired(self):
        """Per string, the names of the rules that fired on it, in order (a tuple, empty if none)."""
        import numpy as np
        out = [()] * self.fired.shape[1]
        for column in np.flatnonzero(self.dropped).tolist():
            out[column] = tuple(n for n, hit in zip(self.names, self.fired[:, column].tolist()) if hit)
        return out


def apply_rules(stage, measures, rules=None, min_count=None):
    """Try every rule of `stage` that `rules` leaves on on every string, and return Verdicts.

    measures: a DataFrame or a dict of equal-length columns holding what the stage's rules read: for a
    shape rule, the boolean column of its name; for a limit, its measure, or the two columns of `of`.
    min_count: the threshold of rare_word."""
    import numpy as np
    rules = check_rules(rules)
    stage_rules = rules_of(stage)
    if not stage_rules:
        raise TermmineError(f"unknown stage '{stage}'; choose one of {', '.join(STAGES)}")
    first = stage_rules[0]
    size = len(measures[first.name if first.shape else (first.limits[0].of or (first.limits[0].measure,))[0]])
    on = [rule for rule in stage_rules if rules.on(rule.name)]
    fired = np.zeros((len(on), size), dtype=bool)
    for row, rule in enumerate(on):
        if rule.shape:
            fired[row] = np.asarray(measures[rule.name], dtype=bool)
            continue
        hit = np.ones(size, dtype=bool)
        values = rules.values(rule, min_count)
        if None in values:
            raise TermmineError(f"apply_rules: {rule.name} needs min_count")
        for limit, value in zip(rule.limits, values):
            compare = _OPS[limit.op]
            if limit.of:
                part, whole = limit.of
                hit &= compare(np.asarray(measures[part]), value * np.asarray(measures[whole]))
            else:
                hit &= compare(np.asarray(measures[limit.measure]), value)
        fired[row] = hit
    return Verdicts(tuple(rule.name for rule in on), fired, np.array([rule.still_a_word for rule in on], dtype=bool))


def share_columns(measures, stage):
    """The shares the rules of `stage` compare exactly as counts (Limit.of), as {measure: array}, for an
    explanation: extension_share = extension_count / count ..."""
    import numpy as np
    out = {}
    for rule in rules_of(stage):
        for limit in rule.limits:
            if limit.of:
                part, whole = (np.asarray(measures[c], dtype=np.float64) for c in limit.of)
                with np.errstate(invalid="ignore", divide="ignore"):
                    out[limit.measure] = part / whole
    return out
