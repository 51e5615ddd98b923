// The web showroom in Debian's Chromium, driven by playwright-core (no browser download): run by `cargo xtask test`
// against `cargo xtask web`'s folder served by xtask's own server.
//
//   node tests/web/showroom.mjs <base-url> <node_modules> <out-dir> <clip.y4m>
//
// Checks, each on a fresh page, for the WebGL 2 build and then the WebGPU one (in a browser whose WebGPU runs on
// SwiftShader's Vulkan): it loads with its progress bar reaching the end and draws the boutique (pixels: the sky
// above, the stone below, not black); in the salon, with the network cut after loading, a click on a piece opens its
// inspection and a variant changes pixels. A WebGPU device lost (headless Chromium's default WebGPU loses it) makes
// the page reopen itself on WebGL 2 and say so. Every request stays on the page's own origin; a catalog with an error and a missing model are each a message in the page while the rest
// keeps working. The try-on, with Chromium's fake camera playing <clip.y4m> (a hand held still): `?tryon=SKU` opens
// it, the "Enable camera" button opens the camera, the ring is drawn on the finger the page's fit names (pixels: with
// the ring and without it, the pictures differ there and only there), and the runtime that tracks is the CPU's; a
// refused camera, no camera and a missing model are each a message while the rest keeps working. Prints the time to
// the first boutique frame and the try-on's tracked frames per second for the README. Screenshots go to <out-dir>.

import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [base, nodeModules, outDir, clip] = process.argv.slice(2);
if (!base || !nodeModules || !outDir || !clip) {
  console.error('usage: node tests/web/showroom.mjs <base-url> <node_modules> <out-dir> <clip.y4m>');
  process.exit(2);
}
// The try-on's piece: a ring (AUR-RG-TRI04) and the field of view the app assumes for a camera (tryon crate).
const RING = 'AUR-RG-TRI04';
const HFOV_DEG = 60;
// While working on one part: VITRINE_WEB_ONLY=place,salon,webgpu,bad,tryon (a comma list) runs only those.
const ONLY = process.env.VITRINE_WEB_ONLY ? process.env.VITRINE_WEB_ONLY.split(',') : null;
const runs = (part) => !ONLY || ONLY.includes(part);
const require = createRequire(join(nodeModules, 'noop.js'));
const { chromium } = require('playwright-core');
mkdirSync(outDir, { recursive: true });

const origin = new URL(base).origin;
const failures = [];
const results = {};
function check(condition, message) {
  if (!condition) failures.push(message);
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${message}`);
  return condition;
}

const launchArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];
const launch = (extra = []) => chromium.launch({
  executablePath: process.env.VITRINE_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [...launchArgs, ...extra],
});
const browser = await launch();
// WebGPU on SwiftShader's Vulkan device (ANGLE and Dawn both on it): without these flags headless Chromium's WebGPU
// loses its device as soon as the app's pipelines compile (the fallback check below relies on that).
const vulkanBrowser = await launch(['--enable-features=Vulkan', '--use-angle=vulkan', '--use-vulkan=swiftshader']);
// Chromium's fake camera playing the clip; the browser's permission prompt answered yes, or no.
const fakeCamera = ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${clip}`];
const cameraBrowser = await launch([...fakeCamera, '--use-fake-ui-for-media-stream']);
const refusingBrowser = await launch([...fakeCamera, '--deny-permission-prompts']);

// A page at `path` with every request recorded and the console kept; `routes` may replace responses.
async function open(path, { routes = {}, width = 1024, height = 640, on = browser, grant = [] } = {}) {
  const context = await on.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  if (grant.length > 0) await context.grantPermissions(grant, { origin });
  await context.addInitScript(DECODE);
  const page = await context.newPage();
  const requests = [];
  const consoleLines = [];
  page.on('request', (r) => requests.push(r.url()));
  // Requests still open, for the report of a page that stalls.
  const inFlight = new Set();
  page.on('request', (r) => inFlight.add(r));
  for (const done of ['requestfinished', 'requestfailed']) page.on(done, (r) => inFlight.delete(r));
  const unfinished = () => [...inFlight].map((r) => r.url().replace(origin, ''));
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  for (const [pattern, handler] of Object.entries(routes)) await page.route(pattern, handler);
  const started = Date.now();
  await page.goto(base + path);
  return { context, page, requests, consoleLines, started, unfinished };
}

