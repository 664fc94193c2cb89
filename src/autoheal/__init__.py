"""autoheal: GitHub Actions, in Python, that heal CI."""

from ._version import __version__

__all__ = ["__version__"]
