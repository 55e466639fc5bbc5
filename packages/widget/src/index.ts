export { mount, type MountedWidget } from './mount.js';
export type { WidgetOptions } from './options.js';
export type { Strings } from './strings.js';
export { VERSION as version } from './version.js';
