"""The version of autoheal: the ONE place it is written. pyproject.toml reads it (setuptools dynamic
version), `autoheal --version` prints it, and the Release workflow tags `v<version>` and `v<major>`."""

__version__ = "1.0.0"
