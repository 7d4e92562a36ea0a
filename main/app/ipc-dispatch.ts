import type { z } from 'zod';
import { INVOKE_CHANNELS, type InvokeVerb } from '../../preload/contract';
import { fail } from '../core/service';
import type { Result } from '../core/service';
import type { InvokeHandlers } from './ipc-handlers';
import { REQUEST_SCHEMAS } from './ipc-schemas';
import { isTrustedSender } from './security';

export type InvokeDispatch = (verb: InvokeVerb, frameUrl: string | null | undefined, request: unknown) => Promise<Result<unknown>>;

/**
 * The one wrapper every handler goes through: sender checked once here, arguments parsed by the
 * verb's schema, and anything thrown turned into an error value (Electron would strip it).
 */
export function createInvokeDispatch(
  handlers: InvokeHandlers,
  trustedUrl: string,
  log: (message: string) => void = () => {},
): InvokeDispatch {
  return async (verb, frameUrl, request) => {
    const channel = INVOKE_CHANNELS[verb];
    if (!isTrustedSender(frameUrl, trustedUrl)) {
      log(`refused ${channel} from untrusted frame ${String(frameUrl)}`);
      return fail(
        'UNTRUSTED_SENDER',
        `${channel} was called from a page that is not Portwarden's inspector`,
        'Only the inspector window may use this API.',
      );
    }
    const parsed = REQUEST_SCHEMAS[verb].safeParse(request);
    if (!parsed.success) {
      return fail(
        'INVALID_ARGUMENT',
        `${channel}: ${describeIssues(parsed.error.issues)}`,
        'This is a bug in the caller: the request does not match the contract in preload/contract.ts.',
      );
    }
    try {
      const handler = handlers[verb] as (request: unknown) => Promise<Result<unknown>>;
      return await handler(parsed.data);
    } catch (err) {
      log(`${channel} failed: ${(err as Error).stack ?? String(err)}`);
      return fail(
        'INTERNAL',
        `${channel} failed: ${(err as Error).message ?? String(err)}`,
        'Try again; if it keeps failing, the app log has the details.',
      );
    }
  };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : 'request'}: ${i.message}`)
    .join('; ');
}
