"""Photo normalisation with Pillow: upright, no metadata, bounded size, JPEG."""
import io

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000          # well above any phone camera; stops decompression bombs
LONG_EDGE = 1600
THUMB_EDGE = 320
JPEG_QUALITY = 80
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "MPO", "HEIF"})


class BadImage(Exception):
    """Bytes that are not an image we accept; the message key says why."""

    def __init__(self, key, **values):
        super().__init__(key)
        self.key = key
        self.values = values


def open_image(data):
    """Decode bytes into a loaded RGB image, upright, or raise BadImage."""
    if len(data) > MAX_BYTES:
        raise BadImage("media.too_large", mb=MAX_BYTES // (1024 * 1024))
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError):
        raise BadImage("media.not_image") from None
    except Image.DecompressionBombError:
        raise BadImage("media.too_many_pixels") from None
    if image.format not in ACCEPTED_FORMATS:
        raise BadImage("media.not_image")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise BadImage("media.too_many_pixels")
    try:
        image.load()
    except (OSError, SyntaxError, ValueError):
        raise BadImage("media.corrupt") from None
    except Image.DecompressionBombError:
        raise BadImage("media.too_many_pixels") from None
    return _flatten(ImageOps.exif_transpose(image))


def _flatten(image):
    """RGB on white: transparency and palettes become plain colour."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def encode(image, edge):
    """A copy at most edge px on its long side, as progressive JPEG with no metadata."""
    copy = image.copy()
    copy.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    return out.getvalue(), copy.size


def normalise(data):
    """(photo bytes, (w, h), thumbnail bytes) from uploaded bytes, or raise BadImage."""
    image = open_image(data)
    photo, size = encode(image, LONG_EDGE)
    thumb, _ = encode(image, THUMB_EDGE)
    return photo, size, thumb
