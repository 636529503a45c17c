"""The compiled kernels are cached in the user's cache folder, never inside the package, and the CLI says
once, on stderr, when a run compiles them. Each real case runs in a subprocess with a cache folder of its
own, since the cache's place is settled when termmine.jitcache is imported."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from termmine import jitcache
from termmine.cli import main

ROOT = Path(__file__).resolve().parent.parent
NOTE = "termmine: compiling the kernels for this machine (about 5 s, once)"
SAMPLE = ROOT / "corpora" / "law_sample.txt"


def clean_env(**changes):
    """This environment without the user's Numba cache settings, with `changes`."""
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "NUMBA_CACHE_LOCATOR_CLASSES")}
    env.update(changes)
    return env


def run(args, env, cwd=ROOT):
    return subprocess.run([sys.executable, *map(str, args)], cwd=cwd, env=env, capture_output=True, timeout=600)


def compiled_in(folder):
    """The names of the Numba index files anywhere under folder."""
    return sorted(p.name for p in Path(folder).rglob("*.nbi"))


def index_files_of_the_package():
    return {p: p.stat().st_mtime_ns for p in Path(jitcache.PACKAGE_DIR).rglob("*.nb[ic]")}


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "small.txt"
    path.write_text("\n".join(SAMPLE.read_text(encoding="utf-8").splitlines()[:300]) + "\n", encoding="utf-8")
    return path


def test_first_run_says_it_compiles_and_caches_in_the_user_folder(tmp_path, corpus):
    before = index_files_of_the_package()
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
    first = run(["-m", "termmine", "discover", corpus, "--min-count", 2], env)
    assert first.returncode == 0, first.stderr.decode()
    assert first.stderr.decode().splitlines() == [NOTE]
    assert first.stdout.decode().startswith("term\tlength\tcount\t")
    names = compiled_in(tmp_path / "cache" / "termmine")
    assert any(n.startswith("kernels.") for n in names)
    second = run(["-m", "termmine", "discover", corpus, "--min-count", 2], env)
    assert second.returncode == 0 and second.stderr == b"", second.stderr.decode()
    assert second.stdout == first.stdout
    assert index_files_of_the_package() == before


def test_numba_cache_dir_is_respected_and_other_numba_code_is_left_alone(tmp_path):
    """The locator applies to termmine's files only: a user's own cached function goes where Numba puts it
    (beside its source without NUMBA_CACHE_DIR, under NUMBA_CACHE_DIR with it)."""
    user = tmp_path / "user"
    user.mkdir()
    (user / "mine_own.py").write_text(textwrap.dedent("""\
        import numba

        @numba.njit(cache=True)
        def twice(x):
            return 2 * x
        """), encoding="utf-8")
    script = ("import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; import termmine.kernels, mine_own; "
              "from termmine import jitcache; assert mine_own.twice(2) == 4; print(jitcache.FOLDER)")
    xdg = tmp_path / "xdg"

    plain = run(["-c", script, str(ROOT), str(user)], clean_env(XDG_CACHE_HOME=str(xdg)), cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr.decode()
    assert Path(plain.stdout.decode().strip()).parent == xdg / "termmine"
    assert compiled_in(xdg) and all(n.startswith("kernels.") for n in compiled_in(xdg))
    assert [n.split("-")[0] for n in compiled_in(user / "__pycache__")] == ["mine_own.twice"]

    numba_dir = tmp_path / "numba"
    chosen = run(["-c", script, str(ROOT), str(user)],
                 clean_env(XDG_CACHE_HOME=str(tmp_path / "xdg2"), NUMBA_CACHE_DIR=str(numba_dir)), cwd=tmp_path)
    assert chosen.returncode == 0, chosen.stderr.decode()
    assert Path(chosen.stdout.decode().strip()).parent == numba_dir / "termmine"
    assert not (tmp_path / "xdg2").exists()
    assert any(n.startswith("kernels.") for n in compiled_in(numba_dir / "termmine"))
    assert [n.split("-")[0] for n in compiled_in(numba_dir) if n.startswith("mine_own")] == ["mine_own.twice"]


def test_an_unwritable_cache_folder_compiles_every_run_and_writes_nothing(tmp_path, corpus):
    before = index_files_of_the_package()
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder would be\n")
    proc = run(["-m", "termmine", "count", corpus, "-o", tmp_path / "t.npz", "--min-count", 2],
               clean_env(XDG_CACHE_HOME=str(not_a_folder)))
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert err.splitlines()[0].startswith("termmine: compiling the kernels (about 5 s, every run: cannot write ")
    assert "set NUMBA_CACHE_DIR to a writable folder" in err.splitlines()[0] and "Traceback" not in err
    assert (tmp_path / "t.npz").exists()
    assert index_files_of_the_package() == before


@pytest.mark.parametrize("command", ["discover", "mine", "count"])
def test_the_note_comes_first_and_not_with_quiet(monkeypatch, tmp_path, corpus, command):
    monkeypatch.setattr(jitcache, "is_cold", lambda: True)
    extra = ["-o", tmp_path / "t.npz"] if command == "count" else []
    args = [command, corpus, "--min-count", 2, *extra]
    loud = CliRunner().invoke(main, list(map(str, args)))
    assert loud.exit_code == 0, loud.output
    assert loud.stderr.splitlines()[0] == NOTE
    assert loud.stderr.count("compiling") == 1
    quiet = CliRunner().invoke(main, list(map(str, args + ["--quiet"])))
    assert quiet.exit_code == 0 and quiet.stderr == "", quiet.stderr
