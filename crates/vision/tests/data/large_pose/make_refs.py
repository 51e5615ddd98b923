#!/usr/bin/env python3
"""MediaPipe pose references for LARGE photos, built from the small public-domain photos in ../ (tests/data).

What it builds
--------------
Each test image is made from ../astronaut.png (512x512, NASA, public domain) and ../grace_hopper.png (512x600,
US Navy, public domain; the Pillow 13.0.0 / libjpeg-turbo 3.2.0 decode of ../grace_hopper.jpg, made once with
`--make-png`, sha256 e0129efe...b1fb01d; OpenCV's decode is identical) with operations that are bit-exact in any
language: integer nearest-neighbour upscaling (every pixel repeated k x k times), horizontal mirroring
(column x -> W-1-x) and pasting onto a constant grey (114,114,114) RGB canvas.
No interpolation, no JPEG decode at test time, no re-encoding. The images themselves are not stored; the Rust test
rebuilds them from the two PNGs.

  name             size (WxH)   construction
  astronaut_x1     512x512      astronaut.png as is (control)
  astronaut_x4     2048x2048    astronaut.png, nearest-neighbour x4
  grace_hopper_x1  512x600      grace_hopper.png as is (control)
  grace_hopper_x4  2048x2400    grace_hopper.png, nearest-neighbour x4
  group_x1         1024x1200    grey (114,114,114) canvas; paste (top-left corner, x,y):
                                  grace_hopper at (0,0); astronaut at (512,44);
                                  astronaut mirrored at (0,644); grace_hopper mirrored at (512,600)
  group_x2         2048x2400    group_x1, nearest-neighbour x2

(Pastes never overlap and never leave the canvas; group_x1 rows 0..44 and 556..600 of the right column and rows
600..644 and 1156..1200 of the left column stay grey.)

What it records
---------------
For each image, <name>.json:
  {"image", "width", "height", "construction", "generator",
   "pose": {"landmarks_px": 33 x [x, y, z, visibility], "world_m": 33 x [x, y, z, visibility]} | null}
with x_px = x_norm*W, y_px = y_norm*H, z_px = z_norm*W (MediaPipe's z uses the x scale), world in metres,
values rounded to 6 decimals: the conventions of ../shared/testdata/refs/*.json.

MediaPipe: mediapipe==0.10.21 from PyPI, legacy `mp.solutions.pose.Pose(static_image_mode=True,
model_complexity=1, enable_segmentation=False, min_detection_confidence=0.5)`, fed the RGB uint8 array, one fresh
Pose per image. Only `import mediapipe as mp` is used: importing
mediapipe.calculators.util.refine_landmarks_from_heatmap_calculator_pb2 (or anything that pulls it in) before the
graph is built makes the heatmap refinement honour the graph's kernel_size 7; without it the proto default 9 is
used (mediapipe PR #5865), which is what mp.solutions users get and what these references contain.

How to rerun
------------
    python3 -m venv venv && venv/bin/pip install mediapipe==0.10.21 pillow numpy
    venv/bin/python make_refs.py              # rewrites the *.json next to this script
    venv/bin/python make_refs.py --make-png   # (done once) writes ../grace_hopper.png from ../grace_hopper.jpg;
                                              # another JPEG decoder would change its pixels and void the JSON
    venv/bin/python make_refs.py --save-images DIR   # also writes the built images as PNG, for inspection
The tests never run this script; they only read the JSON files.
"""
import json
import os
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
GREY = 114


def load(name):
    return np.asarray(Image.open(os.path.join(DATA, name)).convert('RGB'), dtype=np.uint8)


def upscale(img, k):
    """Nearest neighbour by an integer factor: out[y, x] = img[y // k, x // k]."""
    return np.repeat(np.repeat(img, k, axis=0), k, axis=1)


def mirror(img):
    """out[y, x] = img[y, W - 1 - x]."""
    return np.ascontiguousarray(img[:, ::-1])


def paste(canvas, img, x, y):
    h, w = img.shape[:2]
    canvas[y:y + h, x:x + w] = img


def group():
    ast, gh = load('astronaut.png'), load('grace_hopper.png')
    canvas = np.full((1200, 1024, 3), GREY, np.uint8)
    paste(canvas, gh, 0, 0)
    paste(canvas, ast, 512, 44)
    paste(canvas, mirror(ast), 0, 644)
    paste(canvas, mirror(gh), 512, 600)
    return canvas


GROUP = ('grey (114,114,114) 1024x1200 canvas; pasted at top-left (x,y): grace_hopper.png (0,0), '
         'astronaut.png (512,44), astronaut.png mirrored left-right (0,644), grace_hopper.png mirrored left-right '
         '(512,600)')
IMAGES = [
    ('astronaut_x1', lambda: load('astronaut.png'), 'astronaut.png as is'),
    ('astronaut_x4', lambda: upscale(load('astronaut.png'), 4),
     'astronaut.png nearest-neighbour upscaled x4 (out[y][x] = in[y/4][x/4])'),
    ('grace_hopper_x1', lambda: load('grace_hopper.png'), 'grace_hopper.png as is'),
    ('grace_hopper_x4', lambda: upscale(load('grace_hopper.png'), 4),
     'grace_hopper.png nearest-neighbour upscaled x4 (out[y][x] = in[y/4][x/4])'),
    ('group_x1', group, GROUP),
    ('group_x2', lambda: upscale(group(), 2),
     GROUP + '; then nearest-neighbour upscaled x2 (out[y][x] = in[y/2][x/2])'),
]


def make_png():
    """The one-off decode of grace_hopper.jpg (PIL / libjpeg-turbo) that the images are built from."""
    im = Image.open(os.path.join(DATA, 'grace_hopper.jpg')).convert('RGB')
    im.save(os.path.join(DATA, 'grace_hopper.png'), optimize=True)


def main():
    if '--make-png' in sys.argv:
        make_png()
    save_dir = sys.argv[sys.argv.index('--save-images') + 1] if '--save-images' in sys.argv else None

    import mediapipe as mp  # nothing else from mediapipe before this (see the docstring)
    r6 = lambda v: round(float(v), 6)
    for name, build, construction in IMAGES:
        img = np.ascontiguousarray(build())
        h, w = img.shape[:2]
        if save_dir:
            Image.fromarray(img).save(os.path.join(save_dir, name + '.png'))
        with mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1, enable_segmentation=False,
                                    min_detection_confidence=0.5) as pose:
            res = pose.process(img)
        out = None
        if res.pose_landmarks is not None:
            out = {
                'landmarks_px': [[r6(p.x * w), r6(p.y * h), r6(p.z * w), r6(p.visibility)]
                                 for p in res.pose_landmarks.landmark],
                'world_m': [[r6(p.x), r6(p.y), r6(p.z), r6(p.visibility)]
                            for p in res.pose_world_landmarks.landmark],
            }
        doc = {
            'image': name, 'width': w, 'height': h, 'construction': construction,
            'generator': {'mediapipe': mp.__version__, 'api': 'mediapipe.solutions.pose (legacy)',
                          'pose': {'static_image_mode': True, 'model_complexity': 1, 'enable_segmentation': False,
                                   'min_detection_confidence': 0.5},
                          'px_convention': 'x_px = x_norm*width, y_px = y_norm*height, z_px = z_norm*width'},
            'pose': out,
        }
        with open(os.path.join(HERE, name + '.json'), 'w') as f:
            json.dump(doc, f, separators=(',', ':'))
            f.write('\n')
        print(name, w, h, 'pose' if out else 'no pose')


if __name__ == '__main__':
    main()
