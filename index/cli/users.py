"""Command line: ``python -m index users add NAME --role editor --users FILE`` (and list, remove)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ..access import ROLES, Users, add_user, remove_user

DEFAULT_USERS_FILE = "users.json"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m index users", description="Manage who may sign in and change the served index."
    )
    sub = p.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="add a user (or replace one): prints their API token once")
    add.add_argument("name", help="user name, e.g. alice")
    add.add_argument("-r", "--role", choices=ROLES, default="reader", help="reader (default) or editor")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of standard input"
    )
    add.add_argument("--no-password", action="store_true", help="an API token only (a program, not a person)")
    sub.add_parser("list", help="the users and their roles")
    rm = sub.add_parser("remove", help="remove a user")
    rm.add_argument("name")
    for sp in sub.choices.values():
        sp.add_argument(
            "-U",
            "--users",
            default=DEFAULT_USERS_FILE,
            metavar="FILE",
            help=f"the users file (default {DEFAULT_USERS_FILE})",
        )
    return p


def _password(args) -> str | None:
    if args.no_password:
        return None
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
    else:
        line = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != line:
            raise ValueError("the two passwords differ; run the command again")
    if len(line) < 8:
        raise ValueError(f"a password of {len(line)} characters is too short; use at least 8")
    return line


def main(argv: list[str] | None = None) -> int:
    """Run ``users add|list|remove``; argv starts after ``users``. Returns the exit status."""
    args = _parser().parse_args(argv)
    path = Path(args.users)
    try:
        if args.action == "add":
            _, token = add_user(path, args.name, args.role, _password(args))
            print(f"added {args.name} ({args.role}) to {path}")
            print(f"API token (shown once; send it as 'Authorization: Bearer TOKEN'): {token}")
        elif args.action == "list":
            for name, user in Users(path).users.items():
                print(f"{name}\t{user['role']}\t{'password' if user.get('password') else 'token only'}")
        else:
            remove_user(path, args.name)
            print(f"removed {args.name} from {path}")
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
