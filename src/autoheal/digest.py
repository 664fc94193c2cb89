"""SHA-256 from CPython's own module where it has one, else hashlib's.

Why: `hashlib` loads OpenSSL (~1.5 ms, ~1.5 % of a small offline analysis's instructions, #21) to hash a
fingerprint's few hundred bytes and kb.yml's 80 KB once per start. Same function, same digest.
"""

from __future__ import annotations

try:
    from _sha2 import sha256  # CPython 3.12+
except ImportError:
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:  # pragma: no cover - another Python, or one built without them
        from hashlib import sha256

__all__ = ["sha256"]
