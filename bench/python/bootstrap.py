#!/usr/bin/env python3
"""A minimal Lambda runtime loop for the Python baseline (what a custom runtime's bootstrap does).

The Python managed runtime runs awslambdaric, which is not installed on this machine; this loop
makes the same Runtime API calls (GET /next, POST /response or /error, POST /init/error) with the
standard library, so the Python function is started and invoked the way the Java one is.
Handler from _HANDLER ("module.function"), module looked up next to this file.
"""
import importlib
import json
import os
import sys
import time
import traceback
import urllib.request

API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"


def post(path, body, headers=None):
    req = urllib.request.Request(API + path, data=body, method="POST", headers=headers or {})
    urllib.request.urlopen(req).read()


def error_body(e):
    return json.dumps({"errorMessage": str(e), "errorType": type(e).__name__,
                       "stackTrace": traceback.format_exception(e)}).encode()


class Context:
    """The part of Lambda's context object the function reads: the time left before the deadline."""

    def __init__(self, request_id, deadline_ms):
        self.aws_request_id, self.deadline_ms = request_id, deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, self.deadline_ms - int(time.time() * 1000))


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    module_name, function_name = os.environ["_HANDLER"].rsplit(".", 1)
    try:
        handler = getattr(importlib.import_module(module_name), function_name)
    except Exception as e:  # noqa: BLE001 - reported to the Runtime API as Lambda does
        post("/init/error", error_body(e), {"Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"})
        sys.exit(1)
    while True:
        with urllib.request.urlopen(API + "/invocation/next") as r:
            request_id = r.headers["Lambda-Runtime-Aws-Request-Id"]
            context = Context(request_id, int(r.headers["Lambda-Runtime-Deadline-Ms"]))
            event = json.loads(r.read())
        try:
            result = json.dumps(handler(event, context)).encode()
        except Exception as e:  # noqa: BLE001
            post(f"/invocation/{request_id}/error", error_body(e),
                 {"Lambda-Runtime-Function-Error-Type": "Runtime.UnhandledError"})
            continue
        post(f"/invocation/{request_id}/response", result)


if __name__ == "__main__":
    main()
