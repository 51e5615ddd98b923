"""Times Google's MediaPipe 0.10.21 (legacy `solutions.hands`, video mode, one hand, model_complexity 1) on the
test clip, for a side-by-side comparison with `cargo bench -p vision`. Run by `cargo xtask bench vision --peer`
inside a throw-away venv; prints one Markdown table row. Usage: mediapipe_hands.py CLIP.y4m[.xz]"""
import lzma
import statistics
import sys
import time

import mediapipe as mp
import numpy as np


def read_y4m(path):
    with (lzma.open(path, "rb") if path.endswith(".xz") else open(path, "rb")) as f:
        header = f.readline().split()
        width = int(next(t[1:] for t in header if t.startswith(b"W")))
        height = int(next(t[1:] for t in header if t.startswith(b"H")))
        frames = []
        while f.readline():
            y = np.frombuffer(f.read(width * height), np.uint8).reshape(height, width).astype(np.float32)
            u = np.frombuffer(f.read(width * height // 4), np.uint8).reshape(height // 2, width // 2)
            v = np.frombuffer(f.read(width * height // 4), np.uint8).reshape(height // 2, width // 2)
            u = u.repeat(2, 0).repeat(2, 1).astype(np.float32) - 128
            v = v.repeat(2, 0).repeat(2, 1).astype(np.float32) - 128
            rgb = np.stack([y + 1.402 * v, y - 0.344136 * u - 0.714136 * v, y + 1.772 * u], -1)
            frames.append(np.ascontiguousarray(rgb.clip(0, 255).round().astype(np.uint8)))
    return frames


def main():
    frames = read_y4m(sys.argv[1])[:90]
    for static, label in [(True, "detection"), (False, "tracked")]:
        with mp.solutions.hands.Hands(static_image_mode=static, max_num_hands=1, model_complexity=1) as hands:
            times = []
            for rounds in range(2):
                for frame in frames:
                    start = time.perf_counter()
                    hands.process(frame)
                    if rounds == 1:
                        times.append((time.perf_counter() - start) * 1000)
            print(f"| MediaPipe 0.10.21 hands | Full | {label} | {len(times)} | | | | {statistics.median(times):.2f} | | |")


main()
