import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root when run from source (tsx): electron/host/ is two levels down. */
export const REPO_ROOT = path.resolve(here, '..', '..');
export const RESOURCES_DIR = process.env.RASOAT_RESOURCES_DIR ?? path.join(REPO_ROOT, 'resources');
export const RENDERER_DIR = path.join(REPO_ROOT, 'out', 'renderer');
