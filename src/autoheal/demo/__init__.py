"""autoheal.demo."""
