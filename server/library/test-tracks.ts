// Test tracks with valid video ids and distinct metadata.
import type { Track } from '../../shared/api/track.ts';

export function testTrack(n: number): Track {
  const videoId = `vid${String(n).padStart(8, '0')}`;
  return { videoId, title: `Song ${n}`, artist: `Artist ${n % 7}`, album: null, thumbnailUrl: `https://img.example/${videoId}.jpg`, durationS: 120 + n };
}
