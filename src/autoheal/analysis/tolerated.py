"""A git error the step went on after: the command that printed it was tolerated, so it is not the cause.

git prints ``fatal: <reason>`` and exits 128 (``detected dubious ownership in repository at '/github/workspace'``
with its ``git config --global --add safe.directory`` advice, ``not a git repository``, ``No names found, cannot
describe anything``). Actions and build scripts run such git queries for metadata (a revision, a tag, the remote) and
ignore their failure: a container action's entrypoint (GitHub Pages' jekyll-build-pages inside its image) goes on to
build, and the step fails later in another program's words. Under ``set -e`` a failing git stops the script, so a git
error followed in the same step by another program's exception or error line was not what stopped it: its votes
are muted and it weighs as little as a generic failure word (the line stays a key-line candidate, below the
later error, which decides).
"""

from __future__ import annotations

from ..lazyre import lazy_re

TOLERATED_WEIGHT = 0.3  # as a key line: below the later error that decides, like a generic failure word
_GIT_FATAL = lazy_re(r"^(?:git: )?fatal: ")
# another program's failure: an exception or error class (Ruby's "(NoMethodError)", Python's "ValueError:", Java's
# "...Exception:"), or an error line of a tool's own (not the runner's exit line, not git's or an action's relay of it)
_LATER_ERROR = lazy_re(r"\b[A-Z][A-Za-z0-9_]*(?:Error|Exception)\b|^\s*(?:[Ee]rror|ERROR)\b[:!]")
# a CI system's verdict on the step is not another program's error: GitHub's exit line, GitLab's "ERROR: Job failed:
# exit status 1", Jenkins' "ERROR: script returned exit code 1", Buildkite's "Error: The command exited with status 1"
_NOT_ANOTHER = lazy_re(r"(?i)\bgit\b|Process completed with exit code|exited with (?:exit )?(?:code|status)|exit code \d+"
                       r"|exit status \d+|Job failed")


def mute_tolerated_git(evidence: list) -> None:
    """Mute the category votes of git ``fatal:`` lines that another program's error follows in the same step."""
    gits = [ev for ev in evidence if not ev.tool_kind and any(p.category for p in ev.patterns)
            and _GIT_FATAL.match(ev.text)]
    if not gits:
        return
    sections = {id(ev.section) for ev in gits}
    last_error: dict[int, int] = {}  # a section's last line holding another program's error
    for o in evidence:
        if id(o.section) in sections and not _GIT_FATAL.match(o.text) and _LATER_ERROR.search(o.text) \
                and not _NOT_ANOTHER.search(o.text):
            last_error[id(o.section)] = max(o.line, last_error.get(id(o.section), 0))
    for ev in gits:
        if last_error.get(id(ev.section), 0) > ev.line:
            ev.mute_votes(TOLERATED_WEIGHT)
