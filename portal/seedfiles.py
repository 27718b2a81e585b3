"""Reading YAML seed files with errors that name the file, the line and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from portal.seeding import SeedError

Model = TypeVar("Model", bound=BaseModel)


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse a file, keeping the node tree so a field can be traced back to its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SeedError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise SeedError(f"{path}{line}: invalid YAML: {error.problem or error}") from error
    except yaml.YAMLError as error:
        raise SeedError(f"{path}: invalid YAML: {error}") from error


def line_of(node: yaml.Node | None, location: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the deepest node on `location` that exists in the file."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in location:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
            if node is None:
                break
            line = node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                break
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def load_seed_file(path: Path, model: type[Model]) -> Model:
    """Parse and validate one seed file, or raise a SeedError naming file, line and field."""
    data, root = read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            location = tuple(problem["loc"])
            field = ".".join(str(part) for part in location) or "(top level)"
            line = line_of(root, location)
            where = f"{path}:{line}" if line else str(path)
            problems.append(f"{where}: {field}: {problem['msg']}")
        raise SeedError("\n".join(problems)) from error
