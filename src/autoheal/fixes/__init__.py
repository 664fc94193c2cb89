"""autoheal.fixes."""
