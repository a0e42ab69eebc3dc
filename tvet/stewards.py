"""Who may load data: data stewards, signed in with a password whose hash is kept in Streamlit secrets.

    # .streamlit/secrets.toml (never committed)
    [stewards]
    aigerim = "pbkdf2_sha256$600000$<salt>$<hash>"

`python -m tvet.stewards NAME` asks for a password and prints the line to add. Hashes are PBKDF2-SHA256 with a
random salt; checking compares in constant time. Where an OpenID Connect provider is configured ([auth] in the
secrets), the upload page signs in with st.login instead, and [stewards] may list the e-mails allowed:
`emails = ["steward@edu.gov.kz"]`.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import secrets
import sys

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000


def hash_password(password: str, iterations: int = ITERATIONS, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), iterations)
    return f"{ALGORITHM}${iterations}${salt}${digest.hex()}"


def verify(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash; a malformed hash never matches."""
    try:
        algorithm, iterations, salt, expected = str(stored).split("$")
        if algorithm != ALGORITHM or not 1 <= int(iterations) <= 10_000_000:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


def _iterations(stored: object) -> int | None:
    """The PBKDF2 iteration count of a stored hash; None when it is malformed."""
    try:
        algorithm, iterations, _, _ = str(stored).split("$")
        n = int(iterations)
    except (ValueError, TypeError):
        return None
    return n if algorithm == ALGORITHM and 1 <= n <= 10_000_000 else None


def decoy_iterations(stewards: dict) -> int:
    """The work to spend on an unknown name: the most any listed steward's hash costs (ITERATIONS when none is
    readable), so that an unknown name takes as long as the slowest known one and timing tells no name apart."""
    counts = [n for k, v in (stewards.items() if isinstance(stewards, dict) else ()) if k != "emails"
              for n in [_iterations(v)] if n is not None]
    return max(counts, default=ITERATIONS)


def check(stewards: dict, name: str, password: str) -> bool:
    """Sign-in against the [stewards] table: unknown names and wrong passwords look the same, and cost the same
    work (an unknown name is checked against a decoy hash as costly as the listed ones)."""
    stored = stewards.get(name) if isinstance(stewards, dict) and name != "emails" else None
    if _iterations(stored) is None:
        decoy = f"{ALGORITHM}${decoy_iterations(stewards)}${secrets.token_hex(16)}${'0' * 64}"
        verify(password, decoy)  # one PBKDF2 of the same cost as a real check; it can never match
        return False
    return verify(password, stored)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].isidentifier():
        print("usage: python -m tvet.stewards NAME   (a name of letters, digits and _)", file=sys.stderr)
        return 2
    password = getpass.getpass("Password: ")
    if len(password) < 12 or password != getpass.getpass("Again: "):
        print("Passwords differ or are shorter than 12 characters.", file=sys.stderr)
        return 1
    print(f'{argv[0]} = "{hash_password(password)}"')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
