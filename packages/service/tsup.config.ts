import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

export default defineConfig(packageBuild(import.meta.url, { index: 'src/index.ts' }));
