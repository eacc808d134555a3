"""The command line: the same core as the wizard, without a display.

The contract (commands, JSON, exit codes) is fixed in `docs/cli.md`.
Each command's work lives beside the core it uses (`<package>/command.py`);
this module only parses arguments and turns failures into one plain line:
exit 2 for bad input (`UserError`), 1 for anything else, never a traceback.
"""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from advocate_app import __version__, first_use
from advocate_app.errors import UserError

TYPE_CHECKING = False   # typing is for the type checker only: importing it costs every new process (issue 12)
if TYPE_CHECKING:
    from typing import Any

# command name -> "module:function"; each function takes the parsed args, returns an exit code.
HANDLERS: dict[str, str] = {
    "classify": "advocate_app.analysis.command:run",
    "plan": "advocate_app.routes.command:run",
    "letter": "advocate_app.documents.command:run_letter",
    "summary": "advocate_app.documents.command:run_summary",
    "cases": "advocate_app.store.command:run",
    "report": "advocate_app.reporting.command:run",
}


def _classify(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", default="-", help="the account as a UTF-8 text file, or - for stdin")
    p.add_argument("--json", action="store_true", help="print JSON as in cli.md")


def _plan(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", help="the case file (advocate-case/1 JSON)")
    p.add_argument("--json", action="store_true", help="print JSON as in cli.md")


def _letter(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", help="the case file (advocate-case/1 JSON)")
    p.add_argument("--route", required=True, help="the route identifier, for example complaint-council")
    p.add_argument("-o", "--output", required=True, help="OUT.pdf or OUT.docx")
    p.add_argument("--large-print", action="store_true", help="16 pt type and wider spacing")


def _summary(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", help="the case file (advocate-case/1 JSON)")
    p.add_argument("-o", "--output", required=True, help="OUT.pdf or OUT.docx")
    p.add_argument("--easy-read", action="store_true", help="the easy-read version for the person")


def _cases(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase-file", help="read the passphrase from this file instead of asking")
    cases_sub = p.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    cases_sub.add_parser("list", help="list the cases in the store")
    c = cases_sub.add_parser("import", help="import a case file into the store")
    c.add_argument("case", help="the case file (advocate-case/1 JSON)")
    c = cases_sub.add_parser("export", help="export a case to a plain (unencrypted) case file")
    c.add_argument("id", help="the case identifier shown by 'cases list'")
    c.add_argument("-o", "--output", required=True, help="CASE.json")
    c = cases_sub.add_parser("delete", help="delete a case for good")
    c.add_argument("id", help="the case identifier shown by 'cases list'")
    c = cases_sub.add_parser("restore", help="put a backup back as the case store (the current one is kept)")
    c.add_argument("--from", dest="source", metavar="BACKUP",
                   help="the backup's name as 'cases backups' shows it (default: the newest that opens)")
    cases_sub.add_parser("backups", help="list the backups with their date and number of cases")
    c = cases_sub.add_parser("set-aside", help="list damaged or replaced copies the app set aside, or delete them")
    c.add_argument("--delete", metavar="NAME", help="delete this set-aside copy for good")
    c.add_argument("--delete-all", action="store_true", help="delete every set-aside copy for good")
    cases_sub.add_parser("create", help="start a new, empty case store even though backups are kept")
    for action in cases_sub.choices.values():
        action.add_argument("--passphrase-file", help=argparse.SUPPRESS, default=argparse.SUPPRESS)


def _report(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
    p.add_argument("-o", "--output", required=True, help="OUT.pdf or OUT.csv")
    p.add_argument("--passphrase-file", help="read the passphrase from this file instead of asking")


# command name -> (help, what it takes), in the order `--help` lists them.
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "classify": ("suggest harms in an account (UTF-8 text file, or stdin)", _classify),
    "plan": ("propose routes, Section 42 assessment and deadlines for a case file", _plan),
    "letter": ("write one letter for a route", _letter),
    "summary": ("write the case summary", _summary),
    "cases": ("the encrypted local case store", _cases),
    "report": ("anonymised report over the cases in the store", _report),
}


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own formatter, told the terminal's width as shutil.get_terminal_size would find it.

    Why: argparse makes a formatter for every argument it adds (to check the
    argument's metavar), and the default one imports shutil, with bz2 and lzma,
    to learn the width: about 3 ms of every fresh command, for nothing it prints.
    """

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_columns() - 2)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help uses `_HelpFormatter`; its subcommands' parsers are of this class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def _terminal_columns() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only`, the same parser holding just that command.

    Why `only`: `main` knows the command when it comes first, and that
    command's arguments, help and errors are the same either way; building
    every command's parser took a fresh `letter` as long as reading its case.
    """
    parser = _Parser(
        prog="advocate-app",
        description="Offline help for independent advocates. With no command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"advocate-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_arguments) in COMMANDS.items():
        if only is None or name == only:
            add_arguments(sub.add_parser(name, help=help_text))
    return parser


def _silence_stdout() -> None:
    """No more output after a broken pipe, not even the interpreter's own complaint at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _load_handler(spec: str) -> Callable[[argparse.Namespace], int]:
    """The command's function, with what it always needs loaded (its module's `prepare`, if any).

    Its dataclasses are made from code compiled by an earlier run (dataclass_code.py).
    """
    from advocate_app.dataclass_code import compiled_once

    module_name, _, func = spec.partition(":")
    with compiled_once():
        module = importlib.import_module(module_name)
        prepare = getattr(module, "prepare", None)
        if prepare is not None:
            prepare()
    return getattr(module, func)


def _run_command(spec: str, args: argparse.Namespace) -> int:
    """Load the command's module, then run it with what was loaded set aside from garbage collection.

    Why: the modules, tables and compiled templates a command loads live as
    long as the process, yet the collector walks them all again: during the
    import (which makes no garbage worth a collection) and in every full
    collection afterwards; in a fresh `letter` that was a tenth of the time,
    and in a fresh `classify`, loading the lexicon, cues and learned model,
    about 10 ms of 330.
    Frozen objects are still freed as usual when nothing refers to them; only
    the search for reference cycles skips them. They are unfrozen afterwards,
    so a caller in the same process (the tests) keeps ordinary collection.
    """
    collecting = gc.isenabled()
    gc.disable()   # loading makes objects that last, not garbage: no collection while it runs
    try:
        handler = _load_handler(spec)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    try:
        return int(handler(args) or 0)
    finally:
        gc.unfreeze()


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_list[0] if args_list and args_list[0] in COMMANDS else None)
    args = parser.parse_args(args_list)
    if args.command is None:
        from advocate_app.gui.app import run_gui

        return run_gui(args_list)
    code = _command(args)
    if argv is None:
        # This is the process itself (the installed command or `python -m advocate_app`), and it ends
        # now: skip the interpreter's last search for reference cycles over everything loaded, which
        # cost a fresh `letter` as much as a page of layout. Files and the store are closed already.
        gc.freeze()
    return code


def _say_when_preparing(command: str) -> None:
    """On a terminal, say why the first run after an install or update is slow (never into a pipe or file)."""
    try:
        interactive = sys.stderr.isatty()
    except (AttributeError, ValueError):
        interactive = False
    if interactive:
        first_use.notice = lambda: print(f"advocate-app {command}: {first_use.MESSAGE}", file=sys.stderr, flush=True)


def _command(args: argparse.Namespace) -> int:
    """Run the parsed command; every failure becomes one plain line and an exit code."""
    _say_when_preparing(args.command)
    try:
        return _run_command(HANDLERS[args.command], args)
    except UserError as error:
        print(f"advocate-app {args.command}: {error}", file=sys.stderr)
        return error.exit_code
    except ImportError as error:
        print(f"advocate-app {args.command}: a part of the app is missing or damaged ({error.name or 'unknown'}). "
              "Nothing was changed. Please reinstall the app, or tell whoever supports it.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"advocate-app {args.command}: stopped. Nothing was changed.", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (`cases list | head`): stop quietly
        _silence_stdout()
        return 0
    except Exception as error:  # noqa: BLE001 - the user must never see a traceback
        print(
            f"advocate-app {args.command}: something went wrong ({type(error).__name__}). "
            "Nothing was changed. Please report this to whoever supports the app.",
            file=sys.stderr,
        )
        return 1
