"""The `sinergi` command: Django's manage.py with Sinergi's settings and domain commands.

`sinergi load_regions`, `sinergi load_demo`, `sinergi create_token USERNAME`, and every Django
management command (`sinergi migrate`, `sinergi check --deploy`, ...).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sinergi", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
