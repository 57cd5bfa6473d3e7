"""Photo normalisation with Pillow: upright, no metadata, bounded size, JPEG.

Memory is bounded per upload: a JPEG is decoded at the smallest of libjpeg's scales (1/2,
1/4, 1/8) that still gives LONG_EDGE px, and every later step works on the shrunk image.
"""
import io

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
# The most pixels an image may have, by format. A JPEG is decoded at a reduced scale (a
# progressive one is bounded by MAX_COEFFICIENT_BYTES too); any other format is decoded
# whole and, at its peak, needs up to 11 bytes a pixel (an RGBA image, the premultiplied copy
# resizing makes, the palette image it came from), WebP up to 19 (libwebp's canvas and the
# frame it hands over besides). Measured, these caps hold one upload under 190 MB.
MAX_PIXELS = 50_000_000          # well above any phone camera; stops decompression bombs
MAX_WHOLE_PIXELS = 16_000_000    # screenshots and scans are well below it
FORMAT_MAX_PIXELS = {"JPEG": MAX_PIXELS, "MPO": MAX_PIXELS, "WEBP": 10_000_000}
# A progressive JPEG is decoded, at any scale, through the coefficients of the whole picture
# (2 bytes for each sample of each colour component): at most 150 MiB of them, which any
# 4:2:0 JPEG within MAX_PIXELS keeps, and a 4:4:4 one up to 26 MP.
MAX_COEFFICIENT_BYTES = 150 * 1024 * 1024
LONG_EDGE = 1600
THUMB_EDGE = 320
JPEG_QUALITY = 80
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "MPO", "HEIF"})
DRAFTABLE_FORMATS = frozenset({"JPEG", "MPO"})
ORIENTATION = 0x0112
# EXIF orientation -> the transpose that makes the picture upright (as ImageOps.exif_transpose).
UPRIGHT = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
           4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
           6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
           8: Image.Transpose.ROTATE_90}
LANCZOS = Image.Resampling.LANCZOS


class BadImage(Exception):
    """Bytes that are not an image we accept; the message key says why."""

    def __init__(self, key, **values):
        super().__init__(key)
        self.key = key
        self.values = values


def normalise(data):
    """(photo bytes, (w, h), thumbnail bytes) from uploaded bytes, or raise BadImage."""
    image = open_image(data)
    turn = _upright_turn(image)
    image = _to_rgb(_shrink(image, LONG_EDGE))
    if turn is not None:
        image = image.transpose(turn)
    photo, size = _jpeg(image), image.size
    image.thumbnail((THUMB_EDGE, THUMB_EDGE), LANCZOS)   # from the photo: no second decode
    return photo, size, _jpeg(image)


def open_image(data):
    """Decode bytes (a JPEG at the smallest scale that keeps LONG_EDGE px), or raise BadImage."""
    image = _identify(data)
    if image.format in DRAFTABLE_FORMATS:
        image.draft(None, _draft_request(image.size))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError):
        raise BadImage("media.corrupt") from None
    except Image.DecompressionBombError:
        raise BadImage("media.too_many_pixels") from None
    return image


def _identify(data):
    """The opened, not yet decoded image, if its format and pixel count are acceptable."""
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
    limit = FORMAT_MAX_PIXELS.get(image.format, MAX_WHOLE_PIXELS)
    if width * height > limit or _coefficient_bytes(image) > MAX_COEFFICIENT_BYTES:
        raise BadImage("media.too_many_pixels")
    return image


def _coefficient_bytes(image):
    """What libjpeg holds to decode a progressive JPEG (0 for any other image)."""
    if image.format not in DRAFTABLE_FORMATS or not image.info.get("progressive"):
        return 0
    h_max = max(h for _, h, _, _ in image.layer)
    v_max = max(v for _, _, v, _ in image.layer)
    samples = sum(h * v for _, h, v, _ in image.layer) / (h_max * v_max)
    return 2 * samples * image.width * image.height


def _draft_request(size):
    """The size to ask JPEG's draft() for: it scales down while both sides stay at least
    this large, and only the long side must keep LONG_EDGE px."""
    width, height = size
    return (LONG_EDGE, 1) if width >= height else (1, LONG_EDGE)


def _upright_turn(image):
    """The transpose its EXIF orientation asks for, read before conversions drop the file's
    tags (a TIFF keeps them there); a damaged EXIF block counts as none, not as a refusal."""
    try:
        return UPRIGHT.get(image.getexif().get(ORIENTATION))
    except (OSError, SyntaxError, ValueError, TypeError, KeyError):
        return None


def _shrink(image, edge):
    """The image at most edge px on its long side; resized in its own mode where that works."""
    if image.mode in ("1", "P", "PA"):   # Pillow resizes these by nearest neighbour only
        has_alpha = image.mode == "PA" or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else ("L" if image.mode == "1" else "RGB"))
    # reduce(), the first step of a thumbnail, has no 16-bit modes; resize alone does.
    gap = None if image.mode.startswith("I;16") else 2.0
    image.thumbnail((edge, edge), LANCZOS, reducing_gap=gap)
    return image


def _to_rgb(image):
    """RGB on white: deep samples scaled to 8 bits, transparency flattened."""
    image = _eight_bit(image)
    try:
        if image.mode in ("RGBA", "LA", "La", "RGBa"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            return background
        return image if image.mode == "RGB" else image.convert("RGB")
    except ValueError:   # a colour space Pillow cannot turn into RGB
        raise BadImage("media.not_image") from None


def _eight_bit(image):
    """16-bit, 32-bit and float samples as 8-bit grey, scaled rather than clipped: white
    is 65535 (1.0 for floats), or the brightest sample when one is brighter still."""
    if image.mode.startswith("I;16"):
        image = image.convert("I")
    if image.mode not in ("I", "F"):
        return image
    white = max(1.0 if image.mode == "F" else 65535, image.getextrema()[1])
    scale = 255 / white
    return image.point(lambda v: v * scale + 0.5).convert("L")   # + 0.5: round, not floor


def _jpeg(image):
    """The image as progressive JPEG with no metadata."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    return out.getvalue()
