// The room's authority over its document. A member's update that decodes is applied; in the same step,
// before anything is broadcast, compensate.ts undoes what the sender may not do with server edits, so the
// update and its compensation leave in one flush and every client, the sender included, ends in the same
// state. The sender is told in words what was undone. Only an update that cannot be judged is refused
// (4422): undecodable, or with parts waiting on data the room does not have — those parts are discarded,
// so nothing pending is ever completed later under someone else's write.
import type { beforeSyncPayload, Connection, Document, Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/errors.ts';
import { LIMITS } from '../../shared/room/doc.ts';
import type { ServerMessage } from '../../shared/room/protocol.ts';
import type { Logger } from '../log.ts';
import { CloseReason, type RoomContext } from './auth-extension.ts';
import { judge, undoneMessage, type Sender } from './compensate.ts';
import { SERVER_ORIGIN } from './persistence.ts';

const SYNC_STEP_1 = 0;
type Pending = { structs: unknown; ds: unknown };
type Watch = { sizeBytes: number; pendingBefore: Pending | null };
type ConnectionOrigin = { source: 'connection'; connection: Connection };
const fromConnection = (origin: unknown): origin is ConnectionOrigin => (origin as { source?: string } | null)?.source === 'connection';
const pendingOf = (doc: Y.Doc): Pending => ({ structs: doc.store.pendingStructs, ds: doc.store.pendingDs });

export class UpdateGuard implements Extension {
  extensionName = 'jamroom-update-guard';
  private watched = new WeakMap<Document, Watch>();
  /** Connections refused once: whatever they still send is ignored until their socket is gone. */
  private refused = new WeakSet<Connection>();
  constructor(private log?: Logger) {}

  async beforeSync({ type, payload, connection, document }: beforeSyncPayload<RoomContext>) {
    if (this.refused.has(connection)) throw { code: CloseCode.invalidUpdate, reason: CloseReason[CloseCode.invalidUpdate] };
    if (type === SYNC_STEP_1) return;
    const watch = this.watch(document);
    try {
      Y.decodeUpdate(payload);
    } catch {
      const reason = this.refuse(connection, 'the update could not be decoded');
      throw { code: CloseCode.invalidUpdate, reason };
    }
    watch.sizeBytes += payload.byteLength;
  }

  /** Listens to the document's transactions (once per loaded document). */
  private watch(doc: Document): Watch {
    let w = this.watched.get(doc);
    if (w) return w;
    w = { sizeBytes: Y.encodeStateAsUpdate(doc).byteLength, pendingBefore: null };
    this.watched.set(doc, w);
    const watch = w;
    doc.on('beforeTransaction', (tr: Y.Transaction) => {
      if (fromConnection(tr.origin)) watch.pendingBefore = pendingOf(doc);
    });
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (fromConnection(tr.origin)) this.judgeTransaction(doc, tr, tr.origin.connection, watch);
    });
    return w;
  }

  private judgeTransaction(doc: Document, tr: Y.Transaction, connection: Connection, watch: Watch) {
    const ctx = connection.context as RoomContext;
    const was = watch.pendingBefore ?? { structs: null, ds: null };
    watch.pendingBefore = null;
    const now = pendingOf(doc);
    const leftPending = now.structs !== was.structs || now.ds !== was.ds;
    if (leftPending) {
      // Parts that wait on data the room lacks would be completed later by someone else's write: drop them.
      doc.store.pendingStructs = was.structs as typeof doc.store.pendingStructs;
      doc.store.pendingDs = was.ds as typeof doc.store.pendingDs;
    }
    const sender: Sender = {
      ids: new Set([ctx.actor?.id, ctx.memberId].filter((x): x is string => !!x)),
      role: ctx.role ?? 'guest',
      permissions: ctx.permissions ?? { add: false, manage: false, control: false, chat: false },
    };
    const docTooBig = () => {
      if (watch.sizeBytes <= LIMITS.docBytes) return false;
      watch.sizeBytes = Y.encodeStateAsUpdate(doc).byteLength;
      return watch.sizeBytes > LIMITS.docBytes;
    };
    const { fixes, undone } = judge(doc, tr, sender, docTooBig);
    if (fixes.length) doc.transact((t) => { for (const fix of fixes) fix(t); }, SERVER_ORIGIN);
    const told = undone.filter((u) => u.action !== 'server');
    if (told.length) {
      const message: ServerMessage = { type: 'undone', message: undoneMessage(told), changes: told.map(({ why: _, ...c }) => c) };
      connection.sendStateless(JSON.stringify(message));
    }
    if (undone.length) this.log?.info({ room: doc.name, user: ctx.actor?.id, undone: undone.length }, 'room undid a change its sender may not make');
    if (leftPending) this.refuse(connection, 'part of the update waits on data the room does not have');
  }

  /** Closes the sender with 4422 (once): its client starts over from the room's copy. */
  private refuse(connection: Connection, problem: string): string {
    const reason = `${CloseReason[CloseCode.invalidUpdate]}: ${problem}`.slice(0, 120);
    if (this.refused.has(connection)) return reason;
    this.refused.add(connection);
    connection.sendStateless(JSON.stringify({ type: 'refused', reason } satisfies ServerMessage));
    const ctx = connection.context as RoomContext;
    setTimeout(() => ctx.socket?.close(CloseCode.invalidUpdate, reason), 0);
    return reason;
  }
}
