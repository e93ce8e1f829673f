/** Test helper for the host sources: subscribe to a reading, unsubscribe at once, and see what leaked out after. */
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
    reading.subscribe({ next: (value) => leftovers.received.push(value), error: (error: unknown) => leftovers.errors.push(error) }).unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return leftovers;
}
