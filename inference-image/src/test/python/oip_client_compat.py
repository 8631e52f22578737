"""Drives a running Gantry inference server with NVIDIA Triton's standard Open Inference Protocol
clients (tritonclient.http and tritonclient.grpc), unchanged, and checks every answer.

usage: oip_client_compat.py <http host:port> <grpc host:port> <fixture.json>
The fixture holds the model name, input rows and the outputs an in-process session.run gave.
Exits non-zero with a message on the first mismatch.
"""
import json
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def check(cond, message):
    if not cond:
        print("FAIL: " + message)
        sys.exit(1)


def exercise(name, client, module, fixture, binary):
    model = fixture["model"]
    rows = np.array(fixture["rows"], dtype=np.float32)
    expected = np.array(fixture["expected"], dtype=np.float32)

    check(client.is_server_live(), f"{name}: server not live")
    check(client.is_server_ready(), f"{name}: server not ready")
    check(client.is_model_ready(model), f"{name}: model not ready")
    meta = client.get_model_metadata(model)
    if name == "grpc":
        inputs_meta = [(i.name, i.datatype, list(i.shape)) for i in meta.inputs]
    else:
        inputs_meta = [(i["name"], i["datatype"], list(i["shape"])) for i in meta["inputs"]]
    check(inputs_meta == [("input", "FP32", [-1, 4])], f"{name}: metadata {inputs_meta}")

    inp = module.InferInput("input", list(rows.shape), "FP32")
    out = module.InferRequestedOutput("output", **({"binary_data": binary} if name == "http" else {}))
    if name == "http":
        inp.set_data_from_numpy(rows, binary_data=binary)
    else:
        inp.set_data_from_numpy(rows)
    result = client.infer(model, [inp], outputs=[out], request_id="compat-1")
    got = result.as_numpy("output")
    check(got is not None, f"{name}: no output")
    check(got.shape == expected.shape, f"{name}: shape {got.shape} != {expected.shape}")
    check(np.array_equal(got, expected), f"{name}: outputs differ from session.run: {got} vs {expected}")

    # A malformed request is refused with the server's message, and the server keeps serving.
    bad = module.InferInput("input", [1, 3], "FP32")
    if name == "http":
        bad.set_data_from_numpy(np.zeros((1, 3), dtype=np.float32), binary_data=binary)
    else:
        bad.set_data_from_numpy(np.zeros((1, 3), dtype=np.float32))
    try:
        client.infer(model, [bad])
        check(False, f"{name}: a [1, 3] input was accepted")
    except InferenceServerException as e:
        check("input 'input'" in str(e), f"{name}: unexpected error {e}")
    print(f"{name}: OK ({'binary' if binary else 'json'})")


def main():
    http_url, grpc_url, fixture_path = sys.argv[1:4]
    with open(fixture_path) as f:
        fixture = json.load(f)
    http = httpclient.InferenceServerClient(url=http_url)
    exercise("http", http, httpclient, fixture, binary=False)
    if fixture.get("http_binary"):
        exercise("http", http, httpclient, fixture, binary=True)
    grpc = grpcclient.InferenceServerClient(url=grpc_url)
    exercise("grpc", grpc, grpcclient, fixture, binary=True)
    print("ALL OK")


if __name__ == "__main__":
    main()
