"""The Python way to score a CSV, for BatchPredictBenchmark: pandas.read_csv, onnxruntime
InferenceSession.run in batches, DataFrame.to_csv; one process, one ORT thread.
Usage: batch_predict_baseline.py model.onnx input.csv output.csv batch_size feature_columns
Prints one line: seconds (read+score+write, after imports and session creation) and rows."""
import sys
import time

import numpy as np
import onnxruntime as ort
import pandas as pd

model, src, dst, batch, features = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5].split(",")
options = ort.SessionOptions()
options.intra_op_num_threads = 1
options.inter_op_num_threads = 1
session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
name = session.get_inputs()[0].name
start = time.perf_counter()
frame = pd.read_csv(src)
x = frame[features].to_numpy(dtype=np.float32)
outputs = []
for i in range(0, len(x), batch):
    outputs.append(session.run(None, {name: x[i : i + batch]})[0])
p = np.concatenate(outputs)
out = pd.DataFrame({"row_id": np.arange(len(p)), "prediction": p.argmax(axis=1)})
for k in range(p.shape[1]):
    out[f"p_{k}"] = p[:, k]
out["model_version"] = "1"
out.to_csv(dst, index=False)
print(f"{time.perf_counter() - start:.4f} {len(p)}")
