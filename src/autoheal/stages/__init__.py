"""autoheal.stages."""
