"""KServe's Python ModelServer wrapping onnxruntime: the Python peer of the Gantry server in the
benchmark (InferenceBenchmark --peer). Serves one ONNX model as "bench" over the Open Inference
Protocol v2 on REST and gRPC, listening on 127.0.0.1 only.

usage: kserve_onnx_server.py <model.onnx> <http port> <grpc port>
"""
import sys
import uuid

import grpc.aio
import onnxruntime as ort
import uvicorn
from kserve import InferOutput, InferRequest, InferResponse, Model, ModelServer

# KServe 0.21 hard-codes 0.0.0.0 (REST) and [::] (gRPC); the benchmark listens on loopback only.
_uvicorn_config_init = uvicorn.Config.__init__


def _loopback_config(self, app, *args, **kwargs):
    kwargs["host"] = "127.0.0.1"
    _uvicorn_config_init(self, app, *args, **kwargs)


uvicorn.Config.__init__ = _loopback_config
_grpc_server = grpc.aio.server


def _loopback_grpc_server(*args, **kwargs):
    server = _grpc_server(*args, **kwargs)
    add_port = server.add_insecure_port
    server.add_insecure_port = lambda address: add_port(address.replace("[::]", "127.0.0.1"))
    return server


grpc.aio.server = _loopback_grpc_server


class OnnxModel(Model):
    def __init__(self, name, path):
        super().__init__(name)
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        self.input = self.session.get_inputs()[0].name
        self.output = self.session.get_outputs()[0].name
        self.ready = True

    def predict(self, payload: InferRequest, headers=None, response_headers=None):
        x = payload.inputs[0].as_numpy()
        y = self.session.run([self.output], {self.input: x})[0]
        out = InferOutput(name=self.output, shape=list(y.shape), datatype="FP32")
        out.set_data_from_numpy(y, binary_data=False)
        return InferResponse(
            model_name=self.name, infer_outputs=[out], response_id=payload.id or str(uuid.uuid4())
        )


if __name__ == "__main__":
    path, http_port, grpc_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    model = OnnxModel("bench", path)
    ModelServer(http_port=http_port, grpc_port=grpc_port, workers=1).start([model])
