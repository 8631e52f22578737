"""A PyTorch trainer that honours Gantry's training contract (docs/training-contract.md).

In:  GANTRY_DATASET_URI (+ GANTRY_DATASET_SHA256), GANTRY_HYPERPARAMETERS (JSON), GANTRY_OUTPUT_URI,
     GANTRY_MODEL_NAME, RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT (torch.distributed).
Out: model.onnx (one [batch, 1] float input per feature, named after it; output "output" = class
     probabilities [batch, 2]), metrics.json, baseline.json, provenance.json under GANTRY_OUTPUT_URI,
     and the result JSON on /dev/termination-log. Only rank 0 writes.
Exit codes: 0 ok, 2 bad input (retrying won't help), 1 anything else.

The model is a small MLP over the dataset's numeric columns; categorical columns are left out to keep
the example short. Reads file://, pvc:// (mounted under /mnt/pvc), http(s):// and s3:// (boto3).
"""

import csv
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request

import torch
import torch.distributed as dist

EXIT_BAD_INPUT, EXIT_CRASH = 2, 1
TERMINATION_LOG = os.environ.get("GANTRY_TERMINATION_MESSAGE_PATH", "/dev/termination-log")
PVC_ROOT = os.environ.get("GANTRY_PVC_MOUNT_ROOT", "/mnt/pvc")


class BadInput(Exception):
    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason


def local_path(uri):
    if uri.startswith("file://"):
        return uri[len("file://"):]
    if uri.startswith("pvc://"):
        return os.path.join(PVC_ROOT, uri[len("pvc://"):])
    return None


def s3_client():
    import boto3  # only needed for s3:// URIs

    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    return boto3.client("s3", endpoint_url=endpoint)


def download(uri, target, expected_sha256):
    path = local_path(uri)
    try:
        if path is not None:
            shutil.copyfile(path, target)
        elif uri.startswith(("http://", "https://")):
            with urllib.request.urlopen(uri, timeout=60) as response, open(target, "wb") as out:
                shutil.copyfileobj(response, out)
        elif uri.startswith("s3://"):
            bucket, key = uri[len("s3://"):].split("/", 1)
            s3_client().download_file(bucket, key, target)
        else:
            raise BadInput("InvalidConfiguration", f"unsupported dataset URI scheme: {uri}")
    except FileNotFoundError:
        raise BadInput("DatasetNotFound", f"artifact not found at {uri}")
    except urllib.error.HTTPError as e:
        if e.code in (404, 410):
            raise BadInput("DatasetNotFound", f"artifact not found at {uri}: HTTP {e.code}")
        raise
    except Exception as e:  # botocore's ClientError carries the S3 error code
        if getattr(e, "response", {}).get("Error", {}).get("Code") in ("404", "NoSuchKey", "NoSuchBucket"):
            raise BadInput("DatasetNotFound", f"artifact not found at {uri}")
        raise
    digest = hashlib.sha256(open(target, "rb").read()).hexdigest()
    if expected_sha256 and expected_sha256.lower() != digest:
        raise BadInput("DatasetChecksumMismatch",
                       f"sha256 mismatch for {uri}: expected {expected_sha256} but got {digest}")
    return digest


def upload(source, uri):
    path = local_path(uri)
    if path is not None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        shutil.copyfile(source, path + ".part")
        os.replace(path + ".part", path)  # appears complete or not at all
    elif uri.startswith("s3://"):
        bucket, key = uri[len("s3://"):].split("/", 1)
        s3_client().upload_file(source, bucket, key)
    else:
        raise BadInput("InvalidConfiguration", f"cannot write to {uri}")


