from flask import Blueprint

# The blueprint owns its templates (templates/billing/) and styles: a host app mounts it as is.
bp = Blueprint(
    "billing",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/billing/static",
)
