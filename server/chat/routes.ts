// Room chat over REST: the recent messages, for a member opening or coming back to the room.
import Router from '@koa/router';
import { requireActor } from '../auth/actor.ts';
import type { Deps } from '../deps.ts';
import { chatHistory } from './messages.ts';

export function chatRoutes(deps: Deps) {
  const router = new Router({ prefix: '/rooms' });

  router.get('/:code/messages', async (ctx) => {
    ctx.body = await chatHistory(deps, requireActor(ctx), ctx.params.code);
  });

  return router;
}
