"""The rules: golden cases (tests/cases/rules, README.md there), switching each off, thresholds, the
registry's errors, `termmine rules` and `termmine mine --explain`."""
import csv
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from termmine import discover, mine
from termmine.cli import main
from termmine.errors import TermmineError
from termmine.filters import SHAPES, check_terms
from termmine.rules import FILTERS, GROUPS, RULE_NAMES, RULES, Rules, apply_rules

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases" / "rules"
SAMPLE = HERE.parent / "corpora" / "law_sample.txt"
SHAPE_CASES = json.loads((CASES / "shapes.json").read_text(encoding="utf-8"))
TEXT_CASES = json.loads((CASES / "texts.json").read_text(encoding="utf-8"))
REFERENCE = ["普通的文字。"] * 5
# lines of distinct characters, no two alike: a text of 3000 characters more, in which nothing repeats
FILLER = ["".join(chr(0x4E00 + 37 * (40 * k + i) % 0x5000) for i in range(40)) for k in range(75)]


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


def text_lines(case):
    return [line if isinstance(line, str) else line[0] * line[1] for line in case["lines"]] + FILLER


def text_verdict(case, skip=()):
    """The rules that fire on a text case's term when its lines are mined, or None if it is no candidate."""
    _, explanation = mine(texts=text_lines(case), reference_texts=REFERENCE, jobs=1, explain=True,
                          rules=Rules(skip=list(case.get("skip", [])) + list(skip)), **case.get("options", {}))
    row = explanation[explanation["term"] == case["term"]]
    assert len(row) <= 1
    return None if row.empty else [r for r in row["rules"].iloc[0].split(",") if r]


@pytest.mark.parametrize("case", [_param(c, f"{c['rule']}-{c['term']}") for c in TEXT_CASES])
def test_text_case(case):
    assert text_verdict(case) == case["rules"]
    assert text_verdict(case, skip=[case["rule"]]) == case["without_rule"]


def test_the_shapes_are_the_shape_rules():
    assert SHAPES == tuple(rule.name for rule in RULES if rule.shape)
    assert {case["rule"] for case in TEXT_CASES} <= set(RULE_NAMES)


def deciding_case(name):
    """A golden case whose verdict is `name` alone (so switching it off changes the verdict)."""
    for case in SHAPE_CASES:
        if case["rules"] == [name] and case.get("expect") != "fail":
            return "shape", case
    for case in TEXT_CASES:
        if case["rule"] == name and case["rules"] == [name]:
            return "text", case
    return None, None


@pytest.mark.parametrize("name", RULE_NAMES)
def test_every_rule_has_a_case_it_alone_decides(name):
    kind, case = deciding_case(name)
    assert case is not None, f"no golden case is dropped by {name} alone"
    if kind == "shape":
        assert shape_verdict(case, Rules(skip=[name])) == []


def _cli_case(name, tmp_path):
    """The command line arguments and the term of rule `name`'s deciding case: a text case's lines, or
    for a shape case, its term written six times between 「」 (boundaries, so that it is a candidate)."""
    kind, case = deciding_case(name)
    corpus, reference = tmp_path / "corpus.txt", tmp_path / "reference.txt"
    lines = text_lines(case) if kind == "text" else [f"「{case['term']}」" * 6] + FILLER
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reference.write_text("\n".join(REFERENCE) + "\n", encoding="utf-8")
    args = [str(corpus), "-r", str(reference), "-q", "--jobs", "1"]
    for skipped in case.get("skip", []):
        args += ["--skip-rule", skipped]
    if case.get("stopwords"):
        stopwords = tmp_path / "stopwords.txt"
        stopwords.write_text("\n".join(case["stopwords"]) + "\n", encoding="utf-8")
        args += ["--stopwords", str(stopwords)]
    if case.get("pos"):
        args += ["--pos", ",".join(case["pos"])]
    return case, args, case.get("without_rule", [])


