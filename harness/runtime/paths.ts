import * as os from 'node:os';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../../common/package-root';

/** The project root (where package.json lives), from the sources or the compiled dist/ alike. */
export const PROJECT_ROOT = PACKAGE_ROOT;

/** Python packages of the harness: awsglue, awsgluedq and stedi_glue (the job server). */
export const PYTHON_SOURCE_DIR = path.join(PROJECT_ROOT, 'harness', 'python');

/**
 * Where the provisioned runtime (Python venv, jars) is cached. Outside the repository by
 * default so several clones share one download; STEDI_CACHE_DIR overrides it.
 */
export function cacheRoot(): string {
  const configured = process.env.STEDI_CACHE_DIR;
  if (configured) return path.resolve(configured);
  const xdg = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(xdg, 'stedi-harness');
}
