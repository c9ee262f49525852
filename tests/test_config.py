"""BackendConfig: the one place a backend is made, from options, environment or a spec string."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from summarizer.backends.base import Backend, Completion
from summarizer.config import BACKENDS, BackendConfig, make_backend, register_backend
from summarizer.errors import ConfigError


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "SUMMARIZER_MODEL", "SUMMARIZER_MODEL_PATH", "SUMMARIZER_MODE"):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("local", {"backend": "local", "model": None, "model_path": None}),
        ("local:smollm2", {"backend": "local", "model": "smollm2"}),
        ("local:/models/x.gguf", {"backend": "local", "model_path": Path("/models/x.gguf")}),
        ("openai:gpt-4o-mini", {"backend": "openai", "model": "gpt-4o-mini"}),
        ("none", {"backend": "none"}),
        ("qwen2.5:7b", {"backend": "auto", "model": "qwen2.5:7b"}),
    ],
)
def test_spec_strings(spec: str, expected: dict) -> None:
    cfg = BackendConfig.from_spec(spec)
    assert {k: getattr(cfg, k) for k in expected} == expected


def test_auto_picks_the_endpoint_only_when_one_is_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    assert BackendConfig().resolved().backend == "local"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    resolved = BackendConfig().resolved()
    assert resolved.backend == "openai" and resolved.base_url == "http://127.0.0.1:9/v1"
    # An explicit GGUF wins over an endpoint in the environment.
    assert BackendConfig(model_path=Path("x.gguf")).resolved().backend == "local"


def test_the_key_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-NEVERSHOWN")
    cfg = BackendConfig(backend="openai").resolved()
    assert cfg.api_key is not None and cfg.api_key.get_secret_value() == "sk-test-NEVERSHOWN"
    for text in (repr(cfg), str(cfg), cfg.model_dump_json()):
        assert "NEVERSHOWN" not in text
    assert cfg.secrets() == ["sk-test-NEVERSHOWN"]


def test_frozen_and_picklable_for_ray_workers() -> None:
    cfg = BackendConfig.from_spec("openai:m", base_url="http://127.0.0.1:9/v1", api_key="sk-x-123456")
    with pytest.raises(ValueError):
        cfg.model = "other"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(cfg)) == cfg


def test_unknown_backend_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown backend"):
        BackendConfig(backend="nope").build()
    with pytest.raises(ConfigError, match="no LLM"):
        make_backend("none")
    assert BackendConfig.from_spec("none").build() is None


class _Echo(Backend):
    kind = "echo"

    def __init__(self, cfg: BackendConfig) -> None:
        self.model = cfg.model or "echo"

    def structured(self, messages, response_model, **kw):  # type: ignore[no-untyped-def,override]
        return Completion(value=response_model.model_validate({}))


def test_registered_backends_are_reached_by_name_and_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BACKENDS, "echo", _Echo)
    built = BackendConfig.from_spec("echo:mine", cache=False).build()
    assert isinstance(built, _Echo) and built.model == "mine"
    with pytest.raises(ConfigError):
        register_backend("auto", _Echo)


def test_the_response_cache_wraps_unless_off(tmp_path: Path) -> None:
    from summarizer.cache import CachingBackend

    cfg = BackendConfig.from_spec("openai:m", base_url="http://127.0.0.1:9/v1", cache_dir=tmp_path)
    cached = cfg.build()
    assert isinstance(cached, CachingBackend) and cached.inner.kind == "openai"
    cached.close()
    bare = cfg.model_copy(update={"cache": False}).build()
    assert bare is not None and not isinstance(bare, CachingBackend)
