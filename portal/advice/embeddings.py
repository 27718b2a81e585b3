"""Sentence embeddings from WordLlama, loaded from the files inside its wheel, never from a hub.

`WordLlama.load()` looks for its tokenizer under `wordllama/tokenizer/` while the wheel ships it
under `wordllama/tokenizers/`, and then tries to download it; so the tokenizer and the weights
are read here from the package's own folder and the inference object is built from them (about
0.6 s and 33 MB, once per process). Without the package, `encoder()` is None and advice scores
with words alone.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import logging
import threading
from typing import Any

from flask import current_app, has_app_context

WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"

_lock = threading.Lock()
_loaded: dict[str, Any] = {}
log = logging.getLogger(__name__)


def available() -> bool:
    try:
        return importlib.util.find_spec("wordllama") is not None
    except ValueError:  # a module set to None in sys.modules: treated as not installed
        return False


def _load() -> Any:
    root_logger = logging.getLogger()
    handlers, level = list(root_logger.handlers), root_logger.level
    try:
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference
    finally:
        # wordllama.inference calls logging.basicConfig() when imported: undo that, the
        # portal's logging is the app's to configure.
        root_logger.handlers[:] = handlers
        root_logger.setLevel(level)
    package = importlib.resources.files("wordllama")
    tokenizer = Tokenizer.from_file(str(package / TOKENIZER))
    with safe_open(str(package / WEIGHTS), framework="np", device="cpu") as weights:
        matrix = weights.get_tensor("embedding.weight")
    return WordLlamaInference(matrix, tokenizer)


def encoder() -> Any | None:
    """The loaded model, or None when wordllama is not installed, its files cannot be read, or
    the app's ADVICE_EMBEDDINGS setting is off (a deployment that wants words only)."""
    if has_app_context() and not current_app.config.get("ADVICE_EMBEDDINGS", True):
        return None
    if "model" not in _loaded:
        with _lock:
            if "model" not in _loaded:
                model = None
                if available():
                    try:
                        model = _load()
                    except (OSError, ImportError, ValueError, KeyError) as error:
                        log.warning("advice: wordllama could not be loaded (%s)", error)
                _loaded["model"] = model
    return _loaded["model"]


def embed(texts: list[str]) -> Any | None:
    """Unit vectors (a numpy array, one row a text), or None without the model."""
    model = encoder()
    if model is None or not texts:
        return None
    return model.embed(texts, norm=True)
