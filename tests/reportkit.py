"""`cartagena check` run in the test's own process (click's runner, one process): for tests that
replace a function of the reporters and compare what the report becomes."""

from __future__ import annotations

from click.testing import CliRunner


def render_check(paths: list[str], output_format: str, *, lang: str = "en", brief: bool = False, fail_on: str = "obligation") -> str:
    """The report `cartagena check PATHS --format FORMAT` writes to standard output."""
    from cli import cartagena

    args = ["check", *paths, "--format", output_format, "--lang", lang, "--fail-on", fail_on, "--engine", "python", "--jobs", "1"]
    result = CliRunner().invoke(cartagena, args + (["--brief"] if brief else []), catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), result.output
    return result.stdout
