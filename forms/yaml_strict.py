"""A YAML reader for form definitions that never guesses.

PyYAML's safe loader follows YAML 1.1: ``yes``/``no``/``on``/``off`` become booleans and
``2001-07-20`` becomes a date, and a repeated key silently replaces the first. In a form
definition those are bugs waiting to happen (the answer code ``no`` must stay a string), so
this loader keeps only YAML 1.2 booleans, leaves dates as strings and refuses duplicate keys.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode


class StrictYamlError(ValueError):
    """The text is not valid YAML for a form definition."""


class _StrictLoader(yaml.SafeLoader):
    pass


# Start from no implicit resolvers for booleans and timestamps, then add back YAML 1.2 booleans.
_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def _construct_mapping(
    loader: _StrictLoader, node: MappingNode, deep: bool = False
) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str, source_name: str) -> Any:
    """Parse ``text``; errors name ``source_name`` and the line."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source_name}:{mark.line + 1}" if mark is not None else source_name
        problem = getattr(exc, "problem", None) or str(exc)
        raise StrictYamlError(f"{where}: {problem}") from exc
