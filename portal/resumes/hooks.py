"""What resumes offer other domains' pages, as template globals (the way billing offers its ad
slot): the apply confirmation's "Send your resume link", and the guide's skill map's way to the
editor with that guide's suggestions."""

from __future__ import annotations

from flask import Flask, render_template, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from portal.resumes import services, sharing


def resume_share_slot() -> Markup:
    """The signed-in person's resume link and PDF, or how to make one; nothing for visitors."""
    if not current_user.is_authenticated:
        return Markup("")
    resume = services.resume_of(current_user.id)
    address = sharing.preferred_slug(resume, current_user) if resume else None
    return Markup(  # noqa: S704 - a rendered template, escaped by Jinja
        render_template("resumes/_share_on_apply.html", resume=resume, address=address)
    )


def guide_skills_action(guide_slug: str) -> Markup:
    """Under a guide's skill map: start a resume with these skills. The same for everyone, so
    it may sit in the guide page stored for visitors."""
    url = url_for("resumes.editor", guide=guide_slug, _anchor="section-skills")
    return Markup(  # noqa: S704 - our own markup around an escaped URL
        f'<p><a class="button button-quiet" href="{escape(url)}">'
        "Put these skills on your resume</a></p>"
    )


def register(app: Flask) -> None:
    app.add_template_global(resume_share_slot, "resume_share_slot")
    app.add_template_global(guide_skills_action, "guide_skills_action")
