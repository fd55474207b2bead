"""Each command lives in its own module; ``register`` adds them all to the group."""
from __future__ import annotations

import importlib
import pkgutil

import click


def register(group: click.Group) -> None:
    """Add every module's ``command`` (a click command or group) to ``group``."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            group.add_command(command)
