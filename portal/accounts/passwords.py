"""Password hashing and the password policy.

Argon2id with the OWASP Password Storage Cheat Sheet's baseline parameters (19 MiB, 2 passes, 1
lane): about 50 ms a hash on one core, so a two-core server can still serve sign-ins while it
hashes. Stored hashes carry their parameters, so raising them later only needs `needs_rehash`.
https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
# Long enough for any passphrase, short enough that hashing it costs nothing extra.
MAX_LENGTH = 200

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def _canonical(password: str) -> str:
    # The same passphrase typed on two keyboards can reach us as different code points (an "é"
    # composed or not); NIST SP 800-63B asks for NFKC before hashing.
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    return _hasher.hash(_canonical(password))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, _canonical(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@cache
def dummy_hash() -> str:
    """A real hash of no one's password, for work done on behalf of an unknown account."""
    return _hasher.hash("not anyone's password")


def spend_verification_time(password: str) -> None:
    """Do the work of a verification for an account that does not exist, so that a wrong email
    answers as slowly as a wrong password (no account enumeration by timing)."""
    verify_password(dummy_hash(), password)


@cache
def common_passwords() -> frozenset[str]:
    """A few hundred of the passwords most often found in breaches, lowercased."""
    text = resources.files("portal.accounts").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why this password is not acceptable, or None when it is."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in common_passwords() or lowered.rstrip("0123456789!.") in common_passwords():
        return "This password is one of the most commonly used; please choose another."
    personal = {email.lower(), email.lower().partition("@")[0], name.lower().strip()} - {""}
    if lowered in personal:
        return "Your password must not be your email address or name."
    if len(set(password)) < 3:
        return "This password is too easy to guess; please choose another."
    return None
