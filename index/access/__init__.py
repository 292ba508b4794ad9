"""Who may change the index: the users file (roles, scrypt-hashed passwords, hashed API tokens)
and the read-only rule for a server reachable from other machines without one.

Written for the office service of issue #20; `python -m index users` manages the file. The app
and a REST API are to check the same file (not wired yet: see issue #20's notes).
"""

from .users import ROLES, Access, Identity, Users, add_user, hash_password, is_loopback, remove_user

__all__ = ["ROLES", "Access", "Identity", "Users", "add_user", "hash_password", "is_loopback", "remove_user"]
