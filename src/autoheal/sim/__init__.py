"""autoheal.sim: an embedded, stateful GitHub (REST + two GraphQL mutations) on 127.0.0.1.

PyGithub and plain `requests` talk to it over real HTTP exactly as to api.github.com; tests seed it,
script faults into it and move its fake clock. See docs/simulator.md.
"""

from .clock import DEFAULT_START, FakeClock
from .faults import KINDS as FAULT_KINDS
from .server import ADMIN_LOGIN, ADMIN_TOKEN, RequestRecord
from .simulator import Simulator, start

__all__ = [
    "ADMIN_LOGIN",
    "ADMIN_TOKEN",
    "DEFAULT_START",
    "FAULT_KINDS",
    "FakeClock",
    "RequestRecord",
    "Simulator",
    "start",
]
