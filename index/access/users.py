"""Who may change the index: a users file (roles, scrypt-hashed passwords, hashed API tokens)
and the read-only rule for a server reachable from other machines without one."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

__all__ = ["ROLES", "Access", "Identity", "Users", "add_user", "hash_password", "is_loopback", "remove_user"]

ROLES = ("reader", "editor")
# scrypt cost: 2**14 × 8 × 1 takes ~50 ms and 16 MiB per check (the parameters are stored with
# each hash, so raising them later leaves old hashes verifiable).
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_KEY_BYTES = 32
TOKEN_PREFIX = "bt_"  # makes a leaked token recognisable in logs and secret scanners


@dataclass(frozen=True)
class Identity:
    """Someone who proved who they are: their user name and role."""

    name: str
    role: str


def hash_password(password: str, salt: bytes | None = None, params: dict | None = None) -> dict:
    """A salted scrypt hash of ``password`` with its parameters, as stored in the users file."""
    salt = salt or secrets.token_bytes(16)
    p = dict(params or SCRYPT)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, maxmem=128 * p["n"] * p["r"] * 2, dklen=_KEY_BYTES, **p)
    return {"scheme": "scrypt", **p, "salt": salt.hex(), "hash": key.hex()}


def _password_ok(password: str, stored: dict) -> bool:
    params = {k: int(stored[k]) for k in ("n", "r", "p")}
    again = hash_password(password, bytes.fromhex(stored["salt"]), params)
    return hmac.compare_digest(again["hash"], stored["hash"])


def _token_hash(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash suffices: nothing to brute-force.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Users:
    """The users file: ``{"users": {NAME: {"role", "password": {scrypt…}, "tokens": [sha256…]}}}``.

    Args:
        path: a JSON file written by `add_user` (``python -m index users add``).
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._stamp = self._stat()
        self.users: dict[str, dict] = self._read()
        self._dummy = hash_password("", params=SCRYPT)  # unknown names cost a check too (no timing oracle)

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def _read(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(
                f"users file {self.path} cannot be read ({exc}); create it with python -m index users add NAME "
                f"--role editor --users {self.path}"
            ) from None
        users = data.get("users") if isinstance(data, dict) else None
        if not isinstance(users, dict):
            raise ValueError(
                f'users file {self.path} has no "users" object; recreate it with python -m index users add'
            )
        for name, u in users.items():
            if not isinstance(u, dict) or u.get("role") not in ROLES:
                raise ValueError(
                    f"user {name!r} in {self.path} has no role of {', '.join(ROLES)}; fix or re-add the user"
                )
        return users

    def _current(self) -> dict[str, dict]:
        """The users as the file holds them now: a running server sees ``users add`` and
        ``users remove`` at the next check, without a restart (one stat per check).

        A file that became unreadable (a hand edit gone wrong; the helpers replace it atomically)
        leaves nobody signed in rather than the last good users, so a removed user's token can
        never outlive its removal; the reason is logged once per change of the file.
        """
        stamp = self._stat()
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self.users = self._read()
            except ValueError as exc:
                logger.error("%s; nobody can sign in until it is fixed", exc)
                self.users = {}
        return self.users

    def check_password(self, name: str, password: str) -> Identity | None:
        """The user, when ``password`` is theirs (constant-time comparison); else None."""
        user = self._current().get(name)
        stored = (user or {}).get("password") or self._dummy
        ok = _password_ok(password, stored)
        return Identity(name, user["role"]) if ok and user and user.get("password") else None

    def check_token(self, token: str) -> Identity | None:
        """The user who owns API ``token`` (every stored token is compared, in constant time)."""
        wanted, found = _token_hash(token), None
        for name, user in self._current().items():
            for stored in user.get("tokens", ()):
                if hmac.compare_digest(wanted, stored) and found is None:
                    found = Identity(name, user["role"])
        return found

    def gradio_auth(self, name: str, password: str) -> bool:
        """The check Gradio's login page calls (``auth=users.gradio_auth``)."""
        return self.check_password(name, password) is not None


def add_user(path: str | Path, name: str, role: str, password: str | None = None) -> tuple[str | None, str]:
    """Add (or replace) user ``name`` in the users file, creating it (mode 0600) if needed.

    Args:
        path: the users file.
        name: the user name (letters, digits, ``._-@``).
        role: ``"reader"`` or ``"editor"``.
        password: their password; None to give the user only an API token.

    Returns:
        (password, token): the password as given and a new API token, shown once; only hashes are stored.

    Raises:
        ValueError: a bad name or role, or a users file that cannot be read.
    """
    if role not in ROLES:
        raise ValueError(f"role {role!r} is unknown; use --role reader or --role editor")
    if not name or not all(c.isalnum() or c in "._-@" for c in name):
        raise ValueError(f"user name {name!r} is not usable; use letters, digits and ._-@ only")
    path = Path(path)
    data = {"users": Users(path).users} if path.exists() else {"users": {}}
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    entry = {"role": role, "tokens": [_token_hash(token)]}
    if password is not None:
        entry["password"] = hash_password(password)
    data["users"][name] = entry
    _write(path, data["users"])
    return password, token


def remove_user(path: str | Path, name: str) -> None:
    """Remove user ``name`` (and their tokens) from the users file.

    Raises:
        ValueError: no such user, or a users file that cannot be read.
    """
    path = Path(path)
    users = Users(path).users
    if name not in users:
        raise ValueError(f"no user {name!r} in {path}; see python -m index users list --users {path}")
    del users[name]
    _write(path, users)


def _write(path: Path, users: dict) -> None:
    """Replace the users file atomically, readable by its owner only (it holds hashes)."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"users": users}, f, ensure_ascii=False, indent=2)
    os.replace(tmp, path)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a bind address) is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Access:
    """The rule for who may read and who may change, for one server.

    - No users file, loopback address: everyone on this machine may read and change (as before).
    - No users file, any other address: read-only; changes are refused (403), logged once at start.
    - A users file: changes need an editor (token or password); reading needs any user when the
      address is not loopback, and stays open on loopback.

    Args:
        users: the loaded users file, or None.
        host: the address the server binds.
    """

    def __init__(self, users: Users | None, host: str):
        self.users, self.host = users, host
        self.local = is_loopback(host)
        self.read_only = users is None and not self.local
        self.read_open = users is None or self.local
        if self.read_only:
            logger.warning("serving %s without --users: read-only (adding and removing bulletins are refused)", host)

    @classmethod
    def from_options(cls, users_file: str | Path | None, host: str) -> Access:
        """The rule for ``--users FILE`` (or None) and ``--host``."""
        return cls(Users(users_file) if users_file else None, host)

    def may_change(self, name: str | None) -> bool:
        """Whether the user signed in as ``name`` may add or remove bulletins under this rule."""
        if self.read_only:
            return False
        if self.users is None:
            return True  # loopback without a users file: everyone on this machine, as before
        user = self.users.users.get(name) if name else None
        return user is not None and user.get("role") == "editor"

    def identify_header(self, header: str | None) -> Identity | None:
        """The user an HTTP ``Authorization`` header proves (``Bearer TOKEN`` or ``Basic``
        name:password); None when it is empty, malformed or wrong. The one parser of the header
        for the REST API, the UI's handlers and the MCP guard."""
        scheme, _, value = (header or "").partition(" ")
        value = value.strip()
        if not value:
            return None
        if scheme.lower() == "bearer":
            return self.identify(token=value)
        if scheme.lower() == "basic":
            try:
                name, _, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return None
            return self.identify(basic=(name, password)) if name else None
        return None

    def identify(self, token: str | None = None, basic: tuple[str, str] | None = None) -> Identity | None:
        """The user a Bearer token or a (name, password) pair proves; None if neither is valid."""
        if self.users is None:
            return None
        if token:
            return self.users.check_token(token)
        if basic:
            return self.users.check_password(*basic)
        return None
