"""Talent: verified employers search the public resumes, see Plus members' resumes featured and
pinned, and reach candidates through the portal without either side seeing an address the
other did not share.

Built on accounts (who), resumes (public resumes through `resumes.listing` and
`rendering.shown_document`, kept in step through `resumes.signals.resume_changed`), careers (a
guide's skills), billing's entitlements and mail; none of those import this one. What an
employer may do is answered by `employers.can_search` / `can_contact`, never by a role check,
so an employer plan can decide it later.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("talent", __name__)


def init_app(app: Flask) -> None:
    from portal.accounts.cli import users_cli
    from portal.accounts.signals import register_data_exporter
    from portal.resumes.signals import resume_changed
    from portal.site.registry import register_nav_item
    from portal.talent import (  # noqa: F401
        candidate_views,
        cli,
        employer_views,
        exports,
        hooks,
        index,
        message_views,
        models,
        views,
    )

    # New conversations one employer may start a day; replies are not counted.
    app.config.setdefault("TALENT_CONTACTS_PER_DAY", 20)
    # Matches ranked per search, newest first (portal/talent/search.py says why a window).
    app.config.setdefault("TALENT_SEARCH_WINDOW", 1000)
    app.register_blueprint(bp)
    register_nav_item(app, "Messages", "talent.messages", order=63, signed_in=True)
    resume_changed.connect(index.resume_changed, weak=False)
    users_cli.add_command(cli.grant_employer)
    app.cli.add_command(cli.talent_cli)
    register_data_exporter(app, "talent", exports.export_talent)
    hooks.register(app)
