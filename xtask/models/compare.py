"""Compares two ONNX models for `cargo xtask models`: same operators in the same order, the same weights (tf2onnx
names its folded constants from a process-wide counter, so names and therefore bytes differ between runs), and the
same outputs on a fixed pseudo-random input under ONNX Runtime. Prints one line; exits 1 when they differ.

usage: compare.py SHIPPED.onnx FRESH.onnx
"""
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper


def weights(model):
    return sorted(
        (numpy_helper.to_array(t) for t in model.graph.initializer),
        key=lambda a: (a.shape, a.dtype.str, a.tobytes()),
    )


def main(shipped_path, fresh_path):
    shipped, fresh = onnx.load(shipped_path), onnx.load(fresh_path)
    problems = []
    if [n.op_type for n in shipped.graph.node] != [n.op_type for n in fresh.graph.node]:
        problems.append("different operators")
    a, b = weights(shipped), weights(fresh)
    if len(a) != len(b) or any(x.shape != y.shape or not np.array_equal(x, y) for x, y in zip(a, b)):
        problems.append("different weights")
    sessions = [ort.InferenceSession(p, providers=["CPUExecutionProvider"]) for p in (shipped_path, fresh_path)]
    feed = {}
    rng = np.random.default_rng(7)
    for i in sessions[0].get_inputs():
        shape = [d if isinstance(d, int) and d > 0 else 1 for d in i.shape]
        feed[i.name] = rng.random(shape, dtype=np.float32)
    outputs = [s.run(None, feed) for s in sessions]
    worst = max(float(np.max(np.abs(x - y))) for x, y in zip(*outputs))
    if worst != 0.0:
        problems.append(f"outputs differ by up to {worst:g}")
    if problems:
        print(f"DIFFERS: {', '.join(problems)}")
        sys.exit(1)
    print(f"equivalent: same {len(shipped.graph.node)} operators, same {len(a)} weight tensors, identical outputs")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
