import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onExitCleanup } from './child-processes';

/**
 * A temp directory owned by one started component (its log when none was configured, the
 * children's sandbox HOME, Spark's local dirs). Removed by `remove()` at stop, and on exit or
 * Ctrl-C if stop never ran, so runs leave no `stedi-moto-*` / `stedi-spark-*` behind.
 */
export class ScratchDir {
  private readonly unregister: () => void;
  private removed = false;

  private constructor(readonly path: string) {
    this.unregister = onExitCleanup(() => this.removeNow());
  }

  static create(prefix: string): ScratchDir {
    return new ScratchDir(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  }

  /** A subdirectory, created on first use. */
  dir(...segments: string[]): string {
    const dir = path.join(this.path, ...segments);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  remove(): void {
    this.unregister();
    this.removeNow();
  }

  private removeNow(): void {
    if (this.removed) return;
    this.removed = true;
    fs.rmSync(this.path, { recursive: true, force: true, maxRetries: 3 });
  }
}
