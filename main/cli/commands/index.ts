import type { Command } from '../context';
import { config } from './config';
import { ls } from './ls';
import { watch } from './watch';
import { who } from './who';

export const COMMANDS: Command[] = [ls, who, watch, config];
