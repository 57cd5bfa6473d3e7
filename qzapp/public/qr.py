"""QR codes of the public side's addresses (posters, survey links), made with segno."""
import io

import segno


def svg(url, scale=4):
    """An inline <svg> element of url's QR code (error correction M: a creased or stained
    poster still reads), black on white with the quiet zone the standard asks for."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True, nl=False,
        title=None, omitsize=False)
    return out.getvalue().decode()


def png(url, scale=8):
    """The PNG bytes of url's QR code."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
