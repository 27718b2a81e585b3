from flask import Blueprint

# Templates live in portal/templates/alerts/.
bp = Blueprint("alerts", __name__, url_prefix="/alerts")
