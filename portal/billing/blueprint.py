from flask import Blueprint

# The blueprint owns its templates (templates/billing/) and styles, so a host app mounts it as it is.
bp = Blueprint(
    "billing",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/billing/static",
)
