from flask import Blueprint

# The blueprint owns its templates and static files, so a host portal can mount it as it is.
bp = Blueprint(
    "careers",
    __name__,
    url_prefix="/careers",
    template_folder="templates",
    static_folder="static",
)
