from flask import Blueprint

# Templates live in portal/templates/accounts/ and portal/templates/email/.
bp = Blueprint("accounts", __name__)
