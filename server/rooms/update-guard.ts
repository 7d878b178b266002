// Every incoming Yjs update is applied to a shadow copy of the room document first and checked there:
// shape and bounds (the shared validator), size, and permission (add vs manage; server-owned parts).
// A refused update never reaches the real document; the sender's socket is closed with the reason.
import type { beforeSyncPayload, Connection, Document, Extension, onDisconnectPayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/errors.ts';
import { LIMITS, ROOTS, historyArray, queueMap } from '../../shared/room/doc.ts';
import { entryProblem } from '../../shared/room/validate.ts';
import { CloseReason, type RoomContext } from './auth-extension.ts';

const SYNC_STEP_1 = 0;

type Changes = { added: Set<string>; removed: Set<string>; touched: Set<string>; serverOwned: boolean };
type Shadow = { doc: Y.Doc; sizeBytes: number; changes: Changes | null; follow: (u: Uint8Array) => void; source: Document };

function newShadow(source: Document): Shadow {
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  const shadow: Shadow = { doc, sizeBytes: Y.encodeStateAsUpdate(doc).byteLength, changes: null, follow: (u) => Y.applyUpdate(doc, u), source };
  queueMap(doc).observeDeep((events) => {
    const c = shadow.changes;
    if (!c) return;
    for (const ev of events) {
      if (ev.target === ev.currentTarget) {
        for (const [key, change] of ev.changes.keys) {
          if (change.action === 'add') c.added.add(key);
          else if (change.action === 'delete') c.removed.add(key);
          else c.touched.add(key);
        }
      } else c.touched.add(String(ev.path[0]));
    }
  });
  for (const name of ROOTS.filter((r) => r !== 'queue')) {
    const type = name === 'history' ? doc.getArray(name) : doc.getMap(name);
    type.observeDeep(() => { if (shadow.changes) shadow.changes.serverOwned = true; });
  }
  // Server writes and accepted client updates reach the shadow too (already-known structs are skipped).
  source.on('update', shadow.follow);
  return shadow;
}

export class UpdateGuard implements Extension {
  extensionName = 'jamroom-update-guard';
  private shadows = new Map<string, Shadow>();

  async beforeSync({ type, payload, connection, document, context }: beforeSyncPayload<RoomContext>) {
    if (type === SYNC_STEP_1 || connection.readOnly) return; // read-only writes are refused by Hocuspocus itself
    const problem = this.check(document, payload, context);
    if (problem) this.reject(connection, context, problem);
  }

  async onDisconnect({ document, clientsCount }: onDisconnectPayload) {
    if (clientsCount === 0) this.drop(document.name);
  }

  async afterUnloadDocument({ documentName }: { documentName: string }) {
    this.drop(documentName);
  }

  /** Why the update must be refused, or null. */
  check(document: Document, update: Uint8Array, ctx: RoomContext): string | null {
    let shadow = this.shadows.get(document.name);
    if (!shadow || shadow.source !== document) {
      if (shadow) this.drop(document.name);
      shadow = newShadow(document);
      this.shadows.set(document.name, shadow);
    }
    const changes: Changes = { added: new Set(), removed: new Set(), touched: new Set(), serverOwned: false };
    shadow.changes = changes;
    let problem: string | null = null;
    try {
      Y.applyUpdate(shadow.doc, update);
      problem = this.judge(shadow, changes, document, ctx, update.byteLength);
    } catch {
      problem = 'the update could not be decoded';
    } finally {
      shadow.changes = null;
    }
    if (problem) this.drop(document.name); // the shadow holds the refused update: rebuild it next time
    return problem;
  }

  private judge(shadow: Shadow, c: Changes, real: Document, ctx: RoomContext, updateBytes: number): string | null {
    for (const name of shadow.doc.share.keys()) if (!(ROOTS as readonly string[]).includes(name)) return `unknown root type ${name.slice(0, 40)}`;
    if (c.serverOwned) return 'playback, history and settings are written by the server: send a request instead';
    const queue = queueMap(shadow.doc);
    if (queue.size > LIMITS.queueEntries) return `the queue holds at most ${LIMITS.queueEntries} entries`;
    const perms = ctx.permissions;
    const me = ctx.actor?.id;
    const realQueue = queueMap(real);
    // A guest who signed up keeps their member id: entries they added as a guest are still theirs.
    const ownedByMe = (id: string) => {
      const m = realQueue.get(id);
      const by = m instanceof Y.Map ? m.get('addedBy') : undefined;
      return by !== undefined && (by === me || by === ctx.memberId);
    };
    let played: Set<string> | undefined;
    for (const id of c.added) {
      if (realQueue.has(id)) { c.touched.add(id); continue; }
      played ??= new Set(historyArray(real).toArray().map((h) => h.id));
      if (played.has(id)) return 'that entry id is already in the history';
      const value = queue.get(id);
      if (value === undefined) continue; // added and removed again within the update
      const p = entryProblem(value, id);
      if (p) return p;
      if (!perms?.add) return 'you may not add to this queue';
      if (value.get('addedBy') !== me) return 'addedBy must be your own id';
      if (value.get('unplayable') !== undefined) return 'unplayable is set by the server';
    }
    for (const id of c.touched) {
      const value = queue.get(id);
      if (value !== undefined) {
        const p = entryProblem(value, id);
        if (p) return p;
      }
      if (!c.added.has(id) || realQueue.has(id)) {
        if (!perms?.manage && !ownedByMe(id)) return 'you may only move your own entries';
        const before = realQueue.get(id);
        if (before instanceof Y.Map && value instanceof Y.Map && before.get('addedBy') !== value.get('addedBy')) return 'addedBy cannot change';
        if (before instanceof Y.Map && value instanceof Y.Map && before.get('unplayable') !== value.get('unplayable')) return 'unplayable is set by the server';
      }
    }
    for (const id of c.removed) {
      if (!c.added.has(id) && !perms?.manage && !ownedByMe(id)) return 'you may only remove your own entries';
    }
    shadow.sizeBytes += updateBytes;
    if (shadow.sizeBytes > LIMITS.docBytes) {
      shadow.sizeBytes = Y.encodeStateAsUpdate(shadow.doc).byteLength;
      if (shadow.sizeBytes > LIMITS.docBytes) return `the room document may not exceed ${LIMITS.docBytes} bytes`;
    }
    return null;
  }

  private reject(connection: Connection, context: RoomContext, problem: string): never {
    const reason = `${CloseReason[CloseCode.invalidUpdate]}: ${problem}`.slice(0, 120);
    connection.sendStateless(JSON.stringify({ type: 'refused', reason }));
    setTimeout(() => context.socket?.close(CloseCode.invalidUpdate, reason), 0);
    throw { code: CloseCode.invalidUpdate, reason };
  }

  private drop(name: string) {
    const s = this.shadows.get(name);
    if (!s) return;
    s.source.off('update', s.follow);
    s.doc.destroy();
    this.shadows.delete(name);
  }
}
