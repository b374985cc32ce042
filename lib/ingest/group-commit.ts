import "server-only";

interface Waiter<T> {
  items: T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: appends that arrive while a write is in flight are gathered
 * and written together by the next write, in one transaction. Each caller's
 * promise settles only when the write that holds its items has committed
 * (or failed), so an answer of "stored" is still only given after commit.
 * A lone request is written at once: no waiting is added at low load.
 */
export function groupCommit<T>(write: (items: T[]) => Promise<void>, maxItems = 5_000): (items: T[]) => Promise<void> {
  let queue: Waiter<T>[] = [];
  let writing = false;

  async function drain() {
    writing = true;
    while (queue.length > 0) {
      // Take whole callers up to maxItems (always at least one caller).
      let count = 0;
      let take = 0;
      while (take < queue.length && (take === 0 || count + queue[take]!.items.length <= maxItems)) {
        count += queue[take]!.items.length;
        take++;
      }
      const group = queue.slice(0, take);
      queue = queue.slice(take);
      try {
        await write(group.flatMap((waiter) => waiter.items));
        for (const waiter of group) waiter.resolve();
      } catch (error) {
        for (const waiter of group) waiter.reject(error);
      }
    }
    writing = false;
  }

  return (items) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ items, resolve, reject });
      if (!writing) void drain();
    });
}
