"""What talent offers other domains' pages, as template globals (the way resumes offers its
share slot): on the resume editor, how many employers opened the resume this week and the
companies it is hidden from."""

from __future__ import annotations

from flask import Flask, render_template
from flask_login import current_user
from markupsafe import Markup

from portal.talent import profiles
from portal.talent.forms import ActionForm, HideForm


def talent_resume_slot(resume) -> Markup:
    """The editor's "Employers" section for the signed-in owner of `resume` (None: no resume)."""
    if not current_user.is_authenticated:
        return Markup("")
    viewed = profiles.companies_viewed_this_week(resume.id) if resume is not None else 0
    return Markup(  # noqa: S704 - a rendered template, escaped by Jinja
        render_template(
            "talent/_resume_slot.html",
            resume=resume,
            viewed=viewed,
            hidden=profiles.hidden_companies(current_user.id),
            hide_form=HideForm(),
            action=ActionForm(),
        )
    )


def register(app: Flask) -> None:
    app.add_template_global(talent_resume_slot, "talent_resume_slot")
