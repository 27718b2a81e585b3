"""`flask users create-admin`, `deactivate` and `activate`."""

from __future__ import annotations

from portal.accounts import passwords
from portal.accounts.models import Role
from portal.accounts.services import find_user_by_email
from portal.extensions import db
from tests.conftest import login

PASSWORD = "operator chose this one"


def test_create_admin_reads_the_password_from_stdin(runner, client):
    result = runner.invoke(
        args=["users", "create-admin", "Boss@Example.com", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin boss@example.com." in result.output
    admin = find_user_by_email("boss@example.com")
    assert admin.role == Role.ADMIN
    assert admin.email_confirmed
    assert passwords.verify_password(admin.password_hash, PASSWORD)
    admin.test_password = PASSWORD
    login(client, admin)


def test_create_admin_prompts_for_the_password_twice(runner):
    result = runner.invoke(
        args=["users", "create-admin", "boss@example.com", "--name", "The Boss"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password" in result.output and "Repeat for confirmation" in result.output
    assert PASSWORD not in result.output
    assert find_user_by_email("boss@example.com").name == "The Boss"


def test_create_admin_promotes_an_existing_account_keeping_its_password(runner, make_user):
    user = make_user("staff@example.com", confirmed=False)
    old_hash = user.password_hash
    result = runner.invoke(args=["users", "create-admin", "staff@example.com"])
    assert result.exit_code == 0, result.output
    assert "Made staff@example.com an admin." in result.output
    db.session.refresh(user)
    assert user.role == Role.ADMIN
    assert user.password_hash == old_hash


def test_create_admin_can_set_a_new_password_for_an_existing_account(runner, make_user):
    user = make_user("staff@example.com")
    result = runner.invoke(
        args=["users", "create-admin", "staff@example.com", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert "Made staff@example.com an admin and set a new password." in result.output
    db.session.refresh(user)
    assert passwords.verify_password(user.password_hash, PASSWORD)


def test_create_admin_refuses_weak_passwords_and_bad_addresses(runner):
    weak = runner.invoke(
        args=["users", "create-admin", "boss@example.com", "--password-stdin"],
        input="password1\n",
    )
    assert weak.exit_code == 1
    assert "most commonly used" in weak.output
    assert find_user_by_email("boss@example.com") is None

    empty = runner.invoke(
        args=["users", "create-admin", "boss@example.com", "--password-stdin"], input="\n"
    )
    assert empty.exit_code == 1
    assert "needs a password" in empty.output

    bad = runner.invoke(
        args=["users", "create-admin", "not an address", "--password-stdin"], input=PASSWORD
    )
    assert bad.exit_code == 1
    assert "Enter a valid email address" in bad.output


def test_deactivate_ends_sessions_and_activate_lets_them_back(runner, app, client, make_user):
    user = make_user("leaver@example.com")
    login(client, user, remember=True)
    result = runner.invoke(args=["users", "deactivate", "leaver@example.com"])
    assert result.exit_code == 0, result.output
    assert client.get("/account").status_code == 302

    assert runner.invoke(args=["users", "activate", "leaver@example.com"]).exit_code == 0
    login(app.test_client(), user)

    missing = runner.invoke(args=["users", "deactivate", "nobody@example.com"])
    assert missing.exit_code == 1
    assert "no account" in missing.output
