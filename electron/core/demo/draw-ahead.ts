import type BetterSqlite3 from 'better-sqlite3';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { AppError } from '../errors';
import { HouseholdRowWriter } from '../households/write';
import { startThread } from '../thread-start';
import { NOT_STARTED, POSTED, TAKEN, type DrawMessage, type DrawnEnd, type DrawWorkerData } from './draw-protocol';

/** How long the building thread waits for the drawing thread's next batch (one takes seconds) before giving the build up. */
const BATCH_WAIT_MS = 600_000;

/**
 * The old communes' households drawn in a helper thread (draw-worker.ts) while this thread writes
 * them, for a large demo (the load used one core of two): the helper draws and maps them to rows,
 * this thread only writes. The rows are the ones insertHouseholds would write (households/write.ts
 * householdRowsOf, HouseholdRowWriter, the word indexes per round and commune), with the same ids,
 * in the same order: the data is the same as when this thread draws them itself.
 */
export class DrawAhead {
  private readonly flag = new Int32Array(new SharedArrayBuffer(8));
  private readonly port: MessagePort;
  private worker: Worker | null;
  private taken = 0;

  /** Null when there is no helper thread to start (an app built without its entry). */
  static start(args: Omit<DrawWorkerData['demoDraw'], 'flag' | 'port'>): DrawAhead | null {
    const ahead = new DrawAhead(args);
    return ahead.worker ? ahead : null;
  }

  private constructor(args: Omit<DrawWorkerData['demoDraw'], 'flag' | 'port'>) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const data: DrawWorkerData = { demoDraw: { ...args, flag: this.flag, port: port2 } };
    this.worker = startThread(import.meta.url, { bundled: 'demo-draw.js', source: 'draw-worker.ts' }, { ...data }, [port2], { flag: this.flag, index: POSTED, value: NOT_STARTED });
    if (!this.worker) port1.close();
    // Its failures come as messages (or as the flag at NOT_STARTED); the event is only for Node's sake.
    else this.worker.on('error', () => undefined);
  }

  /**
   * Writes the helper's rows as they come (the word indexes' rows at the end of each round's batch),
   * `onBatch` told of each message's households; returns what the build needs to go on. Throws
   * when the helper fails or stops answering (the caller's transaction then rolls back: no
   * half-built database). Call it inside a transaction.
   */
  load(sqlite: BetterSqlite3.Database, onBatch: (round: number, count: number) => void): DrawnEnd {
    const writer = new HouseholdRowWriter(sqlite);
    for (;;) {
      const m = this.next();
      if (m.kind === 'failed') throw new AppError('INTERNAL', `Không tạo được dữ liệu mẫu: luồng phụ gặp lỗi (${m.message})`);
      if (m.kind === 'end') return m;
      writer.write(m);
      // Once a round's batch, as insertHouseholds finishes: the word indexes end with the very
      // segments, and searches as fast, as when this thread draws the households itself.
      if (m.batchEnd) writer.finish();
      onBatch(m.round, m.count);
    }
  }

  /** The helper's next message, waited for (the build is synchronous: no event loop turns meanwhile). */
  private next(): DrawMessage {
    for (;;) {
      const posted = Atomics.load(this.flag, POSTED);
      if (posted === NOT_STARTED) throw new AppError('INTERNAL', 'Không tạo được dữ liệu mẫu: luồng phụ không khởi động được');
      if (posted > this.taken) {
        const m = receiveMessageOnPort(this.port)?.message as DrawMessage | undefined;
        if (m) {
          Atomics.store(this.flag, TAKEN, ++this.taken);
          Atomics.notify(this.flag, TAKEN);
          return m;
        }
        // Counted but not yet on the port: look again shortly.
        Atomics.wait(this.flag, POSTED, posted, 1);
        continue;
      }
      if (Atomics.wait(this.flag, POSTED, posted, BATCH_WAIT_MS) === 'timed-out') {
        throw new AppError('INTERNAL', 'Không tạo được dữ liệu mẫu: luồng phụ không trả lời');
      }
    }
  }

  /** Stops the helper (a build that failed here leaves it drawing, or waiting for this thread to read). */
  close(): void {
    Atomics.store(this.flag, TAKEN, 0x7fff_ffff); // "all read": a helper waiting to post goes on, and stops
    Atomics.notify(this.flag, TAKEN);
    this.port.close();
    void this.worker?.terminate();
    this.worker = null;
  }
}

