"""What the mountable domains (careers, billing) share as Flask extensions: settings defaults,
the layout bridge to a host's own template, slots other code fills, and the current user.

Nothing here knows a domain. A host app never imports this module itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, current_app, has_request_context
from jinja2 import BaseLoader, ChoiceLoader, DictLoader

_BRIDGES = "portal.layout_bridges"


def set_defaults(app: Flask, defaults: Mapping[str, Any]) -> None:
    """Every setting a plugin reads gets a default, so a host that sets none gets no KeyError."""
    for key, value in defaults.items():
        app.config.setdefault(key, value)


def install_layout_bridge(
    app: Flask,
    name: str,
    layout: str,
    blocks: Mapping[str, str | None],
    own_blocks: Mapping[str, str],
) -> None:
    """Serve `name` (such as "careers/_layout.html"): a template that extends the host's `layout`
    and puts each of the plugin's blocks (`own_blocks`: role -> plugin block name) inside the
    host's block for that role (`blocks`: role -> host block name, None when the host has no such
    block). A role without a host block is written at the top of the "content" role's block, so
    nothing is lost (a stylesheet or JSON-LD works in the body too).

    Jinja block names cannot be variables, so the bridge is generated. It is served after every
    template the app and its blueprints have: a host overrides it by a file at the same path.
    """
    content = blocks["content"]
    if not content:
        raise ValueError(f"{name}: the host layout's content block must be named")
    lines = ["{% extends " + _literal(layout) + " %}"]
    homeless = []
    for role, own in own_blocks.items():
        host_block = blocks.get(role)
        if role == "content":
            continue
        if host_block:
            # super() keeps what the host puts there itself (its stylesheets, its title suffix).
            keep = "{{ super() }}" if role == "head" else ""
            inner = f"{keep}{{% block {own} %}}{{% endblock %}}"
            lines.append(f"{{% block {host_block} %}}{inner}{{% endblock %}}")
        elif role != "title" and role != "description":
            homeless.append(own)
    inner = "".join(f"{{% block {own} %}}{{% endblock %}}" for own in homeless)
    lines.append(
        f"{{% block {content} %}}{inner}{{% block {own_blocks['content']} %}}{{% endblock %}}"
        "{% endblock %}"
    )
    bridges: dict[str, str] = app.extensions.setdefault(_BRIDGES, {})
    if not bridges:
        # One loader for every plugin's bridge, after the app's own loader.
        app.jinja_env.loader = ChoiceLoader([_app_loader(app), DictLoader(bridges)])
    bridges[name] = "\n".join(lines)


def _app_loader(app: Flask) -> BaseLoader:
    loader = app.jinja_env.loader
    assert loader is not None
    return loader


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Slots:
    """Named places on a plugin's page that other code fills with its own templates, rendered
    with the page's context (the way `ad_slot` works, without the page knowing who fills it)."""

    def __init__(self) -> None:
        self._templates: dict[str, list[str]] = {}

    def add(self, slot: str, template: str) -> None:
        self._templates.setdefault(slot, []).append(template)

    def templates(self, slot: str) -> list[str]:
        return list(self._templates.get(slot, ()))


def login_manager_user(app: Flask, plugin: str) -> Callable[[], Any]:
    """The signed-in person from Flask-Login, for a plugin that was given no `current_user`.
    Says plainly what is missing rather than failing on the first request."""
    if not hasattr(app, "login_manager"):
        raise RuntimeError(
            f"{plugin} needs to know who is signed in: call LoginManager().init_app(app) "
            f"before {plugin}.init_app(app), or pass current_user=<a function returning the "
            "signed-in user, with is_authenticated> to it."
        )
    from flask_login import current_user

    return lambda: current_user._get_current_object() if has_request_context() else None


def extension_state(name: str) -> Any:
    try:
        return current_app.extensions[name]
    except KeyError:
        raise RuntimeError(
            f"{name} is not mounted on this app: call {name}.init_app(app)"
        ) from None
