// Photos from the camera: turned upright, scaled down to a long edge of 1600 px, encoded as
// JPEG and named by the SHA-256 of the bytes (the server stores and serves them by that hash).

const LONG_EDGE = 1600;
const QUALITY = 0.85;
const TYPE = "image/jpeg";

/** An upright drawable for the file: ImageBitmap where supported, else a decoded <img>. */
async function decode(file) {
  if (self.createImageBitmap) {
    try {
      return await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch { /* older Safari: no options, or cannot decode from a blob; try an <img> */ }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode(); // browsers draw <img> upright by its EXIF orientation
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

function toBlob(canvas) {
  return new Promise((resolve) => canvas.toBlob(resolve, TYPE, QUALITY));
}

/** The hex SHA-256 of a blob's bytes. */
export async function sha256(blob) {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** {sha, blob, width, height} of a picked photo, ready to keep and upload. */
export async function preparePhoto(file) {
  const image = await decode(file);
  const width = image.width;
  const height = image.height;
  const scale = Math.min(1, LONG_EDGE / Math.max(width, height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff"; // transparent pictures get a white background, as on the server
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  image.close?.();
  const blob = await toBlob(canvas);
  // A browser may hand back PNG (or nothing) for a type it cannot encode; refuse that.
  if (!blob || blob.type !== TYPE) throw new Error("photo encoding failed");
  return { sha: await sha256(blob), blob, width: canvas.width, height: canvas.height };
}
