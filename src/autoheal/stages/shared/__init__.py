"""What several stages share: the stage context and result types, identity and trust, labels, sticky
comments, the comment cap, hidden records, the Copilot hand-off.

Stages import from here; this package imports no stage.
"""
