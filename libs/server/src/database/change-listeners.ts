import type { EntityManager } from 'typeorm';

/**
 * A writer announces, inside its own transaction, what it changed; listeners act in that same
 * transaction. So a feature can follow another's writes (reminders follow due dates) without the
 * writer depending on it, and what the listener does commits or rolls back with the write.
 */
export class ChangeListeners<Change extends unknown[]> {
  private readonly listeners: ((manager: EntityManager, ...change: Change) => Promise<unknown>)[] = [];

  subscribe(listener: (manager: EntityManager, ...change: Change) => Promise<unknown>): void {
    this.listeners.push(listener);
  }

  async changed(manager: EntityManager, ...change: Change): Promise<void> {
    for (const listener of this.listeners) await listener(manager, ...change);
  }
}
