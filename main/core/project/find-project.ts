import type { ProcessInfo } from '../types';
import { argvPaths, beforeNodeModules, foldersUp, isRoot, pathApi } from './project-paths';

/** What finding a project needs from the filesystem; see node-project-fs.ts for the real one. */
export interface ProjectFs {
  /**
   * The package.json in `dir`: `undefined` when there is none, else its `name` (null when the file
   * has no usable name or cannot be parsed: the folder is still a project).
   */
  packageName(dir: string): string | null | undefined;
}

export interface Project {
  /** The folder holding the package.json. */
  root: string;
  /** package.json's `name`, else the folder's name. */
  name: string;
  /** Where it was found: the process's cwd, or a path in its command line. */
  source: 'cwd' | 'argv';
}

function at(dir: string, fs: ProjectFs, source: Project['source']): Project | null {
  const name = fs.packageName(dir);
  if (name === undefined) return null;
  return { root: dir, name: name || pathApi(dir).basename(dir) || dir, source };
}

/** Walks up from `start`; inside node_modules, starts at the folder that holds it (a dependency is not the project). */
function walkUp(start: string, fs: ProjectFs, source: Project['source']): Project | null {
  for (const dir of foldersUp(beforeNodeModules(start) ?? start)) {
    const found = at(dir, fs, source);
    if (found) return found;
  }
  return null;
}

/**
 * The project of a process: the folder with package.json found from its cwd, else from the paths in
 * its argv (a script, a `node_modules/.bin/<tool>`, a `node_modules/<pkg>/…` file). A node_modules
 * path counts only where its folder has a package.json: a global npm install is nobody's project.
 */
export function projectOf(proc: Pick<ProcessInfo, 'cwd' | 'argv'>, fs: ProjectFs): Project | null {
  const cwd = proc.cwd && !isRoot(proc.cwd) ? proc.cwd : null;
  if (cwd) {
    const found = walkUp(cwd, fs, 'cwd');
    if (found) return found;
  }
  for (const path of argvPaths(proc.argv, cwd)) {
    const modules = beforeNodeModules(path);
    const found = modules ? at(modules, fs, 'argv') : walkUp(pathApi(path).dirname(path), fs, 'argv');
    if (found) return found;
  }
  return null;
}
