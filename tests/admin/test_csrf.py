"""Every admin action needs the form's CSRF token: without it, a 400 and nothing written."""

from __future__ import annotations

from tests.admin.helpers import audit_entries
from tests.test_access_map import ACCESS, url_for_rule


def test_admin_posts_without_a_csrf_token_are_refused(app, admin):
    posts = sorted(
        {
            rule.rule
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/admin") and "POST" in rule.methods
        }
    )
    assert len(posts) >= 19  # the filter found the actions (new ones join the loop)
    for rule in posts:
        url = url_for_rule(app, rule, ACCESS[rule].args)
        response = admin.client.post(url, data={})
        assert response.status_code == 400, url
    assert audit_entries() == []
