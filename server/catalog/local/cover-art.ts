// Cover art for local tracks without embedded art (the generated demo library among them): an SVG drawn
// from the album's name (the artist's for a track without one), so every track of an album shares one
// cover and different albums look different. Deterministic: the same name always gives the same picture.
import { createHash } from 'node:crypto';

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** Up to two initials of a name ("Paper Lanterns" → "PL"). */
function initials(name: string): string {
  const words = name.normalize('NFKC').split(/[\s\-_.]+/).filter((w) => /\p{L}|\p{N}/u.test(w));
  return words.slice(0, 2).map((w) => [...w].find((c) => /\p{L}|\p{N}/u.test(c))!.toUpperCase()).join('') || '♪';
}

export function generatedCover(album: string | null, artist: string): string {
  const name = album || artist;
  const h = createHash('sha256').update(name.toLowerCase()).digest();
  const hue = (h[0] * 360) / 256;
  const hue2 = (hue + 40 + (h[1] % 140)) % 360;
  const shape = h[2] % 3;
  const rings = Array.from({ length: 3 + (h[3] % 3) }, (_, i) => {
    const r = 30 + i * (22 + (h[4 + i] % 14));
    return `<circle cx="${60 + (h[9] % 180)}" cy="${60 + (h[10] % 180)}" r="${r}" fill="none" stroke="hsl(${hue2} 80% 75%)" stroke-opacity="${(0.5 - i * 0.08).toFixed(2)}" stroke-width="${4 + (h[11 + i] % 10)}"/>`;
  }).join('');
  const stripes = Array.from({ length: 6 }, (_, i) => `<rect x="${-60 + i * 70}" y="-40" width="${18 + (h[12 + i] % 26)}" height="420" fill="hsl(${hue2} 75% 70%)" fill-opacity="0.28" transform="rotate(${20 + (h[18] % 50)} 150 150)"/>`).join('');
  const blobs = Array.from({ length: 4 }, (_, i) => `<circle cx="${h[20 + i] + 20}" cy="${h[24 + i] + 20}" r="${28 + (h[28 + i] % 60)}" fill="hsl(${(hue2 + i * 25) % 360} 80% 70%)" fill-opacity="0.35"/>`).join('');
  const art = [rings, stripes, blobs][shape];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 300" width="300" height="300" role="img" aria-label="${escapeXml(name)}">`
    + `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 60% 38%)"/><stop offset="1" stop-color="hsl(${(hue + 300) % 360} 55% 18%)"/></linearGradient></defs>`
    + `<rect width="300" height="300" fill="url(#g)"/>${art}`
    + `<text x="24" y="276" font-family="system-ui, sans-serif" font-size="54" font-weight="700" fill="#fff" fill-opacity="0.92">${escapeXml(initials(name))}</text>`
    + '</svg>';
}
