/**
 * In-memory coordination between one worker process's reminder jobs. None of it is needed for
 * correctness (PostgreSQL's row locks and the rows' states are); it keeps jobs made redundant by
 * another job's batch from costing database round trips, retries or connections.
 */

/**
 * Reminders this process committed as fired: their own jobs, which a batch made redundant,
 * answer from memory instead of the database. Only a hint: the row is the truth, and another
 * process's jobs still ask it. Bounded, oldest forgotten first.
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(ids: readonly string[]): void {
    for (const id of ids) this.ids.add(id);
    if (this.ids.size <= this.capacity) return;
    let excess = this.ids.size - this.capacity;
    for (const id of this.ids) {
      if (excess-- <= 0) break;
      this.ids.delete(id);
    }
  }
}

/**
 * Batches this process has under way, by the ids they hold: the job of a row that another job's
 * batch here is already seeing to waits for that batch in memory, rather than in PostgreSQL (or
 * failing and coming back after a backoff), then finds its id among the done ones.
 */
export class Underway {
  private readonly batches = new Map<string, Promise<void>>();

  has(id: string): boolean {
    return this.batches.has(id);
  }

  async settled(id: string): Promise<void> {
    await this.batches.get(id);
  }

  /** Holds `ids` until `run` ends; `run` is told to call `claim` with them once it knows them. */
  async run<T>(work: (claim: (ids: readonly string[]) => void) => Promise<T>): Promise<T> {
    let release!: () => void;
    const batch = new Promise<void>((resolve) => (release = resolve));
    let held: readonly string[] = [];
    try {
      return await work((ids) => {
        held = ids;
        for (const id of ids) this.batches.set(id, batch);
      });
    } finally {
      for (const id of held) if (this.batches.get(id) === batch) this.batches.delete(id);
      release();
    }
  }
}

/** At most `limit` pieces of work at once (each holding a database connection, say); the rest wait in turn. */
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so a newcomer cannot take it in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
