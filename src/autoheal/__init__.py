"""autoheal: GitHub Actions, in Python, that heal CI."""

__version__ = "0.1.0"
