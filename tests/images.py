"""Test photos made with Pillow: a phone-like JPEG with EXIF GPS and rotation, and others."""
import hashlib
import io
import struct
import zlib

from PIL import Image

ORIENTATION = 0x0112
GPS_IFD = 0x8825


def phone_jpeg(width=400, height=200, orientation=6, progressive=False):
    """A landscape-stored JPEG whose EXIF says 'rotate 90° clockwise', with a GPS position.

    The left half is red and the right half blue, so uprightness can be checked:
    after rotation the top half must be red.
    """
    image = Image.new("RGB", (width, height), "blue")
    image.paste((255, 0, 0), (0, 0, width // 2, height))
    exif = image.getexif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "TestPhone"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (30.0, 39.0, 36.0), 3: "E", 4: (104.0, 4.0, 12.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95, progressive=progressive)
    return out.getvalue()


def png_with_alpha(size=(64, 48)):
    """A small transparent PNG."""
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 128, 0, 100)).save(out, "PNG")
    return out.getvalue()


def big_jpeg(width=4000, height=3000):
    """A large camera-sized JPEG."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(out, "JPEG", quality=70)
    return out.getvalue()


def pixel_bomb(width=100_000, height=100_000):
    """A tiny PNG whose header claims width x height pixels (a decompression bomb)."""
    out = io.BytesIO()
    Image.new("1", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = data.index(b"IHDR")
    data[ihdr + 4:ihdr + 12] = struct.pack(">II", width, height)
    data[ihdr + 17:ihdr + 21] = struct.pack(">I", zlib.crc32(bytes(data[ihdr:ihdr + 17])))
    return bytes(data)


def sha(data):
    """The SHA-256 hex digest phones use as a photo's name."""
    return hashlib.sha256(data).hexdigest()


def png_16bit(width, height, sample, colour=False):
    """A 16-bit-per-sample PNG (grey, or RGB when colour) with every sample set to sample,
    written by hand: Pillow cannot write 16-bit colour."""
    channels = 3 if colour else 1
    row = b"\x00" + struct.pack(">H", sample) * channels * width
    header = struct.pack(">IIBBBBB", width, height, 16, 2 if colour else 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(row * height)) + _png_chunk(b"IEND", b""))


def _png_chunk(kind, body):
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body)))


def deep_image(image, fmt="TIFF"):
    """A Pillow image of a deep mode (I;16, I, F ...) saved as fmt."""
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def jpeg_claiming(width, height, progressive=True, subsampling=0):
    """A small colour JPEG whose frame header claims width x height pixels (never decoded:
    refused on its header)."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(out, "JPEG", progressive=progressive,
                                          subsampling=subsampling)
    data = bytearray(out.getvalue())
    frame = data.index(b"\xff\xc2" if progressive else b"\xff\xc0")
    data[frame + 5:frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def webp(width, height):
    """A plain lossy WebP."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(out, "WEBP", quality=50)
    return out.getvalue()


def damaged_exif_jpeg():
    """phone_jpeg() with bytes of its EXIF block overwritten: Pillow reads the block, but
    cannot write it back (rewriting it once made the upload a 500)."""
    data = bytearray(phone_jpeg())
    start = data.index(b"Exif\x00\x00") + 6
    for offset, value in ((72, 236), (140, 199), (54, 40), (183, 132), (84, 254), (151, 56),
                          (11, 7)):
        data[start + offset] = value
    return bytes(data)
