"""MediaPipe 0.10.21's own video-mode run on each generated tracking clip (legacy `solutions.hands`, max_num_hands=1,
model_complexity=1, static_image_mode=False: the reference run of ../shared/testdata/clip), recorded once and
committed as crates/vision/tests/data/hands/peer/NAME.json, so the tests compare against it without Python.

Usage: `cargo xtask clips --peer` does both steps; by hand (in a venv with mediapipe==0.10.21):
  cargo run --release -p vision --bin vitrine-clips -- --out CLIPS
  python3 xtask/bench/mediapipe_clips.py CLIPS crates/vision/tests/data/hands/peer
Each file: {"clip", "clip_hash" (zlib CRC-32 of the .y4m), "generator", "frames": [[hand landmarks_px [[x, y] x21]]...]}
The Y4M is decoded as the Rust reader does (full-range BT.601, nearest chroma)."""
import glob
import json
import os
import sys
import zlib

import mediapipe as mp
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def read_y4m(path):
    with open(path, "rb") as f:
        data = f.read()
    header, rest = data.split(b"\n", 1)
    fields = header.split()
    width = int(next(t[1:] for t in fields if t.startswith(b"W")))
    height = int(next(t[1:] for t in fields if t.startswith(b"H")))
    n = width * height
    cw, ch = (width + 1) // 2, (height + 1) // 2
    frame_bytes = n + 2 * cw * ch
    frames, at = [], 0
    while at < len(rest):
        marker_end = rest.index(b"\n", at)
        planes = rest[marker_end + 1: marker_end + 1 + frame_bytes]
        at = marker_end + 1 + frame_bytes
        y = np.frombuffer(planes[:n], np.uint8).reshape(height, width).astype(np.float32)
        u = np.frombuffer(planes[n:n + cw * ch], np.uint8).reshape(ch, cw)
        v = np.frombuffer(planes[n + cw * ch:], np.uint8).reshape(ch, cw)
        u = u.repeat(2, 0).repeat(2, 1)[:height, :width].astype(np.float32) - 128
        v = v.repeat(2, 0).repeat(2, 1)[:height, :width].astype(np.float32) - 128
        rgb = np.stack([y + 1.402 * v, y - 0.344136 * u - 0.714136 * v, y + 1.772 * u], -1)
        frames.append(np.ascontiguousarray(rgb.clip(0, 255).round().astype(np.uint8)))
    return data, frames


def main():
    clips, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    for path in sorted(glob.glob(os.path.join(clips, "*.y4m"))):
        name = os.path.basename(path)[:-4]
        data, frames = read_y4m(path)
        runs = []
        with mp.solutions.hands.Hands(static_image_mode=False, max_num_hands=1, model_complexity=1,
                                      min_detection_confidence=0.5, min_tracking_confidence=0.5) as hands:
            for frame in frames:
                result = hands.process(frame)
                h, w = frame.shape[:2]
                runs.append([[[round(l.x * w, 3), round(l.y * h, 3)] for l in hand.landmark]
                             for hand in (result.multi_hand_landmarks or [])])
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump({"clip": name, "clip_hash": f"{zlib.crc32(data):08x}",
                       "generator": f"mediapipe {mp.__version__} solutions.hands video mode, max_num_hands=1, "
                                    "model_complexity=1", "frames": runs}, f, separators=(",", ":"))
        print(name, len(frames), "frames")


main()
