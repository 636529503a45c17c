"""The rules: golden cases (tests/cases/rules), switching each off, thresholds, the registry's errors."""
import json
from pathlib import Path

import numpy as np
import pytest

from termmine import discover, mine
from termmine.errors import TermmineError
from termmine.filters import SHAPES, check_terms
from termmine.rules import FILTERS, GROUPS, RULE_NAMES, RULES, Rules, apply_rules

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases" / "rules"
SHAPE_CASES = json.loads((CASES / "shapes.json").read_text(encoding="utf-8"))


def _param(case, name):
    marks = [pytest.mark.xfail(strict=True)] if case.get("expect") == "fail" else []
    return pytest.param(case, id=name, marks=marks)


def shape_verdict(case, rules=None):
    """The rules that fire on a shape case's term (those of stage filters that need no text: NaN for
    the measures of the others)."""
    checks = check_terms([case["term"]], stopwords=set(case.get("stopwords", ())), pos=case.get("pos"))
    measures = dict(checks.shapes, pair_count=[np.nan], count=[1], inserted_share=[np.nan])
    return list(apply_rules(FILTERS, measures, rules).rules_fired()[0])


@pytest.mark.parametrize("case", [_param(c, f"{c['term']}-{'+'.join(c['rules']) or 'kept'}") for c in SHAPE_CASES])
def test_shape_case(case):
    assert shape_verdict(case) == case["rules"]


def test_the_shapes_are_the_shape_rules():
    assert SHAPES == tuple(rule.name for rule in RULES if rule.shape)


def deciding_case(name):
    """A golden case whose verdict is `name` alone (so switching it off changes the verdict)."""
    for case in SHAPE_CASES:
        if case["rules"] == [name] and case.get("expect") != "fail":
            return "shape", case
    return None, None


@pytest.mark.parametrize("name", [rule.name for rule in RULES if rule.shape])
def test_every_shape_rule_has_a_case_it_alone_decides(name):
    kind, case = deciding_case(name)
    assert case is not None, f"no golden case is dropped by {name} alone"
    if kind == "shape":
        assert shape_verdict(case, Rules(skip=[name])) == []


@pytest.mark.parametrize("settings, message", [
    (dict(skip=["no_such_rule"]), "rules: unknown rule 'no_such_rule'"),
    (dict(skip="numbered"), "rules: skip takes a list of rule names, such as skip=['numbered']"),
    (dict(thresholds={"numbered": 1}), "rules: numbered has no threshold"),
    (dict(thresholds={"rare_word": 3}), "rules: the threshold of rare_word is min_count; set min_count"),
    (dict(thresholds={"code": "high"}), "rules: the threshold of code must be a number, not 'high'"),
    (dict(thresholds={"clause_final_predicate": 0.6}),
     "rules: the threshold of clause_final_predicate must be 2 numbers, for clause_final_share, after_de_share"),
    (dict(thresholds={"function_edge": 1}), "rules: function_edge is a group of rules"),
])
def test_rules_settings_errors_name_the_parameter(settings, message):
    with pytest.raises(TermmineError) as error:
        Rules(**settings)
    assert str(error.value).startswith(message)


def test_library_takes_rules_keyword_only_and_checks_its_type():
    with pytest.raises(TermmineError, match=r"^rules: expected a termmine.Rules or None, not list"):
        mine(texts=["甲乙"], rules=["numbered"])
    with pytest.raises(TermmineError, match=r"^rules: expected a termmine.Rules or None, not str"):
        discover(texts=["甲乙"], rules="numbered")
    with pytest.raises(TermmineError, match=r"^fragment_ratio: now the threshold of rule inside_longer"):
        discover(texts=["甲乙"], fragment_ratio=0.5)
    assert Rules(skip=["function_edge"]).skip == frozenset(GROUPS["function_edge"])
    assert Rules(thresholds={"clause_final_predicate": [0.6, 0.02]}) == \
        Rules(thresholds=(("clause_final_predicate", (0.6, 0.02)),))