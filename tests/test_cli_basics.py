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


def test_no_arguments_opens_the_main_window(tmp_path):
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ADVOCATE_APP_SMOKE_TEST="1",
               ADVOCATE_APP_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, "-m", "advocate_app"], capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert b"first window shown" in result.stdout


def test_a_command_parsed_on_its_own_has_the_same_arguments_help_and_errors(capsys):
    """main() builds only the command named first (start-up time); it must read exactly as in the whole parser."""
    import pytest

    from advocate_app import cli

    assert list(cli.COMMANDS) == list(cli.HANDLERS)
    for name in cli.COMMANDS:
        for args in ([name, "--help"], [name, "--no-such-option"]):
            outputs = []
            for parser in (cli.build_parser(), cli.build_parser(name)):
                with pytest.raises(SystemExit) as stop:
                    parser.parse_args(args)
                outputs.append((stop.value.code, capsys.readouterr()))
            assert outputs[0] == outputs[1]


def test_classify_loads_its_data_before_running_and_sets_it_aside_from_collection(tmp_path, monkeypatch, capsys):
    """The lexicon, cues and model a fresh `classify` loads last as long as the process.

    They are loaded with the cycle collector paused and then frozen, so no
    collection walks them; afterwards ordinary collection is back for the caller.
    """
    import gc

    from advocate_app import cli
    from advocate_app.analysis import command
    from advocate_app.analysis.cues import load_cue_set
    from advocate_app.analysis.lexicon import load_harm_lexicon

    load_harm_lexicon(), load_cue_set()          # build this test's private cache first
    load_harm_lexicon.cache_clear(), load_cue_set.cache_clear()
    seen: dict[str, object] = {}
    real_run = command.run

    def run(args):
        seen["loaded"] = load_harm_lexicon.cache_info().currsize and load_cue_set.cache_info().currsize
        seen["frozen"] = gc.get_freeze_count()
        return real_run(args)

    monkeypatch.setattr(command, "run", run)
    account = tmp_path / "account.txt"
    account.write_text("They didn't listen to me and cut my hours.", encoding="utf-8")
    assert cli.main(["classify", str(account)]) == 0
    assert "didn't listen" in capsys.readouterr().out
    assert seen["loaded"], "the classifier's data should be loaded before the command runs"
    assert seen["frozen"] > 0
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_help_fits_the_terminal_width_as_it_always_did(monkeypatch, capsys):
    """The help formatter finds the width itself (without shutil): COLUMNS is honoured, 80 otherwise."""
    import argparse
    import pytest

    from advocate_app import cli

    for columns in ("44", "120", None):
        if columns is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", columns)
        with pytest.raises(SystemExit):
            cli.main(["letter", "--help"])
        ours = capsys.readouterr().out
        # argparse's own formatter, which asks shutil for the width
        reference = argparse.ArgumentParser(prog="advocate-app letter")
        cli._letter(reference)
        expected = reference.format_help()
        assert ours == expected
        width = int(columns) if columns else 80
        assert max(len(line) for line in ours.splitlines()) <= width - 2