// How long a check waits for the app to reach a state (the pieces listed once the camera rests, a panel rebuilt).
// Generous on purpose: under SwiftShader on two busy cores one WebGPU frame has taken several seconds, and a wait
// is not a measure of speed — a check fails only when the state never comes.
const STATE_WAIT_MS = 180_000;

async function waitFor(page, predicate, timeoutMs, what, arg = null) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: timeoutMs, polling: 250 });
    return true;
  } catch {
    console.log(`  (gave up waiting for ${what} after ${timeoutMs / 1000} s)`);
    return false;
  }
}

// A pointer that arrives, rests until the app's picking sees it over `target` (a piece lights up, a button
// highlights), then clicks, as a shopper's does. bevy_picking counts a click where the pointer hovered on the frame
// before the release, so a move and a click inside one slow frame would click on nothing: the wait is for that
// state, never a fixed time.
async function pointAndClick(page, at, target, what) {
  await page.mouse.move(at.x, at.y);
  const over = await waitFor(page, (t) => {
    const h = window.vitrine.hover;
    return h !== null && h.kind === t.kind && (h.sku ?? h.label) === (t.sku ?? t.label);
  }, STATE_WAIT_MS, `the pointer over ${what}`, target);
  if (!over) console.log(`  (the app saw the pointer over ${JSON.stringify(await page.evaluate(() => window.vitrine.hover))})`);
  await page.mouse.click(at.x, at.y);
  return over;
}

// Polls `predicate` in the page until it gives a value, across the page's own reloads (an evaluation in a document
// that is going away throws; the next one runs in the new document). The value, or null after `timeoutMs`.
async function pollAcrossReloads(page, predicate, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await page.evaluate(predicate).catch(() => null);
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(`  (gave up after ${timeoutMs / 1000} s)`);
  return null;
}

// Screenshots are decoded in the page itself, from base64 through a Blob (its content security policy allows no
// fetch of a data: address, nor eval): the test's one helper, added to every page before its own scripts.
const DECODE = `window.__vitrineTestDecode = async (b64) => {
  const text = atob(b64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
};`;

// Mean RGB and the share of near-black pixels in a rectangle of a PNG screenshot.
async function stats(page, png, rect) {
  return page.evaluate(async ({ b64, rect }) => {
    const decode = window.__vitrineTestDecode;
    const image = await decode(b64);
    const bitmap = { width: image.width, height: image.height };
    const [x, y, w, h] = rect.map((v, i) => Math.round(v * (i % 2 ? bitmap.height : bitmap.width)));
    let r = 0, g = 0, bl = 0, dark = 0, n = 0;
    for (let row = y; row < Math.min(y + h, image.height); row++) {
      for (let col = x; col < Math.min(x + w, image.width); col++) {
        const i = 4 * (row * image.width + col);
        r += image.data[i]; g += image.data[i + 1]; bl += image.data[i + 2]; n++;
        if (image.data[i] + image.data[i + 1] + image.data[i + 2] < 30) dark++;
      }
    }
    return { r: r / n, g: g / n, b: bl / n, darkShare: dark / n };
  }, { b64: png.toString('base64'), rect });
}

async function meanAbsDifference(page, pngA, pngB) {
  return page.evaluate(async ({ a, b }) => {
    const decode = window.__vitrineTestDecode;
    const [da, db] = [(await decode(a)).data, (await decode(b)).data];
    let sum = 0;
    for (let i = 0; i < da.length; i++) if (i % 4 !== 3) sum += Math.abs(da[i] - db[i]);
    return sum / ((da.length / 4) * 3);
  }, { a: pngA.toString('base64'), b: pngB.toString('base64') });
}