def explained(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {row["term"]: row for row in csv.DictReader(f, delimiter="\t")}


# inside_longer's case needs an option the command line does not have (min_entropy): its switch is
# shown by the library in test_text_case
@pytest.mark.parametrize("name", [n for n in RULE_NAMES if n != "inside_longer"])
def test_skip_rule_on_the_command_line_changes_the_verdict_of_the_rule_s_case(name, tmp_path):
    case, args, without = _cli_case(name, tmp_path)
    result = CliRunner().invoke(main, ["mine", *args, "--skip-rule", name, "--explain", str(tmp_path / "e.tsv")])
    assert result.exit_code == 0, result.output
    row = explained(tmp_path / "e.tsv")[case["term"]]
    assert [r for r in row["rules"].split(",") if r] == without
    assert row["kept"] == ("no" if without else "yes")
    assert (case["term"] in {line.split("\t")[0] for line in result.stdout.splitlines()}) == (not without)


def test_discover_skip_rule_keeps_what_the_rule_drops(tmp_path):
    _, case = deciding_case("mostly_extended")
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("\n".join(text_lines(case)) + "\n", encoding="utf-8")

    def words(*args):
        result = CliRunner().invoke(main, ["discover", str(corpus), "-q", *args])
        assert result.exit_code == 0, result.output
        return {line.split("\t")[0] for line in result.stdout.splitlines()[1:]}
    assert case["term"] not in words() and case["term"] in words("--skip-rule", "mostly_extended")


def test_a_threshold_changes_a_verdict():
    case = next(c for c in TEXT_CASES if c["rule"] == "code")       # data: 6 of 7 next to code
    _, explanation = mine(texts=text_lines(case), reference_texts=REFERENCE, jobs=1, explain=True,
                          rules=Rules(thresholds={"code": 0.9}))
    row = explanation[explanation["term"] == case["term"]].iloc[0]
    assert row["kept"] == "yes" and row["code_share"] == pytest.approx(6 / 7)


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


@pytest.mark.parametrize("command, args, fragment", [
    ("mine", ["--skip-rule", "no_such_rule"], "unknown rule 'no_such_rule'"),
    ("discover", ["--skip-rule", "numbered"], "rule 'numbered' does not act in discover"),
    ("discover", ["--skip-rule", "function_edge"], "rule 'function_edge' does not act in discover"),
    ("mine", ["--explain", "-"], "--explain -: give a file of its own"),
])
def test_rule_usage_errors_exit_2(command, args, fragment):
    result = CliRunner().invoke(main, [command, str(SAMPLE), *args])
    assert result.exit_code == 2 and fragment in result.stderr, result.output


def test_rules_command_lists_every_rule():
    table = CliRunner().invoke(main, ["rules"])
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["name", "stage", "threshold", "description"]
    assert [line.split()[0] for line in lines[1:]] == list(RULE_NAMES)
    rows = list(csv.DictReader(CliRunner().invoke(main, ["rules", "--format", "tsv"]).stdout.splitlines(),
                               delimiter="\t"))
    assert [row["name"] for row in rows] == list(RULE_NAMES)
    assert {row["name"]: row["threshold"] for row in rows}["clause_final_predicate"] == \
        "clause_final_share >= 0.5, after_de_share < 0.01"
    assert all(row["description"] for row in rows)


@pytest.fixture(scope="module")
def sample_explained(tmp_path_factory):
    """`termmine mine --explain` on law_sample, and `termmine discover` with the same settings."""
    folder = tmp_path_factory.mktemp("explain")
    runner = CliRunner()
    terms = runner.invoke(main, ["mine", str(SAMPLE), "-q", "--explain", str(folder / "e.tsv")])
    words = runner.invoke(main, ["discover", str(SAMPLE), "-q"])
    assert terms.exit_code == 0 and words.exit_code == 0
    with open(folder / "e.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return ([line.split("\t")[0] for line in terms.stdout.splitlines()[1:]], rows,
            [line.split("\t")[0] for line in words.stdout.splitlines()[1:]])


def test_explain_lists_every_candidate_once_with_the_rules_that_dropped_it(sample_explained):
    terms, rows, words = sample_explained
    assert len({row["term"] for row in rows}) == len(rows)
    discovery_rules = {rule.name for rule in RULES if rule.stage in ("discovery", "candidates")}
    candidates = [row["term"] for row in rows if not set(row["rules"].split(",")) & discovery_rules]
    assert sorted(candidates) == sorted(words)
    kept = [row["term"] for row in rows if row["kept"] == "yes"]
    assert kept == terms                         # first, in rank order
    assert [row["rank"] for row in rows[:len(kept)]] == [str(k) for k in range(1, len(kept) + 1)]
    for row in rows:
        assert (row["kept"] == "yes") == (row["rules"] == "")
        assert all(name in RULE_NAMES for name in row["rules"].split(",") if name)
    fired = [name for row in rows for name in row["rules"].split(",") if name]
    # the cut by word count, silent before, and the three rules once called 'predicate', each named
    for name in ("rare_word", "predicate_after_marker", "clause_final_predicate", "subject_predicate"):
        assert name in fired
    # the measures a rule compares are in the row where it fired
    for row in rows:
        if "predicate_after_marker" in row["rules"]:
            assert float(row["predicate_share"]) >= 0.1
        if "rare_word" in row["rules"]:
            assert int(row["domain_count"]) < 5
