import { execFile } from 'node:child_process';

/** Runs a command and returns its stdout; injected into the macOS and Windows adapters so tests feed recorded output. */
export type RunCommand = (cmd: string, args: string[]) => Promise<string>;

const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * A non-zero exit is not an error by itself: lsof exits 1 when nothing matched and `ps -p` exits 1
 * when one of the PIDs has gone, both with usable stdout. Only a command that could not start, or
 * one that failed with nothing on stdout but something on stderr, rejects.
 */
export const runCommand: RunCommand = (cmd, args) =>
  new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      {
        encoding: 'utf8',
        maxBuffer: MAX_OUTPUT,
        windowsHide: true,
        // C locale: `ps -o lstart` follows LC_TIME, and lsof/netstat messages stay in English.
        env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code === 'string') {
          reject(new Error(`${cmd} could not run (${error.code}): ${error.message}; is it installed and on PATH?`));
          return;
        }
        if (error && stdout.trim() === '' && stderr.trim() !== '') {
          reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr.trim().split('\n')[0]}`));
          return;
        }
        resolve(stdout);
      },
    );
  });
