"""A replay of the deployed Airflow orchestrator's handling of one computation task.

Written for model-runner's tests from reading (not copying) the orchestrator's code:
MultiModelling/Model-Orchestrator and SomadSahoo/Orchestrator-Apache_Airflow,
dags/modules/handlers/rest_handler.py (RestHandler) and the DAGs' subroutine_computation
(e.g. dags/etm_essim_demo.py). It keeps the call sequence and the polling logic:

  1. POST {registry}search {"name": api_id}; the first entry whose status is "READY" gives api_addr
     (its "uri", the adapter's root);
  2. GET {api_addr}/status (the code is ignored; the body is parsed only when the Content-Type
     header is exactly "application/json");
  3. GET {api_addr}/model/request -> model_run_id;
  4. POST {api_addr}/model/initialize/{id} with the task's model_config plus "base_path" (built from
     the metadata values other than "user", joined with "/");
  5. GET {api_addr}/model/run/{id}; then, while the last answer's state is not "SUCCEEDED":
     GET /model/results/{id}, fail on "ERROR" (or "FAILED"), sleep 2 s -- with no timeout
     (the DAGs pass timeout=0);
  6. GET /model/results/{id} once more: its result's "path" is the task's output;
  7. GET /model/remove/{id}.

Each answer is printed as one JSON line on stdout, flushed, so that a test can follow the replay.
Exit codes: 0 done, 2 the model reported an error, 3 no READY adapter, 4 an answer was not JSON.
Usage: rest_handler_replay.py REGISTRY_URL API_ID CONFIG_JSON METADATA_JSON
"""

import json
import sys
import time
import urllib.error
import urllib.request

INTERVAL_SECONDS = 2


def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers.get("content-type"), response.read()
    except urllib.error.HTTPError as error:  # requests does not raise on 4xx/5xx: neither do we
        return error.code, error.headers.get("content-type"), error.read()


def report(step, url, code, content_type, parsed):
    print(json.dumps({"call": step, "url": url, "code": code, "content_type": content_type,
                      "body": parsed}), flush=True)


def adapter_call(step, method, url, body=None):
    code, content_type, raw = call(method, url, body)
    # rest_handler.py turns the answer into JSON only when the header is exactly this string.
    parsed = json.loads(raw) if content_type == "application/json" else raw.decode("utf-8", "replace")
    report(step, url, code, content_type, parsed)
    return parsed


def state_of(answer):
    if not isinstance(answer, dict):
        print(json.dumps({"call": "failed", "reason": "not a JSON answer", "answer": answer}),
              flush=True)
        sys.exit(4)
    return answer["state"]


def main(registry, api_id, model_config, metadata):
    code, content_type, raw = call("POST", registry + "search", {"name": api_id})
    entries = json.loads(raw)
    report("search", registry + "search", code, content_type, entries)
    api_addr = None
    for item in entries:
        if item["status"] == "READY":
            api_addr = str(item["uri"])
            break
    if api_addr is None:
        sys.exit(3)

    base_path = "/".join(str(v) for k, v in metadata.items() if k != "user") + "/"
    config = {**model_config, "base_path": base_path}

    adapter_call("adapter-status", "GET", api_addr + "/status")
    model_run_id = adapter_call("request", "GET", api_addr + "/model/request")["model_run_id"]
    adapter_call("initialize", "POST", api_addr + "/model/initialize/" + model_run_id, config)
    response = adapter_call("run", "GET", api_addr + "/model/run/" + model_run_id)

    while state_of(response) != "SUCCEEDED":
        response = adapter_call("results", "GET", api_addr + "/model/results/" + model_run_id)
        if state_of(response) in ("ERROR", "FAILED"):
            sys.exit(2)
        time.sleep(INTERVAL_SECONDS)

    response = adapter_call("results", "GET", api_addr + "/model/results/" + model_run_id)
    model_result = None
    if response["result"] is not None:
        model_result = response["result"]["path"]
    adapter_call("remove", "GET", api_addr + "/model/remove/" + model_run_id)
    print(json.dumps({"call": "done", "model_run_id": model_run_id, "model_result": model_result,
                      "result": response["result"]}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4]))
