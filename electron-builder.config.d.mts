// Types for electron-builder.config.mjs (imported by test/packaging).
import type { Configuration } from 'electron-builder';
export declare const MSI_UPGRADE_CODE: string;
declare const config: Configuration;
export default config;
