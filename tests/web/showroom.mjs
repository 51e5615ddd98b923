// The web showroom in Debian's Chromium, driven by playwright-core (no browser download): run by `cargo xtask test`
// against `cargo xtask web`'s folder served by xtask's own server.
//
//   node tests/web/showroom.mjs <base-url> <node_modules> <out-dir>
//
// Checks, each on a fresh page: the WebGL 2 build loads with its progress bar reaching the end, draws the boutique
// (pixels: the sky above, the stone below, not black), a click on a piece opens its inspection and a variant changes
// pixels, with the network cut after loading; the WebGPU build starts and draws; every request stays on the page's own
// origin; a catalog with an error and a missing model are each a message in the page while the rest keeps working.
// Prints the time to the first boutique frame for the README. Screenshots go to <out-dir> for a person to look at.

import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [base, nodeModules, outDir] = process.argv.slice(2);
if (!base || !nodeModules || !outDir) {
  console.error('usage: node tests/web/showroom.mjs <base-url> <node_modules> <out-dir>');
  process.exit(2);
}
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

const browser = await chromium.launch({
  executablePath: process.env.VITRINE_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--enable-unsafe-webgpu',
    '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist',
  ],
});

// A page at `path` with every request recorded and the console kept; `routes` may replace responses.
async function open(path, { routes = {}, width = 1024, height = 640 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const requests = [];
  const consoleLines = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  for (const [pattern, handler] of Object.entries(routes)) await page.route(pattern, handler);
  const started = Date.now();
  await page.goto(base + path);
  return { context, page, requests, consoleLines, started };
}

async function waitFor(page, predicate, timeoutMs, what) {
  try {
    await page.waitForFunction(predicate, null, { timeout: timeoutMs, polling: 250 });
    return true;
  } catch {
    console.log(`  (gave up waiting for ${what} after ${timeoutMs / 1000} s)`);
    return false;
  }
}

// Mean RGB and the share of near-black pixels in a rectangle of a PNG screenshot, decoded in the page itself.
async function stats(page, png, rect) {
  return page.evaluate(async ({ b64, rect }) => {
    const blob = await (await fetch('data:image/png;base64,' + b64)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const [x, y, w, h] = rect.map((v, i) => Math.round(v * (i % 2 ? bitmap.height : bitmap.width)));
    const data = ctx.getImageData(x, y, w, h).data;
    let r = 0, g = 0, bl = 0, dark = 0;
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      r += data[i]; g += data[i + 1]; bl += data[i + 2];
      if (data[i] + data[i + 1] + data[i + 2] < 30) dark++;
    }
    return { r: r / n, g: g / n, b: bl / n, darkShare: dark / n };
  }, { b64: png.toString('base64'), rect });
}

async function meanAbsDifference(page, pngA, pngB) {
  return page.evaluate(async ({ a, b }) => {
    const decode = async (b64) => {
      const bitmap = await createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      return ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    };
    const [da, db] = [await decode(a), await decode(b)];
    let sum = 0;
    for (let i = 0; i < da.length; i++) if (i % 4 !== 3) sum += Math.abs(da[i] - db[i]);
    return sum / ((da.length / 4) * 3);
  }, { a: pngA.toString('base64'), b: pngB.toString('base64') });
}

function foreign(requests) {
  return requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

function saveConsole(name, lines) {
  writeFileSync(join(outDir, `${name}.console.txt`), lines.join('\n') + '\n');
}

// 1. The WebGL 2 build: progress, first frame, pixels, a piece, a variant, the network cut.
{
  const { context, page, requests, consoleLines, started } = await open('?gpu=webgl2&lang=en');
  const drawn = await waitFor(page, () => window.vitrine && window.vitrine.firstFrame, 420_000, 'the first frame');
  check(drawn, 'WebGL 2: the boutique reports its first frame');
  results.webgl2_first_frame_s = (Date.now() - started) / 1000;
  const state = await page.evaluate(() => ({
    build: window.vitrine.build,
    progress: window.vitrine.progress,
    bar: document.querySelector('#poster .bar').getAttribute('aria-valuenow'),
  }));
  check(state.build === 'webgl2', `WebGL 2: the page chose the asked build (${state.build})`);
  check(state.bar === '100', `WebGL 2: the progress bar reached the end (${state.bar}%, ${state.progress.receivedBytes} of ${state.progress.expectedBytes} bytes)`);
  check(state.progress.receivedBytes >= 0.9 * state.progress.expectedBytes,
    'WebGL 2: the bar counted the bytes it promised (at least 90% of them arrived through it)');
  await page.waitForTimeout(1500);
  const first = await page.screenshot();
  writeFileSync(join(outDir, 'webgl2-boutique.png'), first);
  const whole = await stats(page, first, [0, 0, 1, 1]);
  const sky = await stats(page, first, [0.1, 0.02, 0.8, 0.15]);
  const ground = await stats(page, first, [0.1, 0.85, 0.8, 0.13]);
  check(whole.darkShare < 0.5, `WebGL 2: the frame is not black (${(100 * whole.darkShare).toFixed(0)}% near-black)`);
  check(sky.b > sky.r && sky.b > 90, `WebGL 2: sky above (mean ${sky.r.toFixed(0)},${sky.g.toFixed(0)},${sky.b.toFixed(0)})`);
  check(ground.r > 60 && Math.abs(ground.r - ground.b) < 60,
    `WebGL 2: stone below (mean ${ground.r.toFixed(0)},${ground.g.toFixed(0)},${ground.b.toFixed(0)})`);
  // Cut the network: everything the boutique and an inspection need is already here.
  await context.setOffline(true);
  const pieces = await page.evaluate(() => window.vitrine.pieces);
  check(pieces.length > 0, `WebGL 2: the page knows the pieces in view (${pieces.length})`);
  if (pieces.length > 0) {
    const piece = pieces[0];
    await page.mouse.move(piece.x, piece.y);
    await page.waitForTimeout(400);
    await page.mouse.click(piece.x, piece.y);
    const opened = await waitFor(page, () => window.vitrine.screen === 'inspect', 60_000, 'the inspection');
    check(opened, `WebL 2: a click on ${piece.sku} opens its inspection (offline)`);
    const sku = await page.evaluate(() => window.vitrine.inspecting);
    check(sku === piece.sku, `WebGL 2: the inspection shows the piece clicked (${sku})`);
    await page.waitForTimeout(2500);
    const before = await page.screenshot();
    writeFileSync(join(outDir, 'webgl2-inspect.png'), before);
    // The variant buttons sit in the panel; the app reports them like the pieces.
    const variants = await page.evaluate(() => window.vitrine.buttons.filter((b) => b.kind === 'variant'));
    if (check(variants.length > 1, `WebGL 2: the panel offers variants (${variants.length})`)) {
      const other = variants.find((v) => !v.selected) ?? variants[1];
      await page.mouse.click(other.x, other.y);
      await page.waitForTimeout(2500);
      const after = await page.screenshot();
      writeFileSync(join(outDir, 'webgl2-variant.png'), after);
      const difference = await meanAbsDifference(page, before, after);
      check(difference > 0.5, `WebGL 2: choosing "${other.label}" changes the picture (mean difference ${difference.toFixed(2)} levels)`);
    }
  }
  check(foreign(requests).length === 0, `WebGL 2: no request leaves the origin (${foreign(requests).join(', ') || 'none'})`);
  const metas = requests.filter((u) => u.endsWith('.meta'));
  check(metas.length === 0, `WebGL 2: no .meta requests (${metas.length})`);
  saveConsole('webgl2', consoleLines);
  await context.close();
}

// 2. The WebGPU build (SwiftShader's adapter here: slow; a smaller check).
{
  const { context, page, requests, consoleLines, started } = await open('?gpu=webgpu&lang=fr');
  const chosen = await waitFor(page, () => window.vitrine && (window.vitrine.build || window.vitrine.screen === 'unsupported'), 60_000, 'a build');
  const build = chosen && (await page.evaluate(() => window.vitrine.build));
  if (check(build === 'webgpu', `WebGPU: the page found an adapter and chose the WebGPU build (${build})`)) {
    const drawn = await waitFor(page, () => window.vitrine.firstFrame, 420_000, 'the first frame');
    check(drawn, 'WebGPU: the boutique reports its first frame');
    results.webgpu_first_frame_s = (Date.now() - started) / 1000;
    await page.waitForTimeout(1500);
    const shot = await page.screenshot();
    writeFileSync(join(outDir, 'webgpu-boutique.png'), shot);
    const whole = await stats(page, shot, [0, 0, 1, 1]);
    check(whole.darkShare < 0.5, `WebGPU: the frame is not black (${(100 * whole.darkShare).toFixed(0)}% near-black)`);
  }
  check(foreign(requests).length === 0, `WebGPU: no request leaves the origin (${foreign(requests).join(', ') || 'none'})`);
  saveConsole('webgpu', consoleLines);
  await context.close();
}

// 3. A catalog with an error and a missing model: a message in the page, the boutique still opens.
{
  const routes = {
    '**/assets/models/rings/*': (route) => route.fulfill({ status: 404, body: 'not found' }),
  };
  const { context, page, consoleLines } = await open('?gpu=webgl2&lang=en', { routes });
  const drawn = await waitFor(page, () => window.vitrine && window.vitrine.firstFrame, 420_000, 'the first frame');
  check(drawn, 'Missing models: the boutique still opens');
  const messages = await page.evaluate(() => window.vitrine.errors);
  check(messages.some((m) => /ring|AUR-RG/i.test(m)), `Missing models: the page says which pieces are missing (${messages.join(' | ')})`);
  const shown = await page.evaluate(() => !document.getElementById('notice').hidden);
  check(shown, 'Missing models: the message is shown in the page');
  writeFileSync(join(outDir, 'missing-models.png'), await page.screenshot());
  saveConsole('missing-models', consoleLines);
  await context.close();
}

console.log(JSON.stringify({ measured: results }));
await browser.close();
if (failures.length > 0) {
  console.error(`\n${failures.length} web check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