function foreign(requests) {
  return requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

// A screenshot waits for the compositor's next frame, and that one waits for the GPU process: on SwiftShader, with
// two cores, the app's pipelines compiling after its first frame can hold it well past Playwright's default 30 s.
// Slowness is not what these checks measure, so a screenshot gets three minutes, and a second try.
async function shot(page) {
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    try {
      const png = await page.screenshot({ timeout: 180_000 });
      const waited = (Date.now() - started) / 1000;
      if (waited > 20) console.log(`  (a screenshot waited ${waited.toFixed(0)} s for the compositor)`);
      return png;
    } catch (error) {
      if (attempt >= 2) throw error;
      console.log(`  (no frame for a screenshot in 180 s; trying once more)`);
    }
  }
}

function saveConsole(name, lines) {
  writeFileSync(join(outDir, `${name}.console.txt`), lines.join('\n') + '\n');
}

// 1. Each build on the place: progress, first frame, pixels, every request on the origin.
async function placeChecks(build, on) {
  const name = NAMES[build];
  let opened = await open(`?gpu=${build}&lang=en`, { on });
  const firstFrame = (page) => waitFor(page, () => window.vitrine && window.vitrine.firstFrame, 420_000, 'the first frame');
  let drawn = await firstFrame(opened.page);
  if (!drawn) {
    // Seen in two full CI runs, never alone: the first page of the run waits forever for one model (one copy of a
    // GLB's bytes never arrives) while later pages of the same build load. Said loudly, kept in the results, and
    // opened once more; a page that stalls twice fails.
    const pending = opened.unfinished();
    console.log(`STALL ${name}: no first frame in 420 s; requests never finished: ${pending.join(', ') || 'none'}; opening the page once more`);
    results[`${build}_first_page_stalled_on`] = pending;
    saveConsole(`${build}-stalled`, opened.consoleLines);
    await opened.context.close();
    opened = await open(`?gpu=${build}&lang=en`, { on });
    drawn = await firstFrame(opened.page);
  }
  const { context, page, requests, consoleLines, started } = opened;
  check(drawn, `${name}: the boutique reports its first frame`);
  results[`${build}_first_frame_s`] = (Date.now() - started) / 1000;
  const state = await page.evaluate(() => ({
    build: window.vitrine.build,
    progress: window.vitrine.progress,
    bar: document.querySelector('#poster .bar').getAttribute('aria-valuenow'),
  }));
  check(state.build === build, `${name}: the page chose the asked build (${state.build})`);
  check(state.bar === '100', `${name}: the progress bar reached the end (${state.bar}%, ${state.progress.receivedBytes} of ${state.progress.expectedBytes} bytes)`);
  check(state.progress.receivedBytes >= 0.9 * state.progress.expectedBytes,
    `${name}: the bar counted the bytes it promised (at least 90% of them arrived through it)`);
  results[`${build}_first_frame_bytes_received`] = state.progress.receivedBytes;
  await page.waitForTimeout(1500);
  const first = await shot(page);
  writeFileSync(join(outDir, `${build}-boutique.png`), first);
  // The arrival view on the place: sky above the roofs at the top corners, paving at the bottom corners (the
  // title, the help and the tagline sit in the middle).
  const whole = await stats(page, first, [0, 0, 1, 1]);
  const sky = await stats(page, first, [0.0, 0.0, 0.3, 0.06]);
  const ground = await stats(page, first, [0.0, 0.9, 0.12, 0.1]);
  check(whole.darkShare < 0.5, `${name}: the frame is not black (${(100 * whole.darkShare).toFixed(0)}% near-black)`);
  check(sky.b > sky.r + 10 && sky.b > 90, `${name}: sky above (mean ${sky.r.toFixed(0)},${sky.g.toFixed(0)},${sky.b.toFixed(0)})`);
  check(ground.r > 60 && ground.r >= ground.b && ground.r - ground.b < 80,
    `${name}: stone below (mean ${ground.r.toFixed(0)},${ground.g.toFixed(0)},${ground.b.toFixed(0)})`);
  check(foreign(requests).length === 0, `${name}: no request leaves the origin (${foreign(requests).join(', ') || 'none'})`);
  const metas = requests.filter((u) => u.endsWith('.meta'));
  check(metas.length === 0, `${name}: no .meta requests (${metas.length})`);
  saveConsole(build, consoleLines);
  await context.close();
}

