"""autoheal.sim."""
