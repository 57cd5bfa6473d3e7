// Photos by hash: from the blob kept on this phone when there is one (works offline and
// before upload), else the server's /media/<sha>.jpg (cached by the service worker).
import { mediaGet } from "./db.js";

/** Show a photo in img: its thumbnail (/media/<sha>.thumb.jpg) unless large. */
export async function showPhoto(img, uid, sha, large = false) {
  const media = await mediaGet(uid, sha).catch(() => undefined);
  if (!media?.blob) {
    img.src = `/media/${sha}${large ? ".jpg" : ".thumb.jpg"}`;
    return;
  }
  const url = URL.createObjectURL(media.blob);
  // Once drawn the picture no longer needs its URL: free the memory it pins.
  img.addEventListener("load", () => URL.revokeObjectURL(url), { once: true });
  img.addEventListener("error", () => URL.revokeObjectURL(url), { once: true });
  img.src = url;
}

/** Fill every <img data-sha> under root that has no picture yet with its thumbnail. */
export async function fillThumbs(root, uid) {
  const images = [...root.querySelectorAll("img[data-sha]:not([src])")];
  await Promise.all(images.map((img) => showPhoto(img, uid, img.dataset.sha)));
}
