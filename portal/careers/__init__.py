"""Career guides: structured guides loaded from seed files and rendered as fast, indexable pages.

A Flask app mounts it with `Careers(db=..., layout=...).init_app(app)`
(portal/careers/extension.py; the portal does so in portal/plugins.py). The host gives its
Flask-SQLAlchemy instance and the layout template to render inside; the open jobs of a guide
come from an `OpenJobsProvider` when the host has one.
"""

from __future__ import annotations

from portal.careers.extension import Careers, OpenJobsProvider

__all__ = ["Careers", "OpenJobsProvider"]
