"""The README documents every configuration key and every CLI command (datasette-style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from webapp import config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("key", sorted(config.from_env()))  # reading the config writes nothing
def test_every_config_key_is_in_the_readme_table(key: str) -> None:
    assert f"`{key}`" in README


def test_every_cli_command_is_in_the_readme() -> None:
    import click

    from webapp.cli import main

    commands = set(main.list_commands(click.Context(main)))
    contract = {"parse", "diff", "init", "demo", "import", "list", "compare", "timeline", "user"}
    assert contract | {"serve"} <= commands
    for name in commands:
        assert f"yearline {name}" in README, name


def test_the_lazy_command_table_names_every_command_its_modules_register() -> None:
    """`yearline NAME` imports NAME's module on demand: a command missing from the table would
    be reported unknown when run directly."""
    import importlib

    import click

    from webapp.cli import SUBCOMMANDS, main

    before = set(main.commands)
    for module in set(SUBCOMMANDS.values()):
        importlib.import_module(module)
    assert set(main.commands) - before <= set(SUBCOMMANDS)
    for name, module in SUBCOMMANDS.items():
        command = main.get_command(click.Context(main), name)
        assert command is not None, name
        assert command.callback is not None and command.callback.__module__ == module, name
