// The demo's drawing thread (draw-ahead.ts): draws the old communes' households (draw.ts), maps
// them to the rows insertHouseholds would write (households/write.ts householdRowsOf) and posts
// them, a few hundred households a message, to the building thread, which writes them while
// this thread draws the next. Never more than AHEAD messages wait unread (memory).
import { isMainThread, workerData } from 'node:worker_threads';
import { nowIso } from '../db/connection';
import { emptyHouseholdRows, householdRowsOf } from '../households/write';
import { demoStreams, drawCommunes } from './draw';
import { POSTED, TAKEN, type DrawMessage, type DrawWorkerData } from './draw-protocol';

const AHEAD = 16;
/**
 * Households a message: a few hundred keep the rows in flight small (memory) while a message's own
 * cost (its post and wake-up, well under a millisecond) stays negligible; a multiple of the
 * households a statement (households/write.ts), so that each message's households are whole statements.
 */
const CHUNK = 200;

function run({ plan, seed, roundIds, lastId, flag, port }: DrawWorkerData['demoDraw']): void {
  let posted = 0;
  const post = (m: DrawMessage): void => {
    // The building thread is at most AHEAD messages behind.
    for (let taken = Atomics.load(flag, TAKEN); posted - taken >= AHEAD; taken = Atomics.load(flag, TAKEN)) Atomics.wait(flag, TAKEN, taken);
    port.postMessage(m);
    Atomics.store(flag, POSTED, ++posted);
    Atomics.notify(flag, POSTED);
  };
  try {
    const streams = demoStreams(seed);
    let id = lastId;
    const continuing = drawCommunes(
      plan,
      streams,
      (round, forms) => {
        const now = nowIso();
        let rows = emptyHouseholdRows();
        let count = 0;
        for (const form of forms) {
          householdRowsOf(form, ++id, roundIds[round]!, now, rows);
          if (++count === CHUNK) {
            post({ kind: 'rows', round, count, batchEnd: false, ...rows });
            rows = emptyHouseholdRows();
            count = 0;
          }
        }
        post({ kind: 'rows', round, count, batchEnd: true, ...rows });
      },
      () => undefined,
    );
    post({ kind: 'end', continuing: [...continuing], ids: streams.ctx.ids.snapshot(), forms2025: streams.forms[2]!.state(), causes2025: streams.causes[2]!.state() });
  } catch (e) {
    post({ kind: 'failed', message: String((e as Error)?.message ?? e) });
  }
}

const data = (isMainThread ? undefined : workerData) as Partial<DrawWorkerData> | undefined;
if (data?.demoDraw) run(data.demoDraw);
