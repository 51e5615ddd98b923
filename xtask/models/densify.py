"""Rewrites a .tflite so that every DENSIFY op's output becomes a plain constant tensor.

tf2onnx cannot read sparse constant tensors (MediaPipe's pose_detection.tflite stores some weights that way). The
dense values are taken from the LiteRT interpreter itself, run once on zeros without the XNNPACK delegate (so the
DENSIFY ops really execute), which makes the rewrite exact. Used by `cargo xtask models`.

usage: densify.py IN.tflite OUT.tflite
"""
import sys

import flatbuffers
import numpy as np
from ai_edge_litert import schema_py_generated as schema
from ai_edge_litert.interpreter import Interpreter, OpResolverType


def main(source, target):
    data = open(source, "rb").read()
    model = schema.ModelT.InitFromObj(schema.Model.GetRootAs(data, 0))

    interpreter = Interpreter(
        model_path=source,
        experimental_preserve_all_tensors=True,
        experimental_op_resolver_type=OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES,
    )
    interpreter.allocate_tensors()
    for detail in interpreter.get_input_details():
        interpreter.set_tensor(detail["index"], np.zeros(detail["shape"], detail["dtype"]))
    interpreter.invoke()

    densify_codes = {
        index
        for index, code in enumerate(model.operatorCodes)
        if schema.BuiltinOperator.DENSIFY in (code.builtinCode, code.deprecatedBuiltinCode)
    }
    graph = model.subgraphs[0]
    remaining, rewritten = [], 0
    for op in graph.operators:
        if op.opcodeIndex not in densify_codes:
            remaining.append(op)
            continue
        sparse_index, dense_index = op.inputs[0], op.outputs[0]
        values = interpreter.get_tensor(dense_index)
        buffer = schema.BufferT()
        buffer.data = np.frombuffer(values.tobytes(), np.uint8)
        model.buffers.append(buffer)
        graph.tensors[dense_index].buffer = len(model.buffers) - 1
        # The sparse input is no longer read by anything: drop its data so it is not a constant any more.
        graph.tensors[sparse_index].buffer = 0
        graph.tensors[sparse_index].sparsity = None
        rewritten += 1
    graph.operators = remaining

    builder = flatbuffers.Builder(1 << 20)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    open(target, "wb").write(builder.Output())
    print(f"{source}: {rewritten} DENSIFY op(s) replaced by constants -> {target}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
