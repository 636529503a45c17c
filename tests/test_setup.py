"""The README's two set-up commands, run one after the other in one new virtual environment, in either
order, leave a `termmine` that works from any folder.

Issue 15: the first command's run made Numba cache the kernels in site-packages/termmine/__pycache__; the
second command's `pip install -e` uninstalled termmine but not that folder, which then shadowed the
editable install as an empty namespace package. The tests passed all the same, since pytest runs with the
repository on sys.path: so this test installs a copy of the repository into a new virtual environment and
runs `termmine` from a folder outside it. pip takes the dependencies from its cache and find-links.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = "python -m pip install -e '.[test]' && python -m pytest -q"
MINE_HEADER = "term\tlength\tdomain_count\tdomain_fpm\treference_count\treference_fpm\tcohesion"


def readme_commands():
    """The README's install-and-mine command, and its test command without the tests themselves (this
    test is run by them)."""
    after = README.split("Install, and mine the bundled sample", 1)[1]
    install_and_mine = next(line.strip() for line in after.splitlines() if line.startswith("    "))
    assert install_and_mine.startswith("python -m pip install . && termmine mine corpora/law_sample.txt")
    assert f"    {TEST_COMMAND}\n" in README
    return install_and_mine, TEST_COMMAND.split(" && ")[0]


def copy_repository(target):
    """The repository's files (tracked, and new ones git does not ignore) as they are in the working tree:
    no build/, *.egg-info or caches, and nothing written into the checkout."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def venv_env(venv, cache):
    """The environment of a shell in which venv is activated, with a kernel cache folder of its own; pip
    keeps the cache it would have used."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "NUMBA_CACHE_DIR", "NUMBA_CACHE_LOCATOR_CLASSES")}
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    env.setdefault("PIP_CACHE_DIR", str(Path(xdg if os.path.isabs(xdg) else Path.home() / ".cache") / "pip"))
    env.update(VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
               XDG_CACHE_HOME=str(cache))
    return env


def table_of(proc):
    """The lines of the table `termmine mine --format table` printed after pip's output."""
    lines = proc.stdout.decode("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:3] == ["term", "length", "domain_count"])
    return lines[start:]


def shell(command, cwd, env):
    proc = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, timeout=900)
    assert proc.returncode == 0, f"{command}\n{proc.stdout.decode()[-3000:]}\n{proc.stderr.decode()[-3000:]}"
    return proc


def installed_package(venv):
    return next((venv / "lib").glob("python3*/site-packages")) / "termmine"


def assert_no_kernel_cache_in(package):
    assert not package.exists() or not list(package.rglob("*.nb[ic]"))


def assert_termmine_works_outside(venv, env, outside, expected_file):
    """The venv's own `termmine` and `import termmine`, from a folder that is not the repository."""
    mined = subprocess.run([str(venv / "bin" / "termmine"), "mine", str(ROOT / "corpora" / "law_sample.txt"),
                            "--top", "5"], cwd=outside, env=env, capture_output=True, timeout=600)
    assert mined.returncode == 0, mined.stderr.decode()
    lines = mined.stdout.decode("utf-8").splitlines()
    assert len(lines) == 6 and lines[0].startswith(MINE_HEADER), lines
    assert lines[1].split("\t")[0] == "承运人"
    imported = subprocess.run([str(venv / "bin" / "python"), "-c", "import termmine; termmine.mine; "
                               "print(termmine.__file__)"], cwd=outside, env=env, capture_output=True)
    assert imported.returncode == 0, imported.stderr.decode()
    assert Path(imported.stdout.decode().strip()) == expected_file


def test_readme_set_up_commands_in_either_order(tmp_path):
    install_and_mine, install_editable = readme_commands()
    repo, venv, outside = tmp_path / "repo", tmp_path / "venv", tmp_path / "elsewhere"
    repo.mkdir()
    outside.mkdir()
    copy_repository(repo)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = venv_env(venv, tmp_path / "cache")
    package = installed_package(venv)

    # the README's order: install and mine, then the editable install
    first = shell(install_and_mine, repo, env)
    table = table_of(first)
    assert len(table) == 22 and table[2].split()[0] == "承运人", table
    assert "compiling the kernels" in first.stderr.decode("utf-8")
    assert_no_kernel_cache_in(package)
    shell(install_editable, repo, env)
    assert not package.exists()
    assert_termmine_works_outside(venv, env, outside, repo / "termmine" / "__init__.py")

    # the other order: from the editable install to the README's install-and-mine command
    again = shell(install_and_mine, repo, env)
    assert table_of(again) == table
    assert "compiling the kernels" not in again.stderr.decode("utf-8")      # this install's kernels are cached
    assert_no_kernel_cache_in(package)
    assert_termmine_works_outside(venv, env, outside, package / "__init__.py")
    assert not list(repo.rglob("*.nb[ic]"))
