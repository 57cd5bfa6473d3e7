// The camera reading QR codes, offline: the back camera's stream in a <video>, each frame read
// by the browser's own BarcodeDetector where it has one (Android's Chrome), else by jsQR
// (vendored, pwa/vendor/jsqr) on the frame drawn small into a canvas. Nothing leaves the phone.

// A frame read every this many ms: quick enough to feel instant, light on a cheap phone.
const EVERY_MS = 120;
// Frames are read at most this wide (jsQR's time grows with the pixels; a poster's code
// filling a third of the view still has modules of several pixels).
const READ_WIDTH = 640;

async function nativeReader() {
  if (!("BarcodeDetector" in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (!formats.includes("qr_code")) return null;
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  } catch {
    return null;
  }
}

async function jsqrReader() {
  const { default: jsQR } = await import("../../vendor/jsqr/index.js");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    const scale = Math.min(1, READ_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" })
      ?.data ?? null;
  };
}

/** The reader of frames this browser has: the native one, else jsQR (loaded now, so that
 *  the first frame is read at once). */
export async function frameReader() {
  return (await nativeReader()) ?? jsqrReader();
}

/** Open the back camera into video and call onCode(text) with each code read, until the
 *  returned stop() is called or signal aborts. Rejects (NotAllowedError, NotFoundError, ...)
 *  when the camera cannot be opened. */
export async function startScanner(video, onCode, signal) {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error("NotSupportedError");
  const [stream, read] = await Promise.all([
    navigator.mediaDevices.getUserMedia({ audio: false,
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 } } }),
    frameReader(),
  ]);
  let timer = null;
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    stream.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
  };
  if (signal.aborted) {
    stop();
    return stop;
  }
  signal.addEventListener("abort", stop, { once: true });
  video.srcObject = stream;
  video.muted = true;
  video.setAttribute("playsinline", "");
  await video.play().catch(() => {});
  const tick = async () => {
    if (stopped) return;
    if (video.readyState >= 2 && video.videoWidth) {
      const text = await read(video).catch(() => null);
      if (stopped) return;
      if (text) onCode(text);
    }
    if (!stopped) timer = setTimeout(tick, EVERY_MS);
  };
  tick();
  return stop;
}
