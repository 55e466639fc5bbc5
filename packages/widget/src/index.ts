export { ask, canAsk, consent, destroy, identify, init, mount, setMetadata } from './api.js';
export type { AskRefusal, AskResult, MountedWidget } from './api.js';
export { on } from './emitter.js';
export type { EventName, WidgetEvents } from './emitter.js';
export type { ConsentState, Corner, InitOptions, QuestionOptions, Theme, WidgetOptions } from './options.js';
export type { Strings } from './strings.js';
export type { WidgetError } from './widget-error.js';
export { VERSION as version } from './version.js';
