import type { Command } from '../context';
import { config } from './config';
import { ls } from './ls';
import { who } from './who';

export const COMMANDS: Command[] = [ls, who, config];
