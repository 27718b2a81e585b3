from flask import Blueprint

# Templates live in portal/templates/billing/; styles in the blueprint's own static folder.
bp = Blueprint("billing", __name__, static_folder="static", static_url_path="/billing/static")
