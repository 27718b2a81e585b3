"""The yardstick of benchmarks/http_speed.py: the plainest Flask app, answering "Hello, World!"."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
