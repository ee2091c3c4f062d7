"""`cartagena`: check a Party's declared biosafety measures against the Implementation Plan for the
Cartagena Protocol (2021-2030) and its Capacity-Building Action Plan.

Each command lives in its own module under `engine/commands/`; this file only assembles them.
Run it as `cartagena ...` once installed (this file is then `cartagena_compliance.cli`), or as
`python cli.py ...` from the source tree (then it is the top-level module `cli`, beside `engine`).
"""

from __future__ import annotations

import os
import sys
from importlib import import_module

import click

if __package__:  # installed: cartagena_compliance.cli beside cartagena_compliance.engine
    from .engine import __version__
    from .engine.exit_codes import ExitCode
else:  # `python cli.py` from a clone: engine/ is beside this file
    from engine import __version__
    from engine.exit_codes import ExitCode

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


class _LazyGroup(click.Group):
    """Imports a command's module only when that command runs, so `validate` stays fast to start."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMANDS.get(name)
        if module is None:
            return None
        return import_module(module, ENGINE_PACKAGE).command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            raise OutputClosed from exc


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

    Exit codes: 0 all well; 1 gaps found (check); 2 invalid input; 3 the tool's own data is broken;
    141 standard output was closed before everything was written (e.g. `| head`).
    """


def main(argv: list[str] | None = None) -> None:
    """Console entry point: no traceback ever reaches a user (set CARTAGENA_DEBUG=1 to see one)."""
    for stream in (sys.stdout, sys.stderr):
        # a file name that is not valid UTF-8 must be shown, not crash the report
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        try:
            cartagena.main(args=argv, prog_name="cartagena", standalone_mode=True)
        finally:
            sys.stdout.flush()  # the end of the report, now, while a closed pipe can still be told apart
    except SystemExit:
        raise
    except (OutputClosed, BrokenPipeError):
        # Quietly: nobody reads any more. Point stdout at /dev/null so that Python's own flush at
        # exit does not print "Exception ignored ... BrokenPipeError".
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):  # stdout without a file descriptor
            pass
        sys.exit(ExitCode.OUTPUT_CLOSED)
    except KeyboardInterrupt:
        click.echo("cartagena: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the last safety net; known errors are handled by each command
        if os.environ.get("CARTAGENA_DEBUG"):
            raise
        click.echo(f"cartagena: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(ExitCode.INTERNAL_ERROR)


if __name__ == "__main__":
    main()
