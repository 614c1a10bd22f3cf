export { VERSION } from './version';

// errors
export { ToexError, hasMarker } from './errors/toex-error';
export type { ToexErrorOptions } from './errors/toex-error';
export { ConfigurationError } from './errors/configuration-error';
export { InputError, formatLocation } from './errors/input-error';
export type { InputLocation } from './errors/input-error';
export { BudgetExceededError } from './errors/budget-exceeded-error';
export type { BudgetScope } from './errors/budget-exceeded-error';
export { ToexAbortError } from './errors/abort-error';

// http + retry + secrets + logging

// pacing + events + store + manifest
