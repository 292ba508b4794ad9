"""The users file: scrypt passwords and API tokens checked in constant time, roles, the file's
mode, the read-only rule for non-loopback addresses, and ``python -m index users``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.access import Access, Identity, Users, add_user, is_loopback, remove_user

REPO = Path(__file__).resolve().parents[2]


def test_a_password_and_a_token_prove_the_user_and_nothing_else(tmp_path):
    path = tmp_path / "users.json"
    _, token = add_user(path, "alice", "editor", "correct horse")
    _, reader_token = add_user(path, "bob", "reader", None)
    users = Users(path)
    assert users.check_password("alice", "correct horse") == Identity("alice", "editor")
    assert users.check_password("alice", "wrong horse") is None
    assert users.check_password("nobody", "correct horse") is None
    assert users.check_password("bob", "") is None  # a token-only user has no password to guess
    assert users.check_token(token) == Identity("alice", "editor")
    assert users.check_token(reader_token) == Identity("bob", "reader")
    assert users.check_token(token + "x") is None
    # only hashes are stored: neither the password nor the token is in the file
    text = path.read_text(encoding="utf-8")
    assert "correct horse" not in text and token not in text
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_replacing_and_removing_a_user(tmp_path):
    path = tmp_path / "users.json"
    _, old = add_user(path, "alice", "reader", "first password")
    _, new = add_user(path, "alice", "editor", "second password")
    users = Users(path)
    assert users.check_token(old) is None and users.check_token(new) == Identity("alice", "editor")
    assert users.check_password("alice", "first password") is None
    remove_user(path, "alice")
    assert Users(path).users == {}
    with pytest.raises(ValueError, match="no user 'alice'"):
        remove_user(path, "alice")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "cannot be read"),
        ('{"people": {}}', 'has no "users" object'),
        ('{"users": {"eve": {"role": "admin"}}}', "has no role of reader, editor"),
    ],
)
def test_a_bad_users_file_is_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "users.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        Users(path)
    assert "\n" not in str(info.value)


def test_bad_names_and_roles_are_refused(tmp_path):
    with pytest.raises(ValueError, match="use --role reader or --role editor"):
        add_user(tmp_path / "u.json", "alice", "admin", "password1")
    with pytest.raises(ValueError, match="letters, digits"):
        add_user(tmp_path / "u.json", "al ice", "reader", "password1")
    assert not (tmp_path / "u.json").exists()


def test_read_only_without_users_on_a_reachable_address(tmp_path):
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.1.2.3")
    assert Access(None, "127.0.0.1").read_only is False
    open_to_all = Access(None, "0.0.0.0")
    assert open_to_all.read_only and open_to_all.identify(token="anything") is None
    path = tmp_path / "users.json"
    _, token = add_user(path, "alice", "editor", None)
    guarded = Access.from_options(path, "0.0.0.0")
    assert not guarded.read_only and not guarded.read_open
    assert guarded.identify(token=token) == Identity("alice", "editor")


def test_the_users_command_line(tmp_path):
    path = tmp_path / "users.json"

    def run(*args, stdin=""):
        return subprocess.run(
            [sys.executable, "-m", "index", "users", *args, "--users", str(path)],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=120,
        )

    added = run("add", "alice", "--role", "editor", "--password-stdin", stdin="long enough pw\n")
    assert added.returncode == 0, added.stderr
    token = added.stdout.split("Bearer TOKEN'): ")[1].strip()
    assert Users(path).check_token(token) == Identity("alice", "editor")
    assert Users(path).check_password("alice", "long enough pw") == Identity("alice", "editor")
    short = run("add", "bob", "--password-stdin", stdin="short\n")
    assert short.returncode == 2 and "too short" in short.stderr
    listed = run("list")
    assert listed.stdout.strip() == "alice\teditor\tpassword"
    assert json.loads(path.read_text(encoding="utf-8"))["users"].keys() == {"alice"}
    assert run("remove", "alice").returncode == 0 and Users(path).users == {}


def test_a_running_server_sees_users_added_and_removed_without_a_restart(tmp_path):
    path = tmp_path / "users.json"
    _, alice = add_user(path, "alice", "editor", "pw")
    users = Users(path)  # as the server holds it from its start
    assert users.check_token(alice) == Identity("alice", "editor")
    _, carol = add_user(path, "carol", "reader", "pw2")
    assert users.check_token(carol) == Identity("carol", "reader")
    assert users.check_password("carol", "pw2") == Identity("carol", "reader")
    remove_user(path, "alice")
    assert users.check_token(alice) is None  # a removed user's token stops working at once


def test_a_users_file_broken_while_serving_lets_nobody_in(tmp_path, caplog):
    path = tmp_path / "users.json"
    _, alice = add_user(path, "alice", "editor", "pw")
    users = Users(path)
    path.write_text("{not json", encoding="utf-8")
    assert users.check_token(alice) is None
    assert "cannot be read" in caplog.text