// 2. In the salon, with the network cut after loading: a click on a piece opens its inspection, a variant changes
// pixels, and the language asked for is the one shown.
async function salonChecks(build, on) {
  const name = `Salon (${NAMES[build]})`;
  const { context, page, requests, consoleLines } = await open(`?gpu=${build}&lang=en&at=salon`, { on });
  const drawn = await waitFor(page, () => window.vitrine && window.vitrine.firstFrame, 420_000, 'the first frame');
  check(drawn, `${name}: the boutique reports its first frame`);
  await context.setOffline(true);
  // The app lists the pieces a click would reach once the camera is at rest.
  await waitFor(page, () => window.vitrine.pieces.length > 0, STATE_WAIT_MS, 'the pieces in view');
  const pieces = await page.evaluate(() => window.vitrine.pieces);
  check(pieces.length > 0, `${name}: the page knows the pieces a click reaches (${pieces.map((p) => p.sku).join(', ')})`);
  writeFileSync(join(outDir, `${build}-salon.png`), await shot(page));
  if (pieces.length > 0) {
    const piece = pieces[0];
    const over = await pointAndClick(page, piece, { kind: 'piece', sku: piece.sku }, piece.sku);
    check(over, `${name}: the app sees the pointer over ${piece.sku} before the click`);
    const opened = await waitFor(page, () => window.vitrine.screen === 'inspect', STATE_WAIT_MS, 'the inspection');
    check(opened, `${name}: a click on ${piece.sku} opens its inspection (offline)`);
    const sku = await page.evaluate(() => window.vitrine.inspecting);
    check(sku === piece.sku, `${name}: the inspection shows the piece clicked (${sku})`);
    await page.waitForTimeout(2500);
    const before = await shot(page);
    writeFileSync(join(outDir, `${build}-inspect.png`), before);
    // The variant buttons sit in the panel; the app reports them like the pieces.
    await waitFor(page, () => window.vitrine.buttons.length > 0, STATE_WAIT_MS, 'the variant buttons');
    const variants = await page.evaluate(() => window.vitrine.buttons.filter((b) => b.kind === 'variant'));
    if (check(variants.length > 1, `${name}: the panel offers variants (${variants.map((v) => v.label).join(', ')})`)) {
      const other = variants.find((v) => !v.selected) ?? variants[1];
      const onVariant = await pointAndClick(page, other, { kind: 'variant', label: other.label }, `"${other.label}"`);
      check(onVariant, `${name}: the app sees the pointer over "${other.label}" before the click`);
      const chosen = await waitFor(page, (label) => window.vitrine.buttons.some((b) => b.kind === 'variant' && b.label === label && b.selected),
        STATE_WAIT_MS, `"${other.label}" chosen`, other.label);
      check(chosen, `${name}: the panel shows "${other.label}" chosen after its click`);
      await page.waitForTimeout(2500);
      const after = await shot(page);
      writeFileSync(join(outDir, `${build}-variant.png`), after);
      const difference = await meanAbsDifference(page, before, after);
      check(difference > 0.5, `${name}: choosing "${other.label}" changes the picture (mean difference ${difference.toFixed(2)} levels)`);
    }
  }
  check(foreign(requests).length === 0, `${name}: no request leaves the origin (${foreign(requests).join(', ') || 'none'})`);
  saveConsole(`${build}-salon`, consoleLines);
  await context.close();
}

