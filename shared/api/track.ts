import { z } from 'zod';

/** A playable track as the API and the room document carry it. `videoId` is a YouTube id or `local-…`. */
export const VideoIdSchema = z.string().regex(/^(?:[A-Za-z0-9_-]{11}|local-[a-f0-9]{8,40})$/, 'not a track id');

export const TrackSchema = z.object({
  videoId: VideoIdSchema,
  title: z.string().min(1).max(500),
  artist: z.string().max(500),
  album: z.string().max(500).nullish(),
  thumbnailUrl: z.string().max(2000).nullish(),
  durationS: z.number().int().min(0).max(24 * 3600),
});
export type Track = z.infer<typeof TrackSchema>;
