"""`cartagena serve`: the self-check as a local web page, for national focal points who would rather
not write JSON. One command, no other service: the standard library's HTTP server (engine/serve/)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..engines import ENGINE_CHOICES
from ..exit_codes import ExitCode
from .lang import lang_option


def _fail(message: str, code: ExitCode = ExitCode.INVALID_INPUT) -> None:
    click.echo(f"cartagena serve: {message}", err=True)
    sys.exit(code)


def initial_profile(path: str | None) -> dict[str, Any]:
    """The profile the page opens with: the file given with --profile (read by the same loader as
    `validate`; a file that is not JSON exits 2), or an empty form."""
    if path is None:
        return {}
    from ..loader import Problem, load_document

    document = load_document(path)
    if isinstance(document, Problem):
        _fail(str(document))
    return document.data  # invalid content is shown in the page, each problem beside its field


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but loopback is reachable from other machines.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--profile", "profile_path", metavar="FILE", help="A profile to open in the page.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option(
    "--save-dir",
    type=click.Path(file_okay=False, dir_okay=True, writable=True, exists=True, path_type=Path),
    help="A folder the page may save profiles into (<code>-profile.json); without it nothing is written.",
)
@click.option("--engine", "engine_name", type=click.Choice(ENGINE_CHOICES), default="auto", show_default=True, help="The rules engine, as for check.")
@lang_option(
    "The page's language when the browser's Accept-Language names none of the six (the page's language switch "
    "and ?lang= override both)."
)
def command(host: str, port: int, profile_path: str | None, open_browser: bool, save_dir: Path | None, engine_name: str, lang: str) -> None:
    """Serve the self-check page: the NR5 questions goal by goal, the findings of each goal as the
    answers change; open a profile or an NR5 report; download the profile, the HTML audit report
    and the NR5 draft. In the six UN languages: the browser's Accept-Language, else --lang; the
    page's language switch keeps every answer given.

    \b
    Binds to 127.0.0.1 (this computer only) unless --host says otherwise. Nothing is written
    except what you download, or into the --save-dir folder. Stop it with Ctrl+C.

    \b
    Exit codes: 0 stopped with Ctrl+C; 2 bad option, unreadable --profile, or the port is taken;
                3 the tool's own data is broken.
    """
    from ..engines import EngineUnavailable, choose_engine
    from ..serve.app import SelfCheck
    from ..serve.server import SelfCheckServer, is_loopback, page_html
    from .check import load_rules_and_catalog

    try:
        engine = choose_engine(engine_name)
    except EngineUnavailable as exc:
        _fail(f"--engine durable: {exc}")
    initial = initial_profile(profile_path)
    catalog, rulebook = load_rules_and_catalog("serve")
    if engine.fallback_reason is not None:
        click.echo(f"cartagena serve: using the pure-Python engine: {engine.fallback_reason}", err=True)
    app = SelfCheck(catalog, rulebook, engine.name, save_dir=save_dir.resolve() if save_dir else None)
    try:
        server = SelfCheckServer((host, port), app, lambda page_lang: page_html(app, initial, page_lang), default_lang=lang)
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    if not is_loopback(host):
        click.echo(
            f"cartagena serve: warning: --host {host} is not loopback: anyone who can reach this machine can use the page "
            "(there is no login)", err=True,
        )
    click.echo(f"cartagena serve: the self-check is at {server.url} (listening on {host}{', this computer only' if is_loopback(host) else ''}); Ctrl+C stops it")
    if save_dir is not None:
        click.echo(f"cartagena serve: the page may save profiles into {app.save_dir}")
    sys.stdout.flush()
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("cartagena serve: stopped")
    finally:
        server.server_close()
        app.close()
