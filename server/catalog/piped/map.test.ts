// Mapping Piped answers to tracks, choosing the audio stream, and the v2 recommendation rules.
import { describe, expect, it } from 'vitest';
import { fixtures } from '../../../test/piped-server.ts';
import { distinctShelves, normaliseTitle, smartRecommendations } from '../discovery.ts';
import { albumFromDescription, itemsToTracks, itemToCollection, pickAudioStream, StreamsAnswerSchema, streamsToTrack } from './map.ts';

const search = fixtures.search as { items: unknown[] };
const trending = fixtures.trending as unknown[];
const streams = StreamsAnswerSchema.parse(fixtures.streams);

describe('Piped items → tracks', () => {
  it('takes the id from the url, drops " - Topic" and skips shorts and playlists', () => {
    const tracks = itemsToTracks(search.items);
    expect(tracks.map((t) => t.videoId)).toEqual(['Abcccccccc1', 'Abcccccccc2', 'Abcccccccc3', 'Abcccccccc4']);
    expect(tracks[0]).toEqual({
      videoId: 'Abcccccccc1', title: 'Lanterns', artist: 'Wren Hollow', album: null,
      thumbnailUrl: 'https://proxy.piped.example/vi/Abcccccccc1/hqdefault.jpg?host=i.ytimg.com', durationS: 180,
    });
    expect(tracks[2]!.artist).toBe('Velvet Transit');
  });

  it('skips live streams (duration -1) and shorts in trending, and items without a duration or id', () => {
    expect(itemsToTracks(trending).map((t) => t.title)).toEqual(['Satellite Heart', 'Paper Planes Again', 'Undertow']);
    expect(itemsToTracks([{ url: '/watch?v=Abcccccccc9', type: 'stream', title: 'x' }, { url: '/watch?v=bad', type: 'stream', title: 'y', duration: 100 }, 42, null])).toEqual([]);
  });

  it('maps album playlists and artist channels to collections', () => {
    expect(itemToCollection(search.items[5], 'music_albums')).toEqual({ kind: 'album', id: 'OLAK5uy_sample01', name: 'Lanterns - Single', artist: 'Wren Hollow', thumbnailUrl: 'https://proxy.piped.example/pl.jpg', trackCount: 2 });
    expect(itemToCollection({ url: '/channel/UCx1', type: 'channel', name: 'June Harper - Topic', thumbnail: null }, 'music_artists')).toMatchObject({ kind: 'artist', id: 'UCx1', name: 'June Harper' });
  });

  it('reads the album from an auto-generated description', () => {
    expect(streamsToTrack('Abcccccccc1', streams)).toMatchObject({ title: 'Lanterns', artist: 'Wren Hollow', album: 'Night Songs', durationS: 180 });
    expect(albumFromDescription('my vlog')).toBeNull();
    expect(streamsToTrack('Abcccccccc1', { ...streams, livestream: true })).toBeNull();
  });
});

describe('audio stream choice', () => {
  it('prefers opus/webm at the highest bitrate, m4a when asked', () => {
    expect(pickAudioStream(streams.audioStreams!)?.url).toContain('itag=251');
    expect(pickAudioStream(streams.audioStreams!, true)?.url).toContain('itag=140');
    expect(pickAudioStream([{ url: 'v', mimeType: 'video/mp4', videoOnly: true }])).toBeNull();
  });
});

describe('smart recommendations (v2)', () => {
  const seed = streamsToTrack('Abcccccccc1', streams)!;
  const related = itemsToTracks(streams.relatedStreams!);

  it('normalises titles so re-uploads collide', () => {
    expect(normaliseTitle('Lanterns (Official Music Video) [HD]')).toBe('lanterns');
    expect(normaliseTitle('Wren Hollow - Lanterns (feat. June Harper)', 'Wren Hollow')).toBe('lanterns');
    expect(normaliseTitle('Lanterns [Lyrics] ft. Someone')).toBe('lanterns');
    expect(normaliseTitle('Lanterns (Acoustic)')).toBe('lanterns acoustic');
  });

  it('drops the seed and its re-uploads, non-music lengths, and caps each artist at two', () => {
    const picked = smartRecommendations(seed, [seed, ...related, ...itemsToTracks(search.items)]);
    expect(picked.map((t) => t.title)).toEqual(['Harbour Song', 'Northbound', 'Porch Light', 'Slow Return', 'Field Notes', 'Undertow', 'Little Lanterns']);
    expect(picked.some((t) => t.videoId === seed.videoId)).toBe(false);
    expect(smartRecommendations(seed, [...related].reverse())).toEqual(smartRecommendations(seed, [...related].reverse()));
  });
});

describe('home shelves', () => {
  const track = (videoId: string, title: string, artist = 'Wren Hollow') => ({ videoId, title, artist, album: null, thumbnailUrl: null, durationS: 200 });
  const titles = (shelves: Array<{ id: string; tracks: Array<{ title: string }> }>) => shelves.map((s) => [s.id, s.tracks.map((t) => t.title)]);

  it('show each song once: a later shelf keeps only what the ones above it do not show, and goes when nothing is left', () => {
    const shelves = distinctShelves([
      { id: 'trending', tracks: [track('Abcccccccc1', 'Lanterns'), track('Abcccccccc2', 'Harbour Song'), track('Abcccccccc1', 'Lanterns')] },
      { id: 'chill', tracks: [track('Abcccccccc2', 'Harbour Song'), track('Abcccccccc3', 'Northbound')] },
      // Another upload of a song above (same artist), and the same id again.
      { id: 'focus', tracks: [track('Abcccccccc4', 'Lanterns (Official Video) [HD]'), track('Abcccccccc3', 'Northbound')] },
      { id: 'workout', tracks: [track('Abcccccccc5', 'Lanterns', 'Velvet Transit')] },
    ]);
    expect(titles(shelves)).toEqual([
      ['trending', ['Lanterns', 'Harbour Song']],
      ['chill', ['Northbound']],
      ['workout', ['Lanterns']],
    ]);
  });

  it('keep the first shelf that has tracks', () => {
    expect(titles(distinctShelves([{ id: 'empty', tracks: [] }, { id: 'new', tracks: [track('Abcccccccc1', 'Lanterns')] }]))).toEqual([['new', ['Lanterns']]]);
  });
});
