"""The portal as the benchmarks serve it, plus a bare route to measure the server's own cost."""

from portal import create_app

app = create_app()


@app.get("/__bench/bare")
def bare() -> str:
    return "ok"
