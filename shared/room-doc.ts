// The room document: shape, readers, queue mutations, server playback transitions and the validator.
export * from './room/doc.ts';
export * from './room/mutations.ts';
export * from './room/playback.ts';
export * from './room/validate.ts';
export * from './room/protocol.ts';
export * from './room/permissions.ts';
