"""The README's commands and transcript stay true."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_exactly_the_readme_test_command():
    test_command = "python -m pip install -e '.[test]' && python -m pytest -q"
    assert f"    {test_command}\n" in README
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_transcript_matches_a_real_run():
    block = README.split("## A session", 1)[1].split("stdout carries", 1)[0]
    lines = [line[4:] for line in block.splitlines() if line.startswith("    ")]
    command = lines[0]
    assert command.startswith("$ termmine mine corpora/law_sample.txt")
    args = command[len("$ termmine "):].split()
    proc = subprocess.run([sys.executable, "-m", "termmine", *args], cwd=ROOT, capture_output=True)
    assert proc.returncode == 0
    shown = lines[1:]
    assert shown[0] == proc.stderr.decode("utf-8").strip()
    assert [re.sub(r"\s+$", "", line) for line in shown[1:]] == proc.stdout.decode("utf-8").splitlines()


def test_readme_is_short_and_the_documents_it_leaves_the_rest_to_exist():
    # the README is for users (STYLE.md, "README and docs"); method, rules, benchmarks and history live
    # in these files. docs/rules.md comes with the rule registry.
    assert len(README.splitlines()) <= 150
    for name in ["docs/method.md", "docs/rules.md", "docs/benchmarks.md", "CHANGELOG.md"]:
        assert (ROOT / name).is_file(), f"{name} is missing"


def test_readme_links_point_to_files_that_exist():
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", README):
        assert (ROOT / target).is_file(), f"README links to {target}, which does not exist"


def test_library_examples_are_python():
    block = README.split("## Library", 1)[1].split("\n## ", 1)[0]
    code = "\n".join(line[4:] for line in block.splitlines() if line.startswith("    ") or not line.strip())
    compile(code, "README.md, Library", "exec")


def test_reliability_table_names_tests_that_exist():
    method = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    table = method.split("## Reliability", 1)[1]
    defined = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        defined.update(re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), flags=re.MULTILINE))
    named = set(re.findall(r"\b(test_\w+)\b(?!\.py)", table))   # not the files' names
    assert named and not named - defined, f"named in docs/method.md but not defined: {sorted(named - defined)}"
