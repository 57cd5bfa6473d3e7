// Photo thumbnails: from the blob kept on this phone when there is one (works offline and
// before upload), else the server's /media/<sha>.thumb.jpg (cached by the service worker).
import { mediaGet } from "./db.js";

/** Fill every <img data-sha> under root that has no picture yet. */
export async function fillThumbs(root, uid) {
  const images = [...root.querySelectorAll("img[data-sha]:not([src])")];
  await Promise.all(images.map(async (img) => {
    const sha = img.dataset.sha;
    const media = await mediaGet(uid, sha).catch(() => undefined);
    if (media?.blob) {
      const url = URL.createObjectURL(media.blob);
      // Once drawn the picture no longer needs its URL: free the memory it pins.
      img.addEventListener("load", () => URL.revokeObjectURL(url), { once: true });
      img.addEventListener("error", () => URL.revokeObjectURL(url), { once: true });
      img.src = url;
    } else {
      img.src = `/media/${sha}.thumb.jpg`;
    }
  }));
}
