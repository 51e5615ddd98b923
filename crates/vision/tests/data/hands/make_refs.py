#!/usr/bin/env python3
"""MediaPipe's static hand landmarks on the licence-clean hand photos of this folder: the ground truth of the
generated tracking clips (`vision::input::synthetic_clip`).

Sources (see ../README.md for licences): Debian `opencv-doc` 4.6.0+dfsg-12, files under
/usr/share/doc/opencv-doc/opencv4/html/ and /usr/share/doc/opencv-doc/examples/data/. `--make-png SRC_DIR` decodes
each JPEG once with Pillow (libjpeg-turbo) and stores it losslessly as PNG here, so Rust and MediaPipe read the same
pixels (jpeg-decoder differs from libjpeg-turbo by a few levels).

For every PNG, and for its left-right mirror (a left hand), it records MediaPipe 0.10.21's legacy
`solutions.hands.Hands(static_image_mode=True, max_num_hands=1, model_complexity=1, min_detection_confidence=0.5)`
output in refs.json:
  {"generator": ..., "photos": [{"photo": name, "mirrored": bool, "width", "height", "handedness", "score",
    "landmarks_px": [[x, y, z] x 21]}]}
x, y in pixels of the (mirrored) photo, z = z_norm x width (the conventions of ../refs).

Usage: python3 make_refs.py [--make-png SRC_DIR]   (in a venv with mediapipe==0.10.21)
"""
import json
import os
import sys

import mediapipe as mp
import numpy as np
from PIL import Image

PHOTOS = {
    # name here: file in opencv-doc
    "palm_table": "opencv4/html/handSrc.jpg",
    "palm_table_2": "opencv4/html/handDst.jpg",
    "palm_spread": "opencv4/html/Histogram_Comparison_Source_0.jpg",
    "palm_open": "opencv4/html/Histogram_Comparison_Source_1.jpg",
    "palm_dark_light": "opencv4/html/Histogram_Comparison_Source_2.jpg",
    "palm_window": "opencv4/html/Back_Projection1_Source_Image.jpg",
    "palm_up_dark_skin": "opencv4/html/Hull_Original_Image.jpg",
    "holding_clock": "opencv4/html/Threshold_inRange_Tutorial_Result_input.jpeg",
    "chessboard_grey": "examples/data/right04.jpg",
}

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--make-png":
        for name, rel in PHOTOS.items():
            img = Image.open(os.path.join(sys.argv[2], rel)).convert("RGB")
            img.save(os.path.join(HERE, name + ".png"), optimize=True)
    photos = []
    for name in PHOTOS:
        rgb = np.asarray(Image.open(os.path.join(HERE, name + ".png")).convert("RGB"))
        for mirrored in (False, True):
            image = np.ascontiguousarray(rgb[:, ::-1]) if mirrored else rgb
            height, width = image.shape[:2]
            with mp.solutions.hands.Hands(
                static_image_mode=True, max_num_hands=1, model_complexity=1, min_detection_confidence=0.5
            ) as hands:
                result = hands.process(image)
            if not result.multi_hand_landmarks:
                raise SystemExit(f"MediaPipe found no hand in {name} (mirrored={mirrored})")
            landmarks = result.multi_hand_landmarks[0].landmark
            label = result.multi_handedness[0].classification[0]
            photos.append({
                "photo": name,
                "mirrored": mirrored,
                "width": width,
                "height": height,
                "handedness": label.label,
                "score": round(label.score, 4),
                "landmarks_px": [[l.x * width, l.y * height, l.z * width] for l in landmarks],
            })
    with open(os.path.join(HERE, "refs.json"), "w") as f:
        json.dump({"generator": f"mediapipe {mp.__version__} solutions.hands static, max_num_hands=1, "
                   "model_complexity=1, min_detection_confidence=0.5", "photos": photos}, f, indent=1)


main()
