import { Inject, Injectable, ServiceUnavailableException, type OnApplicationShutdown } from '@nestjs/common';
import { DomainError } from '@pairline/domain';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Piscina from 'piscina';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { TaskOutcome } from './document-task';

/** Where the pool's threads load their tasks from; provided by the module that lists the tasks. */
export const DOCUMENT_WORKER_FILE = Symbol('DOCUMENT_WORKER_FILE');

/**
 * The tasks a thread can run, by name. Each feature adds its own by declaration merging
 * (`declare module '…/document-workers' { interface DocumentTaskRegistry { … } }`) beside the
 * task's code, so this module knows no feature and every call is still typed end to end.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DocumentTaskRegistry {}
type TaskName = keyof DocumentTaskRegistry & string;
type TaskInput<K extends TaskName> = DocumentTaskRegistry[K] extends (input: infer I) => unknown ? I : never;
type TaskValue<K extends TaskName> = DocumentTaskRegistry[K] extends (input: never) => infer O ? Awaited<O> : never;

/** Tasks waiting beyond this are refused with 503 rather than queued without bound. */
const MAX_QUEUED_TASKS = 64;

function workspaceRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'tsconfig.base.json'))) return dir;
  return process.cwd();
}

/**
 * The threads that read and write workbooks and PDFs. Node serves every request from one thread,
 * so a SCAL being parsed there would hold up everyone's pages for seconds; here it holds up only
 * the other documents waiting for a thread. Inputs and outputs are plain data (bytes are
 * transferred, not copied); a task's domain error comes back as the same DomainError.
 */
@Injectable()
export class DocumentWorkers implements OnApplicationShutdown {
  private readonly pool: Piscina;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(DOCUMENT_WORKER_FILE) filename: string) {
    // From source (tests, `npm run dev`), threads compile TypeScript as the main thread does.
    const fromSource = filename.endsWith('.ts');
    this.pool = new Piscina({
      filename,
      minThreads: 0,
      maxThreads: config.documents.workerThreads,
      idleTimeout: 60_000,
      maxQueue: MAX_QUEUED_TASKS,
      execArgv: fromSource ? ['-r', '@swc-node/register'] : [],
      // Tasks read no configuration: a thread's environment holds only what the compiler needs.
      env: fromSource ? { SWC_NODE_PROJECT: join(workspaceRoot(__dirname), 'tsconfig.base.json') } : {},
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
  }

  async run<K extends TaskName>(name: K, input: TaskInput<K>, transfer: ArrayBuffer[] = []): Promise<TaskValue<K>> {
    let outcome: TaskOutcome<TaskValue<K>>;
    try {
      outcome = await this.pool.run(input, { name, transferList: transfer });
    } catch (error) {
      if (error instanceof Error && /queue is at limit/i.test(error.message)) throw new ServiceUnavailableException('Too many documents are being read or written right now; try again in a minute.');
      throw error;
    }
    if (!outcome.ok) throw new DomainError(outcome.error.kind, outcome.error.code, outcome.error.message, outcome.error.details);
    return outcome.value;
  }

  /** Threads in use and tasks waiting, for health and metrics. */
  stats(): { threads: number; queued: number; completed: number } {
    return { threads: this.pool.threads.length, queued: this.pool.queueSize, completed: this.pool.completed };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }
}

/** Copies bytes into an ArrayBuffer of their own, so they can be transferred to a thread. */
export function transferable(bytes: Uint8Array): { bytes: Uint8Array; transfer: ArrayBuffer[] } {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return { bytes: copy, transfer: [copy.buffer] };
}
