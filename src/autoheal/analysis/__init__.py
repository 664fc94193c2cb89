"""autoheal.analysis."""