const NAMES = { webgl2: 'WebGL 2', webgpu: 'WebGPU' };
if (runs('place')) await placeChecks('webgl2', browser);
if (runs('salon')) await salonChecks('webgl2', browser);
// The WebGPU build does the same in a browser whose WebGPU runs on SwiftShader's Vulkan (below).
if (runs('webgpu')) {
  await placeChecks('webgpu', vulkanBrowser);
  await salonChecks('webgpu', vulkanBrowser);
}

// 3. A WebGPU device taken away: the page must reopen itself on WebGL 2 by itself, say so, and draw. Headless
// Chromium's default WebGPU (SwiftShader behind ANGLE's GL, without the Vulkan flags below) loses the app's device
// while its pipelines compile ("A valid external Instance reference no longer exists"): a real loss, and the
// fallback's test. Should that browser keep its device one day, the WebGPU build simply has to draw.
if (runs('webgpu')) {
  const { context, page, requests, consoleLines, started } = await open('?gpu=webgpu&lang=fr');
  const chosen = await waitFor(page, () => window.vitrine && (window.vitrine.build || window.vitrine.screen === 'unsupported'), STATE_WAIT_MS, 'a build');
  const build = chosen && (await page.evaluate(() => window.vitrine.build));
  if (check(build === 'webgpu', `Fallback: the page found an adapter and chose the WebGPU build (${build})`)) {
    // The page reloads itself when it falls back, so this polls across documents.
    const outcome = await pollAcrossReloads(page, () => {
      const v = window.vitrine;
      if (!v || !v.firstFrame) return null;
      return v.fallback ? 'fallback-drawn' : 'drawn';
    }, 420_000);
    const state = await page.evaluate(() => ({
      build: window.vitrine.build, fallback: window.vitrine.fallback,
      notice: document.getElementById('notice').hidden ? '' : document.getElementById('notice').textContent,
    })).catch(() => ({}));
    if (outcome === 'fallback-drawn') {
      check(state.build === 'webgl2', `Fallback: the WebGPU device was lost ("${state.fallback.reason}") and the page reopened on WebGL 2 (${state.build})`);
      check(/WebGPU/.test(state.notice || ''), `Fallback: the page says so ("${state.notice}")`);
      results.fallback_first_frame_s = (Date.now() - started) / 1000;
    } else {
      check(outcome === 'drawn', `Fallback: no device loss in this browser, and the WebGPU build drew (${outcome})`);
    }
    const picture = await shot(page);
    writeFileSync(join(outDir, 'fallback-boutique.png'), picture);
    if (outcome) {
      const whole = await stats(page, picture, [0, 0, 1, 1]);
      check(whole.darkShare < 0.5, `Fallback: the frame is not black (${(100 * whole.darkShare).toFixed(0)}% near-black)`);
    }
  }
  check(foreign(requests).length === 0, `Fallback: no request leaves the origin (${foreign(requests).join(', ') || 'none'})`);
  saveConsole('fallback', consoleLines);
  await context.close();
}

// 4. A catalog with an error (a typo in one product's file), missing models (every ring's file answers 404) and a
// model whose load for the hall never completes: each a message in the page, and the boutique still opens with the
// rest (after the app's minute of patience for the one that never comes).
if (runs('bad')) {
  const routes = {
    '**/assets/models/rings/*': (route) => route.fulfill({ status: 404, body: 'not found' }),
    // Read once by the catalog's check, then loaded for the hall: that second request is never answered and stays
    // open for the page's life (as one did in a CI run).
    '**/assets/models/watches/octogone_sport.glb': (() => {
      let seen = 0;
      return (route) => (seen++ === 0 ? route.continue() : undefined);
    })(),
    '**/assets/catalog/products/carre-scarf.ron': async (route) => {
      const response = await route.fetch();
      const text = (await response.text()).replace('category: Garment', 'category: Garmnet');
      await route.fulfill({ response, body: text });
    },
  };
  const { context, page, consoleLines } = await open('?gpu=webgl2&lang=en', { routes });
  const drawn = await waitFor(page, () => window.vitrine && window.vitrine.firstFrame, 420_000, 'the first frame');
  check(drawn, 'Bad data: the boutique still opens');
  const messages = await page.evaluate(() => window.vitrine.errors);
  check(messages.some((m) => /AUR-RG/i.test(m) && /model/i.test(m)),
    `Bad data: the page says which pieces' models are missing (${messages.length} messages)`);
  check(messages.some((m) => /AUR-WT-SPT02/.test(m) && /model/i.test(m)),
    'Bad data: the page says which piece\'s model never arrived');
  check(messages.some((m) => /carre-scarf|SCF01|Garmnet/i.test(m)),
    `Bad data: the page says which catalog entry has an error (${messages.filter((m) => !/AUR-RG/.test(m)).join(' | ')})`);
  const shown = await page.evaluate(() => !document.getElementById('notice').hidden);
  check(shown, 'Bad data: the message is shown in the page');
  writeFileSync(join(outDir, 'bad-data.png'), await shot(page));
  saveConsole('bad-data', consoleLines);
  await context.close();
}

