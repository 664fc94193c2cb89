"""load_config: defaults, overrides, read-only result, every problem at once."""

import pytest

from autoheal.config import DEFAULTS, Config, ConfigError, load_config


def test_no_file_gives_the_documented_defaults():
    cfg = load_config(None)
    assert isinstance(cfg, Config)
    assert cfg["enabled"] is True
    assert cfg["min_confidence"] == 0  # the issue gate is a located failure (issues.require_located)
    assert cfg.get_path("issues.require_located") is True
    assert cfg.get_path("pull_requests.min_confidence") == 70
    assert list(cfg["issues"]["labels"]) == ["autoheal"]
    assert cfg.get_path("pull_requests.branch_prefix") == "autoheal/"
    assert cfg.get_path("stale.scope") == "autoheal-drafts"
    assert cfg.notices == ()


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_empty_documents_mean_defaults(text):
    assert load_config(text).to_dict() == load_config(None).to_dict()


def test_a_set_key_overrides_and_siblings_keep_defaults():
    cfg = load_config("issues:\n  reopen_window_days: 3\n")
    assert cfg.get_path("issues.reopen_window_days") == 3
    assert cfg.get_path("issues.comment_on_repeat") == "material"
    assert cfg.get_path("rate_limits.max_prs_per_hour") == DEFAULTS["rate_limits"]["max_prs_per_hour"]


def test_config_cannot_be_changed():
    cfg = load_config(None)
    with pytest.raises(TypeError):
        cfg["issues"]["labels"] = ["x"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        cfg["issues"]["labels"].append("x")
    with pytest.raises(AttributeError):
        cfg.notices = ()  # type: ignore[misc]


def test_every_problem_is_reported_at_once():
    text = "enabled: maybe\nmin_confidence: 500\nissues:\n  comment_on_repeat: sometimes\n"
    with pytest.raises(ConfigError) as info:
        load_config(text)
    paths = [p.path for p in info.value.problems]
    assert paths == ["enabled", "min_confidence", "issues.comment_on_repeat"]


def test_bytes_are_decoded_and_other_types_are_a_programming_error():
    assert load_config(b"min_confidence: 60\n").get_path("min_confidence") == 60
    with pytest.raises(ConfigError):
        load_config(b"\xff\xfe")
    with pytest.raises(TypeError):
        load_config(123)  # type: ignore[arg-type]
