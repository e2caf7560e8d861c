"""The OpenAPI document of /api/v1/ names every schema once.

django-ninja files each schema under `components/schemas/<class name>` and, when two classes share
a name (say two apps' `PlanOut`), keeps whichever it met last, silently documenting one app's
endpoints with the other's schema. These tests build the document and check that every `$ref`
resolves, that no two schema classes used by the API share a component name, and that each
component is the schema of the class it is named after.
"""

from __future__ import annotations

import json
import typing
from collections import defaultdict
from collections.abc import Iterator
from enum import Enum
from typing import Any

import pytest
from django.test import Client
from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode

from config.api import api

REF_PREFIX = REF_TEMPLATE.format(model="")


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _named_types(annotation: object, found: set[type]) -> None:
    """Every pydantic model and enum reachable from a type annotation (through lists, unions,
    Annotated and models' fields): the types pydantic files as definitions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | Enum):
        if annotation not in found:
            found.add(annotation)
            if issubclass(annotation, BaseModel):
                for field in annotation.model_fields.values():
                    _named_types(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _named_types(argument, found)


def _used_types() -> dict[type, set[JsonSchemaMode]]:
    """The schema classes (and enums) the API's operations answer with (serialization) or take as
    parameters or a body (validation). ninja wraps them in models of its own (the response, the
    query, the body): only their fields' types become components."""
    used: dict[type, set[JsonSchemaMode]] = defaultdict(set)
    for bound_router in api._get_bound_routers():
        for path_view in bound_router.path_operations.values():
            for operation in path_view.operations:
                wrappers: list[tuple[type[BaseModel], JsonSchemaMode]] = [
                    (model, "serialization")
                    for model in operation.response_models.values()
                    if isinstance(model, type) and issubclass(model, BaseModel)
                ]
                wrappers += [(model, "validation") for model in operation.models]
                for wrapper, mode in wrappers:
                    found: set[type] = set()
                    for field in wrapper.model_fields.values():
                        _named_types(field.annotation, found)
                    for named in found:
                        used[named].add(mode)
    return used


def _name(named: type) -> str:
    return f"{named.__module__}.{named.__qualname__}"


def _component_name(named: type) -> str:
    # pydantic names a definition after the class (ninja keeps pydantic's short name).
    return GenerateJsonSchema(ref_template=REF_TEMPLATE).normalize_name(named.__name__)


def _own_schema(named: type, mode: JsonSchemaMode) -> Any:
    schema = TypeAdapter(named).json_schema(
        ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode=mode
    )
    definitions = schema.pop("$defs", {})
    if set(schema) == {"$ref"}:  # a self-referencing model is itself a definition
        return definitions[schema["$ref"].removeprefix(REF_PREFIX)]
    return schema


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_every_reference_resolves(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    refs = set(_refs(document))
    assert refs, "the document references no schema at all"
    assert all(ref.startswith(REF_PREFIX) for ref in refs), sorted(refs)
    missing = sorted(ref for ref in refs if ref.removeprefix(REF_PREFIX) not in schemas)
    assert missing == []


def test_no_two_schema_classes_share_a_component_name() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for named in _used_types():
        by_name[_component_name(named)].add(_name(named))
    clashes = {name: sorted(classes) for name, classes in by_name.items() if len(classes) > 1}
    assert clashes == {}, "rename one of each (an app prefix): " + json.dumps(clashes, indent=2)


def test_each_component_documents_the_class_it_is_named_after(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    used = _used_types()
    assert {_component_name(named) for named in used} == set(schemas)
    wrong = sorted(
        f"{_name(named)} ({mode})"
        for named, modes in used.items()
        for mode in modes
        if schemas[_component_name(named)] != _own_schema(named, mode)
    )
    assert wrong == []


def test_two_apps_plans_are_documented_apart(document: dict[str, Any]) -> None:
    def answer(path: str) -> str:
        schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        return str(schema["$ref"]).removeprefix(REF_PREFIX)

    consortium_plan = answer("/api/v1/consortia/{slug}/plan")
    student_plan = answer("/api/v1/me/plan")
    assert consortium_plan != student_plan
    assert "mission" in document["components"]["schemas"][consortium_plan]["properties"]
    assert "careers" in document["components"]["schemas"][student_plan]["properties"]
