"""One upload's memory is bounded: a JPEG is decoded at a reduced scale, and formats that
are decoded whole are held to fewer pixels."""
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from qzapp.media.images import BadImage, normalise
from tests.images import jpeg_claiming, pixel_bomb, webp

ROOT = Path(__file__).resolve().parent.parent
# What one upload may add to a worker's peak memory. A 49 MP phone JPEG took 564 MB when it
# was decoded whole and copied three times; decoded at 1/4 it takes about 30 MB, and the
# costliest JPEG within the caps (progressive, whose decoder holds the coefficients of the
# whole picture) about 155 MB. Four workers stay under 1 GB together.
PEAK_BOUND_MB = 200
MAKE = """import sys
from tests.images import phone_jpeg
open(sys.argv[1], "wb").write(phone_jpeg(8576, 5715, progressive=sys.argv[2] == "progressive"))
"""
MEASURE = """import json, re, sys
from qzapp.media.images import normalise
def peak_mb():  # this process's own high-water RSS (ru_maxrss would start at the parent's)
    status = open("/proc/self/status").read()
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024
data = open(sys.argv[1], "rb").read()
before = peak_mb()
photo, size, thumb = normalise(data)
grown = peak_mb() - before
open(sys.argv[2], "wb").write(photo)
print(json.dumps({"grown_mb": grown, "before_mb": before, "size": size}))
"""


def run(script, *args):
    """Run a Python script in a fresh interpreter, from the repository's root."""
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, check=True, timeout=120)
    return done.stdout


@pytest.mark.parametrize("kind", ["baseline", "progressive"])
def test_49_megapixel_jpeg_normalised_within_bound(tmp_path, kind):
    source, photo = tmp_path / "camera.jpg", tmp_path / "photo.jpg"
    run(MAKE, source, kind)
    measured = json.loads(run(MEASURE, source, photo))
    print(f"{kind} 8576x5715: peak RSS {measured['before_mb']:.0f} MB before,"
          f" grew {measured['grown_mb']:.0f} MB")
    assert measured["grown_mb"] < PEAK_BOUND_MB
    assert measured["size"] == [1066, 1600]             # upright: EXIF said turn 90°
    stored = Image.open(photo)
    assert stored.size == (1066, 1600)
    top, bottom = stored.getpixel((533, 100)), stored.getpixel((533, 1500))
    assert top[0] > 200 and top[2] < 60 and bottom[2] > 200 and bottom[0] < 60


@pytest.mark.parametrize("make,key", [
    (lambda: pixel_bomb(4001, 4000), "media.too_many_pixels"),      # PNG over 16 MP
    (lambda: webp(3163, 3162), "media.too_many_pixels"),            # WebP over 10 MP
    (lambda: jpeg_claiming(5200, 5200), "media.too_many_pixels"),   # progressive 4:4:4, 27 MP
    (lambda: jpeg_claiming(7100, 7100, progressive=False), "media.too_many_pixels"),  # 50.4 MP
], ids=["png-16mp", "webp-10mp", "progressive-444-27mp", "jpeg-50mp"])
def test_pixels_held_to_what_one_upload_may_decode(make, key):
    with pytest.raises(BadImage) as refused:
        normalise(make())
    assert refused.value.key == key


def test_png_just_within_its_cap_is_accepted():
    out = io.BytesIO()
    Image.new("L", (4000, 4000), 90).save(out, "PNG")
    assert normalise(out.getvalue())[1] == (1600, 1600)
