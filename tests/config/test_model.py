"""Config: a read-only nested mapping with path lookups and per-category settings."""

from collections.abc import Mapping

import pytest

from autoheal.config import DEFAULTS, Config, load_config


def test_config_is_a_mapping_of_the_sections():
    cfg = load_config(None)
    assert isinstance(cfg, Mapping)
    assert set(cfg) == set(DEFAULTS)
    assert len(cfg) == len(DEFAULTS)
    assert "issues" in cfg and "nope" not in cfg
    assert cfg["issues"] == DEFAULTS["issues"]


def test_get_path_and_its_default():
    cfg = load_config("health:\n  window_days: 7\n")
    assert cfg.get_path("health.window_days") == 7
    assert cfg.get_path("health.nope", None) is None
    assert cfg.get_path("enabled.deeper", "x") == "x"
    with pytest.raises(KeyError):
        cfg.get_path("health.nope")


def test_category_returns_only_what_the_user_set_as_a_private_copy():
    cfg = load_config("categories:\n  timeout: {auto_pr: false}\n  mine: {pattern: 'x+', hint: h}\n")
    assert cfg.category("timeout") == {"auto_pr": False}
    mine = cfg.category("mine")
    assert mine == {"pattern": "x+", "hint": "h"}
    mine["pattern"] = "changed"
    assert cfg.category("mine")["pattern"] == "x+"
    assert cfg.category("not-configured") == {}


def test_nested_values_are_immutable_and_to_dict_is_a_private_copy():
    cfg = load_config(None)
    with pytest.raises(TypeError):
        cfg["stale"]["exempt_labels"] += ("x",)  # type: ignore[index]
    plain = cfg.to_dict()
    plain["stale"]["exempt_labels"].append("x")
    assert "x" not in cfg["stale"]["exempt_labels"]


def test_notifications_are_kept_as_given_and_frozen():
    cfg = load_config("notifications:\n  slack: {channel: '#ci', on: [failure]}\n")
    assert cfg["notifications"]["slack"]["channel"] == "#ci"
    with pytest.raises(TypeError):
        cfg["notifications"]["slack"]["channel"] = "x"  # type: ignore[index]


def test_config_can_be_built_directly_and_reports_its_source():
    cfg = Config({"a": {"b": [1]}}, source="x.yml", notices=["n"])
    assert cfg.get_path("a.b") == (1,)
    assert cfg.source == "x.yml" and cfg.notices == ("n",)
    assert "x.yml" in repr(cfg)


def test_yaml_boolean_keys_in_free_form_notifications_keep_their_text():
    cfg = load_config("notifications:\n  on: [failure]\n  2: x\n")
    assert set(cfg["notifications"]) == {"on", "2"}


def test_copy_deepcopy_and_pickle_work_on_the_read_only_views():
    import copy
    import pickle

    cfg = load_config("issues: {labels: [a, b]}\nauto_healing: {enabled: true}\n", "x.yml")
    assert copy.copy(cfg) is cfg and copy.deepcopy({"c": cfg})["c"] is cfg
    again = pickle.loads(pickle.dumps(cfg))
    assert again == cfg and again.source == "x.yml" and again.notices == cfg.notices
    assert again.get_path("issues.labels") == ("a", "b")
