"""The baseline for the adapter lifecycle benchmark: the adapter API as a minimal Flask app.

What a person would write today without model-runner's SDK: the same endpoints, the same JSON
shape ({model_run_id, state, reason, result}, Content-Type exactly application/json), in-process
state in a dict under one lock, and the model run on a thread pool so that /run answers at once.
The model is a no-op, like the SDK side's NoopAdapter.

Run it with gunicorn, one worker process (the state lives in that process) and threads:
    gunicorn --worker-class gthread --workers 1 --threads 32 --bind 127.0.0.1:8000 flask_adapter:app
MODEL_WORKERS (default 4) sets how many runs execute at once.
"""

import json
import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, Response, request

app = Flask(__name__)

_lock = threading.Lock()
_runs = {}  # model_run_id -> {"state": ..., "reason": ..., "result": ..., "config": ...}
_pool = ThreadPoolExecutor(max_workers=int(os.environ.get("MODEL_WORKERS", "4")))


def _answer(run_id, state, reason=None, result=None, status=200):
    body = json.dumps(
        {"model_run_id": run_id, "state": state, "reason": reason, "result": result},
        separators=(",", ":"),
    )
    return Response(body, status=status, mimetype="application/json")


def _model(config):
    return {"scenario": config.get("scenario"), "ok": True}


def _execute(run_id):
    with _lock:
        run = _runs.get(run_id)
        if run is None or run["state"] != "RUNNING":
            return
        config = run["config"]
    try:
        result = _model(config)
        with _lock:
            if run_id in _runs:
                _runs[run_id].update(state="SUCCEEDED", result=result)
    except Exception as e:  # the model failed: ERROR with its message
        with _lock:
            if run_id in _runs:
                _runs[run_id].update(state="ERROR", reason=str(e))


@app.get("/model/request")
def model_request():
    run_id = str(uuid.uuid4())
    with _lock:
        _runs[run_id] = {"state": "ACCEPTED", "reason": None, "result": None, "config": None}
    return _answer(run_id, "ACCEPTED")


@app.post("/model/initialize/<run_id>")
def model_initialize(run_id):
    config = request.get_json(force=True, silent=True)
    if not isinstance(config, dict):
        return _answer(run_id, "ERROR", "the body must be a JSON object", status=400)
    with _lock:
        run = _runs.get(run_id)
        if run is None:
            return _answer(run_id, "ERROR", "unknown model run", status=404)
        if run["state"] != "ACCEPTED":
            return _answer(run_id, "ERROR", "cannot initialize in state " + run["state"], status=409)
        run.update(state="READY", config=config)
    return _answer(run_id, "READY")


@app.get("/model/run/<run_id>")
def model_run(run_id):
    with _lock:
        run = _runs.get(run_id)
        if run is None:
            return _answer(run_id, "ERROR", "unknown model run", status=404)
        if run["state"] != "READY":
            return _answer(run_id, "ERROR", "cannot run in state " + run["state"], status=409)
        run["state"] = "RUNNING"
    _pool.submit(_execute, run_id)
    return _answer(run_id, "RUNNING")


@app.get("/model/status/<run_id>")
def model_status(run_id):
    with _lock:
        run = _runs.get(run_id)
        if run is None:
            return _answer(run_id, "ERROR", "unknown model run", status=404)
        return _answer(run_id, run["state"], run["reason"])


@app.get("/model/results/<run_id>")
def model_results(run_id):
    with _lock:
        run = _runs.get(run_id)
        if run is None:
            return _answer(run_id, "ERROR", "unknown model run", status=404)
        state = run["state"]
        if state == "SUCCEEDED":
            return _answer(run_id, "READY", None, run["result"])
        if state in ("RUNNING", "ERROR"):
            return _answer(run_id, state, run["reason"])
        return _answer(run_id, "ERROR", "no results in state " + state, status=409)


@app.get("/model/remove/<run_id>")
def model_remove(run_id):
    with _lock:
        run = _runs.pop(run_id, None)
    if run is None:
        return _answer(run_id, "ERROR", "unknown model run", status=404)
    return _answer(run_id, "UNKNOWN")


@app.get("/health")
def health():
    return _answer(None, "UNKNOWN")
