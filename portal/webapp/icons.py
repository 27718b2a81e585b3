"""The app's icons, drawn from the favicon's design (a white cross on the brand's dark blue), so
that they can be made again at other sizes: `flask webapp icons`."""

from __future__ import annotations

from pathlib import Path

from portal.webapp.shell import APPLE_TOUCH_ICON, ICONS, THEME_COLOUR, Icon

# favicon.svg draws on a 32-unit square: a cross 20 units wide with arms 6 units thick.
CROSS_SPAN, CROSS_BAR, CORNER = 20 / 32, 6 / 32, 6 / 32
# A maskable icon may be cut to any shape that holds the centre circle of 80% of its width
# (https://www.w3.org/TR/appmanifest/#icon-masks): its mark fits well inside that circle.
MASKABLE_SCALE = 0.6


def draw(icon: Icon):
    from PIL import Image, ImageDraw  # Pillow comes with WeasyPrint; only this command needs it

    size = icon.size
    # Drawn four times larger and scaled down: smooth edges without an anti-aliasing library.
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    full_bleed = icon.purpose == "maskable" or icon == APPLE_TOUCH_ICON
    if full_bleed:  # the platform cuts the shape; a transparent corner would show as black
        pen.rectangle((0, 0, big, big), fill=THEME_COLOUR)
    else:
        pen.rounded_rectangle(
            (0, 0, big - 1, big - 1), radius=round(big * CORNER), fill=THEME_COLOUR
        )
    scale = MASKABLE_SCALE if icon.purpose == "maskable" else 1.0
    span, bar = big * CROSS_SPAN * scale, big * CROSS_BAR * scale
    centre = big / 2
    pen.rectangle(
        (centre - bar / 2, centre - span / 2, centre + bar / 2, centre + span / 2), fill="white"
    )
    pen.rectangle(
        (centre - span / 2, centre - bar / 2, centre + span / 2, centre + bar / 2), fill="white"
    )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for icon in (*ICONS, APPLE_TOUCH_ICON):
        path = folder / icon.filename
        draw(icon).save(path, format="PNG", optimize=True)
        written.append(path)
    return written
