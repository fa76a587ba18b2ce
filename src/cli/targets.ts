// Where a report may be written: a regular file or a missing path, and never one of the run's inputs.
import { statSync, type Stats } from 'node:fs';

/** What a path is, in words, for a file that is not a regular file. */
function kindOf(stat: Stats): string {
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Why `file` must not receive a report, or undefined when it may: a report replaces only a regular
 * file or takes a missing path, and never replaces one of the run's inputs. The target is followed
 * through symbolic links, and inputs are compared by device and inode, so `./x`, `x`, a link to x and
 * a hard link of x are all x. (A directory is left to the write, which says "the path is a directory".)
 */
export function refusedTarget(file: string, inputs: Array<{ path: string; what: string }>): string | undefined {
  let target: Stats;
  try {
    target = statSync(file);
  } catch {
    return undefined; // missing (or unreachable: the write says why)
  }
  if (target.isDirectory()) return undefined;
  if (!target.isFile()) return `the path is ${kindOf(target)}; reports are written to regular files only`;
  for (const input of inputs) {
    let stat: Stats;
    try {
      stat = statSync(input.path);
    } catch {
      continue;
    }
    if (stat.dev === target.dev && stat.ino === target.ino) return `the path is one of this run's inputs (${input.what}); a report never replaces an input`;
  }
  return undefined;
}
