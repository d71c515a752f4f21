// Types for after-pack.mjs (imported by test/packaging).
import type { FuseConfig, FuseV1Options } from '@electron/fuses';
export declare const FUSES: Partial<Record<FuseV1Options, boolean>>;
export declare function fuseConfig(electronPlatformName: string, arch: number): FuseConfig;
export default function afterPack(context: unknown): Promise<void>;
