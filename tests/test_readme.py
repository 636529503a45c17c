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