// Where a frame pixel lands in the viewport: the camera's picture covers the canvas, centred, cropped at two sides.
function cover(framePx, viewport) {
  const scale = Math.max(viewport.width / framePx[0], viewport.height / framePx[1]);
  return {
    scale,
    at: ([x, y]) => [
      x * scale + (viewport.width - framePx[0] * scale) / 2,
      y * scale + (viewport.height - framePx[1] * scale) / 2,
    ],
  };
}

// Pixels that clearly differ between two screenshots within `box` [x, y, w, h] (viewport pixels): how many, their
// centroid, and how many of them lie within `radius` of `centre`.
async function changedAround(page, pngA, pngB, box, centre, radius) {
  return page.evaluate(async ({ a, b, box, centre, radius }) => {
    const decode = window.__vitrineTestDecode;
    const [ia, ib] = [await decode(a), await decode(b)];
    const [x0, y0] = [Math.max(0, Math.floor(box[0])), Math.max(0, Math.floor(box[1]))];
    const [x1, y1] = [Math.min(ia.width, Math.ceil(box[0] + box[2])), Math.min(ia.height, Math.ceil(box[1] + box[3]))];
    let changed = 0, inside = 0, sx = 0, sy = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = 4 * (y * ia.width + x);
        const d = Math.abs(ia.data[i] - ib.data[i]) + Math.abs(ia.data[i + 1] - ib.data[i + 1]) + Math.abs(ia.data[i + 2] - ib.data[i + 2]);
        if (d <= 60) continue;
        changed++; sx += x + 0.5; sy += y + 0.5;
        if (Math.hypot(x + 0.5 - centre[0], y + 0.5 - centre[1]) <= radius) inside++;
      }
    }
    return { changed, inside, centroid: changed ? [sx / changed, sy / changed] : null };
  }, { a: pngA.toString('base64'), b: pngB.toString('base64'), box, centre, radius });
}

// Waits for the try-on that `?tryon=` opens; presses "Enable camera" when the page shows it (a page that already
// holds the permission opens the camera at once). Returns 'button', 'at once' or null (neither came).
async function enableCamera(page) {
  await waitFor(page, () => window.vitrine && window.vitrine.screen === 'tryon', 420_000, 'the try-on screen');
  const came = await waitFor(page, () => {
    const button = document.getElementById('camera-button');
    return (button && !button.hidden) || !['asking', 'closed'].includes(window.vitrine.camera.state);
  }, STATE_WAIT_MS, 'the camera button or the camera');
  if (!came) return null;
  const visible = await page.evaluate(() => !document.getElementById('camera-button').hidden);
  if (!visible) return 'at once';
  await page.click('#camera-button');
  return 'button';
}

