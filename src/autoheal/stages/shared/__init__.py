"""What several stages share: the stage context and result types, identity and trust, labels, sticky
comments, the comment cap, hidden records, Copilot hand-off. Never imports a stage package.

Stages import from here; this package imports no stage.
"""
