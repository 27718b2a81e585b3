from flask import Blueprint

# Templates live in portal/templates/jobs/.
bp = Blueprint("jobs", __name__, url_prefix="/jobs")
