"""autoheal: GitHub Actions, in Python, that heal CI."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`autoheal.__version__` is read from the installed package's metadata, so the version lives in ONE
    place (pyproject.toml's `version`); read lazily, so importing autoheal costs nothing for it."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("autoheal")
        except PackageNotFoundError:  # run from a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'autoheal' has no attribute {name!r}")