def load(csv_path, hp):
    with open(csv_path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise BadInput("InvalidDataset", "the dataset is empty: no header row")
    header, rows = rows[0], [r for r in rows[1:] if r]
    if not rows:
        raise BadInput("InvalidDataset", "the dataset has a header but no data rows")
    label = hp.get("labelColumn", "is_fraud" if "is_fraud" in header else header[-1])
    if label not in header:
        raise BadInput("InvalidDataset", f"label column '{label}' is missing; the dataset has columns {header}")

    def numeric(c):
        try:
            [float(r[c]) for r in rows]
            return True
        except ValueError:
            return False

    features = [h for c, h in enumerate(header) if h != label and numeric(c)]
    if not features:
        raise BadInput("InvalidDataset", "the dataset has no numeric feature columns")
    x = torch.tensor([[float(r[header.index(h)]) for h in features] for r in rows])
    y = torch.tensor([1.0 if r[header.index(label)] in ("1", "true", "yes") else 0.0 for r in rows])
    return features, x, y


class Model(torch.nn.Module):
    """Standardises each feature with training statistics, then a small MLP."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", mean)
        self.register_buffer("std", std)
        self.net = torch.nn.Sequential(
            torch.nn.Linear(len(mean), 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))

    def forward(self, *columns):  # one [batch, 1] tensor per feature, as in the ONNX graph
        x = (torch.cat(columns, dim=1) - self.mean) / self.std
        p = torch.sigmoid(self.net(x))
        return torch.cat([1 - p, p], dim=1)


def metrics(p, y):
    pred = (p >= 0.5).float()
    tp, fp = float(((pred == 1) & (y == 1)).sum()), float(((pred == 1) & (y == 0)).sum())
    fn = float(((pred == 0) & (y == 1)).sum())
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    ranks = torch.empty_like(p)
    ranks[p.argsort()] = torch.arange(1, len(p) + 1, dtype=p.dtype)  # ties ignored for brevity
    npos = float(y.sum())
    auc = (float(ranks[y == 1].sum()) - npos * (npos + 1) / 2) / (npos * (len(y) - npos))
    pc = p.clamp(1e-15, 1 - 1e-15)
    log_loss = float(-(y * pc.log() + (1 - y) * (1 - pc).log()).mean())
    return {"accuracy": float((pred == y).float().mean()), "auc": auc, "logLoss": log_loss,
            "loss": log_loss, "f1": 2 * precision * recall / max(precision + recall, 1e-12)}


def baseline(features, x, bins):
    out = []
    for i, name in enumerate(features):
        v = x[:, i].double()
        edges = torch.quantile(v, torch.linspace(0, 1, bins + 1, dtype=torch.float64)).unique().tolist()
        edges = edges if len(edges) > 1 else edges * 2
        # Gantry's binning rule (Bins.indexOf): bin = number of interior edges <= value.
        index = torch.searchsorted(torch.tensor(edges[1:-1], dtype=torch.float64), v, right=True)
        counts = torch.bincount(index, minlength=len(edges) - 1).tolist()
        out.append({"name": name, "type": "NUMERIC", "binEdges": edges, "counts": counts, "missing": 0,
                    "mean": float(v.mean()), "stddev": float(v.std(unbiased=False))})
    return {"schemaVersion": 1, "rowCount": len(x), "features": out}


def train(scratch):
    rank, world = int(os.environ.get("RANK", "0")), int(os.environ.get("WORLD_SIZE", "1"))
    hp = json.loads(os.environ.get("GANTRY_HYPERPARAMETERS") or "{}")
    epochs, lr, seed = int(hp.get("epochs", 20)), float(hp.get("learningRate", 0.01)), int(hp.get("seed", 42))
    dataset_uri, output_uri = os.environ["GANTRY_DATASET_URI"], os.environ["GANTRY_OUTPUT_URI"].rstrip("/")
    if world > 1:
        dist.init_process_group("gloo")  # reads MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE
    torch.manual_seed(seed)
    sha = download(dataset_uri, os.path.join(scratch, "data.csv"), os.environ.get("GANTRY_DATASET_SHA256"))
    features, x, y = load(os.path.join(scratch, "data.csv"), hp)
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))
    cut = int(len(x) * 0.8)
    train_idx, test_idx = order[:cut], order[cut:]
    # Equal-sized slices per rank (DDP needs every rank to take the same number of steps).
    shard = train_idx[: len(train_idx) // world * world][rank::world]
    model = Model(x[train_idx].mean(0), x[train_idx].std(0).clamp_min(1e-12))
    ddp = torch.nn.parallel.DistributedDataParallel(model) if world > 1 else model
    optimiser = torch.optim.Adam(ddp.parameters(), lr=lr)
    for epoch in range(1, epochs + 1):
        total = 0.0
        for batch in shard[torch.randperm(len(shard))].split(64):
            optimiser.zero_grad()
            p = ddp(*x[batch].split(1, dim=1))[:, 1]
            loss = torch.nn.functional.binary_cross_entropy(p, y[batch])
            loss.backward()
            optimiser.step()
            total += float(loss) * len(batch)
        print(f"epoch={epoch}/{epochs} loss={total / len(shard):.6f}", flush=True)
    if rank != 0:
        return None
    model.eval()
    with torch.no_grad():
        m = metrics(model(*x[test_idx].split(1, dim=1))[:, 1], y[test_idx])
    print(f"held-out: {m}", flush=True)
    out = os.path.join(scratch, "out")
    os.makedirs(out)
    torch.onnx.export(model, tuple(x[:2].split(1, dim=1)), os.path.join(out, "model.onnx"),
                      input_names=features, output_names=["output"], opset_version=13,
                      dynamic_axes={n: {0: "batch"} for n in features + ["output"]}, dynamo=False)
    json.dump({"split": "held-out", "metrics": m}, open(os.path.join(out, "metrics.json"), "w"))
    json.dump(baseline(features, x, int(hp.get("baselineBins", 10))), open(os.path.join(out, "baseline.json"), "w"))
    json.dump({"modelName": os.environ.get("GANTRY_MODEL_NAME"), "framework": f"torch {torch.__version__}",
               "dataset": {"uri": dataset_uri, "version": os.environ.get("GANTRY_DATASET_VERSION"),
                           "sha256": sha}, "hyperparameters": hp, "features": features,
               "finishedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
              open(os.path.join(out, "provenance.json"), "w"))
    for name in ("baseline.json", "metrics.json", "provenance.json", "model.onnx"):  # model last
        upload(os.path.join(out, name), f"{output_uri}/{name}")
    model_sha = hashlib.sha256(open(os.path.join(out, "model.onnx"), "rb").read()).hexdigest()
    return {"artifactUri": f"{output_uri}/model.onnx", "sha256": model_sha, "metrics": m,
            "baselineUri": f"{output_uri}/baseline.json", "modelFormat": "onnx"}


def terminate(message):
    try:
        with open(TERMINATION_LOG, "w") as f:
            f.write(json.dumps(message)[:4096])
    except OSError as e:
        print(f"could not write the termination message: {e}", file=sys.stderr)


def main():
    try:
        with tempfile.TemporaryDirectory() as scratch:
            result = train(scratch)
        if result is not None:
            terminate(result)
        return 0
    except BadInput as e:
        print(f"training failed ({e.reason}): {e}", file=sys.stderr)
        terminate({"reason": e.reason, "message": str(e)[:3000]})
        return EXIT_BAD_INPUT
    except Exception as e:  # anything else may pass on retry
        print(f"training failed (TrainingCrashed): {e!r}", file=sys.stderr)
        terminate({"reason": "TrainingCrashed", "message": repr(e)[:3000]})
        return EXIT_CRASH


if __name__ == "__main__":
    sys.exit(main())
