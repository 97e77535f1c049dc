"""The schema is the prompt contract and the published JSON contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from summarizer import schema
from summarizer.schema import published_schemas

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(published_schemas()))
def test_published_schema_files_match_the_models(name: str) -> None:
    path = ROOT / "schemas" / name
    assert path.read_text(encoding="utf-8") == published_schemas()[name], (
        f"{path} is stale: run python scripts/generate_schemas.py"
    )


def _models() -> list[type[BaseModel]]:
    return [
        obj
        for obj in vars(schema).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == schema.__name__
        and not obj.__name__.startswith("_")
    ]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_model_and_field_is_described(model: type[BaseModel]) -> None:
    assert (model.__doc__ or "").strip(), f"{model.__name__} has no docstring"
    for name, field in model.model_fields.items():
        assert field.description, f"{model.__name__}.{name} has no description"


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_models_forbid_extra_fields(model: type[BaseModel]) -> None:
    assert model.model_config.get("extra") == "forbid"
