import type { DevState } from '../../harness/dev';
import type { DevCommandOptions } from './dev';

export async function watchAndRerun(_options: DevCommandOptions, _state: DevState): Promise<number> {
  return 0;
}
