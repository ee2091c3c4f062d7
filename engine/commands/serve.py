"""`cartagena serve`: the self-check as a local web page, for national focal points who would rather
not write JSON. One command, no other service: uvicorn and Starlette in this process (engine/serve/)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..engines import ENGINE_CHOICES
from ..exit_codes import ExitCode, Terminated
from ..i18n import tr
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


def exposure(port: int, names: list[str], save_dir: Path | None, lang: str) -> str:
    """What `--allow-remote` exposes, said once at start-up."""
    words = tr(
        lang,
        "--allow-remote: anyone who can reach this machine on port {port} can open the page and have profiles "
        "checked by it; there is no login, and HTTP is not encrypted, so the answers cross the network as "
        "plain text. The page answers only to the addresses of this machine and to these names: {names}.",
    ).format(port=port, names=", ".join(names) or "-")
    if save_dir is not None:
        words += " " + tr(lang, "They can also save profiles into {folder}, replacing the <code>-profile.json files there.").format(folder=save_dir)
    return words


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but loopback also needs --allow-remote.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--allow-remote", is_flag=True, help="Let other machines reach the page (a --host that is not loopback); says what that exposes.")
@click.option(
    "--allow-host", "allow_hosts", multiple=True, metavar="NAME",
    help="Another host name the page may be opened at (repeatable); this machine's own names and addresses are known.",
)
@click.option("--quiet", is_flag=True, help="No line per request on the terminal.")
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
def command(
    host: str, port: int, allow_remote: bool, allow_hosts: tuple[str, ...], quiet: bool, profile_path: str | None, open_browser: bool,
    save_dir: Path | None, engine_name: str, lang: str,
) -> None:
    """Serve the self-check page: the NR5 questions goal by goal, the findings of each goal as the
    answers change; open a profile or an NR5 report; download the profile, the HTML audit report
    and the NR5 draft. In the six UN languages: the browser's Accept-Language, else --lang; the
    page's language switch keeps every answer given.

    \b
    Binds to 127.0.0.1 (this computer only) unless --host says otherwise (then --allow-remote is
    needed). Answers only requests addressed to this machine's names and, for anything that
    changes or downloads, sent by its own page. Nothing is written except what you download, or
    into the --save-dir folder. One line per request on the terminal (--quiet: none). Stop it
    with Ctrl+C.

    \b
    Exit codes: 0 stopped with Ctrl+C (or SIGTERM); 2 bad option, unreadable --profile, or the port is taken;
                3 the tool's own data is broken.
    """
    from ..engines import EngineUnavailable, choose_engine
    from ..serve.app import SelfCheck
    from ..serve.guard import stderr_line
    from ..serve.page import page_html
    from ..serve.server import SelfCheckServer, is_loopback
    from .check import load_rules_and_catalog

    if not is_loopback(host) and not allow_remote:
        _fail(tr(lang, "--host {host} is not loopback: other machines could reach the page. Add --allow-remote if that is what you want.").format(host=host))
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
        server = SelfCheckServer(
            (host, port), app, lambda page_lang: page_html(app, initial, page_lang), default_lang=lang,
            names=allow_hosts, log=None if quiet else stderr_line,
        )
    except OSError as exc:
        app.close()
        _fail(tr(lang, "cannot listen on {host}:{port}: {reason}").format(host=host, port=port, reason=exc.strerror or exc))
    try:  # from the first word on: Ctrl+C, or a service manager's SIGTERM, is the way to stop it
        if is_loopback(host):
            where = tr(lang, "the self-check is at {url} (listening on {host}, this computer only); Ctrl+C stops it")
        else:
            click.echo(f"cartagena serve: {exposure(server.server_address[1], server.names, app.save_dir, lang)}", err=True)
            where = tr(lang, "the self-check is at {url} (listening on {host}); Ctrl+C stops it")
        click.echo("cartagena serve: " + where.format(url=server.url, host=host))
        if save_dir is not None:
            click.echo("cartagena serve: " + tr(lang, "the page may save profiles into {folder}").format(folder=app.save_dir))
        sys.stdout.flush()
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        server.serve_forever()
        if Terminated.requested:  # its exception was dropped: the server stopped on its next tick
            raise Terminated
    except (KeyboardInterrupt, Terminated):
        click.echo("cartagena serve: " + tr(lang, "stopped"))
    finally:
        server.server_close()
        app.close()
