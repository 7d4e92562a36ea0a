import type { Command } from '../context';
import { runVerified } from './restart';

export const start: Command = {
  name: 'start',
  summary: 'start a free port from its recipe (or a command); exit 0 only when its owner is verified',
  usage: 'portwarden start <port> [--cwd DIR] [--json] [-- command…]',
  run: (args, ctx) => runVerified('start', args, ctx),
};
