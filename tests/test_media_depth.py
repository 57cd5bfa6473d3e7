"""16-bit, 32-bit and float images are scaled to 8 bits, never clipped: a mid-grey 16-bit
PNG is stored mid-grey (it was stored white)."""
import io

import pytest
from PIL import Image

from tests.images import deep_image, png_16bit, sha

HEADERS = {"X-Requested-With": "qzapp", "Content-Type": "application/octet-stream"}
SIZE = (64, 48)


def stored(api, data):
    """Upload data and return the photo the server stores, decoded."""
    response = api.client.put(f"/api/media/{sha(data)}", data=data, headers=HEADERS)
    assert response.status_code == 201, response.json
    photo = api.get(f"/media/{sha(data)}.jpg")
    assert photo.status_code == 200
    return Image.open(io.BytesIO(photo.data)).convert("RGB")


def halves(mode, left, right, size=SIZE):
    """An image of mode whose left half holds left and right half right."""
    image = Image.new(mode, size, right)
    image.paste(left, (0, 0, size[0] // 2, size[1]))
    return image


def grey(pixel):
    red, green, blue = pixel
    assert abs(red - green) <= 2 and abs(green - blue) <= 2, pixel
    return green


@pytest.mark.parametrize("make", [
    lambda: png_16bit(*SIZE, 0x8000),
    lambda: png_16bit(*SIZE, 0x8000, colour=True),
    lambda: deep_image(Image.new("I;16", SIZE, 0x8000), "PNG"),
    lambda: deep_image(Image.new("I;16", SIZE, 0x8000), "TIFF"),
    lambda: deep_image(Image.new("I;16B", SIZE, 0x8000), "TIFF"),
    lambda: deep_image(Image.new("I", SIZE, 0x8000), "TIFF"),
    lambda: deep_image(Image.new("F", SIZE, 0.5), "TIFF"),
], ids=["png16-grey", "png16-rgb", "I;16-png", "I;16-tiff", "I;16B-tiff", "I-tiff", "F-tiff"])
def test_mid_grey_stays_mid_grey(api, world, make):
    api.login("cadre")
    photo = stored(api, make())
    assert photo.size == SIZE
    assert abs(grey(photo.getpixel((10, 10))) - 128) <= 2


def test_sixteen_bit_tones_keep_their_order(api, world):
    api.login("cadre")
    ramp = Image.linear_gradient("L").rotate(90).resize((256, 32))   # dark left, light right
    ramp16 = ramp.convert("I").point(lambda v: v * 257).convert("I;16")   # 0 .. 65535
    photo = stored(api, deep_image(ramp16, "PNG"))
    tones = [grey(photo.getpixel((x, 16))) for x in (8, 128, 248)]
    assert tones[0] < 20 and abs(tones[1] - 128) < 10 and tones[2] > 235


@pytest.mark.parametrize("mode,bright,half", [("I", 1 << 20, 1 << 19), ("F", 4.0, 2.0)])
def test_brighter_than_white_is_scaled_not_clipped(api, world, mode, bright, half):
    api.login("cadre")
    photo = stored(api, deep_image(halves(mode, bright, half)))
    assert grey(photo.getpixel((10, 10))) >= 253
    assert abs(grey(photo.getpixel((54, 10))) - 128) <= 2


def test_wide_sixteen_bit_image_is_shrunk(api, world):
    api.login("cadre")
    photo = stored(api, deep_image(Image.new("I;16", (6600, 1000), 0x8000), "PNG"))
    assert photo.size == (1600, 242)
    assert abs(grey(photo.getpixel((800, 120))) - 128) <= 2
