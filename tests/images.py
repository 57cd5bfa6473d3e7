"""Test photos made with Pillow: a phone-like JPEG with EXIF GPS and rotation, and others."""
import hashlib
import io
import struct
import zlib

from PIL import Image

ORIENTATION = 0x0112
GPS_IFD = 0x8825


def phone_jpeg(width=400, height=200, orientation=6):
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
    image.save(out, "JPEG", exif=exif, quality=95)
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
