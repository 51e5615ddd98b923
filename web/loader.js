// Vitrine's showroom page: chooses the build this browser can run (WebGPU, else WebGL 2), shows real progress over
// the bytes of the app and of what the boutique's first frame needs, starts the app, and keeps `window.vitrine` (what
// the app reports: its screen, the pieces in view, errors) for the page, for links and for the browser tests.
// Everything is fetched from this page's own origin.

import { createCamera } from './camera.js';

const poster = document.getElementById('poster');
const bar = poster.querySelector('.bar');
const barFill = bar.querySelector('span');
const posterStatus = document.getElementById('poster-status');
const notice = document.getElementById('notice');
const params = new URLSearchParams(location.search);

const vitrine = {
  build: null,
  // 'loading' until the app reports its first screen, then the app's own screen names.
  screen: 'loading',
  firstFrame: false,
  progress: { receivedBytes: 0, expectedBytes: 0 },
  // The products the boutique shows on screen now: [{ sku, x, y }] in CSS pixels of the canvas.
  pieces: [],
  // The inspection panel's variant buttons: [{ kind: 'variant', label, selected, x, y }].
  buttons: [],
  // What the mouse rests on as the app's picking sees it: { kind: 'piece' | 'picker', sku } or
  // { kind: 'variant', label }, or null.
  hover: null,
  // The product open in the inspection, or null.
  inspecting: null,
  errors: [],
  // Set when the page reopened on WebGL 2 because WebGPU lost its device: { from: 'webgpu', reason }.
  fallback: null,
  // The latest try-on frame's entry, the same JSON as `vitrine tryon` writes per frame; null outside the try-on.
  tryon: null,
  // What runs the try-on's tracking: { runtime, provider } once its models have opened.
  tracking: null,
  // The try-on's camera (camera.js); the app opens and reads it.
  camera: createCamera(),
  // Saves what the shopper asked for (a try-on snapshot) as the browser's download; nothing is uploaded.
  download(name, type, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  },
  // Called by the app (src/web.rs) with an event name and a JSON string.
  notify(event, json) {
    let detail = null;
    try { detail = json ? JSON.parse(json) : null; } catch (e) { detail = json; }
    switch (event) {
      case 'screen':
        vitrine.screen = detail.screen;
        vitrine.inspecting = detail.sku ?? null;
        break;
      case 'first-frame':
        vitrine.firstFrame = true;
        finishLoading();
        break;
      case 'pieces':
        vitrine.pieces = detail;
        break;
      case 'buttons':
        vitrine.buttons = detail;
        break;
      case 'hover':
        vitrine.hover = detail;
        break;
      case 'tryon':
        vitrine.tryon = detail;
        break;
      case 'tracking':
        vitrine.tracking = detail;
        break;
      case 'error':
        showNotice(detail.message);
        vitrine.errors.push(detail.message);
        break;
    }
    window.dispatchEvent(new CustomEvent('vitrine-' + event, { detail }));
  },
};
window.vitrine = vitrine;

function showNotice(message) {
  notice.textContent = message;
  notice.hidden = false;
}

function unsupported(reason) {
  poster.hidden = true;
  document.getElementById('unsupported-reason').textContent = reason;
  document.getElementById('unsupported').hidden = false;
  vitrine.screen = 'unsupported';
  vitrine.errors.push(reason);
}

function setProgress() {
  const { receivedBytes, expectedBytes } = vitrine.progress;
  const percent = expectedBytes > 0 ? Math.min(100, (100 * receivedBytes) / expectedBytes) : 0;
  barFill.style.width = percent.toFixed(1) + '%';
  bar.setAttribute('aria-valuenow', percent.toFixed(0));
  const mb = (n) => (n / 1e6).toFixed(1);
  posterStatus.textContent =
    percent < 100 ? `Opening the boutique… ${mb(receivedBytes)} of ${mb(expectedBytes)} MB` : 'Lighting the boutique…';
}

function finishLoading() {
  vitrine.progress.receivedBytes = Math.max(vitrine.progress.receivedBytes, vitrine.progress.expectedBytes);
  setProgress();
  window.fetch = realFetch;
  poster.classList.add('gone');
  setTimeout(() => { poster.hidden = true; }, 700);
  document.getElementById('vitrine').focus();
}

