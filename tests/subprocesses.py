"""termmine run as a user runs it, in a real process: exit status, stdout and stderr as they are."""
import subprocess
import sys


def run(*args, input=None, env=None, timeout=600):
    return subprocess.run([sys.executable, "-m", "termmine", *map(str, args)], input=input, capture_output=True,
                          env=env, timeout=timeout)


def one_line_error(proc, *fragments):
    """Exit 1, nothing on stdout, one line on stderr holding each fragment, no traceback."""
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1, err
    assert proc.stdout == b""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in err, err
    return err
