"""What each rule does to the ranking: termmine mine with that rule switched off, against every rule on.

    python benchmarks/bench_rules.py [--cases law,it,legal_consult] [--top 1000] [--examples 6]

For each case (the shared corpora, built-in reference), one run with every rule on and the explanation
(mine(explain=True)); then, for each rule (termmine/rules.py), one run with it switched off, unless the
explanation shows that switching it off changes nothing: a rule that fired on no string, or, for a
rule of the filter stage, that fired on none alone and was never the first rule of one whose next
rule differs from it in keeping the string a word of the text (Rule.still_a_word). Prints a table a
case: how many candidates the rule fired on and on how many it alone fired, how many terms of the
top 100 and the top --top are new with it off, and the best-ranked of those (the strings the rule
keeps out of the top --top). Runs in-process, one mine run per rule that needs one.
"""
import argparse
import sys
import time

from common import BENCH, corpus, print_table

sys.path.insert(0, str(BENCH.parent))
from termmine import mine  # noqa: E402
from termmine.rules import FILTERS, RULES, Rules  # noqa: E402

STILL_A_WORD = {rule.name: rule.still_a_word for rule in RULES}
FILTER_RULES = {rule.name for rule in RULES if rule.stage == FILTERS}


def fired_lists(explanation):
    return [tuple(r for r in rules.split(",") if r) for rules in explanation["rules"]]


def needs_run(name, fired):
    """Whether switching `name` off may change the ranking (see the module text)."""
    for rules in fired:
        if name not in rules:
            continue
        if rules == (name,):
            return True
        # the first filter rule decides whether the string cuts the text (and is measured by the rest)
        filter_rules = [r for r in rules if r in FILTER_RULES]
        if filter_rules[:1] == [name] and len(filter_rules) > 1 and \
                STILL_A_WORD[filter_rules[1]] != STILL_A_WORD[name]:
            return True
    return False


def bench_case(case, top, examples):
    path = corpus(case)
    started = time.monotonic()
    terms, explanation = mine([path], explain=True, top=top)
    base = terms["term"].tolist()
    fired = fired_lists(explanation)
    rows, runs = [], 0
    for rule in RULES:
        on = sum(rule.name in rules for rules in fired)
        alone = sum(rules == (rule.name,) for rules in fired)
        if not needs_run(rule.name, fired):
            rows.append([rule.name, on, alone, 0, 0, ""])
            continue
        runs += 1
        without = mine([path], rules=Rules(skip=[rule.name]), top=top)["term"].tolist()
        new_100 = [t for t in without[:100] if t not in set(base[:100])]
        new_top = [t for t in without if t not in set(base)]
        rows.append([rule.name, on, alone, len(new_100), len(new_top), ", ".join(new_top[:examples])])
    print(f"\n{case}: {len(explanation)} candidates, {len(base)} in the top {top}; "
          f"{runs + 1} mine runs, {time.monotonic() - started:.0f} s\n")
    print_table(["rule", "fired on", "alone on", "top 100: new without it", f"top {top}: new without it",
                 f"kept out of the top {top} (best first)"], rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="law,it,legal_consult")
    parser.add_argument("--top", type=int, default=1000)
    parser.add_argument("--examples", type=int, default=6)
    args = parser.parse_args()
    for case in args.cases.split(","):
        bench_case(case, args.top, args.examples)


if __name__ == "__main__":
    main()
