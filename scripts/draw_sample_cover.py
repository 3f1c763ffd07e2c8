"""Draws covers/lantern-keeper.jpg: a lighthouse at night, an original picture made with Pillow."""
import random
from pathlib import Path

import font_source_serif_pro as fonts
from PIL import Image, ImageDraw, ImageFilter, ImageFont

W, H = 1600, 2560
rng = random.Random(1871)  # fixed seed: the same picture every time
sky = Image.new("RGB", (W, H))
px = ImageDraw.Draw(sky)
for y in range(H):  # night sky: deep blue at the top to violet at the horizon
    t = min(1.0, y / (H * 0.62))
    px.line([(0, y), (W, y)], fill=(int(10 + 60 * t), int(16 + 30 * t), int(48 + 70 * t)))
for _ in range(260):  # stars
    x, y, r = rng.randrange(W), rng.randrange(int(H * 0.55)), rng.choice((1, 1, 2, 3))
    b = rng.randrange(170, 256)
    px.ellipse([x - r, y - r, x + r, y + r], fill=(b, b, min(255, b + 20)))

glow = Image.new("RGBA", (W, H), (0, 0, 0, 0))
g = ImageDraw.Draw(glow)
lamp = (1010, 1030)
for spread, alpha in ((260, 70), (150, 90)):  # two beams sweeping out of the lantern
    g.polygon([lamp, (-200, 760 - spread), (-200, 760 + spread)], fill=(255, 226, 140, alpha))
    right = [(W + 200, 1180 - spread // 2), (W + 200, 1180 + spread // 2)]
    g.polygon([lamp, *right], fill=(255, 226, 140, alpha // 2))
g.ellipse([lamp[0] - 120, lamp[1] - 120, lamp[0] + 120, lamp[1] + 120], fill=(255, 240, 190, 150))
glow = glow.filter(ImageFilter.GaussianBlur(18))
img = Image.alpha_composite(sky.convert("RGBA"), glow)
d = ImageDraw.Draw(img)

horizon = int(H * 0.62)
d.rectangle([0, horizon, W, H], fill=(14, 26, 44))  # the sea
for i in range(90):  # moonlit ripples
    y = horizon + 12 + int((i / 90) ** 1.6 * (H - horizon - 20))
    x = rng.randrange(-100, W)
    d.line([(x, y), (x + rng.randrange(60, 260), y)], fill=(60, 80, 120), width=rng.choice((2, 3, 4)))
rock = [(620, horizon + 40), (760, horizon - 90), (1260, horizon - 110), (1480, horizon + 60)]
d.polygon(rock, fill=(22, 22, 30))

# The tower: tapering white body, a red collar, the gallery rail and the lit lantern room.
base_y, top_y = horizon - 90, 1130
d.polygon([(900, base_y), (1120, base_y), (1070, top_y), (950, top_y)], fill=(226, 226, 220))
for k in range(1, 4):  # faint bands of weathering
    y = top_y + (base_y - top_y) * k // 4
    d.line([(930 - k * 4, y), (1090 + k * 4, y)], fill=(190, 190, 186), width=6)
d.rectangle([930, top_y - 40, 1090, top_y], fill=(150, 40, 36))
d.rectangle([915, top_y - 52, 1105, top_y - 40], fill=(40, 40, 44))
d.rectangle([950, lamp[1] - 55, 1070, top_y - 52], fill=(255, 222, 120))
for x in range(950, 1071, 30):
    d.line([(x, lamp[1] - 55), (x, top_y - 52)], fill=(70, 60, 40), width=4)
d.polygon([(940, lamp[1] - 55), (1080, lamp[1] - 55), (1010, lamp[1] - 125)], fill=(40, 40, 44))

serif = ImageFont.truetype(fonts.SourceSerifProSemibold, 150)
small = ImageFont.truetype(fonts.SourceSerifProIt, 84)
for text, font, y in (("The Lantern", serif, 230), ("Keeper", serif, 400), ("Mara Quill", small, 2330)):
    width = d.textlength(text, font=font)
    d.text(((W - width) / 2, y), text, font=font, fill=(246, 236, 210))

out = Path(__file__).resolve().parents[1] / "covers" / "lantern-keeper.jpg"
img.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=False)
print(out, out.stat().st_size)
