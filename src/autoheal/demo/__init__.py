"""`autoheal demo`: the whole chain, event by event, offline on the embedded GitHub simulator."""

from .story import main

__all__ = ["main"]
