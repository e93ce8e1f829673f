/**
 * The parts of RxJS the agent uses, each from its own module. RxJS's index loads every one of its ~220 modules, about
 * 3 MiB of RSS in a process that needs ~70 of them (bench/footprint.bench.ts). The paths are RxJS's own exported
 * `rxjs/internal/*` entry points: the very classes and functions its index exports (test/rx.test.ts checks each one),
 * so values pass freely between this module and a caller's `rxjs`. The agent's code imports RxJS from here only.
 */
export { Observable } from 'rxjs/internal/Observable';
export { Subject } from 'rxjs/internal/Subject';
export { Subscription } from 'rxjs/internal/Subscription';
export type { MonoTypeOperatorFunction, OperatorFunction, SchedulerLike } from 'rxjs/internal/types';
export { asyncScheduler } from 'rxjs/internal/scheduler/async';
export { defer } from 'rxjs/internal/observable/defer';
export { EMPTY } from 'rxjs/internal/observable/empty';
export { from } from 'rxjs/internal/observable/from';
export { of } from 'rxjs/internal/observable/of';
export { throwError } from 'rxjs/internal/observable/throwError';
export { timer } from 'rxjs/internal/observable/timer';
export { catchError } from 'rxjs/internal/operators/catchError';
export { concatMap } from 'rxjs/internal/operators/concatMap';
export { exhaustMap } from 'rxjs/internal/operators/exhaustMap';
export { filter } from 'rxjs/internal/operators/filter';
export { finalize } from 'rxjs/internal/operators/finalize';
export { map } from 'rxjs/internal/operators/map';
export { mergeAll } from 'rxjs/internal/operators/mergeAll';
export { mergeMap } from 'rxjs/internal/operators/mergeMap';
export { reduce } from 'rxjs/internal/operators/reduce';
export { retry } from 'rxjs/internal/operators/retry';
export { share } from 'rxjs/internal/operators/share';
export { subscribeOn } from 'rxjs/internal/operators/subscribeOn';
export { switchMap } from 'rxjs/internal/operators/switchMap';
export { takeUntil } from 'rxjs/internal/operators/takeUntil';
export { tap } from 'rxjs/internal/operators/tap';
