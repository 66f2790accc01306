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
    from webapp.cli import main

    commands = set(main.commands)
    contract = {"parse", "diff", "init", "demo", "import", "list", "compare", "timeline", "user"}
    assert contract | {"serve"} <= commands
    for name in commands:
        assert f"yearline {name}" in README, name
