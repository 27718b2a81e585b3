"""`Careers`: the career guides as a Flask extension that any Flask app mounts.

    careers = Careers(db=db, layout="layout.html", content_block="body", url_prefix="/guides")
    careers.init_app(app)

The host gives its own Flask-SQLAlchemy `db` (the guide tables are mapped on it), the layout its
pages extend and the names of that layout's blocks. Everything else is optional; see
examples/host_app/README.md for the whole guide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa
from flask import Flask, url_for
from flask_sqlalchemy import SQLAlchemy

from portal.careers.models import CareersModels, models_for
from portal.extension_kit import Slots, install_layout_bridge, login_manager_user, set_defaults

EXTENSION = "careers"
LAYOUT_TEMPLATE = "careers/_layout.html"
# The plugin's own blocks, filled by its pages; the bridge puts each inside the host's block.
OWN_BLOCKS = {
    "content": "careers_content",
    "head": "careers_head",
    "title": "careers_title",
    "description": "careers_description",
}
SETTINGS = {
    # Rendered pages kept per process (0 keeps none), and how often a page kept for every
    # visitor asks the database whether it is still current.
    "PAGE_CACHE_SIZE": 256,
    "PAGE_RECHECK_SECONDS": 1.0,
    # How many open jobs the guide page lists, when there is an open-jobs provider.
    "CAREERS_GUIDE_JOBS": 5,
    # The folder whose careers/*.yaml `flask careers seed` loads (None: SEEDS_DIR).
    "CAREERS_SEEDS_DIR": None,
}


class OpenJobsProvider(Protocol):
    """Open jobs for a guide, shown on its page. The portal's jobs domain is one; a host may
    give its own. Without a provider the guide page has no jobs section."""

    #: A template rendering the section from `open_jobs` (what `for_guide` returned).
    template: str

    def for_guide(self, slug: str, limit: int) -> Any:
        """The guide's open jobs, newest first (at most `limit`)."""

    def fingerprint(self, limit: int) -> sa.ColumnElement[Any] | None:
        """A scalar SQL expression that changes whenever `for_guide` would list something else,
        using the bound parameters `slug` and `now`; it rides on the guide's own query, so a
        stored page is checked without a query of its own. None: pages with jobs are not
        stored for every visitor."""


PageContext = Callable[..., Mapping[str, Any]]


@dataclass
class CareersState:
    """What `Careers` keeps in `app.extensions["careers"]`."""

    db: SQLAlchemy
    models: CareersModels
    url_prefix: str
    open_jobs: OpenJobsProvider | None
    current_user: Callable[[], Any]
    slots: Slots = field(default_factory=Slots)
    page_context: list[PageContext] = field(default_factory=list)
    open_jobs_fingerprint: sa.ColumnElement[Any] | None = None


class Careers:
    """The career guides, mounted on a Flask app (the Flask extension pattern)."""

    def __init__(
        self,
        app: Flask | None = None,
        *,
        db: SQLAlchemy,
        layout: str,
        content_block: str = "content",
        head_block: str | None = "head",
        title_block: str | None = "title",
        description_block: str | None = None,
        url_prefix: str = "/careers",
        open_jobs: OpenJobsProvider | None = None,
        current_user: Callable[[], Any] | None = None,
    ) -> None:
        self.db = db
        self.models = models_for(db)
        self.layout = layout
        self.blocks = {
            "content": content_block,
            "head": head_block,
            "title": title_block,
            "description": description_block,
        }
        self.url_prefix = url_prefix
        self.open_jobs = open_jobs
        self.current_user = current_user
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        from portal.careers import cli, presenters, views  # noqa: F401 - views: routes
        from portal.careers.blueprint import bp

        set_defaults(app, SETTINGS)
        app.config.setdefault("SITE_NAME", app.name)
        state = CareersState(
            db=self.db,
            models=self.models,
            url_prefix=self.url_prefix,
            open_jobs=self.open_jobs,
            current_user=self.current_user or _anonymous_unless_login_manager(app),
        )
        if self.open_jobs is not None:
            state.open_jobs_fingerprint = self.open_jobs.fingerprint(
                app.config["CAREERS_GUIDE_JOBS"]
            )
        app.extensions[EXTENSION] = state
        install_layout_bridge(app, LAYOUT_TEMPLATE, self.layout, self.blocks, OWN_BLOCKS)
        app.register_blueprint(bp, url_prefix=self.url_prefix)
        app.cli.add_command(cli.careers_cli)
        # Prefixed, so they never replace a host's own filters or globals.
        app.add_template_filter(presenters.money, "careers_money")
        app.add_template_filter(presenters.percent, "careers_percent")
        app.add_template_global(state.slots.templates, "careers_slot")
        app.add_template_global(presenters.share_links, "careers_share_links")

    @staticmethod
    def add_to_slot(app: Flask, slot: str, template: str) -> None:
        """Render `template` in a slot of the guide page: "guide_head" (inside the head),
        "guide_top" (above the guide), "guide_end" (below it). The template sees the page's
        context: `page`, `guide_slug`, `guide_id`, `open_jobs` and what `add_page_context` adds."""
        app.extensions[EXTENSION].slots.add(slot, template)

    @staticmethod
    def add_page_context(app: Flask, provider: PageContext) -> None:
        """`provider(guide_id=..., guide_slug=..., open_jobs=...)` returns more variables for the
        guide page's slots (such as the visitor's bookmarks of it), once per rendering."""
        app.extensions[EXTENSION].page_context.append(provider)

    @staticmethod
    def sitemap_entries() -> Iterator[tuple[str, Any]]:
        """(URL, last change) of the guide list and every published guide, for a host sitemap."""
        from portal.careers import services
        from portal.urls import absolute_url

        yield absolute_url("careers.index"), None
        for guide in services.published_guides():
            yield absolute_url("careers.guide", slug=guide.slug), guide.updated_at

    @staticmethod
    def run_seeds(seeds_dir: Path | None = None):
        """Load the guide seed files (the caller commits); see `flask careers seed`."""
        from portal.careers.seeds import seed_guides

        return seed_guides(seeds_dir or seeds_root())


def seeds_root() -> Path:
    """The folder whose careers/*.yaml are the guides: the setting, else those in the package."""
    from flask import current_app

    config = current_app.config
    configured = config.get("CAREERS_SEEDS_DIR") or config.get("SEEDS_DIR")
    if not configured:
        raise RuntimeError(
            "set CAREERS_SEEDS_DIR (or SEEDS_DIR) to the folder holding careers/*.yaml"
        )
    return Path(configured)


def _anonymous_unless_login_manager(app: Flask) -> Callable[[], Any]:
    # Careers only asks whether someone is signed in (their pages are then rendered for them);
    # without Flask-Login everyone is a visitor.
    if hasattr(app, "login_manager"):
        return login_manager_user(app, "Careers")
    return lambda: None


def state() -> CareersState:
    from portal.extension_kit import extension_state

    return extension_state(EXTENSION)


def guide_url(slug: str) -> str:
    return url_for("careers.guide", slug=slug)
