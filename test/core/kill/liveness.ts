import { createScanner } from '../../../main/core/scan';
import { isAlive } from '../../helpers/processes';

const scanner = createScanner();

/** Dead, or a zombie waiting for a parent that may never reap it (PID 1 in a container may not). */
export async function gone(pid: number): Promise<boolean> {
  return !isAlive(pid) || (await scanner.get(pid))?.state === 'zombie';
}