// Counts the bytes of every response body read until the first frame (the app's assets are fetched through
// `window.fetch` by Bevy's web asset reader), so the bar moves with the download, not with a timer.
const realFetch = window.fetch.bind(window);
function countingFetch(input, init) {
  return realFetch(input, init).then((response) => {
    if (!response.ok || !response.body) return response;
    const counted = response.body.pipeThrough(new TransformStream({
      transform(chunk, controller) {
        vitrine.progress.receivedBytes += chunk.byteLength;
        setProgress();
        controller.enqueue(chunk);
      },
    }));
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  });
}

async function webgpuWorks() {
  if (!('gpu' in navigator)) return 'this browser has no WebGPU';
  try {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return 'WebGPU gave no adapter';
    // A device proves it; it is left to the collector, not destroyed: destroying it here lost the app's own
    // device in Chromium's SwiftShader WebGPU ("A valid external Instance reference no longer exists").
    await adapter.requestDevice();
    return null;
  } catch (e) {
    return 'WebGPU failed: ' + e;
  }
}

function webgl2Works() {
  try {
    return document.createElement('canvas').getContext('webgl2') ? null : 'WebGL 2 is not available';
  } catch (e) {
    return 'WebGL 2 failed: ' + e;
  }
}

async function chooseBuild(manifest) {
  const wanted = params.get('gpu');
  const reasons = [];
  for (const build of ['webgpu', 'webgl2']) {
    if (wanted && wanted !== build) continue;
    if (!manifest.builds[build]) continue;
    const problem = build === 'webgpu' ? await webgpuWorks() : webgl2Works();
    if (!problem) return build;
    reasons.push(problem);
  }
  unsupported(reasons.join('; ') || `no build for "${wanted}"`);
  return null;
}

// A WebGPU device the browser takes away (its GPU process restarted, a driver that cannot keep it) leaves the canvas
// dead: the page opens itself again on the WebGL 2 build, where there is one, and says why. Every device the app
// asks for is watched; a device destroyed on purpose is not a loss.
function fallBackOnDeviceLoss(manifest) {
  if (!manifest.builds.webgl2 || typeof GPUAdapter === 'undefined') return;
  const requestDevice = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...args) {
    const device = await requestDevice.apply(this, args);
    device.lost.then((info) => {
      if (info.reason === 'destroyed') return;
      const reason = info.message || 'the device was lost';
      vitrine.errors.push('WebGPU: ' + reason);
      const next = new URLSearchParams(location.search);
      next.set('gpu', 'webgl2');
      next.set('lost', 'webgpu');
      sessionStorage.setItem('vitrine-lost-reason', reason);
      location.replace(location.pathname + '?' + next.toString() + location.hash);
    });
    return device;
  };
}

// The page opened again after a WebGPU loss (above): the shopper is told, and `window.vitrine.fallback` says it.
function reportFallback() {
  if (params.get('lost') !== 'webgpu') return;
  const reason = sessionStorage.getItem('vitrine-lost-reason') || 'the device was lost';
  vitrine.fallback = { from: 'webgpu', reason };
  showNotice(`WebGPU stopped (${reason}); the boutique is shown with WebGL 2.`);
}

async function start() {
  let manifest;
  try {
    const response = await realFetch('manifest.json', { cache: 'no-cache' });
    if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
    manifest = await response.json();
  } catch (e) {
    unsupported('The showroom files are incomplete (' + e.message + '). Rebuild them with `cargo xtask web`.');
    return;
  }
  reportFallback();
  const build = await chooseBuild(manifest);
  if (!build) return;
  vitrine.build = build;
  if (build === 'webgpu') fallBackOnDeviceLoss(manifest);
  const files = manifest.builds[build];
  vitrine.progress.expectedBytes = files.wasm_bytes + manifest.first_frame_asset_bytes;
  setProgress();
  window.fetch = countingFetch;
  try {
    const glue = await import('./' + files.glue);
    await glue.default({ module_or_path: countingFetch(files.wasm) });
  } catch (e) {
    // winit leaves the start-up call by throwing once on purpose; the app keeps running in the browser's event loop.
    if (String(e).includes('Using exceptions for control flow')) return;
    console.error(e);
    showNotice('The boutique could not start: ' + (e.message || e));
    vitrine.errors.push(String(e));
  }
}

window.addEventListener('error', (e) => {
  if (String(e.message).includes('Using exceptions for control flow')) return;
  vitrine.errors.push(String(e.message));
});

start();
