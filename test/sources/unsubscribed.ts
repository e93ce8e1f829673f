/** Test helper for the host sources: subscribe to a reading, unsubscribe at once, and see what leaked out after it. */
import type { Observable } from 'rxjs';

export interface Leftovers<T> {
  received: T[];
  errors: unknown[];
  /** Promise rejections nobody handled while we waited (a reading whose failure was dropped on the floor). */
  unhandled: unknown[];
}

export async function unsubscribedAtOnce<T>(reading: Observable<T>, waitMs = 100): Promise<Leftovers<T>> {
  const leftovers: Leftovers<T> = { received: [], errors: [], unhandled: [] };
  const onUnhandled = (reason: unknown): void => {
    leftovers.unhandled.push(reason);
  };
  process.on('unhandledRejection', onUnhandled);
  try {
    // What a reading done while it is subscribed (fromSynchronous) emitted before subscribe returned is not left over.
    let unsubscribed = false;
    reading.subscribe({
      next: (value) => { if (unsubscribed) leftovers.received.push(value); },
      error: (error: unknown) => { if (unsubscribed) leftovers.errors.push(error); },
    }).unsubscribe();
    unsubscribed = true;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return leftovers;
}