// 5. The try-on with the fake camera: the button, the ring on the finger, the runtime that tracks.
if (runs('tryon')) {
  const viewport = { width: 1024, height: 640 };
  const { context, page, requests, consoleLines } = await open(`?gpu=webgl2&lang=en&tryon=${RING}`, { on: cameraBrowser, ...viewport });
  const beforeTryOn = requests.length;
  const how = await enableCamera(page);
  check(how !== null, `Try-on: the camera opens (${how}: this browser already grants the page its camera)`);
  const revealed = await waitFor(page, () => window.vitrine.firstFrame && document.getElementById('poster').hidden, STATE_WAIT_MS, 'the poster to go');
  check(revealed, 'Try-on: the poster gives way to the try-on (the first frame is reported from any screen)');
  const opened = await waitFor(page, () => window.vitrine.camera.state === 'open', STATE_WAIT_MS, 'the camera');
  check(opened, `Try-on: the fake camera delivers (${await page.evaluate(() => window.vitrine.camera.state)})`);
  const tracking = await waitFor(page, () => window.vitrine.tracking, 180_000, 'the tracking models');
  const runtime = tracking && await page.evaluate(() => window.vitrine.tracking);
  check(runtime && runtime.provider === 'wasm (CPU)', `Try-on: the tracking runs on onnxruntime-web's CPU provider (${runtime && runtime.runtime})`);
  const worn = await waitFor(page, (sku) => {
    const fit = window.vitrine.tryon;
    const item = fit && fit.items && fit.items.find((i) => i.sku === sku);
    return item && item.visible && item.opacity >= 0.99 && item.anchor_px;
  }, 180_000, 'the ring on the hand', RING);
  check(worn, `Try-on: the page's fit puts ${RING} on the hand (window.vitrine.tryon)`);
  if (worn) {
    await page.waitForTimeout(2000);
    const fitBefore = await page.evaluate(() => window.vitrine.tryon);
    const withRing = await shot(page);
    const fitAfter = await page.evaluate(() => window.vitrine.tryon);
    writeFileSync(join(outDir, 'tryon-ring.png'), withRing);
    writeFileSync(join(outDir, 'tryon-fit.json'), JSON.stringify(fitAfter, null, 1));
    const frames = [fitBefore.frame, fitAfter.frame];
    const fps = await page.evaluate(async () => {
      const first = window.vitrine.tryon.frame;
      await new Promise((r) => setTimeout(r, 5000));
      return (window.vitrine.tryon.frame - first) / 5;
    });
    results.tryon_tracked_fps = fps;
    check(fps > 0, `Try-on: frames keep being tracked (${fps.toFixed(1)} per second; frames ${frames.join(' → ')})`);
    // The ring off (its picker button, the active piece): the picture without it, the same still hand.
    let buttons = await page.evaluate(() => window.vitrine.buttons);
    const folded = !buttons.some((b) => b.kind === 'piece');
    if (folded) {
      // The tray folds by itself while a worn piece sits under it; P opens it and keeps it open for the visit.
      await page.keyboard.press('p');
      const reopened = await waitFor(page, () => window.vitrine.buttons.some((b) => b.kind === 'piece'), STATE_WAIT_MS, 'the tray open');
      check(reopened, 'Try-on: P opens the tray that had folded away from the hand');
      buttons = await page.evaluate(() => window.vitrine.buttons);
    }
    results.tryon_tray_had_folded_for_the_hand = folded;
    const button = buttons.find((b) => b.kind === 'piece' && b.sku === RING);
    if (check(button && button.selected, `Try-on: the picker shows ${RING} worn`)) {
      const onButton = await pointAndClick(page, button, { kind: 'picker', sku: RING }, `the ${RING} button`);
      check(onButton, `Try-on: the app sees the pointer over the ${RING} button before the click`);
      const off = await waitFor(page, () => window.vitrine.tryon && window.vitrine.tryon.items.length === 0, STATE_WAIT_MS, 'the ring off');
      check(off, 'Try-on: its picker button takes the ring off');
      await page.waitForTimeout(2000);
      const without = await shot(page);
      writeFileSync(join(outDir, 'tryon-without.png'), without);
      const item = fitAfter.items.find((i) => i.sku === RING);
      const frameSize = await page.evaluate(() => [window.vitrine.camera.width, window.vitrine.camera.height]);
      const view = cover(frameSize, viewport);
      const centre = view.at(item.anchor_px);
      const focalPx = frameSize[0] / 2 / Math.tan((HFOV_DEG * Math.PI) / 360);
      // A ring's reach around its anchor: the band's radius and a little more, at the finger's depth.
      const radius = Math.max(12, (0.02 * focalPx) / item.depth_m * view.scale);
      const box = [centre[0] - 4 * radius, centre[1] - 4 * radius, 8 * radius, 8 * radius];
      const seen = await changedAround(page, withRing, without, box, centre, radius);
      const away = seen.centroid ? Math.hypot(seen.centroid[0] - centre[0], seen.centroid[1] - centre[1]) : Infinity;
      check(seen.changed > 40, `Try-on: the ring is drawn (${seen.changed} pixels change when it comes off)`);
      check(seen.changed > 0 && seen.inside / seen.changed >= 0.8 && away <= radius / 2,
        `Try-on: the ring is on the finger the fit names, not beside it (${seen.inside} of ${seen.changed} changed pixels within ${radius.toFixed(0)} px of (${centre.map((v) => v.toFixed(0)).join(', ')}); their centre ${away.toFixed(1)} px from it)`);
    }
  }
  const runtimeRequests = requests.slice(beforeTryOn).filter((u) => u.includes('/ort/') || u.includes('/assets/ml/'));
  const early = requests.slice(0, beforeTryOn).filter((u) => u.includes('/ort/') || u.includes('/assets/ml/'));
  check(early.length === 0 && runtimeRequests.length > 0,
    `Try-on: the ML runtime and models load only when the try-on opens (${runtimeRequests.length} requests then, ${early.length} before)`);
  check(foreign(requests).length === 0, `Try-on: no request leaves the origin (${foreign(requests).join(', ') || 'none'})`);
  saveConsole('tryon', consoleLines);
  await context.close();
}

