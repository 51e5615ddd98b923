// The try-on's camera in the page (src/web/camera.rs drives it). It opens only from the page's "Enable camera"
// button — getUserMedia wants the shopper's gesture and a secure context — or at once where this page already holds
// the permission. Frames are read through a canvas for the app's tracking; no frame leaves the page or is stored.

/** The states the app reads: 'closed' | 'asking' (the button is shown) | 'opening' | 'open' | 'denied' | 'none'
 * (no camera) | 'lost' (it stopped delivering) | 'failed'. */
export function createCamera() {
  const button = document.getElementById('camera-button');
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  const canvas = document.createElement('canvas');
  let context = null;
  let stream = null;
  let lastTime = -1;
  let started = 0;
  let wanted = false;

  const camera = {
    state: 'closed',
    error: null,
    // The size of the frames handed to the app (the camera's own, at most 640 px wide).
    width: 0,
    height: 0,

    /** Called by the app when the try-on opens, with the button's label in the shopper's language. */
    open(label) {
      wanted = true;
      if (label) button.textContent = label;
      if (camera.state === 'open' || camera.state === 'opening') return;
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        fail('none', window.isSecureContext
          ? 'this browser gives pages no camera'
          : 'the camera needs a secure page (https or localhost)');
        return;
      }
      camera.state = 'asking';
      camera.error = null;
      alreadyGranted().then((granted) => {
        if (!wanted || camera.state !== 'asking') return;
        if (granted) start();
        else button.hidden = false;
      });
    },

    /** Called by the app when the try-on closes: the camera's light goes off. */
    close() {
      wanted = false;
      hideButton();
      if (stream) for (const track of stream.getTracks()) track.stop();
      stream = null;
      video.srcObject = null;
      lastTime = -1;
      camera.state = 'closed';
    },

    /** The newest video frame as { width, height, data (RGBA), timeSecs }, or null when none came since the last. */
    grab() {
      if (camera.state !== 'open' || video.readyState < 2 || video.currentTime === lastTime) return null;
      lastTime = video.currentTime;
      const scale = Math.min(1, 640 / video.videoWidth);
      const width = Math.max(1, Math.round(video.videoWidth * scale));
      const height = Math.max(1, Math.round(video.videoHeight * scale));
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
        context = null;
      }
      context ??= canvas.getContext('2d', { willReadFrequently: true, alpha: false });
      context.drawImage(video, 0, 0, width, height);
      camera.width = width;
      camera.height = height;
      const pixels = context.getImageData(0, 0, width, height);
      return { width, height, data: pixels.data, timeSecs: (performance.now() - started) / 1000 };
    },
  };

  function fail(state, message) {
    hideButton();
    camera.state = state;
    camera.error = message;
  }

  async function alreadyGranted() {
    try {
      return (await navigator.permissions.query({ name: 'camera' })).state === 'granted';
    } catch (e) {
      return false;
    }
  }

  // The button gone, the keys go to the boutique again (Esc, L, H, S).
  function hideButton() {
    if (button.hidden) return;
    button.hidden = true;
    document.getElementById('vitrine').focus();
  }

  async function start() {
    hideButton();
    camera.state = 'opening';
    try {
      const opened = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
      if (!wanted) {
        for (const track of opened.getTracks()) track.stop();
        return;
      }
      stream = opened;
      for (const track of stream.getVideoTracks()) {
        track.addEventListener('ended', () => {
          if (camera.state === 'open') fail('lost', 'the camera stopped (unplugged, or taken by another program)');
        });
      }
      video.srcObject = stream;
      await video.play();
      started = performance.now();
      camera.state = 'open';
    } catch (e) {
      const name = e && e.name;
      if (name === 'NotAllowedError' || name === 'SecurityError') fail('denied', 'the camera was refused for this page');
      else if (name === 'NotFoundError' || name === 'OverconstrainedError') fail('none', 'no camera is connected');
      else if (name === 'NotReadableError') fail('failed', 'the camera is in use by another program');
      else fail('failed', String((e && e.message) || e));
    }
  }

  button.addEventListener('click', () => {
    if (camera.state === 'asking') start();
  });
  return camera;
}
