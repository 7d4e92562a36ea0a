import type { Command } from '../context';
import { config } from './config';
import { doctor } from './doctor';
import { free } from './free';
import { kill } from './kill';
import { ls } from './ls';
import { restart } from './restart';
import { start } from './start';
import { watch } from './watch';
import { who } from './who';

export const COMMANDS: Command[] = [ls, who, watch, kill, free, restart, start, config, doctor];