// 6. The try-on's bad cases, each a message in the page while the rest keeps working: the camera refused, no camera
// at all, a tracking model missing.
for (const bad of !runs('tryon') ? [] : [
  { name: 'refused', on: refusingBrowser, expect: /allow the camera/i, button: true },
  { name: 'no camera', on: browser, grant: ['camera'], expect: /no camera/i },
  {
    name: 'missing model',
    on: cameraBrowser,
    routes: { '**/assets/ml/palm_detection_lite.onnx': (route) => route.fulfill({ status: 404, body: 'not found' }) },
    expect: /tracking unavailable.*palm_detection_lite/i,
  },
]) {
  const { context, page, consoleLines } = await open(`?gpu=webgl2&lang=en&tryon=${RING}`, { on: bad.on, grant: bad.grant ?? [], routes: bad.routes ?? {} });
  const how = await enableCamera(page);
  if (bad.button) check(how === 'button', `Try-on, ${bad.name}: the page asks first, with its "Enable camera" button (${how})`);
  const said = await waitFor(page, (source) => window.vitrine.errors.some((m) => new RegExp(source, 'i').test(m)),
    120_000, `the message for ${bad.name}`, bad.expect.source);
  const messages = await page.evaluate(() => window.vitrine.errors);
  check(said, `Try-on, ${bad.name}: the page says so (${messages.join(' | ') || 'no message'})`);
  writeFileSync(join(outDir, `tryon-${bad.name.replace(' ', '-')}.png`), await shot(page));
  await page.keyboard.press('Escape');
  const back = await waitFor(page, () => window.vitrine.screen === 'boutique', STATE_WAIT_MS, 'the boutique again');
  check(back, `Try-on, ${bad.name}: Esc returns to the boutique, which keeps working`);
  saveConsole(`tryon-${bad.name.replace(' ', '-')}`, consoleLines);
  await context.close();
}

console.log(JSON.stringify({ measured: results }));
await Promise.all([browser.close(), vulkanBrowser.close(), cameraBrowser.close(), refusingBrowser.close()]);
if (failures.length > 0) {
  console.error(`\n${failures.length} web check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
