"""autoheal.config."""
