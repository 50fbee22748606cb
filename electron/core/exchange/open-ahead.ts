import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { AppError } from '../errors';
import { startThread } from '../thread-start';
import { openPackageBytes } from './format';
import type { OpenAnswer, OpenRequest, OpenWorkerData } from './open-worker';

/** How long the caller waits for the helper thread's answer before opening the package itself. */
const ANSWER_WAIT_MS = 120_000;
/** The flag's values: waiting, an answer posted, the helper thread could not start. */
const WAITING = 0;
const DEAD = 2;

/**
 * A batch import's packages opened one ahead (scrypt, decryption and the seal's checks take about
 * half a second a commune's package): while the caller writes package i, a helper thread opens
 * package i + 1. The caller takes each package's clear bytes in order, synchronously; a refusal
 * (wrong passphrase, damaged, missing) comes back as the same AppError, thrown by `take`. With no
 * helper thread (or one that does not answer), each package is opened here, in turn: the same
 * bytes or the same refusal either way.
 */
export class PackageOpener {
  private worker: Worker | null = null;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private port: MessagePort | null = null;
  private pending: string | null = null;
  /** How many packages the helper thread opened (the others were opened here). */
  helped = 0;

  constructor(private readonly passphrase: string) {
    try {
      const { port1, port2 } = new MessageChannel();
      // The bundled exchange-open.js in the app, else open-worker.ts through tsx (thread-start.ts);
      // a thread that cannot load its sources sets the flag to DEAD.
      const data = { exchangeOpen: { flag: this.flag, port: port2 } } satisfies OpenWorkerData;
      const files = { bundled: 'exchange-open.js', source: 'open-worker.ts' };
      this.worker = startThread(import.meta.url, files, data, [port2], { flag: this.flag, index: 0, value: DEAD });
      if (this.worker) {
        this.worker.unref();
        // A helper thread that fails is simply not used: the packages are opened here.
        this.worker.on('error', () => undefined);
        this.port = port1;
      } else port1.close();
    } catch {
      this.worker = null;
    }
  }

  /** Starts opening `file` in the helper thread (when there is one and it is free). */
  ahead(file: string): void {
    if (!this.worker || !this.port || this.pending !== null || Atomics.load(this.flag, 0) === DEAD) return;
    Atomics.store(this.flag, 0, WAITING);
    this.pending = file;
    this.port.postMessage({ file, passphrase: this.passphrase } satisfies OpenRequest);
  }

  /** The clear bytes of `file`: the helper thread's when it opened it ahead, else opened here. Throws the package's refusal. */
  take(file: string): Buffer {
    const answer = this.pending === file ? this.answer() : null;
    if (!answer || answer.file !== file) return openPackageBytes(file, this.passphrase);
    this.helped++;
    if (answer.ok) return Buffer.from(answer.bytes, 0, answer.length);
    if (answer.code === null) throw new Error(answer.message);
    throw new AppError(answer.code, answer.message, answer.issues);
  }

  private answer(): OpenAnswer | null {
    this.pending = null;
    if (Atomics.wait(this.flag, 0, WAITING, ANSWER_WAIT_MS) === 'timed-out' || Atomics.load(this.flag, 0) === DEAD) {
      this.close();
      return null;
    }
    return (receiveMessageOnPort(this.port!)?.message as OpenAnswer | undefined) ?? null;
  }

  close(): void {
    this.port?.close();
    this.port = null;
    void this.worker?.terminate();
    this.worker = null;
  }
}
