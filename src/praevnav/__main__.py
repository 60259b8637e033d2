"""The `praevnav` command: Django's management utility with our settings.

Our commands are spelt with hyphens on the command line (``praevnav create-tenant``,
``praevnav load-demo``), as in the README and the Makefile. Django names a command
after its module, which cannot contain a hyphen, so the subcommand is translated
(``create-tenant`` → ``create_tenant``) before Django sees it; the underscore
spelling keeps working, and so does ``call_command("create_tenant")`` in code.
"""

from __future__ import annotations

import os
import sys


def normalise_argv(argv: list[str]) -> list[str]:
    """Translate a hyphenated subcommand (and ``help <subcommand>``) to Django's name."""
    argv = list(argv)

    def fix(position: int) -> None:
        if len(argv) > position and not argv[position].startswith("-"):
            argv[position] = argv[position].replace("-", "_")

    fix(1)
    if len(argv) > 2 and argv[1] == "help":
        fix(2)
    return argv


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praevnav.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(normalise_argv(sys.argv))


if __name__ == "__main__":
    main()
