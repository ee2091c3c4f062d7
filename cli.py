"""`cartagena`: check a Party's declared biosafety measures against the Implementation Plan for the
Cartagena Protocol (2021-2030) and its Capacity-Building Action Plan.

Each command lives in its own module under `engine/commands/`; this file only assembles them.
Run it as `cartagena ...` once installed (this file is then `cartagena_compliance.cli`), or as
`python cli.py ...` from the source tree (then it is the top-level module `cli`, beside `engine`).
"""

from __future__ import annotations

import inspect
import os
import signal
import sys
from importlib import import_module

import click

if __package__:  # installed: cartagena_compliance.cli beside cartagena_compliance.engine
    from .engine import __version__
    from .engine.exit_codes import ExitCode, Stop, Terminated, summary_line
    from .engine.output import robust_stdout
else:  # `python cli.py` from a clone: engine/ is beside this file
    from engine import __version__
    from engine.exit_codes import ExitCode, Stop, Terminated, summary_line
    from engine.output import robust_stdout

ENGINE_PACKAGE: str = f"{__package__}.engine" if __package__ else "engine"

# Command name -> module under engine/commands/ that defines `command`.
COMMANDS: dict[str, str] = {
    "plan": ".commands.plan",
    "explain": ".commands.explain",
    "init": ".commands.init",
    "validate": ".commands.validate",
    "check": ".commands.check",
    "diff": ".commands.diff",
    "rules": ".commands.rules",
    "schema": ".commands.schema",
    "serve": ".commands.serve",
    "indicators": ".commands.indicators",
    "import-nr5": ".commands.import_nr5",
    "export-nr5": ".commands.export_nr5",
}


class OutputClosed(Exception):
    """Standard output was closed by the reader (`cartagena check ... | head`). Not an OSError, so
    that click does not turn it into exit code 1, which means "gaps found"."""


def _terminate(signum: int, frame: object) -> None:
    Terminated.requested = True  # kept, should the exception be dropped where it lands
    raise Terminated


def _inert(message: str) -> str:
    """A message made terminal-safe (it may name a file or quote what was typed)."""
    return import_module(f"{ENGINE_PACKAGE}.reporters.escaping").terminal_lines(message)


def _say(ctx: click.Context, message: str) -> None:
    name = ctx.invoked_subcommand or ctx.meta.get("cartagena.command")
    click.echo(_inert(f"cartagena{' ' + name if name else ''}: {message}"), err=True)


class _LazyGroup(click.Group):
    """Imports a command's module only when that command runs, so `validate` stays fast to start.
    Also the one place where every command's ending is decided (README "Exit codes")."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMANDS.get(name)
        if module is None:
            return None
        return import_module(module, ENGINE_PACKAGE).command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        if args:  # known before the command's module is imported, so an interrupt then is named too
            ctx.meta["cartagena.command"] = args[0]
        return super().resolve_command(ctx, args)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: object) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)  # type: ignore[arg-type]
        except click.UsageError as exc:  # an option of `cartagena` itself
            if type(exc).__name__ == "NoArgsIsHelpError":  # `cartagena` alone: click shows the help
                raise
            _usage_error(exc, "cartagena")
            raise  # pragma: no cover - _usage_error exits

    def invoke(self, ctx: click.Context) -> object:
        try:
            try:
                result = super().invoke(ctx)
            except SystemExit:
                sys.stdout.flush()  # the end of the output, here: a failure to write it is the command's
                raise
            sys.stdout.flush()
            return result
        except BrokenPipeError as exc:
            raise OutputClosed from exc
        except Stop as exc:
            _say(ctx, exc.message)
            sys.exit(exc.code)
        except click.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                raise
            _usage_error(exc, f"cartagena {ctx.invoked_subcommand}" if ctx.invoked_subcommand else "cartagena")
        except KeyboardInterrupt:
            _say(ctx, "interrupted; no output file was written")
            sys.exit(ExitCode.INTERRUPTED)
        except Terminated:
            _say(ctx, "terminated (SIGTERM); no output file was written")
            sys.exit(ExitCode.TERMINATED)
        return None  # pragma: no cover - every branch above exits


def _usage_error(exc: click.UsageError, where: str) -> None:
    """A usage error in plain words, one line, exit 2 (click's own wording names no remedy)."""
    words = import_module(f"{ENGINE_PACKAGE}.plain_words").usage_problem(exc, COMMANDS)
    name = exc.ctx.command_path if exc.ctx is not None else where
    click.echo(_inert(f"{name}: {words}"), err=True)
    sys.exit(ExitCode.INVALID_INPUT)


@click.group(
    cls=_LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="cartagena")
def cartagena() -> None:
    """Check what a Party to the Cartagena Protocol on Biosafety has in place against the
    Implementation Plan (2021-2030) and its Capacity-Building Action Plan.

    \b
    Typical use:
      cartagena init --party "Republic of Examplia" --code XEA my-profile.json
      cartagena validate my-profile.json
      cartagena check my-profile.json
      cartagena explain A.8.2
    """


# the exit codes from their one source, engine/exit_codes.py (cleaned first, so click dedents the rest)
cartagena.help = inspect.cleandoc(cartagena.help or "") + "\n\nExit codes: " + summary_line()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: no traceback ever reaches a user (set CARTAGENA_DEBUG=1 to see one)."""
    # a file name that is not valid UTF-8 must be shown, not crash the report
    reconfigure = getattr(sys.stderr, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    robust_stdout()
    try:
        signal.signal(signal.SIGTERM, _terminate)
    except (ValueError, OSError):  # not the main thread (an embedding program): its own handling stays
        pass
    code: object = ExitCode.OK
    try:
        cartagena.main(args=argv, prog_name="cartagena", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
    except (OutputClosed, BrokenPipeError):
        code = ExitCode.OUTPUT_CLOSED
    except Stop as exc:  # raised outside a command (standard output, at a flush)
        click.echo(_inert(f"cartagena: {exc.message}"), err=True)
        code = exc.code
    except KeyboardInterrupt:
        click.echo("cartagena: interrupted; no output file was written", err=True)
        code = ExitCode.INTERRUPTED
    except Terminated:
        click.echo("cartagena: terminated (SIGTERM); no output file was written", err=True)
        code = ExitCode.TERMINATED
    except Exception as exc:  # the last safety net; known errors are handled by each command
        if os.environ.get("CARTAGENA_DEBUG"):
            raise
        click.echo(f"cartagena: internal error: {type(exc).__name__}: {exc}", err=True)
        code = ExitCode.INTERNAL_ERROR
    sys.exit(_flushed(code))


def _flushed(code: object) -> object:
    """The exit code once the end of standard output is written: 141 if nobody reads it any more
    (unless the run was interrupted or stopped already: that code stays)."""
    try:
        sys.stdout.flush()  # the end of the report, now, while a closed pipe can still be told apart
    except (BrokenPipeError, OutputClosed):
        pass
    except Stop as exc:
        click.echo(f"cartagena: {exc.message}", err=True)
        return exc.code if code in (None, 0, ExitCode.GAPS) else code
    else:
        return code
    # Quietly: nobody reads any more. Point stdout at /dev/null so that Python's own flush at exit
    # does not print "Exception ignored ... BrokenPipeError".
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor
        pass
    return code if code in (ExitCode.INTERRUPTED, ExitCode.TERMINATED) else ExitCode.OUTPUT_CLOSED


if __name__ == "__main__":
    main()
