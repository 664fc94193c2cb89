"""autoheal.analysis: the pure core that reads a failed job's log and explains it.

Text (or a stream) in, data out: no network, no PyGithub, no environment. See
docs/analysis.md for the pipeline, the knowledge base and the confidence formula.
"""

from .analyze import analyze, analyze_jobs
from .model import SCHEMA_VERSION, Analysis, KeyLine, load_schema
from .rules import UNKNOWN, Category, KnowledgeBase, RuleError, default_kb, load_kb

CATEGORIES = (
    "missing_dependency",
    "dependency_conflict",
    "syntax_error",
    "compile_error",
    "type_error",
    "lint",
    "test_failure",
    "timeout",
    "cancelled",
    "out_of_memory",
    "disk_full",
    "network",
    "rate_limited",
    "docker_build",
    "permission_denied",
    "missing_secret",
    "environment",
    "invalid_config",
    "runner_lost",
    "crash",
    "coverage",
    "security_scan",
)
"""The public category ids (plus ``unknown``)."""

__all__ = [
    "CATEGORIES",
    "SCHEMA_VERSION",
    "UNKNOWN",
    "Analysis",
    "Category",
    "KeyLine",
    "KnowledgeBase",
    "RuleError",
    "analyze",
    "analyze_jobs",
    "default_kb",
    "load_kb",
    "load_schema",
]
