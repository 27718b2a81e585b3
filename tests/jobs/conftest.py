import pytest


@pytest.fixture(autouse=True)
def _app_context(app):
    """Every jobs test talks to the database, inside the rolled-back test transaction."""
    return app
