// Error codes and websocket close codes shared by server and client.
export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

export const ErrorCode = {
  badRequest: 'bad_request',
  invalidJson: 'invalid_json',
  validation: 'validation_failed',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  rateLimited: 'rate_limited',
  upstreamUnavailable: 'upstream_unavailable',
  dbUnavailable: 'database_unavailable',
  internal: 'internal_error',
} as const;

/**
 * Websocket close codes (4xxx mirrors HTTP where one exists). 4422 means "this update cannot be judged"
 * (undecodable, or waiting on data the room lacks): the client drops its local copy and starts over.
 */
export const CloseCode = {
  unauthorized: 4401,
  forbidden: 4403,
  roomNotFound: 4404,
  roomDeleted: 4410,
  /** The host removed this member from the room (rejoining needs the code again). */
  removed: 4460,
  messageTooBig: 4413,
  invalidUpdate: 4422,
  tooManyMessages: 4429,
  /** This address has too many sockets open (tabs, or a shared network): the client waits longer to retry. */
  tooManyConnections: 4430,
  /** The database is unreachable: retry shortly (the client reconnects on its own). */
  unavailable: 4503,
} as const;
