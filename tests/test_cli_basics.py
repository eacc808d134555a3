import subprocess
import sys

from advocate_app import __version__


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "advocate_app", *args], input=stdin,
                          capture_output=True, timeout=120)


def test_version_prints_the_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout.decode()


def test_unknown_command_is_a_usage_error_not_a_traceback():
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
